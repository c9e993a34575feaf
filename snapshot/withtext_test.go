package snapshot

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// TestWithTextReadsLikeRead: WithText gives what Read gives, file after
// file through its reused buffer (a short file after a long one shows
// nothing of it), and Read's errors without calling fn.
func TestWithTextReadsLikeRead(t *testing.T) {
	long := strings.Repeat("secret=abc\n", 2000)
	tree, err := NewTree(fstest.MapFS{
		"long.txt":   {Data: []byte(long)},
		"short.txt":  {Data: []byte("x")},
		"bom.txt":    {Data: []byte("\xef\xbb\xbfname")},
		"latin1.txt": {Data: []byte("caf\xe9\n")},
		"bin.dat":    {Data: []byte("\x00\x01\x02binary")},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"long.txt", "short.txt", "bom.txt", "latin1.txt", "long.txt", "short.txt"} {
		want, err := tree.Read(p)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		if err := tree.WithText(p, func(data []byte) { got = string(data) }); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if got != string(want) {
			t.Errorf("%s: WithText read %q, Read %q", p, got[:min(len(got), 40)], want[:min(len(want), 40)])
		}
	}
	called := false
	err = tree.WithText("bin.dat", func([]byte) { called = true })
	if !errors.Is(err, ErrBinary) || called {
		t.Errorf("binary file: %v (fn called: %v), want ErrBinary and no call", err, called)
	}
	if err := tree.WithText("missing.txt", func([]byte) { called = true }); err == nil || called {
		t.Errorf("missing file: %v (fn called: %v)", err, called)
	}
}
