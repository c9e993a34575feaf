package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
	"github.com/scoredev/score/snapshot"
)

// RepoRef names a repository to scan before it is fetched: what a source
// (a list of URLs, a folder of checkouts, a GitLab group) knows about it.
// Load turns it into a Snapshot.
type RepoRef struct {
	// Name identifies the repository in results, e.g. "group/svc".
	Name string `json:"name"`
	// URL is where to clone it from; empty for a local folder.
	URL string `json:"url,omitempty"`
	// Dir is a local folder to scan as it is, instead of cloning URL.
	Dir string `json:"dir,omitempty"`
	// Team is an owner named by the list of repositories, if any.
	Team string `json:"team,omitempty"`
	// GroupPath and Topics are ownership hints (the GitLab namespace, or
	// the path above the repository in its URL).
	GroupPath string   `json:"group_path,omitempty"`
	Topics    []string `json:"topics,omitempty"`
	// DefaultBranch is the branch to scan; empty means the remote's HEAD.
	DefaultBranch string `json:"default_branch,omitempty"`
	// HeadCommit is the commit the source says the default branch is at,
	// when it knows (ls-remote, an API); empty otherwise.
	HeadCommit string `json:"head_commit,omitempty"`
	// ProjectID is the GitLab project id, for GitLab sources.
	ProjectID int64 `json:"project_id,omitempty"`
	// LastActivityAt is when GitLab last saw activity, for GitLab sources.
	LastActivityAt time.Time `json:"last_activity_at,omitzero"`
	// Origin is where the reference was declared ("repos.yaml:12"), for
	// messages.
	Origin string `json:"origin,omitempty"`
}

// Info is what the reference already says about the repository. The URL
// never carries credentials.
func (r RepoRef) Info() facts.RepoInfo {
	var topics []string
	if len(r.Topics) > 0 {
		topics = append([]string(nil), r.Topics...)
	}
	return facts.RepoInfo{Name: r.Name, URL: RedactURL(r.URL), Commit: r.HeadCommit, DefaultBranch: r.DefaultBranch,
		GroupPath: r.GroupPath, Topics: topics, Team: r.Team}
}

// Load fetches the snapshot a reference names: a local folder as it is on
// disk, anything else by Clone.
func Load(ctx context.Context, ref RepoRef, opts CloneOptions) (snapshot.Snapshot, error) {
	if ref.Dir != "" {
		return LocalSnapshot(ref)
	}
	return Clone(ctx, ref, opts)
}

// LocalSnapshot is the working tree of a local folder, with what git (if it
// is a repository) says about it: the HEAD commit, the origin URL and the
// remote's default branch.
func LocalSnapshot(ref RepoRef) (snapshot.Snapshot, error) {
	st, err := os.Stat(ref.Dir)
	if err != nil {
		return snapshot.Snapshot{}, fmt.Errorf("open %s: %w", ref.Dir, err)
	}
	if !st.IsDir() {
		return snapshot.Snapshot{}, fmt.Errorf("open %s: not a directory", ref.Dir)
	}
	info := ref.Info()
	if info.Name == "" {
		info.Name = filepath.Base(ref.Dir)
	}
	gi := gitInfo(ref.Dir)
	if info.Commit == "" {
		info.Commit = gi.Commit
	}
	if info.URL == "" {
		info.URL = gi.URL
	}
	if info.DefaultBranch == "" {
		info.DefaultBranch = gi.DefaultBranch
	}
	fsys, err := DirFS(ref.Dir)
	if err != nil {
		return snapshot.Snapshot{}, err
	}
	return snapshot.Snapshot{Info: info, FS: fsys}, nil
}

// DirFS is the working tree in dir as an fs.FS confined to it: unlike
// os.DirFS, no path through it (a symlink in any component, "..", an
// absolute link) reaches outside dir. Symlinks that stay inside are
// followed. The folder is released when the file system is garbage
// collected.
func DirFS(dir string) (fs.FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	return withRegularReads(root, dir), nil
}

// gitInfo reads HEAD and origin of a folder that is itself the root of a
// git repository; a folder inside some other repository gets nothing.
func gitInfo(dir string) facts.RepoInfo {
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{EnableDotGitCommonDir: true})
	if err != nil {
		return facts.RepoInfo{}
	}
	info := localRepoInfo(repo)
	if head, err := repo.Head(); err == nil {
		info.Commit = head.Hash().String()
	}
	return info
}

