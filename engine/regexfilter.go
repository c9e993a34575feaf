package engine

import (
	"maps"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Most calls of regex.match and regex.find_n in the catalogue match
// nothing: a tool's name table against a dependency list, a command
// pattern against a CI step. Go's regexp has no literal prefilter, so each
// such call still walks its input with the whole expression (the
// catalogue's alternations run to hundreds of instructions), about a
// quarter of an evaluation. A regexFilter is a set of literals at least one
// of which every match contains, read from the expression's syntax tree;
// an input that contains none of them cannot match, and the call's result
// (false, or no matches) is known without running the expression. An input
// that contains one runs the built-in as before, so the filter changes
// what is computed, never the result. docs/architecture.md (Evaluation)
// describes where it sits.

// regexSite is the filter state of one regex.match, regex.find_n or
// regex.replace call in a plan: the patterns seen there (almost always
// constants or values kept between evaluations, so the very same strings
// each time), in front of
// the process-wide table of filters by pattern. A site looks a pattern up
// by the address of its bytes: one site sees up to a few dozen patterns
// (ci.runs matches every word of a tool table at one site), and the
// process-wide table hashed each long pattern on every call.
type regexSite struct {
	find    bool // regex.find_n
	replace bool // regex.replace; neither: regex.match
	// seen maps the address of a pattern's bytes to its entry. It is
	// replaced, never changed in place: sites are shared by concurrent
	// evaluations.
	seen atomic.Pointer[map[*byte]regexEntry]
}

type regexEntry struct {
	// pattern keeps the bytes its address stands for: while the entry
	// holds them, no other string has them.
	pattern string
	filter  *regexFilter // nil: the pattern has no usable filter
}

// regexSiteSeen is how many patterns a site remembers itself; a pattern
// past it is looked up in the process-wide table.
const regexSiteSeen = 64

// regexFilters holds the filter of every pattern seen, by pattern (a nil
// *regexFilter when it has none). A filter depends on its pattern alone,
// so engines share it. maxRegexFilters bounds it: patterns come from the
// policies and the platform config, but one built from input must not grow
// it without limit; past the bound new patterns go unfiltered.
var (
	regexFilters     sync.Map
	regexFilterCount atomic.Int64
)

const maxRegexFilters = 4096

// maxCompiledFilters bounds the filters that keep a compiled expression
// for findLines: the catalogue has some fifty line-local patterns, and a
// pattern built from input must not keep an expression per pattern up to
// maxRegexFilters. Past it, regex.find_n runs the built-in as before.
const maxCompiledFilters = 256

var compiledFilters atomic.Int64

// regexSiteFor returns the filter state for a call of the named built-in,
// nil for built-ins other than the two filtered.
func regexSiteFor(name string) *regexSite {
	switch name {
	case "regex.match":
		return &regexSite{}
	case "regex.find_n":
		return &regexSite{find: true}
	case "regex.replace":
		return &regexSite{replace: true}
	}
	return nil
}

// filter returns the filter of pattern.
func (rs *regexSite) filter(pattern string) *regexFilter {
	at := unsafe.StringData(pattern)
	var seen map[*byte]regexEntry
	if p := rs.seen.Load(); p != nil {
		seen = *p
		// Equal addresses make the comparison one of lengths.
		if e, ok := seen[at]; ok && e.pattern == pattern {
			return e.filter
		}
	}
	var f *regexFilter
	if v, ok := regexFilters.Load(pattern); ok {
		f = v.(*regexFilter)
	} else if regexFilterCount.Load() < maxRegexFilters {
		// Of two evaluations making a pattern's filter at once, both
		// use the one stored.
		v, loaded := regexFilters.LoadOrStore(pattern, newRegexFilter(pattern))
		if !loaded {
			regexFilterCount.Add(1)
		}
		f = v.(*regexFilter)
	} else {
		return nil
	}
	if len(seen) < regexSiteSeen {
		next := maps.Clone(seen)
		if next == nil {
			next = map[*byte]regexEntry{}
		}
		next[at] = regexEntry{pattern, f}
		// A concurrent evaluation's addition may be lost: it is looked
		// up in the table again and added next time.
		rs.seen.Store(&next)
	}
	return f
}

// result is the call's result when the filter decides it, or nil when the
// call must run: its operands are not what the filter assumes (the
// built-in then reports the error as before) or the input may match. The
// filter decides a call whose input has none of its literals (no match),
// and a regex.find_n whose matches cannot span lines: it runs the
// expression on the lines that have a literal only (findLines). A
// regex.replace without a match gives its input as it is, and a
// regex.match of a set of whole strings (^(a|b)$) is a look-up.
func (rs *regexSite) result(args []*ast.Term) *ast.Term {
	pi, ii := 0, 1
	if rs.replace {
		// regex.replace(s, pattern, value)
		pi, ii = 1, 0
	}
	pat, ok := args[pi].Value.(ast.String)
	if !ok {
		return nil
	}
	in, ok := args[ii].Value.(ast.String)
	if !ok {
		return nil
	}
	if rs.replace {
		// The built-in's operand and size checks (bounds.go) come first.
		if _, ok := args[2].Value.(ast.String); !ok || regexReplaceBound(args) != nil {
			return nil
		}
	}
	limit := 0
	if rs.find {
		// regex.find_n's third operand must be an integer.
		n, ok := args[2].Value.(ast.Number)
		if !ok {
			return nil
		}
		if limit, ok = n.Int(); !ok {
			return nil
		}
	}
	f := rs.filter(string(pat))
	if f == nil {
		return nil
	}
	if rs.find && f.lineLocal {
		if re := f.compiled(string(pat)); re != nil {
			return f.findLines(re, f.alts, string(in), limit)
		}
	}
	if !rs.find && !rs.replace && f.whole != nil {
		_, ok := f.whole[string(in)]
		return ast.InternedTerm(ok)
	}
	if f.mayMatch(string(in)) {
		return nil
	}
	switch {
	case rs.find:
		return ast.ArrayTerm()
	case rs.replace:
		return args[0]
	}
	return ast.InternedTerm(false)
}

// regexFilter is a non-empty set of non-empty literals, at least one of
// which is in every match of its expression. A process builds one per
// pattern of the catalogue, so it is kept small: the literals sorted by
// first byte and a bitmap of those bytes.
type regexFilter struct {
	// lits, sorted by first byte (lower-cased when fold).
	lits []string
	// fold: compare ASCII letters without case (some literal came from a
	// case-insensitive part); every literal is then ASCII.
	fold bool
	// start[b] is one more than the index in lits of the first literal
	// whose first byte is b (lower-cased when fold), 0 when none is.
	start [256]uint8
	// also are more literal sets every match needs one of, from the other
	// parts of the expression's concatenation: a command pattern such as
	// `go\s+tool\s+cover` needs "cover" (lits) and "tool" (also), and a
	// line with the first alone need not run the expression.
	also []*regexFilter
	// lineLocal: no match spans a line break (see lineLocal); re is the
	// compiled expression findLines runs, made at its first use.
	lineLocal bool
	reOnce    sync.Once
	re        *regexp.Regexp
	// alts, made with re, are the alternatives of a pattern that starts
	// every match at a line's start and ends it at the line's end (see
	// lineAltsOf), each one its own expression; nil for other patterns.
	alts []lineAlt
	// whole, when not nil, is every string the expression matches: it is
	// a set of literals anchored at the text's two ends, such as
	// ^(renovate\.json5?|\.github/dependabot\.ya?ml)$, without case
	// folding. regex.match is then a look-up.
	whole map[string]struct{}
}

// maxFilterLits bounds the literals of one filter (and of the exact sets
// multiplied out while reading a concatenation).
const maxFilterLits = 64

// newRegexFilter reads pattern's literals; nil when the pattern does not
// compile (the built-in reports that) or has no literal every match needs.
func newRegexFilter(pattern string) *regexFilter {
	// regexp.Compile fails where syntax.Parse does (syntax.Compile
	// returns no error; FuzzRegexFilter holds it): the filter stands in
	// for the built-in only where the built-in would not fail.
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	simple := re.Simplify()
	set, ok := needed(simple)
	if !ok {
		return nil
	}
	f := litFilter(set)
	if f == nil {
		return nil
	}
	f.lineLocal = lineLocal(re)
	f.whole = wholeSet(simple)
	var parts []*syntax.Regexp
	concatParts(simple, &parts)
	for _, part := range parts {
		s, ok := needed(part)
		if !ok || slices.Equal(s.lits, set.lits) {
			continue
		}
		if a := litFilter(s); a != nil && len(f.also) < maxAlsoSets {
			f.also = append(f.also, a)
		}
	}
	return f
}

// wholeSet is the set of strings re matches when re is a concatenation
// from the text's start (^ without (?m)) to its end ($ without (?m)) of
// parts that match exact literals without case folding; nil otherwise.
func wholeSet(re *syntax.Regexp) map[string]struct{} {
	if re.Op != syntax.OpConcat || len(re.Sub) < 3 ||
		re.Sub[0].Op != syntax.OpBeginText || re.Sub[len(re.Sub)-1].Op != syntax.OpEndText {
		return nil
	}
	mid := re.Sub[1 : len(re.Sub)-1]
	for _, sub := range mid {
		// needed reads an assertion as the empty string, which is
		// right for the literals a match needs, not for what it is.
		if hasAssertion(sub) {
			return nil
		}
	}
	set, ok := neededConcat(mid)
	if !ok || !set.exact || set.fold {
		return nil
	}
	out := make(map[string]struct{}, len(set.lits))
	for _, l := range set.lits {
		out[l] = struct{}{}
	}
	return out
}

// hasAssertion reports whether re has ^, $, \A, \z, \b or \B anywhere.
func hasAssertion(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	}
	return slices.ContainsFunc(re.Sub, hasAssertion)
}

