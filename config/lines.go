package config

import "go.yaml.in/yaml/v3"

// Line is the line of the value at keys (mapping keys from the top of the
// file, such as "config", "runtimes", "go"), or of the deepest of them
// that exists; 0 without a file.
func (c *Config) Line(keys ...string) int {
	if c.root == nil || len(c.root.Content) == 0 {
		return 0
	}
	n, line := c.root.Content[0], 0
	for _, k := range keys {
		if n.Kind != yaml.MappingNode {
			return line
		}
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				line, n, found = n.Content[i].Line, n.Content[i+1], true
				break
			}
		}
		if !found {
			return line
		}
	}
	return line
}
