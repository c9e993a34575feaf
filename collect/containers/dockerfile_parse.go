package containers

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/scoredev/score/collect/internal/imageref"
	"github.com/scoredev/score/collect/internal/textutil"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// parseDockerfile parses one Dockerfile into stages. A file the BuildKit
// parser rejects becomes a warning naming the line and contributes nothing.
func parseDockerfile(t *snapshot.Tree, p string, data []byte) (facts.Dockerfile, bool) {
	res, err := parseDockerfileAST(data)
	if err != nil {
		t.Warn(p, textutil.ClampLine(dockerfileErrorLine(err), textutil.CountLines(data)), "Dockerfile not parsed: "+dockerfileErrorMessage(err))
		return facts.Dockerfile{}, false
	}
	b := newStageBuilder(res.EscapeToken)
	b.warn = func(line int, msg string) { t.Warn(p, line, msg) }
	for _, n := range res.AST.Children {
		if msg := malformedFrom(n); msg != "" {
			// BuildKit's parser accepts these; the build would not.
			t.Warn(p, n.StartLine, "Dockerfile: "+msg)
			continue
		}
		b.instruction(n)
	}
	df := facts.Dockerfile{Path: p, Stages: b.finish()}
	if len(df.Stages) > 0 {
		last := df.Stages[len(df.Stages)-1]
		df.FinalStage = &last
	}
	return df, true
}

// malformedFrom says what is wrong with a FROM line that names no image or
// has words other than "FROM image [AS name]".
func malformedFrom(n *parser.Node) string {
	if !strings.EqualFold(n.Value, "from") {
		return ""
	}
	var args []string
	for a := n.Next; a != nil; a = a.Next {
		args = append(args, a.Value)
	}
	switch {
	case len(args) == 0:
		return "FROM names no image; expected FROM image [AS name]"
	case len(args) == 2 || len(args) > 3 || (len(args) == 3 && !strings.EqualFold(args[1], "as")):
		return fmt.Sprintf("FROM %s: expected FROM image [AS name]", strings.Join(args, " "))
	}
	return ""
}

// parseDockerfileAST runs the BuildKit parser, turning a panic on hostile
// input into an error: one odd file must not stop a scan.
func parseDockerfileAST(data []byte) (res *parser.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("parser panic: %v", r)
		}
	}()
	res, err = parser.Parse(bytes.NewReader(data))
	if err == nil && (res == nil || res.AST == nil) {
		err = errors.New("no instructions")
	}
	return res, err
}

func dockerfileErrorLine(err error) int {
	var le *parser.LocationError
	if errors.As(err, &le) && len(le.Locations) > 0 && len(le.Locations[0]) > 0 {
		return le.Locations[0][0].Start.Line
	}
	return 0
}

// dockerfileErrorMessage is the parser's message without the location
// wrapper, which the warning carries as its line.
func dockerfileErrorMessage(err error) string {
	var le *parser.LocationError
	if errors.As(err, &le) && le.Unwrap() != nil {
		return le.Unwrap().Error()
	}
	return err.Error()
}

// argValue is a build argument: declared with a default (set) or without.
type argValue struct {
	value string
	set   bool
}

// stageBuilder walks the instructions of one Dockerfile in order.
type stageBuilder struct {
	lex *shell.Lex
	// global holds the ARGs declared before the first FROM: the only
	// variables a FROM line can use.
	global map[string]argValue
	stages []facts.Stage
	// parent is the index of the stage each stage is built FROM, or -1.
	parent []int
	// env is what a stage's USER and EXPOSE can expand: its ARGs and ENVs
	// plus the ENVs inherited from its parent stage; persist holds the
	// ENVs alone, which carry over into child stages.
	env     []map[string]string
	persist []map[string]string
	byName  map[string]int
	// warn reports a variable left unexpanded because of the bounds below.
	warn func(line int, msg string)
	// expanded counts the bytes all expansions of this file produced.
	expanded int
	// capped is set once the per-file budget is spent, to warn only once.
	capped bool
	// unknown holds the global ARGs left unexpanded by the bounds, and
	// those defined from them: their value is unknown, not their text.
	unknown map[string]bool
}

