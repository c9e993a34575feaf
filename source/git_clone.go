package source

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/memory"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
	"github.com/scoredev/score/snapshot"
)

// Auth is how to authenticate to a git server over HTTP(S). A token goes
// out as HTTP basic auth with the user name "oauth2" (GitLab's convention;
// GitHub and others accept any name), and only over http(s). It is never
// logged and is removed from every error this package returns.
type Auth struct {
	// Token is a personal, project, group or CI job token.
	Token string
	// Username defaults to "oauth2".
	Username string
	// Hosts, when not empty, restricts the token to these servers, so that
	// a token for one GitLab is never sent to another server listed in the
	// same repository file. An entry is an origin, scheme://host[:port]
	// (the GitLab base URL; its path is ignored), which must match the
	// repository URL's scheme, host and port exactly; or a bare host[:port],
	// which matches that host over https only. Plain http therefore gets
	// the token only from an http:// entry naming that very server.
	Hosts []string
}

// method returns the go-git auth for u (nil when none applies).
func (a Auth) method(u *url.URL) transport.AuthMethod {
	if u == nil || (u.Scheme != "https" && u.Scheme != "http") {
		return nil
	}
	if u.User != nil { // credentials written into the URL win
		pw, _ := u.User.Password()
		return &githttp.BasicAuth{Username: u.User.Username(), Password: pw}
	}
	if a.Token == "" || !a.allowsHost(u) {
		return nil
	}
	user := a.Username
	if user == "" {
		user = gitLabTokenUser
	}
	return &githttp.BasicAuth{Username: user, Password: a.Token}
}

// allowsHost reports whether the token may go to u: same scheme, host and
// port (default ports filled in) as one of Hosts.
func (a Auth) allowsHost(u *url.URL) bool {
	if len(a.Hosts) == 0 {
		return true
	}
	want := origin(u.Scheme, u.Host)
	for _, h := range a.Hosts {
		scheme, host := "https", h
		if strings.Contains(h, "://") {
			hu, err := url.Parse(h)
			if err != nil {
				continue
			}
			scheme, host = hu.Scheme, hu.Host
		}
		if want != "" && strings.EqualFold(origin(scheme, host), want) {
			return true
		}
	}
	return false
}

// origin is scheme://host:port in lower case with the scheme's default port
// filled in, or "" when hostPort has no host.
func origin(scheme, hostPort string) string {
	scheme = strings.ToLower(scheme)
	u := url.URL{Host: hostPort}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		return ""
	}
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return strings.ToLower(scheme + "://" + net.JoinHostPort(host, port))
}

// CloneOptions tunes Clone. The zero value clones into memory with the
// default retry policy and no authentication.
type CloneOptions struct {
	Auth Auth
	// Timeout bounds one repository, all attempts included (0: only ctx).
	Timeout time.Duration
	// Attempts is how many times a transient failure is tried in all
	// (default 4). Authentication and not-found errors are never retried.
	Attempts int
	// BackoffBase and BackoffMax shape the exponential backoff with jitter
	// between attempts (defaults 1s and 30s). A server's Retry-After is
	// honoured up to BackoffMax.
	BackoffBase, BackoffMax time.Duration
	// CacheDir, when set, keeps a bare shallow mirror per repository under
	// this folder and fetches into it incrementally on later runs instead
	// of cloning. One process at a time may use a cache folder.
	CacheDir string
}

func (o CloneOptions) withDefaults() CloneOptions {
	if o.Attempts <= 0 {
		o.Attempts = 4
	}
	if o.BackoffBase <= 0 {
		o.BackoffBase = time.Second
	}
	if o.BackoffMax <= 0 {
		o.BackoffMax = 30 * time.Second
	}
	if o.BackoffMax < o.BackoffBase {
		o.BackoffMax = o.BackoffBase
	}
	return o
}

