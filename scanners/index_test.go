package scanners

import (
	"reflect"
	"slices"
	"testing"
)

func TestCommandWords(t *testing.T) {
	t.Parallel()
	c := func(run string, line int) Command { return Command{Run: run, Path: ".gitlab-ci.yml", Line: line} }
	jobs := []CIJob{
		{Commands: []Command{c("./mvnw.cmd -B verify", 3), c("python3.11 -m pytest", 4)}, Reached: []Command{c("go run golang.org/x/vuln/cmd/govulncheck@latest ./...", 9)}},
		{Commands: []Command{c("python3.11 -m pytest", 4), c(`sh -c "npx jest"`, 7)}},
	}
	idx := CommandWords(jobs)
	tests := []struct {
		word string
		want []Command
	}{
		{"mvnw", []Command{c("./mvnw.cmd -B verify", 3)}},
		{"mvnw.cmd", []Command{c("./mvnw.cmd -B verify", 3)}},
		{"python", []Command{c("python3.11 -m pytest", 4)}}, // listed once though two jobs run it
		{"python3.11", []Command{c("python3.11 -m pytest", 4)}},
		{"pytest", []Command{c("python3.11 -m pytest", 4)}},
		{"govulncheck", []Command{c("go run golang.org/x/vuln/cmd/govulncheck@latest ./...", 9)}},
		{"jest", []Command{c(`sh -c "npx jest"`, 7)}},
		{"go", []Command{c("go run golang.org/x/vuln/cmd/govulncheck@latest ./...", 9)}},
		{"mvn", nil},
		{"-B", []Command{c("./mvnw.cmd -B verify", 3)}},
	}
	for _, tt := range tests {
		if got := idx[tt.word]; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: got %v, want %v", tt.word, got, tt.want)
		}
	}
	for w := range idx {
		if w == "" || slices.ContainsFunc([]rune(commandDelims), func(r rune) bool { return slices.Contains([]rune(w), r) }) {
			t.Errorf("word %q is empty or holds a delimiter", w)
		}
	}
	if got := CommandWords(nil); got == nil || len(got) != 0 {
		t.Errorf("no jobs: %v, want an empty map", got)
	}
}
