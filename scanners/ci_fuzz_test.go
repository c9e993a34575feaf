package scanners

import (
	"testing"
)

// checkLines fails when a fact points outside the file it names: every
// line must be within 1..lines (0 allowed for warnings: "unknown").
func checkLines(t *testing.T, files map[string]string, f *Facts) {
	t.Helper()
	check := func(what, p string, line int, zeroOK bool) {
		t.Helper()
		content, ok := files[p]
		if !ok {
			t.Errorf("%s names %q, which is not in the repository", what, p)
			return
		}
		n := countLines([]byte(content))
		if line > n || line < 0 || (line == 0 && !zeroOK) {
			t.Errorf("%s at %s:%d, file has %d lines", what, p, line, n)
		}
	}
	for _, w := range f.Warnings {
		check("warning "+w.Message, w.Path, w.Line, true)
	}
	for _, df := range f.Containers.Dockerfiles {
		for _, st := range df.Stages {
			check("stage", df.Path, st.Line, false)
			check("from", df.Path, st.From.Line, false)
			for _, in := range []*Instruction{st.User, st.EffectiveUser} {
				if in != nil {
					check("user", df.Path, in.Line, false)
				}
			}
			if st.Healthcheck != nil {
				check("healthcheck", df.Path, st.Healthcheck.Line, false)
			}
			if st.Base != nil {
				check("base", df.Path, st.Base.Line, false)
			}
		}
	}
	for _, j := range f.CI.Jobs {
		check("job "+j.Name, j.Path, j.Line, false)
		for _, c := range append(append([]Command{}, j.Commands...), j.Reached...) {
			check("command "+c.Run, c.Path, c.Line, false)
		}
		for _, u := range j.Uses {
			check("uses "+u.Ref, u.Path, u.Line, false)
		}
	}
	for _, inc := range f.CI.GitLabIncludes {
		check("include", inc.Path, inc.Line, false)
	}
	for _, wf := range f.CI.Workflows {
		if wf.Permissions != nil {
			check("permissions", wf.Path, wf.Permissions.Line, false)
		}
		for _, j := range wf.Jobs {
			check("workflow job", wf.Path, j.Line, false)
			if j.Permissions != nil {
				check("job permissions", wf.Path, j.Permissions.Line, false)
			}
		}
	}
	for _, mt := range append(append([]MakeTarget{}, f.Scripts.MakeTargets...), f.Scripts.TaskRunners...) {
		check("target", mt.Path, mt.Line, false)
		for _, c := range mt.Commands {
			check("recipe", c.Path, c.Line, false)
		}
	}
	for _, cf := range f.Containers.Compose {
		for _, s := range cf.Services {
			check("service", cf.Path, s.Line, false)
		}
	}
}

// fuzzNeighbours are files the fuzzed CI file can include or call.
var fuzzNeighbours = map[string]string{
	"ci/a.yml":                         "a:\n  extends: .b\n  script: [make test]\n.b:\n  image: x\n",
	"Makefile":                         "test: lint\n\tnpm test\nlint:\n\t./scripts/l.sh\n",
	"package.json":                     "{\"scripts\": {\"test\": \"make lint\"}}",
	"scripts/l.sh":                     "#!/bin/sh\nmake test\n",
	".github/actions/setup/action.yml": "runs:\n  using: composite\n  steps:\n    - run: make test\n    - uses: ./.github/actions/setup\n",
}

func fuzzCI(t *testing.T, ciPath string, data []byte) {
	files := map[string]string{ciPath: string(data)}
	for k, v := range fuzzNeighbours {
		files[k] = v
	}
	f := scanWith(t, files, scriptsCollector{}, composeCollector{}, ciCollector{})
	checkLines(t, files, f)
}

func FuzzGitLabCI(f *testing.F) {
	for _, seed := range []string{
		gitlabRoot, gitlabBuild, gitlabTemplate, gitlabChild,
		"include: ci/a.yml\njob:\n  extends: a\n  script:\n    - !reference [a, script]\n",
		"include:\n  - local: 'ci/*.yml'\n  - project: p\n    file: [a, b]\n",
		"x: &a [*a]\njob:\n  script: *a\n",
		"job:\n  script:\n    - >\n      folded\n      line\n    - \"quoted\n      more\"\n",
		"default:\n  before_script: [echo]\njob:\n  inherit:\n    default: [image]\n  script: |\n    a \\\n    b\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCI(t, ".gitlab-ci.yml", data)
	})
}

func FuzzActions(f *testing.F) {
	for _, seed := range []string{
		actionsWorkflow,
		"jobs:\n  a:\n    steps:\n      - uses: ./.github/actions/setup\n      - run: |\n          make test\n",
		"permissions: {}\njobs:\n  a:\n    uses: o/r/.github/workflows/x.yml@v1\n    with: {a: [1, 2]}\n",
		"on: push\njobs:\n  a: &j\n    steps: [{run: x}]\n  b: *j\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCI(t, ".github/workflows/ci.yml", data)
	})
}
