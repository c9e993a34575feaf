package reports

import (
	"io"

	"github.com/scoredev/score/scorecard"
)

// codeQualityFallbackPath anchors findings that have no file of their own
// (a missing CI job, a missing file) when the caller does not say which
// files exist (Options.Anchor): a Code Quality report only exists inside a
// GitLab pipeline, whose definition is the natural place to add what is
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
// when lines move; a repository-level finding (no path) hashes check id,
// repository and kind, so it stays the same issue across merge requests;
// identical findings get distinct fingerprints by occurrence. With several
// repositories, paths and fingerprints are prefixed with the repository
// name. Repositories that could not be scanned have no issues: Code
// Quality has no way to say so.
//
// Every issue points at a file: a finding's own when it exists, else
// Options.Anchor at line 1 (the description names the missing path).
func renderCodeQuality(w io.Writer, scan *scorecard.Scan, opts Options) error {
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
			add := func(msg, path string, line int, kind string) {
				// The fingerprint hashes the finding's own path, empty or not,
				// so that where it is anchored changes nothing.
				fingerprint := fp.ofFinding(r.Name, scope, c.ID, path, msg, kind)
				if !multi && path != "" && !opts.exists(path) {
					msg += " (" + path + ")"
					path = ""
				}
				if path == "" {
					path, line = opts.anchor(multi), 1
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
				add(evaluationError(c), "", 0, kindError)
			}
			for _, f := range c.Findings {
				add(componentMessage(f), f.Path, f.Line, kindFinding)
			}
			if c.Outcome == scorecard.Fail && len(c.Findings) == 0 {
				add("the check fails", "", 0, kindFail)
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

// anchor is where repository-level findings point. Anchor describes one
// repository, so a report of several uses the CI file of each.
func (o Options) anchor(multi bool) string {
	if o.Anchor != "" && !multi {
		return o.Anchor
	}
	return codeQualityFallbackPath
}

// exists reports whether a finding's file is in the repository; without
// Options.Exists every path is taken as it is.
func (o Options) exists(path string) bool {
	return o.Exists == nil || o.Exists(path)
}
