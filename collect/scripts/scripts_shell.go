package scripts

import (
	"path"
	"strings"

	"github.com/scoredev/score/collect/internal/shell"
)

// shellExts are shell script extensions; such files count wherever they
// are (outside fixture trees).
var shellExts = map[string]bool{".sh": true, ".bash": true, ".zsh": true, ".ksh": true}

// scriptDirs hold extension-less executables (scripts/test, hack/verify,
// bin/build); those with a shell shebang count as shell scripts.
var scriptDirs = map[string]bool{"scripts": true, "bin": true, "hack": true, "ci": true, ".ci": true, "build": true}

// shells are the interpreters a shebang may name.
var shells = map[string]bool{"sh": true, "bash": true, "zsh": true, "dash": true, "ksh": true, "ash": true, "mksh": true}

// isShellScriptCandidate reports whether p may be a shell script, judged by
// its name alone; extension-less files still need a shebang.
func isShellScriptCandidate(p, base string) bool {
	ext := path.Ext(base)
	if shellExts[ext] {
		return true
	}
	if ext != "" && !strings.HasPrefix(base, ".") {
		return false
	}
	for _, seg := range strings.Split(path.Dir(p), "/") {
		if scriptDirs[strings.ToLower(seg)] {
			return true
		}
	}
	return false
}

// isShellScript confirms a candidate: by extension, or by a shebang naming
// a shell (#!/bin/sh, #!/usr/bin/env bash, #!/usr/bin/env -S bash -e).
func isShellScript(base string, data []byte) bool {
	if shellExts[path.Ext(base)] {
		return true
	}
	first, _, _ := strings.Cut(string(data), "\n")
	interp, ok := strings.CutPrefix(strings.TrimSpace(first), "#!")
	if !ok {
		return false
	}
	fields := strings.Fields(interp)
	if len(fields) == 0 {
		return false
	}
	prog := path.Base(fields[0])
	if prog == "env" {
		prog = ""
		for _, f := range fields[1:] {
			if !strings.HasPrefix(f, "-") && !shell.IsAssignment(f) {
				prog = path.Base(f)
				break
			}
		}
	}
	return shells[prog]
}
