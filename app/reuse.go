package app

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/scoredev/score/config"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/scorecard"
)

// ReuseKey names everything outside a repository's own files that can
// change its result: the score version, the policy digest (policies, their
// config, the disabled checks, the overrides), the platform config's team
// mapping, org-wide exemptions, golden paths, deploy sources and component
// globs, and what the repository list said about it (team, group path). A stored result may stand in for a rescan only when its
// commit and its reuse key are those of the scan about to run, and
// Reusable agrees; see docs/architecture.md ("Incremental scans").
func (p *Pipeline) ReuseKey(toolVersion string, info facts.RepoInfo) string {
	type exemption struct {
		Repo, Check, Reason, Expires, Path string
		Line                               int
		Paths                              []string
	}
	doc := struct {
		Format     string
		Tool       string
		Policy     string
		Teams      []TeamRule
		Aliases    map[string]string
		MaxDays    int
		Exemptions []exemption
		ListTeam   string
		GroupPath  string
		// Paths is the platform config's golden paths, as written; absent
		// without them, so keys of configs without paths stay as they were.
		Paths string `json:",omitempty"`
		// DeploySources links services to deploy repositories.
		DeploySources []config.DeploySource `json:",omitempty"`
		// Components are the config's component globs; absent when none,
		// so that keys stored before them still match.
		Components []string `json:",omitempty"`
	}{Components: p.ComponentGlobs, Format: "score-reuse/v1", Tool: toolVersion, Policy: p.Engine.Digest(), Teams: p.Teams, Aliases: p.Aliases, MaxDays: p.MaxExemptionDays,
		ListTeam: info.Team, GroupPath: info.GroupPath}
	if p.Paths != nil {
		doc.Paths = p.Paths.key
	}
	if p.DeploySources != nil {
		doc.DeploySources = p.DeploySources.entries
	}
	for _, e := range p.Exemptions {
		doc.Exemptions = append(doc.Exemptions, exemption{e.Repo, e.Check, e.Reason, e.Expires, e.Path, e.Line, e.Paths})
	}
	data, _ := json.Marshal(doc) // plain strings and maps with sorted keys: cannot fail
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Reusable reports whether a stored result still holds today: an
// exemption that applied to it must not have expired since. Expiry is the
// one input that changes with the date alone, so it is judged at reuse
// time against p.Now rather than put in the key.
func (p *Pipeline) Reusable(repo scorecard.Repo) bool {
	now := time.Now
	if p.Now != nil {
		now = p.Now
	}
	y, m, d := now().UTC().Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	for _, w := range repo.Warnings {
		if strings.Contains(w.Message, maxDaysKey) {
			return false // refused for expiring too far ahead: the window moves with the date
		}
		if strings.HasPrefix(w.Message, deployReadKey) {
			return false // read another repository, whose commit the key does not hold
		}
	}
	for _, c := range repo.Checks {
		if c.Outcome != scorecard.Exempt || c.Exemption == nil {
			continue
		}
		exp, err := time.Parse(time.DateOnly, c.Exemption.Expires)
		if err != nil || exp.Before(today) {
			return false
		}
	}
	return true
}

// maxDaysKey names the platform config setting in the warning of an
// exemption refused by capExemptions.
const maxDaysKey = "max_exemption_days"

// capExemptions drops the exemptions that expire more than
// MaxExemptionDays after today, each with a warning at its file and line;
// an expiry that does not parse is left to scorecard.Score to report.
func (p *Pipeline) capExemptions(in []scorecard.ExemptionInput, now time.Time) ([]scorecard.ExemptionInput, []scorecard.Warning) {
	if p.MaxExemptionDays <= 0 {
		return in, nil
	}
	y, m, d := now.UTC().Date()
	limit := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AddDate(0, 0, p.MaxExemptionDays)
	var out []scorecard.ExemptionInput
	var warns []scorecard.Warning
	for _, e := range in {
		exp, err := time.Parse(time.DateOnly, strings.TrimSpace(e.Expires))
		if err == nil && exp.After(limit) {
			warns = append(warns, scorecard.Warning{Path: e.Path, Line: e.Line, Message: fmt.Sprintf(
				"exemption for %s expires on %s, more than %d days ahead (%s in the platform config); ignored: set expires on or before %s",
				e.Check, e.Expires, p.MaxExemptionDays, maxDaysKey, limit.Format(time.DateOnly))})
			continue
		}
		out = append(out, e)
	}
	return out, warns
}
