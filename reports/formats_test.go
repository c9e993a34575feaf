package reports

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/scoredev/score/scorecard"
)

var hex64 = regexp.MustCompile(`^[0-9a-f]{64}$`)

func TestSARIFStructure(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		scan *scorecard.Scan
	}{{"repo", repoScan()}, {"org", orgScan()}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var log struct {
				Schema  string `json:"$schema"`
				Version string `json:"version"`
				Runs    []struct {
					Tool struct {
						Driver struct {
							Name    string `json:"name"`
							Version string `json:"version"`
							Rules   []struct {
								ID               string            `json:"id"`
								Name             string            `json:"name"`
								ShortDescription map[string]string `json:"shortDescription"`
								FullDescription  map[string]string `json:"fullDescription"`
								Help             map[string]string `json:"help"`
								Properties       struct {
									Level    string   `json:"level"`
									Category string   `json:"category"`
									Weight   *int     `json:"weight"`
									Tags     []string `json:"tags"`
								} `json:"properties"`
							} `json:"rules"`
						} `json:"driver"`
					} `json:"tool"`
					Invocations []struct {
						ExecutionSuccessful *bool `json:"executionSuccessful"`
					} `json:"invocations"`
					Results []struct {
						RuleID    string            `json:"ruleId"`
						RuleIndex *int              `json:"ruleIndex"`
						Level     string            `json:"level"`
						Message   map[string]string `json:"message"`
						Locations []struct {
							PhysicalLocation struct {
								ArtifactLocation struct {
									URI       string `json:"uri"`
									URIBaseID string `json:"uriBaseId"`
								} `json:"artifactLocation"`
								Region *struct {
									StartLine int `json:"startLine"`
								} `json:"region"`
							} `json:"physicalLocation"`
						} `json:"locations"`
						PartialFingerprints map[string]string `json:"partialFingerprints"`
					} `json:"results"`
				} `json:"runs"`
			}
			out := render(t, "sarif", tc.scan, Options{})
			if err := json.Unmarshal(out, &log); err != nil {
				t.Fatal(err)
			}
			if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-2.1.0") {
				t.Errorf("version %q schema %q", log.Version, log.Schema)
			}
			if len(log.Runs) != 1 {
				t.Fatalf("%d runs, want 1", len(log.Runs))
			}
			run := log.Runs[0]
			if run.Tool.Driver.Name != "score" || run.Tool.Driver.Version != "0.9.0" {
				t.Errorf("driver = %q %q", run.Tool.Driver.Name, run.Tool.Driver.Version)
			}
			if len(run.Invocations) != 1 || run.Invocations[0].ExecutionSuccessful == nil {
				t.Error("invocation without executionSuccessful")
			}
			ruleLevel := map[string]string{}
			for i, r := range run.Tool.Driver.Rules {
				if r.ID == "" || r.Name == "" || r.ShortDescription["text"] == "" || r.FullDescription["text"] == "" ||
					r.Help["text"] == "" || r.Help["markdown"] == "" || r.Properties.Level == "" ||
					r.Properties.Category == "" || r.Properties.Weight == nil || len(r.Properties.Tags) == 0 {
					t.Errorf("rule %d incomplete: %+v", i, r)
				}
				if _, dup := ruleLevel[r.ID]; dup {
					t.Errorf("rule %s twice", r.ID)
				}
				ruleLevel[r.ID] = r.Properties.Level
			}
			if len(ruleLevel) != len(fixtureCatalog) {
				t.Errorf("%d rules, want one per check (%d)", len(ruleLevel), len(fixtureCatalog))
			}
			wantLevel := map[string]string{"bronze": "error", "silver": "warning", "gold": "note"}
			fingerprints := map[string]bool{}
			for i, res := range run.Results {
				if res.RuleIndex == nil || run.Tool.Driver.Rules[*res.RuleIndex].ID != res.RuleID {
					t.Errorf("result %d: ruleIndex does not point at %s", i, res.RuleID)
				}
				if res.Level != wantLevel[ruleLevel[res.RuleID]] && !(res.Level == "error" && strings.HasPrefix(res.Message["text"], "check could not be evaluated")) {
					t.Errorf("result %d (%s, %s): level %q", i, res.RuleID, ruleLevel[res.RuleID], res.Level)
				}
				if res.Message["text"] == "" {
					t.Errorf("result %d: no message", i)
				}
				if len(res.Locations) != 1 || res.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" {
					t.Errorf("result %d: locations %+v", i, res.Locations)
				}
				fp := res.PartialFingerprints[sarifFingerprintKey]
				if !hex64.MatchString(fp) {
					t.Errorf("result %d: fingerprint %q", i, fp)
				}
				if fingerprints[fp] {
					t.Errorf("result %d: fingerprint %s repeated", i, fp)
				}
				fingerprints[fp] = true
			}
			if len(run.Results) == 0 {
				t.Error("no results")
			}
		})
	}
}

