// Command serve serves a folder of bare git repositories over smart HTTP on
// loopback for the whole-run benchmark (bench/internal/gitserve): by
// default one git upload-pack per request, as GitLab's Gitaly does, or with
// -mode cgi git's own http-backend behind net/http/cgi (what
// internal/gittest does for tests).
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
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/scoredev/score/bench/internal/gitserve"
)

func main() {
	root := flag.String("root", "", "folder of bare repositories (required)")
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	urlFile := flag.String("url-file", "", "write the base URL here once listening")
	mode := flag.String("mode", string(gitserve.Direct), "direct: one git upload-pack per request, as GitLab's Gitaly; cgi: git http-backend as CGI")
	flag.Parse()
	if *root == "" {
		fmt.Fprintln(os.Stderr, "usage: serve -root DIR [-mode direct|cgi] [-addr HOST:PORT] [-url-file FILE]")
		os.Exit(2)
	}
	if err := run(*root, *addr, *urlFile, gitserve.Mode(*mode)); err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
}

func run(root, addr, urlFile string, mode gitserve.Mode) error {
	git, err := gitserve.New(root, mode)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_stats", func(w http.ResponseWriter, _ *http.Request) {
		refs, packs, other := git.Stats()
		fmt.Fprintf(w, "{\"info_refs\": %d, \"upload_pack\": %d, \"other\": %d}\n", refs, packs, other)
	})
	mux.Handle("/", git)

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
	fmt.Fprintln(os.Stderr, "serve: serving", root, "at", url, "("+string(mode)+")")
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
