// Package org generates a synthetic organisation of git repositories for
// the benchmarks: Go, Java, Node and Python services and a few monorepos,
// built on the fixture repositories of testdata/repos plus generated
// source, tests, docs, config and a few binary assets, from a handful of
// files to a few thousand.
//
// Everything is deterministic: repository i depends only on the seed and i
// (fixed authors and dates, so the same commits every time), and the mix of
// sizes repeats in every block of 100 repositories, so the first 100 of an
// organisation of 1,000 have the same shape as the whole.
package org

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// doneMarker is written inside a bare repository once it is complete.
const doneMarker = "score-bench-complete"

// Template is a fixture repository: its files by path.
type Template struct {
	Name  string
	Lang  string
	files []file
}

type file struct {
	path string
	data []byte
	exec bool
}

// LoadTemplates reads every fixture folder of dir (testdata/repos),
// leaving out its expectations.
func LoadTemplates(dir string) ([]*Template, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("templates: %w (run from the module root or pass -templates)", err)
	}
	var out []*Template
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		root := filepath.Join(dir, e.Name())
		t := &Template{Name: e.Name()}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !d.Type().IsRegular() {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
			if rel == "expect.yaml" || rel == ".scoreignore" {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			t.files = append(t.files, file{path: rel, data: data, exec: info.Mode()&0o100 != 0})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", e.Name(), err)
		}
		t.Lang = languageOf(t)
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("templates: no fixture folders in %s", dir)
	}
	return out, nil
}

// languageOf names a template's main language from its root manifests.
func languageOf(t *Template) string {
	has := map[string]bool{}
	for _, f := range t.files {
		if !strings.Contains(f.path, "/") {
			has[f.path] = true
		}
	}
	switch {
	case strings.Contains(t.Name, "monorepo"):
		return "mono"
	case has["pom.xml"] || has["build.gradle"] || has["build.gradle.kts"] || has["settings.gradle.kts"]:
		return "java"
	case has["go.mod"]:
		return "go"
	case has["package.json"]:
		return "node"
	default:
		return "python"
	}
}

// Plan is everything about one repository, decided up front from the seed.
type Plan struct {
	// Name is group/name-NNNN, unique by the index.
	Name   string
	Group  string
	Branch string
	// Lang is go, java, node, python, or mixed for a monorepo.
	Lang string
	// Kind is service or monorepo.
	Kind string
	// parts are templates and where they go (root "" or services/x/).
	parts   []part
	commits []commitPlan
}

type part struct {
	t      *Template
	prefix string
}

type commitPlan struct {
	author string
	when   time.Time
	msg    string
	// generated files written in this commit (new or changed)
	gen []genFile
}

type genFile struct {
	path  string
	lang  string // go, java, node, python, doc, yaml, json, binary
	lines int
	salt  uint64
}

var (
	groups = []string{"payments", "checkout", "identity", "search", "catalog", "pricing", "warehouse", "shipping",
		"notifications", "analytics", "platform", "mobile-backend", "customer-care", "fraud", "ledger", "growth"}
	nouns = []string{"ledger", "gateway", "router", "billing", "invoice", "cart", "order", "account", "session",
		"profile", "token", "audit", "report", "stock", "parcel", "rate", "quote", "email", "sms", "push",
		"feed", "index", "query", "price", "refund", "wallet", "event", "metric", "consent", "review"}
	suffixes = []string{"api", "service", "worker", "svc", "backend", "jobs", "sync", "bff", "consumer", "importer"}
	authors  = []string{"Ada Lovelace <ada@example.invalid>", "Grace Hopper <grace@example.invalid>",
		"Alan Turing <alan@example.invalid>", "Barbara Liskov <barbara@example.invalid>",
		"Ken Thompson <ken@example.invalid>", "Margaret Hamilton <margaret@example.invalid>"}
	epoch = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
)

// sizeClass returns how many files to generate for slot (0..99) of a block
// of 100 repositories, and whether it is a monorepo: 30 tiny, 40 small, 20
// medium, 8 large, 2 very large; 6 monorepos across the classes (the
// largest repository among them).
func sizeClass(slot int, r *rand.Rand) (files int, mono bool) {
	between := func(lo, hi int) int { return lo + r.IntN(hi-lo+1) }
	mono = slot%20 == 7
	switch {
	case slot < 30:
		return between(0, 20), mono
	case slot < 70:
		return between(20, 150), mono
	case slot < 90:
		return between(150, 600), mono
	case slot < 98:
		return between(600, 2000), mono
	case slot == 98:
		return between(2000, 3000), false
	default:
		return between(3000, 5000), true
	}
}

