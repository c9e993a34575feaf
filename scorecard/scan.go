package scorecard

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
)

// Finalize makes a scan ready to write: the schema set, repositories sorted
// by name (then URL) and the team rollups recomputed from them.
func Finalize(s *Scan) {
	if s.Schema == "" {
		s.Schema = Schema
	}
	slices.SortStableFunc(s.Repos, func(a, b Repo) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.URL, b.URL))
	})
	s.Teams = Rollup(s.Repos)
	rollupOutcomes(s)
	s.Alignment = ComputeAlignment(s.Repos)
}

// Normalized returns a copy of s in which every list and map the document
// promises is non-nil, so that it encodes as [] or {} rather than null.
// s itself is not changed.
func Normalized(s *Scan) *Scan {
	c := *s
	c.Repos = make([]Repo, len(s.Repos))
	for i, r := range s.Repos {
		if r.Categories == nil {
			r.Categories = map[string]CategoryScore{}
		}
		checks := make([]CheckResult, len(r.Checks))
		for j, ch := range r.Checks {
			if ch.Findings == nil {
				ch.Findings = []Finding{}
			}
			checks[j] = ch
		}
		r.Checks = checks
		c.Repos[i] = r
	}
	c.Teams = make([]Team, len(s.Teams))
	for i, t := range s.Teams {
		levels := NewLevelCounts()
		for k, v := range t.Levels {
			levels[k] = v
		}
		t.Levels = levels
		c.Teams[i] = t
	}
	return &c
}

// WriteJSON writes the scan result document: indented, deterministic (maps
// in key order, nothing nil that the schema promises as a list), ending in
// a newline. It writes the bytes of EncodeJSON(w, Normalized(s)), but one
// repository at a time: building the whole document (and its indented copy)
// in memory was the part of a scan's peak memory that grew with the number
// of repositories.
func WriteJSON(w io.Writer, s *Scan) error {
	head := *s
	head.Repos = []Repo{}
	var doc bytes.Buffer
	if err := EncodeJSON(&doc, Normalized(&head)); err != nil {
		return err
	}
	// The document without repositories has exactly one top-level
	// `"repos": []`: the rows go between its brackets.
	const marker = "\n  \"repos\": []"
	at := bytes.Index(doc.Bytes(), []byte(marker))
	if at < 0 || bytes.Count(doc.Bytes(), []byte(marker)) != 1 {
		return errors.New("encode scan result: cannot place the repositories")
	}
	at += len(marker) - 1 // at the closing bracket
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(doc.Bytes()[:at])
	var row bytes.Buffer
	rowEnc := json.NewEncoder(&row)
	rowEnc.SetEscapeHTML(false)
	rowEnc.SetIndent("    ", "  ")
	for i, r := range s.Repos {
		one := Normalized(&Scan{Repos: []Repo{r}}).Repos[0]
		row.Reset()
		if err := rowEnc.Encode(one); err != nil {
			return fmt.Errorf("encode scan result: repository %s: %w", r.Name, err)
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		bw.Write(bytes.TrimSuffix(row.Bytes(), []byte("\n")))
	}
	if len(s.Repos) > 0 {
		bw.WriteString("\n  ")
	}
	bw.Write(doc.Bytes()[at:])
	return bw.Flush()
}

// EncodeJSON writes v as indented JSON the way WriteJSON does, without
// HTML escaping, ending in a newline. Renderers that extend the document
// use it to stay byte-compatible.
func EncodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode scan result: %w", err)
	}
	return nil
}

// ErrSchema is wrapped by ReadJSON's error for a document that is not a
// score.scan/v1 scan result.
var ErrSchema = errors.New("not a " + Schema + " document")

// ReadJSON reads a scan result and checks that it is a score.scan/v1
// document. Unknown fields are tolerated so that additive fields written
// by a newer score still read.
func ReadJSON(r io.Reader) (*Scan, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read scan result: %w", err)
	}
	var head struct {
		Schema *string `json:"schema"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("decode scan result: %w", describeJSONError(data, err))
	}
	switch {
	case head.Schema == nil:
		return nil, fmt.Errorf("decode scan result: no \"schema\" field: %w", ErrSchema)
	case *head.Schema != Schema:
		return nil, fmt.Errorf("decode scan result: schema is %q, want %q: %w", *head.Schema, Schema, ErrSchema)
	}
	var s Scan
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("decode scan result: %w", describeJSONError(data, err))
	}
	if err := validate(&s); err != nil {
		return nil, err
	}
	return &s, nil
}

var (
	repoLevels = []string{None, Bronze, Silver, Gold}
	outcomes   = []Outcome{Pass, Fail, Skip, Error, Exempt}
)

// validate checks the values a report relies on: levels and outcomes must
// be ones score writes, so that a hand-edited or foreign file cannot show
// a "platinum" repository. The error names the JSON path of the first
// problem and counts the others.
func validate(s *Scan) error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	for i, r := range s.Repos {
		if !slices.Contains(repoLevels, r.Level) {
			add("repos[%d].level: unknown level %q (want %s)", i, r.Level, strings.Join(repoLevels, ", "))
		}
		if math.IsNaN(r.Score) || r.Score < 0 || r.Score > 100 {
			add("repos[%d].score: %v is not between 0 and 100", i, r.Score)
		}
		for j, c := range r.Checks {
			if !slices.Contains(outcomes, c.Outcome) {
				add("repos[%d].checks[%d].outcome: unknown outcome %q (want pass, fail, skip, error, exempt)", i, j, c.Outcome)
			}
			if !slices.Contains(Levels, c.Level) {
				add("repos[%d].checks[%d].level: unknown level %q (want %s)", i, j, c.Level, strings.Join(Levels, ", "))
			}
			if c.Weight < 0 {
				add("repos[%d].checks[%d].weight: %d is negative", i, j, c.Weight)
			}
		}
	}
	for i, t := range s.Teams {
		for _, k := range slices.Sorted(maps.Keys(t.Levels)) {
			if !slices.Contains(repoLevels, k) {
				add("teams[%d].levels: unknown level %q (want %s)", i, k, strings.Join(repoLevels, ", "))
			}
		}
	}
	switch len(problems) {
	case 0:
		return nil
	case 1:
		return errors.New(problems[0])
	}
	return fmt.Errorf("%s (and %d more problems)", problems[0], len(problems)-1)
}

// describeJSONError adds the line of a syntax or type error, which
// encoding/json reports only as a byte offset.
func describeJSONError(data []byte, err error) error {
	var offset int64
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		offset = syn.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
	default:
		return err
	}
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	line := 1 + bytes.Count(data[:offset], []byte("\n"))
	return fmt.Errorf("line %d: %w", line, err)
}
