package engine

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"

	"github.com/scoredev/score/internal/lazyre"
)

// checksRoot is the package prefix of checks; other packages are helpers.
var checksRoot = ast.MustParseRef("data.score.checks")

// module is one parsed .rego file.
type module struct {
	file   string // as shown to users: policies/build/x.rego, mydir/x.rego, b.tar.gz/x.rego
	rel    string // slash path inside its source, for the digest
	text   string
	parsed *ast.Module
	pkg    string // package path without "data."
	test   bool   // a _test.rego file: for RunTests only
}

// policySet is what one source (the defaults, a directory, a bundle) holds.
type policySet struct {
	label   string
	modules []*module
	checks  []*Check
}

type rawFile struct {
	rel, file, text string
	regoVersion     ast.RegoVersion
}

// rawSource is one policy source as read, before parsing.
type rawSource struct {
	label string
	files []rawFile
}

// readRawSources reads the defaults and every source, joining the errors of
// all of them; a source that cannot be read is left out.
func readRawSources(opts Options, caps *ast.Capabilities, tests bool) ([]rawSource, error) {
	var raws []rawSource
	var errs []error
	if !opts.NoDefaults && opts.DefaultFS != nil {
		// The defaults' tests are as large as their policies, and only
		// `score policy test` reads them.
		files, err := readFS(opts.DefaultFS, func(rel string) string { return "policies/" + rel }, tests)
		if err != nil {
			errs = append(errs, err)
		} else {
			raws = append(raws, rawSource{DefaultSource, files})
		}
	}
	for _, src := range opts.Sources {
		files, err := readSource(src, caps)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		raws = append(raws, rawSource{src, files})
	}
	for _, r := range raws {
		slices.SortFunc(r.files, func(a, b rawFile) int { return strings.Compare(a.rel, b.rel) })
	}
	return raws, errors.Join(errs...)
}

// readSources reads and validates the defaults and every source, joining
// the errors of all of them. The sets hold whatever parsed even when there
// are errors, so that the caller can compile them and report compile errors
// in the same breath.
func readSources(opts Options, caps *ast.Capabilities, tests bool) ([]*policySet, error) {
	raws, err := readRawSources(opts, caps, tests)
	return parseSources(raws, caps, tests, err)
}

// parseSources parses what readRawSources read; readErr is its error.
// _test.rego files are parsed only when tests is set: evaluation never
// reads them.
func parseSources(raws []rawSource, caps *ast.Capabilities, tests bool, readErr error) ([]*policySet, error) {
	sets := make([]*policySet, 0, len(raws))
	errs := []error{readErr}
	for _, r := range raws {
		files := r.files
		if !tests {
			files = slices.DeleteFunc(slices.Clone(files), isTestFile)
		}
		set, err := parseSet(r.label, files, caps)
		errs = append(errs, err)
		sets = append(sets, set)
	}
	return sets, errors.Join(errs...)
}

func isTestFile(f rawFile) bool { return strings.HasSuffix(f.rel, "_test.rego") }

// readSource reads a directory, a bundle directory, a bundle tarball or a
// single .rego file.
func readSource(src string, caps *ast.Capabilities) ([]rawFile, error) {
	info, err := os.Stat(src)
	if err != nil {
		return nil, fmt.Errorf("policy source: %w", err)
	}
	switch {
	case !info.IsDir() && (strings.HasSuffix(src, ".tar.gz") || strings.HasSuffix(src, ".tgz")):
		f, err := os.Open(src)
		if err != nil {
			return nil, fmt.Errorf("policy source: %w", err)
		}
		defer f.Close()
		if err := checkTarballSize(src, f); err != nil {
			return nil, err
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("policy source: %w", err)
		}
		return readBundle(src, bundle.NewTarballLoader(f).WithSizeLimitBytes(maxBundleBytes), caps)
	case !info.IsDir() && strings.HasSuffix(src, ".rego"):
		b, err := os.ReadFile(src)
		if err != nil {
			return nil, fmt.Errorf("policy source: %w", err)
		}
		return []rawFile{{rel: filepath.Base(src), file: src, text: string(b), regoVersion: ast.RegoV1}}, nil
	case !info.IsDir():
		return nil, fmt.Errorf("policy source %s: not a directory, .rego file or .tar.gz bundle", src)
	}
	if _, err := os.Stat(filepath.Join(src, ".manifest")); err == nil {
		return readBundle(src, bundle.NewDirectoryLoader(src).WithSizeLimitBytes(maxBundleBytes), caps)
	}
	files, err := readFS(os.DirFS(src), func(rel string) string { return filepath.Join(src, filepath.FromSlash(rel)) }, true)
	if err == nil && len(files) == 0 {
		// Most likely a wrong path: say so rather than run without the
		// checks the user meant to add.
		return nil, fmt.Errorf("policy source %s: no .rego files", src)
	}
	return files, err
}

