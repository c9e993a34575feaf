package scanners

import (
	"strings"

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
	linters := yamlGet(doc.Content[0], "linters")
	if !yamlIsMap(linters) {
		return 0
	}
	names := func(key string) map[string]int {
		out := map[string]int{}
		for _, it := range yamlOneOrMany(yamlGet(linters, key)) {
			if s := strings.ToLower(yamlStr(it)); s != "" {
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
	if k, v := yamlGetPair(linters, "enable-all"); k != nil && yamlStr(v) == "true" {
		return k.Line
	}
	if k, v := yamlGetPair(linters, "default"); k != nil && yamlStr(v) == "all" {
		return k.Line
	}
	return 0
}
