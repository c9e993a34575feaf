package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scoredev/score/fix/gitlabmr"
	"github.com/scoredev/score/internal/gittest"
)

// treeFiles reads a fixture tree as gittest.Files.
func treeFiles(t *testing.T, dir string) gittest.Files {
	t.Helper()
	files := gittest.Files{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestFixMROneBranchOneMROverTwoRuns(t *testing.T) {
	t.Parallel()
	const project = "shop/orders"
	src := filepath.Join("..", "..", "testdata", "fix", "gitlab-go-service")
	dir := copyTree(t, src)
	gl := gittest.NewGitLab(t)
	gl.Token = "glpat-never-printed"
	gl.AddProject(gittest.Project{PathWithNamespace: project, DefaultBranch: "main"})
	gl.SetFiles(project, "main", treeFiles(t, src))
	env := map[string]string{"SCORE_GITLAB_TOKEN": gl.Token}
	args := []string{"fix", "--mr", "--gitlab-url", gl.URL, "--project", project, "--target", "main", dir}
	for run := 1; run <= 2; run++ {
		out, errOut, code := runCLI(t, env, args...)
		if code != ExitOK {
			t.Fatalf("run %d: exit %d: %s", run, code, errOut)
		}
		if strings.Contains(out+errOut, gl.Token) {
			t.Fatalf("run %d printed the token", run)
		}
		want := "merge request !1 opened"
		if run == 2 {
			want = "merge request !1 is up to date"
		}
		if !strings.Contains(out, want) {
			t.Errorf("run %d: %q, want %q", run, out, want)
		}
	}
	mrs := gl.MergeRequests(project)
	if len(mrs) != 1 || mrs[0].SourceBranch != gitlabmr.Branch || mrs[0].TargetBranch != "main" {
		t.Fatalf("merge requests: %+v", mrs)
	}
	for _, want := range []string{"security.sast", "security.container-non-root", "**Score ", "score fix --apply"} {
		if !strings.Contains(mrs[0].Description, want) {
			t.Errorf("description lacks %q:\n%s", want, mrs[0].Description)
		}
	}
	if got := gl.Branches(project); strings.Join(got, ",") != "main,score/fix" {
		t.Errorf("branches %v", got)
	}
	if !strings.Contains(gl.Files(project, gitlabmr.Branch)["Dockerfile"], "USER 10001") {
		t.Error("score/fix lacks the Dockerfile fix")
	}
	if _, err := os.Stat(filepath.Join(dir, "SECURITY.md")); err == nil {
		t.Error("--mr wrote the checkout")
	}
	// Without a token, --mr says what it needs and sends nothing.
	before := len(gl.Requests())
	if _, errOut, code := runCLI(t, nil, args...); code != ExitUsage || !strings.Contains(errOut, "SCORE_GITLAB_TOKEN") {
		t.Errorf("without a token: exit %d: %s", code, errOut)
	}
	if len(gl.Requests()) != before {
		t.Error("requests were sent without a token")
	}
}

func TestFixMRManyRepositoriesDryRunThenYes(t *testing.T) {
	t.Parallel()
	gittest.RequireGit(t)
	src := filepath.Join("..", "..", "testdata", "fix", "gitlab-go-service")
	files := treeFiles(t, src)
	srv := gittest.NewServer(t)
	gl := gittest.NewGitLab(t)
	gl.Token = "glpat-never-printed"
	var list []string
	for _, name := range []string{"shop/orders", "shop/carts"} {
		url := srv.Add(name, gittest.NewRepo(t, files))
		list = append(list, url)
		gl.AddProject(gittest.Project{PathWithNamespace: name, DefaultBranch: "main"})
		gl.SetFiles(name, "main", files)
	}
	reposFile := filepath.Join(t.TempDir(), "repos.txt")
	if err := os.WriteFile(reposFile, []byte(strings.Join(list, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"SCORE_GITLAB_TOKEN": gl.Token}
	args := []string{"fix", "--mr", "--repos", reposFile, "--gitlab-url", gl.URL, "--concurrency", "2"}
	out, errOut, code := runCLI(t, env, args...)
	if code != ExitOK {
		t.Fatalf("dry run: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "2 repositories: 2 would propose") || !strings.Contains(errOut, "dry run") {
		t.Errorf("dry run output:\n%s\n%s", out, errOut)
	}
	if n := len(gl.MergeRequests("shop/orders")) + len(gl.MergeRequests("shop/carts")); n != 0 {
		t.Fatalf("the dry run opened %d merge requests", n)
	}
	out, errOut, code = runCLI(t, env, append(args, "--yes")...)
	if code != ExitOK {
		t.Fatalf("--yes: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "2 repositories: 2 opened") || strings.Contains(out+errOut, gl.Token) {
		t.Errorf("--yes output:\n%s\n%s", out, errOut)
	}
	out, _, _ = runCLI(t, env, append(args, "--yes")...)
	if !strings.Contains(out, "2 repositories: 2 unchanged") {
		t.Errorf("second --yes:\n%s", out)
	}
	for _, name := range []string{"shop/orders", "shop/carts"} {
		if n := len(gl.MergeRequests(name)); n != 1 {
			t.Errorf("%s: %d merge requests, want 1", name, n)
		}
	}
}
