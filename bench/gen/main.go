// Command gen writes a synthetic organisation of bare git repositories for
// the whole-run benchmark (bench/run.sh); bench/internal/org decides what
// each repository holds.
//
//	go run ./bench/gen -n 500 -out DIR -seed 1
//
// The same seed gives the same repositories and commits. An existing
// organisation is extended, not rebuilt: repositories already complete are
// kept, so the organisation of 1,000 contains that of 500.
//
// DIR gets repos/<group>/<name>.git (bare, one pack, HEAD on the default
// branch), repos.txt (one name per line, in index order) and repos.tsv
// (name, language, kind, files, bytes, commits).
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/scoredev/score/bench/internal/org"
)

func main() {
	n := flag.Int("n", 500, "number of repositories")
	out := flag.String("out", "", "output folder (required)")
	seed := flag.Uint64("seed", 1, "seed: the same seed gives the same repositories and commits")
	templates := flag.String("templates", filepath.Join("testdata", "repos"), "folder of fixture repositories used as templates")
	jobs := flag.Int("j", runtime.NumCPU(), "repositories written at once")
	tree := flag.Int("tree", 0, "instead: write one monorepo working tree of this many files into -out (no git)")
	flag.Parse()
	if *tree > 0 && *out != "" {
		if err := writeTree(*out, *seed, *templates, *tree); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		return
	}
	if *out == "" || *n < 1 || *jobs < 1 {
		fmt.Fprintln(os.Stderr, "usage: gen -n N -out DIR [-seed S] [-templates DIR] [-j JOBS]")
		os.Exit(2)
	}
	if err := run(*n, *out, *seed, *templates, *jobs); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(n int, out string, seed uint64, templateDir string, jobs int) error {
	start := time.Now()
	gitPath, err := exec.LookPath("git")
	if err != nil {
		return errors.New("git is not on PATH")
	}
	tmpls, err := org.LoadTemplates(templateDir)
	if err != nil {
		return err
	}
	root := filepath.Join(out, "repos")
	if err := os.MkdirAll(root, 0o755); err != nil {
		return err
	}
	plans := make([]*org.Plan, n)
	for i := range n {
		plans[i] = org.NewPlan(seed, i, tmpls)
	}
	stats := make([]org.Stats, n)
	var (
		mu    sync.Mutex
		errs  []error
		built int
		next  = make(chan int)
		wg    sync.WaitGroup
	)
	for range jobs {
		wg.Go(func() {
			for i := range next {
				st, fresh, err := org.Build(gitPath, root, plans[i])
				mu.Lock()
				stats[i] = st
				if err != nil {
					errs = append(errs, fmt.Errorf("%s: %w", plans[i].Name, err))
				} else if fresh {
					built++
				}
				mu.Unlock()
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	if len(errs) > 0 {
		return errors.Join(errs...)
	}

	var names, tsv bytes.Buffer
	tsv.WriteString("name\tlanguage\tkind\tfiles\tbytes\tcommits\n")
	var files, size int64
	for i, p := range plans {
		names.WriteString(p.Name + "\n")
		s := stats[i]
		fmt.Fprintf(&tsv, "%s\t%s\t%s\t%d\t%d\t%d\n", p.Name, p.Lang, p.Kind, s.Files, s.Bytes, p.Commits())
		files += int64(s.Files)
		size += s.Bytes
	}
	if err := os.WriteFile(filepath.Join(out, "repos.txt"), names.Bytes(), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "repos.tsv"), tsv.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: %d repositories (%d written now) with %d files, %.1f MiB, in %s\n",
		n, built, files, float64(size)/(1<<20), time.Since(start).Round(time.Millisecond))
	return nil
}
