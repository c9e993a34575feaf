package engine

import (
	"context"
	"testing"
)

// plannedDefaults plans the test defaults.
func plannedDefaults(tb testing.TB) *Engine {
	tb.Helper()
	e := load(tb, Options{DefaultFS: defaultsFS, InputSchema: factsSchema(tb)})
	if !e.plans.ok() {
		tb.Fatal("the test defaults are not planned")
	}
	return e
}

// TestProgramCodec: a plan decodes to one that encodes the same and
// evaluates the same.
func TestProgramCodec(t *testing.T) {
	e := plannedDefaults(t)
	b, err := encodeProgram(e.plans.results)
	if err != nil {
		t.Fatal(err)
	}
	p, err := decodeProgram(b)
	if err != nil {
		t.Fatal(err)
	}
	again, err := encodeProgram(p)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(b) {
		t.Fatal("decode then encode changed the plan")
	}
	ctx := context.Background()
	in := mustValue(t, facts(t, func(f obj) {
		at(f, "files")["paths"] = []any{"README.md", "Dockerfile", "go.mod"}
	}))
	want, err := e.evalProgram(ctx, e.plans.results, in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.evalProgram(ctx, p, in)
	if err != nil {
		t.Fatal(err)
	}
	if compactJSON(got) != compactJSON(want) {
		t.Fatalf("decoded plan gives\n%s\nwant\n%s", compactJSON(got), compactJSON(want))
	}
}

// TestProgramCodecDamaged: every truncation is an error, and no damaged
// byte makes the decoder panic.
func TestProgramCodecDamaged(t *testing.T) {
	e := plannedDefaults(t)
	b, err := encodeProgram(e.plans.results)
	if err != nil {
		t.Fatal(err)
	}
	step := max(1, len(b)/4000)
	for i := 0; i < len(b); i += step {
		if _, err := decodeProgram(b[:i]); err == nil {
			t.Errorf("truncated at %d of %d: no error", i, len(b))
		}
		d := append([]byte{}, b...)
		d[i] ^= 0xa5
		_, _ = decodeProgram(d)
	}
}
