package scorecard

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Unowned is the team of repositories that declare no owner. It is a
// visible team of its own in rollups (docs/architecture.md, "Scoring").
const Unowned = "unowned"

// dateLayout is the only accepted form of an exemption's expiry.
const dateLayout = "2006-01-02"

// RepoMeta identifies the repository being scored.
type RepoMeta struct {
	Name   string
	URL    string
	Commit string
	Team   string
}

// CheckInput is the engine's verdict on one check for one repository, with
// the check's catalogue entry. Outcome is pass, fail, skip or error; exempt
// is decided here, never by the engine.
type CheckInput struct {
	ID          string
	Title       string
	Category    string
	Level       string
	Weight      int
	Remediation string
	Outcome     Outcome
	Findings    []Finding
	// Evidence is what the outcome rests on (the check's evidence rule).
	Evidence []Finding
	Error    string
}

// ExemptionInput is an exemption as declared, not yet judged. Its fields
// match facts.Exemption one for one, so a conversion
// scorecard.ExemptionInput(e) turns the raw fact into an input.
type ExemptionInput struct {
	Check   string
	Reason  string
	Expires string
	Path    string
	Line    int
	// Paths, when set, scope the exemption to the findings under these
	// globs (see PathMatch): the check is exempt only when every finding
	// is covered, else it keeps failing with the findings left uncovered.
	Paths []string
}

// Score turns a repository's check outcomes and exemptions into its
// scorecard: exemptions applied, score, level and category scores computed,
// checks sorted by id. Exemptions that cannot apply become warnings naming
// the file and line they were declared at. now decides expiry (in UTC; an
// exemption that expires today still holds).
func Score(repo RepoMeta, checks []CheckInput, exemptions []ExemptionInput, now time.Time) Repo {
	out := Repo{
		Name:       repo.Name,
		URL:        repo.URL,
		Commit:     repo.Commit,
		Team:       repo.Team,
		Categories: map[string]CategoryScore{},
		Checks:     make([]CheckResult, 0, len(checks)),
	}
	byID := make(map[string]int, len(checks))
	for _, c := range checks {
		findings := slices.Clone(c.Findings)
		if findings == nil {
			findings = []Finding{}
		}
		slices.SortStableFunc(findings, compareFindings)
		byID[c.ID] = len(out.Checks)
		out.Checks = append(out.Checks, CheckResult{
			ID:          c.ID,
			Title:       c.Title,
			Outcome:     c.Outcome,
			Level:       c.Level,
			Weight:      c.Weight,
			Category:    c.Category,
			Remediation: c.Remediation,
			Findings:    findings,
			Evidence:    slices.Clone(c.Evidence),
			Error:       c.Error,
		})
	}

	today := civilDate(now)
	applied := map[string]string{} // check id -> source of the exemption that applied
	for _, e := range exemptions {
		source := sourceOf(e.Path, e.Line)
		idx, known := byID[e.Check]
		if msg := invalidExemption(e, known, today); msg != "" {
			out.Warnings = append(out.Warnings, Warning{Path: e.Path, Line: e.Line, Message: msg})
			continue
		}
		if first, dup := applied[e.Check]; dup {
			out.Warnings = append(out.Warnings, Warning{Path: e.Path, Line: e.Line,
				Message: fmt.Sprintf("duplicate exemption for %s (first declared at %s); ignored", e.Check, first)})
			continue
		}
		applied[e.Check] = source
		c := &out.Checks[idx]
		if len(e.Paths) > 0 && (c.Outcome == Fail || c.Outcome == Error) {
			if msg := applyScoped(c, e, source); msg != "" {
				out.Warnings = append(out.Warnings, Warning{Path: e.Path, Line: e.Line, Message: msg})
			}
			continue
		}
		switch c.Outcome {
		case Fail, Error:
			c.Outcome = Exempt
			c.Exemption = &Exemption{Check: e.Check, Reason: e.Reason, Expires: e.Expires, Source: source}
		case Pass:
			out.Warnings = append(out.Warnings, Warning{Path: e.Path, Line: e.Line,
				Message: fmt.Sprintf("exemption for %s is no longer needed: the check passes", e.Check)})
		case Skip:
			out.Warnings = append(out.Warnings, Warning{Path: e.Path, Line: e.Line,
				Message: fmt.Sprintf("exemption for %s is not needed: the check does not apply", e.Check)})
		}
	}

	slices.SortStableFunc(out.Checks, func(a, b CheckResult) int { return cmp.Compare(a.ID, b.ID) })
	for i := range out.Checks {
		out.Checks[i].Reason = reasonOf(out.Checks[i])
	}

	out.Score = scoreOf(out.Checks)
	out.Level = levelOf(out.Checks)
	out.CheckErrors = len(ErroredChecks(out))
	cats := map[string][]CheckResult{}
	for _, c := range out.Checks {
		cats[c.Category] = append(cats[c.Category], c)
	}
	for name, cs := range cats {
		out.Categories[name] = CategoryScore{Score: scoreOf(cs)}
	}
	return out
}

