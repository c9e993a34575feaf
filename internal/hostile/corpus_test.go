package hostile

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// root is the repository root, from this package's folder.
const root = "../.."

var (
	testRef  = regexp.MustCompile("`([a-z][a-z0-9/]*)\\.(Test[A-Za-z0-9_]+)`")
	funcRef  = regexp.MustCompile("`(hostile|gittest|collect)\\.([A-Z][A-Za-z0-9]+)`")
	inputRef = regexp.MustCompile("`([a-z0-9-]+/[^` ]+)`")
)

// sourceOf is the source of the .go files of dir (tests only, or no tests).
func sourceOf(t *testing.T, dir string, tests bool) string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(root, dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") != tests {
			continue
		}
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.String()
}

// TestCorpusReadmeIsHonest: every row of testdata/hostile/README.md names
// tests that exist, inputs that exist, and together the rows cover every
// item of the issue.
func TestCorpusReadmeIsHonest(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, "testdata", "hostile", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	pkgDirs := map[string]string{"hostile": "internal/hostile", "gittest": "internal/gittest", "collect": "collect"}
	items := map[string]bool{}
	rows := 0
	tested := map[string]bool{} // "dir.Test"
	for i, line := range strings.Split(string(data), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) != 6 || strings.TrimSpace(cells[1]) == "case" || strings.HasPrefix(strings.TrimSpace(cells[1]), "---") {
			continue
		}
		rows++
		name, item, input, tests := strings.TrimSpace(cells[1]), strings.TrimSpace(cells[2]), cells[3], cells[4]
		where := func(format string, args ...any) {
			t.Helper()
			t.Errorf("README.md:%d (%s): "+format, append([]any{i + 1, name}, args...)...)
		}
		items[item] = true
		refs := testRef.FindAllStringSubmatch(tests, -1)
		if len(refs) == 0 {
			where("names no test")
		}
		for _, ref := range refs {
			dir, test := ref[1], ref[2]
			if !strings.Contains(sourceOf(t, dir, true), "func "+test+"(t *testing.T)") {
				where("%s: no func %s in %s/*_test.go", ref[0], test, dir)
			}
			tested[dir+"."+test] = true
		}
		for _, ref := range funcRef.FindAllStringSubmatch(input, -1) {
			if !regexp.MustCompile(`func (\([^)]*\) )?` + ref[2] + `\(`).MatchString(sourceOf(t, pkgDirs[ref[1]], false)) {
				where("input %s: no such function in %s", ref[0], pkgDirs[ref[1]])
			}
		}
		for _, ref := range inputRef.FindAllStringSubmatch(input, -1) {
			if _, err := os.Stat(filepath.Join(root, "testdata", "hostile", ref[1])); err != nil {
				where("input %s: %v", ref[0], err)
			}
		}
		if !funcRef.MatchString(input) && !inputRef.MatchString(input) && !strings.Contains(input, "written in the test") {
			where("input %q is neither a function, a file nor 'written in the test'", strings.TrimSpace(input))
		}
	}
	for n := 1; n <= 15; n++ {
		if !items[strconv.Itoa(n)] {
			t.Errorf("no row for item %d of the issue", n)
		}
	}
	if !items["also seen"] || !items["4-8 (around)"] {
		t.Errorf("no rows for the 'also seen' cases or for what is around items 4-8")
	}
	if rows < 20 {
		t.Errorf("%d rows; the table was not read", rows)
	}
	// The case folders are all listed.
	dirs, err := os.ReadDir(filepath.Join(root, "testdata", "hostile"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if d.IsDir() && !strings.Contains(string(data), "`"+d.Name()+"/") {
			t.Errorf("testdata/hostile/%s is not listed in README.md", d.Name())
		}
	}
}
