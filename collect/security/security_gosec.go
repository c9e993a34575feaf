package security

import (
	"strings"

	"github.com/scoredev/score/collect/internal/yamlnode"
	"go.yaml.in/yaml/v3"
)

// golangciGosec reports the line where a golangci-lint configuration
// (.golangci.yml, .yaml or .json) turns the gosec linter on: listed under
// linters.enable, or every linter enabled (v1 enable-all: true, v2
// default: all) without gosec under linters.disable. 0 when it does not.
func golangciGosec(data []byte) int {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		return 0
	}
	linters := yamlnode.YamlGet(doc.Content[0], "linters")
	if !yamlnode.YamlIsMap(linters) {
		return 0
	}
	names := func(key string) map[string]int {
		out := map[string]int{}
		for _, it := range yamlnode.YamlOneOrMany(yamlnode.YamlGet(linters, key)) {
			if s := strings.ToLower(yamlnode.YamlStr(it)); s != "" {
				out[s] = it.Line
			}
		}
		return out
	}
	disabled := names("disable")
	if _, off := disabled["gosec"]; off {
		return 0
	}
	if line, on := names("enable")["gosec"]; on {
		return line
	}
	if k, v := yamlnode.YamlGetPair(linters, "enable-all"); k != nil && yamlnode.YamlStr(v) == "true" {
		return k.Line
	}
	if k, v := yamlnode.YamlGetPair(linters, "default"); k != nil && yamlnode.YamlStr(v) == "all" {
		return k.Line
	}
	return 0
}