// permanentErrors are never retried; errors wrapping them keep errors.Is
// through redaction.
var permanentErrors = []error{
	transport.ErrAuthenticationRequired,
	transport.ErrAuthorizationFailed,
	transport.ErrRepositoryNotFound,
	transport.ErrEmptyRemoteRepository,
	transport.ErrInvalidAuthMethod,
	plumbing.ErrReferenceNotFound,
	context.Canceled,
	context.DeadlineExceeded,
}

// Clone fetches the default branch of a repository (ref.DefaultBranch, or
// the remote's HEAD) at depth 1, single branch, without tags, and returns
// its tree read lazily from git objects. Without a cache the objects live
// in memory and nothing touches the disk; with opts.CacheDir a bare mirror
// is kept there and later runs fetch only what changed.
//
// URLs may be https, http, ssh (authenticated by the ssh agent), git, file
// or a local path; file URLs and local paths run git-upload-pack, so they
// need git on PATH. Transient failures (refused or reset connections,
// timeouts, 5xx, 429) are retried with exponential backoff and jitter;
// authentication and not-found errors fail at once. Errors never contain
// the token or URL credentials; errors.Is still recognises the go-git
// transport errors (transport.ErrAuthenticationRequired, ...).
func Clone(ctx context.Context, ref RepoRef, opts CloneOptions) (snapshot.Snapshot, error) {
	opts = opts.withDefaults()
	if opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Timeout)
		defer cancel()
	}
	ep, err := parseRemote(ref.URL)
	secrets := ep.secrets(opts.Auth)
	if err != nil {
		return snapshot.Snapshot{}, redactError(fmt.Errorf("clone %s: %w", RedactURL(ref.URL), err), secrets)
	}
	auth := opts.Auth.method(ep.u)
	var snap snapshot.Snapshot
	attempts, err := retry(ctx, opts, func(ctx context.Context) error {
		var err error
		if opts.CacheDir != "" {
			snap, err = cloneCached(ctx, ep, ref.DefaultBranch, auth, opts.CacheDir)
		} else {
			snap, err = cloneMemory(ctx, ep, ref.DefaultBranch, auth)
		}
		return err
	})
	if err != nil {
		if attempts > 1 {
			err = fmt.Errorf("%w (after %d attempts)", err, attempts)
		}
		return snapshot.Snapshot{}, redactError(fmt.Errorf("clone %s: %w", RedactURL(ref.URL), err), secrets, permanentErrors...)
	}
	info := ref.Info()
	if info.Name == "" {
		info.Name = RedactURL(ref.URL)
	}
	info.Commit = snap.Info.Commit
	if snap.Info.DefaultBranch != "" {
		info.DefaultBranch = snap.Info.DefaultBranch
	}
	snap.Info = info
	return snap, nil
}

// remote is a parsed clone URL with any credentials taken out of it, so
// that they travel as auth and are never written to a cache's config.
type remote struct {
	url string   // what go-git connects to
	u   *url.URL // parsed, with userinfo (nil for scp-style and paths)
}

func parseRemote(raw string) (remote, error) {
	if raw == "" {
		return remote{}, errors.New("no URL")
	}
	if scpURL.MatchString(raw) {
		return remote{url: raw}, nil
	}
	if strings.Contains(raw, "://") {
		u, err := url.Parse(raw)
		if err != nil {
			return remote{}, err
		}
		clean := *u
		clean.User = nil
		if u.Scheme == "ssh" {
			clean.User = u.User // an ssh user name is not a secret
		}
		return remote{url: clean.String(), u: u}, nil
	}
	abs, err := filepath.Abs(raw)
	if err != nil {
		return remote{}, err
	}
	return remote{url: abs}, nil
}

