package gittest

import (
	"net"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Server serves bare repositories over smart HTTP with git's own
// http-backend behind net/http/cgi, on loopback.
type Server struct {
	t    testing.TB
	URL  string
	Root string

	mu       sync.Mutex
	user     string
	password string
	failures []httpFailure
	requests []string
	auths    []string // Authorization header of each request, "" when none
}

type httpFailure struct {
	repo       string
	status     int
	retryAfter string
}

// ServerOption configures a Server.
type ServerOption func(*Server)

// WithBasicAuth makes the server answer 401 to any request without these
// credentials.
func WithBasicAuth(user, password string) ServerOption {
	return func(s *Server) { s.user, s.password = user, password }
}

// NewServer starts a git HTTP server; it stops when the test ends.
func NewServer(t testing.TB, opts ...ServerOption) *Server {
	t.Helper()
	RequireGit(t)
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not on PATH")
	}
	s := &Server{t: t, Root: t.TempDir()}
	for _, o := range opts {
		o(s)
	}
	backend := &cgi.Handler{
		Path: gitBin,
		Args: []string{"http-backend"},
		Root: "/",
		Env: append(gitEnv(),
			"GIT_PROJECT_ROOT="+s.Root,
			"GIT_HTTP_EXPORT_ALL=1",
		),
		InheritEnv: []string{"PATH"},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.Method+" "+r.URL.Path)
		s.auths = append(s.auths, r.Header.Get("Authorization"))
		user, password := s.user, s.password
		s.mu.Unlock()
		if user != "" {
			u, p, ok := r.BasicAuth()
			if !ok || u != user || p != password {
				w.Header().Set("WWW-Authenticate", `Basic realm="gittest"`)
				http.Error(w, "HTTP Basic: Access denied", http.StatusUnauthorized)
				return
			}
		}
		if f, ok := s.takeFailure(r.URL.Path); ok {
			if f.retryAfter != "" {
				w.Header().Set("Retry-After", f.retryAfter)
			}
			http.Error(w, http.StatusText(f.status), f.status)
			return
		}
		backend.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Add publishes repo as a bare repository named name (".git" is appended)
// and returns its clone URL. Call Add again to publish new commits.
func (s *Server) Add(name string, repo *Repo) string {
	s.t.Helper()
	bare := filepath.Join(s.Root, filepath.FromSlash(name)+".git")
	if _, err := os.Stat(bare); os.IsNotExist(err) {
		if err := os.MkdirAll(filepath.Dir(bare), 0o755); err != nil {
			s.t.Fatal(err)
		}
		Git(s.t, s.Root, "init", "-q", "--bare", "-b", "main", bare)
	}
	Git(s.t, repo.Dir, "push", "-q", "--force", "--prune", bare,
		"refs/heads/*:refs/heads/*", "refs/tags/*:refs/tags/*")
	head := Git(s.t, repo.Dir, "symbolic-ref", "HEAD")
	Git(s.t, bare, "symbolic-ref", "HEAD", head)
	return s.RepoURL(name)
}

// RepoURL is the clone URL of a published repository.
func (s *Server) RepoURL(name string) string { return s.URL + "/" + name + ".git" }

// Fail makes the next n requests for the named repository answer status
// (with a Retry-After header when retryAfter is not empty).
func (s *Server) Fail(name string, status, n int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures = append(s.failures, httpFailure{repo: "/" + name + ".git/", status: status, retryAfter: retryAfter})
	}
}

func (s *Server) takeFailure(path string) (httpFailure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.failures {
		if strings.HasPrefix(path, f.repo) {
			s.failures = append(s.failures[:i], s.failures[i+1:]...)
			return f, true
		}
	}
	return httpFailure{}, false
}

// Requests returns "METHOD /path" for every request served so far.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// CountRequests counts the requests whose path starts with prefix.
func (s *Server) CountRequests(prefix string) int {
	n := 0
	for _, r := range s.Requests() {
		if _, path, _ := strings.Cut(r, " "); strings.HasPrefix(path, prefix) {
			n++
		}
	}
	return n
}

// UnreachableURL returns an http URL on loopback where nothing listens, so
// that connecting is refused at once.
func UnreachableURL(t testing.TB, name string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	return "http://127.0.0.1:" + strconv.Itoa(port) + "/" + name + ".git"
}
