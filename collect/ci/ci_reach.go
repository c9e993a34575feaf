package ci

import (
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/scoredev/score/collect/internal/shell"
	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/collect/scripts"
	"github.com/scoredev/score/facts"
)

// maxReachDepth bounds how deep a chain of calls (CI job -> make target ->
// npm script -> shell script ...) is followed.
const maxReachDepth = 16

// reachIndex looks up the build entry points scriptsCollector found.
type reachIndex struct {
	makefiles map[string][]facts.MakeTarget
	// mkFiles are *.mk files, sorted: targets a Makefile includes from
	// them are found there.
	mkFiles []string
	npm     map[string]map[string]facts.NpmScript
	shell   map[string]facts.ShellScript
	runners map[string][]facts.MakeTarget
}

func newReachIndex(s *facts.ScriptFacts) *reachIndex {
	idx := &reachIndex{
		makefiles: map[string][]facts.MakeTarget{}, npm: map[string]map[string]facts.NpmScript{},
		shell: map[string]facts.ShellScript{}, runners: map[string][]facts.MakeTarget{},
	}
	for _, mt := range s.MakeTargets {
		if _, seen := idx.makefiles[mt.Path]; !seen && strings.HasSuffix(strings.ToLower(mt.Path), ".mk") {
			idx.mkFiles = append(idx.mkFiles, mt.Path)
		}
		idx.makefiles[mt.Path] = append(idx.makefiles[mt.Path], mt)
	}
	sort.Strings(idx.mkFiles)
	for _, ns := range s.NpmScripts {
		if idx.npm[ns.Path] == nil {
			idx.npm[ns.Path] = map[string]facts.NpmScript{}
		}
		idx.npm[ns.Path][ns.Name] = ns
	}
	for _, sh := range s.Shell {
		idx.shell[sh.Path] = sh
	}
	for _, tr := range s.TaskRunners {
		idx.runners[tr.Path] = append(idx.runners[tr.Path], tr)
	}
	return idx
}

// reachRun follows the commands of one job.
type reachRun struct {
	idx     *reachIndex
	out     []facts.Command
	emitted map[facts.Command]bool
	visited map[string]bool
}

func (idx *reachIndex) newRun() *reachRun {
	return &reachRun{idx: idx, emitted: map[facts.Command]bool{}, visited: map[string]bool{}}
}

func (r *reachRun) full() bool { return len(r.out) >= yamlnode.MaxJobCommands }

// add records cmd as reached and follows it in turn.
func (r *reachRun) add(cmd facts.Command, dir string, depth int) {
	if r.emitted[cmd] || r.full() {
		return
	}
	r.emitted[cmd] = true
	r.out = append(r.out, cmd)
	r.follow(cmd, dir, depth+1)
}

// visit marks a unit (a make target, a script) as followed; false when it
// already was, which is what breaks cycles.
func (r *reachRun) visit(key string) bool {
	if r.visited[key] {
		return false
	}
	r.visited[key] = true
	return true
}

// follow looks at each part of a command line and follows those that call
// something the repository defines.
func (r *reachRun) follow(cmd facts.Command, dir string, depth int) {
	if depth > maxReachDepth || r.full() {
		return
	}
	for _, seg := range shell.ShellSegments(shell.NormalizeWorkspace(cmd.Run)) {
		words := shell.CommandWords(shell.ShellWords(seg))
		if len(words) == 0 {
			continue
		}
		if words[0] == "cd" {
			if len(words) > 1 {
				if d, ok := shell.RepoPath(dir, words[1]); ok {
					dir = d
				}
			}
			continue
		}
		r.dispatch(cmd, words, dir, depth)
	}
}

