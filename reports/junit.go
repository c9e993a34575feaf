package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/scoredev/score/scorecard"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string           `xml:"name,attr"`
	Tests      int              `xml:"tests,attr"`
	Failures   int              `xml:"failures,attr"`
	Errors     int              `xml:"errors,attr"`
	Skipped    int              `xml:"skipped,attr"`
	Properties *junitProperties `xml:"properties,omitempty"`
	Cases      []junitCase      `xml:"testcase"`
}

type junitProperties struct {
	Properties []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	// Body is CDATA so that multi-line text stays readable.
	Body string `xml:",cdata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr,omitempty"`
}

// renderJUnit writes JUnit XML: a testsuite per repository, a testcase per
// check. fail is a failure, error an error, skip and exempt are skipped;
// a repository that could not be scanned is a suite with one error.
func renderJUnit(w io.Writer, scan *scorecard.Scan, _ Options) error {
	doc := junitSuites{Name: "score"}
	for _, r := range scan.Repos {
		s := junitSuite{Name: r.Name}
		if r.Error != "" {
			s.Cases = []junitCase{{Classname: "scan", Name: "scan", Error: &junitProblem{Message: "not scanned", Body: xmlSafe(r.Error)}}}
			s.Tests, s.Errors = 1, 1
		} else {
			s.Properties = &junitProperties{Properties: []junitProperty{
				{Name: "team", Value: scorecard.TeamOf(r)},
				{Name: "score", Value: formatScore(r.Score)},
				{Name: "level", Value: r.Level},
				{Name: "commit", Value: r.Commit},
			}}
			for _, g := range byCategory(r) {
				for _, c := range g.Checks {
					s.Cases = append(s.Cases, junitCaseOf(c))
				}
			}
			for _, tc := range s.Cases {
				s.Tests++
				switch {
				case tc.Failure != nil:
					s.Failures++
				case tc.Error != nil:
					s.Errors++
				case tc.Skipped != nil:
					s.Skipped++
				}
			}
		}
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
		doc.Suites = append(doc.Suites, s)
	}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("render junit: %w", err)
	}
	ew := &errWriter{w: w}
	ew.printf("%s%s\n", xml.Header, out)
	return ew.err
}

func junitCaseOf(c scorecard.CheckResult) junitCase {
	tc := junitCase{Classname: c.Category, Name: c.ID + ": " + c.Title}
	switch c.Outcome {
	case scorecard.Fail:
		msg := fmt.Sprintf("%d findings", len(c.Findings))
		if len(c.Findings) == 1 {
			msg = c.Findings[0].Message
		}
		tc.Failure = &junitProblem{Message: msg, Type: c.Level, Body: junitBody(c)}
	case scorecard.Error:
		tc.Error = &junitProblem{Message: evaluationError(c), Type: c.Level, Body: junitBody(c)}
	case scorecard.Skip:
		tc.Skipped = &junitSkipped{Message: "not applicable"}
	case scorecard.Exempt:
		msg := "exempt"
		if e := c.Exemption; e != nil {
			msg = "exempt until " + e.Expires + ": " + e.Reason
			if e.Source != "" {
				msg += " (" + e.Source + ")"
			}
		}
		tc.Skipped = &junitSkipped{Message: msg}
	}
	return tc
}

// xmlSafe replaces characters XML cannot hold. encoding/xml does so for
// attributes and character data but writes CDATA as it is.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, s)
}

func junitBody(c scorecard.CheckResult) string {
	var b strings.Builder
	if c.Error != "" {
		fmt.Fprintf(&b, "error: %s\n", c.Error)
	}
	for _, f := range c.Findings {
		if loc := location(f); loc != "" {
			fmt.Fprintf(&b, "%s  %s\n", loc, f.Message)
		} else {
			fmt.Fprintf(&b, "%s\n", f.Message)
		}
	}
	if c.Remediation != "" {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "Remediation: %s\n", c.Remediation)
	}
	return xmlSafe(b.String())
}
