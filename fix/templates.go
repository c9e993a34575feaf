package fix

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"text/template"
)

// Templates are the file templates fixes create files from, by name (the
// file name without .tmpl). The embedded defaults come first; a platform
// team's policy folder adds or replaces templates through a templates/
// folder beside its checks, later folders winning, exactly like checks.
type Templates struct {
	byName map[string]source
}

type source struct {
	file, text string
}

// LoadTemplates reads defaults (a folder of *.tmpl files) and then the
// templates/ folder of each policy directory in dirs. A dir without one,
// or a policy source that is not a directory (a bundle, a .rego file),
// adds nothing. Every template is parsed now, so a broken one is reported
// with its file and line before any fix runs.
func LoadTemplates(defaults fs.FS, dirs []string) (*Templates, error) {
	t := &Templates{byName: map[string]source{}}
	var errs []error
	add := func(fsys fs.FS, display func(string) string) {
		entries, err := fs.ReadDir(fsys, ".")
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, fmt.Errorf("read templates: %w", err))
			}
			return
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".tmpl") {
				continue
			}
			b, err := fs.ReadFile(fsys, e.Name())
			if err != nil {
				errs = append(errs, fmt.Errorf("read template %s: %w", display(e.Name()), err))
				continue
			}
			s := source{file: display(e.Name()), text: string(b)}
			if _, err := parseTemplate(s, &renderState{}); err != nil {
				errs = append(errs, err)
				continue
			}
			t.byName[strings.TrimSuffix(e.Name(), ".tmpl")] = s
		}
	}
	if defaults != nil {
		add(defaults, func(n string) string { return "policies/templates/" + n })
	}
	for _, dir := range dirs {
		st, err := os.Stat(dir)
		if err != nil || !st.IsDir() {
			continue
		}
		td := filepath.Join(dir, "templates")
		if st, err := os.Stat(td); err != nil || !st.IsDir() {
			continue
		}
		add(os.DirFS(td), func(n string) string { return filepath.Join(td, n) })
	}
	return t, errors.Join(errs...)
}

// Names lists the templates, sorted.
func (t *Templates) Names() []string {
	names := make([]string, 0, len(t.byName))
	for n := range t.byName {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Data is what a template is filled from: facts about the repository and
// the fix's own value.
type Data struct {
	// Name is the repository's name.
	Name string
	// Team is the owning team, "" when none is known.
	Team string
	// Type is the Backstage component type: service when the repository
	// builds an image or deploys workloads, else library.
	Type string
	// Host is "github", "gitlab" or "".
	Host          string
	DefaultBranch string
	Languages     []string
	// Ecosystems are the package ecosystems of the dependency manifests
	// (go, npm, pypi, maven, gradle, nuget).
	Ecosystems []string
	// Images are the base images of the final stages of the Dockerfiles.
	Images []string
	// Value is the fix declaration's value.
	Value map[string]any
}

// renderState collects what a template says is still to do.
type renderState struct {
	todo []string
}

func parseTemplate(s source, st *renderState) (*template.Template, error) {
	funcs := template.FuncMap{
		// todo marks a placeholder: the text goes into the file, the note
		// into the fix's to-do list, and the fix is reported incomplete.
		"todo": func(note, placeholder string) string {
			if !slices.Contains(st.todo, note) {
				st.todo = append(st.todo, note)
			}
			return placeholder
		},
		"join": func(list any, sep string) (string, error) {
			strs, err := toStrings(list)
			return strings.Join(strs, sep), err
		},
		// handle is a team as a CODEOWNERS owner: @name unless it already
		// is a handle or an e-mail address.
		"handle": func(team string) string {
			if user, ok := strings.CutPrefix(team, "user:"); ok { // a person (pipeline.UserPrefix)
				team = user
			}
			if strings.Contains(team, "@") {
				return team
			}
			return "@" + team
		},
		"lower": strings.ToLower,
		"upper": strings.ToUpper,
		"base":  path.Base,
		"dir":   path.Dir,
		"has": func(list any, s string) (bool, error) {
			strs, err := toStrings(list)
			return slices.Contains(strs, s), err
		},
		"quote": func(s string) string { return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"` },
	}
	tmpl, err := template.New(s.file).Option("missingkey=error").Funcs(funcs).Parse(s.text)
	if err != nil {
		return nil, err // text/template errors read "template: file:line: ..."
	}
	return tmpl, nil
}

// Render fills the template name from data and returns the content and
// the to-do notes its placeholders left.
func (t *Templates) Render(name string, data Data) ([]byte, []string, error) {
	s, ok := t.byName[name]
	if !ok {
		return nil, nil, fmt.Errorf("no template %q (known: %s)", name, strings.Join(t.Names(), ", "))
	}
	st := &renderState{}
	tmpl, err := parseTemplate(s, st)
	if err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, data); err != nil {
		return nil, nil, err
	}
	return b.Bytes(), st.todo, nil
}

// toStrings accepts []string and the []any a fix value decodes to.
func toStrings(list any) ([]string, error) {
	switch l := list.(type) {
	case nil:
		return nil, nil
	case []string:
		return l, nil
	case []any:
		out := make([]string, 0, len(l))
		for _, x := range l {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("list item %v is not a string", x)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%T is not a list of strings", list)
}
