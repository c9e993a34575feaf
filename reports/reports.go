// Package reports renders a scan result in the formats people and tools
// read: a terminal table, the JSON document, Markdown for merge requests,
// a self-contained HTML page, SARIF, GitLab Code Quality and JUnit XML.
//
// Each renderer writes to an io.Writer and only presents what the scan
// holds: scores, levels and rollups come from package scorecard, never
// from here. Output is deterministic: the same scan and options give the
// same bytes.
package reports

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/scoredev/score/campaign"
	"github.com/scoredev/score/scorecard"
)

// Options tune a rendering. The zero value renders everything plainly.
type Options struct {
	// Color enables ANSI colour in terminal output. The caller decides
	// (TTY, NO_COLOR); renderers never look at the environment.
	Color bool
	// Team keeps only the repositories of this team ("unowned" for those
	// without one). A team absent from the scan is an error.
	Team string
	// Comparison, when set, is shown in single-repository views: base and
	// head score and level, what the change fixes and breaks.
	Comparison *scorecard.Comparison
	// Width, when positive, is the terminal's width in columns: the table
	// report wraps cells and long lines to fit. The caller sets it only
	// when standard output is a terminal.
	Width int
	// HeadLabel, when set, names the head of the comparison instead of its
	// commit, such as "working tree (uncommitted changes)".
	HeadLabel string
	// Previous, when set, is an earlier scan to show the trend against.
	Previous *scorecard.Scan
	// History are earlier scans, oldest first, for the HTML report's
	// charts over time; their repositories need name, team, score, level
	// and error only.
	History []*scorecard.Scan
	// Title overrides the report's title where the format has one.
	Title string
	// Fixable holds the ids of the failing checks `score fix` can fix, in
	// single-repository views; the table, Markdown and HTML reports mark
	// them and say which command to run.
	Fixable map[string]bool
	// Anchor is the existing file that Code Quality issues without a file
	// of their own point at (see AnchorFile); empty means .gitlab-ci.yml.
	Anchor string
	// Exists, when set, says whether a path named by a finding is a file
	// of the repository; Code Quality anchors findings on missing files
	// (a missing CODEOWNERS) at Anchor instead.
	Exists func(path string) bool
	// Campaigns are the platform config's campaigns measured against the
	// scan (package campaign); reports show them (reports/campaigns.go).
	Campaigns []campaign.Status
}

// Renderer writes scan in one format.
type Renderer func(w io.Writer, scan *scorecard.Scan, opts Options) error

// registry lists every format, sorted by name. It is the only place a
// format is added.
var registry = []struct {
	name    string
	render  Renderer
	fixable bool // it marks Options.Fixable
}{
	{"codequality", renderCodeQuality, false},
	{"html", renderHTML, true},
	{"json", renderJSON, false},
	{"junit", renderJUnit, false},
	{"markdown", renderMarkdown, true},
	{"sarif", renderSARIF, false},
	{"table", renderTable, true},
}

// MarksFixable reports whether a format shows Options.Fixable: a caller
// need not work out which checks `score fix` can fix for the others.
func MarksFixable(format string) bool {
	for _, r := range registry {
		if r.name == format {
			return r.fixable
		}
	}
	return false
}

// Formats lists the known format names, sorted.
func Formats() []string {
	names := make([]string, len(registry))
	for i, r := range registry {
		names[i] = r.name
	}
	return names
}

// Get returns the renderer of a format. An unknown format is an error that
// lists the known ones; there is no default.
func Get(format string) (Renderer, error) {
	for _, r := range registry {
		if r.name == format {
			return withTeam(r.render), nil
		}
	}
	return nil, fmt.Errorf("unknown report format %q (known: %s)", format, strings.Join(Formats(), ", "))
}

// withTeam applies Options.Team before rendering, so that no renderer
// filters on its own.
func withTeam(render Renderer) Renderer {
	return func(w io.Writer, scan *scorecard.Scan, opts Options) error {
		if scan == nil {
			return errors.New("render report: no scan result")
		}
		if opts.Team != "" {
			var err error
			if scan, err = selectTeam(scan, opts.Team); err != nil {
				return err
			}
			if opts.Previous != nil {
				opts.Previous = keepTeam(opts.Previous, opts.Team)
			}
			history := make([]*scorecard.Scan, len(opts.History))
			for i, h := range opts.History {
				history[i] = keepTeam(h, opts.Team)
			}
			opts.History = history
		}
		return render(w, scan, opts)
	}
}

