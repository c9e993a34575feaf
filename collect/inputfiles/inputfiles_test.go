package inputfiles

import (
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/snapshot"
)

// jsonOf is v as compact JSON, for comparing parsed values.
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, src, want, wantErr string
	}{
		{"yaml documents, anchors and merge keys", "deploy/a.yaml",
			"base: &b {replicas: 2, port: 80}\napp:\n  <<: *b\n  port: 8080\n  on: yes\n  ratio: 1.5\n---\n", `[{"app":{"on":"yes","port":8080,"ratio":1.5,"replicas":2},"base":{"port":80,"replicas":2}},null]`, ""},
		{"yaml error", "a.yml", "a: [\n", "", "malformed YAML at line 1"},
		{"json", "package.json", `{"n": 1e3, "big": 12345678901234567890, "a": [true, null]}`, `{"a":[true,null],"big":12345678901234567890,"n":1e3}`, ""},
		{"json error", "x.json", `{"a": }`, "", "malformed JSON"},
		{"toml with a date", "Cargo.toml", "[package]\nname = \"svc\"\nedition = 2021\nreleased = 2024-05-01\n", `{"package":{"edition":2021,"name":"svc","released":"2024-05-01"}}`, ""},
		{"toml error", "x.toml", "a = \n", "", "malformed TOML"},
		{"hcl blocks, labels and references", "main.tf",
			"terraform {\n  required_version = \">= 1.6\"\n}\nresource \"aws_s3_bucket\" \"logs\" {\n  acl = \"private\"\n  tags = { team = \"payments\" }\n  region = var.region\n}\n",
			`{"resource":[{"acl":"private","labels":["aws_s3_bucket","logs"],"region":"var.region","tags":{"team":"payments"}}],"terraform":[{"required_version":"\u003e= 1.6"}]}`, ""},
		{"hcl error", "x.hcl", "a = {\n", "", "malformed HCL at line"},
		{"dockerfile", "build/Dockerfile.prod", "FROM --platform=$BUILDPLATFORM golang:1.26 AS build\nUSER 10001\n", `[{"args":["golang:1.26","AS","build"],"cmd":"from","flags":["--platform=$BUILDPLATFORM"],"line":1},{"args":["10001"],"cmd":"user","flags":[],"line":2}]`, ""},
		{"ini", "setup.cfg", "top = 1\n[metadata]\nname = svc ; not a comment here\n# comment\n[tool:pytest]\naddopts: -q\n", `{"":{"top":"1"},"metadata":{"name":"svc ; not a comment here"},"tool:pytest":{"addopts":"-q"}}`, ""},
		{"text lines", ".tool-versions", "golang 1.26.1\r\nnodejs 22.11.0\n", `["golang 1.26.1","nodejs 22.11.0"]`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, err := Parse(FormatOf(tt.file), []byte(tt.src))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := jsonOf(t, v); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// A YAML alias bomb is refused, not expanded.
func TestParseYAMLAliasBomb(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	if _, err := Parse(YAML, []byte(b.String())); err == nil || !strings.Contains(err.Error(), "not read") {
		t.Fatalf("err = %v, want the bound", err)
	}
}

func match(glob, name string) bool { ok, _ := path.Match(glob, name); return ok }

// Only files matching the globs are read; a parse error stays with its
// file; the bounds hold.
func TestRead(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"deploy/a.yaml":  {Data: []byte("kind: Service\n")},
		"deploy/b.yaml":  {Data: []byte("kind: [\n")},
		"deploy/c.txt":   {Data: []byte("not asked for\n")},
		"other/d.yaml":   {Data: []byte("kind: Secret\n")},
		"deploy/big.yml": {Data: []byte(strings.Repeat("#", snapshot.MaxFileSize+1))},
	}
	tree, err := snapshot.NewTree(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if got := Read(tree, nil, match); got != nil {
		t.Errorf("no globs read %v", got)
	}
	got := Read(tree, []string{"deploy/*.yaml", "deploy/*.yml"}, match)
	if len(got) != 3 {
		t.Fatalf("read %d files, want deploy/a.yaml, b.yaml and big.yml: %v", len(got), got)
	}
	if a := got["deploy/a.yaml"]; a.Error != "" || jsonOf(t, a.Data) != `[{"kind":"Service"}]` {
		t.Errorf("deploy/a.yaml = %+v", a)
	}
	if b := got["deploy/b.yaml"]; b.Data != nil || !strings.Contains(b.Error, "malformed YAML at line 1") {
		t.Errorf("deploy/b.yaml = %+v", b)
	}
	if big := got["deploy/big.yml"]; !strings.Contains(big.Error, "not read: larger than 1 MiB") {
		t.Errorf("deploy/big.yml = %+v", big)
	}

	many := fstest.MapFS{}
	for i := range MaxFiles + 5 {
		many[filepath.ToSlash(filepath.Join("d", strings.Repeat("x", 3)+string(rune('a'+i%26))+jsonOf(t, i)+".txt"))] = &fstest.MapFile{Data: []byte("x\n")}
	}
	tree, err = snapshot.NewTree(many)
	if err != nil {
		t.Fatal(err)
	}
	got = Read(tree, []string{"d/*"}, match)
	refused := 0
	for _, c := range got {
		if strings.Contains(c.Error, "more than 256 files") {
			refused++
		}
	}
	if len(got) != MaxFiles+5 || refused != 5 {
		t.Errorf("%d entries, %d refused; want %d and 5", len(got), refused, MaxFiles+5)
	}
}

// A symlink that leads out of the repository is not followed: reads stay
// inside the checkout (SECURITY.md).
func TestReadStaysInsideTheRepository(t *testing.T) {
	t.Parallel()
	outside := filepath.Join(t.TempDir(), "secret.yaml")
	if err := os.WriteFile(outside, []byte("token: hunter2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	repo := t.TempDir()
	if err := os.MkdirAll(filepath.Join(repo, "deploy"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(repo, "deploy", "secret.yaml")); err != nil {
		t.Fatal(err)
	}
	tree, err := snapshot.NewTree(os.DirFS(repo))
	if err != nil {
		t.Fatal(err)
	}
	got := Read(tree, []string{"deploy/*.yaml"}, match)
	if c, ok := got["deploy/secret.yaml"]; ok && (c.Data != nil || c.Error == "") {
		t.Errorf("followed a symlink out of the repository: %+v", c)
	}
	if strings.Contains(jsonOf(t, got), "hunter2") {
		t.Errorf("content from outside the repository: %s", jsonOf(t, got))
	}
}
