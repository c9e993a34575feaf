package inputfiles

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// parseHCL reads HCL native syntax (Terraform, Nomad, Packer) into plain
// values: an attribute is its value when it is a constant expression, else
// the expression's source text (var.region, a function call: nothing is
// evaluated); a block is an object in the array under its type, with its
// labels as "labels":
//
//	resource "aws_s3_bucket" "logs" { acl = "private" }
//	=> {"resource": [{"labels": ["aws_s3_bucket", "logs"], "acl": "private"}]}
func parseHCL(data []byte) (out any, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("malformed HCL: parser panic: %v", r)
		}
	}()
	f, diags := hclsyntax.ParseConfig(data, "", hcl.InitialPos)
	if diags.HasErrors() {
		d := diags.Errs()[0].(*hcl.Diagnostic)
		line := 0
		if d.Subject != nil {
			line = d.Subject.Start.Line
		}
		return nil, fmt.Errorf("malformed HCL at line %d: %s", line, d.Summary)
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return nil, fmt.Errorf("malformed HCL: not native syntax")
	}
	c := &hclConv{src: data}
	return c.body(body, 0)
}

type hclConv struct {
	src   []byte
	nodes int
}

func (c *hclConv) body(b *hclsyntax.Body, depth int) (map[string]any, error) {
	c.nodes++
	if c.nodes > maxNodes || depth > maxDepth {
		return nil, errTooBig
	}
	out := map[string]any{}
	for name, attr := range b.Attributes {
		out[name] = c.attribute(attr)
	}
	for _, blk := range b.Blocks {
		obj, err := c.body(blk.Body, depth+1)
		if err != nil {
			return nil, err
		}
		if len(blk.Labels) > 0 {
			labels := make([]any, len(blk.Labels))
			for i, l := range blk.Labels {
				labels[i] = l
			}
			obj["labels"] = labels
		}
		list, _ := out[blk.Type].([]any)
		out[blk.Type] = append(list, obj)
	}
	return out, nil
}

// attribute is the constant value of an attribute's expression, or its
// source text when it refers to anything (variables, functions).
func (c *hclConv) attribute(attr *hclsyntax.Attribute) any {
	c.nodes++
	src := string(attr.Expr.Range().SliceBytes(c.src))
	v, diags := attr.Expr.Value(nil)
	if diags.HasErrors() || !v.IsWhollyKnown() {
		return src
	}
	b, err := ctyjson.SimpleJSONValue{Value: v}.MarshalJSON()
	if err != nil {
		return src
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return src
	}
	return out
}
