package kubernetes

import (
	"path"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/internal/lazyre"
)

// A Helm chart usually keeps its security settings in values.yaml and
// pastes them into the pod spec:
//
//	securityContext:
//	  {{- toYaml .Values.podSecurityContext | nindent 8 }}
//
// Without rendering, that securityContext is only a placeholder, and a
// chart that sets runAsNonRoot in its values would read as one that does
// not. The template is still not rendered: an action whose value is one
// path into .Values (directly, through the dot of an enclosing
// {{ with .Values.x }}, or as the one values map handed to a helper) is
// looked up in the chart's own values.yaml, which is what `helm install`
// uses when nobody overrides it. What cannot be looked up is reported as
// templated, so that a policy does not judge a setting it cannot see.

// helmOpenDot is what "." stands for inside the body an if/with/range
// action opens, given what it stood for outside (outer).
func helmOpenDot(raw, outer string) string {
	body := helmActionBody(raw)
	word, arg, _ := strings.Cut(body, " ")
	arg = strings.TrimSpace(arg)
	switch word {
	case "if":
		return outer
	case "with":
		if p, ok := helmValuesPath(arg, outer); ok {
			return ".Values" + p
		}
	}
	return "?"
}

// helmActionBody is an action without its delimiters, trim markers and
// surrounding space.
func helmActionBody(raw string) string {
	body := strings.TrimSuffix(strings.TrimPrefix(raw, "{{"), "}}")
	body = strings.TrimSpace(body)
	body = strings.TrimPrefix(body, "-")
	body = strings.TrimSuffix(body, "-")
	return strings.TrimSpace(body)
}

var helmValuesRefRe = lazyre.New(`^\$?\.Values((?:\.[A-Za-z_][\w-]*)*)$`)

var helmFieldRe = lazyre.New(`^((?:\.[A-Za-z_][\w-]*)*)$`)

// helmValuesPath turns an expression into a path under .Values
// (".securityContext", "" for .Values itself) when it is one: .Values.x,
// $.Values.x, or, where dot is a values path, "." and ".x".
func helmValuesPath(expr, dot string) (string, bool) {
	expr = strings.TrimSpace(expr)
	if m := helmValuesRefRe.FindStringSubmatch(expr); m != nil {
		return m[1], true
	}
	if !strings.HasPrefix(dot, ".Values") {
		return "", false
	}
	if expr == "." {
		return strings.TrimPrefix(dot, ".Values"), true
	}
	if m := helmFieldRe.FindStringSubmatch(expr); m != nil && expr != "" {
		return strings.TrimPrefix(dot, ".Values") + m[1], true
	}
	return "", false
}

// helmValuesAnywhereRe finds .Values paths inside a larger action.
var helmValuesAnywhereRe = lazyre.New(`\$?\.Values((?:\.[A-Za-z_][\w-]*)+)`)

// helmPassThrough are pipeline stages that do not change what a value
// means: formatting and indentation.
var helmPassThrough = map[string]bool{
	"toYaml": true, "toJson": true, "toPrettyJson": true, "toRawJson": true,
	"nindent": true, "indent": true, "quote": true, "squote": true, "trim": true,
	"int": true, "int64": true, "toString": true,
}