func (r remote) secrets(a Auth) []string {
	s := []string{a.Token}
	if r.u != nil { // a token may ride in the query or fragment too
		for _, vs := range r.u.Query() {
			s = append(s, vs...)
		}
		s = append(s, r.u.Fragment)
	}
	if r.u != nil && r.u.User != nil {
		if pw, ok := r.u.User.Password(); ok {
			s = append(s, pw)
		} else if r.u.Scheme == "https" || r.u.Scheme == "http" {
			s = append(s, r.u.User.Username()) // https://TOKEN@host/
		}
	}
	return s
}

// cloneMemory clones without a cache. The objects go to a temporary folder,
// not to memory: a repository holding a huge blob then costs disk, not RAM,
// and blobs are read lazily, their size known from the object header
// first (so one over the bound is never read). The folder is removed as
// soon as the clone is open; the open pack file keeps the data until the
// snapshot's file system is garbage collected.
func cloneMemory(ctx context.Context, ep remote, branch string, auth transport.AuthMethod) (snapshot.Snapshot, error) {
	co := &git.CloneOptions{URL: ep.url, Auth: auth, SingleBranch: true, Depth: 1, Tags: git.NoTags, NoCheckout: true}
	if branch != "" {
		co.ReferenceName = plumbing.NewBranchReferenceName(branch)
	}
	tmp, err := os.MkdirTemp("", "score-clone-")
	if err != nil {
		return snapshot.Snapshot{}, fmt.Errorf("clone: %w", err)
	}
	defer os.RemoveAll(tmp)
	kfs := newKeptFS(osfs.New(tmp))
	bst := newCloneStorage(ctx, kfs, true)
	// The clean-up's argument holds neither the snapshot nor the kept
	// objects, which go with the snapshot's collection.
	type openClone struct {
		st   *filesystem.Storage
		held *inflatedHeld
	}
	done := func(c openClone) { _ = c.st.Close(); kfs.close(); c.held.release() }
	clone := openClone{st: bst.Storage, held: bst.inflated.held}
	repo, err := git.CloneContext(ctx, bst, nil, co)
	if err == nil {
		err = kfs.keep(tmp) // objects over 16 KiB are read later, by name
	}
	if err != nil {
		done(clone)
		return snapshot.Snapshot{}, err
	}
	head, err := repo.Head()
	if err != nil {
		done(clone)
		return snapshot.Snapshot{}, fmt.Errorf("read HEAD: %w", err)
	}
	// Load the pack indexes while the folder is still there: the commit
	// and its trees are kept inflated (inflated.go), so opening them no
	// longer does, and the first file read from the pack would find no
	// index.
	if err := bst.Storage.HasEncodedObject(head.Hash()); err != nil {
		done(clone)
		return snapshot.Snapshot{}, fmt.Errorf("read HEAD: %w", err)
	}
	snap, err := commitSnapshot(repo, head.Hash(), headBranch(head))
	if err != nil {
		done(clone)
		return snapshot.Snapshot{}, err
	}
	cfs := snap.FS.(*commitFS)
	cfs.release = bst.inflated.release
	runtime.AddCleanup(cfs, done, clone)
	return snap, nil
}

func commitSnapshot(repo *git.Repository, hash plumbing.Hash, branch string) (snapshot.Snapshot, error) {
	fsys, err := CommitFS(repo, hash)
	if err != nil {
		return snapshot.Snapshot{}, err
	}
	return snapshot.Snapshot{Info: facts.RepoInfo{Commit: hash.String(), DefaultBranch: branch}, FS: fsys}, nil
}

// cacheLocks serialises work on one cache entry within the process.
var cacheLocks sync.Map // path -> *sync.Mutex

