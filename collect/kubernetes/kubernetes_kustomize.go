package kubernetes

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
)

// Kustomize overlays change base workloads with patches. A patch is a
// partial object, so it is never reported on its own; what it adds
// (probes, securityContext) is merged into the base workload of the same
// kind and name that the overlay reaches, so that the base is reported
// once with what any overlay gives it.

// k8sKustomization is what the collector keeps of a kustomization file.
type k8sKustomization struct {
	path, dir string
	files     []string // resource files it names
	dirs      []string // resource folders (bases, components) it names
}

// k8sPatchRef is a patch file named by a kustomization, with its target.
type k8sPatchRef struct {
	kustomization string
	targetKind    string
	targetName    string
}

// k8sPatch is one patch object, or a list of JSON 6902 operations.
type k8sPatch struct {
	ref  k8sPatchRef
	path string
	line int
	kind string
	name string
	// view is the patch read as a workload: only what it sets is set.
	view facts.Workload
	ops  []k8sJSONPatchOp
}

// k8sJSONPatchOp is an add/replace JSON 6902 operation.
type k8sJSONPatchOp struct {
	path  string
	value *yaml.Node
}

// k8sRemoteRe matches remote kustomize resources (git URLs, http).
var k8sRemoteRe = lazyre.New(`://|^github\.com/|^gitlab\.com/|^git@|\?ref=`)

func (k *k8sScan) readKustomization(p string) {
	data, ok := k.t.ReadText(p)
	if !ok {
		return
	}
	docs, errs := splitK8sDocs(data)
	for _, e := range errs {
		k.t.Warn(p, e.line, "parse kustomization: "+e.msg)
	}
	kz := &k8sKustomization{path: p, dir: path.Dir(p)}
	k.kustomizations[p] = kz
	if len(docs) == 0 {
		return
	}
	root, offset := docs[0].root, docs[0].offset
	for _, field := range []string{"resources", "bases", "components", "crds"} {
		for _, it := range yamlnode.YamlItems(yamlnode.YamlGet(root, field)) {
			target, ok := k.kustomizePath(kz.dir, yamlnode.YamlStr(it))
			switch {
			case !ok:
			case k.t.Has(target):
				kz.files = append(kz.files, target)
				k.kustomizeFiles[target] = true
			case k.kustomizeDirs[target]:
				kz.dirs = append(kz.dirs, target)
			}
		}
	}
	// patchesStrategicMerge: file paths or inline patches.
	for _, it := range yamlnode.YamlItems(yamlnode.YamlGet(root, "patchesStrategicMerge")) {
		k.kustomizePatch(kz, k8sPatchRef{kustomization: p}, it, offset)
	}
	// patches and patchesJson6902: {path | patch, target}.
	for _, field := range []string{"patches", "patchesJson6902"} {
		for _, it := range yamlnode.YamlItems(yamlnode.YamlGet(root, field)) {
			ref := k8sPatchRef{kustomization: p}
			target := yamlnode.YamlGet(it, "target")
			ref.targetKind, ref.targetName = yamlnode.YamlStr(yamlnode.YamlGet(target, "kind")), yamlnode.YamlStr(yamlnode.YamlGet(target, "name"))
			if f := yamlnode.YamlGet(it, "path"); f != nil {
				k.kustomizePatch(kz, ref, f, offset)
			}
			if inline := yamlnode.YamlGet(it, "patch"); inline != nil {
				k.kustomizePatch(kz, ref, inline, offset)
			}
		}
	}
}

// kustomizePath resolves a local path named by a kustomization; remote
// resources and paths leaving the repository are not followed.
func (k *k8sScan) kustomizePath(dir, entry string) (string, bool) {
	entry = strings.TrimSpace(entry)
	if entry == "" || k8sRemoteRe.MatchString(entry) || path.IsAbs(entry) {
		return "", false
	}
	p := path.Join(dir, entry)
	if p == ".." || strings.HasPrefix(p, "../") {
		return "", false
	}
	return p, true
}

// kustomizePatch records a patch given as a file path or inline text.
func (k *k8sScan) kustomizePatch(kz *k8sKustomization, ref k8sPatchRef, n *yaml.Node, offset int) {
	s := yamlnode.YamlStr(n)
	if s == "" {
		return
	}
	if strings.Contains(s, "\n") || strings.Contains(s, ":") {
		// Inline: a block scalar's text starts on the line after its key.
		first := n.Line + offset
		if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			first++
		}
		docs, _ := splitK8sDocs([]byte(s))
		for _, d := range docs {
			k.addPatch(ref, kz.path, d.root, d.offset+first-1)
		}
		return
	}
	if target, ok := k.kustomizePath(kz.dir, s); ok && k.t.Has(target) {
		k.patchFiles[target] = append(k.patchFiles[target], ref)
	}
}

