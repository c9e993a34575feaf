package gittest

import (
	"net"
	"strconv"
	"sync"
	"testing"
)

// Authorizations returns the Authorization header of every request served
// so far, in order ("" for a request without one), so that a test can
// check which server received a token.
func (s *Server) Authorizations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.auths...)
}

// HangingURL returns an http URL on loopback whose server accepts every
// connection and never answers, like a stuck proxy. Connections are closed
// when the test ends.
func HangingURL(t testing.TB, name string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return "http://127.0.0.1:" + strconv.Itoa(l.Addr().(*net.TCPAddr).Port) + "/" + name + ".git"
}
