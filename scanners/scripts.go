package scanners

import (
	"context"
	"path"
	"strings"
)

// scriptsCollector reads the build entry points a CI job may call:
// Makefile targets, package.json scripts, repository shell scripts and
// task runners (Taskfile, justfile). ciCollector follows CI commands into
// them, so it must run first.
type scriptsCollector struct{}

func (scriptsCollector) Name() string { return "scripts" }

func (scriptsCollector) Collect(ctx context.Context, t *Tree, f *Facts) error {
	for _, p := range t.Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if IsFixturePath(p) {
			continue
		}
		base := strings.ToLower(path.Base(p))
		switch {
		case isMakefileName(base):
			if data, ok := t.ReadText(p); ok {
				f.Scripts.MakeTargets = append(f.Scripts.MakeTargets, parseMakefile(p, data)...)
			}
		case base == "package.json":
			if data, ok := t.ReadText(p); ok {
				f.Scripts.NpmScripts = append(f.Scripts.NpmScripts, parseNpmScripts(t, p, data)...)
			}
		case isTaskfileName(base):
			if y, ok := loadYAML(t, p); ok {
				f.Scripts.TaskRunners = append(f.Scripts.TaskRunners, parseTaskfile(y)...)
			}
		case isJustfileName(base):
			if data, ok := t.ReadText(p); ok {
				f.Scripts.TaskRunners = append(f.Scripts.TaskRunners, parseJustfile(p, data)...)
			}
		case isShellScriptCandidate(p, base):
			if data, ok := t.ReadText(p); ok && isShellScript(base, data) {
				f.Scripts.Shell = append(f.Scripts.Shell, ShellScript{Path: p, Commands: nonNil(shellLines(string(data), p, 1))})
			}
		}
	}
	return nil
}

func isMakefileName(base string) bool {
	return base == "makefile" || base == "gnumakefile" || strings.HasSuffix(base, ".mk")
}

func isTaskfileName(base string) bool {
	switch base {
	case "taskfile.yml", "taskfile.yaml", "taskfile.dist.yml", "taskfile.dist.yaml":
		return true
	}
	return false
}

func isJustfileName(base string) bool {
	return base == "justfile" || base == ".justfile" || strings.HasSuffix(base, ".just")
}

func nonNil(cmds []Command) []Command {
	if cmds == nil {
		return []Command{}
	}
	return cmds
}