// NewPlan plans repository i of the organisation of seed.
func NewPlan(seed uint64, i int, tmpls []*Template) *Plan {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	block := rand.New(rand.NewPCG(seed, 1<<40+uint64(i/100)))
	slot := block.Perm(100)[i%100]
	nfiles, mono := sizeClass(slot, r)
	return newPlan(r, i, tmpls, nfiles, mono)
}

// NewPlanSized plans repository i with about files generated files on top
// of its templates (a monorepo when mono is set).
func NewPlanSized(seed uint64, i int, tmpls []*Template, files int, mono bool) *Plan {
	return newPlan(rand.New(rand.NewPCG(seed, uint64(i))), i, tmpls, files, mono)
}

func newPlan(r *rand.Rand, i int, tmpls []*Template, nfiles int, mono bool) *Plan {

	byLang := map[string][]*Template{}
	for _, t := range tmpls {
		byLang[t.Lang] = append(byLang[t.Lang], t)
	}
	pickLang := func() string {
		// Go 35%, Node 25%, Java 20%, Python 20% (falling back to what exists).
		x := r.IntN(100)
		want := "python"
		switch {
		case x < 35:
			want = "go"
		case x < 60:
			want = "node"
		case x < 80:
			want = "java"
		}
		if len(byLang[want]) == 0 {
			for _, l := range []string{"go", "node", "java", "python", "mono"} {
				if len(byLang[l]) > 0 {
					return l
				}
			}
		}
		return want
	}
	pick := func(lang string) *Template { ts := byLang[lang]; return ts[r.IntN(len(ts))] }

	p := &Plan{Group: groups[r.IntN(len(groups))], Branch: "main", Kind: "service"}
	if r.IntN(10) == 0 {
		p.Branch = "master"
	}
	base := nouns[r.IntN(len(nouns))] + "-" + suffixes[r.IntN(len(suffixes))]
	p.Name = fmt.Sprintf("%s/%s-%04d", p.Group, base, i)
	if mono {
		p.Kind, p.Lang = "monorepo", "mixed"
		if m := byLang["mono"]; len(m) > 0 && r.IntN(2) == 0 {
			p.parts = append(p.parts, part{t: m[r.IntN(len(m))]})
		} else {
			p.parts = append(p.parts, part{t: pick(pickLang())})
		}
		for k := range 2 + r.IntN(4) {
			p.parts = append(p.parts, part{t: pick(pickLang()), prefix: fmt.Sprintf("services/%s-%d/", nouns[r.IntN(len(nouns))], k)})
		}
	} else {
		p.Lang = pickLang()
		p.parts = []part{{t: pick(p.Lang)}}
	}

	// Generated files, spread over the parts, each in its part's language.
	var gen []genFile
	seen := map[string]bool{}
	for len(gen) < nfiles {
		pt := p.parts[r.IntN(len(p.parts))]
		g := genFile{lines: lineCount(r), salt: r.Uint64()}
		g.lang, g.path = genPath(r, pt, len(gen))
		if seen[g.path] {
			continue
		}
		seen[g.path] = true
		gen = append(gen, g)
	}

	// History: the first commit has nearly everything, later ones change
	// and add a few files.
	ncommits := 1 + r.IntN(4)
	split := len(gen) - len(gen)/10
	if ncommits == 1 || split == 0 {
		ncommits, split = 1, len(gen)
	}
	when := epoch.Add(time.Duration(i) * time.Minute)
	p.commits = append(p.commits, commitPlan{author: authors[r.IntN(len(authors))], when: when, msg: "Initial import", gen: gen[:split]})
	rest := gen[split:]
	for c := 1; c < ncommits; c++ {
		when = when.Add(time.Duration(1+r.IntN(72)) * time.Hour)
		var change []genFile
		for k := 0; k < 1+split/30; k++ {
			g := gen[r.IntN(split)]
			g.salt = r.Uint64()
			change = append(change, g)
		}
		take := len(rest) / (ncommits - c)
		change = append(change, rest[:take]...)
		rest = rest[take:]
		p.commits = append(p.commits, commitPlan{author: authors[r.IntN(len(authors))], when: when,
			msg: fmt.Sprintf("Change %d: %s", c, sentence(r, 4)), gen: change})
	}
	return p
}