// Unscanned is the row of a repository that could not be scanned: it keeps
// its place in the scan result with Error set and counts in no score.
func Unscanned(repo RepoMeta, err error) Repo {
	msg := "unknown error"
	if err != nil {
		msg = printableError(err.Error())
	}
	return Repo{
		Name:       repo.Name,
		URL:        repo.URL,
		Commit:     repo.Commit,
		Team:       repo.Team,
		Level:      None,
		Categories: map[string]CategoryScore{},
		Checks:     []CheckResult{},
		Error:      msg,
	}
}

// TeamOf is the team a repository counts under: its declared team, or
// Unowned.
func TeamOf(r Repo) string {
	if r.Team == "" {
		return Unowned
	}
	return r.Team
}

// String formats a warning as "path:line: message", leaving out what is
// unknown.
func (w Warning) String() string {
	if src := sourceOf(w.Path, w.Line); src != "" {
		return src + ": " + w.Message
	}
	return w.Message
}

// Counted reports whether an outcome enters the score's denominator.
func (o Outcome) Counted() bool { return o == Pass || o == Fail || o == Error }

// Failing reports whether an outcome is a failure: fail, or error, which
// counts as fail.
func (o Outcome) Failing() bool { return o == Fail || o == Error }

// LevelRank orders levels: none 0, bronze 1, silver 2, gold 3; an unknown
// level is -1.
func LevelRank(level string) int {
	switch level {
	case None:
		return 0
	case Bronze:
		return 1
	case Silver:
		return 2
	case Gold:
		return 3
	}
	return -1
}

// invalidExemption names every reason e cannot apply, or returns "".
func invalidExemption(e ExemptionInput, known bool, today time.Time) string {
	if strings.TrimSpace(e.Check) == "" {
		return "exemption has no check id; ignored"
	}
	var problems []string
	if !known {
		problems = append(problems, "names an unknown check")
	}
	if strings.TrimSpace(e.Reason) == "" {
		problems = append(problems, "has no reason")
	}
	switch exp := strings.TrimSpace(e.Expires); {
	case exp == "":
		problems = append(problems, "has no expiry date (want YYYY-MM-DD)")
	default:
		d, err := time.Parse(dateLayout, exp)
		if err != nil {
			problems = append(problems, fmt.Sprintf("has an invalid expiry date %q (want YYYY-MM-DD)", e.Expires))
		} else if d.Before(today) {
			problems = append(problems, "expired on "+exp)
		}
	}
	if len(problems) == 0 {
		return ""
	}
	return fmt.Sprintf("exemption for %s %s; ignored", e.Check, strings.Join(problems, " and "))
}

// civilDate is midnight UTC of t's UTC date.
func civilDate(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func sourceOf(path string, line int) string {
	switch {
	case path == "":
		return ""
	case line > 0:
		return path + ":" + strconv.Itoa(line)
	default:
		return path
	}
}

// scoreOf is 100 × Σweight(pass) / Σweight(pass+fail+error), one decimal;
// 100 when nothing counts.
func scoreOf(checks []CheckResult) float64 {
	var passed, counted int
	for _, c := range checks {
		if !c.Outcome.Counted() {
			continue
		}
		counted += c.Weight
		if c.Outcome == Pass {
			passed += c.Weight
		}
	}
	if counted <= 0 {
		return 100
	}
	return round1(100 * float64(passed) / float64(counted))
}

// levelOf is the highest level whose checks, and those of every level
// below, all pass, skip or are exempt. Checks with a level outside
// bronze/silver/gold do not take part.
func levelOf(checks []CheckResult) string {
	level := None
	for _, l := range Levels {
		for _, c := range checks {
			if c.Level == l && c.Outcome.Failing() {
				return level
			}
		}
		level = l
	}
	return level
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

func compareFindings(a, b Finding) int {
	return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Message, b.Message))
}

// printableError drops control characters (a NUL byte in a git server's
// message, terminal escapes) from an error kept in a row: it is printed in
// terminals and reports and stored, and a server chose its bytes. Line
// breaks become spaces.
func printableError(msg string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return -1
		}
		return r
	}, strings.TrimSpace(msg))
}
