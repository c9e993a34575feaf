package kubernetes

import (
	"bytes"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/internal/lazyre"
)

// Helm templates are read without rendering: every {{ ... }} action is
// neutralised so that the YAML around it parses, and every line keeps its
// number. Control actions (if, range, with, end, define, comments,
// assignments) disappear; an action inside a line becomes a placeholder
// scalar; an action alone on its line becomes "templated content" of the
// right shape for where it stands: the value of the key above it
// (readinessProbe:\n  {{- toYaml .Values.readinessProbe | nindent 12 }} is a
// probe that is present), a sequence item, a mapping entry, or block scalar
// text. Lines between {{ define }} and its {{ end }} are dropped.

// helmTemplate is a template made parseable.
type helmTemplate struct {
	text []byte
	// actions holds the original text of each placeholder's action.
	actions []string
	// dots holds, per action, what "." stands for where it is output: the
	// argument of the innermost enclosing {{ with }} (".Values.podSecurityContext"),
	// "" at the top level, "?" inside a range or an unknown context.
	dots []string
	// values is the chart's values.yaml, parsed; nil when there is none.
	values *yaml.Node
	// envValues are values.yaml with each environment's values file laid
	// over it, by environment (helm_env_values.go).
	envValues map[string]*yaml.Node
}

const helmPlaceholderFmt = "__helm_tpl_%d__"

var helmPlaceholderRe = lazyre.New(`__helm_tpl_(\d+)__`)

// restore puts the original action text back in place of placeholders.
func (h *helmTemplate) restore(s string) string {
	if h == nil || !strings.Contains(s, "__helm_tpl_") {
		return s
	}
	return helmPlaceholderRe.ReplaceAllStringFunc(s, func(ph string) string {
		var i int
		if _, err := fmt.Sscanf(ph, helmPlaceholderFmt, &i); err == nil && i >= 0 && i < len(h.actions) {
			return h.actions[i]
		}
		return ph
	})
}

// isTemplated reports whether a scalar is, or contains, a placeholder.
func (h *helmTemplate) isTemplated(s string) bool {
	return h != nil && strings.Contains(s, "__helm_tpl_")
}

// helmAction is one {{ ... }} in the source.
type helmAction struct {
	start, end int // byte offsets, end exclusive
	kind       helmActionKind
	raw        string
}

type helmActionKind int

const (
	helmOutput  helmActionKind = iota // produces text
	helmControl                       // if/else/range/with/end/assignment/comment: produces none
	helmDefine                        // define/block: opens a nested body
	helmOpen                          // if/range/with: opens a nested body
	helmEnd                           // end: closes one
)

// maxHelmAction bounds how far an action is searched for its "}}"; past
// it the action is taken as unterminated. Real actions, even those that
// span lines, are far shorter; the bound keeps broken input linear.
const maxHelmAction = 2048

// findHelmActions locates every action, skipping "}}" inside string
// literals, raw strings and comments. An unterminated action runs to the
// end of its line.
func findHelmActions(src []byte) []helmAction {
	var out []helmAction
	nextClose := -2 // offset of the next "}}"; -1 when there is none, -2 unknown
	for i := 0; i+1 < len(src); {
		if src[i] != '{' || src[i+1] != '{' {
			i++
			continue
		}
		start := i
		limit := min(len(src), start+maxHelmAction)
		if nextClose != -1 && nextClose < start+2 {
			nextClose = bytes.Index(src[start+2:], []byte("}}"))
			if nextClose >= 0 {
				nextClose += start + 2
			}
		}
		end := -1
		switch {
		case nextClose < 0 || nextClose+2 > limit:
		case bytes.IndexAny(src[start+2:nextClose], "\"`/") < 0:
			end = nextClose + 2
		default:
			end = helmActionEnd(src, start+2, limit)
		}
		if end < 0 {
			// Unterminated: up to the end of the line.
			end = start + 2
			for end < len(src) && src[end] != '\n' {
				end++
			}
		}
		raw := string(src[start:end])
		out = append(out, helmAction{start: start, end: end, raw: raw, kind: classifyHelmAction(raw)})
		i = end
	}
	return out
}

