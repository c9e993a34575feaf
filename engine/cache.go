package engine

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/version"
)

// The load cache keeps a policy set compiled, so that the next Load of the
// very same set skips parsing and all of the compiler's rewriting and
// checking (type-checking against the facts schema included): together
// about nine tenths of loading the default catalogue.
//
// An entry is one file named by its key, a digest of everything the
// compiled result depends on: the label, path, Rego version and text of
// every policy file of every source (the embedded defaults and each
// --policy directory, file or bundle, in order), the disabled check ids,
// the facts schema, the sandbox's built-ins, OPA's version and score's.
// Changing a policy file changes the key. The entry holds the catalogue
// (the checks' metadata), which modules were kept, the plans of the checks
// and of the fixes (vmcodec.go) and the compiled modules (astcodec.go),
// each part behind its SHA-256. A hit decodes the checks' plan only, on a
// goroutine of its own while the caller goes on (the first evaluation
// waits for it; one that does not decode sends the checks to topdown and
// removes the entry); the fixes' plan is decoded when a fix is first
// evaluated (one that does not decode sends fixes to topdown), the modules
// when topdown is first needed (engine.go, Load), and a damaged module
// part then means compiling the sources again. An entry that cannot be
// read, is of another format or key, or whose plans do not match their
// digest is ignored, and the full load that follows
// rewrites it: the cache is never trusted over the sources. Entries are
// written atomically (a temporary file renamed into place), and a cache
// that cannot be written never fails a load.

// loadCacheFormat versions the entry layout; bump it whenever what an
// entry holds or means changes.
const loadCacheFormat = 6

const loadCacheMagic = "score-load-cache\n"

// maxLoadCacheEntry bounds what is read back: the default catalogue's entry
// is about 200 KB.
const maxLoadCacheEntry = 64 << 20

// hitStages are the compiler stages run over cached, already compiled
// modules: the ones that build the compiler's indices and trees rather than
// rewrite or check modules.
var hitStages = map[ast.StageID]bool{
	// These two run on the empty shells only (see loadCacheRead), which
	// costs nothing: the first because a stage must follow it, the second
	// because the local variable generator it makes serves only the module
	// rewriting stages a hit skips (a query has its own generator), so it
	// need not walk every decoded module for the names to avoid. The stage
	// after it puts the decoded modules in place.
	ast.StageResolveRefs:     true,
	ast.StageInitLocalVarGen: true,
	ast.StageSetModuleTree:   true,
	ast.StageSetRuleTree:     true,
	// StageSetGraph is left out: the rule graph serves the checks a hit
	// skips (recursion, type-checking) and the type-checking of a query
	// that replaces a document `with` a value, which the engine's own
	// queries never do; `score policy test`, whose tests do, compiles
	// without the cache.
	ast.StageBuildRuleIndices:          true,
	ast.StageBuildComprehensionIndices: true,
}

// loadCacheMeta is the JSON part of an entry.
type loadCacheMeta struct {
	Format int     `json:"format"`
	Key    string  `json:"key"`
	OPA    string  `json:"opa"`
	Score  string  `json:"score"`
	Checks []Check `json:"checks"`
	// Modules are the policy modules kept after merging and disabling, as
	// source index and path, in order: what Engine.Digest covers.
	Modules []cachedModule `json:"modules"`
	// Needs are the config keys and file globs the policies declare.
	Needs Needs `json:"needs"`
	// Fixable are the ids of the checks with a fix rule.
	Fixable []string `json:"fixable"`
	// PlanSum is the SHA-256 of the plans, checked before they are
	// decoded; BodySum that of the compiled modules, checked when they
	// are decoded, only if topdown is needed.
	PlanSum string `json:"plan_sum"`
	BodySum string `json:"body_sum"`
}

type cachedModule struct {
	Source int    `json:"source"`
	Rel    string `json:"rel"`
	File   string `json:"file"`
}

