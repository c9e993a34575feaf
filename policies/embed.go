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

// files holds every policy and Rego test, one folder per category plus lib/.
//
//go:embed */*.rego
var files embed.FS

// FS returns the embedded default policies, rooted at this folder.
func FS() fs.FS { return files }

// templates holds the file templates of the default fixes, one
// <name>.tmpl per `fix contains {"create": ..., "template": name}`.
//
//go:embed templates/*.tmpl
var templates embed.FS

// Templates returns the default fix templates, rooted at templates/.
func Templates() fs.FS {
	sub, err := fs.Sub(templates, "templates")
	if err != nil {
		panic(err) // a constant, valid path
	}
	return sub
}
