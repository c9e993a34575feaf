package scanners

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// parseTaskfile reads go-task's Taskfile.yml: each task's commands (cmds,
// cmd, or the short string/list form) and its deps as prerequisites. A
// `task: other` step becomes the command "task other" so that following it
// works like any other call.
func parseTaskfile(y *yamlFile) []MakeTarget {
	var out []MakeTarget
	for _, p := range yamlPairs(yamlGet(y.firstMapping(), "tasks")) {
		mt := MakeTarget{Path: y.path, Name: p.Key, Line: y.clamp(p.KeyNode.Line), Commands: []Command{}, Prerequisites: []string{}}
		task := p.Value
		switch {
		case task == nil:
		case task.Kind == yaml.MappingNode:
			mt.Commands = append(mt.Commands, taskSteps(y, yamlGet(task, "cmds"))...)
			mt.Commands = append(mt.Commands, taskSteps(y, yamlGet(task, "cmd"))...)
			mt.Prerequisites = taskDeps(yamlGet(task, "deps"))
		default:
			mt.Commands = append(mt.Commands, taskSteps(y, task)...)
		}
		out = append(out, mt)
	}
	return out
}

// taskSteps reads a cmds list: strings, {cmd: ...}, {task: name} and
// {defer: ...} entries.
func taskSteps(y *yamlFile, n *yaml.Node) []Command {
	var out []Command
	for _, item := range yamlOneOrMany(n) {
		if len(out) >= maxJobCommands {
			break
		}
		switch item.Kind {
		case yaml.ScalarNode:
			out = append(out, y.scalarCommands(item)...)
		case yaml.MappingNode:
			if cmd := yamlGet(item, "cmd"); cmd != nil {
				out = append(out, y.commands(cmd, nil)...)
			}
			if k, name := yamlGetPair(item, "task"); k != nil && yamlStr(name) != "" {
				out = append(out, Command{Run: "task " + yamlStr(name), Path: y.path, Line: y.clamp(k.Line)})
			}
			if d := yamlGet(item, "defer"); d != nil {
				out = append(out, taskSteps(y, d)...)
			}
		}
	}
	return out
}

func taskDeps(n *yaml.Node) []string {
	deps := []string{}
	for _, item := range yamlOneOrMany(n) {
		if s := yamlStr(item); s != "" {
			deps = append(deps, s)
		} else if s := yamlStr(yamlGet(item, "task")); s != "" {
			deps = append(deps, s)
		}
	}
	return deps
}

// justKeywords start a justfile line that is not a recipe.
var justKeywords = map[string]bool{"set": true, "alias": true, "export": true, "import": true, "mod": true}

// parseJustfile reads justfile recipes: a header "name params: deps" at
// the start of a line and the indented body below it.
func parseJustfile(p string, data []byte) []MakeTarget {
	lines := textLines(data)
	var out []MakeTarget
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
		out = append(out, MakeTarget{
			Path: p, Name: name, Line: i + 1, Prerequisites: deps,
			Commands: nonNil(shellLines(strings.Join(body, "\n"), p, i+2)),
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