// maxAlsoSets bounds a filter's also sets.
const maxAlsoSets = 3

// litFilter is the filter of one literal set; nil when the set cannot
// rule an input out.
func litFilter(set litSet) *regexFilter {
	if len(set.lits) == 0 || len(set.lits) > maxFilterLits {
		return nil
	}
	f := &regexFilter{lits: slices.Clone(set.lits), fold: set.fold}
	for _, l := range f.lits {
		if l == "" || strings.ContainsRune(l, utf8.RuneError) {
			// An empty literal is in every input; U+FFFD in an expression
			// also matches an invalid byte, which is not that rune.
			return nil
		}
		if f.fold && !ascii(l) {
			return nil
		}
	}
	slices.SortFunc(f.lits, func(a, b string) int { return int(f.key(a[0])) - int(f.key(b[0])) })
	for i := len(f.lits) - 1; i >= 0; i-- {
		f.start[f.key(f.lits[i][0])] = uint8(i + 1)
	}
	return f
}

// concatParts lists the parts of re's top-level concatenation, seen
// through captures: each matches a piece of every match of re, so a
// literal every match of a part needs is in every match of re.
func concatParts(re *syntax.Regexp, out *[]*syntax.Regexp) {
	switch re.Op {
	case syntax.OpCapture:
		concatParts(re.Sub[0], out)
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			concatParts(sub, out)
		}
	default:
		*out = append(*out, re)
	}
}

