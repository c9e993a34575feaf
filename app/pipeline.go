// Package app is what the commands run: it wires the stages of the pipeline
// (docs/architecture.md) together for one repository: snapshot -> facts ->
// engine -> scorecard. It holds no logic of
// its own beyond the hand-offs and team resolution, so that `score check`,
// `score scan`, `score ci` and the benchmarks run exactly the same path.
package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/scoredev/score/collect"
	"github.com/scoredev/score/engine"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/scorecard"
	"github.com/scoredev/score/snapshot"
)

// TeamRule maps repositories whose GitLab group path (or name) matches
// Pattern to Team. Pattern is a path.Match glob; a trailing "/**" matches
// the group and everything below it.
type TeamRule struct {
	Pattern string
	Team    string
}

// Pipeline scores snapshots with one loaded engine.
type Pipeline struct {
	Engine *engine.Engine
	// Teams maps group paths to teams for repositories that declare none.
	Teams []TeamRule
	// MaxExemptionDays, when above 0, is the furthest ahead an exemption
	// may expire (the platform config's max_exemption_days).
	MaxExemptionDays int
	// Aliases maps other spellings of a team (as owners write them) to its
	// canonical name; see CanonicalTeam.
	Aliases map[string]string
	// Exemptions are org-wide exemptions from the platform config; Repo is
	// a glob on the repository name ("" or "*" for all).
	Exemptions []OrgExemption
	// ComponentGlobs are the platform config's `components:` folder globs
	// (see Components).
	ComponentGlobs []string
	// OnlyComponent narrows a monorepo's row to the component of this name
	// or folder (`--component`, see narrow).
	OnlyComponent string
	// Now is the clock used to judge exemption expiry.
	Now func() time.Time
	// Paths, when set, are the platform's golden paths: each repository
	// is scored against the catalogue of the one it lands on (paths.go).
	Paths *Paths
	// DeploySources link services to their workloads in deploy
	// repositories (deploysource.go); followed in organisation scans only.
	DeploySources *DeploySources

	// DebugLog receives the stack of a recovered panic; nil drops it.
	DebugLog io.Writer
	// ComponentConcurrency is how many of a monorepo's components are
	// collected and scored at once; below 2, one after the other. A
	// command that scores one repository sets it to the cores it has; an
	// organisation scan leaves it, its pool already scores repositories
	// side by side.
	ComponentConcurrency int

	catalogOnce sync.Once
	catalog     map[string]engine.Check
}

// OrgExemption is an exemption declared in the platform config.
type OrgExemption struct {
	Repo string
	scorecard.ExemptionInput
}

// Result is one repository's scorecard plus the facts it was computed from.
type Result struct {
	Repo  scorecard.Repo
	Facts *facts.Facts
}

// ScoreSnapshot collects facts from a snapshot and scores them. It never
// fails: a repository that cannot be scanned comes back with Repo.Error set,
// so one bad repository never loses a row.
//
// A panic anywhere below (a collector, the engine, scoring) is a bug in
// score, not in the repository, but it must not take the other
// repositories of a scan down with it: it becomes this repository's error
// row, "internal error: ... (please report)", and the stack goes to
// DebugLog.
func (p *Pipeline) ScoreSnapshot(ctx context.Context, snap snapshot.Snapshot) (res Result) {
	defer p.recoverRow(snap.Info, &res)
	facts, t, err := p.collect(ctx, snap)
	if err != nil {
		var pe *collect.PanicError
		if errors.As(err, &pe) && p.DebugLog != nil {
			fmt.Fprintf(p.DebugLog, "%s: %v\n%s\n", snap.Info.Name, err, pe.Stack)
		}
		return Result{Repo: ErrorRow(snap.Info, err)}
	}
	if p.DeploySources != nil {
		p.DeploySources.attach(ctx, facts, snap.Info)
	}
	// A monorepo is scored per component (docs/architecture.md,
	// "Components"); one component is the repository as before, with no
	// second collection.
	if comps, warns := p.Components(t); len(comps) > 1 {
		return p.narrow(p.scoreComponents(ctx, t, facts, snap.Info, comps, warns))
	}
	if p.OnlyComponent != "" {
		return Result{Repo: ErrorRow(snap.Info, fmt.Errorf("--component %s: %s has no components (it is scored as one)", p.OnlyComponent, snap.Info.Name)), Facts: facts}
	}
	return p.ScoreFacts(ctx, facts, snap.Info)
}