// expansionBound is an upper bound on the length of w after expansion in
// env, computed without expanding: the word itself plus the value of
// every variable it names. A `${NAME/pattern/replacement}` can insert the
// replacement at every position of the value, so a word using one is
// bounded by the square of that sum.
func expansionBound(w string, env envMap) int {
	sum, replace := len(w), false
	forEachRef(w, func(name string, replaceForm bool) bool {
		replace = replace || replaceForm
		sum += len(env[name])
		return sum <= textutil.MaxExpansion
	})
	if replace {
		return sum * (sum + 1)
	}
	return sum
}

// forEachRef calls fn with the name of every $NAME or ${NAME...} in w
// (escapes and quotes aside, so it may see more than the lexer would),
// and whether it is a ${NAME/pattern/replacement}; fn returns false to
// stop.
func forEachRef(w string, fn func(name string, replaceForm bool) bool) {
	for i := 0; i < len(w); i++ {
		if w[i] != '$' {
			continue
		}
		j := i + 1
		if j < len(w) && w[j] == '{' {
			j++
		}
		k := j
		for k < len(w) && (w[k] == '_' || w[k] >= 'a' && w[k] <= 'z' || w[k] >= 'A' && w[k] <= 'Z' || w[k] >= '0' && w[k] <= '9') {
			k++
		}
		if !fn(w[j:k], k < len(w) && w[k] == '/' && j > i+1) {
			return
		}
	}
}

// refersToUnknown reports whether w names a global ARG whose value the
// bounds left unknown.
func (b *stageBuilder) refersToUnknown(w string) bool {
	found := false
	forEachRef(w, func(name string, _ bool) bool {
		found = b.unknown[name]
		return !found
	})
	return found
}

// expandable says whether w may be expanded in env within the bounds,
// warning on line when it may not.
func (b *stageBuilder) expandable(w string, env envMap, line int) bool {
	if b.capped {
		return false
	}
	if n := expansionBound(w, env); n > textutil.MaxExpansion {
		b.warnf(line, fmt.Sprintf("Dockerfile: variable expansion not done: %q could grow past %d KiB", truncateWord(w), textutil.MaxExpansion>>10))
		return false
	}
	if b.expanded > textutil.MaxExpansionTotal {
		b.capped = true
		b.warnf(line, fmt.Sprintf("Dockerfile: variable expansion stopped: the file's expansions passed %d MiB", textutil.MaxExpansionTotal>>20))
		return false
	}
	return true
}

func (b *stageBuilder) warnf(line int, msg string) {
	if b.warn != nil {
		b.warn(line, msg)
	}
}

// truncateWord shortens a word quoted in a warning.
func truncateWord(w string) string {
	if len(w) > 40 {
		return w[:40] + "..."
	}
	return w
}

func newStageBuilder(escape rune) *stageBuilder {
	if escape == 0 {
		escape = parser.DefaultEscapeToken
	}
	return &stageBuilder{lex: shell.NewLex(escape), global: map[string]argValue{}, byName: map[string]int{}, unknown: map[string]bool{}}
}

func (b *stageBuilder) instruction(n *parser.Node) {
	cmd := strings.ToLower(n.Value)
	if cmd == "from" {
		b.from(n)
		return
	}
	if len(b.stages) == 0 {
		if cmd == "arg" {
			b.globalArg(n)
		}
		return
	}
	i := len(b.stages) - 1
	st := &b.stages[i]
	switch cmd {
	case "arg":
		b.stageArg(i, n)
	case "env":
		b.stageEnv(i, n)
	case "user":
		if n.Next != nil {
			st.User = &facts.Instruction{Value: b.expandOrRaw(n.Next.Value, b.env[i], n.StartLine), Line: n.StartLine}
		}
	case "cmd", "entrypoint":
		st.Command = &facts.Instruction{Value: cmd, Line: n.StartLine}
	case "healthcheck":
		none := n.Next != nil && strings.EqualFold(n.Next.Value, "none")
		st.Healthcheck = &facts.Healthcheck{Line: n.StartLine, None: none}
	case "expose":
		for _, w := range nodeWords(n) {
			if port, ok := parsePort(b.expandOrRaw(w, b.env[i], n.StartLine)); ok {
				st.Expose = append(st.Expose, port)
			}
		}
	}
}