func (r *reachRun) dispatch(cmd facts.Command, words []string, dir string, depth int) {
	prog := words[0]
	if strings.HasPrefix(prog, "/usr/") || strings.HasPrefix(prog, "/bin/") {
		prog = path.Base(prog)
	}
	args := words[1:]
	switch prog {
	case "make", "gmake", "$(MAKE)", "${MAKE}", "$MAKE":
		r.make(args, dir, depth)
	case "npm", "yarn", "pnpm", "bun":
		r.npm(prog, args, dir, depth)
	case "task", "go-task":
		r.task(args, dir, depth)
	case "just":
		r.just(args, dir, depth)
	case "bash", "sh", "zsh", "dash", "ksh", "source", ".":
		r.interpreter(cmd, args, dir, depth)
	default:
		r.script(words[0], dir, depth)
	}
}

// flagValue reads a flag that takes a value ("-C dir", "-Cdir",
// "--directory=dir", "--directory dir"); n is how many words it used.
func flagValue(args []string, i int, short string, long ...string) (value string, n int, ok bool) {
	a := args[i]
	names := append([]string{short}, long...)
	for _, name := range names {
		if name == "" {
			continue
		}
		switch {
		case a == name && i+1 < len(args):
			return args[i+1], 2, true
		case strings.HasPrefix(name, "--") && strings.HasPrefix(a, name+"="):
			return a[len(name)+1:], 1, true
		case !strings.HasPrefix(name, "--") && len(name) == 2 && strings.HasPrefix(a, name) && len(a) > 2 && !strings.HasPrefix(a, "--"):
			return a[2:], 1, true
		}
	}
	return "", 0, false
}

// make follows `make [-C dir] [-f file] [target...]`. A directory argument
// that cannot be resolved statically stops the follow: better not followed
// than followed in the wrong place (likewise for task and just).
func (r *reachRun) make(args []string, dir string, depth int) {
	file := ""
	var targets []string
	for i := 0; i < len(args); i++ {
		if v, n, ok := flagValue(args, i, "-C", "--directory"); ok {
			d, ok := shell.RepoPath(dir, v)
			if !ok {
				return
			}
			dir, i = d, i+n-1
			continue
		}
		if v, n, ok := flagValue(args, i, "-f", "--file", "--makefile"); ok {
			file, i = v, i+n-1
			continue
		}
		a := args[i]
		switch {
		case a == "-j" || a == "-l" || a == "--jobs" || a == "--load-average":
			if i+1 < len(args) {
				if _, err := strconv.Atoi(args[i+1]); err == nil {
					i++
				}
			}
		case a == "-o" || a == "-W" || a == "-I":
			i++
		case strings.HasPrefix(a, "-"), shell.IsAssignment(a), strings.Contains(a, "$"):
		default:
			targets = append(targets, a)
		}
	}
	mf := r.idx.findMakefile(dir, file)
	if mf == "" {
		return
	}
	if len(targets) == 0 {
		if goal := r.idx.defaultGoal(mf); goal != "" {
			targets = []string{goal}
		}
	}
	for _, target := range targets {
		r.makeTarget(mf, target, depth+1)
	}
}

func (idx *reachIndex) findMakefile(dir, file string) string {
	if file != "" {
		if p, ok := shell.RepoPath(dir, file); ok && idx.makefiles[p] != nil {
			return p
		}
		return ""
	}
	for _, base := range []string{"GNUmakefile", "makefile", "Makefile"} {
		if p := path.Join(shell.CleanDir(dir), base); idx.makefiles[p] != nil {
			return p
		}
	}
	return ""
}

// defaultGoal is the first ordinary target, which `make` alone builds.
func (idx *reachIndex) defaultGoal(mf string) string {
	for _, mt := range idx.makefiles[mf] {
		if !strings.HasPrefix(mt.Name, ".") && !strings.Contains(mt.Name, "%") {
			return mt.Name
		}
	}
	return ""
}

