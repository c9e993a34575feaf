package ci

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
)

// A job's matrix often carries the command itself: `run: make ${{ matrix.target }}`
// with target: [lint, test], or include: entries with a `cmd`. Read as
// written, such a line runs nothing anyone can recognise, so it is
// recorded once per value the matrix gives it instead.

// maxMatrixCombos bounds the combinations a matrix expands to.
const maxMatrixCombos = 64

// matrixVars are the assignments of one matrix: each map is one
// combination of values, by variable name.
type matrixVars []map[string]string

// actionsMatrix reads strategy.matrix of an Actions job: the product of
// its scalar lists, then its include: entries. A matrix given by an
// expression (fromJSON(...)) has no values to read.
func actionsMatrix(job *yaml.Node) matrixVars {
	m := yamlnode.YamlPath(job, "strategy", "matrix")
	if !yamlnode.YamlIsMap(m) {
		return nil
	}
	combos := matrixVars{{}}
	var includes matrixVars
	for _, pair := range yamlnode.YamlPairs(m) {
		switch pair.Key {
		case "exclude":
		case "include":
			for _, it := range yamlnode.YamlOneOrMany(pair.Value) {
				entry := map[string]string{}
				for _, kv := range yamlnode.YamlPairs(it) {
					for k, v := range matrixValue(kv.Key, kv.Value, 0) {
						entry[k] = v
					}
				}
				includes = append(includes, entry)
			}
		default:
			var values []map[string]string
			for _, it := range yamlnode.YamlOneOrMany(pair.Value) {
				if v := matrixValue(pair.Key, it, 0); len(v) > 0 {
					values = append(values, v)
				}
			}
			if len(values) == 0 {
				continue
			}
			var next matrixVars
			for _, c := range combos {
				for _, v := range values {
					if len(next) >= maxMatrixCombos {
						break
					}
					n := make(map[string]string, len(c)+len(v))
					for k, x := range c {
						n[k] = x
					}
					for k, x := range v {
						n[k] = x
					}
					next = append(next, n)
				}
			}
			combos = next
		}
	}
	if len(combos) == 1 && len(combos[0]) == 0 {
		combos = nil
	}
	out := append(combos, includes...)
	if len(out) > maxMatrixCombos {
		out = out[:maxMatrixCombos]
	}
	return out
}

// matrixValue reads one value of a matrix variable: a scalar as name, an
// object's fields as name.field (`tests: [{command: test}]` gives
// tests.command, referenced as ${{ matrix.tests.command }}), nested up to
// a few levels.
func matrixValue(name string, n *yaml.Node, depth int) map[string]string {
	if s := yamlnode.YamlStr(n); s != "" {
		return map[string]string{name: s}
	}
	if !yamlnode.YamlIsMap(n) || depth >= 3 {
		return nil
	}
	out := map[string]string{}
	for _, kv := range yamlnode.YamlPairs(n) {
		for k, v := range matrixValue(name+"."+kv.Key, kv.Value, depth+1) {
			out[k] = v
		}
	}
	return out
}

var actionsMatrixRefRe = lazyre.New(`\$\{\{\s*matrix\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\s*\}\}`)

// expand returns cmds with each matrix reference replaced by the values of
// every combination that defines it, one command per distinct result. A
// command whose references no combination defines is kept as written.
func (mv matrixVars) expand(cmds []facts.Command) []facts.Command {
	return mv.expandRefs(cmds, "matrix.", actionsMatrixRefRe, true)
}

// gitlabVarRefRe is a $NAME or ${NAME} reference in a GitLab script.
var gitlabVarRefRe = lazyre.New(`\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))`)

// expandRefs replaces the references re finds (its first non-empty group
// is the variable's name) in commands that contain hint. strict: a
// combination that lacks a referenced variable gives nothing (Actions); not
// strict: the reference stays as written (a GitLab CI/CD variable set
// elsewhere).
func (mv matrixVars) expandRefs(cmds []facts.Command, hint string, re *lazyre.Regexp, strict bool) []facts.Command {
	if len(mv) == 0 {
		return cmds
	}
	var out []facts.Command
	for _, cmd := range cmds {
		if !strings.Contains(cmd.Run, hint) || !re.MatchString(cmd.Run) {
			out = append(out, cmd)
			continue
		}
		seen := map[string]bool{}
		for _, vars := range mv {
			ok := true
			run := re.ReplaceAllStringFunc(cmd.Run, func(ref string) string {
				name := ""
				for _, g := range re.FindStringSubmatch(ref)[1:] {
					if g != "" {
						name = g
						break
					}
				}
				v, found := vars[name]
				if !found {
					if !strict {
						return ref
					}
					ok = false
				}
				return v
			})
			if run == cmd.Run {
				continue
			}
			if ok && !seen[run] {
				seen[run] = true
				out = append(out, facts.Command{Run: run, Path: cmd.Path, Line: cmd.Line})
			}
		}
		if len(seen) == 0 {
			out = append(out, cmd)
		}
	}
	return out
}

// gitlabMatrix reads a GitLab job's parallel:matrix (each entry a product
// of its values) with the job's and the pipeline's own variables: under
// each combination. Variables given as {value: ...} maps are read too.
func gitlabMatrix(parallel *yaml.Node, variables ...*yaml.Node) matrixVars {
	base := map[string]string{}
	for _, vs := range variables {
		for _, kv := range yamlnode.YamlPairs(vs) {
			v := yamlnode.YamlStr(kv.Value)
			if v == "" {
				v = yamlnode.YamlStr(yamlnode.YamlGet(kv.Value, "value"))
			}
			if v != "" && !strings.Contains(v, "$") {
				base[kv.Key] = v
			}
		}
	}
	var out matrixVars
	for _, entry := range yamlnode.YamlOneOrMany(yamlnode.YamlGet(parallel, "matrix")) {
		combos := matrixVars{{}}
		for _, kv := range yamlnode.YamlPairs(entry) {
			values := []string{yamlnode.YamlStr(kv.Value)}
			if items := yamlnode.YamlOneOrMany(kv.Value); items != nil {
				values = values[:0]
				for _, it := range items {
					values = append(values, yamlnode.YamlStr(it))
				}
			}
			var next matrixVars
			for _, c := range combos {
				for _, v := range values {
					if v == "" || len(next) >= maxMatrixCombos {
						continue
					}
					n := map[string]string{kv.Key: v}
					for k, x := range c {
						n[k] = x
					}
					next = append(next, n)
				}
			}
			combos = next
		}
		out = append(out, combos...)
		if len(out) >= maxMatrixCombos {
			out = out[:maxMatrixCombos]
			break
		}
	}
	if len(out) == 0 {
		if len(base) == 0 {
			return nil
		}
		return matrixVars{base}
	}
	for _, c := range out {
		for k, v := range base {
			if _, set := c[k]; !set {
				c[k] = v
			}
		}
	}
	return out
}
