// Package fix turns the fixes that checks declare in Rego into file
// changes: it renders file templates, runs the closed set of structured
// editors (yamledit, dockeredit, jsonedit), prints the result as a unified
// diff and applies it safely inside the repository.
//
// It decides nothing about whether a check fails (the engine does) nor
// which fix a check needs (its policy does); it only carries out the
// declarations it is given.
package fix

import (
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
)

// Decl is one member of a check's `fix` set, as its policy declares it.
// Exactly one of Create, Edit and Manual is set.
type Decl struct {
	// Create is a file to create from Template; an existing file is never
	// overwritten.
	Create   string `json:"create,omitempty"`
	Template string `json:"template,omitempty"`
	// Edit names a structured editor (see Editors) applied to Path.
	Edit string `json:"edit,omitempty"`
	Path string `json:"path,omitempty"`
	// Value is the template's or editor's argument.
	Value map[string]any `json:"value,omitempty"`
	// Manual says why this check cannot be fixed offline (for example it
	// needs a registry to resolve digests); nothing is changed.
	Manual string `json:"manual,omitempty"`
	// Todo is what the team must still do after the change: it makes the
	// fix a starting point rather than complete.
	Todo string `json:"todo,omitempty"`
	// Note is something a reviewer should know; it does not make the fix
	// incomplete.
	Note string `json:"note,omitempty"`
}

// ParseDecl reads one declaration and checks its shape.
func ParseDecl(raw []byte) (Decl, error) {
	var d Decl
	if err := json.Unmarshal(raw, &d); err != nil {
		return Decl{}, fmt.Errorf("fix %s: %w", raw, err)
	}
	n := 0
	for _, s := range []string{d.Create, d.Edit, d.Manual} {
		if s != "" {
			n++
		}
	}
	switch {
	case n != 1:
		return Decl{}, fmt.Errorf("fix %s: set exactly one of create, edit and manual", raw)
	case d.Create != "" && d.Template == "":
		return Decl{}, fmt.Errorf("fix %s: create needs a template", raw)
	case d.Edit != "" && d.Path == "":
		return Decl{}, fmt.Errorf("fix %s: edit needs a path", raw)
	case d.Edit != "" && editors[d.Edit] == nil:
		return Decl{}, fmt.Errorf("fix %s: unknown editor %q (known: %s)", raw, d.Edit, strings.Join(Editors(), ", "))
	}
	for _, p := range []string{d.Create, d.Path} {
		if p != "" && !safeRel(p) {
			return Decl{}, fmt.Errorf("fix %s: %q is not a relative path inside the repository", raw, p)
		}
	}
	return d, nil
}

// safeRel reports whether p is a clean relative slash path that stays
// inside the repository and does not touch .git.
func safeRel(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || path.Clean(p) != p || p == "." || p == ".." || strings.HasPrefix(p, "../") {
		return false
	}
	return !slices.Contains(strings.Split(p, "/"), ".git")
}

// CheckFixes is one failing check with its declarations.
type CheckFixes struct {
	ID    string
	Title string
	Decls []Decl
}

// Fix is what `score fix` will do, or could not do, for one check.
type Fix struct {
	Check string   `json:"check"`
	Title string   `json:"title,omitempty"`
	Files []string `json:"files,omitempty"`
	// Complete is false when the team must still fill something in (Todo),
	// or when nothing could be changed.
	Complete bool     `json:"complete"`
	Todo     []string `json:"todo,omitempty"`
	Notes    []string `json:"notes,omitempty"`
	// Skipped says why no change is proposed: a file that does not parse
	// (with file:line), a file that would be overwritten, a fix that needs
	// network data.
	Skipped string `json:"skipped,omitempty"`
}

// Change is the new content of one file.
type Change struct {
	Path string
	// Old is the content the change was computed from; nil with Created.
	Old     []byte
	Created bool
	New     []byte
	// Mode is the permission bits of the file (0o644 for a new one).
	Mode uint32
}
