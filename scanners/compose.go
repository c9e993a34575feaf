package scanners

import (
	"context"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// composeCollector reads docker-compose / compose files: which services are
// built from this repository and whether they declare a health check.
type composeCollector struct{}

func (composeCollector) Name() string { return "compose" }

func (composeCollector) Collect(ctx context.Context, t *Tree, f *Facts) error {
	for _, p := range t.Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !isComposePath(p) {
			continue
		}
		y, ok := loadYAML(t, p)
		if !ok {
			continue
		}
		f.Containers.Compose = append(f.Containers.Compose, ComposeFile{Path: p, Services: composeServices(t, y)})
	}
	return nil
}

// isComposePath matches docker-compose.yml, compose.yaml and their
// variants (docker-compose.prod.yml, compose.override.yaml) outside
// fixture trees.
func isComposePath(p string) bool {
	if IsFixturePath(p) || isDevEnvironmentPath(p) {
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
func composeServices(t *Tree, y *yamlFile) []ComposeService {
	out := []ComposeService{}
	doc := y.firstMapping()
	services := yamlGet(doc, "services")
	legacy := services == nil
	if legacy {
		services = doc
	}
	for _, p := range yamlPairs(services) {
		svc := p.Value
		if !yamlIsMap(svc) || (legacy && yamlGet(svc, "image") == nil && yamlGet(svc, "build") == nil) {
			continue
		}
		s := ComposeService{Name: p.Key, Line: y.clamp(p.KeyNode.Line)}
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
func composeService(t *Tree, y *yamlFile, svc *yaml.Node, s *ComposeService, set composeSet, depth int) {
	if build := yamlGet(svc, "build"); build != nil && !set.build {
		set.build = true
		s.Build = build.Tag != "!!null"
	}
	if v := yamlGet(svc, "image"); v != nil && !set.image {
		set.image, s.Image = true, yamlStr(v)
	}
	if v := yamlGet(svc, "user"); v != nil && !set.user {
		set.user, s.User = true, yamlStr(v)
	}
	if hc := yamlGet(svc, "healthcheck"); hc != nil && !set.healthcheck {
		// A healthcheck that only tunes interval or retries merges with
		// the one it extends: keep looking for its test.
		composeHealthcheck(hc, s)
		set.healthcheck = s.Healthcheck || s.HealthcheckDisabled
	}
	ext := yamlGet(svc, "extends")
	if ext == nil || depth >= maxComposeExtends {
		return
	}
	name, file := yamlStr(ext), ""
	if name == "" {
		name, file = yamlStr(yamlGet(ext, "service")), yamlStr(yamlGet(ext, "file"))
	}
	base := y
	if file != "" {
		p, ok := repoPath(path.Dir(y.path), file)
		if !ok || !t.Has(p) {
			return
		}
		if base, ok = loadYAML(t, p); !ok {
			return
		}
	}
	services := yamlGet(base.firstMapping(), "services")
	if services == nil {
		services = base.firstMapping()
	}
	if next := yamlGet(services, name); yamlIsMap(next) && name != "" {
		composeService(t, base, next, s, set, depth+1)
	}
}

func composeHealthcheck(hc *yaml.Node, s *ComposeService) {
	switch {
	case hc == nil:
	case strings.EqualFold(yamlStr(yamlGet(hc, "disable")), "true"):
		s.HealthcheckDisabled = true
	case composeTestDisabled(yamlGet(hc, "test")):
		// test: ["NONE"] turns off a health check the image defines.
		s.HealthcheckDisabled = true
	case yamlGet(hc, "test") != nil:
		s.Healthcheck = true
	}
}

func composeTestDisabled(test *yaml.Node) bool {
	items := yamlStrings(test)
	return len(items) > 0 && strings.EqualFold(items[0], "NONE")
}