// DirRepos lists the subfolders of dir (a folder of checkouts) as
// repositories to scan in place, sorted by name. Each one's name is the
// folder's name; hidden folders and files are skipped. A subfolder does not
// need to be a git repository; when it is, its HEAD commit is recorded.
func DirRepos(dir string) ([]RepoRef, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	var refs []RepoRef
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := filepath.Join(abs, e.Name())
		if st, err := os.Stat(p); err != nil || !st.IsDir() { // follows symlinked folders
			continue
		}
		gi := gitInfo(p)
		refs = append(refs, RepoRef{Name: e.Name(), Dir: p, HeadCommit: gi.Commit,
			DefaultBranch: gi.DefaultBranch, URL: gi.URL})
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].Name < refs[j].Name })
	return refs, nil
}

// ParseReposFile reads a list of repositories: either one URL per line
// (blank lines and # comments ignored), or YAML of the form
//
//	repos:
//	  - url: https://gitlab.example.com/payments/api.git
//	    name: payments/api        # optional, derived from the URL
//	    team: payments            # optional
//	    default_branch: main      # optional, the remote's HEAD otherwise
//
// A URL is https://, http://, ssh://, git://, file://, scp-style
// git@host:path, or a local path (relative paths are relative to the file).
// Errors name the file and line. Two entries with the same name are an
// error, since results are keyed by name.
func ParseReposFile(file string) ([]RepoRef, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read repository list: %w", err)
	}
	return ParseRepos(file, data)
}

// ParseRepos is ParseReposFile on content already read; file names it in
// errors and anchors relative paths.
func ParseRepos(file string, data []byte) ([]RepoRef, error) {
	var refs []RepoRef
	var err error
	if looksLikeYAMLList(data) {
		refs, err = parseReposYAML(file, data)
	} else {
		refs, err = parseReposLines(file, data)
	}
	if err != nil {
		return nil, err
	}
	seen := map[string]string{}
	var errs []error
	for _, r := range refs {
		if first, ok := seen[r.Name]; ok {
			errs = append(errs, fmt.Errorf("%s: duplicate repository name %q (first at %s); set name: to tell them apart", r.Origin, r.Name, first))
			continue
		}
		seen[r.Name] = r.Origin
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return refs, nil
}

// looksLikeYAMLList reports whether the first meaningful line starts the
// YAML form.
func looksLikeYAMLList(data []byte) bool {
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		return line == "---" || strings.HasPrefix(line, "repos:")
	}
	return false
}

func parseReposLines(file string, data []byte) ([]RepoRef, error) {
	var refs []RepoRef
	var errs []error
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for i, line := range strings.Split(string(data), "\n") {
		origin := fmt.Sprintf("%s:%d", file, i+1)
		line = strings.TrimSpace(line)
		if j := commentStart(line); j >= 0 {
			line = strings.TrimSpace(line[:j])
		}
		if line == "" {
			continue
		}
		if strings.ContainsAny(line, " \t") {
			errs = append(errs, fmt.Errorf("%s: want one repository URL per line, got %q", origin, Redact(line)))
			continue
		}
		ref, err := refFromURL(file, line)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", origin, err))
			continue
		}
		ref.Origin = origin
		refs = append(refs, ref)
	}
	return refs, errors.Join(errs...)
}

// commentStart finds a # that starts a comment: at the start of the line
// or after whitespace (a # inside a URL is kept).
func commentStart(line string) int {
	for i := 0; i < len(line); i++ {
		if line[i] == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
			return i
		}
	}
	return -1
}

func parseReposYAML(file string, data []byte) ([]RepoRef, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(file, err)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	at := func(n *yaml.Node) string { return fmt.Sprintf("%s:%d", file, n.Line) }
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: want a mapping with a repos: list", at(root))
	}
	var list *yaml.Node
	var errs []error
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "repos" {
			errs = append(errs, fmt.Errorf("%s: unknown key %q (want repos)", at(k), k.Value))
			continue
		}
		list = v
	}
	if list == nil {
		return nil, errors.Join(append(errs, fmt.Errorf("%s: no repos: list", at(root)))...)
	}
	if list.Kind != yaml.SequenceNode {
		if list.Tag == "!!null" {
			return nil, errors.Join(errs...)
		}
		return nil, errors.Join(append(errs, fmt.Errorf("%s: repos: want a list", at(list)))...)
	}
	var refs []RepoRef
	for _, item := range list.Content {
		ref, err := repoFromYAML(file, item)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		refs = append(refs, ref)
	}
	return refs, errors.Join(errs...)
}

