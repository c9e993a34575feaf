package source

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/scoredev/score/internal/gittest"
)

func TestParseRepos(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "repos.txt")
	tests := []struct {
		name string
		in   string
		want []RepoRef
	}{
		{
			name: "one URL per line",
			in: "# services\n\nhttps://gitlab.example.com/payments/api.git\n" +
				"  git@gitlab.example.com:platform/tools/ci.git   # trailing comment\r\n" +
				"ssh://git@gitlab.example.com/ops/deploy\n" +
				"./checkouts/local-svc\n" +
				"file:///srv/git/legacy.git\n",
			want: []RepoRef{
				{Name: "payments/api", URL: "https://gitlab.example.com/payments/api.git", GroupPath: "payments", Origin: file + ":3"},
				{Name: "platform/tools/ci", URL: "git@gitlab.example.com:platform/tools/ci.git", GroupPath: "platform/tools", Origin: file + ":4"},
				{Name: "ops/deploy", URL: "ssh://git@gitlab.example.com/ops/deploy", GroupPath: "ops", Origin: file + ":5"},
				{Name: "local-svc", URL: filepath.Join(dir, "checkouts/local-svc"), Origin: file + ":6"},
				{Name: "legacy", URL: "file:///srv/git/legacy.git", Origin: file + ":7"},
			},
		},
		{
			name: "YAML",
			in: "# the org's services\nrepos:\n" +
				"  - url: https://gitlab.example.com/payments/api.git\n    team: payments\n" +
				"  - url: https://github.com/acme/api\n    name: acme-api\n    default_branch: trunk\n" +
				"  - https://gitlab.example.com/search/indexer\n",
			want: []RepoRef{
				{Name: "payments/api", URL: "https://gitlab.example.com/payments/api.git", GroupPath: "payments", Team: "payments", Origin: file + ":3"},
				{Name: "acme-api", URL: "https://github.com/acme/api", GroupPath: "acme", DefaultBranch: "trunk", Origin: file + ":5"},
				{Name: "search/indexer", URL: "https://gitlab.example.com/search/indexer", GroupPath: "search", Origin: file + ":8"},
			},
		},
		{name: "empty", in: "# nothing yet\n\n", want: nil},
		{name: "empty YAML list", in: "repos:\n", want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseRepos(file, []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
}

func TestParseReposErrorsNameFileAndLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"not a URL", "https://h/a/b\nsvc-without-scheme\n", []string{"repos.txt:2: not a repository URL"}},
		{"two per line", "https://h/a/b https://h/c/d\n", []string{"repos.txt:1: want one repository URL per line"}},
		{"scheme", "ftp://h/a/b\n", []string{`repos.txt:1: unsupported URL scheme "ftp"`}},
		{"no path", "https://gitlab.example.com/\n", []string{"repos.txt:1: not a repository URL (no host or path)"}},
		{"duplicate", "https://h/a/b\n\nhttps://other/a/b.git\n", []string{`repos.txt:3: duplicate repository name "a/b" (first at repos.txt:1)`}},
		{"YAML unknown key", "repos:\n  - url: https://h/a/b\n    owner: x\n", []string{`repos.txt:3: unknown key "owner"`}},
		{"YAML missing url", "repos:\n  - team: x\n", []string{"repos.txt:2: repository without url:"}},
		{"YAML bad top key", "repos: []\nteams: []\n", []string{`repos.txt:2: unknown key "teams"`}},
		{"YAML syntax", "repos:\n  - url: [\n", []string{"repos.txt:2: did not find expected node content"}},
		{"several at once", "repos:\n  - url: nope\n  - url: https://h/a/b\n    x: 1\n", []string{"repos.txt:2: not a repository URL", `repos.txt:4: unknown key "x"`}},
		{"token in a bad line is redacted", "https://oauth2:glpat-secret@h/a/b extra\n", []string{"repos.txt:1: want one"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRepos("repos.txt", []byte(tc.in))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q; want it to contain %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "glpat-secret") {
				t.Errorf("error leaks a token: %v", err)
			}
		})
	}
}

