package fix

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func openRoot(t *testing.T, files map[string]string) (string, *os.Root) {
	t.Helper()
	dir := t.TempDir()
	for p, s := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return dir, root
}

func testTemplates(t *testing.T) *Templates {
	t.Helper()
	tm, err := LoadTemplates(fstest.MapFS{
		"owners.tmpl": {Data: []byte("* {{ if .Team }}@{{ .Team }}{{ else }}{{ todo \"name the owning team\" \"@your-group/your-team\" }}{{ end }}\n")},
		"readme.tmpl": {Data: []byte("# {{ .Name }}\n")},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestParseDecl(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{`{"create": "SECURITY.md", "template": "x"}`, ""},
		{`{"edit": "dockerfile.user", "path": "Dockerfile", "value": {"user": "10001"}}`, ""},
		{`{"manual": "needs the registry"}`, ""},
		{`{"create": "a", "edit": "dockerfile.user", "path": "a", "template": "x"}`, "exactly one"},
		{`{"create": "../x", "template": "x"}`, "not a relative path"},
		{`{"create": ".git/hooks/pre-commit", "template": "x"}`, "not a relative path"},
		{`{"create": "/etc/passwd", "template": "x"}`, "not a relative path"},
		{`{"edit": "sed", "path": "a"}`, "unknown editor"},
		{`{"create": "a"}`, "needs a template"},
	} {
		_, err := ParseDecl([]byte(tt.in))
		if (tt.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.in, err, tt.want)
		}
	}
}

func TestPlanAndDiff(t *testing.T) {
	t.Parallel()
	dir, root := openRoot(t, map[string]string{
		"Dockerfile":     "FROM golang AS build\nRUN go build\n\nFROM alpine\nCOPY --from=build /app /app\nCMD [\"/app\"]\n",
		".gitlab-ci.yml": "build:\n  script: [make]\n",
		"broken.yml":     "a: [\n",
		"README.md":      "hi\n",
	})
	p := &Planner{Root: root, Templates: testTemplates(t), Data: Data{Name: "api"}}
	fixes, changes := p.Plan([]CheckFixes{
		{ID: "security.codeowners", Decls: []Decl{{Create: "CODEOWNERS", Template: "owners"}}},
		{ID: "ownership.owner-declared", Decls: []Decl{{Create: "CODEOWNERS", Template: "owners"}}},
		{ID: "security.container-non-root", Decls: []Decl{{Edit: "dockerfile.user", Path: "Dockerfile", Value: map[string]any{"user": "10001"}}}},
		{ID: "security.sast", Decls: []Decl{{Edit: "gitlab-ci.include", Path: ".gitlab-ci.yml", Value: map[string]any{"template": "Jobs/SAST.gitlab-ci.yml"}}}},
		{ID: "security.secret-detection", Decls: []Decl{{Edit: "gitlab-ci.include", Path: ".gitlab-ci.yml", Value: map[string]any{"template": "Jobs/Secret-Detection.gitlab-ci.yml"}}}},
		{ID: "x.broken", Decls: []Decl{{Edit: "gitlab-ci.include", Path: "broken.yml", Value: map[string]any{"template": "A.yml"}}}},
		{ID: "x.exists", Decls: []Decl{{Create: "README.md", Template: "readme"}}},
		{ID: "build.base-image-digest", Decls: []Decl{{Manual: "pinning by digest needs the registry"}}},
	})
	want := map[string]string{
		"security.codeowners":         "files=CODEOWNERS complete=false",
		"ownership.owner-declared":    "files=CODEOWNERS complete=false",
		"security.container-non-root": "files=Dockerfile complete=true",
		"security.sast":               "files=.gitlab-ci.yml complete=true",
		"security.secret-detection":   "files=.gitlab-ci.yml complete=true",
		"x.broken":                    "skipped=broken.yml:1: not valid YAML",
		"x.exists":                    "skipped=README.md already exists",
		"build.base-image-digest":     "skipped=needs data score cannot get offline",
	}
	for _, f := range fixes {
		got := "files=" + strings.Join(f.Files, ",") + " complete=" + map[bool]string{true: "true", false: "false"}[f.Complete]
		if f.Skipped != "" {
			got = "skipped=" + f.Skipped
		}
		if !strings.HasPrefix(got, want[f.Check]) {
			t.Errorf("%s: %s, want %s", f.Check, got, want[f.Check])
		}
	}
	if len(changes) != 3 {
		t.Fatalf("%d changes, want 3 (CODEOWNERS, Dockerfile, .gitlab-ci.yml)", len(changes))
	}
	var diff bytes.Buffer
	if err := WriteDiff(&diff, changes); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"--- /dev/null\n+++ b/CODEOWNERS\n@@ -0,0 +1 @@\n+* @your-group/your-team\n",
		"--- a/Dockerfile\n+++ b/Dockerfile\n@@ -4,3 +4,4 @@\n FROM alpine\n COPY --from=build /app /app\n CMD [\"/app\"]\n+USER 10001\n",
		"+include:\n+  - template: Jobs/SAST.gitlab-ci.yml\n+  - template: Jobs/Secret-Detection.gitlab-ci.yml\n",
	} {
		if !strings.Contains(diff.String(), s) {
			t.Errorf("diff lacks\n%s\nin\n%s", s, diff.String())
		}
	}
	gitApplyCheck(t, dir, diff.Bytes())

	if err := Apply(root, changes); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "Dockerfile"))
	if !strings.HasSuffix(string(got), "CMD [\"/app\"]\nUSER 10001\n") {
		t.Errorf("Dockerfile after apply:\n%s", got)
	}
	// Nothing left behind.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".score-fix-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
	// A second plan changes nothing more in the files already fixed.
	_, again := p.Plan([]CheckFixes{
		{ID: "security.sast", Decls: []Decl{{Edit: "gitlab-ci.include", Path: ".gitlab-ci.yml", Value: map[string]any{"template": "Jobs/SAST.gitlab-ci.yml"}}}},
	})
	if len(again) != 0 {
		t.Errorf("second plan has %d changes", len(again))
	}
}

