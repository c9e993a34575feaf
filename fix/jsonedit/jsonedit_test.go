package jsonedit

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestAddToArray(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"append multi-line", "{\n  \"extends\": [\n    \"config:base\"\n  ],\n  \"labels\": [\"deps\"]\n}\n",
			"{\n  \"extends\": [\n    \"config:base\",\n    \"config:recommended\"\n  ],\n  \"labels\": [\"deps\"]\n}\n"},
		{"append one-line", `{"extends": ["config:base"]}`, `{"extends": ["config:base", "config:recommended"]}`},
		{"empty array", `{"extends": []}`, `{"extends": ["config:recommended"]}`},
		{"missing key, 4 spaces, CRLF", "{\r\n    \"timezone\": \"Europe/Paris\"\r\n}\r\n",
			"{\r\n    \"timezone\": \"Europe/Paris\",\r\n    \"extends\": [\"config:recommended\"]\r\n}\r\n"},
		{"missing key after nested", "{\n\t\"packageRules\": [{\"matchPackageNames\": [\"x\"], \"enabled\": false}]\n}\n",
			"{\n\t\"packageRules\": [{\"matchPackageNames\": [\"x\"], \"enabled\": false}],\n\t\"extends\": [\"config:recommended\"]\n}\n"},
		{"empty object", "{}\n", "{\"extends\": [\"config:recommended\"]}\n"},
		{"already there", `{"extends": ["config:recommended"]}`, `{"extends": ["config:recommended"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := AddToArray("renovate.json", []byte(tt.in), "extends", "config:recommended")
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
			if !json.Valid(got) {
				t.Error("result is not valid JSON")
			}
		})
	}
	for _, bad := range []struct{ in, want string }{
		{"{\n  \"extends\": [\n}", "renovate.json:3:"},
		{`{"extends": "config:base"}`, "extends is not an array"},
		{`[1]`, "not an object"},
	} {
		if _, err := AddToArray("renovate.json", []byte(bad.in), "extends", "x"); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%q: error %v, want %q", bad.in, err, bad.want)
		}
	}
}

func FuzzAddToArray(f *testing.F) {
	f.Add([]byte(`{"extends": ["a"], "b": {"c": [1, "]"]}}`))
	f.Add([]byte("{\n  \"x\": true\n}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := AddToArray("r.json", data, "extends", "config:recommended")
		if err != nil {
			return
		}
		if !json.Valid(out) {
			t.Fatalf("invalid JSON out of %q: %q", data, out)
		}
	})
}
