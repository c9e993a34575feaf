package inputfiles

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// parseDockerfile is the array of a Dockerfile's instructions:
// {"cmd": "from", "args": ["golang:1.26", "AS", "build"], "flags":
// ["--platform=$BUILDPLATFORM"], "line": 1}, cmd lower-cased, in order.
func parseDockerfile(data []byte) (out any, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("malformed Dockerfile: parser panic: %v", r)
		}
	}()
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("malformed Dockerfile: %v", err)
	}
	if res == nil || res.AST == nil {
		return nil, errors.New("malformed Dockerfile: no instructions")
	}
	list := make([]any, 0, len(res.AST.Children))
	for _, n := range res.AST.Children {
		args := []any{}
		for a := n.Next; a != nil; a = a.Next {
			args = append(args, a.Value)
		}
		flags := make([]any, 0, len(n.Flags))
		for _, f := range n.Flags {
			flags = append(flags, f)
		}
		list = append(list, map[string]any{
			"cmd":   strings.ToLower(n.Value),
			"args":  args,
			"flags": flags,
			"line":  json.Number(strconv.Itoa(n.StartLine)),
		})
	}
	return list, nil
}