func repoFromYAML(file string, item *yaml.Node) (RepoRef, error) {
	at := func(n *yaml.Node) string { return fmt.Sprintf("%s:%d", file, n.Line) }
	if item.Kind == yaml.ScalarNode { // a bare URL in the list
		ref, err := refFromURL(file, item.Value)
		if err != nil {
			return RepoRef{}, fmt.Errorf("%s: %w", at(item), err)
		}
		ref.Origin = at(item)
		return ref, nil
	}
	if item.Kind != yaml.MappingNode {
		return RepoRef{}, fmt.Errorf("%s: want a repository (url:, name:, team:)", at(item))
	}
	fields := map[string]string{}
	var errs []error
	for i := 0; i+1 < len(item.Content); i += 2 {
		k, v := item.Content[i], item.Content[i+1]
		switch k.Value {
		case "url", "name", "team", "default_branch":
			if v.Kind != yaml.ScalarNode {
				errs = append(errs, fmt.Errorf("%s: %s: want a string", at(v), k.Value))
				continue
			}
			fields[k.Value] = strings.TrimSpace(v.Value)
		default:
			errs = append(errs, fmt.Errorf("%s: unknown key %q (want url, name, team, default_branch)", at(k), k.Value))
		}
	}
	if len(errs) > 0 {
		return RepoRef{}, errors.Join(errs...)
	}
	if fields["url"] == "" {
		return RepoRef{}, fmt.Errorf("%s: repository without url:", at(item))
	}
	ref, err := refFromURL(file, fields["url"])
	if err != nil {
		return RepoRef{}, fmt.Errorf("%s: %w", at(item), err)
	}
	if n := fields["name"]; n != "" {
		ref.Name = n
	}
	ref.Team = fields["team"]
	ref.DefaultBranch = fields["default_branch"]
	ref.Origin = at(item)
	return ref, nil
}

// yamlLine finds the line in a YAML library error.
var yamlLine = lazyre.New(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlError names file and line in a YAML syntax error.
func yamlError(file string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		return fmt.Errorf("%s:%s: %s", file, m[1], m[2])
	}
	return fmt.Errorf("%s: %s", file, msg)
}

// scpURL matches scp-style "user@host:path".
var scpURL = lazyre.New(`^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:[^/\\].*$|^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:/.+$`)

// refFromURL checks a repository URL and derives a name and group path from
// it. Relative local paths are resolved against the directory of file.
func refFromURL(file, raw string) (RepoRef, error) {
	switch {
	case scpURL.MatchString(raw):
		p := raw[strings.Index(raw, ":")+1:]
		return refFromRepoPath(raw, p), nil
	case strings.Contains(raw, "://"):
		u, err := url.Parse(raw)
		if err != nil {
			return RepoRef{}, fmt.Errorf("not a repository URL: %s (percent-encode special characters in a user name or password)", Redact(err.Error()))
		}
		switch u.Scheme {
		case "https", "http", "ssh", "git":
			if u.Host == "" || strings.Trim(u.Path, "/") == "" {
				return RepoRef{}, fmt.Errorf("not a repository URL (no host or path): %s", RedactURL(raw))
			}
			return refFromRepoPath(raw, u.Path), nil
		case "file":
			if u.Path == "" {
				return RepoRef{}, fmt.Errorf("not a repository URL (no path): %s", RedactURL(raw))
			}
			return RepoRef{Name: localRepoName(u.Path), URL: raw}, nil
		default:
			return RepoRef{}, fmt.Errorf("unsupported URL scheme %q (want https, http, ssh, git or file)", u.Scheme)
		}
	case filepath.IsAbs(raw) || strings.HasPrefix(raw, "./") || strings.HasPrefix(raw, "../") || raw == "." || raw == "..":
		p := raw
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(file), p)
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return RepoRef{}, err
		}
		return RepoRef{Name: localRepoName(filepath.ToSlash(abs)), URL: abs}, nil
	default:
		return RepoRef{}, fmt.Errorf("not a repository URL: %q (want https://..., ssh://..., git@host:path, file://... or a path starting with / or ./)", Redact(raw))
	}
}

// refFromRepoPath names a hosted repository by its path ("group/sub/svc")
// and takes the path above it as the group.
func refFromRepoPath(raw, p string) RepoRef {
	p = strings.TrimSuffix(strings.Trim(p, "/"), ".git")
	ref := RepoRef{Name: p, URL: raw}
	if i := strings.LastIndex(p, "/"); i > 0 {
		ref.GroupPath = p[:i]
	}
	return ref
}

func localRepoName(p string) string {
	p = strings.TrimSuffix(strings.TrimRight(p, "/"), "/.git")
	return strings.TrimSuffix(path.Base(p), ".git")
}

// headBranch names the branch a reference points at ("main"), or "".
func headBranch(ref *plumbing.Reference) string {
	if ref.Name().IsBranch() {
		return ref.Name().Short()
	}
	return ""
}
