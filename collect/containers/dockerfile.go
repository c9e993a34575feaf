package containers

import (
	"context"
	"path"
	"strings"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// dockerfileCollector finds Dockerfiles and Containerfiles under any of the
// names teams give them and parses each into stages.
type DockerfileCollector struct{}

func (DockerfileCollector) Name() string { return "dockerfile" }

func (DockerfileCollector) Collect(ctx context.Context, t *snapshot.Tree, f *facts.Facts) error {
	for _, p := range t.Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !isDockerfilePath(p) {
			continue
		}
		data, ok := t.ReadText(p)
		if !ok {
			continue
		}
		if df, ok := parseDockerfile(t, p, data); ok {
			f.Containers.Dockerfiles = append(f.Containers.Dockerfiles, df)
		}
	}
	return nil
}

// notDockerfileExts are suffixes of files that carry "Dockerfile" in their
// name but are documentation, configuration or editor leftovers.
var notDockerfileExts = map[string]bool{
	".dockerignore": true, ".md": true, ".rst": true, ".adoc": true, ".txt": true,
	".json": true, ".yml": true, ".yaml": true, ".toml": true, ".xml": true,
	".sh": true, ".py": true, ".go": true, ".js": true, ".ts": true, ".lock": true,
	".bak": true, ".orig": true, ".swp": true, ".rej": true,
}

// isDockerfilePath reports whether p names a Dockerfile of the service:
// Dockerfile, Containerfile, Dockerfile.prod, Dockerfile-worker,
// dockerfile.api, api.Dockerfile, x.containerfile, in any case. Images for
// development environments (.devcontainer/, Gitpod) and fixture trees do
// not count as the service's container build.
func isDockerfilePath(p string) bool {
	if snapshot.IsFixturePath(p) || isDevEnvironmentPath(p) {
		return false
	}
	base := strings.ToLower(path.Base(p))
	if notDockerfileExts[path.Ext(base)] {
		return false
	}
	for _, name := range []string{"dockerfile", "containerfile"} {
		switch {
		case base == name,
			strings.HasSuffix(base, "."+name),
			strings.HasPrefix(base, name+"."),
			strings.HasPrefix(base, name+"-"),
			strings.HasPrefix(base, name+"_"):
			return true
		}
	}
	return false
}

// isDevEnvironmentPath reports whether p belongs to a development
// environment definition rather than to what the service ships.
func isDevEnvironmentPath(p string) bool {
	for _, seg := range strings.Split(strings.ToLower(p), "/") {
		if seg == ".devcontainer" || strings.HasPrefix(seg, ".gitpod") {
			return true
		}
	}
	return false
}
