package engine

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/scoredev/score/policies"
)

func TestRegexFilterLiterals(t *testing.T) {
	t.Parallel()
	cases := []struct {
		pattern string
		want    []string // nil: no filter
		fold    bool
	}{
		{`^(renovate\.json5?|\.github/dependabot\.ya?ml)$`,
			[]string{".github/dependabot.yaml", ".github/dependabot.yml", "renovate.json", "renovate.json5"}, false},
		// The longest literal of a concatenation wins over a short one.
		{`^actions/upload-artifact(/.*)?$`, []string{"actions/upload-artifact"}, false},
		{`(?m)^.*(?:checkstyle|(^|[:.-])pmd($|[:.-])).*$`, []string{"checkstyle", "pmd"}, false},
		{`(?i)open-?telemetry`, []string{"opentelemetry", "open-telemetry"}, true},
		{`reviewdog/.+`, []string{"reviewdog/"}, false},
		{`(ab)+c`, []string{"ab"}, false},
		// Nothing every match needs: no filter.
		{`a*`, nil, false},
		{`.+`, nil, false},
		{`[a-z]+`, nil, false},
		{`x?`, nil, false},
		{`^(foo|.*)$`, nil, false},
		{`\x{FFFD}`, nil, false},
		// Does not compile: the built-in reports it, unfiltered.
		{`(`, nil, false},
	}
	for _, c := range cases {
		f := newRegexFilter(c.pattern)
		if c.want == nil {
			if f != nil {
				t.Errorf("%s: filter %q, want none", c.pattern, f.lits)
			}
			continue
		}
		if f == nil {
			t.Errorf("%s: no filter, want %q", c.pattern, c.want)
			continue
		}
		got := slices.Clone(f.lits)
		if f.fold {
			for i := range got {
				got[i] = strings.ToLower(got[i])
			}
		}
		slices.Sort(got)
		got = slices.Compact(got)
		want := slices.Clone(c.want)
		slices.Sort(want)
		// A filter may list a literal that another one contains
		// (".jacoco" beside "jacoco"): compare the minimal sets.
		if !slices.Equal(minimalLits(got), minimalLits(want)) || f.fold != c.fold {
			t.Errorf("%s: filter %q (fold %v), want %q (fold %v)", c.pattern, got, f.fold, want, c.fold)
		}
	}
}

// minimalLits drops the literals that contain another one.
func minimalLits(lits []string) []string {
	var out []string
	for _, l := range lits {
		if !slices.ContainsFunc(lits, func(o string) bool { return o != l && strings.Contains(l, o) }) {
			out = append(out, l)
		}
	}
	return out
}

// TestRegexFilterSound: an input the filter rules out never matches. The
// patterns are every raw string of the default catalogue's policies (the
// catalogue writes its regular expressions so) and tricky ones; the inputs
// are each filter's literals cut, case-flipped, embedded in noise and next
// to the characters that Unicode case folding or invalid UTF-8 turn into
// ASCII or U+FFFD.
func TestRegexFilterSound(t *testing.T) {
	t.Parallel()
	patterns := catalogueRawStrings(t)
	if len(patterns) < 50 {
		t.Fatalf("%d raw strings in the catalogue, want the catalogue's (over 50)", len(patterns))
	}
	patterns = append(patterns,
		`(?i)k8s`, `(?i)ſecret`, `(?i)(^|/)dockerfile$`, `(?m)^(?:io\.micrometer:|org\.slf4j:).*$`,
		`(?m)^.*(?:checkstyle|spotbugs|(^|[:.-])pmd($|[:.-])|errorprone).*$`,
		`(?s)a.b`, `\bword\b`, `(?U)x+y`, `^$`, `héllo|wörld`)
	compiled, filtered, whole := 0, 0, 0
	rng := rand.New(rand.NewPCG(1, 2))
	for _, p := range patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			continue
		}
		compiled++
		f := newRegexFilter(p)
		if f == nil {
			continue
		}
		filtered++
		if f.whole != nil {
			whole++
		}
		for _, in := range append(filterProbes(f.lits, rng), alsoProbes(f)...) {
			if !f.mayMatch(in) && re.MatchString(in) {
				t.Fatalf("pattern %q matches %q, which its filter %q rules out", p, in, f.lits)
			}
			checkWhole(t, p, re, f, in)
		}
	}
	// The filter is worth its place only if most patterns have one.
	if filtered*2 < compiled {
		t.Errorf("%d of %d patterns have a filter", filtered, compiled)
	}
	if whole == 0 {
		t.Error("no pattern of the catalogue is a set of whole strings")
	}
}

