package scripts

import (
	"context"
	"path"
	"strings"

	"github.com/scoredev/score/collect/internal/textutil"
	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// Collector reads the build entry points a CI job may call:
// Makefile targets, package.json scripts, repository shell scripts and
// task runners (Taskfile, justfile). ciCollector follows CI commands into
// them, so it must run first.
type Collector struct{}

func (Collector) Name() string { return "scripts" }

func (Collector) Collect(ctx context.Context, t *snapshot.Tree, f *facts.Facts) error {
	for _, p := range t.Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if snapshot.IsFixturePath(p) {
			continue
		}
		base := strings.ToLower(path.Base(p))
		switch {
		case isMakefileName(base):
			if data, ok := t.ReadText(p); ok {
				f.Scripts.MakeTargets = append(f.Scripts.MakeTargets, ParseMakefile(p, data)...)
			}
		case base == "package.json":
			if data, ok := t.ReadText(p); ok {
				f.Scripts.NpmScripts = append(f.Scripts.NpmScripts, parseNpmScripts(t, p, data)...)
			}
		case IsTaskfileName(base):
			if y, ok := yamlnode.LoadYAML(t, p); ok {
				f.Scripts.TaskRunners = append(f.Scripts.TaskRunners, parseTaskfile(y)...)
			}
		case IsJustfileName(base):
			if data, ok := t.ReadText(p); ok {
				f.Scripts.TaskRunners = append(f.Scripts.TaskRunners, parseJustfile(p, data)...)
			}
		case isShellScriptCandidate(p, base):
			if data, ok := t.ReadText(p); ok && isShellScript(base, data) {
				f.Scripts.Shell = append(f.Scripts.Shell, facts.ShellScript{Path: p, Commands: nonNil(textutil.ShellLines(string(data), p, 1))})
			}
		}
	}
	return nil
}

func isMakefileName(base string) bool {
	return base == "makefile" || base == "gnumakefile" || strings.HasSuffix(base, ".mk")
}

func IsTaskfileName(base string) bool {
	switch base {
	case "taskfile.yml", "taskfile.yaml", "taskfile.dist.yml", "taskfile.dist.yaml":
		return true
	}
	return false
}

func IsJustfileName(base string) bool {
	return base == "justfile" || base == ".justfile" || strings.HasSuffix(base, ".just")
}

func nonNil(cmds []facts.Command) []facts.Command {
	if cmds == nil {
		return []facts.Command{}
	}
	return cmds
}
