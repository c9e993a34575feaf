package app

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/fix"
	"github.com/scoredev/score/internal/lazyre"
	"github.com/scoredev/score/scorecard"
	"github.com/scoredev/score/snapshot"
	"github.com/scoredev/score/source"
)

// FixPlan is the outcome of planning the fixes of one repository.
type FixPlan struct {
	Fixes   []fix.Fix
	Changes []fix.Change
	Before  scorecard.Repo
	// After is the repository scored with the changes laid over it.
	After scorecard.Repo
}

// PlanFixes scores the tree, asks the policies of its failing checks for
// their fixes and plans them. A fix that would make another check worse
// (a pass or skip turning into a fail or error) is dropped and reported
// as skipped.
func PlanFixes(ctx context.Context, p *Pipeline, tmpls *fix.Templates, root *os.Root, fsys fs.FS, info facts.RepoInfo, branch string, only []string) (*FixPlan, error) {
	res := p.ScoreSnapshot(ctx, snapshot.Snapshot{Info: info, FS: fsys})
	if res.Repo.Error != "" {
		return nil, fmt.Errorf("%s: %s", info.Name, res.Repo.Error)
	}
	var ids []string
	titles := map[string]string{}
	for _, c := range res.Repo.Checks {
		if c.Outcome == scorecard.Fail && (len(only) == 0 || slices.Contains(only, c.ID)) {
			ids = append(ids, c.ID)
			titles[c.ID] = c.Title
		}
	}
	raw, err := p.Engine.Fixes(ctx, res.Facts, ids)
	if err != nil {
		return nil, err
	}
	var checks []fix.CheckFixes
	for _, id := range ids {
		if len(raw[id]) == 0 {
			continue
		}
		cf := fix.CheckFixes{ID: id, Title: titles[id]}
		for _, r := range raw[id] {
			d, err := fix.ParseDecl(r)
			if err != nil {
				return nil, fmt.Errorf("check %s: %w", id, err)
			}
			cf.Decls = append(cf.Decls, d)
		}
		checks = append(checks, cf)
	}
	planner := &fix.Planner{Root: root, FS: fsys, Templates: tmpls, Data: fixTemplateData(p, res, info, branch)}
	score := func(changes []fix.Change) scorecard.Repo {
		return p.ScoreSnapshot(ctx, snapshot.Snapshot{Info: info, FS: fix.Overlay(fsys, changes)}).Repo
	}
	fixes, changes := planner.Plan(checks)
	after := score(changes)
	if len(worse(res.Repo, after, fixes)) > 0 {
		// Find the culprits: add the checks' fixes one at a time and keep
		// those that leave every other check as it was.
		var kept []fix.CheckFixes
		rejected := map[string]string{}
		for _, cf := range checks {
			try := append(slices.Clone(kept), cf)
			fx, ch := planner.Plan(try)
			if w := worse(res.Repo, score(ch), fx); len(w) > 0 {
				rejected[cf.ID] = "it would make " + strings.Join(w, ", ") + " fail; left to a person"
				continue
			}
			kept = try
		}
		fixes, changes = planner.Plan(kept)
		after = score(changes)
		for id, why := range rejected {
			fixes = append(fixes, fix.Fix{Check: id, Title: titles[id], Skipped: why})
		}
	}
	// A fix that does not make its check pass is still offered (it gets
	// the team closer) but says so.
	outcome := map[string]scorecard.CheckResult{}
	for _, c := range after.Checks {
		outcome[c.ID] = c
	}
	for i := range fixes {
		f := &fixes[i]
		if f.Skipped == "" && outcome[f.Check].Outcome == scorecard.Fail {
			msg := "the check still fails after this change"
			if fds := outcome[f.Check].Findings; len(fds) > 0 {
				msg += ": " + fds[0].Message
			}
			f.Notes = append(f.Notes, msg)
			f.Complete = false
		}
	}
	slices.SortFunc(fixes, func(a, b fix.Fix) int { return strings.Compare(a.Check, b.Check) })
	return &FixPlan{Fixes: fixes, Changes: changes, Before: res.Repo, After: after}, nil
}

