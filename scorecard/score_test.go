package scorecard

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

var testNow = time.Date(2025, 3, 15, 10, 0, 0, 0, time.UTC)

func chk(id, level string, weight int, outcome Outcome) CheckInput {
	return CheckInput{ID: id, Title: "title of " + id, Category: categoryOf(id), Level: level, Weight: weight, Outcome: outcome}
}

func categoryOf(id string) string {
	for i := range id {
		if id[i] == '.' {
			return id[:i]
		}
	}
	return "other"
}

func TestScoreFormula(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		checks []CheckInput
		want   float64
	}{
		{"no checks", nil, 100},
		{"all pass", []CheckInput{chk("a.x", Bronze, 1, Pass), chk("a.y", Silver, 3, Pass)}, 100},
		{"all fail", []CheckInput{chk("a.x", Bronze, 1, Fail), chk("a.y", Silver, 3, Fail)}, 0},
		{"weighted", []CheckInput{chk("a.x", Bronze, 3, Pass), chk("a.y", Silver, 1, Fail)}, 75},
		{"skip leaves the denominator", []CheckInput{chk("a.x", Bronze, 1, Pass), chk("a.y", Silver, 1, Fail), chk("a.z", Gold, 5, Skip)}, 50},
		{"only skips", []CheckInput{chk("a.x", Bronze, 1, Skip), chk("a.y", Gold, 2, Skip)}, 100},
		{"error counts as fail", []CheckInput{chk("a.x", Bronze, 1, Pass), chk("a.y", Silver, 3, Error)}, 25},
		{"rounded to one decimal", []CheckInput{chk("a.x", Bronze, 2, Pass), chk("a.y", Silver, 1, Fail)}, 66.7},
		{"one in eight", []CheckInput{chk("a.x", Bronze, 1, Pass), chk("a.y", Silver, 7, Fail)}, 12.5},
		{"rounded down", []CheckInput{chk("a.x", Bronze, 5, Pass), chk("a.y", Silver, 1, Fail)}, 83.3},
		{"rounded up at .x5", []CheckInput{chk("a.x", Bronze, 1, Pass), chk("a.y", Silver, 15, Fail)}, 6.3},
		{"zero weight passes do not count", []CheckInput{chk("a.x", Bronze, 0, Pass), chk("a.y", Silver, 1, Fail)}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Score(RepoMeta{Name: "r"}, tt.checks, nil, testNow)
			if got.Score != tt.want {
				t.Errorf("score = %v, want %v", got.Score, tt.want)
			}
		})
	}
}

func TestScoreExemptLeavesDenominator(t *testing.T) {
	t.Parallel()
	checks := []CheckInput{chk("a.x", Bronze, 1, Pass), chk("a.y", Silver, 3, Fail), chk("a.z", Silver, 1, Fail)}
	ex := []ExemptionInput{{Check: "a.y", Reason: "legacy", Expires: "2030-01-01", Path: ".score.yaml", Line: 3}}
	got := Score(RepoMeta{Name: "r"}, checks, ex, testNow)
	if got.Score != 50 {
		t.Errorf("score = %v, want 50 (exempt a.y out of the denominator)", got.Score)
	}
}