// lineLocal reports whether no match of re contains a line break, and
// whether re matches a line the same alone as within a text: nothing in
// it matches "\n" (a literal, a class, (?s).), and it has no \A, \z or ^
// and $ without (?m), which mean the text's ends. (?m)'s ^ and $ and \b
// see a line's ends alone as they see them between its line breaks.
func lineLocal(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpAnyChar, syntax.OpBeginText, syntax.OpEndText:
		return false
	case syntax.OpLiteral:
		return !slices.Contains(re.Rune, '\n')
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] <= '\n' && '\n' <= re.Rune[i+1] {
				return false
			}
		}
	}
	for _, sub := range re.Sub {
		if !lineLocal(sub) {
			return false
		}
	}
	return true
}

// compiled is the filter's expression for findLines, compiled at its
// first use; nil past maxCompiledFilters (regex.find_n then runs OPA's
// built-in) or when the pattern does not compile (the built-in reports
// it; a filter's pattern always parses, which is where regexp.Compile
// fails).
func (f *regexFilter) compiled(pattern string) *regexp.Regexp {
	f.reOnce.Do(func() {
		if compiledFilters.Add(1) <= maxCompiledFilters {
			f.re, _ = regexp.Compile(pattern)
			if f.re != nil {
				f.alts = lineAltsOf(pattern)
			}
		}
	})
	return f.re
}