func selectTeam(scan *scorecard.Scan, team string) (*scorecard.Scan, error) {
	out := keepTeam(scan, team)
	if len(out.Repos) == 0 {
		var names []string
		for _, t := range scorecard.Rollup(scan.Repos) {
			names = append(names, t.Name)
		}
		return nil, fmt.Errorf("team %q has no repositories in this scan (teams: %s)", team, strings.Join(names, ", "))
	}
	return out, nil
}

func keepTeam(scan *scorecard.Scan, team string) *scorecard.Scan {
	out := *scan
	out.Repos = nil
	for _, r := range scan.Repos {
		if scorecard.TeamOf(r) == team {
			out.Repos = append(out.Repos, r)
		}
	}
	out.Teams = nil
	for _, t := range scan.Teams {
		if t.Name == team {
			out.Teams = append(out.Teams, t)
		}
	}
	out.Alignment = scorecard.ComputeAlignment(out.Repos) // the team's own, not the organisation's
	return &out
}

// teamsOf is the scan's team rollup, recomputed when the scan was not
// finalised.
func teamsOf(scan *scorecard.Scan) []scorecard.Team {
	if len(scan.Teams) > 0 || len(scan.Repos) == 0 {
		return scan.Teams
	}
	return scorecard.Rollup(scan.Repos)
}

// categoryOrder is the order categories are shown in; others follow by
// name.
var categoryOrder = []string{"build", "test", "observability", "deploy", "security", "ownership"}

func compareCategories(a, b string) int {
	ra, rb := slices.Index(categoryOrder, a), slices.Index(categoryOrder, b)
	if ra < 0 {
		ra = len(categoryOrder)
	}
	if rb < 0 {
		rb = len(categoryOrder)
	}
	return cmp.Or(cmp.Compare(ra, rb), cmp.Compare(a, b))
}

type categoryGroup struct {
	Name   string
	Score  float64
	Checks []scorecard.CheckResult
}

// byCategory groups a repository's checks by category in display order,
// checks by id within each.
func byCategory(r scorecard.Repo) []categoryGroup {
	idx := map[string]int{}
	var groups []categoryGroup
	for _, c := range r.Checks {
		i, ok := idx[c.Category]
		if !ok {
			i = len(groups)
			idx[c.Category] = i
			groups = append(groups, categoryGroup{Name: c.Category, Score: r.Categories[c.Category].Score})
		}
		groups[i].Checks = append(groups[i].Checks, c)
	}
	slices.SortFunc(groups, func(a, b categoryGroup) int { return compareCategories(a.Name, b.Name) })
	for _, g := range groups {
		slices.SortFunc(g.Checks, func(a, b scorecard.CheckResult) int { return cmp.Compare(a.ID, b.ID) })
	}
	return groups
}