// helmActionEnd finds the "}}" closing an action whose body starts at j,
// outside strings and comments, before limit; -1 when there is none.
func helmActionEnd(src []byte, j, limit int) int {
	for j < limit {
		switch c := src[j]; {
		case c == '}' && j+1 < limit && src[j+1] == '}':
			return j + 2
		case c == '"':
			j++
			for j < limit && src[j] != '"' && src[j] != '\n' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			j++
		case c == '`':
			j++
			for j < limit && src[j] != '`' {
				j++
			}
			j++
		case c == '/' && j+1 < limit && src[j+1] == '*':
			if k := bytes.Index(src[j+2:limit], []byte("*/")); k >= 0 {
				j += k + 4
			} else {
				return -1
			}
		default:
			j++
		}
	}
	return -1
}

var helmAssignRe = lazyre.New(`^\$[A-Za-z0-9_]*\s*:?=`)

func classifyHelmAction(raw string) helmActionKind {
	body := strings.TrimPrefix(raw, "{{")
	body = strings.TrimSuffix(body, "}}")
	body = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(body), "-"), "-"))
	if strings.HasPrefix(body, "/*") {
		return helmControl
	}
	word := body
	if i := strings.IndexAny(word, " \t\n("); i >= 0 {
		word = word[:i]
	}
	switch word {
	case "if", "range", "with":
		return helmOpen
	case "define", "block":
		return helmDefine
	case "end":
		return helmEnd
	case "else", "break", "continue":
		return helmControl
	}
	if helmAssignRe.MatchString(body) {
		return helmControl
	}
	return helmOutput
}

// helmSeg is a piece of a line: text, or an output action (index into
// the template's actions).
type helmSeg struct {
	text   string
	action int // -1 for text
}

// neutraliseHelm turns a template into parseable YAML with the same
// number of lines.
func neutraliseHelm(src []byte) *helmTemplate {
	h := &helmTemplate{}
	acts := findHelmActions(src)
	nLines := strings.Count(string(src), "\n") + 1
	segs := make([][]helmSeg, nLines)
	hadAction := make([]bool, nLines)
	lineNo, writeLine := 0, 0
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			segs[writeLine] = append(segs[writeLine], helmSeg{text: text.String(), action: -1})
			text.Reset()
		}
	}
	// stack of open bodies, true for define/block, whose content is not
	// part of this file's output; defines counts the true ones.
	var stack []bool
	var dotStack []string
	dot := func() string {
		if len(dotStack) == 0 {
			return ""
		}
		return dotStack[len(dotStack)-1]
	}
	defines := 0
	defining := func() bool { return defines > 0 }
	k := 0
	for i := 0; i < len(src); {
		if k < len(acts) && i == acts[k].start {
			flush()
			a := acts[k]
			hadAction[writeLine] = true
			switch a.kind {
			case helmOpen:
				stack = append(stack, false)
				dotStack = append(dotStack, helmOpenDot(a.raw, dot()))
			case helmDefine:
				stack = append(stack, true)
				dotStack = append(dotStack, "?")
				defines++
			case helmEnd:
				if len(stack) > 0 {
					if stack[len(stack)-1] {
						defines--
					}
					stack = stack[:len(stack)-1]
					dotStack = dotStack[:len(dotStack)-1]
				}
			case helmOutput:
				if !defining() {
					segs[writeLine] = append(segs[writeLine], helmSeg{action: len(h.actions)})
					h.actions = append(h.actions, a.raw)
					h.dots = append(h.dots, dot())
				}
			}
			lineNo += strings.Count(a.raw, "\n")
			i = a.end
			k++
			continue
		}
		c := src[i]
		i++
		if c == '\n' {
			flush()
			lineNo++
			writeLine = lineNo
			continue
		}
		if !defining() {
			text.WriteByte(c)
		}
	}
	flush()

	out := make([]string, nLines)
	pending := make([]bool, nLines) // action-only lines with output
	for n, ss := range segs {
		onlyActions := hadAction[n]
		hasOutput := false
		var b strings.Builder
		for _, s := range ss {
			if s.action < 0 {
				if strings.TrimSpace(strings.TrimRight(s.text, "\r")) != "" {
					onlyActions = false
				}
				b.WriteString(s.text)
				continue
			}
			hasOutput = true
			fmt.Fprintf(&b, helmPlaceholderFmt, s.action)
		}
		switch {
		case onlyActions && hasOutput:
			pending[n] = true
			out[n] = strings.TrimRight(b.String(), "\r")
		case onlyActions:
			out[n] = ""
		default:
			out[n] = strings.TrimRight(b.String(), "\r")
		}
	}
	// next[n] is the first meaningful line after n that is not pending;
	// prev the last meaningful line before the one being placed.
	next := make([]int, len(out))
	following := -1
	for n := len(out) - 1; n >= 0; n-- {
		next[n] = following
		if !pending[n] && helmMeaningful(out[n]) {
			following = n
		}
	}
	prev := -1
	for n := range out {
		if pending[n] {
			helmPlaceContent(out, n, prev, next[n])
		}
		if helmMeaningful(out[n]) {
			prev = n
		}
	}
	h.text = []byte(strings.Join(out, "\n"))
	return h
}