// lineAlt is one alternative of a whole-line pattern: the literal its
// matches start with, and the alternative anchored at the start.
type lineAlt struct {
	prefix string
	re     *regexp.Regexp
}

// maxLineAlts bounds the alternatives lineAltsOf makes of one pattern,
// and maxCompiledAlts those of all patterns: the catalogue's tables make
// a few hundred (171 on the fixtures). Past either, findLines runs the
// whole pattern on a line.
const (
	maxLineAlts     = 256
	maxCompiledAlts = 4096
)

var compiledAlts atomic.Int64

// lineAltsOf reads a pattern of the form (?m)^(?:A|B|...).*$, the form
// lib.deps compiles a family's table to, into its alternatives; nil for
// any other form. In a line, such a pattern has a match exactly when one
// alternative matches at the line's start, and the match is then the
// whole line: .* (not (?s), not (?U)) takes the rest of it. Go runs the
// whole alternation, hundreds of instructions, on its slowest matcher
// (about 1.5 µs a line of a dependency list); an alternative alone,
// behind the literal it starts with, mostly needs no matcher at all.
func lineAltsOf(pattern string) []lineAlt {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil || re.Op != syntax.OpConcat || len(re.Sub) != 4 {
		return nil
	}
	begin, alt, star, end := re.Sub[0], re.Sub[1], re.Sub[2], re.Sub[3]
	if begin.Op != syntax.OpBeginLine || end.Op != syntax.OpEndLine || alt.Op != syntax.OpAlternate ||
		star.Op != syntax.OpStar || star.Flags&syntax.NonGreedy != 0 || star.Sub[0].Op != syntax.OpAnyCharNotNL {
		return nil
	}
	subs, ok := alternatives(alt, nil)
	if !ok || compiledAlts.Add(int64(len(subs))) > maxCompiledAlts {
		return nil
	}
	out := make([]lineAlt, 0, len(subs))
	for _, sub := range subs {
		// String writes the flags a part was parsed with, such as
		// (?i:...) and (?m:^), so that it parses alone as it did within.
		r, err := regexp.Compile(`^(?:` + sub.String() + `)`)
		if err != nil {
			return nil
		}
		prefix, _ := literalPrefix(sub)
		out = append(out, lineAlt{prefix: prefix, re: r})
	}
	return out
}

