package kubernetes

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
	"github.com/scoredev/score/snapshot"
)

// Collector reads Kubernetes objects from plain manifests,
// kustomize bases and overlays, and Helm chart templates (read without
// rendering) into Facts.Kubernetes: workloads with their containers,
// probes and security context, every other object as a resource, and the
// charts and kustomizations themselves. Fixture trees are skipped.
type Collector struct{}

func (Collector) Name() string { return "kubernetes" }

func (Collector) Collect(ctx context.Context, t *snapshot.Tree, f *facts.Facts) error {
	k := newK8sScan(t)
	k.findChartsAndKustomizations()
	for _, p := range k.kustomizationPaths {
		k.readKustomization(p)
	}
	for _, p := range t.Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !snapshot.IsFixturePath(p) {
			k.readFile(p)
		}
	}
	k.applyPatches()

	kf := &f.Kubernetes
	for _, w := range k.workloads {
		if w.Containers == nil {
			w.Containers = []facts.Container{}
		}
		kf.Workloads = append(kf.Workloads, *w)
	}
	kf.Resources = append(kf.Resources, k.resources...)
	for _, c := range k.chartFiles {
		kf.Charts = append(kf.Charts, facts.Pos{Path: c, Line: 1})
	}
	for _, p := range k.kustomizationPaths {
		kf.Kustomizations = append(kf.Kustomizations, facts.Pos{Path: p, Line: 1})
	}
	f.Deploy.GitOps = append(f.Deploy.GitOps, k.deploy.GitOps...)
	f.Deploy.Autoscalers = append(f.Deploy.Autoscalers, k.deploy.Autoscalers...)
	f.Deploy.DisruptionBudgets = append(f.Deploy.DisruptionBudgets, k.deploy.DisruptionBudgets...)
	sort.SliceStable(kf.Workloads, func(i, j int) bool {
		a, b := kf.Workloads[i], kf.Workloads[j]
		return a.Path < b.Path || (a.Path == b.Path && a.Line < b.Line)
	})
	sort.SliceStable(kf.Resources, func(i, j int) bool {
		a, b := kf.Resources[i], kf.Resources[j]
		return a.Path < b.Path || (a.Path == b.Path && a.Line < b.Line)
	})
	return nil
}

// k8sScan is the state of one Kubernetes collection.
type k8sScan struct {
	t *snapshot.Tree
	// chartDirs are the folders holding a Chart.yaml, longest first.
	chartDirs  []string
	chartFiles []string

	kustomizationPaths []string
	kustomizations     map[string]*k8sKustomization // by path
	kustomizeDirs      map[string]bool              // folders with a kustomization
	kustomizeFiles     map[string]bool              // files named as resources
	patchFiles         map[string][]k8sPatchRef     // files named as patches
	patches            []*k8sPatch

	workloads []*facts.Workload
	resources []facts.Resource
	deploy    facts.DeployFacts

	values map[string]*yaml.Node // chart folder -> parsed values.yaml
}

func newK8sScan(t *snapshot.Tree) *k8sScan {
	return &k8sScan{t: t, kustomizations: map[string]*k8sKustomization{}, kustomizeDirs: map[string]bool{},
		kustomizeFiles: map[string]bool{}, patchFiles: map[string][]k8sPatchRef{},
		values: map[string]*yaml.Node{}}
}

func isKustomizationFile(p string) bool {
	switch path.Base(p) {
	case "kustomization.yaml", "kustomization.yml", "Kustomization":
		return true
	}
	return false
}

func (k *k8sScan) findChartsAndKustomizations() {
	for _, p := range k.t.Files {
		if snapshot.IsFixturePath(p) {
			continue
		}
		switch {
		case path.Base(p) == "Chart.yaml":
			k.chartFiles = append(k.chartFiles, p)
			k.chartDirs = append(k.chartDirs, path.Dir(p))
		case isKustomizationFile(p):
			k.kustomizationPaths = append(k.kustomizationPaths, p)
			k.kustomizeDirs[path.Dir(p)] = true
		}
	}
	sort.Slice(k.chartDirs, func(i, j int) bool { return len(k.chartDirs[i]) > len(k.chartDirs[j]) })
}

// chartRel returns the path of p inside the nearest chart holding it.
func (k *k8sScan) chartRel(p string) (string, bool) {
	for _, dir := range k.chartDirs {
		if dir == "." {
			return p, true
		}
		if rel, ok := strings.CutPrefix(p, dir+"/"); ok {
			return rel, true
		}
	}
	return "", false
}