// lineCount is log-normal: a median of about 40 lines, a long tail.
func lineCount(r *rand.Rand) int {
	n := int(math.Exp(3.7 + 0.9*r.NormFloat64()))
	return min(max(n, 4), 2500)
}

// genPath places a generated file in a part: source and tests in the
// language's layout, plus some docs, config and binary assets.
func genPath(r *rand.Rand, pt part, k int) (lang, p string) {
	pkg := nouns[r.IntN(len(nouns))]
	name := fmt.Sprintf("%s_%s%d", nouns[r.IntN(len(nouns))], words[r.IntN(len(words))], k)
	x := r.IntN(100)
	switch {
	case x < 4:
		return "doc", pt.prefix + fmt.Sprintf("docs/%s/%s.md", pkg, name)
	case x < 8:
		return "yaml", pt.prefix + fmt.Sprintf("config/%s/%s.yaml", pkg, name)
	case x < 10:
		return "json", pt.prefix + fmt.Sprintf("assets/%s/%s.json", pkg, name)
	case x < 11:
		return "binary", pt.prefix + fmt.Sprintf("assets/img/%s.png", name)
	}
	test := x >= 78
	switch pt.t.Lang {
	case "go", "mono":
		if test {
			return "go", pt.prefix + fmt.Sprintf("internal/%s/%s_test.go", pkg, name)
		}
		return "go", pt.prefix + fmt.Sprintf("internal/%s/%s.go", pkg, name)
	case "java":
		cls := className(name)
		if test {
			return "java", pt.prefix + fmt.Sprintf("src/test/java/com/acme/%s/%sTest.java", pkg, cls)
		}
		return "java", pt.prefix + fmt.Sprintf("src/main/java/com/acme/%s/%s.java", pkg, cls)
	case "node":
		if test {
			return "node", pt.prefix + fmt.Sprintf("src/%s/%s.test.js", pkg, name)
		}
		return "node", pt.prefix + fmt.Sprintf("src/%s/%s.js", pkg, name)
	default:
		if test {
			return "python", pt.prefix + fmt.Sprintf("tests/%s/test_%s.py", pkg, name)
		}
		return "python", pt.prefix + fmt.Sprintf("app/%s/%s.py", pkg, name)
	}
}

func className(s string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '_' || r == '-' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

var words = strings.Fields(`account amount apply batch buffer cache cancel check client close commit config
	context count create cursor decode delete detect digest encode entry event expire fetch filter flush
	format handle header index insert limit load lookup merge metric notify offset open order parse patch
	payload policy queue quota read record refresh reload remove render reply request reset resolve retry
	route schedule scope search select send session settle shard snapshot source split state status store
	stream submit sync tenant timeout token trace update upload validate verify window worker write`)

func sentence(r *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[r.IntN(len(words))]
	}
	return strings.Join(ws, " ")
}

func ident(r *rand.Rand) string {
	return words[r.IntN(len(words))] + className(words[r.IntN(len(words))])
}

