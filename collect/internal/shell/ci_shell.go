package shell

import (
	"path"
	"strings"
)

// This file splits shell command lines well enough to see which program
// each part runs. It is not a shell: it never expands anything, and what
// it cannot read it leaves alone.

// shellSegments splits a command line at &&, ||, ;, | and & outside quotes
// ("npm ci && npm test" -> "npm ci", "npm test"), keeping $(...) and ${...}
// whole and dropping shell keywords (if, then, do, ...) that start a part.
func ShellSegments(s string) []string {
	var segs []string
	var cur strings.Builder
	flush := func() {
		if seg := trimSegment(cur.String()); seg != "" {
			segs = append(segs, seg)
		}
		cur.Reset()
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '\'' || ch == '"' || ch == '`':
			end := closingQuote(s, i)
			cur.WriteString(s[i:end])
			i = end - 1
		case ch == '\\' && i+1 < len(s):
			cur.WriteString(s[i : i+2])
			i++
		case ch == '$' && i+1 < len(s) && (s[i+1] == '(' || s[i+1] == '{'):
			end := ClosingBracket(s, i+1)
			cur.WriteString(s[i:end])
			i = end - 1
		case ch == '&' && (i > 0 && (s[i-1] == '>' || s[i-1] == '<') || i+1 < len(s) && s[i+1] == '>'):
			cur.WriteByte(ch) // a redirection (2>&1, &>file), not a separator
		case ch == ';' || ch == '|' || ch == '&' || ch == '\n':
			flush()
		default:
			cur.WriteByte(ch)
		}
	}
	flush()
	return segs
}

// closingQuote returns the index just past the quote that closes the one
// at s[start], or len(s) when it is never closed.
func closingQuote(s string, start int) int {
	q := s[start]
	for i := start + 1; i < len(s); i++ {
		switch {
		case s[i] == '\\' && q != '\'':
			i++
		case s[i] == q:
			return i + 1
		}
	}
	return len(s)
}

// closingBracket returns the index just past the bracket that closes the
// one at s[open] ('(' or '{'), counting nesting; len(s) when unclosed.
func ClosingBracket(s string, open int) int {
	o := s[open]
	c := byte(')')
	if o == '{' {
		c = '}'
	}
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case o:
			depth++
		case c:
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(s)
}

// shellKeywords start a compound command; what follows them is a command.
var shellKeywords = map[string]bool{"if": true, "then": true, "else": true, "elif": true, "do": true, "while": true, "until": true, "!": true}

func trimSegment(seg string) string {
	for {
		seg = strings.TrimSpace(seg)
		trimmed := strings.TrimSpace(strings.TrimLeft(seg, "({"))
		trimmed = trimUnbalanced(trimmed, '(', ')')
		trimmed = trimUnbalanced(trimmed, '{', '}')
		if first, rest, _ := strings.Cut(trimmed, " "); shellKeywords[first] {
			trimmed = rest
		} else if shellKeywords[trimmed] {
			trimmed = ""
		}
		if trimmed == seg {
			return seg
		}
		seg = trimmed
	}
}

// trimUnbalanced drops closing brackets at the end of s that close a
// subshell or group opened in an earlier segment, keeping those of
// $(...) and ${...}.
func trimUnbalanced(s string, open, close byte) string {
	for strings.HasSuffix(s, string(close)) && strings.Count(s, string(close)) > strings.Count(s, string(open)) {
		s = strings.TrimSpace(s[:len(s)-1])
	}
	return s
}

