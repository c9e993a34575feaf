package scanners

import (
	"bytes"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadUpTo(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 5000)
	tests := []struct {
		name    string
		content string
		size    int64
		limit   int64
		want    string
	}{
		{"size known", "hello", 5, 100, "hello"},
		{"size unknown", long, -1, 10000, long},
		{"size too small", long, 10, 10000, long},
		{"size too large", "hi", 4000, 10000, "hi"},
		{"empty", "", 0, 100, ""},
		{"cut at the limit", long, 5000, 101, long[:101]},
		{"cut at the limit, size unknown", long, -1, 101, long[:101]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := readUpTo(iotest.HalfReader(strings.NewReader(tt.content)), tt.size, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, []byte(tt.want)) {
				t.Errorf("read %d bytes, want %d", len(got), len(tt.want))
			}
		})
	}
}