// Bounds on a bundle tarball, checked while it is decompressed and before
// OPA reads it: a 1 KB .tar.gz can inflate to gigabytes. Policy bundles
// are a few hundred kilobytes.
const (
	maxBundleBytes = 64 << 20
	maxBundleFiles = 10_000
)

// checkTarballSize reads the tarball r through once, in constant memory,
// and refuses it when it inflates past maxBundleBytes or holds more than
// maxBundleFiles entries.
func checkTarballSize(label string, r io.Reader) error {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("read bundle %s: %w", label, err)
	}
	defer gz.Close()
	tr := tar.NewReader(gz)
	var total int64
	for files := 0; ; files++ {
		if _, err := tr.Next(); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("read bundle %s: %w", label, err)
		}
		if files >= maxBundleFiles {
			return fmt.Errorf("read bundle %s: more than %d files; a policy bundle is far smaller", label, maxBundleFiles)
		}
		n, err := io.Copy(io.Discard, io.LimitReader(tr, maxBundleBytes-total+1))
		total += n
		if total > maxBundleBytes {
			return fmt.Errorf("read bundle %s: inflates to more than %d MiB; a policy bundle is far smaller", label, maxBundleBytes>>20)
		}
		if err != nil {
			return fmt.Errorf("read bundle %s: %w", label, err)
		}
	}
}

// readFS collects every .rego file of fsys, skipping hidden directories.
func readFS(fsys fs.FS, display func(rel string) string, tests bool) ([]rawFile, error) {
	var files []rawFile
	buf := make([]byte, 8<<10)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".rego") || !tests && strings.HasSuffix(p, "_test.rego") {
			return nil
		}
		text, err := readFSText(fsys, p, buf)
		if err != nil {
			return err
		}
		files = append(files, rawFile{rel: p, file: display(p), text: text, regoVersion: ast.RegoV1})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read policies: %w", err)
	}
	return files, nil
}

// readFSText reads a file of fsys into a string with one copy (ReadFile
// and a conversion would make two): every score process reads the
// embedded policies. buf is the copy's buffer, shared by the files of a
// folder.
func readFSText(fsys fs.FS, p string, buf []byte) (string, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	if st, err := f.Stat(); err == nil && st.Size() > 0 && st.Size() <= maxBundleBytes {
		b.Grow(int(st.Size()))
	}
	if _, err := io.CopyBuffer(&b, f, buf); err != nil {
		return "", err
	}
	return b.String(), nil
}

