package facts

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// -update rewrites docs/facts.schema.json. The flag is registered in init,
// after every package-level variable, so that a golden-file test elsewhere in
// this package can declare `var update = flag.Bool("update", ...)` too: both
// then read the same flag.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// The generator's output is kept twice: published in docs/ and embedded
// beside the generator (FactsSchema).
var schemaGoldens = []string{"../docs/facts.schema.json", "schema.json"}

func TestFactsSchemaUpToDate(t *testing.T) {
	got, err := generateSchema()
	if err != nil {
		t.Fatal(err)
	}
	for _, golden := range schemaGoldens {
		if updating() {
			if err := os.WriteFile(filepath.FromSlash(golden), got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(filepath.FromSlash(golden))
		if err != nil {
			t.Fatalf("%v (run go test ./facts -run TestFactsSchemaUpToDate -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go test ./facts -run TestFactsSchemaUpToDate -update", golden)
		}
	}
	if embedded, _ := FactsSchema(); !bytes.Equal(got, embedded) && !updating() {
		t.Errorf("the embedded schema is stale: run go test ./facts -run TestFactsSchemaUpToDate -update and rebuild")
	}
}

func TestFactsSchemaShape(t *testing.T) {
	t.Parallel()
	raw, err := generateSchema()
	if err != nil {
		t.Fatal(err)
	}
	again, err := generateSchema()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, again) {
		t.Fatal("FactsSchema is not deterministic")
	}
	var s map[string]any
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	defs := s["definitions"].(map[string]any)
	get := func(v any, path ...string) any {
		for _, p := range path {
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[p]
		}
		return v
	}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"root is a closed object", s["additionalProperties"], false},
		{"schema_version is constant", get(s, "properties", "schema_version", "const"), SchemaVersion},
		{"struct field is a ref", get(s, "properties", "containers", "$ref"), "#/definitions/ContainerFacts"},
		{"struct is closed", get(defs, "Dockerfile", "additionalProperties"), false},
		{"slice is an array", get(defs, "ContainerFacts", "properties", "dockerfiles", "type"), "array"},
		{"slice items", get(defs, "ContainerFacts", "properties", "dockerfiles", "items", "$ref"), "#/definitions/Dockerfile"},
		{"int is integer", get(defs, "Stage", "properties", "line", "type"), "integer"},
		{"bool is boolean", get(defs, "FromImage", "properties", "scratch", "type"), "boolean"},
		{"nested struct is a ref", get(defs, "Stage", "properties", "from", "$ref"), "#/definitions/FromImage"},
		{"map of strings", get(defs, "Uses", "properties", "with", "additionalProperties", "type"), "string"},
		{"omitempty pointer is optional, not null", get(defs, "Dockerfile", "properties", "final_stage", "$ref"), "#/definitions/Stage"},
		{"pointer to bool", get(defs, "Workload", "properties", "run_as_non_root", "type"), "boolean"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}

	required := map[string]bool{}
	for _, r := range get(defs, "Dockerfile", "required").([]any) {
		required[r.(string)] = true
	}
	if !required["path"] || !required["stages"] || required["final_stage"] {
		t.Errorf("Dockerfile required = %v, want path and stages but not final_stage", required)
	}
}
