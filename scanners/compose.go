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
		f.Containers.Compose = append(f.Containers.Compose, ComposeFile{Path: p, Services: composeServices(y)})
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
func composeServices(y *yamlFile) []ComposeService {
	out := []ComposeService{}
	doc := y.firstMapping()
	services := ymGet(doc, "services")
	legacy := services == nil
	if legacy {
		services = doc
	}
	for _, p := range ymPairs(services) {
		svc := ymResolve(p.Value)
		if !ymIsMap(svc) || (legacy && ymGet(svc, "image") == nil && ymGet(svc, "build") == nil) {
			continue
		}
		out = append(out, composeService(y, p, svc))
	}
	return out
}

func composeService(y *yamlFile, p ymPair, svc *yaml.Node) ComposeService {
	s := ComposeService{Name: p.Key, Line: y.clamp(p.KeyN.Line)}
	if build := ymGet(svc, "build"); build != nil && build.Tag != "!!null" {
		s.Build = true
	}
	s.Image = ymStr(ymGet(svc, "image"))
	s.User = ymStr(ymGet(svc, "user"))
	hc := ymGet(svc, "healthcheck")
	switch {
	case hc == nil:
	case strings.EqualFold(ymStr(ymGet(hc, "disable")), "true"):
		s.HealthcheckDisabled = true
	case composeTestDisabled(ymGet(hc, "test")):
		// test: ["NONE"] turns off a health check the image defines.
		s.HealthcheckDisabled = true
	case ymGet(hc, "test") != nil:
		s.Healthcheck = true
	}
	return s
}

func composeTestDisabled(test *yaml.Node) bool {
	items := ymStrings(test)
	return len(items) > 0 && strings.EqualFold(items[0], "NONE")
}