// content writes a generated file's bytes.
func content(g genFile) []byte {
	r := rand.New(rand.NewPCG(g.salt, uint64(g.lines)))
	var b bytes.Buffer
	lines := 0
	emit := func(format string, args ...any) { fmt.Fprintf(&b, format, args...); b.WriteByte('\n'); lines++ }
	pkg := path.Base(path.Dir(g.path))
	switch g.lang {
	case "binary":
		b.WriteString("\x89PNG\r\n\x1a\n")
		buf := make([]byte, 64*g.lines)
		for i := range buf {
			buf[i] = byte(r.Uint32())
		}
		b.Write(buf)
		return b.Bytes()
	case "doc":
		emit("# %s", className(sentence(r, 3)))
		for lines < g.lines {
			emit("")
			emit("%s. %s, %s.", className(sentence(r, 8)), sentence(r, 9), sentence(r, 6))
			if r.IntN(4) == 0 {
				emit("")
				emit("- `%s`: %s", ident(r), sentence(r, 7))
			}
		}
	case "yaml":
		emit("# %s", sentence(r, 6))
		emit("%s:", ident(r))
		for lines < g.lines {
			emit("  %s: %q", ident(r), sentence(r, 2))
			if r.IntN(5) == 0 {
				emit("  %s:", ident(r))
				emit("    - %d", r.IntN(10000))
			}
		}
	case "json":
		emit("{")
		for lines < g.lines-1 {
			emit("  %q: {\"id\": %d, \"name\": %q, \"enabled\": %t},", ident(r), r.IntN(1e6), sentence(r, 3), r.IntN(2) == 0)
		}
		emit("  \"end\": true")
		emit("}")
	case "go":
		emit("// Package %s %s.", pkg, sentence(r, 6))
		emit("package %s", pkg)
		emit("")
		emit("import (\n\t\"context\"\n\t\"errors\"\n\t\"fmt\"\n)")
		if strings.HasSuffix(g.path, "_test.go") {
			emit("import \"testing\"")
		}
		emit("")
		emit("var Err%s = errors.New(%q)", className(ident(r)), sentence(r, 3))
		for lines < g.lines {
			typ := className(ident(r))
			emit("")
			emit("// %s %s.", typ, sentence(r, 8))
			emit("type %s struct {", typ)
			for range 1 + r.IntN(5) {
				emit("\t%s %s", className(ident(r)), []string{"string", "int", "int64", "bool", "[]byte", "map[string]string"}[r.IntN(6)])
			}
			emit("}")
			for range 1 + r.IntN(3) {
				arg := ident(r)
				emit("")
				emit("// %s %s.", className(ident(r)), sentence(r, 7))
				emit("func (x *%s) %s(ctx context.Context, %s string) (int, error) {", typ, className(ident(r)), arg)
				emit("\tif %s == \"\" {", arg)
				emit("\t\treturn 0, fmt.Errorf(\"%s: %%w\", Err%s)", sentence(r, 3), typ)
				emit("\t}")
				for range r.IntN(6) {
					emit("\t%s := len(%s) + %d // %s", ident(r), arg, r.IntN(100), sentence(r, 4))
				}
				emit("\treturn len(%s), ctx.Err()", arg)
				emit("}")
			}
		}
	case "java":
		cls := strings.TrimSuffix(path.Base(g.path), ".java")
		emit("package com.acme.%s;", pkg)
		emit("")
		emit("import java.util.List;\nimport java.util.Map;\nimport java.util.Objects;")
		emit("")
		emit("/** %s. */", className(sentence(r, 8)))
		emit("public class %s {", cls)
		for range 1 + r.IntN(5) {
			emit("    private final String %s = %q;", ident(r), sentence(r, 2))
		}
		for lines < g.lines-1 {
			arg := ident(r)
			emit("")
			emit("    /** %s. */", className(sentence(r, 7)))
			emit("    public int %s(String %s, Map<String, List<String>> %s) {", ident(r), arg, ident(r))
			emit("        Objects.requireNonNull(%s, %q);", arg, sentence(r, 3))
			for range r.IntN(6) {
				emit("        int %s = %s.length() * %d; // %s", ident(r), arg, r.IntN(100), sentence(r, 4))
			}
			emit("        return %s.length();", arg)
			emit("    }")
		}
		emit("}")
	case "node":
		emit("'use strict';")
		emit("")
		emit("const { %s } = require('../%s');", ident(r), nouns[r.IntN(len(nouns))])
		for lines < g.lines {
			arg := ident(r)
			emit("")
			emit("/** %s. */", className(sentence(r, 7)))
			emit("export async function %s(%s, options = {}) {", ident(r), arg)
			emit("  if (!%s) {\n    throw new Error('%s');\n  }", arg, sentence(r, 3))
			for range r.IntN(6) {
				emit("  const %s = %s.length + %d; // %s", ident(r), arg, r.IntN(100), sentence(r, 4))
			}
			emit("  return { %s, ...options };", arg)
			emit("}")
		}
	default: // python
		emit("\"\"\"%s.\"\"\"", className(sentence(r, 7)))
		emit("")
		emit("from __future__ import annotations\n\nimport logging\nfrom dataclasses import dataclass")
		emit("")
		emit("log = logging.getLogger(__name__)")
		for lines < g.lines {
			arg := strings.ToLower(ident(r))
			emit("")
			emit("")
			emit("def %s_%s(%s: str, limit: int = %d) -> int:", words[r.IntN(len(words))], words[r.IntN(len(words))], arg, r.IntN(1000))
			emit("    \"\"\"%s.\"\"\"", className(sentence(r, 8)))
			emit("    if not %s:\n        raise ValueError(%q)", arg, sentence(r, 3))
			for range r.IntN(6) {
				emit("    %s_%s = len(%s) + %d  # %s", words[r.IntN(len(words))], words[r.IntN(len(words))], arg, r.IntN(100), sentence(r, 4))
			}
			emit("    return min(len(%s), limit)", arg)
		}
	}
	return b.Bytes()
}