// countFindings counts what should become a SARIF result / Code Quality
// issue: a finding of a failing check, an evaluation error, or a failure
// without findings.
func countFindings(s *scorecard.Scan) int {
	n := 0
	for _, r := range s.Repos {
		for _, c := range r.Checks {
			switch {
			case c.Outcome == scorecard.Error:
				n += 1 + len(c.Findings)
			case c.Outcome == scorecard.Fail && len(c.Findings) == 0:
				n++
			case c.Outcome == scorecard.Fail:
				n += len(c.Findings)
			}
		}
	}
	return n
}

func TestSARIFLocations(t *testing.T) {
	t.Parallel()
	out := string(render(t, "sarif", repoScan(), Options{}))
	for _, want := range []string{`"uri": "worker/Dockerfile"`, `"uri": "."`, `"startLine": 9`} {
		if !strings.Contains(out, want) {
			t.Errorf("single-repo SARIF lacks %s", want)
		}
	}
	org := string(render(t, "sarif", orgScan(), Options{}))
	for _, want := range []string{`"uri": "platform/payments-api/worker/Dockerfile"`, `"uri": "tools/legacy-cron/"`, `"repo": "tools/legacy-cron"`, `"executionSuccessful": false`} {
		if !strings.Contains(org, want) {
			t.Errorf("org SARIF lacks %s", want)
		}
	}
	if got := strings.Count(org, `"ruleId"`); got != countFindings(orgScan()) {
		t.Errorf("%d results, want %d", got, countFindings(orgScan()))
	}
}