func TestParseReposFile(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "repos.yaml")
	if err := os.WriteFile(file, []byte("repos:\n  - url: https://h/a/b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	refs, err := ParseReposFile(file)
	if err != nil || len(refs) != 1 || refs[0].Name != "a/b" {
		t.Errorf("ParseReposFile = %+v, %v", refs, err)
	}
	if _, err := ParseReposFile(file + ".missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestDirRepos(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	svc := gittest.NewRepo(t, gittest.Files{"README.md": "svc\n"})
	if err := os.Rename(svc.Dir, filepath.Join(root, "svc")); err != nil {
		t.Fatal(err)
	}
	gittest.Git(t, filepath.Join(root, "svc"), "remote", "add", "origin", "https://oauth2:tok@gitlab.example.invalid/g/svc.git")
	for _, p := range []string{"plain/Dockerfile", ".hidden/x", "empty/.keep"} {
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, p), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "notes.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "plain"), filepath.Join(root, "linked")); err != nil {
		t.Fatal(err)
	}

	refs, err := DirRepos(root)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range refs {
		names = append(names, r.Name)
	}
	if got := strings.Join(names, ","); got != "empty,linked,plain,svc" {
		t.Fatalf("repos = %s; want empty,linked,plain,svc", got)
	}
	head := gittest.Git(t, filepath.Join(root, "svc"), "rev-parse", "HEAD")
	if s := refs[3]; s.HeadCommit != head || s.URL != "https://gitlab.example.invalid/g/svc.git" || s.Dir != filepath.Join(root, "svc") {
		t.Errorf("svc = %+v; want commit %s and a redacted URL", s, head)
	}
	if p := refs[2]; p.HeadCommit != "" || p.URL != "" {
		t.Errorf("plain folder = %+v; want no git facts (not a repository, even inside one)", p)
	}

	for _, ref := range refs {
		snap, err := Load(context.Background(), ref, CloneOptions{})
		if err != nil {
			t.Fatalf("%s: %v", ref.Name, err)
		}
		if snap.Info.Name != ref.Name || snap.Info.Commit != ref.HeadCommit {
			t.Errorf("%s: info %+v", ref.Name, snap.Info)
		}
	}
	snap, _ := Load(context.Background(), refs[3], CloneOptions{})
	if data, err := fs.ReadFile(snap.FS, "README.md"); err != nil || string(data) != "svc\n" {
		t.Errorf("svc README = %q, %v", data, err)
	}
	if _, err := DirRepos(filepath.Join(root, "missing")); err == nil {
		t.Error("DirRepos of a missing folder succeeded")
	}
	if _, err := LocalSnapshot(RepoRef{Dir: filepath.Join(root, "notes.txt")}); err == nil {
		t.Error("LocalSnapshot of a file succeeded")
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	const tok = "glpat-AbC/123+x="
	tests := []struct {
		name, in, want string
		secrets        []string
	}{
		{"userinfo", "https://oauth2:s3cret@gitlab.example.com/g/a.git", "https://gitlab.example.com/g/a.git", nil},
		{"user only", "https://TOKENVALUE@gitlab.example.com/g/a.git", "https://gitlab.example.com/g/a.git", nil},
		{"in a message", `Get "http://u:p@h:8080/x.git/info/refs": dial tcp: refused`, `Get "http://h:8080/x.git/info/refs": dial tcp: refused`, nil},
		{"two URLs", "a https://x:y@h1/p and ssh://git@h2/p", "a https://h1/p and ssh://h2/p", nil},
		{"token plain", "bad token " + tok + " here", "bad token [REDACTED] here", []string{tok}},
		{"token escaped", "url?private_token=glpat-AbC%2F123%2Bx%3D", "url?private_token=[REDACTED]", []string{tok}},
		{"token in basic auth", "Authorization: Basic " + b64("oauth2:"+tok), "Authorization: Basic [REDACTED]", []string{tok}},
		{"short secrets are not hunted", "max 3 retries", "max 3 retries", []string{"3"}},
		{"empty secret", "nothing", "nothing", []string{""}},
		{"scp style kept", "git@gitlab.example.com:g/a.git", "git@gitlab.example.com:g/a.git", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Redact(tc.in, tc.secrets...); got != tc.want {
				t.Errorf("Redact(%q) = %q; want %q", tc.in, got, tc.want)
			}
		})
	}
	for in, want := range map[string]string{
		"https://oauth2:tok@h/g/a.git":   "https://h/g/a.git",
		"https://h/g/a.git":              "https://h/g/a.git",
		"git@h:g/a.git":                  "git@h:g/a.git",
		"/srv/git/a.git":                 "/srv/git/a.git",
		"http://a:b@[::1]:80/x":          "http://[::1]:80/x",
		"https://u:p%zz@h/bad-escape":    "https://h/bad-escape",
		"ssh://git@h/g/a.git":            "ssh://h/g/a.git",
		"https://h/g/a.git?x=1#fragment": "https://h/g/a.git", // a query or fragment may hold a token
	} {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q; want %q", in, got, want)
		}
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestRedactedErrorKeepsSentinelsOnly(t *testing.T) {
	t.Parallel()
	inner := fmt.Errorf("fetch https://oauth2:glpat-zzzz@h/x.git: %w", context.DeadlineExceeded)
	err := redactError(inner, []string{"glpat-zzzz"}, context.DeadlineExceeded, context.Canceled)
	if strings.Contains(err.Error(), "glpat-zzzz") {
		t.Errorf("message leaks: %v", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		t.Error("sentinels not kept as they were")
	}
	var target interface{ Unwrap() []error }
	if !errors.As(err, &target) {
		t.Fatal("not a redacted error")
	}
	for _, e := range target.Unwrap() {
		if strings.Contains(e.Error(), "glpat") {
			t.Errorf("unwrapping reaches the original text: %v", e)
		}
	}
}
