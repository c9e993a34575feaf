package engine

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// hostileCheck writes a one-check policy whose violation rule has body.
func hostileCheck(t *testing.T, id, body string) string {
	t.Helper()
	dir := t.TempDir()
	pkg := strings.ReplaceAll(id, "-", "_")
	src := fmt.Sprintf(`# METADATA
# title: Hostile %[1]s
# custom:
#   id: hostile.%[1]s
#   category: test
#   level: bronze
#   weight: 1
#   remediation: Do not.
package score.checks.hostile.%[2]s

mb := concat("", [y | some j in numbers.range(1, 1024); y := %[3]q])

violation contains "built" if {
%[4]s
}
`, id, pkg, strings.Repeat("0123456789abcdef", 64), body)
	if err := os.WriteFile(filepath.Join(dir, pkg+".rego"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestAmplifyingBuiltinsRefused: each built-in asked for a result over
// the bound fails the check with a built-in error, before doing the work;
// the other checks of the repository are still evaluated.
func TestAmplifyingBuiltinsRefused(t *testing.T) {
	t.Parallel()
	tests := []struct{ id, body string }{
		{"concat", `x := concat("", [mb | some i in numbers.range(1, 5000)]); count(x) > 0`},
		{"sprintf-args", `x := sprintf("%v", [[mb | some i in numbers.range(1, 100)]]); count(x) > 0`},
		{"sprintf-width", `x := sprintf("%0999999999d", [1]); count(x) > 0`},
		{"sprintf-star", `x := sprintf("%*d", [999999999, 1]); count(x) > 0`},
		{"replace-empty", `x := replace(mb, "", mb); count(x) > 0`},
		{"replace-n", `x := strings.replace_n({"0": mb}, mb); count(x) > 0`},
		{"regex-replace", `x := regex.replace(mb, "", mb); count(x) > 0`},
		{"range", `x := numbers.range(1, 1000000000); count(x) > 0`},
		{"range-step", `x := numbers.range_step(1, 1000000000, 2); count(x) > 0`},
		{"json-marshal", `x := json.marshal([mb | some i in numbers.range(1, 100)]); count(x) > 0`},
		{"hex-chain", `x := hex.encode(hex.encode(hex.encode(hex.encode(hex.encode(mb))))); count(x) > 0`},
		{"array-concat", `a := [i | some i in numbers.range(1, 600000)]; x := array.concat(a, a); count(x) > 0`},
		{"lsh", `x := bits.lsh(1, 1000000000); x > 0`},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			t.Parallel()
			e := load(t, Options{DefaultFS: defaultsFS, Sources: []string{hostileCheck(t, tt.id, tt.body)}, Timeout: 10 * time.Minute})
			results, err := e.Evaluate(context.Background(), facts(t, nil))
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range results {
				switch {
				case r.CheckID == "hostile."+tt.id:
					if r.Outcome != Error || !(strings.Contains(r.Error, "bound on built-in results") || strings.Contains(r.Error, "not allowed")) {
						t.Errorf("outcome %s, error %q: want an error naming the bound", r.Outcome, r.Error)
					}
				case r.Outcome == Error:
					t.Errorf("innocent check %s: error %q", r.CheckID, r.Error)
				}
			}
		})
	}
}

// TestHeapWatchdog: a value built up over many small steps, none of them
// over a built-in bound, is stopped by the heap budget, not the deadline.
func TestHeapWatchdog(t *testing.T) {
	t.Parallel()
	dir := hostileCheck(t, "gradual", `x := [s | some i in numbers.range(1, 4000); s := concat("", [mb, format_int(i, 10)])]; count(x) > 0`)
	e := load(t, Options{DefaultFS: defaultsFS, Sources: []string{dir}, Timeout: 10 * time.Minute, MaxEvalMemory: 64 << 20})
	results, err := e.Evaluate(context.Background(), facts(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.CheckID == "hostile.gradual" && (r.Outcome != Error || !strings.Contains(r.Error, "grew the heap by more than 64 MiB")) {
			t.Errorf("outcome %s, error %q: want the heap budget error", r.Outcome, r.Error)
		}
	}
}

// TestHeapWatchdogBlamesCulprit: while one repository's check grows the
// heap past the budget, evaluations of other repositories running at the
// same time keep every outcome: the heap is process-wide, but a check
// stopped by it runs again alone before it is blamed. Not parallel: the
// heap is shared with the other tests.
func TestHeapWatchdogBlamesCulprit(t *testing.T) {
	dir := hostileCheck(t, "gradual", `x := [s | some i in numbers.range(1, 4000); s := concat("", [mb, format_int(i, 10)])]; count(x) > 0`)
	culprit := load(t, Options{DefaultFS: defaultsFS, Sources: []string{dir}, Timeout: 10 * time.Minute, MaxEvalMemory: 64 << 20})
	innocent := load(t, Options{DefaultFS: defaultsFS, Timeout: 10 * time.Minute, MaxEvalMemory: 64 << 20})
	input := facts(t, nil)
	done := make(chan []Result)
	go func() {
		results, _ := culprit.Evaluate(context.Background(), input)
		done <- results
	}()
	for n := 0; ; n++ {
		select {
		case results := <-done:
			for _, r := range results {
				if (r.CheckID == "hostile.gradual") != (r.Outcome == Error) {
					t.Errorf("culprit's engine: %s %s %q", r.CheckID, r.Outcome, r.Error)
				}
			}
			if n == 0 {
				t.Fatal("no evaluation ran beside the culprit")
			}
			return
		default:
		}
		results, err := innocent.Evaluate(context.Background(), input)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range results {
			if r.Outcome == Error {
				t.Fatalf("evaluation %d beside the culprit: %s: %s", n, r.CheckID, r.Error)
			}
		}
	}
}

func TestSizeChecksInstalled(t *testing.T) {
	t.Parallel()
	for name := range sizeChecks {
		if _, ok := ast.BuiltinMap[name]; !ok || topdown.GetBuiltin(name) == nil {
			t.Errorf("size check for %s, which this OPA version does not have", name)
		}
	}
}

// bombTarball writes a .tar.gz of files entries of size bytes each (zeros,
// which gzip shrinks a thousandfold).
func bombTarball(t *testing.T, files int, size int64) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "bomb.tar.gz")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	zeros := make([]byte, 1<<20)
	for i := range files {
		if err := tw.WriteHeader(&tar.Header{Name: fmt.Sprintf("/p%d.rego", i), Mode: 0o644, Size: size}); err != nil {
			t.Fatal(err)
		}
		for left := size; left > 0; {
			n := min(left, int64(len(zeros)))
			if _, err := tw.Write(zeros[:n]); err != nil {
				t.Fatal(err)
			}
			left -= n
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBundleBombRefused: a tarball that inflates past the bound, in one
// file or many, is refused with an error naming it.
func TestBundleBombRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files int
		size  int64
		want  string
	}{
		{"one huge file", 1, 70 << 20, "inflates to more than 64 MiB"},
		{"many small files", 11_000, 0, "more than 10000 files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := bombTarball(t, tt.files, tt.size)
			_, err := Load(context.Background(), Options{Sources: []string{p}})
			if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q naming %s", err, tt.want, p)
			}
		})
	}
}

// TestBoundsDocumented: docs/bounds.md names every bounded built-in.
func TestBoundsDocumented(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile(filepath.Join("..", "docs", "bounds.md"))
	if err != nil {
		t.Fatal(err)
	}
	for name := range sizeChecks {
		if !strings.Contains(string(doc), "`"+name+"`") {
			t.Errorf("docs/bounds.md does not name %s", name)
		}
	}
}