// makeRules returns every rule for target: in the Makefile itself or else
// in the .mk files beside or below it (which it usually includes).
func (idx *reachIndex) makeRules(mf, target string) []facts.MakeTarget {
	var rules []facts.MakeTarget
	for _, mt := range idx.makefiles[mf] {
		if mt.Name == target {
			rules = append(rules, mt)
		}
	}
	if len(rules) > 0 {
		return rules
	}
	dir := path.Dir(mf)
	for _, mk := range idx.mkFiles {
		if mk == mf || !(dir == "." || underDir(path.Dir(mk), dir)) {
			continue
		}
		for _, mt := range idx.makefiles[mk] {
			if mt.Name == target {
				rules = append(rules, mt)
			}
		}
	}
	return rules
}

// makeTarget follows a target's prerequisites, then its recipe, which
// runs in the Makefile's directory.
func (r *reachRun) makeTarget(mf, target string, depth int) {
	if depth > maxReachDepth || !r.visit("make\x00"+mf+"\x00"+target) {
		return
	}
	rules := r.idx.makeRules(mf, target)
	for _, rule := range rules {
		for _, pre := range rule.Prerequisites {
			r.makeTarget(mf, pre, depth+1)
		}
	}
	for _, rule := range rules {
		for _, cmd := range rule.Commands {
			r.add(cmd, path.Dir(mf), depth)
		}
	}
}

// npm follows `npm test`, `npm run x`, `yarn x`, `pnpm -C dir x`,
// `bun run x`, with their pre and post scripts.
func (r *reachRun) npm(tool string, args []string, dir string, depth int) {
	var rest []string
loop:
	for i := 0; i < len(args); i++ {
		if v, n, ok := flagValue(args, i, "", "--prefix", "--dir", "--cwd"); ok {
			d, ok := shell.RepoPath(dir, v)
			if !ok {
				return
			}
			dir, i = d, i+n-1
			continue
		}
		if tool == "pnpm" {
			if v, n, ok := flagValue(args, i, "-C"); ok {
				d, ok := shell.RepoPath(dir, v)
				if !ok {
					return
				}
				dir, i = d, i+n-1
				continue
			}
		}
		a := args[i]
		switch {
		case a == "--":
			break loop
		case a == "-w" || a == "--workspace" || a == "--filter" || a == "-F":
			i++
		case strings.HasPrefix(a, "-"):
		default:
			rest = append(rest, a)
		}
	}
	script := npmScriptName(tool, rest)
	if script == "" {
		return
	}
	pkg := path.Join(shell.CleanDir(dir), "package.json")
	for _, name := range []string{"pre" + script, script, "post" + script} {
		r.npmScript(pkg, name, depth+1)
	}
}

// npmScriptName is the package.json script a package-manager command runs.
func npmScriptName(tool string, rest []string) string {
	if len(rest) == 0 {
		return ""
	}
	switch sub := rest[0]; sub {
	case "run", "run-script", "rum", "urn":
		if len(rest) > 1 {
			return rest[1]
		}
		return ""
	case "test", "t", "tst":
		if tool == "bun" {
			return "" // bun's own test runner, not the script
		}
		return "test"
	case "start", "stop", "restart":
		return sub
	default:
		if tool == "npm" {
			return ""
		}
		// yarn, pnpm and bun run a script named like the subcommand.
		return sub
	}
}

func (r *reachRun) npmScript(pkg, name string, depth int) {
	s, ok := r.idx.npm[pkg][name]
	if !ok || depth > maxReachDepth || !r.visit("npm\x00"+pkg+"\x00"+name) {
		return
	}
	r.add(facts.Command{Run: s.Command, Path: s.Path, Line: s.Line}, path.Dir(pkg), depth)
}

// task follows go-task: `task [-d dir] [-t file] [name...]`.
func (r *reachRun) task(args []string, dir string, depth int) {
	file := ""
	var names []string
	for i := 0; i < len(args); i++ {
		if v, n, ok := flagValue(args, i, "-d", "--dir"); ok {
			d, ok := shell.RepoPath(dir, v)
			if !ok {
				return
			}
			dir, i = d, i+n-1
			continue
		}
		if v, n, ok := flagValue(args, i, "-t", "--taskfile"); ok {
			file, i = v, i+n-1
			continue
		}
		a := args[i]
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") && !shell.IsAssignment(a) {
			names = append(names, a)
		}
	}
	tf := r.idx.findRunner(dir, file, scripts.IsTaskfileName)
	if tf == "" {
		return
	}
	if len(names) == 0 {
		names = []string{"default"}
	}
	for _, name := range names {
		r.runnerTarget(tf, name, depth+1)
	}
}

