package engine

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
)

// cacheEntries lists the entries of a cache folder.
func cacheEntries(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "policies-*.bin"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// evalAll evaluates the engine on a few inputs and prints the results.
func evalAll(t *testing.T, e *Engine) string {
	t.Helper()
	var b strings.Builder
	inputs := []obj{
		facts(t, nil),
		facts(t, func(f obj) {
			at(f, "containers")["dockerfiles"] = []any{obj{"path": "Dockerfile", "stages": []any{stage("alpine", 1), stage("golang:1.23@sha256:abc", 5)}}}
			at(f, "files")["paths"] = []any{"README.md", "Dockerfile", "go.mod"}
		}),
	}
	for _, in := range inputs {
		all, err := e.Evaluate(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		each, err := e.evaluateEach(context.Background(), mustValue(t, in))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%+v\n%+v\n", all, each)
	}
	return b.String()
}

func TestLoadCache(t *testing.T) {
	src := t.TempDir()
	policy := filepath.Join(src, "extra.rego")
	write := func(body string) {
		t.Helper()
		if err := os.WriteFile(policy, []byte(`# METADATA
# title: Extra
# custom:
#   id: extra.readme
#   category: docs
#   level: bronze
#   weight: 1
#   remediation: Add one.
package score.checks.extra.readme

violation contains {"msg": msg, "path": "README.md"} if {
	`+body+`
	msg := sprintf("no %s", ["README"])
}
`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(`not "README.md" in input.files.paths`)
	dir := filepath.Join(t.TempDir(), "cache")
	opts := Options{DefaultFS: defaultsFS, Sources: []string{src}, InputSchema: factsSchema(t), ToolVersion: "test"}
	cached := opts
	cached.CacheDir = dir

	want := evalAll(t, load(t, opts))
	wantChecks := load(t, opts).Checks()
	wantDigest := load(t, opts).Digest()

	// The first load compiles and writes the entry, the second reads it.
	for round := range 2 {
		e := load(t, cached)
		if got := evalAll(t, e); got != want {
			t.Fatalf("round %d: results differ from an uncached load:\n%s\nwant\n%s", round, got, want)
		}
		if !reflect.DeepEqual(e.Checks(), wantChecks) || e.Digest() != wantDigest {
			t.Fatalf("round %d: catalogue or digest differ", round)
		}
		if n := len(cacheEntries(t, dir)); n != 1 {
			t.Fatalf("round %d: %d cache entries, want 1", round, n)
		}
		if _, hit := loadCacheRead(dir, keyOf(t, cached), rawOf(t, cached), sandboxCapabilities()); !hit {
			t.Fatalf("round %d: the entry does not load", round)
		}
	}
	key := cacheEntries(t, dir)[0]
	if _, hit := loadCacheRead(dir, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(key), "policies-"), ".bin")+"0000000000000000000000000", nil, sandboxCapabilities()); hit {
		t.Error("an entry was read under another key")
	}

	// A changed policy is picked up: a new entry, the new behaviour.
	write(`not "README.rst" in input.files.paths`)
	e := load(t, cached)
	if got := outcomes(mustEval(t, e, facts(t, func(f obj) { at(f, "files")["paths"] = []any{"README.md"} })))["extra.readme"]; got != Fail {
		t.Errorf("after the change extra.readme is %s, want fail", got)
	}
	if n := len(cacheEntries(t, dir)); n != 2 {
		t.Errorf("%d cache entries after a change, want 2", n)
	}

	// A policy that does not compile is reported even with a cache, and
	// leaves no entry.
	write(`not input.files.no_such_field`)
	if _, err := Load(context.Background(), cached); err == nil || !strings.Contains(err.Error(), "extra.rego") {
		t.Errorf("broken policy: %v", err)
	}
	if n := len(cacheEntries(t, dir)); n != 2 {
		t.Errorf("%d cache entries after a failed load, want 2", n)
	}
}

func TestLoadCacheCorruptEntries(t *testing.T) {
	dir := t.TempDir()
	opts := Options{DefaultFS: defaultsFS, InputSchema: factsSchema(t), ToolVersion: "test", CacheDir: dir}
	want := evalAll(t, load(t, Options{DefaultFS: defaultsFS, InputSchema: factsSchema(t)}))
	load(t, opts)
	entries := cacheEntries(t, dir)
	if len(entries) != 1 {
		t.Fatalf("%d entries", len(entries))
	}
	good, err := os.ReadFile(entries[0])
	if err != nil {
		t.Fatal(err)
	}
	other := t.TempDir()
	load(t, Options{DefaultFS: os.DirFS("testdata/override"), NoDefaults: false, InputSchema: factsSchema(t), ToolVersion: "test", CacheDir: other})
	foreign, err := os.ReadFile(cacheEntries(t, other)[0])
	if err != nil {
		t.Fatal(err)
	}
	flipped := append([]byte{}, good...)
	flipped[len(flipped)-len(flipped)/3] ^= 0xff
	for name, data := range map[string][]byte{
		"empty":     {},
		"garbage":   []byte("not a cache entry"),
		"truncated": good[:len(good)/2],
		"flipped":   flipped,
		"foreign":   foreign, // another policy set's entry under this key
		"no body":   good[:len(loadCacheMagic)+10],
	} {
		t.Run(name, func(t *testing.T) {
			if err := os.WriteFile(entries[0], data, 0o644); err != nil {
				t.Fatal(err)
			}
			if got := evalAll(t, load(t, opts)); got != want {
				t.Fatalf("results differ:\n%s\nwant\n%s", got, want)
			}
			// Read back after the rewrite: a sound entry again.
			b, err := os.ReadFile(entries[0])
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := loadCacheRead(dir, keyOf(t, opts), rawOf(t, opts), sandboxCapabilities()); !ok || len(b) == 0 {
				t.Errorf("the entry was not rewritten")
			}
		})
	}
}

func TestLoadCacheUnwritable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// A cache folder below a regular file can never be created.
	load(t, Options{DefaultFS: defaultsFS, InputSchema: factsSchema(t), CacheDir: filepath.Join(file, "cache")})
}

func rawOf(t *testing.T, opts Options) []rawSource {
	t.Helper()
	raws, err := readRawSources(opts, sandboxCapabilities(), false)
	if err != nil {
		t.Fatal(err)
	}
	return raws
}

func keyOf(t *testing.T, opts Options) string {
	return loadCacheKey(rawOf(t, opts), opts, sandboxCapabilities())
}

func mustEval(t *testing.T, e *Engine, in obj) []Result {
	t.Helper()
	r, err := e.Evaluate(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustValue(t *testing.T, in obj) ast.Value {
	t.Helper()
	v, err := ast.InterfaceToValue(in)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestPruneLoadCache(t *testing.T) {
	dir := t.TempDir()
	for i := range 5 {
		p := filepath.Join(dir, fmt.Sprintf("policies-%d.bin", i))
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		when := time.Unix(int64(1000+i), 0)
		if err := os.Chtimes(p, when, when); err != nil {
			t.Fatal(err)
		}
	}
	pruneLoadCache(dir, 2)
	got := cacheEntries(t, dir)
	want := []string{filepath.Join(dir, "policies-3.bin"), filepath.Join(dir, "policies-4.bin")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
}

// FuzzDecodeModules feeds the load cache's module decoder damaged entries:
// it must return an error or modules, never panic. A cache file is read
// back from disk and may be anything.
func FuzzDecodeModules(f *testing.F) {
	good, srcBytes := encodedDefaults(f)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _, _ = decodeModules(b, srcBytes)
	})
}

// TestDecodeModulesDamaged truncates a sound encoding at every byte and
// flips every byte of it: decoding returns an error or modules, never
// panics.
func TestDecodeModulesDamaged(t *testing.T) {
	good, srcBytes := encodedDefaults(t)
	if _, _, err := decodeModules(good, srcBytes); err != nil {
		t.Fatal(err)
	}
	for i := range good {
		if _, _, err := decodeModules(good[:i], srcBytes); err == nil {
			t.Errorf("truncated at %d of %d: no error", i, len(good))
		}
		b := append([]byte{}, good...)
		b[i] ^= 0xa5
		_, _, _ = decodeModules(b, srcBytes)
	}
}

// encodedDefaults compiles the test defaults and encodes them.
func encodedDefaults(tb testing.TB) ([]byte, map[string][]byte) {
	tb.Helper()
	opts := Options{DefaultFS: defaultsFS}
	raws, err := readRawSources(opts, sandboxCapabilities(), false)
	if err != nil {
		tb.Fatal(err)
	}
	sets, err := parseSources(raws, sandboxCapabilities(), false, nil)
	if err != nil {
		tb.Fatal(err)
	}
	mods := map[string]*ast.Module{}
	sources := map[string]string{}
	srcBytes := map[string][]byte{}
	for _, s := range sets {
		for _, m := range s.modules {
			mods[m.file] = m.parsed
			sources[m.file] = m.text
			srcBytes[m.file] = []byte(m.text)
		}
	}
	c := newCompiler(sandboxCapabilities(), nil, false)
	if c.Compile(mods); c.Failed() {
		tb.Fatal(c.Errors)
	}
	good, err := encodeModules(c.Modules, c.RewrittenVars, sources)
	if err != nil {
		tb.Fatal(err)
	}
	return good, srcBytes
}

// TestLoadCachePlanThatDoesNotDecode: an entry whose checks' plan matches
// its digest but does not decode (only a buggy or hostile writer makes
// one; the plan is decoded beside the caller) still gives every check's
// result, by topdown, and is removed, so that the next load writes it anew.
func TestLoadCachePlanThatDoesNotDecode(t *testing.T) {
	dir := t.TempDir()
	opts := Options{DefaultFS: defaultsFS, InputSchema: factsSchema(t), ToolVersion: "test", CacheDir: dir}
	want := evalAll(t, load(t, Options{DefaultFS: defaultsFS, InputSchema: factsSchema(t)}))
	load(t, opts)
	path := cacheEntries(t, dir)[0]
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// magic, meta (length, JSON), plans (length; per plan length, bytes), body
	rest := good[len(loadCacheMagic):]
	n, w := binary.Uvarint(rest)
	var meta loadCacheMeta
	if err := json.Unmarshal(rest[w:w+int(n)], &meta); err != nil {
		t.Fatal(err)
	}
	rest = rest[w+int(n):]
	n, w = binary.Uvarint(rest)
	plans, body := rest[w:w+int(n)], rest[w+int(n):]
	l0, w0 := binary.Uvarint(plans)
	code0, fixes := plans[w0:w0+int(l0)], plans[w0+int(l0):]
	// The checks' plan opens with its string table's size: claim more
	// strings than the plan has bytes.
	_, wc := binary.Uvarint(code0)
	bad0 := slices.Concat(binary.AppendUvarint(nil, 1<<40), code0[wc:])
	bad := slices.Concat(binary.AppendUvarint(nil, uint64(len(bad0))), bad0, fixes)
	meta.PlanSum = sumOf(bad)
	metaJSON, err := json.Marshal(meta)
	if err != nil {
		t.Fatal(err)
	}
	entry := slices.Concat([]byte(loadCacheMagic), binary.AppendUvarint(nil, uint64(len(metaJSON))), metaJSON,
		binary.AppendUvarint(nil, uint64(len(bad))), bad, body)
	if err := os.WriteFile(path, entry, 0o644); err != nil {
		t.Fatal(err)
	}
	e := load(t, opts)
	if e.plans.cachedResults == nil {
		t.Fatal("the entry was not read as a hit")
	}
	if got := evalAll(t, e); got != want {
		t.Fatalf("results differ:\n%s\nwant\n%s", got, want)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the entry whose plan does not decode is still there: %v", err)
	}
	load(t, opts)
	if _, ok := loadCacheRead(dir, keyOf(t, opts), rawOf(t, opts), sandboxCapabilities()); !ok {
		t.Error("the next load did not write the entry anew")
	}
}