// ScoreFacts evaluates collected facts and builds the scorecard. Like
// ScoreSnapshot, it turns a panic into an error row.
func (p *Pipeline) ScoreFacts(ctx context.Context, facts *facts.Facts, info facts.RepoInfo) (res Result) {
	defer p.recoverRow(info, &res)
	team, teamWarnings := p.resolveTeam(facts, info)
	var choice PathChoice
	if p.Paths != nil {
		choice = p.Paths.Resolve(ctx, facts, info, team)
	}
	results, err := choice.engineFor(p.Engine).Evaluate(ctx, facts)
	if err != nil {
		return Result{Repo: ErrorRow(info, fmt.Errorf("evaluate policies: %w", err)), Facts: facts}
	}
	byID := p.checkCatalog()
	inputs := make([]scorecard.CheckInput, 0, len(results))
	// A check's warnings (a runtime near its end of life) do not fail it;
	// they are the repository's warnings, named by the check.
	var checkWarnings []scorecard.Warning
	for _, r := range results {
		if !choice.onPath(r.CheckID) {
			continue
		}
		c := byID[r.CheckID]
		in := scorecard.CheckInput{
			ID: c.ID, Title: c.Title, Category: c.Category, Level: c.Level, Weight: c.Weight,
			Remediation: c.Remediation, Outcome: scorecard.Outcome(r.Outcome), Error: r.Error,
			Findings: make([]scorecard.Finding, 0, len(r.Findings)),
		}
		for _, f := range r.Findings {
			in.Findings = append(in.Findings, scorecard.Finding{Message: f.Message, Path: f.Path, Line: f.Line})
		}
		for _, f := range r.Evidence {
			in.Evidence = append(in.Evidence, scorecard.Finding{Message: f.Message, Path: f.Path, Line: f.Line})
		}
		for _, w := range r.Warnings {
			checkWarnings = append(checkWarnings, scorecard.Warning{Path: w.Path, Line: w.Line, Message: r.CheckID + ": " + w.Message})
		}
		inputs = append(inputs, in)
	}
	now := time.Now
	if p.Now != nil {
		now = p.Now
	}
	meta := scorecard.RepoMeta{Name: info.Name, URL: info.URL, Commit: info.Commit, Team: team}
	exemptions := p.exemptions(facts, info)
	if p.Paths != nil {
		var pathWarnings []scorecard.Warning
		exemptions, pathWarnings = p.Paths.pathExemptions(choice, info, exemptions, byID)
		teamWarnings = append(append(teamWarnings, choice.Warnings...), pathWarnings...)
	}
	exemptions, capWarnings := p.capExemptions(exemptions, now())
	repo := scorecard.Score(meta, inputs, exemptions, now())
	repo.Path, repo.PathReason = choice.ID, choice.Reason
	repo.Warnings = append(repo.Warnings, teamWarnings...)
	repo.Warnings = append(repo.Warnings, checkWarnings...)
	repo.Warnings = append(repo.Warnings, capWarnings...)
	for _, w := range facts.Warnings {
		repo.Warnings = append(repo.Warnings, scorecard.Warning{Path: w.Path, Line: w.Line, Message: w.Message})
	}
	sortWarnings(repo.Warnings)
	return Result{Repo: repo, Facts: facts}
}

func (p *Pipeline) exemptions(facts *facts.Facts, info facts.RepoInfo) []scorecard.ExemptionInput {
	var out []scorecard.ExemptionInput
	for _, e := range p.Exemptions {
		if e.Repo == "" || e.Repo == "*" || globMatch(e.Repo, info.Name) {
			out = append(out, e.ExemptionInput)
		}
	}
	if sy := facts.Ownership.ScoreYAML; sy != nil {
		for _, e := range sy.Exemptions {
			out = append(out, scorecard.ExemptionInput{Check: e.Check, Reason: e.Reason, Expires: e.Expires, Path: e.Path, Line: e.Line, Paths: e.Paths})
		}
	}
	return out
}

// Team resolves the owning team, by its canonical name (see Owner): the
// repository's own declarations first (.score.yaml, a catalog descriptor's
// owner, the CODEOWNERS default rule's first group), then the list it was
// named in, then the platform config's group mapping, else "unowned". The
// platform config's aliases apply to each.
func (p *Pipeline) Team(facts *facts.Facts, info facts.RepoInfo) string {
	team, _ := p.resolveTeam(facts, info)
	return team
}

// checkCatalog indexes the engine's checks by id, once.
func (p *Pipeline) checkCatalog() map[string]engine.Check {
	p.catalogOnce.Do(func() {
		p.catalog = map[string]engine.Check{}
		for _, c := range p.Engine.Checks() {
			p.catalog[c.ID] = c
		}
	})
	return p.catalog
}

// globMatch is path.Match with "/**" meaning "this and everything below".
func globMatch(pattern, name string) bool {
	if base, ok := strings.CutSuffix(pattern, "/**"); ok {
		if ok, _ := path.Match(base, name); ok {
			return true
		}
		for dir := name; dir != "." && dir != "/" && dir != ""; dir = path.Dir(dir) {
			if ok, _ := path.Match(base, dir); ok {
				return true
			}
		}
		return false
	}
	ok, _ := path.Match(pattern, name)
	return ok
}

// recoverRow turns a panic into info's error row in *res.
func (p *Pipeline) recoverRow(info facts.RepoInfo, res *Result) {
	r := recover()
	if r == nil {
		return
	}
	err := &collect.PanicError{Value: r, Stack: debug.Stack()}
	if p.DebugLog != nil {
		fmt.Fprintf(p.DebugLog, "%s: %v\n%s\n", info.Name, err, err.Stack)
	}
	*res = Result{Repo: ErrorRow(info, err)}
}

// ErrorRow is the row of a repository that could not be scanned.
func ErrorRow(info facts.RepoInfo, err error) scorecard.Repo {
	return scorecard.Unscanned(scorecard.RepoMeta{Name: info.Name, URL: info.URL, Commit: info.Commit, Team: info.Team}, err)
}

func sortWarnings(ws []scorecard.Warning) {
	slices.SortStableFunc(ws, func(a, b scorecard.Warning) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Message, b.Message))
	})
}