func (b *stageBuilder) globalArg(n *parser.Node) {
	for _, w := range nodeWords(n) {
		name, raw, hasValue := strings.Cut(w, "=")
		if !hasValue {
			if _, declared := b.global[name]; !declared {
				b.global[name] = argValue{}
			}
			continue
		}
		env := b.globalSet()
		if b.refersToUnknown(raw) || !b.expandable(raw, env, n.StartLine) {
			// Declared, value unknown: a FROM using it is unresolved.
			b.global[name] = argValue{}
			b.unknown[name] = true
			continue
		}
		delete(b.unknown, name)
		b.global[name] = argValue{value: b.expandOrRaw(raw, env, n.StartLine), set: true}
	}
}

// stageArg handles ARG inside a stage: a bare `ARG NAME` brings a global
// default into scope, as BuildKit does.
func (b *stageBuilder) stageArg(i int, n *parser.Node) {
	for _, w := range nodeWords(n) {
		name, raw, hasValue := strings.Cut(w, "=")
		switch {
		case hasValue && !b.expandable(raw, b.env[i], n.StartLine):
			delete(b.env[i], name)
		case hasValue:
			b.env[i][name] = b.expandOrRaw(raw, b.env[i], n.StartLine)
		case b.global[name].set:
			b.env[i][name] = b.global[name].value
		}
	}
}

// stageEnv handles ENV, whose parsed form is a chain of key, value,
// separator triples.
func (b *stageBuilder) stageEnv(i int, n *parser.Node) {
	for k := n.Next; k != nil && k.Next != nil; {
		if b.expandable(k.Next.Value, b.env[i], n.StartLine) {
			v := b.expandOrRaw(k.Next.Value, b.env[i], n.StartLine)
			b.env[i][k.Value] = v
			b.persist[i][k.Value] = v
		} else {
			delete(b.env[i], k.Value)
			delete(b.persist[i], k.Value)
		}
		if k.Next.Next == nil {
			break
		}
		k = k.Next.Next.Next
	}
}

func (b *stageBuilder) from(n *parser.Node) {
	words := nodeWords(n)
	var raw, name string
	if len(words) > 0 {
		raw = words[0]
	}
	if len(words) >= 3 && strings.EqualFold(words[1], "as") {
		name = words[2]
	}
	img, parent := b.resolveFrom(raw, n.StartLine)
	for _, fl := range n.Flags {
		if v, ok := strings.CutPrefix(fl, "--platform="); ok {
			img.Platform = v
		}
	}
	env, persist := map[string]string{}, map[string]string{}
	if parent >= 0 {
		for k, v := range b.persist[parent] {
			env[k], persist[k] = v, v
		}
	}
	b.stages = append(b.stages, facts.Stage{Index: len(b.stages), Name: name, Line: n.StartLine, From: img, Expose: []int{}})
	b.parent = append(b.parent, parent)
	b.env = append(b.env, env)
	b.persist = append(b.persist, persist)
	if name != "" {
		b.byName[strings.ToLower(name)] = len(b.stages) - 1
	}
}

