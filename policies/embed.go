// Package policies is the default golden path as Rego; no Go logic beyond the
// embed. Each check is one Rego package under <category>/ (package
// score.checks.<category>.<name>) with # METADATA at package scope and a
// _test.rego beside it; shared helpers live in score.lib.* packages. The
// engine loads every *.rego file of FS(), keeping _test.rego files for
// `score policy test` only.
package policies

import (
	"embed"
	"io/fs"
)

// files holds every policy directory. The pattern is the whole folder rather
// than */*.rego so that the package builds before the first policy exists;
// the engine reads only *.rego files from it.
//
//go:embed *
var files embed.FS

// FS returns the embedded default policies, rooted at this folder.
func FS() fs.FS { return files }
