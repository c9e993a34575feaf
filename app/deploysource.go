package app

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/scoredev/score/collect"
	"github.com/scoredev/score/config"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
	"github.com/scoredev/score/source"
)

// DeploySourceAnnotation links a service to where its workloads live:
// "<deploy repository URL or name>//<folder>" in catalog-info.yaml.
const DeploySourceAnnotation = "score.dev/deploy-source"

// deployElsewhereKey is the policy setting deploy_sources turns on: a
// service without workloads of its own and without a link is not failed
// for lacking them (policies/lib/deploy.rego, elsewhere).
const deployElsewhereKey = "deployments_elsewhere"

// withDeployElsewhere is the config's `config:` with deployments_elsewhere
// set when deploy_sources declares that deployments live elsewhere (an
// explicit setting wins).
func withDeployElsewhere(cfg *config.Config) map[string]any {
	if len(cfg.DeploySources.List) == 0 {
		return cfg.Config
	}
	if _, set := cfg.Config[deployElsewhereKey]; set {
		return cfg.Config
	}
	out := maps.Clone(cfg.Config)
	if out == nil {
		out = map[string]any{}
	}
	out[deployElsewhereKey] = true
	return out
}

// DeployLoader loads a deploy repository (a clone URL, or a local folder)
// for DeploySources. Each repository is loaded once per scan.
type DeployLoader func(ctx context.Context, repo string) (snapshot.Snapshot, error)

// DeploySources reads, in an organisation scan, the workloads of services
// deployed from a separate repository: linked by the catalog annotation
// score.dev/deploy-source or by the platform config's deploy_sources.
type DeploySources struct {
	entries []config.DeploySource
	source  string // the config file
	dir     string // its folder, for local deploy repositories
	load    DeployLoader

	mu    sync.Mutex
	cache map[string]*loadedRepo
}

type loadedRepo struct {
	once sync.Once
	snap snapshot.Snapshot
	err  error
	// reading serialises reads of snap: one clone serves every service
	// linked to it, and a git object store is not safe for concurrent use.
	reading sync.Mutex
}

// newDeploySources reads the config's links; they are followed only once
// an organisation scan gives a loader (useLoader).
func newDeploySources(cfg *config.Config) *DeploySources {
	d := &DeploySources{cache: map[string]*loadedRepo{}}
	if cfg != nil {
		d.entries, d.source = cfg.DeploySources.List, cfg.Path()
		if d.source != "" {
			d.dir = filepath.Dir(d.source)
		}
	}
	return d
}

// link finds a service's deploy repository and folder, and what said so.
func (d *DeploySources) link(f *facts.Facts, info facts.RepoInfo) (repo, dir, via string, ok bool) {
	for _, e := range f.Ownership.Catalog {
		if v := e.Annotations[DeploySourceAnnotation]; v != "" {
			where := at(e.Path, e.AnnotationLines[DeploySourceAnnotation])
			scheme, rest, _ := strings.Cut(v, "://")
			host, tail, _ := strings.Cut(rest, "/")
			repoPath, dir, _ := strings.Cut(tail, "//")
			// A repository's own file names the link: only a URL on the
			// service's own host is followed, never a local folder or
			// another server (the scan's credentials stay where they are).
			if !sameOrigin(info.URL, scheme, host) {
				f.Warnings = append(f.Warnings, facts.Warning{Path: e.Path, Line: e.AnnotationLines[DeploySourceAnnotation],
					Message: DeploySourceAnnotation + ": not followed: want <URL of a repository on this service's own server>//<folder>"})
				return "", "", "", false
			}
			return scheme + "://" + host + "/" + repoPath, strings.Trim(dir, "/"), where, true
		}
	}
	for _, e := range d.entries {
		for _, g := range e.Repos {
			if globMatch(g, info.Name) {
				r := e.DeployRepo
				if !strings.Contains(r, "://") && !strings.HasPrefix(r, "git@") && !filepath.IsAbs(r) && d.dir != "" {
					r = filepath.Join(d.dir, r)
				}
				p := strings.NewReplacer("{name}", path.Base(info.Name), "{repo}", info.Name).Replace(e.Path)
				return r, strings.Trim(p, "/"), at(d.source, e.Line), true
			}
		}
	}
	return "", "", "", false
}

// snapshot is repo, cloned once per scan by the loader, however many
// services link to it.
func (d *DeploySources) snapshot(ctx context.Context, repo string) *loadedRepo {
	d.mu.Lock()
	lr := d.cache[repo]
	if lr == nil {
		lr = &loadedRepo{}
		d.cache[repo] = lr
	}
	d.mu.Unlock()
	lr.once.Do(func() { lr.snap, lr.err = d.load(context.WithoutCancel(ctx), repo) })
	return lr
}

