package containers

import (
	"context"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/shell"
	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// composeCollector reads docker-compose / compose files: which services are
// built from this repository and whether they declare a health check.
type ComposeCollector struct{}

func (ComposeCollector) Name() string { return "compose" }

func (ComposeCollector) Collect(ctx context.Context, t *snapshot.Tree, f *facts.Facts) error {
	for _, p := range t.Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !isComposePath(p) {
			continue
		}
		y, ok := yamlnode.LoadYAML(t, p)
		if !ok {
			continue
		}
		f.Containers.Compose = append(f.Containers.Compose, facts.ComposeFile{Path: p, Services: composeServices(t, y)})
	}
	return nil
}

// isComposePath matches docker-compose.yml, compose.yaml and their
// variants (docker-compose.prod.yml, compose.override.yaml) outside
// fixture trees.
func isComposePath(p string) bool {
	if snapshot.IsFixturePath(p) || isDevEnvironmentPath(p) {
		return false
	}
	base := strings.ToLower(path.Base(p))
	ext := path.Ext(base)
	if ext != ".yml" && ext != ".yaml" {
		return false
	}
	stem := strings.TrimSuffix(base, ext)
	for _, prefix := range []string{"docker-compose", "compose"} {
		if stem == prefix || strings.HasPrefix(stem, prefix+".") || strings.HasPrefix(stem, prefix+"-") {
			return true
		}
	}
	return false
}

// composeServices lists the services of the first mapping document. Files
// in the legacy (version 1) format have services at the top level.
func composeServices(t *snapshot.Tree, y *yamlnode.YamlFile) []facts.ComposeService {
	out := []facts.ComposeService{}
	doc := y.FirstMapping()
	services := yamlnode.YamlGet(doc, "services")
	legacy := services == nil
	if legacy {
		services = doc
	}
	for _, p := range yamlnode.YamlPairs(services) {
		svc := p.Value
		if !yamlnode.YamlIsMap(svc) || (legacy && yamlnode.YamlGet(svc, "image") == nil && yamlnode.YamlGet(svc, "build") == nil) {
			continue
		}
		s := facts.ComposeService{Name: p.Key, Line: y.Clamp(p.KeyNode.Line)}
		composeService(t, y, svc, &s, composeSet{}, 0)
		out = append(out, s)
	}
	return out
}

// maxComposeExtends bounds a chain of services extending each other.
const maxComposeExtends = 5

// composeSet records which keys a service (or a service it extends) set.
type composeSet struct{ build, image, user, healthcheck bool }

// composeService fills s from svc for the keys not set yet, then from the
// service svc extends (`extends: {service, file}` or `extends: name`):
// what a service does not set, it inherits.
func composeService(t *snapshot.Tree, y *yamlnode.YamlFile, svc *yaml.Node, s *facts.ComposeService, set composeSet, depth int) {
	if build := yamlnode.YamlGet(svc, "build"); build != nil && !set.build {
		set.build = true
		s.Build = build.Tag != "!!null"
	}
	if v := yamlnode.YamlGet(svc, "image"); v != nil && !set.image {
		set.image, s.Image = true, yamlnode.YamlStr(v)
	}
	if v := yamlnode.YamlGet(svc, "user"); v != nil && !set.user {
		set.user, s.User = true, yamlnode.YamlStr(v)
	}
	if hc := yamlnode.YamlGet(svc, "healthcheck"); hc != nil && !set.healthcheck {
		// A healthcheck that only tunes interval or retries merges with
		// the one it extends: keep looking for its test.
		composeHealthcheck(hc, s)
		set.healthcheck = s.Healthcheck || s.HealthcheckDisabled
	}
	ext := yamlnode.YamlGet(svc, "extends")
	if ext == nil || depth >= maxComposeExtends {
		return
	}
	name, file := yamlnode.YamlStr(ext), ""
	if name == "" {
		name, file = yamlnode.YamlStr(yamlnode.YamlGet(ext, "service")), yamlnode.YamlStr(yamlnode.YamlGet(ext, "file"))
	}
	base := y
	if file != "" {
		p, ok := shell.RepoPath(path.Dir(y.Path), file)
		if !ok || !t.Has(p) {
			return
		}
		if base, ok = yamlnode.LoadYAML(t, p); !ok {
			return
		}
	}
	services := yamlnode.YamlGet(base.FirstMapping(), "services")
	if services == nil {
		services = base.FirstMapping()
	}
	if next := yamlnode.YamlGet(services, name); yamlnode.YamlIsMap(next) && name != "" {
		composeService(t, base, next, s, set, depth+1)
	}
}

func composeHealthcheck(hc *yaml.Node, s *facts.ComposeService) {
	switch {
	case hc == nil:
	case strings.EqualFold(yamlnode.YamlStr(yamlnode.YamlGet(hc, "disable")), "true"):
		s.HealthcheckDisabled = true
	case composeTestDisabled(yamlnode.YamlGet(hc, "test")):
		// test: ["NONE"] turns off a health check the image defines.
		s.HealthcheckDisabled = true
	case yamlnode.YamlGet(hc, "test") != nil:
		s.Healthcheck = true
	}
}

func composeTestDisabled(test *yaml.Node) bool {
	items := yamlnode.YamlStrings(test)
	return len(items) > 0 && strings.EqualFold(items[0], "NONE")
}