// gitApplyCheck runs git apply --check on diff in dir.
func gitApplyCheck(t *testing.T, dir string, diff []byte) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	cmd := exec.Command("git", "apply", "--check", "-")
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(diff)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git apply --check: %v\n%s\ndiff:\n%s", err, out, diff)
	}
}

func TestDiffNoFinalNewlineAndCRLF(t *testing.T) {
	t.Parallel()
	dir, _ := openRoot(t, map[string]string{"a.txt": "one\r\ntwo", "b.txt": "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n"})
	var b bytes.Buffer
	if err := WriteDiff(&b, []Change{
		{Path: "a.txt", Old: []byte("one\r\ntwo"), New: []byte("one\r\ntwo\r\nthree\r\n"), Mode: 0o644},
		{Path: "b.txt", Old: []byte("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n"), New: []byte("0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n"), Mode: 0o644},
	}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "-two\n\\ No newline at end of file\n+two\r\n+three\r\n") {
		t.Errorf("diff:\n%q", b.String())
	}
	if strings.Count(b.String(), "@@ -") != 3 {
		t.Errorf("want 3 hunks (a.txt, b.txt start and end):\n%s", b.String())
	}
	gitApplyCheck(t, dir, b.Bytes())
}

func TestApplyRefusesStaleFiles(t *testing.T) {
	t.Parallel()
	dir, root := openRoot(t, map[string]string{"a": "old\n", "b": "old\n"})
	changes := []Change{
		{Path: "a", Old: []byte("old\n"), New: []byte("new\n"), Mode: 0o644},
		{Path: "b", Old: []byte("old\n"), New: []byte("new\n"), Mode: 0o644},
	}
	os.WriteFile(filepath.Join(dir, "b"), []byte("edited by hand\n"), 0o644)
	err := Apply(root, changes)
	var stale *StaleError
	if !errors.As(err, &stale) || stale.Path != "b" {
		t.Fatalf("error %v, want a StaleError for b", err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "a")); string(got) != "old\n" {
		t.Errorf("a was written although b was stale: %q", got)
	}
	// A file that appeared where one was to be created is stale too.
	os.WriteFile(filepath.Join(dir, "c"), []byte("x"), 0o644)
	if err := Apply(root, []Change{{Path: "c", Created: true, New: []byte("y")}}); !errors.As(err, &stale) {
		t.Errorf("error %v, want a StaleError for c", err)
	}
}

