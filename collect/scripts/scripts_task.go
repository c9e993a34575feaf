package scripts

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/textutil"
	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
)

// parseTaskfile reads go-task's Taskfile.yml: each task's commands (cmds,
// cmd, or the short string/list form) and its deps as prerequisites. A
// `task: other` step becomes the command "task other" so that following it
// works like any other call.
func parseTaskfile(y *yamlnode.YamlFile) []facts.MakeTarget {
	var out []facts.MakeTarget
	for _, p := range yamlnode.YamlPairs(yamlnode.YamlGet(y.FirstMapping(), "tasks")) {
		mt := facts.MakeTarget{Path: y.Path, Name: p.Key, Line: y.Clamp(p.KeyNode.Line), Commands: []facts.Command{}, Prerequisites: []string{}}
		task := p.Value
		switch {
		case task == nil:
		case task.Kind == yaml.MappingNode:
			mt.Commands = append(mt.Commands, taskSteps(y, yamlnode.YamlGet(task, "cmds"))...)
			mt.Commands = append(mt.Commands, taskSteps(y, yamlnode.YamlGet(task, "cmd"))...)
			mt.Prerequisites = taskDeps(yamlnode.YamlGet(task, "deps"))
		default:
			mt.Commands = append(mt.Commands, taskSteps(y, task)...)
		}
		out = append(out, mt)
	}
	return out
}

// taskSteps reads a cmds list: strings, {cmd: ...}, {task: name} and
// {defer: ...} entries.
func taskSteps(y *yamlnode.YamlFile, n *yaml.Node) []facts.Command {
	var out []facts.Command
	for _, item := range yamlnode.YamlOneOrMany(n) {
		if len(out) >= yamlnode.MaxJobCommands {
			break
		}
		switch item.Kind {
		case yaml.ScalarNode:
			out = append(out, y.ScalarCommands(item)...)
		case yaml.MappingNode:
			if cmd := yamlnode.YamlGet(item, "cmd"); cmd != nil {
				out = append(out, y.Commands(cmd, nil)...)
			}
			if k, name := yamlnode.YamlGetPair(item, "task"); k != nil && yamlnode.YamlStr(name) != "" {
				out = append(out, facts.Command{Run: "task " + yamlnode.YamlStr(name), Path: y.Path, Line: y.Clamp(k.Line)})
			}
			if d := yamlnode.YamlGet(item, "defer"); d != nil {
				out = append(out, taskSteps(y, d)...)
			}
		}
	}
	return out
}

func taskDeps(n *yaml.Node) []string {
	deps := []string{}
	for _, item := range yamlnode.YamlOneOrMany(n) {
		if s := yamlnode.YamlStr(item); s != "" {
			deps = append(deps, s)
		} else if s := yamlnode.YamlStr(yamlnode.YamlGet(item, "task")); s != "" {
			deps = append(deps, s)
		}
	}
	return deps
}

// justKeywords start a justfile line that is not a recipe.
var justKeywords = map[string]bool{"set": true, "alias": true, "export": true, "import": true, "mod": true}

// parseJustfile reads justfile recipes: a header "name params: deps" at
// the start of a line and the indented body below it.
func parseJustfile(p string, data []byte) []facts.MakeTarget {
	lines := textutil.TextLines(data)
	var out []facts.MakeTarget
	for i := 0; i < len(lines); i++ {
		name, deps, ok := justRecipeHeader(lines[i])
		if !ok {
			continue
		}
		var body []string
		j := i + 1
		for ; j < len(lines); j++ {
			l := lines[j]
			if strings.TrimSpace(l) == "" {
				body = append(body, "")
				continue
			}
			if l[0] != ' ' && l[0] != '\t' {
				break
			}
			body = append(body, strings.TrimLeft(strings.TrimSpace(l), "@-"))
		}
		out = append(out, facts.MakeTarget{
			Path: p, Name: name, Line: i + 1, Prerequisites: deps,
			Commands: nonNil(textutil.ShellLines(strings.Join(body, "\n"), p, i+2)),
		})
		i = j - 1
	}
	return out
}

func justRecipeHeader(line string) (string, []string, bool) {
	if line == "" || strings.ContainsRune(" \t#[", rune(line[0])) {
		return "", nil, false
	}
	colon := strings.Index(line, ":")
	if colon < 0 || strings.HasPrefix(line[colon:], ":=") {
		return "", nil, false
	}
	fields := strings.Fields(line[:colon])
	if len(fields) == 0 || justKeywords[fields[0]] {
		return "", nil, false
	}
	name := strings.TrimPrefix(fields[0], "@")
	if !isIdentifier(name) {
		return "", nil, false
	}
	return name, justDeps(line[colon+1:]), true
}

// justDeps reads "dep1 (dep2 'arg') && dep3": dependencies, without their
// arguments.
func justDeps(s string) []string {
	deps := []string{}
	inArgs := false
	for _, tok := range strings.Fields(stripMakeComment(s)) {
		switch {
		case inArgs:
			inArgs = !strings.HasSuffix(tok, ")")
		case strings.HasPrefix(tok, "("):
			name := strings.TrimSuffix(strings.TrimPrefix(tok, "("), ")")
			inArgs = !strings.HasSuffix(tok, ")")
			if isIdentifier(name) {
				deps = append(deps, name)
			}
		case isIdentifier(tok):
			deps = append(deps, tok)
		}
	}
	return deps
}

// isIdentifier matches recipe and task names: a letter or _ then letters,
// digits, _ or -.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		ok := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && (r == '-' || r >= '0' && r <= '9')
		if !ok {
			return false
		}
	}
	return true
}