// Stats are the size of a repository's tree at its head.
type Stats struct {
	Files int
	Bytes int64
}

var teamLine = regexp.MustCompile(`(?m)^team:[ \t]*\S+`)

// templateFiles returns the files of the first commit from the templates,
// with the team of a .score.yaml at the root set to the repository's group.
func (p *Plan) templateFiles() []file {
	var out []file
	for _, pt := range p.parts {
		for _, f := range pt.t.files {
			f.path = pt.prefix + f.path
			if f.path == ".score.yaml" {
				f.data = teamLine.ReplaceAll(f.data, []byte("team: "+p.Group))
			}
			out = append(out, f)
		}
	}
	return out
}

// Commits is the number of commits of the repository's history.
func (p *Plan) Commits() int { return len(p.commits) }

// Files returns the tree at the head commit: path -> content.
func (p *Plan) Files() map[string][]byte {
	out := map[string][]byte{}
	for c, cp := range p.commits {
		if c == 0 {
			for _, f := range p.templateFiles() {
				out[f.path] = f.data
			}
		}
		for _, g := range cp.gen {
			out[g.path] = content(g)
		}
	}
	return out
}

// Build writes the repository as a bare repository root/NAME.git (HEAD on
// its branch) with git fast-import, unless a complete one is already
// there; fresh reports whether it wrote it.
func Build(gitPath, root string, p *Plan) (st Stats, fresh bool, err error) {
	dir := filepath.Join(root, filepath.FromSlash(p.Name)+".git")
	if _, err := os.Stat(filepath.Join(dir, doneMarker)); err == nil {
		st, err := readStats(dir)
		return st, false, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return Stats{}, false, err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return Stats{}, false, err
	}
	if err := gitRun(gitPath, nil, "init", "-q", "--bare", "--template=", "-b", p.Branch, dir); err != nil {
		return Stats{}, false, err
	}

	var stream bytes.Buffer
	w := bufio.NewWriter(&stream)
	files := map[string]int64{}
	for c, cp := range p.commits {
		ts := fmt.Sprintf("%s %d +0000", cp.author, cp.when.Unix())
		fmt.Fprintf(w, "commit refs/heads/%s\nauthor %s\ncommitter %s\ndata %d\n%s\n", p.Branch, ts, ts, len(cp.msg), cp.msg)
		var batch []file
		if c == 0 {
			batch = p.templateFiles()
		}
		for _, g := range cp.gen {
			batch = append(batch, file{path: g.path, data: content(g)})
		}
		sort.SliceStable(batch, func(i, j int) bool { return batch[i].path < batch[j].path })
		for _, f := range batch {
			if strings.ContainsAny(f.path, "\"\n") {
				continue
			}
			mode := "100644"
			if f.exec {
				mode = "100755"
			}
			fmt.Fprintf(w, "M %s inline %s\ndata %d\n", mode, f.path, len(f.data))
			w.Write(f.data)
			w.WriteByte('\n')
			files[f.path] = int64(len(f.data))
		}
		w.WriteByte('\n')
	}
	w.WriteString("done\n")
	if err := w.Flush(); err != nil {
		return Stats{}, false, err
	}
	if err := gitRun(gitPath, &stream, "--git-dir="+dir, "fast-import", "--quiet", "--done"); err != nil {
		return Stats{}, false, err
	}
	st = Stats{Files: len(files)}
	for _, s := range files {
		st.Bytes += s
	}
	marker := fmt.Sprintf("%d %d\n", st.Files, st.Bytes)
	return st, true, os.WriteFile(filepath.Join(dir, doneMarker), []byte(marker), 0o644)
}

func readStats(dir string) (Stats, error) {
	data, err := os.ReadFile(filepath.Join(dir, doneMarker))
	if err != nil {
		return Stats{}, err
	}
	var st Stats
	_, err = fmt.Sscanf(string(data), "%d %d", &st.Files, &st.Bytes)
	return st, err
}

func gitRun(gitPath string, stdin io.Reader, args ...string) error {
	cmd := exec.Command(gitPath, args...)
	cmd.Stdin = stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Env = append(slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "GIT_") }),
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("git %s: %w: %s", strings.Join(args[:2], " "), err, strings.TrimSpace(stderr.String()))
	}
	return nil
}