// just follows `just [-f file] [-d dir] [recipe [args...]]`.
func (r *reachRun) just(args []string, dir string, depth int) {
	file, recipe := "", ""
	for i := 0; i < len(args) && recipe == ""; i++ {
		if v, n, ok := flagValue(args, i, "-f", "--justfile"); ok {
			file, i = v, i+n-1
			continue
		}
		if v, n, ok := flagValue(args, i, "-d", "--working-directory"); ok {
			d, ok := shell.RepoPath(dir, v)
			if !ok {
				return
			}
			dir, i = d, i+n-1
			continue
		}
		a := args[i]
		switch {
		case a == "--set":
			i += 2
		case strings.HasPrefix(a, "-"), shell.IsAssignment(a):
		default:
			recipe = a
		}
	}
	jf := r.idx.findRunner(dir, file, scripts.IsJustfileName)
	if jf == "" {
		return
	}
	if recipe == "" && len(r.idx.runners[jf]) > 0 {
		recipe = r.idx.runners[jf][0].Name
	}
	r.runnerTarget(jf, recipe, depth+1)
}

// findRunner finds a task file: the one named, or one in dir whose base
// name matches.
func (idx *reachIndex) findRunner(dir, file string, match func(base string) bool) string {
	if file != "" {
		if p, ok := shell.RepoPath(dir, file); ok && idx.runners[p] != nil {
			return p
		}
		return ""
	}
	var found []string
	for p := range idx.runners {
		if path.Dir(p) == shell.CleanDir(dir) && match(strings.ToLower(path.Base(p))) {
			found = append(found, p)
		}
	}
	if len(found) == 0 {
		return ""
	}
	sort.Strings(found)
	return found[0]
}

// runnerTarget follows a task or recipe: dependencies first, then its
// commands, which run in the task file's directory.
func (r *reachRun) runnerTarget(file, name string, depth int) {
	if depth > maxReachDepth || !r.visit("run\x00"+file+"\x00"+name) {
		return
	}
	for _, t := range r.idx.runners[file] {
		if t.Name != name {
			continue
		}
		for _, pre := range t.Prerequisites {
			r.runnerTarget(file, pre, depth+1)
		}
		for _, cmd := range t.Commands {
			r.add(cmd, path.Dir(file), depth)
		}
	}
}

// interpreter follows `bash [-e] script.sh` and `sh -c "make test"`.
func (r *reachRun) interpreter(cmd facts.Command, args []string, dir string, depth int) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-o" || a == "+o" || a == "-O" || a == "+O":
			i++
		case strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && strings.Contains(a, "c"):
			if i+1 < len(args) {
				r.follow(facts.Command{Run: args[i+1], Path: cmd.Path, Line: cmd.Line}, dir, depth+1)
			}
			return
		case strings.HasPrefix(a, "-") || strings.HasPrefix(a, "+"):
		default:
			r.script(a, dir, depth)
			return
		}
	}
}

// script follows a call of a repository shell script (./scripts/test.sh,
// hack/verify, $CI_PROJECT_DIR/ci/build.sh). Scripts run in the caller's
// directory.
func (r *reachRun) script(word, dir string, depth int) {
	if !strings.Contains(word, "/") && !strings.HasSuffix(word, ".sh") {
		return
	}
	p, ok := shell.RepoPath(dir, word)
	if !ok {
		return
	}
	s, ok := r.idx.shell[p]
	if !ok || depth > maxReachDepth || !r.visit("sh\x00"+p) {
		return
	}
	for _, c := range s.Commands {
		r.add(c, dir, depth+1)
	}
}