var (
	k8sAPIVersionLineRe = lazyre.New(`(?m)^\s*"?apiVersion"?\s*:`)
	k8sKindLineRe       = lazyre.New(`(?m)^\s*"?kind"?\s*:`)
	// k8sTemplatedRe finds a template action where a YAML value starts,
	// which plain YAML would misread as a flow mapping.
	k8sTemplatedRe = lazyre.New(`(?m)(:|^\s*-)[ \t]+\{\{`)
)

// readFile reads the Kubernetes objects of one file, if it holds any.
// Files a kustomization names as patches are read as patches, never as
// objects of their own.
func (k *k8sScan) readFile(p string) {
	if isKustomizationFile(p) {
		return
	}
	if refs, ok := k.patchFiles[p]; ok && !k.kustomizeFiles[p] {
		k.readPatchFile(p, refs)
		return
	}
	ext := strings.ToLower(path.Ext(p))
	source, helm := "manifest", false
	if rel, inChart := k.chartRel(p); inChart {
		switch {
		case strings.HasPrefix(rel, "templates/") && !strings.HasPrefix(path.Base(p), "_") &&
			(ext == ".yaml" || ext == ".yml" || ext == ".tpl"):
			source, helm = "helm", true
		case strings.HasPrefix(rel, "crds/") && (ext == ".yaml" || ext == ".yml"):
			source = "helm"
		default:
			return // values, Chart.yaml, packaged subcharts
		}
	} else if ext != ".yaml" && ext != ".yml" {
		return
	}
	if source == "manifest" && (k.kustomizeFiles[p] || k.kustomizeDirs[path.Dir(p)]) {
		source = "kustomize"
	}
	data, ok := k.t.ReadText(p)
	if !ok {
		return
	}
	if !k8sAPIVersionLineRe.Match(data) || !k8sKindLineRe.Match(data) {
		return
	}
	docs, tpl := k.parseDocs(p, data, helm)
	if helm && tpl != nil {
		tpl.values = k.chartValues(p)
		tpl.envValues = k.chartEnvValues(p)
	}
	for _, d := range docs {
		k.object(p, source, d.root, d.offset, tpl, 0)
	}
}

// readPatchFile reads a strategic-merge or JSON 6902 patch file.
func (k *k8sScan) readPatchFile(p string, refs []k8sPatchRef) {
	data, ok := k.t.ReadText(p)
	if !ok {
		return
	}
	docs, _ := k.parseDocs(p, data, false)
	for _, d := range docs {
		for _, ref := range refs {
			k.addPatch(ref, p, d.root, d.offset)
		}
	}
}

// parseDocs parses the documents of a file, neutralising template actions
// in Helm templates (and in other YAML that only parses that way), and
// warns about documents that do not parse.
func (k *k8sScan) parseDocs(p string, data []byte, helm bool) ([]k8sDoc, *helmTemplate) {
	var tpl *helmTemplate
	text := data
	if helm || k8sTemplatedRe.Match(data) {
		tpl = neutraliseHelm(data)
		text = tpl.text
	}
	docs, errs := splitK8sDocs(text)
	if len(errs) > 0 && tpl == nil && strings.Contains(string(data), "{{") {
		// Templated YAML outside a chart (helmfile and the like).
		tpl = neutraliseHelm(data)
		docs, errs = splitK8sDocs(tpl.text)
	}
	for _, e := range errs {
		what := "YAML"
		if tpl != nil {
			what = "template (actions neutralised)"
		}
		k.t.Warn(p, e.line, fmt.Sprintf("parse %s: %s", what, e.msg))
	}
	return docs, tpl
}

// notClusterAPIs are apiVersion groups of configuration files that look
// like Kubernetes objects but are not deployed to a cluster.
var notClusterAPIs = []string{
	"backstage.io/", "skaffold/", "kind.x-k8s.io/", "k3d.io/", "kpt.dev/", "ctlptl.dev/",
	"kustomize.config.k8s.io/", "eksctl.io/", "tilt.dev/",
}

