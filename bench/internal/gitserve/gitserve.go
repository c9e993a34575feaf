// Package gitserve serves a folder of bare git repositories over git's
// smart HTTP protocol (fetches only), the way the benchmark's loopback
// server needs it, in one of two ways:
//
//   - Direct answers each request with one `git upload-pack` process, as
//     GitLab's Gitaly does (InfoRefsUploadPack and PostUploadPack each run
//     one git command);
//   - CGI runs git's own `git http-backend` through net/http/cgi, as
//     internal/gittest does for tests: every request starts http-backend,
//     which starts upload-pack.
//
// Either way the git data (ref advertisement, negotiation, pack) comes from
// git itself; the two differ only in how many processes a request costs.
// Both count requests, so that a run can tell how many repositories a scan
// actually fetched.
package gitserve

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/cgi"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"sync/atomic"
)

// Mode is how requests are served.
type Mode string

// Modes.
const (
	Direct Mode = "direct"
	CGI    Mode = "cgi"
)

// Server is an http.Handler for the repositories under one folder.
type Server struct {
	root, gitBin string
	mode         Mode
	env          []string
	cgi          *cgi.Handler

	refs, packs, other atomic.Int64
}

// New serves the bare repositories under root (any depth, each NAME.git).
func New(root string, mode Mode) (*Server, error) {
	root, err := filepath.Abs(root) // the CGI runs elsewhere
	if err != nil {
		return nil, err
	}
	gitBin, err := exec.LookPath("git")
	if err != nil {
		return nil, fmt.Errorf("git is not on PATH: %w", err)
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") {
			env = append(env, kv)
		}
	}
	env = append(env, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
	s := &Server{root: root, gitBin: gitBin, mode: mode, env: env}
	switch mode {
	case Direct:
	case CGI:
		s.cgi = &cgi.Handler{
			Path: gitBin,
			Args: []string{"http-backend"},
			Root: "/",
			Env:  append(append([]string{}, env...), "GIT_PROJECT_ROOT="+root, "GIT_HTTP_EXPORT_ALL=1"),
		}
	default:
		return nil, fmt.Errorf("unknown mode %q: use %s or %s", mode, Direct, CGI)
	}
	return s, nil
}

// Stats are the requests served so far: ref advertisements (a clone's or
// an ls-remote's first request), upload-pack exchanges (fetches; protocol
// v2 also lists refs this way) and anything else.
func (s *Server) Stats() (refs, packs, other int64) {
	return s.refs.Load(), s.packs.Load(), s.other.Load()
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasSuffix(r.URL.Path, "/info/refs"):
		s.refs.Add(1)
	case strings.HasSuffix(r.URL.Path, "/git-upload-pack"):
		s.packs.Add(1)
	default:
		s.other.Add(1)
	}
	if s.mode == CGI {
		s.cgi.ServeHTTP(w, r)
		return
	}
	s.serveDirect(w, r)
}

func (s *Server) serveDirect(w http.ResponseWriter, r *http.Request) {
	var repo string
	var advertise bool
	switch p := r.URL.Path; {
	case r.Method == http.MethodGet && strings.HasSuffix(p, "/info/refs"):
		if r.URL.Query().Get("service") != "git-upload-pack" {
			http.Error(w, "only smart HTTP fetches are served", http.StatusForbidden)
			return
		}
		repo, advertise = strings.TrimSuffix(p, "/info/refs"), true
	case r.Method == http.MethodPost && strings.HasSuffix(p, "/git-upload-pack"):
		repo = strings.TrimSuffix(p, "/git-upload-pack")
	default:
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	dir, ok := s.repoDir(repo)
	if !ok {
		http.Error(w, "repository not found", http.StatusNotFound)
		return
	}
	protocol := r.Header.Get("Git-Protocol")
	args := []string{"upload-pack", "--stateless-rpc"}
	var body io.Reader
	if advertise {
		args = append(args, "--http-backend-info-refs")
		w.Header().Set("Content-Type", "application/x-git-upload-pack-advertisement")
	} else {
		body = r.Body
		if r.Header.Get("Content-Encoding") == "gzip" {
			gz, err := gzip.NewReader(r.Body)
			if err != nil {
				http.Error(w, "bad gzip body", http.StatusBadRequest)
				return
			}
			defer gz.Close()
			body = gz
		}
		w.Header().Set("Content-Type", "application/x-git-upload-pack-result")
	}
	w.Header().Set("Cache-Control", "no-cache")
	if advertise && !strings.Contains(protocol, "version=2") {
		// Protocol v0/v1 announce the service first (v2 does not).
		io.WriteString(w, pktLine("# service=git-upload-pack\n")+"0000")
	}
	cmd := exec.CommandContext(r.Context(), s.gitBin, append(args, dir)...)
	cmd.Env = s.env
	if protocol != "" {
		cmd.Env = append(append([]string{}, s.env...), "GIT_PROTOCOL="+protocol)
	}
	cmd.Stdin = body
	cmd.Stdout = w
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil && r.Context().Err() == nil {
		fmt.Fprintf(os.Stderr, "gitserve: %s %s: %v: %s\n", r.Method, r.URL.Path, err, strings.TrimSpace(stderr.String()))
	}
}

// repoDir maps a URL path to a bare repository under the root.
func (s *Server) repoDir(urlPath string) (string, bool) {
	clean := path.Clean("/" + urlPath)
	if clean == "/" || strings.Contains(clean, "/.") {
		return "", false
	}
	dir := filepath.Join(s.root, filepath.FromSlash(clean))
	if st, err := os.Stat(filepath.Join(dir, "HEAD")); err != nil || !st.Mode().IsRegular() {
		return "", false
	}
	return dir, true
}

func pktLine(s string) string { return fmt.Sprintf("%04x%s", len(s)+4, s) }
