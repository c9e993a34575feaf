package ci

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
)

var _ = register(provider{name: "azure", order: 80,
	match: func(p ciPath) bool {
		return p.yml && (strings.HasPrefix(p.base, "azure-pipelines") || underDir(p.dir, ".azure-pipelines") || underDir(p.dir, ".azuredevops"))
	},
	read: func(c *ciContext, _ string, paths []string) { c.azure(paths) }, // decides which files are pipelines, not templates
})

// maxAzureVisits bounds the nodes one Azure pipeline walk visits,
// templates included.
const maxAzureVisits = 100000

// azure reads Azure Pipelines files. Pipelines nest stages > jobs > steps
// (any level may be left out) and pull in local templates at each level;
// a file that another one uses as a template is read as part of it, not as
// a pipeline of its own.
func (c *ciContext) azure(paths []string) {
	referenced := map[string]bool{}
	for _, p := range paths {
		if y, ok := c.loadYAMLOnce(p); ok {
			for _, ref := range azureTemplateRefs(y) {
				referenced[ref] = true
			}
		}
	}
	for _, p := range paths {
		y, ok := c.loadYAMLOnce(p)
		if !ok || referenced[p] {
			continue
		}
		c.addConfig("azure", p)
		r := &azureReader{c: c, stack: map[string]bool{p: true}}
		for _, doc := range y.Docs {
			r.walk(y, doc, nil, 0)
		}
		if r.implicit != nil {
			c.emit(r.implicit)
		}
	}
}

// loadYAMLOnce parses a file once per collection, so that a file read from
// several places warns once.
func (c *ciContext) loadYAMLOnce(p string) (*yamlnode.YamlFile, bool) {
	if y, seen := c.yamlCache[p]; seen {
		return y, y != nil
	}
	var y *yamlnode.YamlFile
	ok := c.spendCIBytes(p)
	if ok {
		y, ok = yamlnode.LoadYAML(c.t, p)
	}
	if !ok {
		y = nil
	}
	c.yamlCache[p] = y
	return y, ok
}

// azureTemplateRefs lists the local templates a file uses.
func azureTemplateRefs(y *yamlnode.YamlFile) []string {
	var refs []string
	visits := 0
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		n = yamlnode.YamlResolve(n)
		if n == nil || depth > yamlnode.MaxScriptDepth*5 || visits > maxAzureVisits {
			return
		}
		visits++
		switch n.Kind {
		case yaml.SequenceNode:
			for _, item := range n.Content {
				walk(item, depth+1)
			}
		case yaml.MappingNode:
			for _, p := range yamlnode.YamlPairs(n) {
				if p.Key == "template" {
					if ref, ok := azureTemplatePath(y.Path, yamlnode.YamlStr(p.Value)); ok {
						refs = append(refs, ref)
					}
					continue
				}
				walk(p.Value, depth+1)
			}
		}
	}
	for _, doc := range y.Docs {
		walk(doc, 0)
	}
	return refs
}

// azureTemplatePath resolves a template reference: relative to the file
// that uses it, or to the repository root with a leading slash. References
// to other repositories (name@repo) and template expressions are not local.
func azureTemplatePath(from, ref string) (string, bool) {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.Contains(ref, "@") || strings.Contains(ref, "$") {
		return "", false
	}
	if strings.HasPrefix(ref, "/") {
		return path.Clean(strings.TrimPrefix(ref, "/")), true
	}
	p := path.Join(path.Dir(from), ref)
	if p == ".." || strings.HasPrefix(p, "../") {
		return "", false
	}
	return p, true
}

type azureReader struct {
	c *ciContext
	// stack holds the files being walked, against template cycles.
	stack  map[string]bool
	visits int
	// implicit is the job of a pipeline that lists steps without jobs.
	implicit *jobBuilder
}

func (r *azureReader) walk(y *yamlnode.YamlFile, n *yaml.Node, jb *jobBuilder, depth int) {
	n = yamlnode.YamlResolve(n)
	r.visits++
	if n == nil || depth > yamlnode.MaxScriptDepth*5 || r.visits > maxAzureVisits {
		return
	}
	switch n.Kind {
	case yaml.SequenceNode:
		for _, item := range n.Content {
			r.walk(y, item, jb, depth+1)
		}
	case yaml.MappingNode:
		for _, key := range []string{"job", "deployment"} {
			if k, name := yamlnode.YamlGetPair(n, key); k != nil && yamlnode.YamlStr(name) != "" {
				job := newJob("azure", y.Path, yamlnode.YamlStr(name), y.Clamp(k.Line))
				job.job.Image = containerImage(yamlnode.YamlGet(n, "container"))
				r.pairs(y, n, job, depth)
				r.c.emit(job)
				return
			}
		}
		r.pairs(y, n, jb, depth)
	}
}

func (r *azureReader) pairs(y *yamlnode.YamlFile, n *yaml.Node, jb *jobBuilder, depth int) {
	for _, p := range yamlnode.YamlPairs(n) {
		switch p.Key {
		case "steps":
			r.steps(y, p.KeyNode.Line, p.Value, jb, depth+1)
		case "template":
			r.template(y, p.KeyNode, p.Value, jb, depth+1)
		default:
			r.walk(y, p.Value, jb, depth+1)
		}
	}
}

// steps reads script/bash/pwsh/powershell steps as commands, task: steps
// as uses, and step templates.
func (r *azureReader) steps(y *yamlnode.YamlFile, line int, steps *yaml.Node, jb *jobBuilder, depth int) {
	if jb == nil {
		if r.implicit == nil {
			r.implicit = newJob("azure", y.Path, "Job", y.Clamp(line))
		}
		jb = r.implicit
	}
	for _, step := range yamlnode.YamlOneOrMany(steps) {
		dir := yamlnode.YamlStr(yamlnode.YamlGet(step, "workingDirectory"))
		for _, key := range []string{"script", "bash", "pwsh", "powershell"} {
			if v := yamlnode.YamlGet(step, key); v != nil {
				jb.run(y.Commands(v, nil), dir)
			}
		}
		if k, task := yamlnode.YamlGetPair(step, "task"); k != nil && yamlnode.YamlStr(task) != "" {
			jb.use(facts.Uses{Ref: yamlnode.YamlStr(task), Path: y.Path, Line: y.Clamp(k.Line), With: yamlnode.YamlStringMap(yamlnode.YamlGet(step, "inputs"))})
		}
		if k, tmpl := yamlnode.YamlGetPair(step, "template"); k != nil {
			r.template(y, k, tmpl, jb, depth+1)
		}
	}
}

// template walks a local template where it is used; a template from
// another repository is recorded as a use of it.
func (r *azureReader) template(y *yamlnode.YamlFile, k, v *yaml.Node, jb *jobBuilder, depth int) {
	ref := yamlnode.YamlStr(v)
	p, local := azureTemplatePath(y.Path, ref)
	if !local || !r.c.t.Has(p) {
		if jb != nil && ref != "" {
			jb.use(facts.Uses{Ref: ref, Path: y.Path, Line: y.Clamp(k.Line)})
		}
		return
	}
	if r.stack[p] || depth > yamlnode.MaxScriptDepth*5 {
		return
	}
	ty, ok := r.c.loadYAMLOnce(p)
	if !ok {
		return
	}
	r.c.addConfig("azure", p)
	r.stack[p] = true
	for _, doc := range ty.Docs {
		r.walk(ty, doc, jb, depth+1)
	}
	delete(r.stack, p)
}