// addPatch records one patch document (a partial object, or a list of
// JSON 6902 operations).
func (k *k8sScan) addPatch(ref k8sPatchRef, p string, n *yaml.Node, offset int) {
	n = yamlnode.YamlResolve(n)
	if n == nil {
		return
	}
	pt := &k8sPatch{ref: ref, path: p, line: n.Line + offset, kind: ref.targetKind, name: ref.targetName}
	switch n.Kind {
	case yaml.SequenceNode:
		for _, op := range yamlnode.YamlItems(n) {
			switch yamlnode.YamlStr(yamlnode.YamlGet(op, "op")) {
			case "add", "replace":
				pt.ops = append(pt.ops, k8sJSONPatchOp{path: yamlnode.YamlStr(yamlnode.YamlGet(op, "path")), value: yamlnode.YamlGet(op, "value")})
			}
		}
		if len(pt.ops) == 0 {
			return
		}
	case yaml.MappingNode:
		if kind := yamlnode.YamlStr(yamlnode.YamlGet(n, "kind")); kind != "" {
			pt.kind = kind
		}
		if name := k8sObjectName(n, nil); name != "" {
			pt.name = name
		}
		podPath := k8sPodSpecPath(yamlnode.YamlStr(yamlnode.YamlGet(n, "apiVersion")), pt.kind)
		if podPath == nil {
			return
		}
		pt.view = facts.Workload{Path: p, Line: pt.line, Kind: pt.kind, Name: pt.name, Source: "kustomize"}
		k8sReadPod(&pt.view, yamlnode.YamlPath(n, podPath...), offset, nil)
		k8sReadDeploy(&pt.view, n, yamlnode.YamlPath(n, podPath...), nil)
	default:
		return
	}
	if pt.kind == "" {
		return
	}
	k.patches = append(k.patches, pt)
}

// reach returns the files a kustomization builds from, through the
// folders it names.
func (k *k8sScan) reach(p string, seen map[string]bool) []string {
	if seen[p] {
		return nil
	}
	seen[p] = true
	kz := k.kustomizations[p]
	if kz == nil {
		return nil
	}
	files := slices.Clone(kz.files)
	for _, dir := range kz.dirs {
		for _, name := range []string{"kustomization.yaml", "kustomization.yml", "Kustomization"} {
			files = append(files, k.reach(path.Join(dir, name), seen)...)
		}
	}
	return files
}

// applyPatches merges every patch into the base workloads it targets: the
// ones of the same kind and name the overlay reaches, or failing that the
// ones of the same kind and name anywhere outside charts. A patch that
// matches nothing is reported as a workload only when it defines a
// container with an image (its base is remote); otherwise it is dropped.
func (k *k8sScan) applyPatches() {
	byKind, byName := map[string][]*facts.Workload{}, map[string][]*facts.Workload{}
	for _, w := range k.workloads {
		byKind[w.Kind] = append(byKind[w.Kind], w)
		byName[w.Kind+"/"+w.Name] = append(byName[w.Kind+"/"+w.Name], w)
	}
	reached := map[string]map[string]bool{}
	for _, pt := range k.patches {
		set, ok := reached[pt.ref.kustomization]
		if !ok {
			set = map[string]bool{}
			for _, f := range k.reach(pt.ref.kustomization, map[string]bool{}) {
				set[f] = true
			}
			reached[pt.ref.kustomization] = set
		}
		candidates := byName[pt.kind+"/"+pt.name]
		if pt.name == "" {
			candidates = byKind[pt.kind]
		}
		var bases []*facts.Workload
		for _, w := range candidates {
			if set[w.Path] {
				bases = append(bases, w)
			}
		}
		if len(bases) == 0 && pt.name != "" {
			for _, w := range candidates {
				if w.Source != "helm" {
					bases = append(bases, w)
				}
			}
		}
		for _, w := range bases {
			if pt.ops != nil {
				k8sApplyJSONPatch(w, pt.ops)
			} else {
				k8sMergeWorkload(w, &pt.view)
			}
		}
		if len(bases) == 0 && pt.ops == nil && slices.ContainsFunc(pt.view.Containers, func(c facts.Container) bool { return c.Image != "" }) {
			w := pt.view
			k.workloads = append(k.workloads, &w)
		}
	}
}