// checkCatalog is every check that appears in a scan, by id, with the
// entry of its first appearance.
func checkCatalog(scan *scorecard.Scan) []scorecard.CheckResult {
	seen := map[string]bool{}
	var out []scorecard.CheckResult
	for _, r := range scan.Repos {
		for _, c := range r.Checks {
			if !seen[c.ID] {
				seen[c.ID] = true
				c.Findings, c.Exemption, c.Error = nil, nil, ""
				out = append(out, c)
			}
		}
	}
	slices.SortFunc(out, func(a, b scorecard.CheckResult) int {
		return cmp.Or(compareCategories(a.Category, b.Category), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func countOutcomes(r scorecard.Repo) map[scorecard.Outcome]int {
	m := map[scorecard.Outcome]int{}
	for _, c := range r.Checks {
		m[c.Outcome]++
	}
	return m
}

func failingCount(r scorecard.Repo) int {
	n := 0
	for _, c := range r.Checks {
		if c.Outcome.Failing() {
			n++
		}
	}
	return n
}

// location formats a finding's place: "path:line", "path" or "", with
// the component of a monorepo's finding first ("[api] path:line").
func location(f scorecard.Finding) string { return scorecard.FindingLabel(f) }

// componentMessage is a finding's message naming its component, for the
// formats whose location holds a path only (SARIF, Code Quality).
func componentMessage(f scorecard.Finding) string {
	if f.Component == "" {
		return f.Message
	}
	return "[" + f.Component + "] " + f.Message
}

func formatScore(s float64) string { return strconv.FormatFloat(s, 'f', 1, 64) }

func formatDelta(d float64) string {
	switch {
	case d > 0:
		return "+" + formatScore(d)
	case d < 0:
		return formatScore(d)
	default:
		return "±0.0"
	}
}

func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

// fingerprinter gives each finding a stable hash of check id, path and
// message, leaving the line out so a finding that moves keeps its hash.
// Identical findings (same check, path and message) are told apart by
// their order, so no two findings of a report share a fingerprint: GitLab
// keeps only the first issue of a fingerprint.
type fingerprinter struct {
	seen map[string]int
}

func newFingerprinter() *fingerprinter { return &fingerprinter{seen: map[string]int{}} }

// of hashes one finding. scope is the repository name when a report holds
// several repositories, else empty.
func (fp *fingerprinter) of(scope, check, path, message string) string {
	key := check + "\x00" + path + "\x00" + message
	if scope != "" {
		key = scope + "\x00" + key
	}
	return fp.hash(key)
}

// Kinds of repository-level findings (those without a path), for
// fingerprinting.
const (
	kindFinding = "finding" // a finding of the check that names no file
	kindError   = "error"   // the check could not be evaluated
	kindFail    = "fail"    // the check fails without findings
)

// ofFinding hashes one finding of check in repository repo. A finding
// with a path hashes as of does; a repository-level finding (no path)
// hashes check id, repository and kind only, not its message, whose
// details (counts, job names) may change from one merge request to the
// next while the problem stays the same.
func (fp *fingerprinter) ofFinding(repo, scope, check, path, message, kind string) string {
	if path != "" {
		return fp.of(scope, check, path, message)
	}
	return fp.hash("repository\x00" + repo + "\x00" + check + "\x00" + kind)
}

func (fp *fingerprinter) hash(key string) string {
	n := fp.seen[key]
	fp.seen[key] = n + 1
	if n > 0 {
		key += "\x00" + strconv.Itoa(n)
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// errWriter keeps the first write error so that renderers can write many
// small pieces and check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = fmt.Errorf("write report: %w", err)
	}
	return n, e.err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }

// evaluationError describes a check whose evaluation failed.
func evaluationError(c scorecard.CheckResult) string {
	if c.Error == "" {
		return "check could not be evaluated"
	}
	return "check could not be evaluated: " + c.Error
}

// plural is "1 repo", "2 repos", "2 repositories": a word ending in a
// consonant and y takes -ies, one ending in s, x, ch or sh takes -es.
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + pluralWord(word)
}

func pluralWord(word string) string {
	switch {
	case len(word) > 1 && strings.HasSuffix(word, "y") && !strings.ContainsAny(word[len(word)-2:len(word)-1], "aeiou"):
		return word[:len(word)-1] + "ies"
	case strings.HasSuffix(word, "s"), strings.HasSuffix(word, "x"),
		strings.HasSuffix(word, "ch"), strings.HasSuffix(word, "sh"):
		return word + "es"
	}
	return word + "s"
}

// failingChecks are a repository's fail and error checks, most urgent
// first: by level (bronze before silver before gold), then by id.
func failingChecks(r scorecard.Repo) []scorecard.CheckResult {
	var out []scorecard.CheckResult
	for _, c := range r.Checks {
		if c.Outcome.Failing() {
			out = append(out, c)
		}
	}
	rank := func(level string) int {
		if n := scorecard.LevelRank(level); n > 0 {
			return n
		}
		return len(scorecard.Levels) + 1
	}
	slices.SortStableFunc(out, func(a, b scorecard.CheckResult) int {
		return cmp.Or(cmp.Compare(rank(a.Level), rank(b.Level)), cmp.Compare(a.ID, b.ID))
	})
	return out
}

type findingID struct {
	check string
	scorecard.Finding
}

// newFindings indexes what a comparison reports as new, to mark it.
func newFindings(c *scorecard.Comparison) map[findingID]bool {
	m := map[findingID]bool{}
	if c != nil {
		for _, f := range c.NewFindings {
			m[findingID{f.Check, f.Finding}] = true
		}
	}
	return m
}