// checkWhole: a filter's set of whole strings is exactly what its
// pattern matches.
func checkWhole(t *testing.T, p string, re *regexp.Regexp, f *regexFilter, in string) {
	t.Helper()
	if f.whole == nil {
		return
	}
	if _, ok := f.whole[in]; ok != re.MatchString(in) {
		t.Fatalf("pattern %q: %q in its whole strings is %v, its match %v", p, in, ok, !ok)
	}
}

// catalogueRawStrings lists the raw (backquoted) strings of the default
// catalogue's policies.
func catalogueRawStrings(t *testing.T) []string {
	t.Helper()
	raw := regexp.MustCompile("`([^`]*)`")
	var out []string
	err := fs.WalkDir(policies.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return err
		}
		b, err := fs.ReadFile(policies.FS(), p)
		for _, m := range raw.FindAllStringSubmatch(string(b), -1) {
			out = append(out, m[1])
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// alsoProbes joins a literal of each of f's sets, in the order the
// expression has them and backwards, with separators a command line or a
// path has between them: most inputs that match have such a shape.
func alsoProbes(f *regexFilter) []string {
	if len(f.also) == 0 {
		return nil
	}
	sets := [][]string{f.lits}
	for _, a := range f.also {
		sets = append(sets, a.lits)
	}
	var out []string
	for _, sep := range []string{" ", "", "/", "-", ".", "  "} {
		for pick := range 3 {
			var fwd []string
			for _, set := range sets {
				fwd = append(fwd, set[pick%len(set)])
			}
			bwd := slices.Clone(fwd)
			slices.Reverse(bwd)
			for _, order := range [][]string{fwd, bwd, append(fwd[1:], fwd[0]), append([]string{fwd[len(fwd)-1]}, fwd[:len(fwd)-1]...)} {
				j := strings.Join(order, sep)
				out = append(out, j, " "+j+" ", "./"+j, j+"@v1")
			}
		}
	}
	return out
}

func filterProbes(lits []string, rng *rand.Rand) []string {
	noise := []string{"", "x", "/", ".", ":", "-", " ", "\n", "K", "\u212a", "\u017f", "\xff", "\ufffd", "é"}
	var out []string
	for _, l := range lits {
		variants := []string{l, strings.ToUpper(l), strings.ToLower(l), l[1:], l[:len(l)-1]}
		for i := range len(l) {
			variants = append(variants, l[:i]+"\u212a"+l[i+1:], l[:i]+"\u017f"+l[i+1:], l[:i]+"\xff"+l[i+1:])
		}
		for _, v := range variants {
			for range 4 {
				out = append(out, noise[rng.IntN(len(noise))]+v+noise[rng.IntN(len(noise))])
			}
			out = append(out, v, "a/"+v+"/b", v+"\n"+v)
		}
	}
	return out
}

// FuzzRegexFilter checks the same property on any pattern and input, and
// that a pattern regexp.Compile refuses has no filter (the built-in must
// report its error).
func FuzzRegexFilter(f *testing.F) {
	for _, seed := range [][2]string{
		{`^(renovate\.json5?|\.github/dependabot\.ya?ml)$`, ".github/dependabot.yml"},
		{`^(renovate\.json5?|\.github/dependabot\.ya?ml)$`, "renovate.json\n"},
		{`^[ab]c(d|)$`, "bc"},
		{`(?m)^(x|y)$`, "a\nx"},
		{`(?i)open-?telemetry`, "OpenTelemetry"},
		{`(?i)k`, "\u212a"},
		{`(?m)^.*(?:checkstyle|(^|[:.-])pmd($|[:.-])).*$`, "net.sourceforge.pmd:pmd"},
		{`a\x{FFFD}b`, "a\xffb"},
		{`a{1001}`, "a"},
		{`((((((((((a))))))))))`, "a"},
		{`(^|[\s;&|(/"'=])(go\s+tool\s+cover)($|[\s;&|)"'@])`, "go tool cover -func=c.out"},
		{`(^|[\s;&|(/"'=])(docker\s+scout\s+(cves|quickview))($|[\s;&|)"'@])`, "docker build . && docker scout cves"},
		{`(?m)^(?:io\.micrometer:micrometer-registry-|io\.prometheus:|io\.opentelemetry:opentelemetry-(sdk|exporter-prometheus)$).*$`, "io.prometheus:simpleclient\nio.opentelemetry:opentelemetry-sdk\nio.opentelemetry:opentelemetry-sdk-x"},
		{`(?m)^(?:(?i)Foo|bar$|ba[rz]+q).*$`, "FOO\nbar\nbarzq\nxbar"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, pattern, input string) {
		re, err := regexp.Compile(pattern)
		flt := newRegexFilter(pattern)
		if err != nil {
			if flt != nil {
				t.Fatalf("pattern %q does not compile (%v), yet has a filter", pattern, err)
			}
			return
		}
		if flt != nil && !flt.mayMatch(input) && re.MatchString(input) {
			t.Fatalf("pattern %q matches %q, which its filter %q rules out", pattern, input, flt.lits)
		}
		if flt != nil {
			checkWhole(t, pattern, re, flt, input)
		}
		if flt != nil && flt.lineLocal {
			alts := lineAltsOf(pattern)
			for _, n := range []int{-1, 1} {
				want := findAll(re, input, n)
				if got := flt.findLines(re, nil, input, n); !got.Equal(want) {
					t.Fatalf("regex.find_n(%q, %q, %d) line by line: %v, want %v", pattern, input, n, got, want)
				}
				if got := flt.findLines(re, alts, input, n); alts != nil && !got.Equal(want) {
					t.Fatalf("regex.find_n(%q, %q, %d) by alternatives: %v, want %v", pattern, input, n, got, want)
				}
			}
		}
	})
}

// findAll is regex.find_n's result as OPA's built-in makes it.
func findAll(re *regexp.Regexp, s string, n int) *ast.Term {
	var out []*ast.Term
	for _, m := range re.FindAllString(s, n) {
		out = append(out, ast.StringTerm(m))
	}
	return ast.ArrayTerm(out...)
}

// TestFindLinesAgrees: regex.find_n run line by line on the lines with a
// literal finds what the built-in finds in the whole text, for every
// pattern the catalogue writes and tricky ones, on texts of the filter
// probes one a line; and the patterns whose matches may span lines, or
// whose ^ and $ mean the text's ends, are not run so.
func TestFindLinesAgrees(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]bool{
		`(?m)^a$`: true, `\bgo\b`: true, `(?m)^.*(?:go|java).*$`: true,
		`^a`: false, `a$`: false, `(?s)a.b`: false, `a\nb`: false, `[^x]+y`: false, `a\sb`: false, `\Aa`: false,
	} {
		f := newRegexFilter(p)
		if f == nil || f.lineLocal != want {
			t.Errorf("pattern %q: filter %+v, want one with lineLocal %v", p, f, want)
		}
	}
	// The form lib.deps compiles a family's table to, which findLines
	// reads by alternatives.
	deps := []string{
		`(?m)^(?:io\.micrometer:micrometer-registry-|io\.prometheus:|org\.springframework\.boot:spring-boot-starter-actuator$|io\.opentelemetry:opentelemetry-(sdk|sdk-metrics|exporter-prometheus)$|io\.quarkus:quarkus-(micrometer.*|smallrye-metrics)$|io\.dropwizard\.metrics5?:).*$`,
		`(?m)^(?:(ruff|flake8|pylint|mypy)$|eslint$|@typescript-eslint/|go\.opentelemetry\.io/(otel|contrib)).*$`,
		`(?m)^(?:(?i)Foo|bar$|ba[rz]+q|x(?m:$)).*$`,
	}
	for _, p := range deps {
		if lineAltsOf(p) == nil {
			t.Errorf("pattern %q is not read by alternatives", p)
		}
	}
	// The same alternatives in other forms are not: a lazy, multi-line
	// or not line-anchored tail, another tail, a single alternative (and
	// single letters, which the parser makes one class).
	if lineAltsOf(`(?m)^(?:ab|cd).*$`) == nil {
		t.Error("the form itself is not read by alternatives")
	}
	for _, p := range []string{`(?m)^(?:ab|cd).*?$`, `(?ms)^(?:ab|cd).*$`, `^(?:ab|cd).*$`, `(?m)^(?:ab|cd).+$`, `(?m)^(?:ab|cd)x.*$`, `(?m)^(?:ab).*$`, `(?m)^(?:a|b).*$`} {
		if lineAltsOf(p) != nil {
			t.Errorf("pattern %q is read by alternatives", p)
		}
	}
	patterns := append(catalogueRawStrings(t),
		`(?m)^(?:io\.micrometer:|org\.slf4j:).*$`, `(?m)^.*(?:checkstyle|(^|[:.-])pmd($|[:.-])).*$`,
		`(?m)^a$`, `\bgo\b`, `(?i)(?m)^k.*$`, `(?m)x$`)
	patterns = append(patterns, deps...)
	rng := rand.New(rand.NewPCG(3, 4))
	ran := 0
	for _, p := range patterns {
		re, err := regexp.Compile(p)
		f := newRegexFilter(p)
		if err != nil || f == nil || !f.lineLocal {
			continue
		}
		ran++
		probes := filterProbes(f.lits, rng)
		for i := 0; i < len(probes); i += 7 {
			text := strings.Join(probes[i:min(i+7, len(probes))], "\n")
			for _, n := range []int{-1, 0, 1, 2, 5} {
				want := findAll(re, text, n)
				if got := f.findLines(re, nil, text, n); !got.Equal(want) {
					t.Fatalf("regex.find_n(%q, %q, %d) line by line: %v, want %v", p, text, n, got, want)
				}
				if alts := lineAltsOf(p); alts != nil {
					if got := f.findLines(re, alts, text, n); !got.Equal(want) {
						t.Fatalf("regex.find_n(%q, %q, %d) by alternatives: %v, want %v", p, text, n, got, want)
					}
				}
			}
		}
	}
	if ran < 20 {
		t.Errorf("%d line-local patterns, want the catalogue's (over 20)", ran)
	}
}

// TestRegexSiteResults: a filtered call gives what the built-in gives, and
// operands the filter does not expect go to the built-in (and its error).
func TestRegexSiteResults(t *testing.T) {
	t.Parallel()
	match, find, replace := regexSiteFor("regex.match"), regexSiteFor("regex.find_n"), regexSiteFor("regex.replace")
	if regexSiteFor("regex.split") != nil {
		t.Fatal("regex.split is not filtered")
	}
	// regex.replace without a match gives its input term; with one, or
	// with operands the built-in refuses, it runs.
	scheme := ast.StringTerm(`^[a-z]+://[^/]+/`)
	in := ast.StringTerm("actions/checkout@v4")
	if got := replace.result([]*ast.Term{in, scheme, ast.StringTerm("")}); got != in {
		t.Errorf("regex.replace ruled out: %v, want its input", got)
	}
	for _, args := range [][]*ast.Term{
		{ast.StringTerm("https://code.forgejo.org/actions/checkout"), scheme, ast.StringTerm("")},
		{in, scheme, ast.IntNumberTerm(1)},
		{ast.IntNumberTerm(1), scheme, ast.StringTerm("")},
		{in, ast.StringTerm("("), ast.StringTerm("")},
		{ast.StringTerm(strings.Repeat("x", 5000)), scheme, ast.StringTerm(strings.Repeat("y", 5000))},
	} {
		if got := replace.result(args); got != nil {
			t.Errorf("regex.replace%v: %v, want the built-in run", args, got)
		}
	}
	// A set of whole strings is looked up, matching or not.
	names := ast.StringTerm(`^(renovate\.json5?|\.github/dependabot\.ya?ml)$`)
	for in, want := range map[string]bool{".github/dependabot.yaml": true, "renovate.json5": true, "renovate.json\n": false, "x/renovate.json": false} {
		if got := match.result([]*ast.Term{names, ast.StringTerm(in)}); got == nil || !got.Equal(ast.BooleanTerm(want)) {
			t.Errorf("regex.match(names, %q): %v, want %v", in, got, want)
		}
	}
	pat := ast.StringTerm(`(?m)^(?:io\.micrometer:|org\.slf4j:).*$`)
	if got := match.result([]*ast.Term{pat, ast.StringTerm("com.fasterxml:jackson")}); got == nil || !got.Equal(ast.BooleanTerm(false)) {
		t.Errorf("regex.match ruled out: %v, want false", got)
	}
	if got := match.result([]*ast.Term{pat, ast.StringTerm("org.slf4j:slf4j-api")}); got != nil {
		t.Errorf("regex.match that may match: %v, want the built-in run", got)
	}
	if got := find.result([]*ast.Term{pat, ast.StringTerm("a\nb"), ast.IntNumberTerm(-1)}); got == nil || !got.Equal(ast.ArrayTerm()) {
		t.Errorf("regex.find_n ruled out: %v, want []", got)
	}
	for _, args := range [][]*ast.Term{
		{ast.IntNumberTerm(1), ast.StringTerm("x")},
		{pat, ast.IntNumberTerm(1)},
		{ast.StringTerm("("), ast.StringTerm("x")},
	} {
		if got := match.result(args); got != nil {
			t.Errorf("regex.match%v: %v, want the built-in's error", args, got)
		}
	}
	if got := find.result([]*ast.Term{pat, ast.StringTerm("x"), ast.StringTerm("-1")}); got != nil {
		t.Errorf("regex.find_n with a string count: %v, want the built-in's error", got)
	}
	if got := find.result([]*ast.Term{pat, ast.StringTerm("x"), ast.NumberTerm("1.5")}); got != nil {
		t.Errorf("regex.find_n with a fractional count: %v, want the built-in's error", got)
	}
}

// TestLineAltsBounded: past maxCompiledAlts a pattern is not read by
// alternatives. It changes the process-wide count, so it is not parallel.
func TestLineAltsBounded(t *testing.T) {
	old := compiledAlts.Load()
	defer compiledAlts.Store(old)
	const p = `(?m)^(?:bounded-x1|other-y2).*$`
	compiledAlts.Store(maxCompiledAlts - 2)
	if lineAltsOf(p) == nil {
		t.Fatal("two alternatives within the bound were not read")
	}
	if lineAltsOf(p) != nil {
		t.Fatal("alternatives past the bound were read")
	}
}

// TestFindLinesBounded: past maxCompiledFilters a line-local
// regex.find_n keeps no compiled expression and goes to the built-in, as
// one whose input may match did before; an input with none of the
// literals still gets the empty result. It changes the process-wide
// count, so it is not parallel (parallel tests wait for it).
func TestFindLinesBounded(t *testing.T) {
	old := compiledFilters.Load()
	compiledFilters.Store(maxCompiledFilters)
	defer compiledFilters.Store(old)
	const p = `(?m)^(?:bounded-foo|bounded-bar)$`
	if f := newRegexFilter(p); f == nil || !f.lineLocal || f.compiled(p) != nil {
		t.Fatalf("filter of %q past the bound: %+v, want one without a compiled expression", p, f)
	}
	find := regexSiteFor("regex.find_n")
	pat := ast.StringTerm(p)
	if got := find.result([]*ast.Term{pat, ast.StringTerm("bounded-foo\nx"), ast.IntNumberTerm(-1)}); got != nil {
		t.Errorf("regex.find_n that may match, past the bound: %v, want the built-in run", got)
	}
	if got := find.result([]*ast.Term{pat, ast.StringTerm("x\ny"), ast.IntNumberTerm(-1)}); got == nil || !got.Equal(ast.ArrayTerm()) {
		t.Errorf("regex.find_n ruled out, past the bound: %v, want []", got)
	}
}

// TestRegexFilterAlso: a filter also needs a literal of each other part of
// the concatenation, so that a line with the command word but not the
// subcommand is decided without the expression.
func TestRegexFilterAlso(t *testing.T) {
	t.Parallel()
	word := func(re string) string { return `(^|[\s;&|(/"'=])(` + re + `)($|[\s;&|)"'@])` }
	cases := []struct {
		pattern, input string
		may            bool
	}{
		{word(`go\s+tool\s+cover`), "go test -coverprofile=c.out ./...", false},
		{word(`go\s+tool\s+cover`), "go tool cover -func=c.out", true},
		{word(`docker\s+scout\s+(cves|quickview)`), "docker build -t app .", false},
		{word(`docker\s+scout\s+(cves|quickview)`), "docker scout version", false},
		{word(`docker\s+scout\s+(cves|quickview)`), "docker scout quickview app", true},
		{`(?i)^(all|recommended)$`, "none", false},
		{`(?i)open-?telemetry`, "OpenTelemetry", true},
	}
	for _, c := range cases {
		f := newRegexFilter(c.pattern)
		if f == nil {
			t.Fatalf("%s: no filter", c.pattern)
		}
		if got := f.mayMatch(c.input); got != c.may {
			t.Errorf("%s on %q: mayMatch %v, want %v (lits %q, %d also sets)", c.pattern, c.input, got, c.may, f.lits, len(f.also))
		}
		if re := regexp.MustCompile(c.pattern); re.MatchString(c.input) && !f.mayMatch(c.input) {
			t.Errorf("%s matches %q, which its filter rules out", c.pattern, c.input)
		}
	}
	if f := newRegexFilter(word(`go\s+tool\s+cover`)); f == nil || len(f.also) != 2 {
		t.Errorf("word(go tool cover): want two also sets beside the primary")
	}
}

// TestRegexSiteSeen: a site remembers up to regexSiteSeen patterns by the
// address of their bytes, answers every pattern past that from the
// process-wide table, and gives an equal pattern at another address the
// same filter; concurrent calls (run with -race) agree.
func TestRegexSiteSeen(t *testing.T) {
	t.Parallel()
	site := regexSiteFor("regex.match")
	n := regexSiteSeen + 36
	patterns := make([]string, n)
	for i := range patterns {
		patterns[i] = fmt.Sprintf(`(^|\s)(seen-tool-%d)($|\s)`, i)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for round := range 3 {
				for i, p := range patterns {
					// A copy at another address on some rounds.
					if (round+g)%2 == 1 {
						p = strings.Clone(p)
					}
					hit := fmt.Sprintf("run seen-tool-%d now", i)
					miss := "run nothing-here now"
					if got := site.result([]*ast.Term{ast.StringTerm(p), ast.StringTerm(miss)}); got == nil || !got.Equal(ast.BooleanTerm(false)) {
						t.Errorf("regex.match(%q, %q) = %v, want false", p, miss, got)
						return
					}
					if got := site.result([]*ast.Term{ast.StringTerm(p), ast.StringTerm(hit)}); got != nil {
						t.Errorf("regex.match(%q, %q) = %v, want the built-in run", p, hit, got)
						return
					}
					if f := site.filter(p); f == nil || f != site.filter(strings.Clone(p)) {
						t.Errorf("filter of %q at two addresses: not the one filter", p)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	remembered := 0
	if seen := site.seen.Load(); seen != nil {
		remembered = len(*seen)
	}
	if remembered != regexSiteSeen {
		t.Errorf("site remembers %d patterns, want %d", remembered, regexSiteSeen)
	}
}
