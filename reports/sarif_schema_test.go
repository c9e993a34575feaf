package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/scoredev/score/scorecard"
)

// TestSARIFValidatesAgainstSchema validates the SARIF output against the
// official SARIF 2.1.0 JSON schema with OPA's JSON-schema validator. The
// schema is not vendored here: .ci/run fetches it from the npm registry (it
// ships in @microsoft/jest-sarif) and points SARIF_SCHEMA at it.
func TestSARIFValidatesAgainstSchema(t *testing.T) {
	path := os.Getenv("SARIF_SCHEMA")
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("SARIF_SCHEMA is not set in CI; .ci/run should fetch the SARIF 2.1.0 schema")
		}
		t.Skip("SARIF_SCHEMA is not set; run .ci/run, or point it at sarif-2.1.0-rtm.5.json")
	}
	schema, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var schemaDoc any
	if err := json.Unmarshal(schema, &schemaDoc); err != nil {
		t.Fatal(err)
	}
	for name, scan := range map[string]func() *scorecard.Scan{"org": orgScan, "repo": repoScan, "evidence": evidenceScan} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := renderSARIF(&buf, scan(), Options{}); err != nil {
				t.Fatal(err)
			}
			var doc any
			if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			rs, err := rego.New(
				rego.Query("x := json.match_schema(input.doc, input.schema)"),
				rego.Input(map[string]any{"doc": doc, "schema": schemaDoc}),
			).Eval(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			res := rs[0].Bindings["x"].([]any)
			if ok := res[0].(bool); !ok {
				t.Fatalf("SARIF output does not validate against the 2.1.0 schema: %v", res[1])
			}
			// A document known to be invalid must fail, so the test can fail.
			delete(doc.(map[string]any), "version")
			rs, err = rego.New(
				rego.Query("x := json.match_schema(input.doc, input.schema)"),
				rego.Input(map[string]any{"doc": doc, "schema": schemaDoc}),
			).Eval(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if rs[0].Bindings["x"].([]any)[0].(bool) {
				t.Fatal("a SARIF log without version validated; the validator is not working")
			}
		})
	}
}