// resolveFrom substitutes global ARG defaults into a FROM reference and
// splits the result. It returns the index of the stage it names, or -1.
func (b *stageBuilder) resolveFrom(raw string, line int) (facts.FromImage, int) {
	img := facts.FromImage{Raw: raw, Resolved: raw, Line: line}
	if raw == "" {
		img.Unresolved = true
		return img, -1
	}
	env := b.globalSet()
	if !b.expandable(raw, env, line) {
		img.Unresolved = true
		img.Image, img.Tag, img.Digest = imageref.SplitImageRef(raw)
		return img, -1
	}
	res, err := b.lex.ProcessWordWithMatches(raw, env)
	if err != nil {
		img.Unresolved = true
		img.Image, img.Tag, img.Digest = imageref.SplitImageRef(raw)
		return img, -1
	}
	img.Resolved = res.Result
	b.expanded += len(res.Result)
	for name := range res.Unmatched {
		if b.usedWithoutDefault(raw, name, env) {
			img.Unresolved = true
		}
	}
	lower := strings.ToLower(img.Resolved)
	if idx, ok := b.byName[lower]; ok {
		img.StageRef = true
		img.Image = img.Resolved
		return img, idx
	}
	if lower == "scratch" {
		img.Scratch = true
		img.Image = img.Resolved
		return img, -1
	}
	img.Image, img.Tag, img.Digest = imageref.SplitImageRef(img.Resolved)
	return img, -1
}

// unsetSentinel stands in for an unset variable to see whether its value
// would reach the result.
const unsetSentinel = "\ue000unset\ue001"

// usedWithoutDefault reports whether the unset variable name reaches the
// expansion of word with nothing in its place: `${NAME}` does, while
// `${NAME:-golang:1.22}` falls back to its default. The lexer decides, by
// comparing the expansion with name unset and with name set to a sentinel.
func (b *stageBuilder) usedWithoutDefault(word, name string, env envMap) bool {
	unset, _, err := b.lex.ProcessWord(word, env)
	if err != nil {
		return true
	}
	withSentinel := envMap{name: unsetSentinel}
	for k, v := range env {
		withSentinel[k] = v
	}
	set, _, err := b.lex.ProcessWord(word, withSentinel)
	if err != nil || !strings.Contains(set, unsetSentinel) {
		return false
	}
	return unset == strings.ReplaceAll(set, unsetSentinel, "")
}

// expandOrRaw expands variables in w; when one of them is unknown (or the
// word does not parse) it keeps w as written, which is more useful to a
// reader than a half-expanded value.
func (b *stageBuilder) expandOrRaw(w string, env envMap, line int) string {
	if !b.expandable(w, env, line) {
		return w
	}
	res, err := b.lex.ProcessWordWithMatches(w, env)
	if err != nil || len(res.Unmatched) > 0 {
		return w
	}
	b.expanded += len(res.Result)
	return res.Result
}

func (b *stageBuilder) globalSet() envMap {
	env := envMap{}
	for k, v := range b.global {
		if v.set {
			env[k] = v.value
		}
	}
	return env
}

// finish resolves what a stage inherits from the stage it is built FROM:
// the user in force, the external base image and the health check.
func (b *stageBuilder) finish() []facts.Stage {
	for i := range b.stages {
		st := &b.stages[i]
		if p := b.parent[i]; p >= 0 {
			par := b.stages[p]
			st.EffectiveUser, st.Base = par.EffectiveUser, par.Base
			if st.User != nil {
				st.EffectiveUser = st.User
			}
			if st.Healthcheck == nil {
				st.Healthcheck = par.Healthcheck
			}
			continue
		}
		st.EffectiveUser = st.User
		if !st.From.Scratch {
			base := st.From
			st.Base = &base
		}
	}
	if b.stages == nil {
		return []facts.Stage{}
	}
	return b.stages
}

func nodeWords(n *parser.Node) []string {
	var words []string
	for x := n.Next; x != nil; x = x.Next {
		if x.Value != "" {
			words = append(words, x.Value)
		}
	}
	return words
}

// parsePort reads an EXPOSE entry: "80", "80/tcp", or a range "8000-8010"
// (its first port).
func parsePort(w string) (int, bool) {
	w, _, _ = strings.Cut(w, "/")
	w, _, _ = strings.Cut(w, "-")
	port, err := strconv.Atoi(w)
	if err != nil || port <= 0 || port > 65535 {
		return 0, false
	}
	return port, true
}

// envMap is a variable scope for the BuildKit shell lexer.
type envMap map[string]string

func (e envMap) Get(k string) (string, bool) {
	v, ok := e[k]
	return v, ok
}

func (e envMap) Keys() []string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	return keys
}