// worse lists the checks that pass or skip before and fail or error after,
// leaving out the checks being fixed.
func worse(before, after scorecard.Repo, fixes []fix.Fix) []string {
	fixing := map[string]bool{}
	for _, f := range fixes {
		if f.Skipped == "" {
			fixing[f.Check] = true
		}
	}
	was := map[string]scorecard.Outcome{}
	for _, c := range before.Checks {
		was[c.ID] = c.Outcome
	}
	bad := func(o scorecard.Outcome) bool { return o == scorecard.Fail || o == scorecard.Error }
	var out []string
	for _, c := range after.Checks {
		if !fixing[c.ID] && bad(c.Outcome) && !bad(was[c.ID]) {
			out = append(out, c.ID)
		}
	}
	slices.Sort(out)
	return out
}

// fixTemplateData gathers what fix templates are filled from.
func fixTemplateData(p *Pipeline, res Result, info facts.RepoInfo, branch string) fix.Data {
	f := res.Facts
	d := fix.Data{
		Name:          catalogName(info.Name),
		Type:          "library",
		DefaultBranch: branch,
		Languages:     f.Files.Languages,
	}
	if f.Repo.DefaultBranch != "" {
		d.DefaultBranch = f.Repo.DefaultBranch
	}
	if team := p.Team(f, info); team != "" && team != scorecard.Unowned {
		d.Team = team
	}
	if len(f.Containers.Dockerfiles) > 0 || len(f.Containers.Builders) > 0 || len(f.Kubernetes.Workloads) > 0 {
		d.Type = "service"
	}
	for _, m := range f.Dependencies.Manifests {
		if !slices.Contains(d.Ecosystems, m.Ecosystem) {
			d.Ecosystems = append(d.Ecosystems, m.Ecosystem)
		}
	}
	slices.Sort(d.Ecosystems)
	for _, df := range f.Containers.Dockerfiles {
		if df.FinalStage != nil && df.FinalStage.Base != nil && !slices.Contains(d.Images, df.FinalStage.Base.Image) {
			d.Images = append(d.Images, df.FinalStage.Base.Image)
		}
	}
	url := strings.ToLower(f.Repo.URL)
	hasPrefix := func(prefix string) bool {
		return slices.ContainsFunc(f.Files.Paths, func(p string) bool { return strings.HasPrefix(p, prefix) })
	}
	switch {
	case strings.Contains(url, "github.com"):
		d.Host = "github"
	case strings.Contains(url, "gitlab"), hasPrefix(".gitlab-ci.y"), hasPrefix(".gitlab/"):
		d.Host = "gitlab"
	case hasPrefix(".github/"):
		d.Host = "github"
	}
	return d
}

var notCatalogName = lazyre.New(`[^A-Za-z0-9._-]+`)

// catalogName makes a repository name a valid Backstage entity name.
func catalogName(name string) string {
	n := strings.Trim(notCatalogName.ReplaceAllString(name, "-"), "-_.")
	if len(n) > 63 {
		n = strings.TrimRight(n[:63], "-_.")
	}
	if n == "" {
		n = "service"
	}
	return n
}

// DefaultBranch names the branch fix templates run CI on: the repository's
// default branch when git knows it, else main.
func DefaultBranch(dir string) string {
	ref, err := source.DefaultBaseRef(dir)
	if err != nil {
		return "main"
	}
	ref = strings.TrimPrefix(ref, "origin/")
	if ref == "HEAD" || ref == "" {
		return "main"
	}
	return ref
}

// FixableChecks returns the failing checks of res whose policy declares,
// for these facts, a fix score fix can make offline, for the reports to
// mark. A problem evaluating fixes only drops the marks.
func FixableChecks(ctx context.Context, p *Pipeline, res Result) map[string]bool {
	var ids []string
	for _, c := range res.Repo.Checks {
		if c.Outcome == scorecard.Fail {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) == 0 || res.Facts == nil {
		return nil
	}
	raw, err := p.Engine.Fixes(ctx, res.Facts, ids)
	if err != nil {
		return nil
	}
	out := map[string]bool{}
	for id, decls := range raw {
		for _, r := range decls {
			if d, err := fix.ParseDecl(r); err == nil && d.Manual == "" {
				out[id] = true
			}
		}
	}
	return out
}
