package engine

import (
	"encoding/json"
	"fmt"
	"strings"
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

// flag and code marshal themselves: their values must not become OPA's
// interned boolean and number terms.
type flag bool

func (f flag) MarshalJSON() ([]byte, error) { return json.Marshal(map[string]bool{"on": bool(f)}) }

type code int

func (c code) MarshalText() ([]byte, error) { return []byte("c" + string(rune('0'+int(c)))), nil }

type convScalars struct {
	Flags  []flag          `json:"flags"`
	Codes  map[string]code `json:"codes"`
	Bools  []bool          `json:"bools"`
	Ints   []int64         `json:"ints"`
	Empty  []string        `json:"empty"`
	Nested [][]int         `json:"nested"`
	Null   *int            `json:"null"`
	Big    int             `json:"big"`
}

// convFlat is a flat struct: one converted value serves its copies.
type convFlat struct {
	Run  string `json:"run"`
	Path string `json:"path"`
	Line int    `json:"line"`
	On   bool   `json:"on"`
}

// flatValues are copies of one value beside values that share its
// strings' bytes in part (a shorter piece of one buffer) or that are
// equal but elsewhere in memory, and that differ in a number or a flag.
func flatValues() []convFlat {
	buf := strings.Repeat("go test ./...", 2)
	a := convFlat{Run: buf[:7], Path: ".gitlab-ci.yml", Line: 3}
	return []convFlat{
		a, a,
		{Run: buf[:13], Path: a.Path, Line: 3},
		{Run: strings.Clone(a.Run), Path: a.Path, Line: 3},
		{Run: a.Run, Path: a.Path, Line: 4},
		{Run: a.Run, Path: a.Path, Line: -3},
		{Run: a.Run, Path: a.Path, Line: 3, On: true},
		{Run: buf[13:20], Path: a.Path, Line: 3},
		a,
	}
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
		"scalars": convScalars{Flags: []flag{true, false}, Codes: map[string]code{"a": 1}, Bools: []bool{true, false},
			Ints: []int64{-2, -1, 0, 512, 513}, Empty: []string{}, Nested: [][]int{{}, {1}}, Big: 1 << 40},
		"facts": facts(t, nil),
		"flat":  map[string][]convFlat{"a": flatValues(), "b": flatValues()},
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

// convTree reaches itself through a pointer, a slice and a map.
type convTree struct {
	Name     string               `json:"name"`
	Parent   *convTree            `json:"parent"`
	Children []convTree           `json:"children"`
	ByName   map[string]*convTree `json:"by_name,omitempty"`
	Codes    map[int]string       `json:"codes,omitempty"`
}

// A type that reaches itself converts as InterfaceToValue does, also when
// its first conversions run at once (its conversion plan is made once and
// published whole).
func TestToValueRecursiveTypes(t *testing.T) {
	t.Parallel()
	leaf := convTree{Name: "leaf", Codes: map[int]string{2: "b", 1: "a"}}
	root := convTree{Name: "root", Children: []convTree{leaf, {Name: "empty", Children: []convTree{}}}}
	root.ByName = map[string]*convTree{"leaf": &leaf}
	leaf.Parent = &convTree{Name: "up"}
	root.Children[0] = leaf
	want, err := ast.InterfaceToValue(root)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			got, err := ToValue(root)
			if err == nil && ast.Compare(got, want) != 0 {
				err = fmt.Errorf("toValue:\n%s\nInterfaceToValue:\n%s", got, want)
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// A value json cannot encode is an error, never a panic.
func TestToValueUnsupported(t *testing.T) {
	t.Parallel()
	for name, in := range map[string]any{
		"chan":    struct{ C chan int }{C: make(chan int)},
		"func":    map[string]any{"f": func() {}},
		"complex": []complex64{1},
	} {
		if _, err := ToValue(in); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// A converted struct's keys are the terms a plan's constants of the same
// names are (so that a lookup finds its key by identity); a constant that
// cannot be a key of the facts gets a term of its own.
func TestKeyTermsShared(t *testing.T) {
	t.Parallel()
	v, err := ToValue(convFlat{Run: "go test", Path: "a", Line: 1})
	if err != nil {
		t.Fatal(err)
	}
	obj := v.(ast.Object)
	for _, k := range obj.Keys() {
		name := string(k.Value.(ast.String))
		if c := keyTermOf(name); c != k {
			t.Errorf("key %q: the plan's constant is another term", name)
		}
	}
	for _, s := range []string{"", "Go Test", "no metrics library among the direct runtime dependencies", "a\nb"} {
		keyTermOf(s)
		if _, ok := keyTerms.Load(s); ok {
			t.Errorf("constant %q shared, want a term of its own", s)
		}
		if !keyTermOf(s).Equal(ast.StringTerm(s)) {
			t.Errorf("constant %q: wrong value", s)
		}
	}
}