// alternatives appends the alternatives of re to out. The parser factors
// a common start out of neighbouring alternatives (io\.(?:a|b) for
// io\.a|io\.b); such a concatenation ending in an alternation is one
// alternative per alternative of its end. ok is false past maxLineAlts.
func alternatives(re *syntax.Regexp, out []*syntax.Regexp) ([]*syntax.Regexp, bool) {
	switch {
	case re.Op == syntax.OpAlternate:
		for _, sub := range re.Sub {
			var ok bool
			if out, ok = alternatives(sub, out); !ok {
				return nil, false
			}
		}
	case re.Op == syntax.OpConcat && len(re.Sub) > 1 && re.Sub[len(re.Sub)-1].Op == syntax.OpAlternate:
		head := re.Sub[:len(re.Sub)-1]
		tails, ok := alternatives(re.Sub[len(re.Sub)-1], nil)
		if !ok {
			return nil, false
		}
		for _, t := range tails {
			out = append(out, &syntax.Regexp{Op: syntax.OpConcat, Flags: re.Flags, Sub: append(slices.Clone(head), t)})
		}
	default:
		out = append(out, re)
	}
	return out, len(out) <= maxLineAlts
}

// literalPrefix is the literal (without case folding) every match of re
// starts with; whole says re matches that literal alone.
func literalPrefix(re *syntax.Regexp) (prefix string, whole bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return "", false
		}
		return string(re.Rune), true
	case syntax.OpCapture:
		return literalPrefix(re.Sub[0])
	case syntax.OpConcat:
		var b strings.Builder
		for _, sub := range re.Sub {
			p, whole := literalPrefix(sub)
			b.WriteString(p)
			if !whole {
				return b.String(), false
			}
		}
		return b.String(), true
	}
	return "", false
}

// matchLine says whether one of alts matches at the start of line.
func matchLine(alts []lineAlt, line string) bool {
	for i := range alts {
		a := &alts[i]
		if strings.HasPrefix(line, a.prefix) && a.re.MatchString(line) {
			return true
		}
	}
	return false
}

// findLines is regex.find_n(pattern, s, limit) for a line-local
// expression re (the filter's pattern compiled): its matches in the lines
// of s that have one of the literals, in order, at most limit of them
// when limit >= 0. A match never spans a line break, so those are the
// matches FindAllString finds in s; the lines without a literal, most of
// a dependency list, are not run through the expression.
func (f *regexFilter) findLines(re *regexp.Regexp, alts []lineAlt, s string, limit int) *ast.Term {
	var out []*ast.Term
	for rest := s; limit < 0 || len(out) < limit; {
		line, next, more := strings.Cut(rest, "\n")
		switch {
		case !f.mayMatch(line):
		case alts != nil:
			if matchLine(alts, line) {
				out = append(out, ast.StringTerm(line))
			}
		default:
			n := -1
			if limit >= 0 {
				n = limit - len(out)
			}
			for _, m := range re.FindAllString(line, n) {
				out = append(out, ast.StringTerm(m))
			}
		}
		if !more {
			break
		}
		rest = next
	}
	return ast.ArrayTerm(out...)
}

// key is the byte literals are sorted and looked up by.
func (f *regexFilter) key(b byte) byte {
	if f.fold {
		return lowerASCII(b)
	}
	return b
}

// mayMatch says whether s contains one of the literals, and one of each
// also set's.
func (f *regexFilter) mayMatch(s string) bool {
	if !f.has(s) {
		return false
	}
	for _, a := range f.also {
		if !a.has(s) {
			return false
		}
	}
	return true
}

