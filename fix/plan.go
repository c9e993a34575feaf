package fix

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
)

// Planner computes the changes of a set of fixes without writing anything.
type Planner struct {
	// Root is the repository; files are read through it, so nothing
	// outside can be read, and a path through a symbolic link is refused.
	Root *os.Root
	// FS is read instead when Root is nil: a snapshot of a remote
	// repository, for changes proposed as a merge request.
	FS        fs.FS
	Templates *Templates
	Data      Data
}

// Plan carries out the declarations of each check in order on an in-memory
// copy of the files it touches. A check's changes are kept only when all
// of its declarations succeed; a file that does not parse skips that check
// (with the reason and file:line) and leaves the file to the other checks.
// Several checks may edit the same file (each GitLab template include, for
// example); they see each other's changes. Checks that change nothing are
// reported as skipped with the reason.
func (p *Planner) Plan(checks []CheckFixes) ([]Fix, []Change) {
	current := map[string]*Change{} // path -> pending change
	var fixes []Fix
	for _, cf := range checks {
		fx := Fix{Check: cf.ID, Title: cf.Title}
		pending := map[string]*Change{}
		get := func(path string) (*Change, error) {
			if c, ok := pending[path]; ok {
				return c, nil
			}
			if c, ok := current[path]; ok {
				cp := *c
				return &cp, nil
			}
			data, mode, err := p.read(path)
			if errors.Is(err, fs.ErrNotExist) {
				return &Change{Path: path, Created: true, Mode: 0o644}, nil
			}
			if err != nil {
				return nil, err
			}
			return &Change{Path: path, Old: data, New: data, Mode: mode}, nil
		}
		var skip []string
		var manual []string
		changed := false
		for _, d := range cf.Decls {
			switch {
			case d.Manual != "":
				manual = append(manual, d.Manual)
				continue
			case d.Create != "":
				c, err := get(d.Create)
				if err != nil {
					skip = append(skip, err.Error())
					continue
				}
				content, todo, err := p.render(d)
				if err != nil {
					skip = append(skip, err.Error())
					continue
				}
				if !c.Created || (c.New != nil && string(c.New) != string(content)) {
					if prev, ok := current[d.Create]; ok && prev.Created {
						skip = append(skip, fmt.Sprintf("%s is created by another fix with different content", d.Create))
					} else {
						skip = append(skip, fmt.Sprintf("%s already exists; not overwritten", d.Create))
					}
					continue
				}
				changed = true
				c.New = content
				pending[d.Create] = c
				addUnique(&fx.Files, d.Create)
				for _, t := range todo {
					addUnique(&fx.Todo, t)
				}
			case d.Edit != "":
				c, err := get(d.Path)
				if err != nil {
					skip = append(skip, err.Error())
					continue
				}
				if c.Created && c.New == nil {
					skip = append(skip, fmt.Sprintf("%s does not exist", d.Path))
					continue
				}
				out, notes, err := editors[d.Edit](d.Path, c.New, d.Value)
				if err != nil {
					skip = append(skip, err.Error())
					continue
				}
				if string(out) != string(c.New) {
					changed = true
					c.New = out
					pending[d.Path] = c
					addUnique(&fx.Files, d.Path)
				}
				for _, n := range notes {
					addUnique(&fx.Notes, n)
				}
			}
			if d.Todo != "" {
				addUnique(&fx.Todo, d.Todo)
			}
			if d.Note != "" {
				addUnique(&fx.Notes, d.Note)
			}
		}
		switch {
		case len(skip) > 0:
			fx.Files, fx.Todo, fx.Notes = nil, nil, nil
			fx.Skipped = strings.Join(skip, "; ")
		case !changed && len(manual) > 0:
			fx.Skipped = "needs data score cannot get offline: " + strings.Join(manual, "; ")
			fx.Files, fx.Todo, fx.Notes = nil, nil, nil
		case !changed:
			fx.Skipped = "the declared change is already in place, yet the check still fails"
			fx.Files, fx.Todo, fx.Notes = nil, nil, nil
		default:
			for path, c := range pending {
				current[path] = c
			}
			fx.Complete = len(fx.Todo) == 0
		}
		slices.Sort(fx.Files)
		fixes = append(fixes, fx)
	}
	changes := make([]Change, 0, len(current))
	for _, c := range current {
		changes = append(changes, *c)
	}
	slices.SortFunc(changes, func(a, b Change) int { return strings.Compare(a.Path, b.Path) })
	return fixes, changes
}

func (p *Planner) render(d Decl) ([]byte, []string, error) {
	data := p.Data
	data.Value = d.Value
	content, todo, err := p.Templates.Render(d.Template, data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", d.Create, err)
	}
	return content, todo, nil
}

func addUnique(list *[]string, s string) {
	if !slices.Contains(*list, s) {
		*list = append(*list, s)
	}
}

func (p *Planner) read(path string) ([]byte, uint32, error) {
	if p.Root != nil {
		return ReadFile(p.Root, path)
	}
	return ReadFileFS(p.FS, path)
}
