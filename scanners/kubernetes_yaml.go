package scanners

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// k8sDoc is one YAML document of a file, parsed, with the line it starts on.
type k8sDoc struct {
	root *yaml.Node // the document's content node (nil when empty)
	// offset is added to node lines to get file lines.
	offset int
}

// k8sDocError is a document that did not parse, with its file line.
type k8sDocError struct {
	line int
	msg  string
}

var (
	yamlDocSepRe  = regexp.MustCompile(`^(---|\.\.\.)(\s.*)?$`)
	yamlErrLineRe = regexp.MustCompile(`line (\d+):?\s*`)
)

// splitK8sDocs cuts a multi-document YAML stream at "---" / "..." lines
// and parses each document on its own, so that one malformed document does
// not hide the ones after it. Lines are kept: a document starting on line
// L has offset L-1.
func splitK8sDocs(data []byte) (docs []k8sDoc, errs []k8sDocError) {
	lines := strings.Split(string(data), "\n")
	start := 0
	parse := func(from, to int) {
		if from >= to {
			return
		}
		text := strings.Join(lines[from:to], "\n")
		if strings.TrimSpace(text) == "" {
			return
		}
		var n yaml.Node
		if err := k8sUnmarshal([]byte(text), &n); err != nil {
			line := from + 1
			msg := err.Error()
			if m := yamlErrLineRe.FindStringSubmatch(msg); m != nil {
				if l, err := strconv.Atoi(m[1]); err == nil && l >= 1 && from+l <= to {
					line = from + l
				}
				msg = strings.Replace(msg, m[0], "", 1)
			}
			msg = strings.TrimPrefix(msg, "yaml: ")
			errs = append(errs, k8sDocError{line: line, msg: msg})
			return
		}
		if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
			docs = append(docs, k8sDoc{root: n.Content[0], offset: from})
		}
	}
	for i, l := range lines {
		if yamlDocSepRe.MatchString(strings.TrimRight(l, "\r")) {
			parse(start, i)
			// A document may start on the separator line ("--- !tag" is
			// rare); its text after the marker is kept in place.
			lines[i] = "   " + l[3:]
			start = i
		}
	}
	parse(start, len(lines))
	return docs, errs
}

// k8sUnmarshal parses YAML into a node, turning a parser panic into an error.
func k8sUnmarshal(data []byte, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml parser: %v", r)
		}
	}()
	return yaml.Unmarshal(data, n)
}

// maxK8sAliasHops bounds alias and merge-key resolution.
const maxK8sAliasHops = 8

// k8sResolve follows aliases.
func k8sResolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxK8sAliasHops; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// k8sGet returns the value of key in a mapping (following aliases and
// << merge keys), or nil.
func k8sGet(n *yaml.Node, key string) *yaml.Node {
	budget := maxK8sMergeVisits
	return k8sGetIn(n, key, 0, &budget)
}

// maxK8sMergeVisits bounds the mappings one lookup visits through merge
// keys, so that merges of merges cannot blow up.
const maxK8sMergeVisits = 64

func k8sGetIn(n *yaml.Node, key string, depth int, budget *int) *yaml.Node {
	n = k8sResolve(n)
	if n == nil || n.Kind != yaml.MappingNode || depth > maxK8sAliasHops || *budget <= 0 {
		return nil
	}
	*budget--
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Value == key {
			return k8sResolve(v)
		}
		if k.Kind == yaml.ScalarNode && k.Value == "<<" {
			merges = append(merges, v)
		}
	}
	for _, m := range merges {
		m = k8sResolve(m)
		if m == nil {
			continue
		}
		srcs := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			srcs = m.Content
		}
		for _, src := range srcs {
			if v := k8sGetIn(src, key, depth+1, budget); v != nil {
				return v
			}
		}
	}
	return nil
}

// k8sPath follows keys through mappings.
func k8sPath(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		n = k8sGet(n, k)
	}
	return n
}

// k8sStr is a scalar's value, "" for anything else.
func k8sStr(n *yaml.Node) string {
	n = k8sResolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// k8sItems is a sequence's items, nil for anything else.
func k8sItems(n *yaml.Node) []*yaml.Node {
	n = k8sResolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, it := range n.Content {
		if it = k8sResolve(it); it != nil {
			out = append(out, it)
		}
	}
	return out
}

// k8sPresent reports whether a value is there and not null.
func k8sPresent(n *yaml.Node) bool {
	n = k8sResolve(n)
	if n == nil {
		return false
	}
	if n.Kind == yaml.ScalarNode {
		return !(n.Tag == "!!null" || (n.Style == 0 && (n.Value == "" || n.Value == "~" || n.Value == "null")))
	}
	return true
}

// k8sBool reads a boolean scalar; nil when absent or not a boolean
// (a templated value, say).
func k8sBool(n *yaml.Node) *bool {
	switch strings.ToLower(k8sStr(n)) {
	case "true":
		b := true
		return &b
	case "false":
		b := false
		return &b
	}
	return nil
}

// k8sInt reads an integer scalar; nil when absent or not an integer.
func k8sInt(n *yaml.Node) *int64 {
	s := k8sStr(n)
	if s == "" {
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil
	}
	return &v
}
