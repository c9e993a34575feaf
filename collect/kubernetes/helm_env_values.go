package kubernetes

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/internal/lazyre"
)

// Per-environment values files of a chart (values-prod.yaml,
// values.staging.yaml, values/prod.yaml, prod.values.yaml) override its
// values.yaml for that environment: a workload's replicas are read in each,
// so a chart that runs one replica by default and three in production is
// seen as it runs in production (deploy.high-availability).

var envValuesRe = lazyre.New(`^(?:values[-.]([\w-]+)\.ya?ml|([\w-]+)\.values\.ya?ml)$`)

// chartEnvValues maps each environment that has a values file in the
// chart holding p to values.yaml with that file laid over it.
func (k *k8sScan) chartEnvValues(p string) map[string]*yaml.Node {
	dir, ok := k.chartDir(p)
	if !ok {
		return nil
	}
	base := k.chartValues(p)
	out := map[string]*yaml.Node{}
	for _, f := range k.t.Files {
		rel, ok := strings.CutPrefix(f, dir+"/")
		if dir == "." {
			rel, ok = f, true
		}
		if !ok {
			continue
		}
		env := ""
		if m := envValuesRe.FindStringSubmatch(rel); m != nil {
			env = m[1] + m[2]
		} else if d, name := path.Split(rel); d == "values/" && (strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			env = strings.TrimSuffix(strings.TrimSuffix(name, ".yaml"), ".yml")
		}
		if env == "" {
			continue
		}
		data, ok := k.t.ReadText(f)
		if !ok {
			continue
		}
		docs, _ := yamlnode.ParseYAMLDocs(data)
		if len(docs) == 0 || docs[0].Root == nil {
			continue
		}
		out[env] = mergeValues(base, docs[0].Root)
	}
	return out
}

// mergeValues is base with over laid on top, as Helm merges values files:
// mappings key by key, anything else replaced.
func mergeValues(base, over *yaml.Node) *yaml.Node {
	base, over = yamlnode.YamlResolve(base), yamlnode.YamlResolve(over)
	if base == nil || base.Kind != yaml.MappingNode || over == nil || over.Kind != yaml.MappingNode {
		return over
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Line: over.Line}
	seen := map[string]bool{}
	for _, kv := range yamlnode.YamlPairs(base) {
		v := kv.Value
		if o := yamlnode.YamlGet(over, kv.Key); o != nil {
			v = mergeValues(v, o)
		}
		seen[kv.Key] = true
		out.Content = append(out.Content, kv.KeyNode, v)
	}
	for _, kv := range yamlnode.YamlPairs(over) {
		if !seen[kv.Key] {
			out.Content = append(out.Content, kv.KeyNode, kv.Value)
		}
	}
	return out
}

// envReplicas reads a workload's replicas in each environment's values.
func envReplicas(v *yaml.Node, tpl *helmTemplate) map[string]int64 {
	if tpl == nil || len(tpl.envValues) == 0 {
		return nil
	}
	var out map[string]int64
	for env, values := range tpl.envValues {
		alt := *tpl
		alt.values = values
		r, templated := alt.valueOf(v)
		if templated {
			continue
		}
		if n := yamlnode.YamlInt(r); n != nil {
			if out == nil {
				out = map[string]int64{}
			}
			out[env] = *n
		}
	}
	return out
}
