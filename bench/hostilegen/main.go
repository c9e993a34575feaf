// Command hostilegen builds the organisation of bench/hostile.sh: 50 bare
// repositories of which 10 must become error rows and the rest must be
// scored, the hostile ones at the sizes issue 17 reported (a 1 GiB blob, a
// 20,000-level tree, 40 local includes of 1 MB, an ARG bomb). The
// repositories come from internal/hostile, the same builders the tests use
// at small sizes.
//
//	go run ./bench/hostilegen -out DIR            # DIR/repos/*.git and DIR/expect.txt
//	go run ./bench/hostilegen -out DIR -small     # test sizes, for a quick run
//	go run ./bench/hostilegen -serve-bad -url-file FILE
//
// DIR/expect.txt lists "PATH KIND" per repository: PATH is a repository
// path under the git server's base URL (served from DIR/repos) or under the
// bad server's (-serve-bad: /hang/ accepts and never answers, /broken/
// answers 500, /html/ answers a web page), or "closed:NAME" for a port
// where nothing listens; KIND is scored or error.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/scoredev/score/internal/hostile"
)

func main() {
	out := flag.String("out", "", "folder to build the organisation in")
	small := flag.Bool("small", false, "test sizes instead of the issue's")
	serveBad := flag.Bool("serve-bad", false, "serve the misbehaving git server until stopped")
	urlFile := flag.String("url-file", "", "with -serve-bad: write the base URL here")
	flag.Parse()
	var err error
	switch {
	case *serveBad:
		err = serve(*urlFile)
	case *out != "":
		err = build(*out, *small)
	default:
		err = fmt.Errorf("usage: hostilegen -out DIR [-small] | -serve-bad -url-file FILE")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "hostilegen:", err)
		os.Exit(1)
	}
}

// serve answers /hang/ never, /broken/ with 500 and /html/ with a page.
func serve(urlFile string) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	if err := os.WriteFile(urlFile, []byte("http://"+l.Addr().String()+"\n"), 0o644); err != nil {
		return err
	}
	return http.Serve(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/hang/"):
			<-r.Context().Done()
		case strings.HasPrefix(r.URL.Path, "/broken/"):
			http.Error(w, "internal server error", http.StatusInternalServerError)
		default:
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body>Welcome to nginx!</body></html>\n")
		}
	}))
}

type sizes struct {
	blob            int64
	depth           int
	includes, bytes int
}

func build(dir string, small bool) error {
	sz := sizes{blob: 1 << 30, depth: 20_000, includes: 40, bytes: 1_000_000}
	if small {
		sz = sizes{blob: 4 << 20, depth: 300, includes: 12, bytes: 512 << 10}
	}
	repos := filepath.Join(dir, "repos")
	if err := os.MkdirAll(repos, 0o755); err != nil {
		return err
	}
	work, err := os.MkdirTemp(dir, "work-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	var expect []string
	add := func(path, kind string) { expect = append(expect, path+" "+kind) }

	// Ten error rows.
	for name, entry := range map[string]string{"bad-dot": ".", "bad-dotdot": "..", "bad-slash": "a/b", "bad-git": ".git", "bad-empty": ""} {
		w := filepath.Join(work, name)
		if _, err := hostile.BadTreeEntryRepo(w, entry); err != nil {
			return err
		}
		if err := os.CopyFS(filepath.Join(repos, "hostile", name+".git"), os.DirFS(filepath.Join(w, ".git"))); err != nil {
			return err
		}
		add("hostile/"+name+".git", "error")
	}
	add("/hang/hostile/hanging.git", "error")
	add("/broken/hostile/broken-server.git", "error")
	add("/html/hostile/not-git.git", "error")
	add("closed:hostile/unreachable.git", "error")
	add("hostile/deleted.git", "error") // listed, but not on the server: 404

	// Hostile repositories that must be scored.
	big := filepath.Join(work, "big-blob")
	if _, err := hostile.BigBlobRepo(big, sz.blob); err != nil {
		return err
	}
	deep := filepath.Join(work, "deep-tree")
	if _, err := hostile.DeepTreeRepo(deep, sz.depth); err != nil {
		return err
	}
	for name, w := range map[string]string{"big-blob": big, "deep-tree": deep} {
		if err := os.CopyFS(filepath.Join(repos, "hostile", name+".git"), os.DirFS(filepath.Join(w, ".git"))); err != nil {
			return err
		}
		add("hostile/"+name+".git", "scored")
	}
	trees := map[string]func(string) error{
		"include-flood": func(w string) error { return hostile.IncludeFlood(w, sz.includes, sz.bytes) },
		"outside-links": func(w string) error { return hostile.OutsideLinks(w, filepath.Join(work, "outside")) },
		"arg-bomb": func(w string) error {
			return copyFile("testdata/hostile/arg-bomb/Dockerfile", filepath.Join(w, "Dockerfile"))
		},
		"yaml-bomb": func(w string) error {
			return copyFile("testdata/hostile/yaml-bomb/.gitlab-ci.yml", filepath.Join(w, ".gitlab-ci.yml"))
		},
	}
	for name, fill := range trees {
		w := filepath.Join(work, name)
		if err := os.MkdirAll(w, 0o755); err != nil {
			return err
		}
		if err := fill(w); err != nil {
			return err
		}
		if err := commitBare(w, filepath.Join(repos, "hostile", name+".git")); err != nil {
			return err
		}
		add("hostile/"+name+".git", "scored")
	}

	// Ordinary services for the rest.
	for i := 0; len(expect) < 50; i++ {
		name := fmt.Sprintf("svc-%02d", i)
		w := filepath.Join(work, name)
		files := map[string]string{
			"README.md":      "# " + name + "\n\nThe " + name + " service.\n",
			"go.mod":         "module example.com/" + name + "\n\ngo 1.22\n",
			"main.go":        "package main\n\nfunc main() {}\n",
			"main_test.go":   "package main\n\nimport \"testing\"\n\nfunc TestMain(t *testing.T) {}\n",
			"Dockerfile":     "FROM golang:1.22.5 AS build\nRUN go build -o /app .\n\nFROM debian:12.6-slim\nCOPY --from=build /app /app\nUSER app\n",
			".gitlab-ci.yml": "test:\n  image: golang:1.22\n  script:\n    - go test ./...\n",
		}
		for p, content := range files {
			if err := os.MkdirAll(filepath.Dir(filepath.Join(w, p)), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(w, p), []byte(content), 0o644); err != nil {
				return err
			}
		}
		if err := commitBare(w, filepath.Join(repos, "acme", name+".git")); err != nil {
			return err
		}
		add("acme/"+name+".git", "scored")
	}
	return os.WriteFile(filepath.Join(dir, "expect.txt"), []byte(strings.Join(expect, "\n")+"\n"), 0o644)
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}

// commitBare commits the working tree w (links as links) and clones it
// bare to bare.
func commitBare(w, bare string) error {
	when := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC).Format(time.RFC3339)
	env := append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_AUTHOR_NAME=bench", "GIT_AUTHOR_EMAIL=bench@example.invalid", "GIT_AUTHOR_DATE="+when,
		"GIT_COMMITTER_NAME=bench", "GIT_COMMITTER_EMAIL=bench@example.invalid", "GIT_COMMITTER_DATE="+when)
	for _, args := range [][]string{
		{"-C", w, "init", "-q", "-b", "main"},
		{"-C", w, "add", "-A"},
		{"-C", w, "commit", "-q", "-m", "init"},
		{"clone", "-q", "--bare", w, bare},
	} {
		cmd := exec.Command("git", args...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return nil
}
