package containers

import (
	"context"
	"path"
	"strings"

	"github.com/scoredev/score/collect/ci"
	"github.com/scoredev/score/collect/internal/textutil"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// containerBuilderCollector finds container builds that need no
// Dockerfile: Jib, Cloud Native Buildpacks, ko, nixpacks, Spring Boot's
// build-image, sbt-native-packager's DockerPlugin and Bazel OCI rules.
type ContainerBuilderCollector struct{}

func (ContainerBuilderCollector) Name() string { return "builders" }

// builderHint is a piece of text that shows a builder in use.
type builderHint struct {
	kind   string
	needle string
}

var (
	mavenHints = []builderHint{
		{"jib", "jib-maven-plugin"},
		{"jib", "quarkus-container-image-jib"},
		{"buildpacks", "quarkus-container-image-buildpack"},
		{"spring-boot-build-image", "<goal>build-image</goal>"},
		{"spring-boot-build-image", "<goal>build-image-no-fork</goal>"},
	}
	gradleHints = []builderHint{
		{"jib", "com.google.cloud.tools.jib"},
		{"jib", "quarkus-container-image-jib"},
		{"buildpacks", "quarkus-container-image-buildpack"},
		{"spring-boot-build-image", "bootBuildImage"},
	}
	// sbtHints: sbt-native-packager's DockerPlugin enabled on a project,
	// or sbt-jib.
	sbtHints = []builderHint{
		{"sbt-native-packager", "DockerPlugin"},
		{"jib", "sbt-jib"},
	}
	bazelHints = []builderHint{
		{"bazel-oci", "oci_image("},
		{"bazel-oci", "container_image("},
	}
	// commandHints are builder invocations in CI files, Makefiles and
	// scripts: the usual way to run Spring Boot's build-image, whose
	// plugin needs no configuration in the build file.
	commandHints = []builderHint{
		{"spring-boot-build-image", "spring-boot:build-image"},
		{"spring-boot-build-image", "bootBuildImage"},
		{"jib", "jib-maven-plugin"},
		{"jib", "jib:build"},
		{"jib", "jib:dockerBuild"},
		{"sbt-native-packager", "docker:publish"},
		{"sbt-native-packager", "Docker/publish"},
		{"sbt-native-packager", "Docker / publish"},
	}
)

// builderFiles are files whose mere presence declares a builder.
var builderFiles = map[string]string{
	"project.toml":  "buildpacks",
	"nixpacks.toml": "nixpacks",
	"nixpacks.json": "nixpacks",
	".ko.yaml":      "ko",
	".ko.yml":       "ko",
}

func (ContainerBuilderCollector) Collect(ctx context.Context, t *snapshot.Tree, f *facts.Facts) error {
	for _, p := range t.Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if snapshot.IsFixturePath(p) || isDevEnvironmentPath(p) {
			continue
		}
		base := strings.ToLower(path.Base(p))
		if kind, ok := builderFiles[base]; ok {
			f.Containers.Builders = append(f.Containers.Builders, facts.ContainerBuilder{Kind: kind, Path: p, Line: 1})
			continue
		}
		hints := builderHintsFor(p, base)
		if hints == nil {
			continue
		}
		data, ok := t.ReadText(p)
		if !ok {
			continue
		}
		f.Containers.Builders = append(f.Containers.Builders, findBuilderHints(p, data, hints)...)
	}
	return nil
}

// builderHintsFor picks what to look for in a file by its name.
func builderHintsFor(p, base string) []builderHint {
	switch {
	case base == "pom.xml":
		return mavenHints
	case base == "build.gradle" || base == "build.gradle.kts":
		return gradleHints
	case base == "build.sbt" || strings.HasSuffix(base, ".sbt") && path.Base(path.Dir(p)) == "project":
		return sbtHints
	case base == "build" || base == "build.bazel":
		return bazelHints
	case base == "makefile" || base == "gnumakefile" || strings.HasSuffix(base, ".mk") ||
		strings.HasSuffix(base, ".sh") || ci.IsConfigPath(p):
		return commandHints
	}
	return nil
}

// findBuilderHints reports each builder kind once per file, at the first
// line that shows it; comment lines do not count.
func findBuilderHints(p string, data []byte, hints []builderHint) []facts.ContainerBuilder {
	var out []facts.ContainerBuilder
	found := map[string]bool{}
	for i, line := range textutil.TextLines(data) {
		if isCommentLine(line) {
			continue
		}
		for _, h := range hints {
			if !found[h.kind] && strings.Contains(line, h.needle) {
				found[h.kind] = true
				out = append(out, facts.ContainerBuilder{Kind: h.kind, Path: p, Line: i + 1})
			}
		}
	}
	return out
}

func isCommentLine(line string) bool {
	s := strings.TrimSpace(line)
	for _, prefix := range []string{"//", "#", "<!--", "/*", "* "} {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}
