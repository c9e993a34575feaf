package engine

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
)

type convInner struct {
	Name  string            `json:"name"`
	Tags  map[string]string `json:"tags"`
	Skip  string            `json:"-"`
	Empty []string          `json:"empty,omitempty"`
	Zero  int               `json:"zero,omitzero"`
	Ratio float64           `json:"ratio"`
}

type convOuter struct {
	B       bool        `json:"b"`
	N       int         `json:"n"`
	U       uint8       `json:"u"`
	S       string      `json:"s"`
	Nil     []string    `json:"nil"`
	Items   []convInner `json:"items"`
	Ptr     *convInner  `json:"ptr,omitempty"`
	NilPtr  *convInner  `json:"nil_ptr"`
	Any     any         `json:"any"`
	When    time.Time   `json:"when"`
	Bytes   []byte      `json:"bytes"`
	NoTag   string
	Dur     time.Duration `json:"dur"`
	private string
}

type convEmbedded struct {
	convInner
	Extra string `json:"extra"`
}

func TestToValueMatchesInterfaceToValue(t *testing.T) {
	t.Parallel()
	inner := convInner{Name: "bad \xff utf-8 \xe2\x82", Tags: map[string]string{"z": "1", "a": "2", "\xfe": "k"}, Skip: "x", Ratio: 0.1}
	tests := map[string]any{
		"nil":      nil,
		"string":   "x",
		"struct":   convOuter{B: true, N: -3, U: 7, S: "<&>", Items: []convInner{inner, {}}, Ptr: &inner, Any: map[string]any{"k": []any{1.5, json.Number("12"), nil, "v"}}, When: time.Unix(1700000000, 0).UTC(), Bytes: []byte("hi"), NoTag: "t", Dur: time.Second, private: "p"},
		"zero":     convOuter{},
		"embedded": convEmbedded{convInner: inner, Extra: "e"},
		"map":      map[string]any{"b": 1, "a": map[string]int{"y": 2, "x": 1}},
		"pointer":  &inner,
		"facts":    facts(t, nil),
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want, err := ast.InterfaceToValue(in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ToValue(in)
			if err != nil {
				t.Fatal(err)
			}
			if ast.Compare(got, want) != 0 || got.String() != want.String() {
				t.Errorf("toValue:\n%s\nInterfaceToValue:\n%s", got, want)
			}
		})
	}
}
