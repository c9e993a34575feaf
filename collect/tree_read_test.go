package collect

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"testing/iotest"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

func TestReadUpTo(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 5000)
	tests := []struct {
		name    string
		content string
		size    int64
		limit   int64
		want    string
	}{
		{"size known", "hello", 5, 100, "hello"},
		{"size unknown", long, -1, 10000, long},
		{"size too small", long, 10, 10000, long},
		{"size too large", "hi", 4000, 10000, "hi"},
		{"empty", "", 0, 100, ""},
		{"cut at the limit", long, 5000, 101, long[:101]},
		{"cut at the limit, size unknown", long, -1, 101, long[:101]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// No buffer, one too small for the file, and one with room
			// (holding old bytes that must not show through).
			for _, buf := range [][]byte{nil, make([]byte, 0, 2), bytes.Repeat([]byte("x"), 8192)[:0]} {
				got, err := snapshot.ReadUpTo(iotest.HalfReader(strings.NewReader(tt.content)), tt.size, tt.limit, buf)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, []byte(tt.want)) {
					t.Errorf("buffer of %d: read %d bytes, want %d", cap(buf), len(got), len(tt.want))
				}
			}
		})
	}
}

// TestReadTextEncodings: files saved by Windows editors (a byte order mark,
// CRLF) or in Latin-1 are text; every collector must still parse them, with
// the lines of the file.
func TestReadTextEncodings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, content string
		want          string // "" means refused
		warning       string
	}{
		{"bom", "\xef\xbb\xbfmodule x\r\n", "module x\r\n", ""},
		{"latin-1", "FROM alpine\n# caf\xe9\nUSER app\n", "FROM alpine\n# caf\uFFFD\nUSER app\n", "f:2: not UTF-8 text"},
		{"binary with NUL", "PNG\x00\x01", "", "f:0: binary file"},
		{"binary without NUL", strings.Repeat("\xff\x01\xfe\x02", 100), "", "f:0: binary file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tree, err := snapshot.NewTree(fstest.MapFS{"f": collecttest.TextFile(tt.content)})
			if err != nil {
				t.Fatal(err)
			}
			got, ok := tree.ReadText("f")
			if ok != (tt.want != "") || string(got) != tt.want {
				t.Errorf("ReadText = %q, %v; want %q", got, ok, tt.want)
			}
			w := collecttest.WarningLines(tree.Warnings())
			if tt.warning == "" && w != "" || !strings.Contains(w, tt.warning) {
				t.Errorf("warnings = %q, want %q", w, tt.warning)
			}
		})
	}
}

// TestCollectWindowsAndLatin1Files runs every collector over manifests
// with a byte order mark and CRLF, and over Latin-1 files: a go.mod or
// package.json with a BOM was rejected, and one Latin-1 byte in a comment
// made a Dockerfile or CI file "binary" and dropped it.
func TestCollectWindowsAndLatin1Files(t *testing.T) {
	t.Parallel()
	const bom = "\xef\xbb\xbf"
	crlf := func(s string) string { return bom + strings.ReplaceAll(s, "\n", "\r\n") }
	fsys := fstest.MapFS{
		"go.mod":         collecttest.TextFile(crlf("module example.com/x\n\ngo 1.22\n\nrequire github.com/pkg/errors v0.9.1\n")),
		"package.json":   collecttest.TextFile(crlf("{\n  \"name\": \"x\",\n  \"scripts\": {\n    \"test\": \"jest\"\n  }\n}\n")),
		"Dockerfile":     collecttest.TextFile("FROM alpine:3.19\n# Gr\xfc\xdfe\nUSER app\n"),
		".gitlab-ci.yml": collecttest.TextFile("test:\n  script:\n    - echo caf\xe9\n    - go test ./...\n"),
	}
	tree, err := snapshot.NewTree(fsys)
	if err != nil {
		t.Fatal(err)
	}
	f, err := CollectTree(context.Background(), facts.RepoInfo{Name: "svc"}, tree)
	if err != nil {
		t.Fatal(err)
	}
	if got := collecttest.WarningLines(f.Warnings); got != ".gitlab-ci.yml:3: not UTF-8 text (Latin-1?); bytes that are not UTF-8 were read as U+FFFD\n"+
		"Dockerfile:2: not UTF-8 text (Latin-1?); bytes that are not UTF-8 were read as U+FFFD\n" {
		t.Errorf("warnings:\n%s", got)
	}
	var deps []string
	for _, m := range f.Dependencies.Manifests {
		for _, d := range m.Dependencies {
			deps = append(deps, fmt.Sprintf("%s:%d %s", m.Path, d.Line, d.Name))
		}
	}
	if got := strings.Join(deps, ","); got != "go.mod:5 github.com/pkg/errors" {
		t.Errorf("dependencies = %s", got)
	}
	if len(f.Scripts.NpmScripts) != 1 || f.Scripts.NpmScripts[0].Line != 4 {
		t.Errorf("npm scripts = %+v, want test at line 4", f.Scripts.NpmScripts)
	}
	if len(f.Containers.Dockerfiles) != 1 || f.Containers.Dockerfiles[0].FinalStage == nil ||
		f.Containers.Dockerfiles[0].FinalStage.User == nil || f.Containers.Dockerfiles[0].FinalStage.User.Line != 3 {
		t.Errorf("Dockerfile = %+v, want USER at line 3", f.Containers.Dockerfiles)
	}
	if len(f.CI.Jobs) != 1 || len(f.CI.Jobs[0].Commands) != 2 || f.CI.Jobs[0].Commands[1].Line != 4 {
		t.Errorf("CI jobs = %+v, want go test at line 4", f.CI.Jobs)
	}
}

// TestCollectWarnsOncePerProblem: several collectors read the same file,
// and a file over 1 MiB or a broken package.json was reported once by each.
func TestCollectWarnsOncePerProblem(t *testing.T) {
	t.Parallel()
	big := "stages: [test]\n" + strings.Repeat("#", snapshot.MaxFileSize) + "\n"
	tree, err := snapshot.NewTree(fstest.MapFS{
		".gitlab-ci.yml": collecttest.TextFile(big),
		"package.json":   collecttest.TextFile("{\n  \"scripts\": {\n    \"test\": \"jest\",\n  }\n}\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := CollectTree(context.Background(), facts.RepoInfo{Name: "svc"}, tree)
	if err != nil {
		t.Fatal(err)
	}
	want := ".gitlab-ci.yml:0: file larger than 1 MiB; not parsed\n" +
		"package.json:4: parse package.json: invalid character '}' looking for beginning of object key string\n"
	if got := collecttest.WarningLines(f.Warnings); got != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
	}
}

// TestNewTreeSkipsGitFile: in a worktree or submodule .git is a file
// naming the git folder; it is git's, not the repository's.
func TestNewTreeSkipsGitFile(t *testing.T) {
	t.Parallel()
	tree, err := snapshot.NewTree(fstest.MapFS{
		".git":          collecttest.TextFile("gitdir: /elsewhere/.git/worktrees/x\n"),
		"sub/.git":      collecttest.TextFile("gitdir: ../.git/modules/sub\n"),
		"sub/README.md": collecttest.TextFile("# sub\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tree.Files, ","); got != "sub/README.md" {
		t.Errorf("files = %s, want sub/README.md", got)
	}
}