type cacheHit struct {
	plans   plans
	fixable []string
	checks  []*Check
	mods    []*module
	// compiler decodes the compiled modules and rebuilds OPA's compiler
	// over them, on first use (Engine.topdown).
	compiler func() (*ast.Compiler, error)
	needs    Needs
}

// loadCacheKey digests everything a compiled policy set depends on.
func loadCacheKey(raws []rawSource, opts Options, caps *ast.Capabilities) string {
	h := sha256.New()
	// The policies' texts go through one small buffer: a []byte of each
	// would copy them all, in a process that reads them only for this.
	var buf [4096]byte
	field := func(s string) {
		h.Write(buf[:binary.PutUvarint(buf[:], uint64(len(s)))])
		for len(s) > 0 {
			n := copy(buf[:], s)
			h.Write(buf[:n])
			s = s[n:]
		}
	}
	field(fmt.Sprintf("score-load-cache/%d", loadCacheFormat))
	field(version.Version)
	field(opts.ToolVersion)
	names := make([]string, 0, len(caps.Builtins))
	for _, b := range caps.Builtins {
		names = append(names, b.Name)
	}
	slices.Sort(names)
	field(strings.Join(names, ","))
	field(string(opts.InputSchema))
	ids := slices.Clone(opts.Disabled)
	slices.Sort(ids)
	field(strings.Join(slices.Compact(ids), "\n"))
	for _, r := range raws {
		field("source")
		field(r.label)
		for _, f := range r.files {
			if isTestFile(f) {
				continue // Load never reads them
			}
			field(f.rel)
			field(f.file)
			field(f.regoVersion.String())
			field(f.text)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func loadCachePath(dir, key string) string {
	return filepath.Join(dir, "policies-"+key[:40]+".bin")
}

// loadCacheRead returns the compiled set of the entry for key, if there is
// a sound one.
func loadCacheRead(dir, key string, raws []rawSource, caps *ast.Capabilities) (hit *cacheHit, ok bool) {
	// The decoder checks what it reads, but a damaged entry that still
	// decodes could trip the compiler: that is a miss too, never a crash.
	defer func() {
		if recover() != nil {
			hit, ok = nil, false
		}
	}()
	entry, err := mapEntry(loadCachePath(dir, key), maxLoadCacheEntry)
	if err != nil {
		return nil, false
	}
	rest, ok := bytes.CutPrefix(entry.b, []byte(loadCacheMagic))
	if !ok {
		return nil, false
	}
	n, w := binary.Uvarint(rest)
	if w <= 0 || n > uint64(len(rest)-w) {
		return nil, false
	}
	metaJSON, rest := rest[w:w+int(n)], rest[w+int(n):]
	var meta loadCacheMeta
	if err := json.Unmarshal(metaJSON, &meta); err != nil {
		return nil, false
	}
	if meta.Format != loadCacheFormat || meta.Key != key || meta.OPA != version.Version {
		return nil, false
	}
	n, w = binary.Uvarint(rest)
	if w <= 0 || n > uint64(len(rest)-w) {
		return nil, false
	}
	planSection, body := rest[w:w+int(n)], rest[w+int(n):]
	if !sumIs(planSection, meta.PlanSum) {
		return nil, false
	}
	var planned plans
	var code [2][]byte // the results' plan, the fixes'
	for i := range code {
		n, w = binary.Uvarint(planSection)
		if w <= 0 || n > uint64(len(planSection)-w) {
			return nil, false
		}
		code[i], planSection = planSection[w:w+int(n)], planSection[w+int(n):]
	}
	// The plans are decoded apart from the load (see plans). They matched
	// their digest, so only an entry of a buggy or hostile writer fails to
	// decode: its checks then go to topdown and the entry is removed, for
	// the next load to write it anew; its fixes go to topdown.
	if len(code[0]) > 0 {
		path := loadCachePath(dir, key)
		planned.cachedResults = &lazyProgram{code: code[0], entry: entry, failed: func() { _ = os.Remove(path) }}
		go planned.cachedResults.get()
	}
	if len(code[1]) > 0 {
		planned.cachedFixes = &lazyProgram{code: code[1], entry: entry}
	}

	byRel := make([]map[string]rawFile, len(raws))
	for i, r := range raws {
		byRel[i] = make(map[string]rawFile, len(r.files))
		for _, f := range r.files {
			byRel[i][f.rel] = f
		}
	}
	mods := make([]*module, 0, len(meta.Modules))
	for _, cm := range meta.Modules {
		if cm.Source < 0 || cm.Source >= len(raws) {
			return nil, false
		}
		f, ok := byRel[cm.Source][cm.Rel]
		if !ok || f.file != cm.File {
			return nil, false
		}
		mods = append(mods, &module{file: f.file, rel: f.rel, text: f.text})
	}
	checks := make([]*Check, len(meta.Checks))
	for i := range meta.Checks {
		checks[i] = &meta.Checks[i]
	}

	return &cacheHit{checks: checks, mods: mods, needs: meta.Needs, plans: planned, fixable: meta.Fixable,
		compiler: func() (*ast.Compiler, error) {
			// The entry stays mapped while this can run: it was replaced
			// or removed since only if another process rewrote or pruned
			// it, which leaves this mapping of the old file as it was.
			defer runtime.KeepAlive(entry)
			if !sumIs(body, meta.BodySum) {
				return nil, fmt.Errorf("policy cache entry %s: the compiled modules do not match their digest (remove it to recompile)", loadCachePath(dir, key))
			}
			sources := map[string][]byte{}
			for _, r := range raws {
				for _, f := range r.files {
					sources[f.file] = []byte(f.text)
				}
			}
			c, err := cachedCompiler(body, sources, caps)
			if err != nil {
				return nil, fmt.Errorf("policy cache entry %s: %w (remove it to recompile)", loadCachePath(dir, key), err)
			}
			return c, nil
		}}, true
}

// cachedCompiler decodes the compiled modules of an entry and rebuilds
// OPA's compiler over them.
func cachedCompiler(body []byte, sources map[string][]byte, caps *ast.Capabilities) (c *ast.Compiler, err error) {
	// The entry's digest was checked, but a decoder or compiler fault must
	// still be an error, never a crash.
	defer func() {
		if r := recover(); r != nil {
			c, err = nil, fmt.Errorf("decode: %v", r)
		}
	}()
	compiled, rewritten, err := decodeModules(body, sources)
	if err != nil {
		return nil, err
	}
	var skip []ast.StageID
	for _, s := range ast.AllStages() {
		if !hitStages[s] {
			skip = append(skip, s)
		}
	}
	// Compile copies every module it is given, which would cost as much
	// as decoding: it gets empty shells, and the first stage puts the
	// decoded modules in their place.
	shells := make(map[string]*ast.Module, len(compiled))
	for name, m := range compiled {
		shells[name] = &ast.Module{Package: m.Package}
	}
	compiler := newCompiler(caps, nil, false).
		WithSkipStages(skip...).
		WithStageAfterID(ast.StageInitLocalVarGen, ast.CompilerStageDefinition{
			Name:       "ScoreCachedModules",
			MetricName: "score_cached_modules",
			Stage: func(c *ast.Compiler) *ast.Error {
				for name, m := range compiled {
					c.Modules[name] = m
				}
				return nil
			},
		})
	if compiler.Compile(shells); compiler.Failed() {
		return nil, compiler.Errors
	}
	for k, v := range rewritten {
		compiler.RewrittenVars[k] = v
	}
	return compiler, nil
}

func sumOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func sumIs(b []byte, want string) bool { return want != "" && sumOf(b) == want }

func readCapped(path string, limit int64) ([]byte, error) {
	f, size, err := openCapped(path, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, size)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, err
	}
	return b, nil
}

// openCapped opens a regular file of at most limit bytes and says its size.
func openCapped(path string, limit int64) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	info, err := f.Stat()
	if err == nil && (!info.Mode().IsRegular() || info.Size() > limit) {
		err = fmt.Errorf("%s: not a regular file of at most %d bytes", path, limit)
	}
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, info.Size(), nil
}

// loadCacheWrite records a compiled policy set under key.
func loadCacheWrite(dir, key string, raws []rawSource, full *compiledSet, toolVersion string) error {
	sets, mods, checks, compiler, needs, planned, fixable := full.sets, full.mods, full.checks, full.compiler, full.needs, full.plans, full.fixable
	sources := map[string]string{}
	for _, r := range raws {
		for _, f := range r.files {
			sources[f.file] = f.text
		}
	}
	setOf := map[*module]int{}
	for i, s := range sets {
		for _, m := range s.modules {
			setOf[m] = i
		}
	}
	meta := loadCacheMeta{Format: loadCacheFormat, Key: key, OPA: version.Version, Score: toolVersion, Needs: needs, Fixable: fixable}
	for _, c := range checks {
		meta.Checks = append(meta.Checks, *c)
	}
	for _, m := range mods {
		if m.test {
			continue
		}
		i, ok := setOf[m]
		if !ok || sets[i].label != raws[i].label {
			return fmt.Errorf("load cache: module %s has no source", m.file)
		}
		meta.Modules = append(meta.Modules, cachedModule{Source: i, Rel: m.rel, File: m.file})
	}
	body, err := encodeModules(compiler.Modules, compiler.RewrittenVars, sources)
	if err != nil {
		return fmt.Errorf("load cache: %w", err)
	}
	// After the metadata: the plan section (each plan, empty when there
	// is none), then the compiled modules.
	var planSection []byte
	for _, p := range []*program{planned.results, planned.fixes} {
		var b []byte
		if p != nil {
			if b, err = encodeProgram(p); err != nil {
				return fmt.Errorf("load cache: %w", err)
			}
		}
		planSection = binary.AppendUvarint(planSection, uint64(len(b)))
		planSection = append(planSection, b...)
	}
	meta.PlanSum, meta.BodySum = sumOf(planSection), sumOf(body)
	rest := binary.AppendUvarint(nil, uint64(len(planSection)))
	rest = append(append(rest, planSection...), body...)
	metaJSON, err := json.Marshal(meta)
	if err != nil {
		return fmt.Errorf("load cache: %w", err)
	}
	out := make([]byte, 0, len(loadCacheMagic)+binary.MaxVarintLen64+len(metaJSON)+len(rest))
	out = append(out, loadCacheMagic...)
	out = binary.AppendUvarint(out, uint64(len(metaJSON)))
	out = append(out, metaJSON...)
	out = append(out, rest...)
	if err := writeFileAtomic(dir, loadCachePath(dir, key), out); err != nil {
		return err
	}
	pruneLoadCache(dir, maxLoadCacheEntries)
	return nil
}

// maxLoadCacheEntries bounds the cache folder: every edit of a policy
// makes a new entry, and nothing else would ever remove the old ones.
const maxLoadCacheEntries = 16

// pruneLoadCache removes all but the keep most recently written entries.
func pruneLoadCache(dir string, keep int) {
	paths, err := filepath.Glob(filepath.Join(dir, "policies-*.bin"))
	if err != nil || len(paths) <= keep {
		return
	}
	type entry struct {
		path string
		mod  int64
	}
	entries := make([]entry, 0, len(paths))
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil {
			entries = append(entries, entry{p, info.ModTime().UnixNano()})
		}
	}
	slices.SortFunc(entries, func(a, b entry) int { return cmp.Compare(b.mod, a.mod) })
	for _, e := range entries[min(keep, len(entries)):] {
		os.Remove(e.path)
	}
}

// writeFileAtomic writes path through a temporary file in dir renamed into
// place, so that a concurrent reader sees the whole file or none.
func writeFileAtomic(dir, path string, data []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("load cache: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".policies-*.tmp")
	if err != nil {
		return fmt.Errorf("load cache: %w", err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("load cache: write %s: %w", tmp.Name(), errors.Join(werr, cerr))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("load cache: %w", err)
	}
	return nil
}