// k8sMergeWorkload adds what a patch sets to a base workload: probes are
// OR-ed, security settings the base leaves unset are taken from the patch.
// Containers match by name (a nameless patch container matches a single
// base container).
func k8sMergeWorkload(base, patch *facts.Workload) {
	if base.RunAsNonRoot == nil {
		base.RunAsNonRoot = patch.RunAsNonRoot
	}
	if base.RunAsUser == nil {
		base.RunAsUser = patch.RunAsUser
	}
	for _, pc := range patch.Containers {
		for i := range base.Containers {
			bc := &base.Containers[i]
			if bc.Name != pc.Name && !(pc.Name == "" && len(base.Containers) == 1) {
				continue
			}
			bc.ReadinessProbe = bc.ReadinessProbe || pc.ReadinessProbe
			bc.LivenessProbe = bc.LivenessProbe || pc.LivenessProbe
			bc.StartupProbe = bc.StartupProbe || pc.StartupProbe
			if bc.RunAsNonRoot == nil {
				bc.RunAsNonRoot = pc.RunAsNonRoot
			}
			if bc.RunAsUser == nil {
				bc.RunAsUser = pc.RunAsUser
			}
			if bc.AllowPrivilegeEscalation == nil {
				bc.AllowPrivilegeEscalation = pc.AllowPrivilegeEscalation
			}
			if bc.ReadOnlyRootFilesystem == nil {
				bc.ReadOnlyRootFilesystem = pc.ReadOnlyRootFilesystem
			}
		}
	}
	k8sMergeDeploy(base, patch)
}

// k8sJSONPatchPathRe matches the JSON 6902 paths that touch what the
// facts record, below a pod spec (Pod, pod template, CronJob job template).
var k8sJSONPatchPathRe = lazyre.New(`^/spec/(?:jobTemplate/spec/)?(?:template/spec/)?(?:containers/(\d+)/)?(readinessProbe|livenessProbe|startupProbe|securityContext)(?:/(runAsNonRoot|runAsUser|allowPrivilegeEscalation|readOnlyRootFilesystem))?$`)

// k8sApplyJSONPatch applies add/replace operations that set probes or
// security settings, converting them to a patch view and merging it.
func k8sApplyJSONPatch(w *facts.Workload, ops []k8sJSONPatchOp) {
	for _, op := range ops {
		m := k8sJSONPatchPathRe.FindStringSubmatch(op.path)
		if m == nil {
			continue
		}
		view := facts.Workload{}
		field, sub := m[2], m[3]
		var sc *yaml.Node // the securityContext being set, as a mapping
		scBool := func(key string) *bool {
			if sub == key {
				return yamlnode.YamlBool(op.value)
			}
			return yamlnode.YamlBool(yamlnode.YamlGet(sc, key))
		}
		scInt := func(key string) *int64 {
			if sub == key {
				return yamlnode.YamlInt(op.value)
			}
			return yamlnode.YamlInt(yamlnode.YamlGet(sc, key))
		}
		if field == "securityContext" && sub == "" {
			sc = op.value
		}
		if m[1] == "" {
			if field != "securityContext" {
				continue // probes sit on containers
			}
			view.RunAsNonRoot, view.RunAsUser = scBool("runAsNonRoot"), scInt("runAsUser")
			k8sMergeWorkload(w, &view)
			continue
		}
		i, err := strconv.Atoi(m[1])
		if err != nil || i >= len(w.Containers) {
			continue
		}
		c := facts.Container{Name: w.Containers[i].Name}
		switch field {
		case "readinessProbe":
			c.ReadinessProbe = yamlnode.YamlPresent(op.value)
		case "livenessProbe":
			c.LivenessProbe = yamlnode.YamlPresent(op.value)
		case "startupProbe":
			c.StartupProbe = yamlnode.YamlPresent(op.value)
		case "securityContext":
			c.RunAsNonRoot, c.RunAsUser = scBool("runAsNonRoot"), scInt("runAsUser")
			c.AllowPrivilegeEscalation, c.ReadOnlyRootFilesystem = scBool("allowPrivilegeEscalation"), scBool("readOnlyRootFilesystem")
		}
		view.Containers = []facts.Container{c}
		k8sMergeWorkload(w, &view)
	}
}
