package reports

import (
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/scoredev/score/scorecard"
)

// sarifFingerprintKey names the partial fingerprint: a hash of check id,
// path and message (not the line), versioned so that a change of recipe
// does not pass for the same findings.
const sarifFingerprintKey = "scoreFindingHash/v1"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name    string      `json:"name"`
	Version string      `json:"version,omitempty"`
	Rules   []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifMessage       `json:"shortDescription"`
	FullDescription      sarifMessage       `json:"fullDescription"`
	Help                 sarifHelp          `json:"help"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Level    string   `json:"level"`
	Category string   `json:"category"`
	Weight   int      `json:"weight"`
	Tags     []string `json:"tags"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string       `json:"level"`
	Message sarifMessage `json:"message"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations"`
	// RelatedLocations are the check's evidence: what its outcome rests on.
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          *sarifResultProps `json:"properties,omitempty"`
}

type sarifResultProps struct {
	Repo    string `json:"repo"`
	Outcome string `json:"outcome"`
}

type sarifLocation struct {
	ID               int                   `json:"id,omitempty"`
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifMessage         `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

// renderSARIF writes SARIF 2.1.0: one run, one rule per check of the scan,
// one result per finding of a failing check and one per check that could
// not be evaluated. A result's related locations are its check's evidence. Locations are relative to the repository root
// (%SRCROOT%); a finding without a path points at the root itself. With
// several repositories, paths and fingerprints are prefixed with the
// repository name and each result names its repository.
func renderSARIF(w io.Writer, scan *scorecard.Scan, _ Options) error {
	catalog := checkCatalog(scan)
	index := map[string]int{}
	rules := make([]sarifRule, len(catalog))
	for i, c := range catalog {
		index[c.ID] = i
		rules[i] = sarifRule{
			ID:               c.ID,
			Name:             ruleName(c.ID),
			ShortDescription: sarifMessage{Text: c.Title},
			FullDescription:  sarifMessage{Text: fullDescription(c)},
			Help:             sarifHelp{Text: c.Remediation, Markdown: c.Remediation},
			DefaultConfiguration: sarifConfiguration{
				Level: sarifLevel(c.Level),
			},
			Properties: sarifRuleProps{
				Level:    c.Level,
				Category: c.Category,
				Weight:   c.Weight,
				Tags:     []string{"golden-path", c.Category, c.Level},
			},
		}
	}

	multi := len(scan.Repos) > 1
	fp := newFingerprinter()
	inv := sarifInvocation{ExecutionSuccessful: true}
	results := []sarifResult{}
	for _, r := range scan.Repos {
		scope, prefix := "", ""
		if multi {
			scope, prefix = r.Name, r.Name+"/"
		}
		if r.Error != "" {
			inv.ExecutionSuccessful = false
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
				Level: "error", Message: sarifMessage{Text: r.Name + ": not scanned: " + r.Error},
			})
			continue
		}
		for _, c := range r.Checks {
			if !c.Outcome.Failing() {
				continue
			}
			level := sarifLevel(c.Level)
			add := func(msg, path string, line int, kind string) {
				res := sarifResult{
					RuleID:           c.ID,
					RuleIndex:        index[c.ID],
					Level:            level,
					Message:          sarifMessage{Text: msg},
					Locations:        []sarifLocation{sarifLocationOf(prefix, path, line)},
					RelatedLocations: sarifEvidence(prefix, c.Evidence),
					PartialFingerprints: map[string]string{
						sarifFingerprintKey: fp.ofFinding(r.Name, scope, c.ID, path, msg, kind),
					},
				}
				if multi || c.Outcome == scorecard.Error {
					res.Properties = &sarifResultProps{Repo: r.Name, Outcome: string(c.Outcome)}
				}
				results = append(results, res)
			}
			if c.Outcome == scorecard.Error {
				level = "error"
				add(evaluationError(c), "", 0, kindError)
				// The run's summary counts it too: the run completed,
				// but this check's policy did not.
				inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
					Level: "error", Message: sarifMessage{Text: prefix + c.ID + ": " + evaluationError(c)},
				})
			}
			for _, f := range c.Findings {
				add(componentMessage(f), f.Path, f.Line, kindFinding)
			}
			if c.Outcome == scorecard.Fail && len(c.Findings) == 0 {
				add(c.Title, "", 0, kindFail)
			}
		}
	}

	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool:        sarifTool{Driver: sarifDriver{Name: "score", Version: scan.Tool.Version, Rules: rules}},
			Invocations: []sarifInvocation{inv},
			Results:     results,
		}},
	}
	return scorecard.EncodeJSON(w, log)
}

func sarifLocationOf(prefix, path string, line int) sarifLocation {
	uri := (&url.URL{Path: prefix + path}).String()
	if path == "" {
		uri = (&url.URL{Path: prefix}).String()
		if uri == "" {
			uri = "."
		}
	}
	loc := sarifLocation{PhysicalLocation: sarifPhysicalLocation{
		ArtifactLocation: sarifArtifactLocation{URI: uri, URIBaseID: "%SRCROOT%"},
	}}
	if path != "" && line > 0 {
		loc.PhysicalLocation.Region = &sarifRegion{StartLine: line}
	}
	return loc
}

// sarifEvidence turns a check's evidence into related locations, each
// with its message.
func sarifEvidence(prefix string, evidence []scorecard.Finding) []sarifLocation {
	var out []sarifLocation
	for i, e := range evidence {
		loc := sarifLocationOf(prefix, e.Path, e.Line)
		loc.ID = i + 1
		loc.Message = &sarifMessage{Text: e.Message}
		out = append(out, loc)
	}
	return out
}

// sarifLevel maps a check's level to a result level: a bronze gap is the
// most urgent.
func sarifLevel(level string) string {
	switch level {
	case scorecard.Bronze:
		return "error"
	case scorecard.Gold:
		return "note"
	default:
		return "warning"
	}
}

// ruleName is the id as an identifier: "security.container-non-root" ->
// "SecurityContainerNonRoot".
func ruleName(id string) string {
	var b strings.Builder
	upper := true
	for _, r := range id {
		switch {
		case r == '.' || r == '-' || r == '_':
			upper = true
		case upper:
			b.WriteString(strings.ToUpper(string(r)))
			upper = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func fullDescription(c scorecard.CheckResult) string {
	return strings.TrimSuffix(c.Title, ".") + ". A " + c.Level + " check of the " + c.Category + " category, weight " + strconv.Itoa(c.Weight) + "."
}
