package inputfiles

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/yamlnode"
)

// maxDepth bounds how deeply parsed values nest (and aliases recurse).
const maxDepth = 100

var errTooBig = fmt.Errorf("more than %d values or nested deeper than %d; not read", maxNodes, maxDepth)

// parseYAML is the array of a stream's documents as plain values; an
// empty document is null.
func parseYAML(data []byte) (any, error) {
	docs, err := yamlnode.ParseYAMLDocs(data)
	if err != nil {
		return nil, fmt.Errorf("malformed YAML at line %d: %s", yamlnode.YamlErrorLine(err), yamlnode.YamlErrorText(err))
	}
	c := &yamlConv{}
	out := make([]any, 0, len(docs))
	for _, d := range docs {
		if d.Root == nil {
			out = append(out, nil)
			continue
		}
		v, err := c.value(d.Root, 0)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// yamlConv converts nodes, counting what it produces: aliases are
// expanded, so the count bounds the output, not the input.
type yamlConv struct{ nodes int }

func (c *yamlConv) value(n *yaml.Node, depth int) (any, error) {
	c.nodes++
	if c.nodes > maxNodes || depth > maxDepth {
		return nil, errTooBig
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return c.value(n.Content[0], depth+1)
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, nil
		}
		return c.value(n.Alias, depth+1)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, item := range n.Content {
			v, err := c.value(item, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := map[string]any{}
		if err := c.mapping(n, out, depth); err != nil {
			return nil, err
		}
		return out, nil
	case yaml.ScalarNode:
		return scalar(n), nil
	}
	return nil, nil
}

// mapping fills out with n's pairs; merge keys (<<) fill first, so that
// the mapping's own keys win.
func (c *yamlConv) mapping(n *yaml.Node, out map[string]any, depth int) error {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Tag != "!!merge" {
			continue
		}
		for _, src := range mergeSources(v) {
			if src.Kind == yaml.MappingNode {
				if depth > maxDepth {
					return errTooBig
				}
				if err := c.mapping(src, out, depth+1); err != nil {
					return err
				}
			}
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			continue
		}
		key, err := c.value(k, depth+1)
		if err != nil {
			return err
		}
		val, err := c.value(v, depth+1)
		if err != nil {
			return err
		}
		out[keyString(key)] = val
	}
	return nil
}

func mergeSources(v *yaml.Node) []*yaml.Node {
	if v.Kind == yaml.AliasNode && v.Alias != nil {
		v = v.Alias
	}
	if v.Kind == yaml.SequenceNode {
		var out []*yaml.Node
		for _, item := range v.Content {
			if item.Kind == yaml.AliasNode && item.Alias != nil {
				item = item.Alias
			}
			out = append(out, item)
		}
		return out
	}
	return []*yaml.Node{v}
}

func keyString(k any) string {
	switch k := k.(type) {
	case string:
		return k
	case nil:
		return "null"
	case json.Number:
		return k.String()
	}
	b, err := json.Marshal(k)
	if err != nil {
		return fmt.Sprint(k)
	}
	return string(b)
}

// scalar is a scalar's value as YAML 1.2 core schema resolves it: null,
// booleans, integers and floats as numbers (NaN and infinities, which
// JSON has no numbers for, stay strings), timestamps as written.
func scalar(n *yaml.Node) any {
	var v any
	if err := n.Decode(&v); err != nil {
		return n.Value
	}
	switch v := v.(type) {
	case nil, bool, string:
		return v
	case int:
		return json.Number(strconv.Itoa(v))
	case int64:
		return json.Number(strconv.FormatInt(v, 10))
	case uint64:
		return json.Number(strconv.FormatUint(v, 10))
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return n.Value
		}
		return json.Number(strconv.FormatFloat(v, 'g', -1, 64))
	case time.Time:
		return n.Value
	}
	return n.Value
}
