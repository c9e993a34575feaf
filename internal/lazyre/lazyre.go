// Package lazyre holds package-level regular expressions that are compiled
// on first use rather than when the program starts.
//
// Every score command starts the same binary, and the collectors, reports
// and config packages hold some 130 regular expressions between them: all
// compiled at start-up they cost every command (`score check` in a pre-push
// hook, `score ci` in every pipeline) a few milliseconds before it reads a
// file, most of them for ecosystems the repository does not use
// (docs/architecture.md, "Start-up"). A Regexp compiles once, on the first
// call of any method, and is then the compiled *regexp.Regexp.
//
// A pattern that does not compile panics on first use, as
// regexp.MustCompile would at start-up; CompileAll, called by a test of a
// binary that links every package, finds such a pattern without running
// the code that uses it.
package lazyre

import (
	"regexp"
	"sync"
)

// Regexp is a regular expression compiled on first use. Its methods are
// those of *regexp.Regexp that score uses.
type Regexp struct {
	pattern string
	re      func() *regexp.Regexp
}

var (
	mu  sync.Mutex
	all []*Regexp
)

// New returns pattern, to be compiled on first use.
func New(pattern string) *Regexp {
	r := &Regexp{pattern: pattern, re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })}
	mu.Lock()
	all = append(all, r)
	mu.Unlock()
	return r
}

// CompileAll compiles every Regexp made so far and returns how many there
// are and the patterns that do not compile.
func CompileAll() (n int, bad []string) {
	mu.Lock()
	list := append([]*Regexp(nil), all...)
	mu.Unlock()
	for _, r := range list {
		if _, err := regexp.Compile(r.pattern); err != nil {
			bad = append(bad, r.pattern)
		}
	}
	return len(list), bad
}

// Regexp is the compiled expression.
func (r *Regexp) Regexp() *regexp.Regexp { return r.re() }

func (r *Regexp) String() string { return r.pattern }

func (r *Regexp) Match(b []byte) bool            { return r.re().Match(b) }
func (r *Regexp) MatchString(s string) bool      { return r.re().MatchString(s) }
func (r *Regexp) FindString(s string) string     { return r.re().FindString(s) }
func (r *Regexp) FindStringIndex(s string) []int { return r.re().FindStringIndex(s) }
func (r *Regexp) FindStringSubmatch(s string) []string {
	return r.re().FindStringSubmatch(s)
}
func (r *Regexp) FindStringSubmatchIndex(s string) []int {
	return r.re().FindStringSubmatchIndex(s)
}
func (r *Regexp) FindAllString(s string, n int) []string { return r.re().FindAllString(s, n) }
func (r *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	return r.re().FindAllStringSubmatch(s, n)
}
func (r *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return r.re().FindAllStringSubmatchIndex(s, n)
}
func (r *Regexp) FindSubmatch(b []byte) [][]byte { return r.re().FindSubmatch(b) }
func (r *Regexp) FindAllSubmatchIndex(b []byte, n int) [][]int {
	return r.re().FindAllSubmatchIndex(b, n)
}
func (r *Regexp) FindIndex(b []byte) []int { return r.re().FindIndex(b) }
func (r *Regexp) ReplaceAllString(src, repl string) string {
	return r.re().ReplaceAllString(src, repl)
}
func (r *Regexp) ReplaceAllStringFunc(src string, repl func(string) string) string {
	return r.re().ReplaceAllStringFunc(src, repl)
}
func (r *Regexp) FindAllIndex(b []byte, n int) [][]int { return r.re().FindAllIndex(b, n) }