// cloneCached keeps a bare shallow mirror in dir: the first run clones it
// (into a temporary folder renamed into place, so a killed run leaves no
// half-made entry), later runs ask the remote where its branch is and fetch
// only when it moved.
func cloneCached(ctx context.Context, ep remote, branch string, auth transport.AuthMethod, dir string) (snapshot.Snapshot, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return snapshot.Snapshot{}, fmt.Errorf("cache: %w", err)
	}
	path := filepath.Join(dir, cacheName(ep.url))
	mu, _ := cacheLocks.LoadOrStore(path, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()

	remoteBranch, sha, err := lsRemote(ctx, ep.url, auth, branch)
	if err != nil {
		return snapshot.Snapshot{}, err
	}
	tracking := plumbing.NewRemoteReferenceName(git.DefaultRemoteName, remoteBranch)

	bst := newCloneStorage(ctx, osfs.New(path), false)
	repo, err := git.Open(bst, nil)
	if err == nil {
		snap, err := fetchInto(ctx, repo, ep, remoteBranch, sha, tracking, auth)
		if err == nil {
			// What the fetch kept inflated goes back to the process's
			// budget with the snapshot.
			cfs := snap.FS.(*commitFS)
			cfs.release = bst.inflated.release
			runtime.AddCleanup(cfs, (*inflatedHeld).release, bst.inflated.held)
		} else {
			bst.inflated.release()
		}
		if err == nil || isTransient(err) || isPermanent(err) {
			return snap, err
		}
		// Anything else means the mirror is broken: start afresh.
	}
	if err := os.RemoveAll(path); err != nil {
		return snapshot.Snapshot{}, fmt.Errorf("cache: %w", err)
	}
	tmp, err := os.MkdirTemp(dir, ".partial-")
	if err != nil {
		return snapshot.Snapshot{}, fmt.Errorf("cache: %w", err)
	}
	defer os.RemoveAll(tmp)
	_, err = git.CloneContext(ctx, newBoundedStorage(ctx, osfs.New(tmp), false), nil, &git.CloneOptions{URL: ep.url, Auth: auth,
		ReferenceName: plumbing.NewBranchReferenceName(remoteBranch), SingleBranch: true, Depth: 1, Tags: git.NoTags})
	if err != nil {
		return snapshot.Snapshot{}, err
	}
	if err := os.Rename(tmp, path); err != nil {
		return snapshot.Snapshot{}, fmt.Errorf("cache: %w", err)
	}
	if repo, err = git.Open(newBoundedStorage(ctx, osfs.New(path), false), nil); err != nil {
		return snapshot.Snapshot{}, fmt.Errorf("cache: %w", err)
	}
	ref, err := repo.Reference(tracking, true)
	if err != nil {
		return snapshot.Snapshot{}, fmt.Errorf("cache: %w", err)
	}
	return commitSnapshot(repo, ref.Hash(), remoteBranch)
}

// fetchInto brings the mirror's tracking branch to sha, fetching at depth 1
// only when the mirror does not have it yet.
func fetchInto(ctx context.Context, repo *git.Repository, ep remote, branch, sha string, tracking plumbing.ReferenceName, auth transport.AuthMethod) (snapshot.Snapshot, error) {
	want := plumbing.NewHash(sha)
	if ref, err := repo.Reference(tracking, true); err == nil && ref.Hash() == want {
		if _, err := repo.CommitObject(want); err == nil {
			return commitSnapshot(repo, want, branch)
		}
	}
	err := repo.FetchContext(ctx, &git.FetchOptions{
		RemoteName: git.DefaultRemoteName,
		RemoteURL:  ep.url,
		RefSpecs:   []config.RefSpec{config.RefSpec(fmt.Sprintf("+refs/heads/%s:%s", branch, tracking))},
		Depth:      1,
		Tags:       git.NoTags,
		Auth:       auth,
		Force:      true,
	})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return snapshot.Snapshot{}, err
	}
	ref, err := repo.Reference(tracking, true)
	if err != nil {
		return snapshot.Snapshot{}, fmt.Errorf("cache: %w", err)
	}
	return commitSnapshot(repo, ref.Hash(), branch)
}