// helmPlaceContent rewrites the action-only line n (holding placeholders)
// as content that fits where it stands, between the meaningful lines prev
// and next (-1 when there are none).
func helmPlaceContent(out []string, n, prev, next int) {
	ph := strings.TrimSpace(out[n])
	if i := strings.Index(ph, "__ "); i >= 0 {
		ph = ph[:i+2] // several actions on the line: the first stands for all
	}
	col := helmIndent(out[n])
	out[n] = ""
	if prev < 0 {
		out[n] = strings.Repeat(" ", col) + ph + ": ~"
		return
	}
	p := helmStripComment(out[prev])
	pInd, pKeyInd := helmIndent(p), helmKeyIndent(p)
	pt := strings.TrimSpace(p)
	switch {
	case helmBlockScalarRe.MatchString(pt):
		// Text of a block scalar (config: |).
		out[n] = strings.Repeat(" ", max(col, pInd+2)) + ph
		return
	case strings.HasSuffix(pt, ":"):
		if next >= 0 {
			nInd := helmIndent(out[next])
			nt := strings.TrimSpace(out[next])
			if nInd > pKeyInd || (nInd == pKeyInd && strings.HasPrefix(nt, "- ")) {
				out[n] = helmSibling(nInd, nt, ph)
				return
			}
		}
		// The action is the key's whole value.
		out[prev] = p + " " + ph
		return
	}
	switch {
	case col == pInd:
		out[n] = helmSibling(col, pt, ph)
	case next >= 0 && col == helmIndent(out[next]):
		out[n] = helmSibling(col, strings.TrimSpace(out[next]), ph)
	case strings.HasPrefix(pt, "- ") && col == pInd+2:
		out[n] = strings.Repeat(" ", col) + ph + ": ~"
	}
	// Otherwise the content is dropped: no shape fits it safely.
}

var helmBlockScalarRe = lazyre.New(`:\s*[|>][-+0-9]*$`)

// helmSibling writes placeholder content shaped like the line like.
func helmSibling(ind int, like, ph string) string {
	if like == "-" || strings.HasPrefix(like, "- ") {
		return strings.Repeat(" ", ind) + "- " + ph
	}
	return strings.Repeat(" ", ind) + ph + ": ~"
}

func helmMeaningful(s string) bool {
	t := strings.TrimSpace(s)
	return t != "" && !strings.HasPrefix(t, "#")
}

func helmIndent(s string) int {
	return len(s) - len(strings.TrimLeft(s, " "))
}

// helmKeyIndent is the column of the key of a line, past "- " markers.
func helmKeyIndent(s string) int {
	i := helmIndent(s)
	for strings.HasPrefix(s[i:], "- ") {
		i += 2
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
	return i
}

// helmStripComment drops a trailing " # comment" outside quotes.
func helmStripComment(s string) string {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t'):
			return strings.TrimRight(s[:i], " \t")
		}
	}
	return strings.TrimRight(s, " \t")
}
