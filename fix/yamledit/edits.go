package yamledit

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Result is an edited file and what a reviewer should still look at.
type Result struct {
	Data  []byte
	Notes []string
}

// GitLabInclude adds one include (for example {"template":
// "Jobs/SAST.gitlab-ci.yml"}) to a .gitlab-ci.yml unless an equal include
// is already there. GitLab's security templates run their jobs in the test
// stage: when the file lists stages without test, test is appended and a
// note says to check the order.
func GitLabInclude(path string, data []byte, include map[string]string) (Result, error) {
	keys := make([]string, 0, len(include))
	for k := range include {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if len(keys) != 1 {
		return Result{}, fmt.Errorf("gitlab-ci.include: want exactly one of template, local, component, remote, project; got %v", keys)
	}
	kind, loc := keys[0], include[keys[0]]
	if !slices.Contains([]string{"template", "local", "component", "remote"}, kind) || loc == "" {
		return Result{}, fmt.Errorf("gitlab-ci.include: unsupported include %s: %q", kind, loc)
	}
	d, err := Parse(path, data)
	if err != nil {
		return Result{}, err
	}
	exists := func(n *yaml.Node) bool {
		if n.Kind == yaml.ScalarNode {
			return kind == "local" && strings.TrimPrefix(n.Value, "/") == strings.TrimPrefix(loc, "/")
		}
		v := Get(n, kind)
		return v != nil && v.Kind == yaml.ScalarNode && v.Value == loc
	}
	changed, err := d.AppendToSequence("include", kind+": "+quoteIfNeeded(loc), exists)
	if err != nil || !changed {
		return Result{Data: data}, err
	}
	var notes []string
	if kind == "template" && strings.HasPrefix(loc, "Jobs/") || kind == "component" {
		d2, err := Parse(path, d.Bytes())
		if err != nil {
			return Result{}, fmt.Errorf("%s: the edit did not parse back (not written): %w", path, err)
		}
		if st := Get(d2.root, "stages"); st != nil && st.Kind == yaml.SequenceNode && st.Style&yaml.FlowStyle == 0 {
			has := false
			for _, s := range st.Content {
				has = has || s.Value == "test"
			}
			if !has {
				if _, err := d2.AppendToSequence("stages", "test", func(n *yaml.Node) bool { return n.Value == "test" }); err != nil {
					return Result{}, err
				}
				notes = append(notes, "stages: had no test stage, which the included jobs run in; it was added last, move it where it belongs")
				d = d2
			}
		}
	}
	out := d.Bytes()
	if err := verify(path, out, func(root *yaml.Node) bool {
		inc := Get(root, "include")
		if inc == nil || inc.Kind != yaml.SequenceNode {
			return false
		}
		return slices.ContainsFunc(inc.Content, exists)
	}); err != nil {
		return Result{}, err
	}
	return Result{Data: out, Notes: notes}, nil
}

// WorkflowPermissions adds a top-level permissions block (scopes, for
// example {"contents": "read"}) to an Actions workflow that has none, in
// front of jobs:. Jobs that declare their own permissions keep them.
func WorkflowPermissions(path string, data []byte, scopes map[string]string) (Result, error) {
	if len(scopes) == 0 {
		return Result{}, fmt.Errorf("actions.permissions: no scopes given")
	}
	d, err := Parse(path, data)
	if err != nil {
		return Result{}, err
	}
	if Get(d.root, "permissions") != nil {
		return Result{Data: data}, nil
	}
	if Get(d.root, "jobs") == nil {
		return Result{}, d.errAt(d.root, "no jobs: key; not a workflow")
	}
	names := make([]string, 0, len(scopes))
	for k := range scopes {
		names = append(names, k)
	}
	slices.Sort(names)
	lines := []string{"permissions:"}
	for _, k := range names {
		lines = append(lines, pad(d.indent)+k+": "+scopes[k])
	}
	k := keyNode(d.root, "jobs")
	at := k.Line - 1
	for at > 0 && strings.HasPrefix(strings.TrimSpace(d.lines[at-1]), "#") {
		at--
	}
	d.insert(at, append(lines, "")...)
	out := d.Bytes()
	if err := verify(path, out, func(root *yaml.Node) bool { return Get(root, "permissions") != nil }); err != nil {
		return Result{}, err
	}
	return Result{Data: out, Notes: []string{"jobs that push images, comment on merge requests or create releases need their own permissions (for example packages: write)"}}, nil
}

// JUnitReport makes a GitLab CI job publish a JUnit report: it adds
// artifacts:reports:junit (and artifacts:when: always, so that failing
// runs publish too) to the job, and, when replace is set, rewrites the
// script item command (found near line cmdLine, 1-based) so that it writes
// the report. A command that is not a plain one-line item (quoted, a block
// scalar, with a comment) is not rewritten.
func JUnitReport(path string, data []byte, job, report, command string, cmdLine int, replace, with string) (Result, error) {
	d, err := Parse(path, data)
	if err != nil {
		return Result{}, err
	}
	j := Get(d.root, job)
	if j == nil {
		return Result{}, d.errAt(d.root, "no job %q", job)
	}
	if j.Kind != yaml.MappingNode || j.Style&yaml.FlowStyle != 0 {
		return Result{}, d.errAt(j, "job %s is not a block mapping; not edited", job)
	}
	if junit := Get(Get(Get(j, "artifacts"), "reports"), "junit"); junit != nil {
		return Result{Data: data}, nil
	}
	if replace != "" {
		// Earlier edits of the same file may have moved lines, so the
		// command is found by its text inside the job, line as a hint.
		_, end := d.pathTo(job)
		k := keyNode(d.root, job)
		at := -1
		for i := k.Line; i < end; i++ {
			item := strings.TrimSpace(d.lines[i])
			if rest, ok := strings.CutPrefix(item, "- "); ok && strings.TrimSpace(rest) == command {
				if at < 0 || abs(i+1-cmdLine) < abs(at+1-cmdLine) {
					at = i
				}
			}
		}
		if at < 0 || !strings.Contains(d.lines[at], replace) {
			return Result{}, &ParseError{Path: path, Line: cmdLine, Msg: fmt.Sprintf("the test command %q is not a plain one-line script item of job %s; not rewritten", command, job)}
		}
		d.lines[at] = strings.Replace(d.lines[at], replace, with, 1)
	}
	if _, err := d.EnsureMapping([]string{job, "artifacts", "reports", "junit"}, quoteIfNeeded(report), ""); err != nil {
		return Result{}, err
	}
	out := d.Bytes()
	if Get(Get(d.root, job), "artifacts") == nil {
		// A new artifacts block: publish failing runs too.
		d2, err := Parse(path, out)
		if err != nil {
			return Result{}, fmt.Errorf("%s: the edit did not parse back (not written): %w", path, err)
		}
		if _, err := d2.EnsureMapping([]string{job, "artifacts", "when"}, "always", ""); err != nil {
			return Result{}, err
		}
		out = d2.Bytes()
	}
	if err := verify(path, out, func(root *yaml.Node) bool {
		return Get(Get(Get(Get(root, job), "artifacts"), "reports"), "junit") != nil
	}); err != nil {
		return Result{}, err
	}
	return Result{Data: out}, nil
}

// verify re-parses an edited file and checks the edit is where it should
// be, so that a misplaced line is caught before anything is written.
func verify(path string, data []byte, ok func(root *yaml.Node) bool) error {
	d, err := Parse(path, data)
	if err != nil {
		return fmt.Errorf("the edited %s does not parse (not written): %w", path, err)
	}
	if !ok(d.root) {
		return fmt.Errorf("%s: the edit did not land where expected (not written)", path)
	}
	return nil
}

// quoteIfNeeded single-quotes a scalar YAML would read as something else.
func quoteIfNeeded(s string) string {
	var v string
	if err := yaml.Unmarshal([]byte("x: "+s), &struct {
		X *string `yaml:"x"`
	}{&v}); err == nil && v == s && !strings.ContainsAny(s, "#:{}[],&*!|>'\"%@`") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// DependabotEcosystems adds an update entry (weekly, the given directories)
// to .github/dependabot.yml for each ecosystem that has none yet. updates
// is the value the policies compute (score.lib.fixes.dependabot_updates):
// a list of {"ecosystem": name, "directories": [...]}.
func DependabotEcosystems(path string, data []byte, updates []map[string]any) (Result, error) {
	d, err := Parse(path, data)
	if err != nil {
		return Result{}, err
	}
	seq := Get(d.root, "updates")
	if seq == nil || seq.Kind != yaml.SequenceNode || seq.Style&yaml.FlowStyle != 0 || len(seq.Content) == 0 {
		return Result{}, d.errAt(seq, "updates: is not a block sequence of update entries; not edited")
	}
	have := map[string]bool{}
	for _, it := range seq.Content {
		if eco := Get(it, "package-ecosystem"); eco != nil {
			have[eco.Value] = true
		}
	}
	dash := dashColumn(d.lines[seq.Content[0].Line-1], seq.Content[0].Column)
	if dash < 0 {
		return Result{}, d.errAt(seq.Content[0], "cannot find the sequence's dash")
	}
	_, end := d.pathTo("updates")
	var lines []string
	var added []string
	for _, u := range updates {
		eco, _ := u["ecosystem"].(string)
		if eco == "" || have[eco] {
			continue
		}
		var dirs []string
		switch v := u["directories"].(type) {
		case []string:
			dirs = v
		case []any:
			for _, x := range v {
				if s, ok := x.(string); ok {
					dirs = append(dirs, s)
				}
			}
		}
		if len(dirs) == 0 {
			dirs = []string{"/"}
		}
		in := pad(dash + 2)
		lines = append(lines, pad(dash)+"- package-ecosystem: "+quoteIfNeeded(eco), in+"directories:")
		for _, dir := range dirs {
			lines = append(lines, in+pad(d.indent)+"- "+quoteIfNeeded(dir))
		}
		lines = append(lines, in+"schedule:", in+pad(d.indent)+"interval: weekly")
		have[eco] = true
		added = append(added, eco)
	}
	if len(lines) == 0 {
		return Result{Data: data}, nil
	}
	d.insert(end, lines...)
	out := d.Bytes()
	if err := verify(path, out, func(root *yaml.Node) bool {
		n := 0
		for _, it := range Get(root, "updates").Content {
			if eco := Get(it, "package-ecosystem"); eco != nil && slices.Contains(added, eco.Value) {
				n++
			}
		}
		return n == len(added)
	}); err != nil {
		return Result{}, err
	}
	return Result{Data: out}, nil
}

// ActionsJUnit makes an Actions workflow job publish a JUnit report: when
// replace is set it rewrites the job's plain `run: command` step (near line
// cmdLine) so that the command writes report, and it appends an
// upload-artifact step that runs even when the tests fail. uses is the
// upload action reference (for example actions/upload-artifact@v4).
func ActionsJUnit(path string, data []byte, job, report, command string, cmdLine int, replace, with, uses string) (Result, error) {
	d, err := Parse(path, data)
	if err != nil {
		return Result{}, err
	}
	jobs := Get(d.root, "jobs")
	j := Get(jobs, job)
	if j == nil || j.Kind != yaml.MappingNode || j.Style&yaml.FlowStyle != 0 {
		return Result{}, d.errAt(jobs, "no block-mapping job %q under jobs:", job)
	}
	steps := Get(j, "steps")
	if steps == nil || steps.Kind != yaml.SequenceNode || steps.Style&yaml.FlowStyle != 0 || len(steps.Content) == 0 {
		return Result{}, d.errAt(j, "job %s has no block sequence of steps; not edited", job)
	}
	for _, st := range steps.Content {
		if u := Get(st, "uses"); u != nil && strings.HasPrefix(u.Value, "actions/upload-artifact") {
			if p := Get(Get(st, "with"), "path"); p != nil && strings.Contains(p.Value, report) {
				return Result{Data: data}, nil
			}
		}
	}
	_, end := d.pathTo("jobs", job, "steps")
	if replace != "" {
		k := keyNode(j, "steps")
		at := -1
		for i := k.Line; i < end; i++ {
			item := strings.TrimSpace(d.lines[i])
			item = strings.TrimPrefix(item, "- ")
			if rest, ok := strings.CutPrefix(item, "run: "); ok && strings.TrimSpace(rest) == command {
				if at < 0 || abs(i+1-cmdLine) < abs(at+1-cmdLine) {
					at = i
				}
			}
		}
		if at < 0 || !strings.Contains(d.lines[at], replace) {
			return Result{}, &ParseError{Path: path, Line: cmdLine, Msg: fmt.Sprintf("the test command %q is not a plain one-line run step of job %s; not rewritten", command, job)}
		}
		d.lines[at] = strings.Replace(d.lines[at], replace, with, 1)
	}
	dash := dashColumn(d.lines[steps.Content[0].Line-1], steps.Content[0].Column)
	if dash < 0 {
		return Result{}, d.errAt(steps.Content[0], "cannot find the steps' dash")
	}
	in := pad(dash + 2)
	d.insert(end,
		pad(dash)+"- uses: "+uses,
		in+"if: always()",
		in+"with:",
		in+pad(d.indent)+"name: test-results",
		in+pad(d.indent)+"path: "+quoteIfNeeded(report),
	)
	out := d.Bytes()
	if err := verify(path, out, func(root *yaml.Node) bool {
		st := Get(Get(Get(root, "jobs"), job), "steps")
		if st == nil || len(st.Content) == 0 {
			return false
		}
		last := st.Content[len(st.Content)-1]
		return Get(last, "uses") != nil && Get(last, "uses").Value == uses
	}); err != nil {
		return Result{}, err
	}
	return Result{Data: out}, nil
}
