package scanners

import (
	"cmp"
	"slices"
	"strings"
)

// commandDelims end a command word: the characters that may stand before a
// program name (start of a shell word, an operator, a quote, a path
// separator, an assignment) or after it (a version as in `tool@v1`).
// policies/lib/commands.rego matches a tool as a whole word between the
// same characters.
const commandDelims = " \t\r\n\v\f;&|()/\"'=@"

// commandExts are the suffixes of launchers and scripts that name the same
// tool: mvnw.cmd is mvnw, gradlew.bat is gradlew.
var commandExts = []string{".exe", ".cmd", ".bat", ".sh", ".ps1"}

// CommandWords indexes the command lines of jobs (their commands and
// reached lines; a line with the same text, path and line number is listed
// once) by every word on them, so that policies find the lines that may run
// a tool by looking its program name up. A word is a run of characters
// between commandDelims; a line is also listed under each word without a
// launcher extension (mvnw.cmd -> mvnw) and without a trailing version
// (python3.11 -> python, pip3 -> pip). Each word's lines are sorted by
// path, line and text.
func CommandWords(jobs []CIJob) map[string][]Command {
	index := map[string][]Command{}
	seen := map[Command]bool{}
	add := func(c Command) {
		if seen[c] {
			return
		}
		seen[c] = true
		var words []string
		for _, w := range strings.FieldsFunc(c.Run, func(r rune) bool { return strings.ContainsRune(commandDelims, r) }) {
			words = append(words, w)
			for _, ext := range commandExts {
				if base, ok := strings.CutSuffix(w, ext); ok && base != "" {
					words = append(words, base)
					w = base
					break
				}
			}
			if base := strings.TrimRight(w, "0123456789."); base != "" && base != w {
				words = append(words, base)
			}
		}
		slices.Sort(words)
		for _, w := range slices.Compact(words) {
			index[w] = append(index[w], c)
		}
	}
	for _, j := range jobs {
		for _, c := range j.Commands {
			add(c)
		}
		for _, c := range j.Reached {
			add(c)
		}
	}
	for _, lines := range index {
		slices.SortStableFunc(lines, func(a, b Command) int {
			return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Run, b.Run))
		})
	}
	return index
}