func TestScoreLevel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		checks []CheckInput
		want   string
	}{
		{"no checks is vacuously gold", nil, Gold},
		{"all pass", []CheckInput{chk("a.b", Bronze, 1, Pass), chk("a.s", Silver, 1, Pass), chk("a.g", Gold, 1, Pass)}, Gold},
		{"bronze fails", []CheckInput{chk("a.b", Bronze, 1, Fail), chk("a.s", Silver, 1, Pass), chk("a.g", Gold, 1, Pass)}, None},
		{"bronze errors", []CheckInput{chk("a.b", Bronze, 1, Error), chk("a.s", Silver, 1, Pass)}, None},
		{"silver fails", []CheckInput{chk("a.b", Bronze, 1, Pass), chk("a.s", Silver, 1, Fail), chk("a.g", Gold, 1, Pass)}, Bronze},
		{"gold fails", []CheckInput{chk("a.b", Bronze, 1, Pass), chk("a.s", Silver, 1, Pass), chk("a.g", Gold, 1, Fail)}, Silver},
		{"gold error", []CheckInput{chk("a.b", Bronze, 1, Pass), chk("a.s", Silver, 1, Pass), chk("a.g", Gold, 1, Error)}, Silver},
		{"silver fails while gold passes", []CheckInput{chk("a.b", Bronze, 1, Pass), chk("a.s", Silver, 1, Fail), chk("a.g", Gold, 1, Pass)}, Bronze},
		{"skips hold every level", []CheckInput{chk("a.b", Bronze, 1, Skip), chk("a.s", Silver, 1, Skip), chk("a.g", Gold, 1, Skip)}, Gold},
		{"no silver checks", []CheckInput{chk("a.b", Bronze, 1, Pass), chk("a.g", Gold, 1, Pass)}, Gold},
		{"unknown level takes no part", []CheckInput{chk("a.b", Bronze, 1, Pass), chk("a.p", "platinum", 1, Fail)}, Gold},
		{"one of many bronze fails", []CheckInput{chk("a.b1", Bronze, 1, Pass), chk("a.b2", Bronze, 1, Fail), chk("a.b3", Bronze, 1, Pass)}, None},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Score(RepoMeta{Name: "r"}, tt.checks, nil, testNow).Level; got != tt.want {
				t.Errorf("level = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestScoreExemptLevel(t *testing.T) {
	t.Parallel()
	checks := []CheckInput{chk("a.b", Bronze, 1, Fail), chk("a.s", Silver, 1, Pass), chk("a.g", Gold, 1, Error)}
	ex := []ExemptionInput{
		{Check: "a.b", Reason: "r", Expires: "2030-01-01", Path: ".score.yaml", Line: 3},
		{Check: "a.g", Reason: "r", Expires: "2030-01-01", Path: ".score.yaml", Line: 6},
	}
	got := Score(RepoMeta{Name: "r"}, checks, ex, testNow)
	if got.Level != Gold {
		t.Errorf("level = %q, want gold with the failures exempt", got.Level)
	}
	if got.Score != 100 {
		t.Errorf("score = %v, want 100", got.Score)
	}
}

func TestScoreExemptions(t *testing.T) {
	t.Parallel()
	const id = "security.container-non-root"
	tests := []struct {
		name        string
		outcome     Outcome
		ex          ExemptionInput
		now         time.Time
		wantOutcome Outcome
		wantWarning string
	}{
		{
			name:        "valid",
			outcome:     Fail,
			ex:          ExemptionInput{Check: id, Reason: "legacy port 80", Expires: "2025-12-31", Path: ".score.yaml", Line: 4},
			wantOutcome: Exempt,
		},
		{
			name:        "expires today still holds",
			outcome:     Fail,
			ex:          ExemptionInput{Check: id, Reason: "legacy", Expires: "2025-03-15", Path: ".score.yaml", Line: 4},
			wantOutcome: Exempt,
		},
		{
			name:        "expires today at the last second of the day",
			outcome:     Fail,
			ex:          ExemptionInput{Check: id, Reason: "legacy", Expires: "2025-03-15", Path: ".score.yaml", Line: 4},
			now:         time.Date(2025, 3, 15, 23, 59, 59, 0, time.UTC),
			wantOutcome: Exempt,
		},
		{
			name:        "expired yesterday",
			outcome:     Fail,
			ex:          ExemptionInput{Check: id, Reason: "legacy", Expires: "2025-03-14", Path: ".score.yaml", Line: 4},
			wantOutcome: Fail,
			wantWarning: ".score.yaml:4: exemption for security.container-non-root expired on 2025-03-14; ignored",
		},
		{
			name:    "today is judged in UTC",
			outcome: Fail,
			ex:      ExemptionInput{Check: id, Reason: "legacy", Expires: "2025-03-14", Path: ".score.yaml", Line: 4},
			// 01:00 on the 15th in UTC+2 is still the 14th in UTC.
			now:         time.Date(2025, 3, 15, 1, 0, 0, 0, time.FixedZone("EET", 2*3600)),
			wantOutcome: Exempt,
		},
		{
			name:        "error outcome is exempted too",
			outcome:     Error,
			ex:          ExemptionInput{Check: id, Reason: "flaky policy", Expires: "2026-01-01", Path: ".score.yaml", Line: 4},
			wantOutcome: Exempt,
		},
		{
			name:        "reason missing",
			outcome:     Fail,
			ex:          ExemptionInput{Check: id, Reason: "  ", Expires: "2026-01-01", Path: ".score.yaml", Line: 7},
			wantOutcome: Fail,
			wantWarning: ".score.yaml:7: exemption for security.container-non-root has no reason; ignored",
		},
		{
			name:        "expiry missing",
			outcome:     Fail,
			ex:          ExemptionInput{Check: id, Reason: "legacy", Path: ".score.yaml", Line: 7},
			wantOutcome: Fail,
			wantWarning: ".score.yaml:7: exemption for security.container-non-root has no expiry date (want YYYY-MM-DD); ignored",
		},
		{
			name:        "unparseable date",
			outcome:     Fail,
			ex:          ExemptionInput{Check: id, Reason: "legacy", Expires: "31/03/2026", Path: ".score.yaml", Line: 7},
			wantOutcome: Fail,
			wantWarning: `.score.yaml:7: exemption for security.container-non-root has an invalid expiry date "31/03/2026" (want YYYY-MM-DD); ignored`,
		},
		{
			name:        "date without leading zeros",
			outcome:     Fail,
			ex:          ExemptionInput{Check: id, Reason: "legacy", Expires: "2026-3-1", Path: ".score.yaml", Line: 7},
			wantOutcome: Fail,
			wantWarning: `.score.yaml:7: exemption for security.container-non-root has an invalid expiry date "2026-3-1" (want YYYY-MM-DD); ignored`,
		},
		{
			name:        "unknown check id",
			outcome:     Fail,
			ex:          ExemptionInput{Check: "security.non-root", Reason: "legacy", Expires: "2026-01-01", Path: ".score.yaml", Line: 2},
			wantOutcome: Fail,
			wantWarning: ".score.yaml:2: exemption for security.non-root names an unknown check; ignored",
		},
		{
			name:        "several problems at once",
			outcome:     Fail,
			ex:          ExemptionInput{Check: id, Expires: "2020-01-01", Path: ".score.yaml", Line: 9},
			wantOutcome: Fail,
			wantWarning: ".score.yaml:9: exemption for security.container-non-root has no reason and expired on 2020-01-01; ignored",
		},
		{
			name:        "no check id",
			outcome:     Fail,
			ex:          ExemptionInput{Reason: "legacy", Expires: "2026-01-01", Path: ".score.yaml", Line: 2},
			wantOutcome: Fail,
			wantWarning: ".score.yaml:2: exemption has no check id; ignored",
		},
		{
			name:        "check passes",
			outcome:     Pass,
			ex:          ExemptionInput{Check: id, Reason: "legacy", Expires: "2026-01-01", Path: ".score.yaml", Line: 4},
			wantOutcome: Pass,
			wantWarning: ".score.yaml:4: exemption for security.container-non-root is no longer needed: the check passes",
		},
		{
			name:        "check skipped",
			outcome:     Skip,
			ex:          ExemptionInput{Check: id, Reason: "legacy", Expires: "2026-01-01", Path: ".score.yaml", Line: 4},
			wantOutcome: Skip,
			wantWarning: ".score.yaml:4: exemption for security.container-non-root is not needed: the check does not apply",
		},
		{
			name:        "platform config without line",
			outcome:     Fail,
			ex:          ExemptionInput{Check: id, Reason: "org-wide", Expires: "2026-01-01", Path: "score.yaml"},
			wantOutcome: Exempt,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			now := tt.now
			if now.IsZero() {
				now = testNow
			}
			checks := []CheckInput{chk(id, Silver, 3, tt.outcome), chk("build.ci-pipeline", Bronze, 1, Pass)}
			got := Score(RepoMeta{Name: "r"}, checks, []ExemptionInput{tt.ex}, now)
			c := findCheck(t, got, id)
			if c.Outcome != tt.wantOutcome {
				t.Errorf("outcome = %q, want %q", c.Outcome, tt.wantOutcome)
			}
			if tt.wantOutcome == Exempt {
				want := &Exemption{Check: id, Reason: tt.ex.Reason, Expires: tt.ex.Expires, Source: sourceOf(tt.ex.Path, tt.ex.Line)}
				if !reflect.DeepEqual(c.Exemption, want) {
					t.Errorf("exemption = %+v, want %+v", c.Exemption, want)
				}
			} else if c.Exemption != nil {
				t.Errorf("exemption = %+v, want none", c.Exemption)
			}
			var warnings []string
			for _, w := range got.Warnings {
				warnings = append(warnings, w.String())
			}
			var want []string
			if tt.wantWarning != "" {
				want = []string{tt.wantWarning}
			}
			if !reflect.DeepEqual(warnings, want) {
				t.Errorf("warnings = %q, want %q", warnings, want)
			}
		})
	}
}

func TestScoreExemptionSource(t *testing.T) {
	t.Parallel()
	checks := []CheckInput{chk("a.x", Bronze, 1, Fail)}
	ex := []ExemptionInput{{Check: "a.x", Reason: "r", Expires: "2030-01-01", Path: ".score.yaml", Line: 4}}
	got := findCheck(t, Score(RepoMeta{}, checks, ex, testNow), "a.x")
	if got.Exemption == nil || got.Exemption.Source != ".score.yaml:4" {
		t.Errorf("exemption = %+v, want source .score.yaml:4", got.Exemption)
	}
}

func TestScoreDuplicateExemption(t *testing.T) {
	t.Parallel()
	checks := []CheckInput{chk("a.x", Bronze, 1, Fail)}
	ex := []ExemptionInput{
		{Check: "a.x", Reason: "expired one", Expires: "2020-01-01", Path: ".score.yaml", Line: 2},
		{Check: "a.x", Reason: "first valid", Expires: "2030-01-01", Path: ".score.yaml", Line: 5},
		{Check: "a.x", Reason: "second valid", Expires: "2031-01-01", Path: ".score.yaml", Line: 8},
	}
	got := Score(RepoMeta{}, checks, ex, testNow)
	c := findCheck(t, got, "a.x")
	if c.Outcome != Exempt || c.Exemption.Reason != "first valid" {
		t.Errorf("check = %+v, want exempt by the first valid exemption", c)
	}
	want := []Warning{
		{Path: ".score.yaml", Line: 2, Message: "exemption for a.x expired on 2020-01-01; ignored"},
		{Path: ".score.yaml", Line: 8, Message: "duplicate exemption for a.x (first declared at .score.yaml:5); ignored"},
	}
	if !reflect.DeepEqual(got.Warnings, want) {
		t.Errorf("warnings = %+v, want %+v", got.Warnings, want)
	}
}

func TestScoreShape(t *testing.T) {
	t.Parallel()
	checks := []CheckInput{
		chk("test.unit-tests", Bronze, 2, Pass),
		{ID: "security.sast", Category: "security", Level: Silver, Weight: 2, Outcome: Fail,
			Findings: []Finding{{Message: "b", Path: "z.yml", Line: 1}, {Message: "a", Path: "a.yml", Line: 9}, {Message: "c", Path: "a.yml", Line: 2}}},
		chk("build.ci-pipeline", Bronze, 1, Pass),
		chk("build.base-image-digest", Gold, 1, Fail),
		chk("test.coverage", Silver, 1, Skip),
	}
	meta := RepoMeta{Name: "group/svc", URL: "https://example.invalid/group/svc", Commit: "abc", Team: "payments"}
	got := Score(meta, checks, nil, testNow)

	if got.Name != meta.Name || got.URL != meta.URL || got.Commit != meta.Commit || got.Team != meta.Team {
		t.Errorf("meta not carried over: %+v", got)
	}
	var ids []string
	for _, c := range got.Checks {
		ids = append(ids, c.ID)
		if c.Findings == nil {
			t.Errorf("%s: findings nil, want empty", c.ID)
		}
	}
	wantIDs := []string{"build.base-image-digest", "build.ci-pipeline", "security.sast", "test.coverage", "test.unit-tests"}
	if !reflect.DeepEqual(ids, wantIDs) {
		t.Errorf("ids = %v, want %v", ids, wantIDs)
	}
	wantFindings := []Finding{{Message: "c", Path: "a.yml", Line: 2}, {Message: "a", Path: "a.yml", Line: 9}, {Message: "b", Path: "z.yml", Line: 1}}
	if f := findCheck(t, got, "security.sast").Findings; !reflect.DeepEqual(f, wantFindings) {
		t.Errorf("findings = %+v, want sorted by path, line: %+v", f, wantFindings)
	}
	wantCats := map[string]CategoryScore{"build": {Score: 50}, "security": {Score: 0}, "test": {Score: 100}}
	if !reflect.DeepEqual(got.Categories, wantCats) {
		t.Errorf("categories = %v, want %v", got.Categories, wantCats)
	}
	if got.Warnings != nil {
		t.Errorf("warnings = %v, want none", got.Warnings)
	}
	// The input must not be reordered.
	if checks[1].Findings[0].Message != "b" {
		t.Error("Score reordered the caller's findings")
	}
}

func TestScoreCategoryOnlySkips(t *testing.T) {
	t.Parallel()
	got := Score(RepoMeta{}, []CheckInput{chk("observability.tracing", Gold, 1, Skip), chk("build.ci-pipeline", Bronze, 1, Fail)}, nil, testNow)
	want := map[string]CategoryScore{"observability": {Score: 100}, "build": {Score: 0}}
	if !reflect.DeepEqual(got.Categories, want) {
		t.Errorf("categories = %v, want %v", got.Categories, want)
	}
}

func TestUnscanned(t *testing.T) {
	t.Parallel()
	got := Unscanned(RepoMeta{Name: "g/broken", Team: "x"}, errString("clone g/broken: authentication required"))
	if got.Error != "clone g/broken: authentication required" || got.Level != None || got.Checks == nil || got.Categories == nil {
		t.Errorf("Unscanned = %+v", got)
	}
}

type errString string

func (e errString) Error() string { return string(e) }

func TestWarningString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		w    Warning
		want string
	}{
		{Warning{Path: ".score.yaml", Line: 4, Message: "m"}, ".score.yaml:4: m"},
		{Warning{Path: ".score.yaml", Message: "m"}, ".score.yaml: m"},
		{Warning{Message: "m"}, "m"},
	}
	for _, tt := range tests {
		if got := tt.w.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.w, got, tt.want)
		}
	}
}

func TestLevelRank(t *testing.T) {
	t.Parallel()
	for i, l := range []string{None, Bronze, Silver, Gold} {
		if LevelRank(l) != i {
			t.Errorf("LevelRank(%q) = %d, want %d", l, LevelRank(l), i)
		}
	}
	if LevelRank("platinum") != -1 {
		t.Error("unknown level should rank -1")
	}
}

func findCheck(t *testing.T, r Repo, id string) CheckResult {
	t.Helper()
	for _, c := range r.Checks {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("check %s not in %+v", id, r.Checks)
	return CheckResult{}
}

// TestUnscannedDropsControlCharacters: a server's message may carry a NUL
// byte or terminal escapes; the error row keeps only printable text.
func TestUnscannedDropsControlCharacters(t *testing.T) {
	r := Unscanned(RepoMeta{Name: "g/r"}, errors.New("clone: remote: fatal: bad tree\x00\x1b[31m red\nnext"))
	if want := "clone: remote: fatal: bad tree[31m red next"; r.Error != want {
		t.Errorf("error = %q, want %q", r.Error, want)
	}
}
