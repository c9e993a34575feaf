package scorecard

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func sampleScan() *Scan {
	now := time.Date(2025, 3, 15, 10, 0, 0, 0, time.UTC)
	a := Score(RepoMeta{Name: "group/zeta", Team: "payments", Commit: "c1"}, []CheckInput{
		{ID: "build.ci-pipeline", Title: "CI <pipeline> & more", Category: "build", Level: Bronze, Weight: 1, Outcome: Pass},
		{ID: "security.sast", Title: "SAST", Category: "security", Level: Silver, Weight: 2, Outcome: Fail,
			Findings: []Finding{{Message: "no SAST job", Path: ".gitlab-ci.yml", Line: 1}}},
	}, nil, now)
	b := Score(RepoMeta{Name: "group/alpha"}, []CheckInput{
		{ID: "build.ci-pipeline", Category: "build", Level: Bronze, Weight: 1, Outcome: Pass},
	}, nil, now)
	return &Scan{
		Tool:       Tool{Version: "1.0.0"},
		Policy:     Policy{Digest: "sha256:abc"},
		StartedAt:  now,
		FinishedAt: now.Add(time.Minute),
		Repos:      []Repo{a, b, Unscanned(RepoMeta{Name: "group/beta", Team: "payments"}, errors.New("clone: timeout"))},
	}
}

func TestFinalize(t *testing.T) {
	t.Parallel()
	s := sampleScan()
	Finalize(s)
	if s.Schema != Schema {
		t.Errorf("schema = %q", s.Schema)
	}
	var names []string
	for _, r := range s.Repos {
		names = append(names, r.Name)
	}
	if want := []string{"group/alpha", "group/beta", "group/zeta"}; !reflect.DeepEqual(names, want) {
		t.Errorf("repos = %v, want %v", names, want)
	}
	if !reflect.DeepEqual(s.Teams, Rollup(s.Repos)) || len(s.Teams) != 2 {
		t.Errorf("teams = %+v", s.Teams)
	}
}

func TestWriteReadJSON(t *testing.T) {
	t.Parallel()
	s := sampleScan()
	Finalize(s)
	var a, b bytes.Buffer
	if err := WriteJSON(&a, s); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&b, s); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("WriteJSON is not deterministic")
	}
	out := a.String()
	if !strings.HasSuffix(out, "}\n") || strings.HasSuffix(out, "\n\n") {
		t.Error("want exactly one trailing newline")
	}
	for _, want := range []string{
		"\n  \"schema\": \"score.scan/v1\",\n",
		`"title": "CI <pipeline> & more"`, // no HTML escaping
		`"findings": []`,
		`"error": "clone: timeout"`,
		`"none": 0`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s", want)
		}
	}
	if strings.Contains(out, "null") {
		t.Errorf("output has a null:\n%s", out)
	}
	got, err := ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var c bytes.Buffer
	if err := WriteJSON(&c, got); err != nil {
		t.Fatal(err)
	}
	if c.String() != out {
		t.Errorf("round trip changed the document:\n%s\nwant\n%s", c.String(), out)
	}
}

func TestWriteJSONNilLists(t *testing.T) {
	t.Parallel()
	s := &Scan{Schema: Schema, Repos: []Repo{{Name: "r", Checks: []CheckResult{{ID: "x"}}}}, Teams: []Team{{Name: "t"}}}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, s); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "null") {
		t.Errorf("nil lists encoded as null:\n%s", buf.String())
	}
	if s.Repos[0].Checks[0].Findings != nil || s.Teams[0].Levels != nil {
		t.Error("WriteJSON changed its input")
	}
}

func TestReadJSONErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
		schemaErr      bool
	}{
		{"no schema", `{"repos": []}`, `no "schema" field`, true},
		{"wrong schema", `{"schema": "score.scan/v2"}`, `schema is "score.scan/v2", want "score.scan/v1"`, true},
		{"facts document", `{"schema_version": "1"}`, `no "schema" field`, true},
		{"syntax error", "{\n  \"schema\": \"score.scan/v1\",\n  \"repos\": [,]\n}", "line 3", false},
		{"type error", "{\n  \"schema\": \"score.scan/v1\",\n  \"repos\": {}\n}", "line 3", false},
		{"not an object", `[]`, "decode scan result", false},
		{"empty", ``, "decode scan result", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ReadJSON(strings.NewReader(tt.in))
			if err == nil {
				t.Fatal("want an error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", err, tt.want)
			}
			if errors.Is(err, ErrSchema) != tt.schemaErr {
				t.Errorf("errors.Is(err, ErrSchema) = %v, want %v", !tt.schemaErr, tt.schemaErr)
			}
		})
	}
}
