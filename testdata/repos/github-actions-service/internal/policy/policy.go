// Package policy evaluates role-based access rules.
package policy

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
)

// Rule grants Role the Actions on resources matching Resource (a path.Match
// glob such as "invoices/*").
type Rule struct {
	Role     string   `json:"role"`
	Resource string   `json:"resource"`
	Actions  []string `json:"actions"`
}

// Rules is a loaded rule set.
type Rules struct{ rules []Rule }

// Default is used when no rules file is configured.
var Default = []Rule{
	{Role: "admin", Resource: "*", Actions: []string{"*"}},
	{Role: "billing", Resource: "invoices/*", Actions: []string{"read", "create"}},
}

// Load reads rules from a JSON file, or returns the defaults when file is "".
func Load(file string) (*Rules, error) {
	if file == "" {
		return &Rules{rules: Default}, nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read rules: %w", err)
	}
	var rs []Rule
	if err := json.Unmarshal(data, &rs); err != nil {
		return nil, fmt.Errorf("parse %s: %w", file, err)
	}
	for i, r := range rs {
		if _, err := path.Match(r.Resource, ""); err != nil {
			return nil, fmt.Errorf("%s: rule %d: bad resource pattern %q: %w", file, i, r.Resource, err)
		}
	}
	return &Rules{rules: rs}, nil
}

// Len is the number of rules.
func (r *Rules) Len() int { return len(r.rules) }

// Allowed reports whether any of roles may perform action on resource.
func (r *Rules) Allowed(roles []string, action, resource string) bool {
	for _, rule := range r.rules {
		if !contains(roles, rule.Role) {
			continue
		}
		if ok, _ := path.Match(rule.Resource, resource); !ok {
			continue
		}
		if contains(rule.Actions, "*") || contains(rule.Actions, action) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