// readBundle reads an OPA bundle (tarball or directory) with the bundle
// package: manifest roots and per-file rego versions are honoured. Bundle
// data documents are refused: policies read only input and data.score.config.
func readBundle(label string, loader bundle.DirectoryLoader, caps *ast.Capabilities) ([]rawFile, error) {
	b, err := bundle.NewCustomReader(loader).
		WithSizeLimitBytes(maxBundleBytes).
		WithSkipBundleVerification(true).
		WithProcessAnnotations(true).
		WithCapabilities(caps).
		WithRegoVersion(ast.RegoV1).
		Read()
	if err != nil {
		return nil, fmt.Errorf("read bundle %s: %w", label, err)
	}
	if len(b.Data) > 0 {
		keys := make([]string, 0, len(b.Data))
		for k := range b.Data {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return nil, fmt.Errorf("bundle %s: data documents (%s) are not supported: policies read only input and data.score.config", label, strings.Join(keys, ", "))
	}
	files := make([]rawFile, 0, len(b.Modules))
	for _, mf := range b.Modules {
		rel := strings.TrimPrefix(path.Clean("/"+filepath.ToSlash(mf.Path)), "/")
		v, err := b.RegoVersionForFile(mf.RelativePath, ast.RegoV1)
		if err != nil {
			return nil, fmt.Errorf("bundle %s: %w", label, err)
		}
		files = append(files, rawFile{rel: rel, file: label + "/" + rel, text: string(mf.Raw), regoVersion: v})
	}
	return files, nil
}

// parseSet parses a source's files and reads its checks' metadata.
func parseSet(label string, files []rawFile, caps *ast.Capabilities) (*policySet, error) {
	slices.SortFunc(files, func(a, b rawFile) int { return strings.Compare(a.rel, b.rel) })
	set := &policySet{label: label}
	var errs []error
	results := parseFiles(files, caps)
	for i, f := range files {
		parsed, err := results[i].module, results[i].err
		if err != nil {
			errs = append(errs, astErrors(err)...)
			continue
		}
		if parsed == nil {
			errs = append(errs, fmt.Errorf("%s: empty module (no package)", f.file))
			continue
		}
		set.modules = append(set.modules, &module{
			file:   f.file,
			rel:    f.rel,
			text:   f.text,
			parsed: parsed,
			pkg:    strings.TrimPrefix(parsed.Package.Path.String(), "data."),
			test:   strings.HasSuffix(f.rel, "_test.rego"),
		})
	}
	checks, err := readChecks(label, set.modules)
	set.checks = checks
	return set, errors.Join(append(errs, err)...)
}

// readChecks builds one Check per score.checks package of a source. A check
// may span several files of one package; exactly one of them carries the
// package-scope METADATA.
func readChecks(label string, mods []*module) ([]*Check, error) {
	type pkgMods struct {
		mods []*module
	}
	byPkg := map[string]*pkgMods{}
	var order []string
	for _, m := range mods {
		if m.test || !m.parsed.Package.Path.HasPrefix(checksRoot) {
			continue
		}
		p := byPkg[m.pkg]
		if p == nil {
			p = &pkgMods{}
			byPkg[m.pkg] = p
			order = append(order, m.pkg)
		}
		p.mods = append(p.mods, m)
	}

	var errs []error
	var checks []*Check
	byID := map[string]*Check{}
	for _, pkg := range order {
		p := byPkg[pkg]
		var meta *ast.Annotations
		var metaMod *module
		hasApplicable, hasViolation, hasEvidence, hasWarning := false, false, false, false
		for _, m := range p.mods {
			for _, a := range m.parsed.Annotations {
				if a.Scope != "package" {
					continue
				}
				if meta != nil {
					errs = append(errs, fmt.Errorf("%s:%d: package %s has a second package-scope # METADATA block (the first is at %s:%d)",
						m.file, a.Location.Row, pkg, metaMod.file, meta.Location.Row))
					continue
				}
				meta, metaMod = a, m
			}
			for _, r := range m.parsed.Rules {
				ref := r.Head.Ref()
				switch {
				case len(ref) == 0:
				case ref[0].Value.Compare(ast.Var("applicable")) == 0:
					hasApplicable = true
					if len(ref) > 1 || r.Head.RuleKind() != ast.SingleValue {
						errs = append(errs, fmt.Errorf("%s:%d: applicable must be a boolean rule (`applicable if ...`)", m.file, r.Location.Row))
					}
				case ref[0].Value.Compare(ast.Var("evidence")) == 0:
					hasEvidence = true
					if len(ref) == 1 && r.Head.RuleKind() == ast.SingleValue {
						errs = append(errs, fmt.Errorf("%s:%d: evidence must be a set (`evidence contains {\"msg\": ...} if ...`)", m.file, r.Location.Row))
					}
				case ref[0].Value.Compare(ast.Var("warning")) == 0:
					hasWarning = true
					if len(ref) == 1 && r.Head.RuleKind() == ast.SingleValue {
						errs = append(errs, fmt.Errorf("%s:%d: warning must be a set (`warning contains {\"msg\": ...} if ...`)", m.file, r.Location.Row))
					}
				case ref[0].Value.Compare(ast.Var("violation")) == 0:
					hasViolation = true
					if len(ref) == 1 && r.Head.RuleKind() == ast.SingleValue {
						// A boolean violation would never be iterated: the
						// check would pass silently.
						errs = append(errs, fmt.Errorf("%s:%d: violation must be a set (`violation contains {\"msg\": ...} if ...`)", m.file, r.Location.Row))
					}
				}
			}
		}
		if meta == nil {
			errs = append(errs, fmt.Errorf("%s: package %s has no # METADATA block: a check needs title and custom id, category, level, weight and remediation",
				pkgPos(p.mods[0]), pkg))
			continue
		}
		if !hasViolation {
			errs = append(errs, fmt.Errorf("%s: package %s defines no violation rule, so the check could never fail", pkgPos(metaMod), pkg))
		}
		c, err := checkFromMetadata(meta, metaMod)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		c.HasApplicable = hasApplicable
		c.HasEvidence = hasEvidence
		c.HasWarning = hasWarning
		c.Source = label
		if prev, ok := byID[c.ID]; ok {
			errs = append(errs, fmt.Errorf("%s:%d: duplicate check id %q: also declared at %s:%d",
				c.File, c.Line, c.ID, prev.File, prev.Line))
			continue
		}
		byID[c.ID] = c
		checks = append(checks, c)
	}
	return checks, errors.Join(errs...)
}

func pkgPos(m *module) string {
	return fmt.Sprintf("%s:%d", m.file, m.parsed.Package.Location.Row)
}

// checkFromMetadata validates a package's METADATA, listing every problem.
func checkFromMetadata(a *ast.Annotations, m *module) (*Check, error) {
	c := &Check{
		Title:       strings.TrimSpace(a.Title),
		Description: strings.TrimSpace(a.Description),
		Package:     m.pkg,
		File:        m.file,
		Line:        m.parsed.Package.Location.Row,
	}
	var problems []string
	str := func(key string) string {
		v, ok := a.Custom[key]
		if !ok || v == nil {
			problems = append(problems, "missing custom."+key)
			return ""
		}
		s, ok := v.(string)
		if !ok || strings.TrimSpace(s) == "" {
			problems = append(problems, fmt.Sprintf("custom.%s must be a non-empty string", key))
			return ""
		}
		return strings.TrimSpace(s)
	}
	if c.Title == "" {
		problems = append(problems, "missing title")
	}
	c.ID = str("id")
	if strings.ContainsAny(c.ID, " \t\n") {
		problems = append(problems, fmt.Sprintf("custom.id %q contains whitespace", c.ID))
	}
	c.Category = str("category")
	if level := str("level"); level != "" {
		if !slices.Contains(Levels, level) {
			problems = append(problems, fmt.Sprintf("custom.level %q is not one of %s", level, strings.Join(Levels, ", ")))
		}
		c.Level = level
	}
	if v, ok := a.Custom["weight"]; !ok || v == nil {
		problems = append(problems, "missing custom.weight")
	} else if w, ok := positiveInt(v); !ok {
		problems = append(problems, fmt.Sprintf("custom.weight %v is not a positive integer", v))
	} else {
		c.Weight = w
	}
	c.Remediation = str("remediation")
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s:%d: check metadata of package %s: %s", c.File, c.Line, c.Package, strings.Join(problems, "; "))
	}
	return c, nil
}

func positiveInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, n > 0
	case int64:
		return int(n), n > 0
	case uint64:
		return int(n), n > 0 && n < 1<<31
	case float64:
		return int(n), n > 0 && n == float64(int(n))
	}
	return 0, false
}

// merge applies the sources in order. A later source replaces every earlier
// package it defines again and every earlier check whose id it reuses; the
// tests of a replaced package (same package or <package>_test) go with it.
func merge(sets []*policySet) ([]*module, []*Check) {
	var mods []*module
	byID := map[string]*Check{}
	for _, s := range sets {
		replaced := map[string]bool{}
		for _, m := range s.modules {
			if !m.test {
				replaced[m.pkg] = true
			}
		}
		for _, c := range s.checks {
			if old, ok := byID[c.ID]; ok {
				replaced[old.Package] = true
			}
		}
		mods = slices.DeleteFunc(mods, func(m *module) bool {
			return replaced[m.pkg] || (m.test && replaced[strings.TrimSuffix(m.pkg, "_test")])
		})
		for id, c := range byID {
			if replaced[c.Package] {
				delete(byID, id)
			}
		}
		mods = append(mods, s.modules...)
		for _, c := range s.checks {
			byID[c.ID] = c
		}
	}
	checks := make([]*Check, 0, len(byID))
	for _, c := range byID {
		checks = append(checks, c)
	}
	slices.SortFunc(checks, func(a, b *Check) int { return strings.Compare(a.ID, b.ID) })
	return mods, checks
}

