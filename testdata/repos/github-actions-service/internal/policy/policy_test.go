package policy

import "testing"

func TestAllowed(t *testing.T) {
	t.Parallel()
	rules := &Rules{rules: Default}
	tests := []struct {
		name     string
		roles    []string
		action   string
		resource string
		want     bool
	}{
		{"admin anything", []string{"admin"}, "delete", "users/42", true},
		{"billing reads invoices", []string{"billing"}, "read", "invoices/2024-07", true},
		{"billing cannot delete", []string{"billing"}, "delete", "invoices/2024-07", false},
		{"billing not users", []string{"billing"}, "read", "users/42", false},
		{"no roles", nil, "read", "invoices/1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := rules.Allowed(tt.roles, tt.action, tt.resource); got != tt.want {
				t.Errorf("Allowed(%v, %q, %q) = %v, want %v", tt.roles, tt.action, tt.resource, got, tt.want)
			}
		})
	}
}
