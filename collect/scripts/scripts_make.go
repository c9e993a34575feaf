package scripts

import (
	"strings"

	"github.com/scoredev/score/collect/internal/shell"
	"github.com/scoredev/score/collect/internal/textutil"
	"github.com/scoredev/score/facts"
)

// maxMakeExpansions bounds variable expansion per line: recursive
// variables can describe exponentially long values.
const maxMakeExpansions = 500

// makefileParser reads a Makefile line by line, the way make does for the
// parts that matter here: rules, their prerequisites and recipe lines.
type makefileParser struct {
	path    string
	targets []facts.MakeTarget
	vars    map[string]string
	// current are the targets whose recipe the following tab-indented lines
	// belong to; nil outside a rule.
	current     []int
	defineDepth int
	// expanded counts the bytes expansions produced; past
	// maxExpansionTotal references stay as written.
	expanded int
}

// parseMakefile returns the rules of a Makefile in order. Targets and
// prerequisites are expanded when read, as make does; recipes are expanded
// after the whole file is read (make expands them when they run), with
// $(MAKE) kept so that a recursive make call is visible.
func ParseMakefile(p string, data []byte) []facts.MakeTarget {
	mp := &makefileParser{path: p, vars: map[string]string{}}
	lines := textutil.TextLines(data)
	for i := 0; i < len(lines); {
		start := i
		recipe := strings.HasPrefix(lines[i], "\t") && mp.current != nil && mp.defineDepth == 0
		var text string
		text, i = joinContinued(lines, i, recipe)
		switch {
		case mp.defineDepth > 0:
			mp.inDefine(text)
		case recipe:
			mp.recipe(text, start+1)
		default:
			mp.line(text, start+1)
		}
	}
	for ti := range mp.targets {
		for ci := range mp.targets[ti].Commands {
			c := &mp.targets[ti].Commands[ci]
			c.Run = unescapeDollars(mp.expand(c.Run))
		}
	}
	return mp.targets
}

// joinContinued joins a line ending in an odd number of backslashes with
// the next ones, and returns the index after the logical line.
func joinContinued(lines []string, i int, recipe bool) (string, int) {
	text := lines[i]
	i++
	for continues(text) && i < len(lines) {
		next := lines[i]
		if recipe {
			next = strings.TrimPrefix(next, "\t")
		}
		text = strings.TrimRight(strings.TrimSuffix(text, "\\"), " \t") + " " + strings.TrimLeft(next, " \t")
		i++
	}
	return text, i
}

