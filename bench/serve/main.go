// Command serve serves a folder of bare git repositories over smart HTTP on
// loopback, with git's own http-backend behind net/http/cgi (what
// internal/gittest does for tests), for the whole-run benchmark.
//
//	go run ./bench/serve -root DIR/repos -url-file URL
//
// It writes its base URL (http://127.0.0.1:PORT) to -url-file once it
// listens, and serves until it is stopped. GET /_stats answers the number
// of requests so far, split into ref advertisements (clone or ls-remote)
// and upload-pack exchanges (a fetch), so that a run can tell how many
// repositories a scan actually cloned.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/cgi"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	root := flag.String("root", "", "folder of bare repositories (required)")
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	urlFile := flag.String("url-file", "", "write the base URL here once listening")
	flag.Parse()
	if *root == "" {
		fmt.Fprintln(os.Stderr, "usage: serve -root DIR [-addr HOST:PORT] [-url-file FILE]")
		os.Exit(2)
	}
	if err := run(*root, *addr, *urlFile); err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
}

func run(root, addr, urlFile string) error {
	root, err := filepath.Abs(root) // the CGI runs elsewhere
	if err != nil {
		return err
	}
	gitBin, err := exec.LookPath("git")
	if err != nil {
		return fmt.Errorf("git is not on PATH: %w", err)
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") {
			env = append(env, kv)
		}
	}
	backend := &cgi.Handler{
		Path: gitBin,
		Args: []string{"http-backend"},
		Root: "/",
		Env: append(env, "GIT_PROJECT_ROOT="+root, "GIT_HTTP_EXPORT_ALL=1",
			"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull),
	}
	var refs, packs, other atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_stats", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintf(w, "{\"info_refs\": %d, \"upload_pack\": %d, \"other\": %d}\n", refs.Load(), packs.Load(), other.Load())
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/info/refs"):
			refs.Add(1)
		case strings.HasSuffix(r.URL.Path, "/git-upload-pack"):
			packs.Add(1)
		default:
			other.Add(1)
		}
		backend.ServeHTTP(w, r)
	})

	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	url := "http://" + l.Addr().String()
	if urlFile != "" {
		if err := os.WriteFile(urlFile, []byte(url+"\n"), 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintln(os.Stderr, "serve: serving", root, "at", url)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(l); err != nil && err != http.ErrServerClosed {
		return err
	}
	return nil
}