// shellWords splits a segment into words at unquoted blanks and removes
// the quotes; $(...) and ${...} stay one word.
func ShellWords(seg string) []string {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(seg); i++ {
		ch := seg[i]
		switch {
		case ch == ' ' || ch == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
			continue
		case ch == '\'' || ch == '"':
			end := closingQuote(seg, i)
			body := seg[i+1 : end]
			if end <= len(seg) && end > i+1 && seg[end-1] == ch {
				body = seg[i+1 : end-1]
			}
			if ch == '"' {
				body = strings.NewReplacer(`\"`, `"`, `\\`, `\`, `\$`, `$`).Replace(body)
			}
			cur.WriteString(body)
			i = end - 1
		case ch == '\\' && i+1 < len(seg):
			cur.WriteByte(seg[i+1])
			i++
		case ch == '$' && i+1 < len(seg) && (seg[i+1] == '(' || seg[i+1] == '{'):
			end := ClosingBracket(seg, i+1)
			cur.WriteString(seg[i:end])
			i = end - 1
		default:
			cur.WriteByte(ch)
		}
		inWord = true
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// commandWrappers run the command that follows them.
var commandWrappers = map[string]bool{
	"sudo": true, "time": true, "exec": true, "env": true, "command": true,
	"nohup": true, "nice": true, "xvfb-run": true, "timeout": true, "eval": true,
}

// envRunners run the command after their subcommand inside a project
// environment (uv run bash scripts/test.sh, poetry run pytest, bundle exec
// rake); the flags listed take a value.
var envRunners = map[string]struct {
	sub        string
	valueFlags map[string]bool
}{
	"uv":     {"run", map[string]bool{"--with": true, "--extra": true, "--group": true, "--python": true, "-p": true, "--package": true, "--env-file": true, "--only-group": true, "--no-group": true, "--with-requirements": true, "--index": true}},
	"poetry": {"run", map[string]bool{"-C": true, "--directory": true, "-P": true, "--project": true}},
	"pipenv": {"run", nil},
	"pdm":    {"run", map[string]bool{"-p": true, "--project": true}},
	"rye":    {"run", nil},
	"bundle": {"exec", nil},
	"pixi":   {"run", map[string]bool{"-e": true, "--environment": true, "--manifest-path": true}},
}

// commandWords drops leading variable assignments (CI=true npm test),
// wrappers (sudo, time, env, timeout 10m) and environment runners (uv run,
// poetry run) to leave the program and its arguments.
func CommandWords(words []string) []string {
	for len(words) > 0 {
		w := words[0]
		if r, ok := envRunners[w]; ok && len(words) > 2 && words[1] == r.sub {
			rest := words[2:]
			for len(rest) > 0 && strings.HasPrefix(rest[0], "-") {
				if r.valueFlags[rest[0]] && len(rest) > 1 {
					rest = rest[1:]
				}
				rest = rest[1:]
			}
			if len(rest) == 0 {
				return words // `pdm run test`: a script of the runner's own
			}
			words = rest
			continue
		}
		switch {
		case IsAssignment(w):
			words = words[1:]
		case commandWrappers[w]:
			words = words[1:]
			for len(words) > 0 && strings.HasPrefix(words[0], "-") {
				words = words[1:]
			}
			if w == "timeout" && len(words) > 0 {
				words = words[1:] // the duration
			}
		default:
			return words
		}
	}
	return nil
}

// isAssignment reports whether w is NAME=value.
func IsAssignment(w string) bool {
	name, _, ok := strings.Cut(w, "=")
	if !ok || name == "" {
		return false
	}
	for i, r := range name {
		if !(r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// workspaceVars name the checkout directory in the CI providers (and
// Cloud Build's /workspace): a path under one is a repository path.
var workspaceVars = func() []string {
	var out []string
	for _, name := range []string{"CI_PROJECT_DIR", "GITHUB_WORKSPACE", "BITBUCKET_CLONE_DIR", "DRONE_WORKSPACE",
		"CI_WORKSPACE", "WORKSPACE", "CIRCLE_WORKING_DIRECTORY", "TRAVIS_BUILD_DIR", "BUILD_SOURCESDIRECTORY"} {
		out = append(out, "$"+name, "${"+name+"}")
	}
	return append(out, "$(Build.SourcesDirectory)", "$(System.DefaultWorkingDirectory)", "/workspace")
}()

// cwdVars name the current directory.
var cwdVars = []string{"$PWD", "${PWD}", "$(pwd)", "`pwd`", "."}

// normalizeWorkspace rewrites the Actions expression for the workspace,
// which contains blanks, into a variable shellWords keeps whole.
func NormalizeWorkspace(s string) string {
	if !strings.Contains(s, "${{") {
		return s
	}
	return strings.NewReplacer("${{ github.workspace }}", "$GITHUB_WORKSPACE", "${{github.workspace}}", "$GITHUB_WORKSPACE").Replace(s)
}

// repoPath resolves p, written in a command run in dir, to a path in the
// repository; ok is false for paths outside it or not known statically.
func RepoPath(dir, p string) (string, bool) {
	for _, v := range workspaceVars {
		if p == v {
			return ".", true
		}
		if rest, ok := strings.CutPrefix(p, v+"/"); ok {
			p, dir = rest, "."
			break
		}
	}
	for _, v := range cwdVars {
		if rest, ok := strings.CutPrefix(p, v+"/"); ok {
			p = rest
			break
		}
	}
	if p == "" || path.IsAbs(p) || strings.ContainsAny(p, "$`*?~") {
		return "", false
	}
	p = path.Join(CleanDir(dir), p)
	if p == ".." || strings.HasPrefix(p, "../") {
		return "", false
	}
	return p, true
}

func CleanDir(dir string) string {
	if dir == "" {
		return "."
	}
	return path.Clean(strings.TrimPrefix(dir, "/"))
}