// has says whether s contains one of the literals.
func (f *regexFilter) has(s string) bool {
	if f.fold && !ascii(s) {
		// Case folding is Unicode's: "K" also matches the Kelvin sign.
		return true
	}
	if !f.fold && len(f.lits) <= 2 {
		for _, l := range f.lits {
			if strings.Contains(s, l) {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(s); i++ {
		b := f.key(s[i])
		j := int(f.start[b])
		if j == 0 {
			continue
		}
		// The literals starting with b are one run of the sorted list.
		rest := s[i:]
		for j--; j < len(f.lits) && f.key(f.lits[j][0]) == b; j++ {
			l := f.lits[j]
			if len(rest) < len(l) {
				continue
			}
			if f.fold && strings.EqualFold(rest[:len(l)], l) || !f.fold && rest[:len(l)] == l {
				return true
			}
		}
	}
	return false
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func lowerASCII(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// litSet is what needed learns of a subexpression: lits, one of which is
// in every match (exact: every match is one of them).
type litSet struct {
	lits  []string
	exact bool
	fold  bool
}

// needed returns the literal set of re; ok is false when re promises no
// literal (a repetition that may be empty, any character, a large class).
func needed(re *syntax.Regexp) (litSet, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine,
		syntax.OpBeginText, syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return litSet{lits: []string{""}, exact: true}, true
	case syntax.OpLiteral:
		return litSet{lits: []string{string(re.Rune)}, exact: true, fold: re.Flags&syntax.FoldCase != 0}, true
	case syntax.OpCharClass:
		// A small class is its characters; a large one promises nothing.
		var lits []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(lits) == 4 {
					return litSet{}, false
				}
				lits = append(lits, string(r))
			}
		}
		return litSet{lits: lits, exact: true}, len(lits) > 0
	case syntax.OpCapture:
		return needed(re.Sub[0])
	case syntax.OpPlus:
		s, ok := needed(re.Sub[0])
		s.exact = false
		return s, ok
	case syntax.OpRepeat:
		if re.Min < 1 {
			return litSet{}, false
		}
		s, ok := needed(re.Sub[0])
		s.exact = false
		return s, ok
	case syntax.OpQuest:
		s, ok := needed(re.Sub[0])
		if !ok || !s.exact {
			return litSet{}, false
		}
		return litSet{lits: append(s.lits, ""), exact: true, fold: s.fold}, true
	case syntax.OpAlternate:
		out := litSet{exact: true}
		for _, sub := range re.Sub {
			s, ok := needed(sub)
			if !ok {
				return litSet{}, false
			}
			out.lits = append(out.lits, s.lits...)
			out.exact = out.exact && s.exact
			out.fold = out.fold || s.fold
			if len(out.lits) > maxFilterLits {
				return litSet{}, false
			}
		}
		return out, true
	case syntax.OpConcat:
		return neededConcat(re.Sub)
	}
	return litSet{}, false
}

// neededConcat reads a concatenation: each run of exact parts multiplies
// out into one exact set (the strings a match has there, one after
// another); the best of those sets and of the other parts' sets is the
// concatenation's.
func neededConcat(subs []*syntax.Regexp) (litSet, bool) {
	var best litSet
	found := false
	consider := func(s litSet) {
		if len(s.lits) == 0 {
			return
		}
		if !found || betterSet(s, best) {
			best, found = s, true
		}
	}
	run := litSet{lits: []string{""}, exact: true}
	inRun := false
	allExact := true
	closeRun := func() {
		if inRun {
			r := run
			r.exact = false
			consider(r)
		}
		run, inRun = litSet{lits: []string{""}, exact: true}, false
	}
	for _, sub := range subs {
		s, ok := needed(sub)
		if !ok || !s.exact {
			allExact = false
			closeRun()
			if ok {
				consider(s)
			}
			continue
		}
		if len(run.lits)*len(s.lits) > maxFilterLits {
			allExact = false
			closeRun()
		}
		prod := make([]string, 0, len(run.lits)*len(s.lits))
		for _, a := range run.lits {
			for _, b := range s.lits {
				prod = append(prod, a+b)
			}
		}
		run = litSet{lits: prod, exact: true, fold: run.fold || s.fold}
		inRun = true
	}
	if allExact && inRun {
		return run, true
	}
	closeRun()
	return best, found
}

// betterSet prefers the set whose shortest literal is longer (fewer inputs
// contain it), then the smaller set. A set with the empty string promises
// nothing.
func betterSet(a, b litSet) bool {
	ma, mb := shortest(a.lits), shortest(b.lits)
	if ma != mb {
		return ma > mb
	}
	return len(a.lits) < len(b.lits)
}

func shortest(lits []string) int {
	m := -1
	for _, l := range lits {
		if m < 0 || len(l) < m {
			m = len(l)
		}
	}
	return m
}