// valueOf returns what a node of a template stands for. A node that is not
// a placeholder is returned as it is. A placeholder whose action resolves
// to a path in values.yaml is replaced by that value (nil when the path is
// absent: it renders as nothing). templated is true when the node is a
// placeholder that cannot be resolved.
func (h *helmTemplate) valueOf(n *yaml.Node) (v *yaml.Node, templated bool) {
	n = yamlnode.YamlResolve(n)
	if h == nil || n == nil || n.Kind != yaml.ScalarNode || !h.isTemplated(n.Value) {
		return n, false
	}
	m := helmPlaceholderRe.FindStringSubmatchIndex(n.Value)
	if m == nil || strings.TrimSpace(n.Value[:m[0]]+n.Value[m[1]:]) != "" {
		return nil, true // text around the action: a string, not a structure
	}
	i, err := strconv.Atoi(n.Value[m[2]:m[3]])
	if err != nil || i < 0 || i >= len(h.actions) || h.values == nil {
		return nil, true
	}
	dot := "?"
	if i < len(h.dots) {
		dot = h.dots[i]
	}
	if p, def, ok := helmPipelineValue(helmActionBody(h.actions[i]), dot); ok {
		v := helmLookup(h.values, p)
		if v == nil && def != "" {
			v = &yaml.Node{Kind: yaml.ScalarNode, Value: def}
		}
		return v, false
	}
	// A helper handed exactly one values map renders that map (Bitnami's
	// common.compatibility.renderSecurityContext and the like); a map
	// switched off with enabled: false renders nothing.
	refs := map[string]bool{}
	for _, r := range helmValuesAnywhereRe.FindAllStringSubmatch(h.actions[i], -1) {
		refs[r[1]] = true
	}
	if len(refs) == 1 {
		for p := range refs {
			if v := helmLookup(h.values, p); v != nil && v.Kind == yaml.MappingNode {
				if b := yamlnode.YamlBool(yamlnode.YamlGet(v, "enabled")); b != nil && !*b {
					return nil, false
				}
				return v, false
			}
		}
	}
	return nil, true
}

// helmPipelineValue reads a pipeline that only formats one values path:
// `toYaml .Values.x | nindent 8`, `.Values.x.uid | default 1000`,
// `toYaml .` inside {{ with .Values.x }}. def is a literal default.
func helmPipelineValue(body, dot string) (p, def string, ok bool) {
	stages := strings.Split(body, "|")
	first := strings.Fields(stages[0])
	switch {
	case len(first) == 1:
	case len(first) == 2 && helmPassThrough[first[0]]:
		first = first[1:]
	default:
		return "", "", false
	}
	p, ok = helmValuesPath(first[0], dot)
	if !ok {
		return "", "", false
	}
	for _, s := range stages[1:] {
		f := strings.Fields(s)
		switch {
		case len(f) == 0:
			return "", "", false
		case f[0] == "default" && len(f) == 2:
			def = strings.Trim(f[1], `"`)
		case helmPassThrough[f[0]]:
		default:
			return "", "", false
		}
	}
	return p, def, true
}

// helmLookup follows a path (".a.b") through values; nil when a key is
// missing or null.
func helmLookup(values *yaml.Node, p string) *yaml.Node {
	n := yamlnode.YamlResolve(values) // a document node is unwrapped too
	for _, k := range strings.Split(strings.TrimPrefix(p, "."), ".") {
		if k == "" {
			continue
		}
		n = yamlnode.YamlGet(n, k)
	}
	if !yamlnode.YamlPresent(n) {
		return nil
	}
	return n
}

// chartValues parses the values.yaml of the chart holding p, once per
// chart; nil when it has none or it does not parse.
func (k *k8sScan) chartValues(p string) *yaml.Node {
	dir, ok := k.chartDir(p)
	if !ok {
		return nil
	}
	if v, ok := k.values[dir]; ok {
		return v
	}
	var out *yaml.Node
	for _, name := range []string{"values.yaml", "values.yml"} {
		p := path.Join(dir, name)
		if !k.t.Has(p) {
			continue
		}
		data, ok := k.t.ReadText(p)
		if !ok {
			continue
		}
		// Only the first document is used, as yaml.Unmarshal would.
		switch docs, err := yamlnode.ParseYAMLDocs(data); {
		case len(docs) > 0 && docs[0].Root != nil:
			out = docs[0].Root
		case err != nil && len(docs) == 0:
		default:
			out = &yaml.Node{Kind: yaml.MappingNode} // empty: nothing set
		}
		break
	}
	k.values[dir] = out
	return out
}

// chartDir is the folder of the nearest chart holding p.
func (k *k8sScan) chartDir(p string) (string, bool) {
	for _, dir := range k.chartDirs {
		if dir == "." || strings.HasPrefix(p, dir+"/") {
			return dir, true
		}
	}
	return "", false
}
