package ci

import (
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
)

// A step often runs `bin/rails $TEST_COMMAND` with the value set in an
// env: block of the step, job or workflow, itself often from the matrix
// (`TEST_COMMAND: ${{ matrix.command }}`). Such a reference is replaced by
// each value visible in the same file, as matrix references are; one set
// elsewhere (a repository variable) stays as written.

// actionsEnv merges env: blocks, later ones overriding earlier ones. Values
// that are expressions other than matrix references are left out: their
// value cannot be read from the file.
func actionsEnv(blocks ...*yaml.Node) map[string]string {
	env := map[string]string{}
	for _, b := range blocks {
		for _, kv := range yamlnode.YamlPairs(b) {
			v := yamlnode.YamlStr(kv.Value)
			if v == "" {
				continue
			}
			if strings.Contains(actionsMatrixRefRe.ReplaceAllString(v, ""), "${{") {
				delete(env, kv.Key)
				continue
			}
			env[kv.Key] = v
		}
	}
	return env
}

// shellVarRefRe is a $NAME or ${NAME} reference in a shell command.
var shellVarRefRe = lazyre.New(`\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))`)

// expandEnv replaces $NAME references to env with their values, each value
// first expanded by the matrix: one command per distinct result.
func expandEnv(cmds []facts.Command, env map[string]string, matrix matrixVars) []facts.Command {
	if len(env) == 0 {
		return cmds
	}
	combos := matrix
	if len(combos) == 0 {
		combos = matrixVars{{}}
	}
	var vars matrixVars
	seen := map[string]bool{}
	for _, combo := range combos {
		resolved := map[string]string{}
		ok := true
		for k, v := range env {
			r := actionsMatrixRefRe.ReplaceAllStringFunc(v, func(ref string) string {
				x, found := combo[actionsMatrixRefRe.FindStringSubmatch(ref)[1]]
				if !found {
					ok = false
				}
				return x
			})
			if ok {
				resolved[k] = r
			}
			ok = true
		}
		key := mapKey(resolved)
		if !seen[key] {
			seen[key] = true
			vars = append(vars, resolved)
		}
	}
	return vars.expandRefs(cmds, "$", shellVarRefRe, false)
}

// mapKey is a stable text of a small map, to drop duplicate combinations.
func mapKey(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k + "=" + m[k] + "\x00")
	}
	return b.String()
}

// actionsStepEnv is the job's env with the step's env: over it.
func actionsStepEnv(job map[string]string, step *yaml.Node) map[string]string {
	if step == nil {
		return job
	}
	env := map[string]string{}
	for k, v := range job {
		env[k] = v
	}
	for k, v := range actionsEnv(step) {
		env[k] = v
	}
	return env
}
