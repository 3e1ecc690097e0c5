// Command serve serves the built Backprop Lab app (the dist/ folder that
// `make dist` writes) for a browser on this machine.
//
// Usage:
//
//	serve [-dir dist] [-addr 127.0.0.1:8080]
//
// It listens on the loopback interface only unless -addr says otherwise,
// and then answers only requests for a loopback host (localhost,
// 127.0.0.1, ...), which keeps other web sites out (see server.Serve).
// If the default port is busy it tries the next few; an -addr given
// explicitly is used as it is. Once listening it prints one line,
//
//	Backprop Lab: serving dist at http://127.0.0.1:8080/
//
// and serves until interrupted (SIGINT or SIGTERM), then shuts down
// gracefully: requests in flight get server.ShutdownTimeout (5 s), then
// their connections are closed, and it exits with status 0. Bad flags or
// a missing folder print a one-line error and exit with status 2; a
// failure to listen or serve exits with status 1.
//
// An -addr beyond loopback serves the folder to the network: serve then
// warns on stderr and, for all interfaces (0.0.0.0 or ::), prints the URL
// on 127.0.0.1 followed by "and on every network interface".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/backprop-lab/backprop-lab/server"
)

// portsToTry is how many ports from the default one serve tries.
const portsToTry = 10

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// config is what the command line asks for.
type config struct {
	dir, addr    string
	addrExplicit bool // -addr was given: do not try other ports
}

// parseFlags parses args. It returns flag.ErrHelp for -h.
func parseFlags(args []string, usage io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(usage)
	fs.Usage = func() {
		fmt.Fprintln(usage, "usage: serve [-dir dist] [-addr 127.0.0.1:8080]")
		fs.PrintDefaults()
	}
	fs.StringVar(&c.dir, "dir", "dist", "folder to serve, as built by make dist")
	fs.StringVar(&c.addr, "addr", server.DefaultAddr, "address to listen on; loopback only by default, and if the default port is busy, the next free one")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	fs.Visit(func(f *flag.Flag) { c.addrExplicit = c.addrExplicit || f.Name == "addr" })
	if _, _, err := net.SplitHostPort(c.addr); err != nil {
		return c, fmt.Errorf("-addr %q: %v", c.addr, err)
	}
	return c, nil
}

// run is the command, apart from signal handling: it serves until ctx is
// done and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, io.Discard)
	if errors.Is(err, flag.ErrHelp) {
		parseFlags([]string{"-h"}, stdout)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "serve: %v (see serve -h)\n", err)
		return 2
	}
	if info, err := os.Stat(c.dir); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "serve: no folder %s: run make dist first\n", c.dir)
		return 2
	}
	if _, err := os.Stat(filepath.Join(c.dir, "index.html")); err != nil {
		fmt.Fprintf(stderr, "serve: no %s: run make dist first\n", filepath.Join(c.dir, "index.html"))
		return 2
	}
	errorLog := log.New(stderr, "serve: ", 0)
	h, err := server.New(c.dir, server.WithErrorLog(errorLog))
	if err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 2
	}

	var ln net.Listener
	if c.addrExplicit {
		ln, err = server.Listen(c.addr)
	} else {
		ln, err = server.ListenFirstFree(c.addr, portsToTry)
	}
	if err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 1
	}
	where := server.URL(ln)
	if !server.IsLoopback(ln) {
		if a, ok := ln.Addr().(*net.TCPAddr); ok && a.IP.IsUnspecified() {
			where += " and on every network interface" // URL shows the loopback address
		}
		fmt.Fprintf(stderr, "serve: warning: listening on %s, beyond loopback: anyone on the network who can reach this machine can read %s\n", ln.Addr(), c.dir)
	}
	fmt.Fprintf(stdout, "Backprop Lab: serving %s at %s\n", c.dir, where)
	if err := server.Serve(ctx, ln, h); err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 1
	}
	return 0
}