// cacheName is a stable folder name for a URL: readable, and unique by a
// hash of the URL without credentials.
func cacheName(cleanURL string) string {
	sum := sha256.Sum256([]byte(cleanURL))
	base := localRepoName(strings.TrimRight(cleanURL, "/"))
	base = unsafeName.ReplaceAllString(base, "_")
	if len(base) > 40 {
		base = base[:40]
	}
	return base + "-" + hex.EncodeToString(sum[:10]) + ".git"
}

var unsafeName = lazyre.New(`[^A-Za-z0-9._-]`)

// LsRemoteHead asks a remote where its default branch (HEAD) points,
// without fetching anything: the branch name and commit SHA. It makes one
// attempt; Clone is the one that retries.
func LsRemoteHead(ctx context.Context, rawURL string, auth Auth) (branch, sha string, err error) {
	ep, err := parseRemote(rawURL)
	secrets := ep.secrets(auth)
	if err == nil {
		branch, sha, err = lsRemote(ctx, ep.url, auth.method(ep.u), "")
	}
	if err != nil {
		return "", "", redactError(fmt.Errorf("ls-remote %s: %w", RedactURL(rawURL), err), secrets, permanentErrors...)
	}
	return branch, sha, nil
}

// lsRemote resolves branch (or, when empty, the remote's HEAD) to a branch
// name and SHA.
func lsRemote(ctx context.Context, cloneURL string, auth transport.AuthMethod, branch string) (string, string, error) {
	rem := git.NewRemote(memory.NewStorage(), &config.RemoteConfig{Name: git.DefaultRemoteName, URLs: []string{cloneURL}})
	refs, err := rem.ListContext(ctx, &git.ListOptions{Auth: auth})
	if err != nil {
		return "", "", err
	}
	byName := map[plumbing.ReferenceName]*plumbing.Reference{}
	for _, r := range refs {
		byName[r.Name()] = r
	}
	if branch != "" {
		r, ok := byName[plumbing.NewBranchReferenceName(branch)]
		if !ok {
			return "", "", fmt.Errorf("branch %s: %w", branch, plumbing.ErrReferenceNotFound)
		}
		return branch, r.Hash().String(), nil
	}
	head, ok := byName[plumbing.HEAD]
	if !ok {
		if len(refs) == 0 {
			return "", "", transport.ErrEmptyRemoteRepository
		}
		return "", "", fmt.Errorf("remote has no HEAD: %w", plumbing.ErrReferenceNotFound)
	}
	if head.Type() == plumbing.SymbolicReference {
		target, ok := byName[head.Target()]
		if !ok || !head.Target().IsBranch() {
			return "", "", fmt.Errorf("remote HEAD points to %s: %w", head.Target(), plumbing.ErrReferenceNotFound)
		}
		return head.Target().Short(), target.Hash().String(), nil
	}
	// A server without the symref capability: name the branch HEAD is at,
	// preferring main and master.
	var candidates []string
	for _, r := range refs {
		if r.Name().IsBranch() && r.Type() == plumbing.HashReference && r.Hash() == head.Hash() {
			candidates = append(candidates, r.Name().Short())
		}
	}
	if len(candidates) == 0 {
		return "", "", fmt.Errorf("remote HEAD %s is on no branch: %w", head.Hash(), plumbing.ErrReferenceNotFound)
	}
	best := candidates[0]
	for _, c := range candidates {
		if c == "main" || (c == "master" && best != "main") || (best != "main" && best != "master" && c < best) {
			best = c
		}
	}
	return best, head.Hash().String(), nil
}