func continues(s string) bool {
	n := 0
	for i := len(s) - 1; i >= 0 && s[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

func (mp *makefileParser) inDefine(text string) {
	switch firstDirective(text) {
	case "define":
		mp.defineDepth++
	case "endef":
		mp.defineDepth--
	}
}

// firstDirective is the first word of a line after modifiers that may
// precede a directive (override define, export define).
func firstDirective(text string) string {
	fields := strings.Fields(stripMakeComment(text))
	for len(fields) > 1 && (fields[0] == "override" || fields[0] == "export" || fields[0] == "private") {
		fields = fields[1:]
	}
	if len(fields) == 0 {
		return ""
	}
	return fields[0]
}

func (mp *makefileParser) recipe(text string, line int) {
	cmd := strings.TrimLeft(strings.TrimPrefix(text, "\t"), " \t@-+")
	cmd = strings.TrimSpace(cmd)
	if cmd == "" || strings.HasPrefix(cmd, "#") {
		return
	}
	for _, ti := range mp.current {
		mp.targets[ti].Commands = append(mp.targets[ti].Commands, facts.Command{Run: cmd, Path: mp.path, Line: line})
	}
}

// makeDirectives leave the current rule alone (conditionals) or end it.
var makeConditionals = map[string]bool{"ifeq": true, "ifneq": true, "ifdef": true, "ifndef": true, "else": true, "endif": true}
var makeDirectives = map[string]bool{"include": true, "-include": true, "sinclude": true, "vpath": true, "unexport": true, "undefine": true}

func (mp *makefileParser) line(text string, line int) {
	t := strings.TrimSpace(stripMakeComment(text))
	if t == "" {
		return
	}
	word := firstDirective(t)
	switch {
	case makeConditionals[word]:
		return
	case word == "define":
		mp.defineDepth++
		mp.current = nil
		return
	case makeDirectives[word]:
		mp.current = nil
		return
	}
	idx := topLevelIndexAny(t, ":=")
	if idx < 0 {
		mp.current = nil // a function call such as $(eval ...)
		return
	}
	if t[idx] == '=' || strings.HasPrefix(t[idx:], ":=") || strings.HasPrefix(t[idx:], "::=") {
		mp.assign(t, idx)
		return
	}
	mp.rule(t[:idx], t[idx+1:], line)
}

// assign records NAME op value for later expansion.
func (mp *makefileParser) assign(t string, idx int) {
	opStart, opEnd := idx, idx+1
	switch {
	case strings.HasPrefix(t[idx:], "::="):
		opEnd = idx + 3
	case strings.HasPrefix(t[idx:], ":="):
		opEnd = idx + 2
	case idx > 0 && strings.ContainsRune("?+!", rune(t[idx-1])):
		opStart = idx - 1
	}
	fields := strings.Fields(t[:opStart])
	for len(fields) > 1 && (fields[0] == "override" || fields[0] == "export" || fields[0] == "private") {
		fields = fields[1:]
	}
	mp.current = nil
	if len(fields) != 1 {
		return
	}
	name, value := fields[0], strings.TrimSpace(t[opEnd:])
	switch t[opStart] {
	case '?':
		if _, set := mp.vars[name]; set {
			return
		}
	case '+':
		if old, set := mp.vars[name]; set {
			value = old + " " + value
		}
	case '!':
		value = "" // the output of a shell command: unknown here
	}
	mp.vars[name] = value
}

// rule reads "targets: prerequisites [; recipe]" (also "targets::" and
// static patterns "targets: pattern: prerequisites").
func (mp *makefileParser) rule(targetsPart, rest string, line int) {
	mp.current = nil
	rest = strings.TrimPrefix(rest, ":")
	inline := ""
	if semi := topLevelIndexAny(rest, ";"); semi >= 0 {
		rest, inline = rest[:semi], strings.TrimSpace(rest[semi+1:])
	}
	if topLevelIndexAny(rest, "=") >= 0 {
		return // a target-specific variable, not a rule with a recipe
	}
	if colon := topLevelIndexAny(rest, ":"); colon >= 0 {
		rest = rest[colon+1:]
	}
	var prereqs []string
	for _, p := range strings.Fields(mp.expand(rest)) {
		if p != "|" {
			prereqs = append(prereqs, unescapeDollars(p))
		}
	}
	for _, name := range strings.Fields(mp.expand(targetsPart)) {
		name = unescapeDollars(name)
		if isSpecialMakeTarget(name) {
			continue
		}
		mp.current = append(mp.current, len(mp.targets))
		mp.targets = append(mp.targets, facts.MakeTarget{
			Path: mp.path, Name: name, Line: line,
			Commands: []facts.Command{}, Prerequisites: append([]string{}, prereqs...),
		})
	}
	if inline != "" {
		mp.recipe("\t"+inline, line)
	}
}

// isSpecialMakeTarget matches .PHONY, .DEFAULT_GOAL, .SUFFIXES and the
// like: built-in names, not targets anyone runs.
func isSpecialMakeTarget(name string) bool {
	rest, ok := strings.CutPrefix(name, ".")
	if !ok || rest == "" {
		return false
	}
	for _, r := range rest {
		if !(r >= 'A' && r <= 'Z' || r == '_') {
			return false
		}
	}
	return true
}

// stripMakeComment drops a # comment (not an escaped \#).
func stripMakeComment(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && (i == 0 || s[i-1] != '\\') {
			return s[:i]
		}
	}
	return s
}

// topLevelIndexAny finds the first of chars outside $(...) and ${...}.
func topLevelIndexAny(s, chars string) int {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '$':
			i++
		case s[i] == '$' && i+1 < len(s) && (s[i+1] == '(' || s[i+1] == '{'):
			i = shell.ClosingBracket(s, i+1) - 1
		case strings.IndexByte(chars, s[i]) >= 0:
			return i
		}
	}
	return -1
}

// expand substitutes $(VAR) and ${VAR} for variables the file defines;
// functions ($(shell ...)), automatic variables ($@) and $(MAKE) stay.
//
// Like a Dockerfile's (see maxExpansion), an expansion stops growing at
// maxExpansion bytes and a file's expansions at maxExpansionTotal: a
// reference that would pass either stays as written.
func (mp *makefileParser) expand(s string) string {
	budget := maxMakeExpansions
	return mp.expandBudget(s, &budget)
}

func (mp *makefileParser) expandBudget(s string, budget *int) string {
	if !strings.Contains(s, "$") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch s[i+1] {
		case '$':
			b.WriteString("$$")
			i++
		case '(', '{':
			end := shell.ClosingBracket(s, i+1)
			ref := s[i:end]
			if name, ok := simpleVarRef(ref); ok && name != "MAKE" && *budget > 0 && mp.expanded <= textutil.MaxExpansionTotal {
				if v, set := mp.vars[name]; set {
					*budget--
					x := mp.expandBudget(v, budget)
					// Charged whether kept or not: the work was done.
					mp.expanded += len(x)
					if b.Len()+len(x) <= textutil.MaxExpansion {
						ref = x
					}
				}
			}
			b.WriteString(ref)
			i = end - 1
		default:
			b.WriteByte('$')
		}
	}
	return b.String()
}

// simpleVarRef returns NAME for "$(NAME)" or "${NAME}".
func simpleVarRef(ref string) (string, bool) {
	if len(ref) < 4 {
		return "", false
	}
	closeCh := byte(')')
	if ref[1] == '{' {
		closeCh = '}'
	}
	if ref[len(ref)-1] != closeCh {
		return "", false
	}
	name := ref[2 : len(ref)-1]
	if name == "" || strings.ContainsAny(name, " \t:,$(){}=#") {
		return "", false
	}
	return name, true
}

// unescapeDollars turns make's $$ into the $ the shell sees.
func unescapeDollars(s string) string { return strings.ReplaceAll(s, "$$", "$") }