// attach replaces a linked service's workloads and deploy objects with
// those of its folder in the deploy repository, each path prefixed with
// "<deploy repository>:", and records the link in facts.deploy.source.
// A link that cannot be followed is a warning; the service's own facts
// stay.
func (d *DeploySources) attach(ctx context.Context, f *facts.Facts, info facts.RepoInfo) {
	d.mu.Lock()
	loading := d.load != nil
	d.mu.Unlock()
	if !loading {
		return
	}
	repo, dir, via, ok := d.link(f, info)
	if !ok {
		return
	}
	warn := func(err error) {
		f.Warnings = append(f.Warnings, facts.Warning{Path: via, Message: fmt.Sprintf("workloads in %s//%s not read: %v", repo, dir, err)})
	}
	lr := d.snapshot(ctx, repo)
	if lr.err != nil {
		warn(lr.err)
		return
	}
	snap := lr.snap
	lr.reading.Lock()
	theirs, err := collectFolder(ctx, snap, dir)
	lr.reading.Unlock()
	if err != nil {
		warn(err)
		return
	}
	name := snap.Info.Name
	if name == "" {
		name = repo
	}
	prefix := func(p string) string { return name + ":" + path.Join(dir, p) }
	k, dp := theirs.Kubernetes, theirs.Deploy
	for i := range k.Workloads {
		k.Workloads[i].Path = prefix(k.Workloads[i].Path)
	}
	for i := range k.Resources {
		k.Resources[i].Path = prefix(k.Resources[i].Path)
	}
	for _, ps := range [][]facts.Pos{k.Charts, k.Kustomizations} {
		for i := range ps {
			ps[i].Path = prefix(ps[i].Path)
		}
	}
	for i := range dp.GitOps {
		dp.GitOps[i].Path = prefix(dp.GitOps[i].Path)
	}
	for i := range dp.Autoscalers {
		dp.Autoscalers[i].Path = prefix(dp.Autoscalers[i].Path)
	}
	for i := range dp.DisruptionBudgets {
		dp.DisruptionBudgets[i].Path = prefix(dp.DisruptionBudgets[i].Path)
	}
	for i := range dp.Overlays {
		dp.Overlays[i].Path = prefix(dp.Overlays[i].Path)
	}
	own := &f.Kubernetes
	own.Workloads = append(own.Workloads, k.Workloads...)
	own.Resources = append(own.Resources, k.Resources...)
	own.Charts = append(own.Charts, k.Charts...)
	own.Kustomizations = append(own.Kustomizations, k.Kustomizations...)
	od := &f.Deploy
	od.GitOps = append(od.GitOps, dp.GitOps...)
	od.Autoscalers = append(od.Autoscalers, dp.Autoscalers...)
	od.DisruptionBudgets = append(od.DisruptionBudgets, dp.DisruptionBudgets...)
	od.Overlays = append(od.Overlays, dp.Overlays...)
	od.Source = &facts.DeploySource{Repo: name, Path: dir, Via: via}
	f.Warnings = append(f.Warnings, facts.Warning{Message: fmt.Sprintf("%s %s//%s (linked by %s): %d workloads",
		deployReadKey, name, dir, via, len(k.Workloads))})
}

// deployReadKey starts the note of a result that read workloads from a
// deploy repository: such a result depends on that repository's commit as
// well, so it is never reused (Reusable).
const deployReadKey = "deploy and workload checks read the workloads of"

// sameOrigin reports whether scheme://host is the origin of the service's
// URL (an http(s) URL with a host).
func sameOrigin(serviceURL, scheme, host string) bool {
	u, err := url.Parse(serviceURL)
	if err != nil || host == "" || (scheme != "https" && scheme != "http") {
		return false
	}
	return u.Scheme == scheme && strings.EqualFold(u.Host, host)
}

// cloneLoader loads deploy repositories as the scan loads its own: a URL
// by a clone (with the scan's clone options), anything else (only ever
// from the platform config) as a local folder.
func cloneLoader(clone source.CloneOptions) DeployLoader {
	return func(ctx context.Context, repo string) (snapshot.Snapshot, error) {
		if strings.Contains(repo, "://") || strings.HasPrefix(repo, "git@") {
			ref, err := source.ParseRepoURL(repo)
			if err != nil {
				return snapshot.Snapshot{}, err
			}
			return source.Load(ctx, ref, clone)
		}
		return source.LocalSnapshot(source.RepoRef{Dir: repo})
	}
}

// useLoader turns the links on for an organisation scan.
func (d *DeploySources) useLoader(load DeployLoader) {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.load == nil {
		d.load = load
	}
}

// collectFolder collects the facts of dir in a deploy repository's
// snapshot.
func collectFolder(ctx context.Context, snap snapshot.Snapshot, dir string) (*facts.Facts, error) {
	sub := snap.FS
	if dir != "" {
		var err error
		if sub, err = fs.Sub(snap.FS, dir); err == nil {
			_, err = fs.Stat(sub, ".")
		}
		if err != nil {
			return nil, fmt.Errorf("no folder %s", dir)
		}
	}
	return collect.Collect(ctx, snapshot.Snapshot{Info: snap.Info, FS: sub})
}
