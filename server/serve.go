package server

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// ShutdownTimeout is how long Serve waits for requests in flight once its
// context is done, unless a Config says otherwise.
const ShutdownTimeout = 5 * time.Second

// The defaults of Config's fields.
const (
	// A GET or HEAD is only its headers, a few hundred bytes that any
	// link delivers well within this.
	defaultReadTimeout = 10 * time.Second
	// The largest response, the 1.6 MB of gzipped training images,
	// takes this long at 110 kbit/s, slower than any link that could
	// load the page in a tolerable time.
	defaultWriteTimeout = 2 * time.Minute
	defaultIdleTimeout  = 2 * time.Minute
	// A browser sends a page's requests back to back, so a connection
	// silent this long is done with the page.
	defaultBusyIdleTimeout = time.Second
	// A connection holds at most four descriptors at a time (its
	// socket, the folder, a subfolder while looking a name up, the
	// file), so this many stay well within the usual limit of 1,024.
	defaultMaxConns = 200
)

// A Config holds the limits of a server, which bound what one client can
// hold on to: a connection that sends its request or reads its response
// too slowly, or sits idle, is closed once a timeout passes, and at most
// MaxConns connections are open at a time, so that a crowd of stalled
// clients waits its turn instead of running the process out of file
// descriptors. A zero field means its default.
type Config struct {
	// ReadTimeout bounds reading a request, its headers and body, from
	// its first byte or, on a new connection, from its opening
	// (default 10 s).
	ReadTimeout time.Duration
	// WriteTimeout bounds answering a request, from the end of its
	// headers to the last byte of the response (default 2 min).
	WriteTimeout time.Duration
	// IdleTimeout bounds how long a kept-alive connection waits for its
	// next request (default 2 min).
	IdleTimeout time.Duration
	// BusyIdleTimeout is IdleTimeout while MaxConns connections are
	// open and more wait (default 1 s).
	BusyIdleTimeout time.Duration
	// MaxConns bounds the connections open at a time (default 200).
	// More wait in the system's queue until one closes.
	MaxConns int
	// ShutdownTimeout bounds how long Serve waits for requests in
	// flight once its context is done (default ShutdownTimeout); it
	// then closes their connections.
	ShutdownTimeout time.Duration
}

// withDefaults returns c with its zero fields set to their defaults.
func (c Config) withDefaults() Config {
	set := func(d *time.Duration, def time.Duration) {
		if *d <= 0 {
			*d = def
		}
	}
	set(&c.ReadTimeout, defaultReadTimeout)
	set(&c.WriteTimeout, defaultWriteTimeout)
	set(&c.IdleTimeout, defaultIdleTimeout)
	set(&c.BusyIdleTimeout, defaultBusyIdleTimeout)
	set(&c.ShutdownTimeout, ShutdownTimeout)
	if c.MaxConns <= 0 {
		c.MaxConns = defaultMaxConns
	}
	return c
}

// Serve serves h on ln with the default Config until ctx is done, as
// Config.Serve does.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	return Config{}.Serve(ctx, ln, h)
}

// Serve serves h on ln within c's limits until ctx is done, then shuts
// down: it stops accepting, waits up to c.ShutdownTimeout for requests in
// flight, closes the connections still open, and returns nil. It returns
// other errors from serving as they happen. Serve closes ln.
//
// On a loopback listener (IsLoopback), Serve answers only requests whose
// host is a loopback name or address (localhost, *.localhost, 127.0.0.0/8,
// ::1, with any port); others get 421 Misdirected Request, which keeps a
// web page that re-points its own name at 127.0.0.1 (DNS rebinding) from
// reading the folder. Beyond loopback the network reaches the server
// under names Serve cannot know, so it answers any host.
func (c Config) Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	c = c.withDefaults()
	if IsLoopback(ln) {
		h = loopbackOnly(h)
	}
	limited := newLimitListener(ln, c.MaxConns, c.BusyIdleTimeout)
	srv := &http.Server{
		Handler:      h,
		ReadTimeout:  c.ReadTimeout, // and, with no ReadHeaderTimeout, the headers' time
		WriteTimeout: c.WriteTimeout,
		IdleTimeout:  c.IdleTimeout,
		ConnState:    limited.track,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(limited) }()
	select {
	case err := <-errc:
		limited.Close()
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), c.ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		// A client stalled mid-request: the grace period is over, which
		// is how it ends, not a failure to report.
		err = srv.Close()
	}
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