func TestSARIFURIEscaping(t *testing.T) {
	t.Parallel()
	tests := []struct{ path, want string }{
		{"Dockerfile", "Dockerfile"},
		{"deploy/my chart/values.yaml", "deploy/my%20chart/values.yaml"},
		{"a#b.txt", "a%23b.txt"},
		{"c:d/Dockerfile", "./c:d/Dockerfile"},
	}
	for _, tt := range tests {
		if got := sarifLocationOf("", tt.path, 1).PhysicalLocation.ArtifactLocation.URI; got != tt.want {
			t.Errorf("uri of %q = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestFingerprintsIgnoreLines(t *testing.T) {
	t.Parallel()
	fingerprints := func(format string, shift int) []string {
		s := repoScan()
		for i := range s.Repos {
			for j := range s.Repos[i].Checks {
				for k := range s.Repos[i].Checks[j].Findings {
					if s.Repos[i].Checks[j].Findings[k].Line > 0 {
						s.Repos[i].Checks[j].Findings[k].Line += shift
					}
				}
			}
		}
		re := regexp.MustCompile(`"(?:fingerprint|scoreFindingHash/v1)": "([0-9a-f]+)"`)
		var out []string
		for _, m := range re.FindAllStringSubmatch(string(render(t, format, s, Options{})), -1) {
			out = append(out, m[1])
		}
		return out
	}
	for _, format := range []string{"sarif", "codequality"} {
		a, b := fingerprints(format, 0), fingerprints(format, 5)
		if len(a) == 0 || !slices.Equal(a, b) {
			t.Errorf("%s: fingerprints changed when lines moved:\n%v\n%v", format, a, b)
		}
	}
	if a, b := fingerprints("sarif", 0), fingerprints("codequality", 0); !slices.Equal(a, b) {
		t.Error("SARIF and Code Quality fingerprint the same findings differently")
	}
}

func TestCodeQualityFields(t *testing.T) {
	t.Parallel()
	for _, scan := range []*scorecard.Scan{repoScan(), orgScan()} {
		out := render(t, "codequality", scan, Options{})
		var issues []map[string]json.RawMessage
		if err := json.Unmarshal(out, &issues); err != nil {
			t.Fatal(err)
		}
		if len(issues) != countFindings(scan) {
			t.Errorf("%d issues, want %d", len(issues), countFindings(scan))
		}
		seen := map[string]bool{}
		for i, is := range issues {
			if keys := sortedKeys(is); !slices.Equal(keys, []string{"check_name", "description", "fingerprint", "location", "severity"}) {
				t.Errorf("issue %d has fields %v", i, keys)
			}
			var v struct {
				Description, CheckName, Fingerprint, Severity string
			}
			v.Description, v.CheckName, v.Fingerprint, v.Severity = str(t, is["description"]), str(t, is["check_name"]), str(t, is["fingerprint"]), str(t, is["severity"])
			if v.Description == "" || v.CheckName == "" {
				t.Errorf("issue %d: empty description or check_name", i)
			}
			if !hex64.MatchString(v.Fingerprint) || seen[v.Fingerprint] {
				t.Errorf("issue %d: fingerprint %q not 64 hex or repeated", i, v.Fingerprint)
			}
			seen[v.Fingerprint] = true
			if !slices.Contains([]string{"info", "minor", "major", "critical", "blocker"}, v.Severity) {
				t.Errorf("issue %d: severity %q", i, v.Severity)
			}
			var loc map[string]json.RawMessage
			if err := json.Unmarshal(is["location"], &loc); err != nil {
				t.Fatal(err)
			}
			if keys := sortedKeys(loc); !slices.Equal(keys, []string{"lines", "path"}) {
				t.Errorf("issue %d: location fields %v", i, keys)
			}
			var lines map[string]int
			if err := json.Unmarshal(loc["lines"], &lines); err != nil {
				t.Fatal(err)
			}
			if len(lines) != 1 || lines["begin"] < 1 {
				t.Errorf("issue %d: lines %v", i, lines)
			}
			if str(t, loc["path"]) == "" {
				t.Errorf("issue %d: empty path", i)
			}
		}
	}
}

func TestCodeQualitySeverity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		level   string
		outcome scorecard.Outcome
		want    string
	}{
		{scorecard.Bronze, scorecard.Fail, "major"},
		{scorecard.Silver, scorecard.Fail, "minor"},
		{scorecard.Gold, scorecard.Fail, "info"},
		{scorecard.Gold, scorecard.Error, "critical"},
		{scorecard.Bronze, scorecard.Error, "critical"},
	}
	for _, tt := range tests {
		if got := codeQualitySeverity(scorecard.CheckResult{Level: tt.level, Outcome: tt.outcome}); got != tt.want {
			t.Errorf("%s %s: %s, want %s", tt.level, tt.outcome, got, tt.want)
		}
	}
}

func TestCodeQualityOnlyFailing(t *testing.T) {
	t.Parallel()
	out := string(render(t, "codequality", orgScan(), Options{}))
	for _, id := range []string{"security.container-non-root", "observability.health-checks"} {
		// exempt in payments, pass or skip elsewhere
		if strings.Contains(out, `"check_name": "`+id+`"`) {
			t.Errorf("issue for %s, which fails nowhere", id)
		}
	}
	if !strings.Contains(out, `"path": "tools/legacy-cron/.gitlab-ci.yml"`) {
		t.Error("repo-level finding does not fall back to the CI config path")
	}
	empty := render(t, "codequality", fixtureScan(searchRepo(false)), Options{})
	if string(empty) != "[]\n" {
		t.Errorf("no issues rendered as %q, want []", empty)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func str(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("%s is not a string: %v", raw, err)
	}
	return s
}

func TestJUnitCounts(t *testing.T) {
	t.Parallel()
	scan := orgScan()
	out := render(t, "junit", scan, Options{})
	var doc struct {
		XMLName xml.Name `xml:"testsuites"`
		Suites  []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Classname string `xml:"classname,attr"`
				Name      string `xml:"name,attr"`
				Failure   *struct {
					Message string `xml:"message,attr"`
					Body    string `xml:",chardata"`
				} `xml:"failure"`
				Error   *struct{} `xml:"error"`
				Skipped *struct {
					Message string `xml:"message,attr"`
				} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	type counts struct{ tests, failures, errors, skipped int }
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	var attrs struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Skipped  int `xml:"skipped,attr"`
		Suites   []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Errors   int    `xml:"errors,attr"`
			Skipped  int    `xml:"skipped,attr"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(out, &attrs); err != nil {
		t.Fatal(err)
	}
	if len(doc.Suites) != len(scan.Repos) {
		t.Fatalf("%d suites, want %d", len(doc.Suites), len(scan.Repos))
	}
	var total counts
	for i, r := range scan.Repos {
		s, a := doc.Suites[i], attrs.Suites[i]
		if s.Name != r.Name {
			t.Errorf("suite %d = %s, want %s", i, s.Name, r.Name)
		}
		var want counts
		if r.Error != "" {
			want = counts{1, 0, 1, 0}
		} else {
			for _, c := range r.Checks {
				want.tests++
				switch c.Outcome {
				case scorecard.Fail:
					want.failures++
				case scorecard.Error:
					want.errors++
				case scorecard.Skip, scorecard.Exempt:
					want.skipped++
				}
			}
		}
		got := counts{a.Tests, a.Failures, a.Errors, a.Skipped}
		if got != want {
			t.Errorf("%s: counts %+v, want %+v", r.Name, got, want)
		}
		var parsed counts
		for _, c := range s.Cases {
			parsed.tests++
			switch {
			case c.Failure != nil:
				parsed.failures++
			case c.Error != nil:
				parsed.errors++
			case c.Skipped != nil:
				parsed.skipped++
			}
		}
		if parsed != want {
			t.Errorf("%s: testcases %+v, want %+v", r.Name, parsed, want)
		}
		total.tests += want.tests
		total.failures += want.failures
		total.errors += want.errors
		total.skipped += want.skipped
	}
	if got := (counts{attrs.Tests, attrs.Failures, attrs.Errors, attrs.Skipped}); got != total {
		t.Errorf("testsuites counts %+v, want %+v", got, total)
	}

	payments := doc.Suites[1]
	for _, c := range payments.Cases {
		switch c.Name {
		case "security.container-non-root: Containers run as a non-root user":
			if c.Classname != "security" || c.Skipped == nil || !strings.Contains(c.Skipped.Message, "exempt until 2025-09-30") {
				t.Errorf("exempt case = %+v", c)
			}
		case "build.base-image-pinned: Base images are pinned to a version":
			if c.Failure == nil || !strings.Contains(c.Failure.Body, "worker/Dockerfile:3  image alpine has no version tag") ||
				!strings.Contains(c.Failure.Body, "Remediation: Use a tag") {
				t.Errorf("failure case = %+v", c)
			}
		}
	}
}

func TestHTMLStructure(t *testing.T) {
	t.Parallel()
	scan := orgScan()
	out := render(t, "html", scan, Options{Previous: previousScan()})
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	teams, repos := map[string]bool{}, map[string]bool{}
	scripts := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			a := map[string]string{}
			for _, at := range n.Attr {
				a[at.Key] = at.Val
			}
			if id := a["id"]; id != "" {
				if ids[id] {
					t.Errorf("id %q repeated", id)
				}
				ids[id] = true
			}
			classes := strings.Fields(a["class"])
			if slices.Contains(classes, "team") {
				teams[a["data-team"]] = true
			}
			if slices.Contains(classes, "repo") {
				repos[a["data-repo"]] = true
			}
			for _, key := range []string{"src", "href", "action", "xlink:href", "srcset", "poster", "data"} {
				v := strings.ToLower(strings.TrimSpace(a[key]))
				if strings.Contains(v, "http:") || strings.Contains(v, "https:") || strings.HasPrefix(v, "//") {
					t.Errorf("<%s %s=%q> is an external reference", n.Data, key, a[key])
				}
			}
			if n.Data == "link" || n.Data == "iframe" || n.Data == "img" || n.Data == "object" || n.Data == "embed" {
				t.Errorf("element <%s> in a self-contained page", n.Data)
			}
			if n.Data == "script" {
				scripts++
				if a["src"] != "" {
					t.Error("script with src")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, id := range []string{"summary", "heatmap"} {
		if !ids[id] {
			t.Errorf("no element with id %q", id)
		}
	}
	for _, team := range []string{"payments", "search", "unowned"} {
		if !teams[team] {
			t.Errorf("no section class=team data-team=%q", team)
		}
	}
	for _, r := range scan.Repos {
		if !repos[r.Name] {
			t.Errorf("no element class=repo data-repo=%q", r.Name)
		}
	}
	if scripts != 1 {
		t.Errorf("%d script elements, want 1 (finding text must be escaped)", scripts)
	}
	if strings.Contains(string(out), "<script>alert(1)") {
		t.Error("finding text is not escaped")
	}
	if strings.Contains(string(out), "@import") || strings.Contains(string(out), "url(") {
		t.Error("CSS loads something")
	}
}

func TestHTMLHeatmap(t *testing.T) {
	t.Parallel()
	repos := []scorecard.Repo{
		{Name: "a", Checks: []scorecard.CheckResult{{ID: "x", Outcome: scorecard.Pass}, {ID: "y", Outcome: scorecard.Skip}}},
		{Name: "b", Checks: []scorecard.CheckResult{{ID: "x", Outcome: scorecard.Pass}, {ID: "y", Outcome: scorecard.Skip}}},
		{Name: "c", Checks: []scorecard.CheckResult{{ID: "x", Outcome: scorecard.Fail}, {ID: "y", Outcome: scorecard.Skip}}},
		{Name: "d", Error: "boom"},
	}
	cells := heatCells("t", repos, []scorecard.CheckResult{{ID: "x"}, {ID: "y"}})
	want := []heatCell{
		{Class: "h7", Text: "67%", Title: "t · x: 2 of 3 repos pass (1 fail)"},
		{Class: "na", Text: "–", Title: "t · y: does not apply (3 skip)"},
	}
	if !slices.Equal(cells, want) {
		t.Errorf("cells = %+v, want %+v", cells, want)
	}
}

func TestHTMLIDs(t *testing.T) {
	t.Parallel()
	s := newIDs()
	got := []string{s.make("repo", "Group/Svc"), s.make("repo", "group-svc"), s.make("repo", "group svc"), s.make("team", "")}
	want := []string{"repo-group-svc", "repo-group-svc-2", "repo-group-svc-3", "team"}
	if !slices.Equal(got, want) {
		t.Errorf("ids = %v, want %v", got, want)
	}
}

func TestJSONComparison(t *testing.T) {
	t.Parallel()
	scan := repoScan()
	plain := render(t, "json", scan, Options{})
	var direct bytes.Buffer
	if err := scorecard.WriteJSON(&direct, scan); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(plain, direct.Bytes()) {
		t.Error("json without comparison differs from scorecard.WriteJSON")
	}
	withCmp := render(t, "json", scan, Options{Comparison: fixtureComparison()})
	var doc struct {
		Schema     string `json:"schema"`
		Comparison struct {
			Base   map[string]any `json:"base"`
			Fixed  []string       `json:"fixed"`
			Broken []string       `json:"broken"`
		} `json:"comparison"`
	}
	if err := json.Unmarshal(withCmp, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != scorecard.Schema {
		t.Errorf("schema = %q", doc.Schema)
	}
	for _, k := range []string{"commit", "score", "level"} {
		if _, ok := doc.Comparison.Base[k]; !ok {
			t.Errorf("comparison.base lacks %s", k)
		}
	}
	if !slices.Equal(doc.Comparison.Fixed, []string{"build.ci-pipeline", "observability.health-checks", "security.container-non-root"}) ||
		!slices.Equal(doc.Comparison.Broken, []string{"build.base-image-pinned", "test.coverage"}) {
		t.Errorf("fixed %v broken %v", doc.Comparison.Fixed, doc.Comparison.Broken)
	}
	// The document stays readable as a scan result.
	if _, err := scorecard.ReadJSON(bytes.NewReader(withCmp)); err != nil {
		t.Errorf("json with comparison is no longer a scan result: %v", err)
	}
}

func TestTableColor(t *testing.T) {
	t.Parallel()
	for _, scan := range []*scorecard.Scan{repoScan(), orgScan()} {
		if out := render(t, "table", scan, Options{}); bytes.Contains(out, []byte("\x1b[")) {
			t.Error("ANSI escape without Color")
		}
		if out := render(t, "table", scan, Options{Color: true}); !bytes.Contains(out, []byte("\x1b[")) {
			t.Error("no ANSI escape with Color")
		}
	}
}

func TestTableControlCharacters(t *testing.T) {
	t.Parallel()
	r := paymentsHead()
	r.Name = "evil\x1b]0;pwned\x07/repo"
	r.Checks[0].Findings = []scorecard.Finding{{Message: "clear\x1b[2J screen\r\nand more", Path: "a\x1b[31m"}}
	r.Checks[0].Outcome = scorecard.Fail
	for _, opts := range []Options{{}, {Color: true}} {
		out := string(render(t, "table", fixtureScan(r), opts))
		for _, bad := range []string{"\x1b]", "\x1b[2J", "\x07", "\r", "\x1b[31ma"} {
			if strings.Contains(out, bad) {
				t.Errorf("output (color %v) passes %q through", opts.Color, bad)
			}
		}
	}
}

func TestMarkdownEscaping(t *testing.T) {
	t.Parallel()
	text := []struct{ in, want string }{
		{"plain", "plain"},
		{"a | b", `a \| b`},
		{"use `x`", "use \\`x\\`"},
		{"<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"},
		{"*bold* _it_ [link](u)", `\*bold\* \_it\_ \[link\](u)`},
		{"two\nlines", "two lines"},
		{`back\slash`, `back\\slash`},
	}
	for _, tt := range text {
		if got := mdText(tt.in); got != tt.want {
			t.Errorf("mdText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	code := []struct {
		in      string
		inTable bool
		want    string
	}{
		{"Dockerfile:1", true, "`Dockerfile:1`"},
		{"a|b", true, "`a\\|b`"},
		{"a|b", false, "`a|b`"},
		{"has ` tick", false, "``has ` tick``"},
		{"`edge", false, "`` `edge ``"},
		{"two `` ticks", false, "```two `` ticks```"},
		{"", true, ""},
	}
	for _, tt := range code {
		if got := mdCode(tt.in, tt.inTable); got != tt.want {
			t.Errorf("mdCode(%q, %v) = %q, want %q", tt.in, tt.inTable, got, tt.want)
		}
	}
	cells := []struct{ in, want string }{
		{"a | b", `a \| b`},
		{`already \| escaped`, `already \| escaped`},
		{"line one\nline two", "line one<br>line two"},
		{"use `x|y`", "use `x\\|y`"},
	}
	for _, tt := range cells {
		if got := mdCell(tt.in); got != tt.want {
			t.Errorf("mdCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMarkdownTableRows(t *testing.T) {
	t.Parallel()
	// Every table row of the report has as many cells as its header,
	// whatever the findings contain.
	for _, tc := range []struct {
		scan *scorecard.Scan
		opts Options
	}{{repoScan(), Options{Comparison: fixtureComparison()}}, {orgScan(), Options{Previous: previousScan()}}} {
		out := string(render(t, "markdown", tc.scan, tc.opts))
		cols := -1
		for _, line := range strings.Split(out, "\n") {
			if !strings.HasPrefix(line, "|") {
				cols = -1
				continue
			}
			n := cellCount(line)
			if cols < 0 {
				cols = n
			} else if n != cols {
				t.Errorf("row has %d cells, header %d: %s", n, cols, line)
			}
		}
	}
}

// cellCount counts GFM table cells: pipes not escaped with a backslash.
func cellCount(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		if line[i] == '|' && (i == 0 || line[i-1] != '\\') {
			n++
		}
	}
	return n - 1
}

func TestJUnitInvalidCharacters(t *testing.T) {
	t.Parallel()
	r := paymentsHead()
	for i := range r.Checks {
		if r.Checks[i].Outcome == scorecard.Fail {
			r.Checks[i].Findings = []scorecard.Finding{{Message: "bad \x1b[31m\x00 bytes ]]> end", Path: "x\x01"}}
		}
	}
	out := render(t, "junit", fixtureScan(r), Options{})
	dec := xml.NewDecoder(bytes.NewReader(out))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("junit output is not well-formed XML: %v", err)
		}
	}
}

func TestSingleUnscannedRepo(t *testing.T) {
	t.Parallel()
	scan := fixtureScan(scorecard.Unscanned(scorecard.RepoMeta{Name: "g/broken"}, errors.New("clone g/broken: timeout")))
	for _, format := range []string{"table", "markdown", "html", "junit"} {
		out := string(render(t, format, scan, Options{}))
		if !strings.Contains(out, "clone g/broken: timeout") {
			t.Errorf("%s does not show the scan error:\n%s", format, out)
		}
	}
	if out := string(render(t, "sarif", scan, Options{})); !strings.Contains(out, `"executionSuccessful": false`) || !strings.Contains(out, "clone g/broken: timeout") {
		t.Errorf("sarif does not report the scan error:\n%s", out)
	}
}
