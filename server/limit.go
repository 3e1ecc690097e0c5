package server

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// limitListener accepts at most cap(slots) connections at a time: while
// that many are open, Accept waits for one to close, and the clients
// beyond queue in the system's backlog instead of taking file
// descriptors. While it waits, it closes the connections idle for
// busyIdle or longer, since a kept-alive connection nobody is using
// should not keep a new client waiting.
type limitListener struct {
	net.Listener
	slots     chan struct{} // one token per open connection
	busyIdle  time.Duration
	done      chan struct{} // closed by Close
	closeOnce sync.Once

	mu   sync.Mutex
	idle map[net.Conn]time.Time // the idle connections, and since when
}

func newLimitListener(ln net.Listener, n int, busyIdle time.Duration) *limitListener {
	return &limitListener{
		Listener: ln,
		slots:    make(chan struct{}, n),
		busyIdle: busyIdle,
		done:     make(chan struct{}),
		idle:     map[net.Conn]time.Time{},
	}
}

// Accept waits for a free slot, then accepts a connection that frees it
// when closed.
func (l *limitListener) Accept() (net.Conn, error) {
	if err := l.acquire(); err != nil {
		return nil, err
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitConn{Conn: c, slots: l.slots}, nil
}

// acquire takes a slot, waiting for one if need be and meanwhile closing
// the connections idle for busyIdle or longer. It returns net.ErrClosed
// once the listener is closed.
func (l *limitListener) acquire() error {
	select {
	case l.slots <- struct{}{}:
		return nil
	case <-l.done:
		return net.ErrClosed
	default:
	}
	tick := time.NewTicker(max(l.busyIdle/4, time.Millisecond))
	defer tick.Stop()
	for {
		l.closeIdle(time.Now().Add(-l.busyIdle))
		select {
		case l.slots <- struct{}{}:
			return nil
		case <-l.done:
			return net.ErrClosed
		case <-tick.C:
		}
	}
}

// closeIdle closes the connections idle since before t.
func (l *limitListener) closeIdle(t time.Time) {
	var stale []net.Conn
	l.mu.Lock()
	for c, since := range l.idle {
		if since.Before(t) {
			stale = append(stale, c)
			delete(l.idle, c)
		}
	}
	l.mu.Unlock()
	for _, c := range stale {
		c.Close()
	}
}

// track is the http.Server's ConnState hook: it keeps the set of idle
// connections up to date.
func (l *limitListener) track(c net.Conn, s http.ConnState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if s == http.StateIdle {
		l.idle[c] = time.Now()
	} else {
		delete(l.idle, c)
	}
}

// Close closes the listener and ends the wait of Accept.
func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// limitConn is a connection holding a slot of a limitListener, which its
// first Close frees.
type limitConn struct {
	net.Conn
	slots chan struct{}
	once  sync.Once
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() { <-c.slots })
	return err
}
