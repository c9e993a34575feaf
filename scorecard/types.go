// Package scorecard turns check outcomes and exemptions into scores and
// levels for a repository, rolls repositories up into teams and the
// organisation, compares two scorecards, and defines the scan document. The
// history of scans is the history package's (SQLite stays out of here).
//
// It only does arithmetic and bookkeeping: it never parses repository files
// and never calls OPA.
package scorecard

import "time"

// Schema identifies the scan-result document. It changes only when a field
// is removed or changes meaning; additive fields raise SchemaVersion.
const Schema = "score.scan/v1"

// SchemaVersion is the minor version of the score.scan/v1 document: it
// rises with every additive change (new fields, new values), so a consumer
// can tell which fields to expect. docs/architecture.md, "The scan result",
// lists what each version added.
const SchemaVersion = "1.1"

// Outcome of one check for one repository.
type Outcome string

// Outcomes of a check (docs/architecture.md, "Checks").
const (
	Pass   Outcome = "pass"
	Fail   Outcome = "fail"
	Skip   Outcome = "skip"
	Error  Outcome = "error"
	Exempt Outcome = "exempt"
)

// Level names, lowest first. None is below bronze.
const (
	None   = "none"
	Bronze = "bronze"
	Silver = "silver"
	Gold   = "gold"
)

// Levels lists the levels from lowest to highest, None excluded.
var Levels = []string{Bronze, Silver, Gold}

// Finding is one violation a check reported.
type Finding struct {
	Message string `json:"message"`
	Path    string `json:"path,omitempty"`
	Line    int    `json:"line,omitempty"`
	// Component names the component a finding of a monorepo's merged
	// check belongs to (see Component); empty otherwise.
	Component string `json:"component,omitempty"`
}

// CheckResult is the outcome of one check for one repository, with the
// check's catalogue entry.
type CheckResult struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Outcome     Outcome   `json:"outcome"`
	Level       string    `json:"level"`
	Weight      int       `json:"weight"`
	Category    string    `json:"category"`
	Remediation string    `json:"remediation,omitempty"`
	Findings    []Finding `json:"findings"`
	// Reason says in a sentence why the check has its outcome; Evidence
	// is what it rests on (files and lines, dependencies, CI jobs), for
	// every outcome of a check whose policy has an evidence rule.
	Reason   string    `json:"reason,omitempty"`
	Evidence []Finding `json:"evidence,omitempty"`
	// Error is the evaluation error, for outcome error.
	Error string `json:"error,omitempty"`
	// Exemption is the exemption that applied (outcome exempt).
	Exemption *Exemption `json:"exemption,omitempty"`
}

// Exemption records a team's deliberate step off the golden path.
type Exemption struct {
	Check   string `json:"check"`
	Reason  string `json:"reason"`
	Expires string `json:"expires"`
	// Source is where it was declared: "path:line" of .score.yaml or the
	// platform config.
	Source string `json:"source"`
	// Paths are the globs a path-scoped exemption covers; empty for a
	// whole-check exemption.
	Paths []string `json:"paths,omitempty"`
}

// Warning is a problem met while scanning or scoring a repository, such as
// a malformed file or an exemption that was ignored.
type Warning struct {
	Path    string `json:"path,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// CategoryScore is the score of one category.
type CategoryScore struct {
	Score float64 `json:"score"`
}

// Repo is the scorecard of one repository: the row of a scan result.
type Repo struct {
	Name   string  `json:"name"`
	URL    string  `json:"url,omitempty"`
	Commit string  `json:"commit,omitempty"`
	Team   string  `json:"team"`
	Score  float64 `json:"score"`
	Level  string  `json:"level"`
	// Path is the golden path the repository is on (a path id, or
	// "off-path"); empty when no paths are configured.
	Path       string                   `json:"path,omitempty"`
	Categories map[string]CategoryScore `json:"categories"`
	Checks     []CheckResult            `json:"checks"`
	Warnings   []Warning                `json:"warnings,omitempty"`
	// CheckErrors counts the checks whose evaluation failed (outcome
	// error; see ErroredChecks); absent when none did.
	CheckErrors int `json:"check_errors,omitempty"`
	// Components are the scorecards of a monorepo's components (see
	// Component); absent for a repository of one component.
	Components []Component `json:"components,omitempty"`
	// Error is set when the repository could not be scanned; the row is kept.
	Error string `json:"error"`
	// Outcomes are the delivery measures (score scan --outcomes); absent
	// when not collected.
	Outcomes *Outcomes `json:"outcomes,omitempty"`
	// PathReason says why the repository landed on its Path.
	PathReason string `json:"path_reason,omitempty"`
	// ReuseKey is what the result depends on besides the commit (see
	// pipeline.ReuseKey); the history store keeps it to decide whether a
	// rescan may reuse the result. It is not part of the document.
	ReuseKey string `json:"-"`
}

// Team is the rollup of a team's repositories.
type Team struct {
	Name  string  `json:"name"`
	Repos int     `json:"repos"`
	Score float64 `json:"score"`
	Min   float64 `json:"min"`
	// Levels counts repositories per level (gold, silver, bronze, none).
	Levels map[string]int `json:"levels"`
	// Errors counts repositories that could not be scanned.
	Errors int `json:"errors,omitempty"`
	// Outcomes are the medians of the team's delivery measures; absent
	// when none were collected.
	Outcomes *OutcomeMedians `json:"outcomes,omitempty"`
}

// Tool identifies the score build that produced a scan.
type Tool struct {
	Version string `json:"version"`
}

// Policy identifies the policy set a scan was evaluated with.
type Policy struct {
	Digest string `json:"digest"`
}

// Scan is the scan result, the stable output (docs/architecture.md, "The
// scan result").
type Scan struct {
	Schema string `json:"schema"`
	// SchemaVersion is the document's minor version (SchemaVersion); empty
	// in documents written before 1.1.
	SchemaVersion string    `json:"schema_version,omitempty"`
	Tool          Tool      `json:"tool"`
	Policy        Policy    `json:"policy"`
	StartedAt     time.Time `json:"started_at"`
	FinishedAt    time.Time `json:"finished_at"`
	Repos         []Repo    `json:"repos"`
	Teams         []Team    `json:"teams"`
	// Alignment relates levels and checks to the delivery outcomes; absent
	// when no outcomes were collected.
	Alignment *Alignment `json:"alignment,omitempty"`
	// Paths are the platform's golden paths the scan scored against, in
	// the config's order; absent without paths.
	Paths []PathInfo `json:"paths,omitempty"`
}
