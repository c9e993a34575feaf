package textutil

import (
	"bytes"
	"strings"

	"github.com/scoredev/score/facts"
)

// countLines is the number of lines in data as an editor shows them.
func CountLines(data []byte) int {
	if len(data) == 0 {
		return 0
	}
	n := bytes.Count(data, []byte("\n"))
	if data[len(data)-1] != '\n' {
		n++
	}
	return n
}

// clampLine keeps a line reported by a third-party parser inside the file:
// facts must never point past its end.
func ClampLine(line, lines int) int {
	if line < 0 {
		return 0
	}
	if line > lines {
		return lines
	}
	return line
}

// textLines splits a file into lines without their line endings.
func TextLines(data []byte) []string {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// shellLines splits a shell script (a CI script block, a package of
// commands) into commands: blank lines and comments are dropped, lines
// continued with a trailing backslash are joined, and each command keeps
// the line it starts on (first is the line of text's first line).
func ShellLines(text, file string, first int) []facts.Command {
	var out []facts.Command
	var cur strings.Builder
	start := 0
	for i, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		trimmed := strings.TrimSpace(l)
		if cur.Len() == 0 {
			if trimmed == "" || strings.HasPrefix(trimmed, "#") {
				continue
			}
			start = first + i
		}
		if body, ok := strings.CutSuffix(trimmed, "\\"); ok && !strings.HasSuffix(body, "\\") {
			cur.WriteString(strings.TrimSpace(body))
			cur.WriteByte(' ')
			continue
		}
		cur.WriteString(trimmed)
		out = append(out, facts.Command{Run: strings.TrimSpace(cur.String()), Path: file, Line: start})
		cur.Reset()
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, facts.Command{Run: s, Path: file, Line: start})
	}
	return out
}