func TestApplyRefusesSymlinks(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	dir, root := openRoot(t, map[string]string{"real/a": "x\n"})
	if err := os.Symlink(outside, filepath.Join(dir, ".github")); err != nil {
		t.Skip("no symlinks:", err)
	}
	if err := os.Symlink("real/a", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []Change{
		{Path: ".github/dependabot.yml", Created: true, New: []byte("version: 2\n")},
		{Path: "link", Old: []byte("x\n"), New: []byte("y\n")},
	} {
		err := Apply(root, []Change{c})
		if err == nil || !strings.Contains(err.Error(), "symbolic link") {
			t.Errorf("%s: error %v, want a refusal to write through a link", c.Path, err)
		}
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("wrote outside the repository: %v", entries)
	}
	p := &Planner{Root: root, Templates: testTemplates(t)}
	fixes, changes := p.Plan([]CheckFixes{{ID: "x", Decls: []Decl{{Edit: "dockerfile.user", Path: "link", Value: map[string]any{"user": "1"}}}}})
	if len(changes) != 0 || !strings.Contains(fixes[0].Skipped, "symbolic link") {
		t.Errorf("planned through a link: %+v", fixes)
	}
}

func TestApplyRollsBack(t *testing.T) {
	dir, root := openRoot(t, map[string]string{"a": "old a\n", "b": "old b\n"})
	changes := []Change{
		{Path: "a", Old: []byte("old a\n"), New: []byte("new a\n"), Mode: 0o644},
		{Path: "b", Old: []byte("old b\n"), New: []byte("new b\n"), Mode: 0o644},
		{Path: "dir/c", Created: true, New: []byte("c\n"), Mode: 0o644},
		{Path: "d", Created: true, New: []byte("d\n"), Mode: 0o644},
	}
	testHookRename = func(i int, p string) error {
		if p == "d" {
			return errors.New("disk full")
		}
		return nil
	}
	defer func() { testHookRename = nil }()
	err := Apply(root, changes)
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("error %v, want the injected failure", err)
	}
	for p, want := range map[string]string{"a": "old a\n", "b": "old b\n"} {
		if got, _ := os.ReadFile(filepath.Join(dir, p)); string(got) != want {
			t.Errorf("%s = %q after rollback, want %q", p, got, want)
		}
	}
	for _, p := range []string{"dir/c", "d"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err == nil {
			t.Errorf("%s exists after rollback", p)
		}
	}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if strings.Contains(p, ".score-fix-") {
			t.Errorf("temporary file %s left behind", p)
		}
		return nil
	})
}

func TestTemplatesOverride(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "templates"), 0o755)
	os.WriteFile(filepath.Join(dir, "templates", "readme.tmpl"), []byte("# {{ .Name }} (ours)\n"), 0o644)
	tm, err := LoadTemplates(fstest.MapFS{"readme.tmpl": {Data: []byte("# {{ .Name }}\n")}}, []string{dir, filepath.Join(dir, "missing")})
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := tm.Render("readme", Data{Name: "api"})
	if err != nil || string(out) != "# api (ours)\n" {
		t.Errorf("render = %q, %v; want the platform's template", out, err)
	}
	os.WriteFile(filepath.Join(dir, "templates", "bad.tmpl"), []byte("line one\n{{ .Name \n"), 0o644)
	if _, err := LoadTemplates(nil, []string{dir}); err == nil || !strings.Contains(err.Error(), "bad.tmpl:2") {
		t.Errorf("error %v, want the broken template's file:line", err)
	}
}