// object records one object (a workload or another resource); a List's
// items are objects of their own.
func (k *k8sScan) object(p, source string, n *yaml.Node, offset int, tpl *helmTemplate, depth int) {
	n = yamlnode.YamlResolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	apiVersion, kind := yamlnode.YamlStr(yamlnode.YamlGet(n, "apiVersion")), yamlnode.YamlStr(yamlnode.YamlGet(n, "kind"))
	if apiVersion == "" || kind == "" || tpl.isTemplated(kind) {
		return
	}
	if strings.HasSuffix(kind, "List") && depth < 2 {
		if items := yamlnode.YamlItems(yamlnode.YamlGet(n, "items")); items != nil || kind == "List" {
			for _, it := range items {
				k.object(p, source, it, offset, tpl, depth+1)
			}
			return
		}
	}
	for _, prefix := range notClusterAPIs {
		if strings.HasPrefix(apiVersion, prefix) {
			return
		}
	}
	if apiVersion == "v1" && kind == "Config" {
		return // a kubeconfig
	}
	apiVersion = tpl.restore(apiVersion)
	name := k8sObjectName(n, tpl)
	line := n.Line + offset
	podPath := k8sPodSpecPath(apiVersion, kind)
	if podPath == nil {
		k.deployObject(p, apiVersion, kind, name, n, line, tpl)
		k.resources = append(k.resources, facts.Resource{Path: p, Line: line, APIVersion: apiVersion, Kind: kind, Name: name, Source: source})
		return
	}
	w := &facts.Workload{Path: p, Line: line, Kind: kind, Name: name, Source: source}
	k8sReadPod(w, yamlnode.YamlPath(n, podPath...), offset, tpl)
	k8sReadDeploy(w, n, yamlnode.YamlPath(n, podPath...), tpl)
	k.workloads = append(k.workloads, w)
}

func k8sObjectName(n *yaml.Node, tpl *helmTemplate) string {
	meta := yamlnode.YamlGet(n, "metadata")
	name := yamlnode.YamlStr(yamlnode.YamlGet(meta, "name"))
	if name == "" {
		name = yamlnode.YamlStr(yamlnode.YamlGet(meta, "generateName"))
	}
	return tpl.restore(name)
}

// k8sPodSpecPath is where a workload kind keeps its pod spec; nil for
// kinds that are not workloads.
func k8sPodSpecPath(apiVersion, kind string) []string {
	template := []string{"spec", "template", "spec"}
	switch kind {
	case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job":
		return template
	case "CronJob":
		return []string{"spec", "jobTemplate", "spec", "template", "spec"}
	case "Pod":
		return []string{"spec"}
	case "Rollout":
		if strings.HasPrefix(apiVersion, "argoproj.io/") {
			return template
		}
	case "Service":
		if strings.HasPrefix(apiVersion, "serving.knative.dev/") {
			return template
		}
	case "DeploymentConfig":
		if strings.HasPrefix(apiVersion, "apps.openshift.io/") || apiVersion == "v1" {
			return template
		}
	}
	return nil
}

// k8sReadPod fills a workload from its pod spec: the pod securityContext
// and every (non-init) container with its probes and securityContext.
func k8sReadPod(w *facts.Workload, pod *yaml.Node, offset int, tpl *helmTemplate) {
	// get reads a key, resolving Helm placeholders against the chart's
	// values and noting those it cannot resolve.
	get := func(n *yaml.Node, key string, templated *bool) *yaml.Node {
		v, t := tpl.valueOf(yamlnode.YamlGet(n, key))
		if t {
			*templated = true
		}
		return v
	}
	sc := get(pod, "securityContext", &w.SecurityContextTemplated)
	w.RunAsNonRoot = yamlnode.YamlBool(get(sc, "runAsNonRoot", &w.SecurityContextTemplated))
	w.RunAsUser = yamlnode.YamlInt(get(sc, "runAsUser", &w.SecurityContextTemplated))
	for _, c := range yamlnode.YamlItems(yamlnode.YamlGet(pod, "containers")) {
		if c.Kind != yaml.MappingNode {
			continue // a templated list entry
		}
		var templated bool
		csc := get(c, "securityContext", &templated)
		runAsNonRoot := yamlnode.YamlBool(get(csc, "runAsNonRoot", &templated))
		runAsUser := yamlnode.YamlInt(get(csc, "runAsUser", &templated))
		w.Containers = append(w.Containers, facts.Container{
			SecurityContextTemplated: templated,
			Name:                     tpl.restore(yamlnode.YamlStr(yamlnode.YamlGet(c, "name"))),
			Image:                    tpl.restore(yamlnode.YamlStr(yamlnode.YamlGet(c, "image"))),
			Line:                     c.Line + offset,
			ReadinessProbe:           yamlnode.YamlPresent(yamlnode.YamlGet(c, "readinessProbe")),
			LivenessProbe:            yamlnode.YamlPresent(yamlnode.YamlGet(c, "livenessProbe")),
			StartupProbe:             yamlnode.YamlPresent(yamlnode.YamlGet(c, "startupProbe")),
			RunAsNonRoot:             runAsNonRoot,
			RunAsUser:                runAsUser,
			AllowPrivilegeEscalation: yamlnode.YamlBool(get(csc, "allowPrivilegeEscalation", &templated)),
			ReadOnlyRootFilesystem:   yamlnode.YamlBool(get(csc, "readOnlyRootFilesystem", &templated)),
		})
	}
}