// disable drops the disabled checks and their packages' modules.
func disable(checks []*Check, mods []*module, ids []string) ([]*Check, []*module, error) {
	if len(ids) == 0 {
		return checks, mods, nil
	}
	known := map[string]*Check{}
	for _, c := range checks {
		known[c.ID] = c
	}
	var unknown []string
	pkgs := map[string]bool{}
	for _, id := range ids {
		c, ok := known[id]
		if !ok {
			unknown = append(unknown, id)
			continue
		}
		pkgs[c.Package] = true
	}
	if len(unknown) > 0 {
		names := make([]string, 0, len(checks))
		for _, c := range checks {
			names = append(names, c.ID)
		}
		return nil, nil, fmt.Errorf("disable: unknown check id %s (known: %s)",
			strings.Join(quoteAll(unknown), ", "), strings.Join(names, ", "))
	}
	checks = slices.DeleteFunc(slices.Clone(checks), func(c *Check) bool { return pkgs[c.Package] })
	mods = slices.DeleteFunc(slices.Clone(mods), func(m *module) bool { return !m.test && pkgs[m.pkg] })
	return checks, mods, nil
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// astErrors turns parser and compiler errors into one error per problem,
// each starting with file:line:col.
func astErrors(err error) []error {
	var list ast.Errors
	if !errors.As(err, &list) {
		var one *ast.Error
		if errors.As(err, &one) {
			list = ast.Errors{one}
		} else {
			return []error{err}
		}
	}
	out := make([]error, 0, len(list))
	for _, e := range list {
		out = append(out, astError(e))
	}
	return out
}

func compileErrors(list ast.Errors) error {
	out := make([]error, 0, len(list))
	for _, e := range list {
		out = append(out, astError(e))
	}
	return errors.Join(out...)
}

func astError(e *ast.Error) error {
	if e.Location != nil && e.Location.File == generatedFile {
		return fmt.Errorf("internal error in the generated query module: %s", e.Message)
	}
	if e.Code == ast.TypeErr && e.Location != nil {
		if name, ok := strings.CutPrefix(e.Message, "undefined function "); ok {
			if why, banned := forbiddenBuiltins[name]; banned {
				return fmt.Errorf("%s:%d: %s is not allowed in score policies (%s)", e.Location.File, e.Location.Row, name, why)
			}
		}
	}
	var b strings.Builder
	if e.Location != nil {
		if e.Location.File != "" {
			fmt.Fprintf(&b, "%s:%d:%d: ", e.Location.File, e.Location.Row, e.Location.Col)
		} else {
			fmt.Fprintf(&b, "%d:%d: ", e.Location.Row, e.Location.Col)
		}
	} else if e.Code == ast.TypeErr {
		b.WriteString("input schema: ")
	}
	b.WriteString(e.Message)
	if e.Details != nil {
		for _, line := range e.Details.Lines() {
			b.WriteString("\n\t")
			b.WriteString(line)
		}
	}
	return errors.New(b.String())
}

var errPos = lazyre.New(`^(.+?):(\d+):`)

// sortedJoin flattens joined errors and orders them by file and line, so
// that a user fixing policies top to bottom reads them in that order. Errors
// without a position come first.
func sortedJoin(errs ...error) error {
	var flat []error
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		flat = append(flat, err)
	}
	for _, err := range errs {
		walk(err)
	}
	type key struct {
		file string
		line int
	}
	keyOf := func(err error) key {
		m := errPos.FindStringSubmatch(err.Error())
		if m == nil {
			return key{}
		}
		line, _ := strconv.Atoi(m[2])
		return key{m[1], line}
	}
	slices.SortStableFunc(flat, func(a, b error) int {
		ka, kb := keyOf(a), keyOf(b)
		if c := strings.Compare(ka.file, kb.file); c != 0 {
			return c
		}
		return ka.line - kb.line
	})
	return errors.Join(flat...)
}
