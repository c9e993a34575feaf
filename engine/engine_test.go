package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"
)

var defaultsFS = os.DirFS("testdata/defaults")

// factsSchema is the published schema of facts.Facts, which a facts
// test keeps equal to facts.FactsSchema(). Reading it rather than calling
// the facts package keeps these tests independent of the collectors' code.
func factsSchema(t testing.TB) []byte {
	t.Helper()
	s, err := os.ReadFile(filepath.Join("..", "docs", "facts.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func load(t testing.TB, opts Options) *Engine {
	t.Helper()
	e, err := Load(context.Background(), opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return e
}

func ids(checks []Check) []string {
	out := make([]string, len(checks))
	for i, c := range checks {
		out[i] = c.ID
	}
	return out
}

func TestLoadCatalogue(t *testing.T) {
	t.Parallel()
	e := load(t, Options{DefaultFS: defaultsFS, InputSchema: factsSchema(t)})
	want := []Check{
		{ID: "build.base-image-pinned", Title: "Base images are pinned", Description: "Every external FROM image has a version tag or a digest.",
			Category: "build", Level: "silver", Weight: 2, Remediation: "Pin every `FROM` image to a version tag or a digest.",
			Package: "score.checks.build.base_image_pinned", File: "policies/build/base_image_pinned.rego", Line: 10, HasApplicable: true, Source: "default"},
		{ID: "build.ci-pipeline", Title: "A CI pipeline is defined", Description: "The repository builds and tests itself on every change.",
			Category: "build", Level: "bronze", Weight: 3, Remediation: "Add a `.gitlab-ci.yml` (or another CI configuration).",
			Package: "score.checks.build.ci_pipeline", File: "policies/build/ci_pipeline.rego", Line: 10, Source: "default"},
		{ID: "ownership.readme", Title: "A README with real content", Category: "ownership", Level: "bronze", Weight: 1,
			Remediation: "Write a README of at least `data.score.config.readme_min` characters.",
			Package:     "score.checks.ownership.readme", File: "policies/ownership/readme.rego", Line: 9, Source: "default"},
		{ID: "security.codeowners", Title: "A CODEOWNERS file exists", Category: "security", Level: "silver", Weight: 1,
			Remediation: "Add a CODEOWNERS file.",
			Package:     "score.checks.security.codeowners", File: "policies/security/codeowners.rego", Line: 9, Source: "default"},
	}
	if got := e.Checks(); !reflect.DeepEqual(got, want) {
		t.Errorf("Checks() =\n%+v\nwant\n%+v", got, want)
	}
}

func TestLoadSources(t *testing.T) {
	t.Parallel()
	override := filepath.Join("testdata", "override")
	tests := []struct {
		name     string
		opts     Options
		wantIDs  []string
		check    string // a check to inspect
		wantSrc  string
		wantLvl  string
		wantErr  []string
		wantNone bool
	}{
		{
			name:    "defaults",
			opts:    Options{DefaultFS: defaultsFS},
			wantIDs: []string{"build.base-image-pinned", "build.ci-pipeline", "ownership.readme", "security.codeowners"},
			check:   "build.ci-pipeline", wantSrc: "default", wantLvl: "bronze",
		},
		{
			name:    "override by id in the same package",
			opts:    Options{DefaultFS: defaultsFS, Sources: []string{override}},
			wantIDs: []string{"build.base-image-pinned", "build.ci-pipeline", "ownership.readme", "security.codeowners"},
			check:   "build.ci-pipeline", wantSrc: override, wantLvl: "silver",
		},
		{
			name:    "override by id in another package",
			opts:    Options{DefaultFS: defaultsFS, Sources: []string{filepath.Join("testdata", "override_pkg")}, InputSchema: factsSchema(t)},
			wantIDs: []string{"build.base-image-pinned", "build.ci-pipeline", "ownership.readme", "security.codeowners"},
			check:   "build.ci-pipeline", wantSrc: filepath.Join("testdata", "override_pkg"), wantLvl: "gold",
		},
		{
			name:    "every check disabled",
			opts:    Options{DefaultFS: defaultsFS, Disabled: []string{"security.codeowners", "ownership.readme", "build.ci-pipeline", "build.base-image-pinned"}},
			wantIDs: []string{},
		},
		{
			name:    "no defaults",
			opts:    Options{DefaultFS: defaultsFS, NoDefaults: true, Sources: []string{override}},
			wantIDs: []string{"build.ci-pipeline"},
			check:   "build.ci-pipeline", wantSrc: override, wantLvl: "silver",
		},
		{
			name:    "nil default FS",
			opts:    Options{Sources: []string{override}},
			wantIDs: []string{"build.ci-pipeline"},
		},
		{
			name:    "single file source",
			opts:    Options{Sources: []string{filepath.Join(override, "build", "ci_pipeline.rego")}},
			wantIDs: []string{"build.ci-pipeline"},
		},
		{
			name:    "disabled",
			opts:    Options{DefaultFS: defaultsFS, Disabled: []string{"security.codeowners", "ownership.readme"}},
			wantIDs: []string{"build.base-image-pinned", "build.ci-pipeline"},
		},
		{
			name:    "unknown disabled id lists the known ones",
			opts:    Options{DefaultFS: defaultsFS, Disabled: []string{"security.nope"}},
			wantErr: []string{`unknown check id "security.nope"`, "known: build.base-image-pinned, build.ci-pipeline, ownership.readme, security.codeowners"},
		},
		{
			name:    "missing source",
			opts:    Options{Sources: []string{filepath.Join("testdata", "does-not-exist")}},
			wantErr: []string{"does-not-exist"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := Load(context.Background(), tt.opts)
			if len(tt.wantErr) > 0 {
				if err == nil {
					t.Fatal("Load succeeded, want an error")
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not contain %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(e.Checks()); !slices.Equal(got, tt.wantIDs) {
				t.Errorf("ids = %v, want %v", got, tt.wantIDs)
			}
			results, err := e.Evaluate(context.Background(), facts(t, nil))
			if err != nil {
				t.Fatal(err)
			}
			if got := len(results); got != len(tt.wantIDs) {
				t.Errorf("%d results, want %d", got, len(tt.wantIDs))
			}
			if tt.check == "" {
				return
			}
			for _, c := range e.Checks() {
				if c.ID == tt.check && (c.Source != tt.wantSrc || c.Level != tt.wantLvl) {
					t.Errorf("%s: source %q level %q, want %q %q", c.ID, c.Source, c.Level, tt.wantSrc, tt.wantLvl)
				}
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	broken := func(name string) string { return filepath.Join("testdata", "broken", name) }
	file := func(dir, name string) string { return filepath.Join("testdata", "broken", dir, name) }
	tests := []struct {
		name   string
		source string
		schema bool
		want   []string // substrings; the first names file and line
		// ordered: want appear in this order (errors sorted by file, line)
		ordered bool
	}{
		{"syntax error", broken("syntax"), false,
			[]string{file("syntax", "syntax.rego") + ":13:", "unexpected"}, false},
		{"http.send", broken("httpsend"), false,
			[]string{file("httpsend", "http.rego") + ":12: http.send is not allowed in score policies (no network access)"}, false},
		{"missing custom.id", broken("noid"), false,
			[]string{file("noid", "noid.rego") + ":8:", "missing custom.id"}, false},
		{"missing remediation", broken("noremediation"), false,
			[]string{file("noremediation", "noremediation.rego") + ":8:", "missing custom.remediation"}, false},
		{"bad level and weight", broken("badlevel"), false,
			[]string{file("badlevel", "badlevel.rego") + ":9:", `custom.level "platinum" is not one of bronze, silver, gold`, "custom.weight 0 is not a positive integer"}, false},
		{"no metadata", broken("nometa"), false,
			[]string{file("nometa", "nometa.rego") + ":1:", "has no # METADATA"}, false},
		{"duplicate id", broken("duplicate"), false,
			[]string{file("duplicate", "b.rego") + ":9:", `duplicate check id "broken.dup"`, file("duplicate", "a.rego") + ":9"}, false},
		{"misspelled input field", broken("misspelled"), true,
			[]string{file("misspelled", "misspelled.rego") + ":12:", "undefined ref: input.containers.dockerfile", "dockerfiles"}, false},
		{"boolean violation", broken("boolviolation"), false,
			[]string{file("boolviolation", "bool.rego") + ":11: violation must be a set"}, false},
		{"no violation rule", broken("noviolation"), false,
			[]string{file("noviolation", "none.rego") + ":9:", "defines no violation rule"}, false},
		{"all problems at once", broken("multi"), false,
			[]string{file("multi", "a.rego") + ":8:", file("multi", "b.rego") + ":12: http.send is not allowed", file("multi", "c.rego") + ":13:"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := Options{Sources: []string{tt.source}}
			if tt.schema {
				opts.InputSchema = factsSchema(t)
			}
			_, err := Load(context.Background(), opts)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			last := -1
			for _, w := range tt.want {
				i := strings.Index(err.Error(), w)
				if i < 0 {
					t.Errorf("error does not contain %q:\n%v", w, err)
				}
				if tt.ordered && i < last {
					t.Errorf("%q out of order:\n%v", w, err)
				}
				last = i
			}
		})
	}
}

func TestSchemaAcceptsCorrectFields(t *testing.T) {
	t.Parallel()
	schema := factsSchema(t)
	for _, opts := range []Options{
		{Sources: []string{filepath.Join("testdata", "broken", "correctfield")}, InputSchema: schema},
		{DefaultFS: defaultsFS, InputSchema: schema},
		// Without a schema the misspelling goes unnoticed (and the check
		// silently never fires): the reason the schema exists.
		{Sources: []string{filepath.Join("testdata", "broken", "misspelled")}},
	} {
		if _, err := Load(context.Background(), opts); err != nil {
			t.Errorf("Load(%v): %v", opts.Sources, err)
		}
	}
}

type obj = map[string]any

// facts is testdata/facts.json (a Go service with one Dockerfile, CI,
// README and CODEOWNERS), changed by mut.
func facts(t testing.TB, mut func(f obj)) obj {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "facts.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f obj
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if mut != nil {
		mut(f)
	}
	return f
}

// at returns the object at a path of keys.
func at(f obj, keys ...string) obj {
	for _, k := range keys {
		f = f[k].(obj)
	}
	return f
}

func stage(raw string, line int) obj {
	return obj{"index": 0, "line": line, "expose": []any{},
		"from": obj{"raw": raw, "resolved": raw, "image": raw, "tag": "", "digest": "", "stage_ref": false, "scratch": false, "unresolved": false, "line": line}}
}

func outcomes(results []Result) map[string]Outcome {
	out := map[string]Outcome{}
	for _, r := range results {
		out[r.CheckID] = r.Outcome
	}
	return out
}

func TestEvaluateOutcomes(t *testing.T) {
	t.Parallel()
	e := load(t, Options{DefaultFS: defaultsFS, InputSchema: factsSchema(t), Config: map[string]any{"readme_min": 500}})
	tests := []struct {
		name     string
		input    obj
		want     map[string]Outcome
		findings map[string][]Finding
	}{
		{
			name:  "all pass",
			input: facts(t, nil),
			want:  map[string]Outcome{"build.base-image-pinned": Pass, "build.ci-pipeline": Pass, "ownership.readme": Pass, "security.codeowners": Pass},
		},
		{
			name: "fails with findings sorted by path and line, deduplicated",
			input: facts(t, func(f obj) {
				at(f, "ci")["configs"] = []any{}
				at(f, "ownership")["codeowners"] = []any{}
				at(f, "files", "readme")["chars"] = 100
				dfs := at(f, "containers")["dockerfiles"].([]any)
				df := dfs[0].(obj)
				df["stages"] = append(df["stages"].([]any), stage("alpine", 9), stage("alpine", 9))
				at(f, "containers")["dockerfiles"] = []any{
					obj{"path": "z/Dockerfile", "stages": []any{stage("alpine", 9)}},
					df,
					obj{"path": "a/Dockerfile", "stages": []any{stage("alpine", 9), stage("debian", 3)}},
				}
			}),
			want: map[string]Outcome{"build.base-image-pinned": Fail, "build.ci-pipeline": Fail, "ownership.readme": Fail, "security.codeowners": Fail},
			findings: map[string][]Finding{
				"build.base-image-pinned": {
					{Message: "alpine is not pinned", Path: "Dockerfile", Line: 9},
					{Message: "debian is not pinned", Path: "a/Dockerfile", Line: 3},
					{Message: "alpine is not pinned", Path: "a/Dockerfile", Line: 9},
					{Message: "alpine is not pinned", Path: "z/Dockerfile", Line: 9},
				},
				"build.ci-pipeline":   {{Message: "no CI configuration found"}},
				"ownership.readme":    {{Message: "README has 100 characters, want 500", Path: "README.md", Line: 1}},
				"security.codeowners": {{Message: "no CODEOWNERS file"}},
			},
		},
		{
			name:  "skip when not applicable, even with violations",
			input: facts(t, func(f obj) { at(f, "containers")["dockerfiles"] = []any{} }),
			want:  map[string]Outcome{"build.base-image-pinned": Skip, "build.ci-pipeline": Pass, "ownership.readme": Pass, "security.codeowners": Pass},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			results, err := e.Evaluate(context.Background(), tt.input)
			if err != nil {
				t.Fatal(err)
			}
			if got := outcomes(results); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("outcomes = %v, want %v", got, tt.want)
			}
			if !slices.IsSortedFunc(results, func(a, b Result) int { return strings.Compare(a.CheckID, b.CheckID) }) {
				t.Errorf("results not sorted by id: %v", results)
			}
			for _, r := range results {
				if want, ok := tt.findings[r.CheckID]; ok && !reflect.DeepEqual(r.Findings, want) {
					t.Errorf("%s findings =\n%+v\nwant\n%+v", r.CheckID, r.Findings, want)
				}
				if r.Outcome != Fail && r.Findings != nil {
					t.Errorf("%s: %s with findings %v", r.CheckID, r.Outcome, r.Findings)
				}
			}
		})
	}
}

func TestEvaluateValueMatchesEvaluate(t *testing.T) {
	t.Parallel()
	e := load(t, Options{DefaultFS: defaultsFS})
	in := facts(t, nil)
	v, err := ast.InterfaceToValue(in)
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.Evaluate(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.EvaluateValue(context.Background(), v)
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.Evaluate(context.Background(), map[string]any{"ci": map[string]any{"configs": []any{}}})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("Evaluate = %v, EvaluateValue = %v", a, b)
	}
	if outcomes(c)["build.ci-pipeline"] != Fail {
		t.Errorf("map input: %v", c)
	}
}

func TestOverrideDropsEarlierRules(t *testing.T) {
	t.Parallel()
	e := load(t, Options{DefaultFS: defaultsFS, Sources: []string{filepath.Join("testdata", "override")}, InputSchema: factsSchema(t)})
	results, err := e.Evaluate(context.Background(), facts(t, func(f obj) { at(f, "ci")["configs"] = []any{} }))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		// Had the default module survived, its "no CI configuration found"
		// would be a second finding.
		if r.CheckID == "build.ci-pipeline" && !reflect.DeepEqual(r.Findings, []Finding{{Message: "no GitLab CI configuration found"}}) {
			t.Errorf("findings = %v", r.Findings)
		}
	}
}

func TestEvaluateIsolatesBrokenChecks(t *testing.T) {
	t.Parallel()
	e := load(t, Options{
		DefaultFS: defaultsFS,
		Sources: []string{
			filepath.Join("testdata", "runtime", "slow"),
			filepath.Join("testdata", "runtime", "conflict"),
			filepath.Join("testdata", "runtime", "badviolation"),
			filepath.Join("testdata", "runtime", "builtin"),
		},
		Timeout:     200 * time.Millisecond,
		InputSchema: factsSchema(t),
	})
	results, err := e.Evaluate(context.Background(), facts(t, func(f obj) { at(f, "ownership")["codeowners"] = []any{} }))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Outcome{
		"build.base-image-pinned": Pass, "build.ci-pipeline": Pass, "ownership.readme": Pass, "security.codeowners": Fail,
		"runtime.slow": Error, "runtime.conflict": Error, "runtime.bad-violation": Error, "runtime.builtin": Error,
	}
	if got := outcomes(results); !reflect.DeepEqual(got, want) {
		t.Errorf("outcomes = %v, want %v", got, want)
	}
	wantErr := map[string]string{
		"runtime.slow":          "took longer than 200ms",
		"runtime.conflict":      "conflict.rego:12",
		"runtime.bad-violation": "no string msg",
		"runtime.builtin":       "builtin.rego:12",
	}
	for _, r := range results {
		if w, ok := wantErr[r.CheckID]; ok && !strings.Contains(r.Error, w) {
			t.Errorf("%s error %q does not contain %q", r.CheckID, r.Error, w)
		}
		if r.Outcome != Error && r.Error != "" {
			t.Errorf("%s: %s with error %q", r.CheckID, r.Outcome, r.Error)
		}
	}
}

func TestEvaluateContextCancelled(t *testing.T) {
	t.Parallel()
	e := load(t, Options{DefaultFS: defaultsFS, Sources: []string{filepath.Join("testdata", "runtime", "slow")}})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := e.Evaluate(ctx, facts(t, nil)); err == nil {
		t.Error("Evaluate with an ended context succeeded")
	}
}

func TestEvaluateConcurrent(t *testing.T) {
	t.Parallel()
	e := load(t, Options{DefaultFS: defaultsFS, Sources: []string{filepath.Join("testdata", "runtime", "conflict")}})
	inputs := []obj{
		facts(t, nil),
		facts(t, func(f obj) { at(f, "ci")["configs"] = []any{} }),
		facts(t, func(f obj) { at(f, "containers")["dockerfiles"] = []any{} }),
	}
	want := make([][]Result, len(inputs))
	for i, in := range inputs {
		r, err := e.Evaluate(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = r
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for n := range 12 {
				i := (g + n) % len(inputs)
				got, err := e.Evaluate(context.Background(), inputs[i])
				if err != nil {
					errs <- err
					return
				}
				if !reflect.DeepEqual(got, want[i]) {
					errs <- fmt.Errorf("goroutine %d input %d: got %v, want %v", g, i, got, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestDigest(t *testing.T) {
	t.Parallel()
	base := load(t, Options{DefaultFS: defaultsFS}).Digest()
	if !strings.HasPrefix(base, "sha256:") || len(base) != len("sha256:")+64 {
		t.Fatalf("digest %q", base)
	}
	tests := []struct {
		name string
		opts Options
		same bool
	}{
		{"same policies", Options{DefaultFS: defaultsFS}, true},
		{"same files from a directory", Options{Sources: []string{filepath.Join("testdata", "defaults")}}, true},
		{"schema does not change results", Options{DefaultFS: defaultsFS, InputSchema: factsSchema(t)}, true},
		{"timeout does not change results", Options{DefaultFS: defaultsFS, Timeout: time.Minute}, true},
		{"override", Options{DefaultFS: defaultsFS, Sources: []string{filepath.Join("testdata", "override")}}, false},
		{"config", Options{DefaultFS: defaultsFS, Config: map[string]any{"readme_min": 10}}, false},
		{"disabled", Options{DefaultFS: defaultsFS, Disabled: []string{"security.codeowners"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := load(t, tt.opts).Digest()
			if (got == base) != tt.same {
				t.Errorf("digest %s vs %s, same = %v, want %v", got, base, got == base, tt.same)
			}
		})
	}
}

func TestBundles(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join("testdata", "override", "build", "ci_pipeline.rego"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()

	tarball := filepath.Join(dir, "policies.tar.gz")
	var buf bytes.Buffer
	err = bundle.Write(&buf, bundle.Bundle{
		Manifest: bundle.Manifest{Roots: &[]string{"score"}},
		Data:     map[string]any{},
		Modules:  []bundle.ModuleFile{{URL: "/build/ci_pipeline.rego", Path: "/build/ci_pipeline.rego", Raw: src}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tarball, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	bundleDir := filepath.Join(dir, "bundle")
	if err := os.MkdirAll(filepath.Join(bundleDir, "build"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		".manifest":              `{"roots": ["score"]}`,
		"build/ci_pipeline.rego": string(src),
	} {
		if err := os.WriteFile(filepath.Join(bundleDir, filepath.FromSlash(name)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	withData := filepath.Join(dir, "data")
	if err := os.MkdirAll(withData, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{".manifest": `{}`, "data.json": `{"allowed": ["x"]}`} {
		if err := os.WriteFile(filepath.Join(withData, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	for _, tt := range []struct {
		name, source, wantFile string
	}{
		{"tarball", tarball, tarball + "/build/ci_pipeline.rego"},
		{"directory with .manifest", bundleDir, bundleDir + "/build/ci_pipeline.rego"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := load(t, Options{DefaultFS: defaultsFS, Sources: []string{tt.source}, InputSchema: factsSchema(t)})
			for _, c := range e.Checks() {
				if c.ID == "build.ci-pipeline" && (c.Source != tt.source || c.File != tt.wantFile || c.Level != "silver") {
					t.Errorf("check %+v, want source %s file %s", c, tt.source, tt.wantFile)
				}
			}
		})
	}
	t.Run("bundle data is refused", func(t *testing.T) {
		t.Parallel()
		_, err := Load(context.Background(), Options{Sources: []string{withData}})
		if err == nil || !strings.Contains(err.Error(), "data documents (allowed) are not supported") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestRunTests(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                   string
		opts                   Options
		dirs                   []string
		all                    bool
		wantPassed, wantFailed int
		wantOut                []string
	}{
		{"defaults", Options{DefaultFS: defaultsFS, InputSchema: factsSchema(t)}, nil, false, 5, 0, []string{"PASS: 5/5"}},
		{"a dir runs only its own tests", Options{DefaultFS: defaultsFS}, []string{filepath.Join("testdata", "tests_failing")}, false, 1, 1,
			[]string{"FAIL: 1/2", "test_wrong_expectation", "failing_test.rego:"}},
		{"a dir with all adds the defaults' tests", Options{DefaultFS: defaultsFS}, []string{filepath.Join("testdata", "tests_failing")}, true, 6, 1,
			[]string{"FAIL: 1/7", "test_wrong_expectation", "failing_test.rego:"}},
		{"an override drops the replaced check's tests", Options{DefaultFS: defaultsFS, Sources: []string{filepath.Join("testdata", "override")}}, nil, false, 3, 0, nil},
		{"disabled checks are still tested", Options{DefaultFS: defaultsFS, Disabled: []string{"build.ci-pipeline"}}, nil, false, 5, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			passed, failed, err := RunTests(context.Background(), tt.opts, tt.dirs, tt.all, &out, false)
			if err != nil {
				t.Fatal(err)
			}
			if passed != tt.wantPassed || failed != tt.wantFailed {
				t.Errorf("passed %d failed %d, want %d %d\n%s", passed, failed, tt.wantPassed, tt.wantFailed, out.String())
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output does not contain %q:\n%s", w, out.String())
				}
			}
		})
	}
	t.Run("load errors", func(t *testing.T) {
		t.Parallel()
		_, _, err := RunTests(context.Background(), Options{}, []string{filepath.Join("testdata", "broken", "httpsend")}, false, &bytes.Buffer{}, false)
		if err == nil || !strings.Contains(err.Error(), "http.rego:12: http.send is not allowed") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestWriteDocs(t *testing.T) {
	t.Parallel()
	e := load(t, Options{DefaultFS: defaultsFS})
	var buf bytes.Buffer
	if err := WriteDocs(&buf, e.Checks()); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		"| [`build.ci-pipeline`](#buildci-pipeline) | A CI pipeline is defined | build | bronze | 3 |",
		"## build.ci-pipeline\n",
		"- level: silver\n- weight: 2\n- category: build\n",
		"The repository builds and tests itself on every change.",
		"### Remediation\n\nAdd a CODEOWNERS file.\n",
	} {
		if !strings.Contains(buf.String(), w) {
			t.Errorf("docs do not contain %q:\n%s", w, buf.String())
		}
	}
}

func TestForbiddenBuiltinsExist(t *testing.T) {
	t.Parallel()
	// A renamed built-in would silently stay allowed.
	for name := range forbiddenBuiltins {
		if _, ok := ast.BuiltinMap[name]; !ok {
			t.Errorf("forbidden built-in %s does not exist in this OPA version", name)
		}
	}
	caps := sandboxCapabilities()
	for _, b := range caps.Builtins {
		if _, ok := forbiddenBuiltins[b.Name]; ok {
			t.Errorf("%s still allowed", b.Name)
		}
	}
	if caps.AllowNet == nil || len(caps.AllowNet) != 0 {
		t.Errorf("AllowNet = %#v, want empty and non-nil", caps.AllowNet)
	}
}
