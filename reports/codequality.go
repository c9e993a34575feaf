package reports

import (
	"io"

	"github.com/scoredev/score/scorecard"
)

// codeQualityFallbackPath anchors findings that have no file of their own
// (a missing CI job, a missing file). A Code Quality report only exists
// inside a GitLab pipeline, so the pipeline definition is a file the
// repository is sure to have, and the natural place to add what is
// missing; GitLab needs a path to show an issue at all.
const codeQualityFallbackPath = ".gitlab-ci.yml"

type cqIssue struct {
	Description string     `json:"description"`
	CheckName   string     `json:"check_name"`
	Fingerprint string     `json:"fingerprint"`
	Severity    string     `json:"severity"`
	Location    cqLocation `json:"location"`
}

type cqLocation struct {
	Path  string  `json:"path"`
	Lines cqLines `json:"lines"`
}

type cqLines struct {
	Begin int `json:"begin"`
}

// renderCodeQuality writes a GitLab Code Quality report: a JSON array with
// one issue per finding of a failing check (one per check for an
// evaluation error, or for a failure without findings). Fingerprints are
// sha256 of check id, path and message, so an issue keeps its identity
// when lines move; identical findings get distinct fingerprints by
// occurrence. With several repositories, paths and fingerprints are
// prefixed with the repository name. Repositories that could not be
// scanned have no issues: Code Quality has no way to say so.
func renderCodeQuality(w io.Writer, scan *scorecard.Scan, _ Options) error {
	multi := len(scan.Repos) > 1
	fp := newFingerprinter()
	issues := []cqIssue{}
	for _, r := range scan.Repos {
		if r.Error != "" {
			continue
		}
		scope, prefix := "", ""
		if multi {
			scope, prefix = r.Name, r.Name+"/"
		}
		for _, c := range r.Checks {
			if !c.Outcome.Failing() {
				continue
			}
			severity := codeQualitySeverity(c)
			add := func(msg, path string, line int) {
				// The fingerprint hashes the finding's own path, empty or not,
				// so that adding the fallback path later changes nothing.
				fingerprint := fp.of(scope, c.ID, path, msg)
				if path == "" {
					path, line = codeQualityFallbackPath, 1
				}
				if line < 1 {
					line = 1
				}
				issues = append(issues, cqIssue{
					Description: c.Title + ": " + msg,
					CheckName:   c.ID,
					Fingerprint: fingerprint,
					Severity:    severity,
					Location:    cqLocation{Path: prefix + path, Lines: cqLines{Begin: line}},
				})
			}
			if c.Outcome == scorecard.Error {
				add(evaluationError(c), "", 0)
			}
			for _, f := range c.Findings {
				add(f.Message, f.Path, f.Line)
			}
			if c.Outcome == scorecard.Fail && len(c.Findings) == 0 {
				add("the check fails", "", 0)
			}
		}
	}
	return scorecard.EncodeJSON(w, issues)
}

// codeQualitySeverity: an evaluation error is critical; otherwise the
// lower the level, the more it matters.
func codeQualitySeverity(c scorecard.CheckResult) string {
	if c.Outcome == scorecard.Error {
		return "critical"
	}
	switch c.Level {
	case scorecard.Bronze:
		return "major"
	case scorecard.Gold:
		return "info"
	default:
		return "minor"
	}
}