// retry runs op until it succeeds, fails permanently, runs out of attempts
// or ctx ends, sleeping with exponential backoff and jitter in between. It
// returns how many attempts were made.
func retry(ctx context.Context, opts CloneOptions, op func(context.Context) error) (int, error) {
	for attempt := 1; ; attempt++ {
		err := op(ctx)
		if err == nil || attempt >= opts.Attempts || !isTransient(err) || ctx.Err() != nil {
			if err != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
				err = fmt.Errorf("%w: %w", ctx.Err(), err)
			}
			return attempt, err
		}
		wait := Backoff(opts.BackoffBase, opts.BackoffMax, attempt)
		if ra, ok := retryAfter(err); ok {
			wait = max(wait, min(ra, opts.BackoffMax))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return attempt, fmt.Errorf("%w: %w", ctx.Err(), err)
		case <-t.C:
		}
	}
}

// backoff is base·2^(attempt-1), capped at maxWait, with "equal jitter":
// half fixed, half random, so that retries spread out but still back off.
func Backoff(base, maxWait time.Duration, attempt int) time.Duration {
	d := base
	for i := 1; i < attempt && d < maxWait; i++ {
		d *= 2
	}
	d = min(d, maxWait)
	return d/2 + rand.N(d/2+1)
}

// isPermanent reports errors that another attempt cannot fix.
func isPermanent(err error) bool {
	for _, p := range permanentErrors {
		if errors.Is(err, p) {
			return true
		}
	}
	return false
}

// isTransient reports errors worth another attempt: the network failing
// (refused, reset, timed out, cut short) or the server saying so (5xx
// except 501, 408, 429).
func isTransient(err error) bool {
	if err == nil || isPermanent(err) {
		return false
	}
	transient := false
	walkError(err, func(e error) bool {
		var status int
		switch t := e.(type) {
		case *githttp.Err:
			status = t.StatusCode()
		case interface{ StatusCode() int }:
			status = t.StatusCode()
		}
		if status != 0 {
			transient = status == http.StatusTooManyRequests || status == http.StatusRequestTimeout ||
				(status >= 500 && status != http.StatusNotImplemented)
			return true
		}
		var dnsErr *net.DNSError
		if errors.As(e, &dnsErr) {
			transient = !dnsErr.IsNotFound
			return true
		}
		if errors.Is(e, syscall.ECONNREFUSED) || errors.Is(e, syscall.ECONNRESET) ||
			errors.Is(e, syscall.ECONNABORTED) || errors.Is(e, syscall.EPIPE) ||
			errors.Is(e, syscall.ETIMEDOUT) || errors.Is(e, io.ErrUnexpectedEOF) {
			transient = true
			return true
		}
		if ne, ok := e.(net.Error); ok && ne.Timeout() {
			transient = true
			return true
		}
		return false
	})
	if transient {
		return true
	}
	// go-git flattens some network errors into text.
	msg := strings.ToLower(err.Error())
	for _, s := range []string{"connection refused", "connection reset", "i/o timeout", "tls handshake timeout",
		"unexpected eof", "broken pipe", "server misbehaving", "502 bad gateway", "503 service unavailable", "504 gateway timeout"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// walkError visits err and everything it wraps, including go-git's
// wrappers that do not implement Unwrap, until visit returns true.
func walkError(err error, visit func(error) bool) bool {
	for err != nil {
		if visit(err) {
			return true
		}
		switch e := err.(type) {
		case *plumbing.UnexpectedError:
			err = e.Err
		case *plumbing.PermanentError:
			err = e.Err
		case interface{ Unwrap() []error }:
			for _, inner := range e.Unwrap() {
				if walkError(inner, visit) {
					return true
				}
			}
			return false
		default:
			err = errors.Unwrap(err)
		}
	}
	return false
}

// retryAfter reads a Retry-After header (seconds or an HTTP date) from an
// HTTP error.
func retryAfter(err error) (time.Duration, bool) {
	var d time.Duration
	found := walkError(err, func(e error) bool {
		he, ok := e.(*githttp.Err)
		if !ok || he.Response == nil {
			return false
		}
		d, ok = ParseRetryAfter(he.Response.Header.Get("Retry-After"), time.Now())
		return ok
	})
	return d, found
}

func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, t.Sub(now)), true
	}
	return 0, false
}
