package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/scoredev/score/collect"
	"github.com/scoredev/score/history"
	"github.com/scoredev/score/scorecard"
	"github.com/scoredev/score/source"
	"github.com/scoredev/score/source/gitlab"
)

// Sources names the repositories of a scan: any mix of URLs, a repos file,
// a folder of checkouts and a GitLab group, and the shard to keep.
type Sources struct {
	// Refs are repositories named one by one (--repo), already checked.
	Refs      []source.RepoRef
	ReposFile string
	Dir       string
	// GitLab, when its Group is set, discovers the group's projects.
	GitLab gitlab.GitLabOptions
	// ShardIndex of ShardCount (1-based); a count of 0 or 1 keeps all.
	ShardIndex, ShardCount int
}

// InputError is a mistake in what the user named (a repos file or folder
// that cannot be read or parsed), as opposed to a failure while running.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// Gather lists the repositories of every source, de-duplicated by name, in
// the order the sources name them, keeping those of the shard.
func Gather(ctx context.Context, s Sources) ([]source.RepoRef, error) {
	var refs []source.RepoRef
	refs = append(refs, s.Refs...)
	if s.ReposFile != "" {
		more, err := source.ParseReposFile(s.ReposFile)
		if err != nil {
			return nil, &InputError{err}
		}
		refs = append(refs, more...)
	}
	if s.Dir != "" {
		more, err := source.DirRepos(s.Dir)
		if err != nil {
			return nil, &InputError{err}
		}
		refs = append(refs, more...)
	}
	if s.GitLab.Group != "" {
		more, err := gitlab.DiscoverGitLab(ctx, s.GitLab)
		if err != nil {
			return nil, fmt.Errorf("discover GitLab group %s: %w", s.GitLab.Group, err)
		}
		refs = append(refs, more...)
	}
	seen := map[string]bool{}
	var out []source.RepoRef
	for _, r := range refs {
		if seen[r.Name] {
			continue
		}
		seen[r.Name] = true
		if InShard(r.Name, s.ShardIndex, s.ShardCount) {
			out = append(out, r)
		}
	}
	return out, nil
}

// ParseShard reads "I/N" with 1 <= I <= N.
func ParseShard(s string) (i, n int, ok bool) {
	a, b, found := strings.Cut(s, "/")
	if !found {
		return 0, 0, false
	}
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return 0, 0, false
	}
	return i, n, true
}

// InShard partitions repositories by a hash of their name, so every shard
// of every run agrees on who scans what, whatever order sources list them in.
func InShard(name string, index, count int) bool {
	if count <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	return int(h.Sum32()%uint32(count)) == index-1
}

// ScanOptions say how a scan runs its pool.
type ScanOptions struct {
	Pipeline *Pipeline
	// Store, when set, lets an unchanged remote repository reuse its last
	// stored result (unless Full).
	Store *history.Store
	Clone source.CloneOptions
	Full  bool
	// Timeout bounds one repository: clone, collection and evaluation.
	Timeout     time.Duration
	Concurrency int
	// Version is the score version, part of every result's reuse key.
	Version string
	// Outcomes, when set, also measures each repository's delivery
	// (score scan --outcomes); it never changes the score.
	Outcomes *OutcomeOptions
	// Done is called once per finished repository, one call at a time, in
	// the order they finish (the partial stream, progress).
	Done func(repo scorecard.Repo, reused bool)
}

// Scan scans refs with a pool of Concurrency workers and returns one row
// per ref, in refs' order. It never fails: a repository that cannot be
// cloned or scanned keeps its row with Error set. When ctx ends first, rows
// not finished say so and interrupted is true.
func Scan(ctx context.Context, refs []source.RepoRef, o ScanOptions) (results []scorecard.Repo, interrupted bool) {
	o.Pipeline.DeploySources.useLoader(cloneLoader(o.Clone))
	sc := &scanner{pipeline: o.Pipeline, store: o.Store, full: o.Full, clone: o.Clone, timeout: o.Timeout, version: o.Version}
	results = make([]scorecard.Repo, len(refs))
	done := make([]bool, len(refs))
	var mu sync.Mutex
	grp, gctx := errgroup.WithContext(ctx)
	grp.SetLimit(o.Concurrency)
	for i, ref := range refs {
		if gctx.Err() != nil {
			break
		}
		grp.Go(func() error {
			repo, reused := sc.scanOne(gctx, ref)
			if gctx.Err() != nil && repo.Error != "" {
				return nil // interrupted: reported as not scanned below
			}
			repo.Outcomes = sc.outcomes(gctx, ref, repo, o.Outcomes)
			mu.Lock()
			defer mu.Unlock()
			results[i], done[i] = repo, true
			if o.Done != nil {
				o.Done(repo, reused)
			}
			return nil
		})
	}
	_ = grp.Wait()
	interrupted = ctx.Err() != nil
	for i, ref := range refs {
		if !done[i] {
			results[i] = ErrorRow(ref.Info(), errors.New("not scanned: the scan was interrupted"))
		}
	}
	return results, interrupted
}

// ScanDocument is the scan result of rows scored by p: the stable score.scan/v1
// document, finalised (rollups, sorting).
func ScanDocument(p *Pipeline, toolVersion string, started time.Time, rows []scorecard.Repo) *scorecard.Scan {
	scan := &scorecard.Scan{
		Schema: scorecard.Schema, SchemaVersion: scorecard.SchemaVersion, Tool: scorecard.Tool{Version: toolVersion},
		Policy: scorecard.Policy{Digest: p.Engine.Digest()}, StartedAt: started, FinishedAt: time.Now().UTC(),
		Repos: rows, Paths: p.Paths.Infos(),
	}
	scorecard.Finalize(scan)
	return scan
}

// scanner scans one repository at a time; it is shared by the workers.
type scanner struct {
	pipeline *Pipeline
	store    *history.Store
	clone    source.CloneOptions
	full     bool
	// timeout bounds one repository: clone, collection and evaluation.
	timeout time.Duration
	// version is the score version, part of every result's reuse key.
	version string
}

// scanOne never fails: problems, an overrun of the timeout and panics
// become the row's error.
func (s *scanner) scanOne(ctx context.Context, ref source.RepoRef) (repo scorecard.Repo, reused bool) {
	defer func() {
		if r := recover(); r != nil {
			repo, reused = ErrorRow(ref.Info(), &collect.PanicError{Value: r}), false
		}
	}()
	if s.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, s.timeout, fmt.Errorf("repository took longer than --timeout %s", s.timeout))
		defer cancel()
	}
	if prev, ok := s.unchanged(ctx, &ref); ok {
		return prev, true
	}
	snap, err := source.Load(ctx, ref, s.clone)
	if err != nil {
		return ErrorRow(ref.Info(), err), false
	}
	if c, ok := snap.FS.(io.Closer); ok {
		// A clone gives back the memory it serves reads from
		// (docs/bounds.md, "Cloning") as soon as its row is made.
		defer c.Close()
	}
	repo = s.pipeline.ScoreSnapshot(ctx, snap).Repo
	repo.ReuseKey = s.pipeline.ReuseKey(s.version, ref.Info())
	return repo, false
}

// unchanged returns the stored result of a remote repository whose head
// commit (asked with one ls-remote, unless the source already knows it) and
// reuse key (score version, policies, platform config, list entry) are
// those of its last stored result, and none of whose exemptions has
// expired since.
func (s *scanner) unchanged(ctx context.Context, ref *source.RepoRef) (scorecard.Repo, bool) {
	if s.full || s.store == nil || ref.URL == "" || ref.Dir != "" {
		return scorecard.Repo{}, false
	}
	rec, ok, err := s.store.LatestRepo(ctx, ref.Name)
	key := s.pipeline.ReuseKey(s.version, ref.Info())
	if err != nil || !ok || rec.ReuseKey != key || rec.Repo.Commit == "" || !s.pipeline.Reusable(rec.Repo) {
		return scorecard.Repo{}, false
	}
	if ref.HeadCommit == "" {
		lctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		branch, sha, err := source.LsRemoteHead(lctx, ref.URL, s.clone.Auth)
		cancel()
		if err != nil {
			return scorecard.Repo{}, false
		}
		if ref.DefaultBranch == "" {
			ref.DefaultBranch = branch
		}
		ref.HeadCommit = sha
	}
	if ref.HeadCommit != rec.Repo.Commit {
		return scorecard.Repo{}, false
	}
	rec.Repo.ReuseKey = key
	return rec.Repo, true
}

// PartialWriter streams finished rows as JSON lines, so a crash or a kill
// never loses what was already scanned.
type PartialWriter struct {
	f   *os.File
	enc *json.Encoder
}

// NewPartialWriter creates (or truncates) path; an empty path (the result
// goes to a device or a FIFO) streams nowhere.
func NewPartialWriter(path string) (*PartialWriter, error) {
	if path == "" {
		return &PartialWriter{}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return &PartialWriter{f: f, enc: json.NewEncoder(f)}, nil
}

// Write appends one row.
func (p *PartialWriter) Write(r scorecard.Repo) {
	if p.enc != nil {
		_ = p.enc.Encode(r)
	}
}

// Close removes the partial file once the full result is safely written.
func (p *PartialWriter) Close() {
	if p.f == nil {
		return
	}
	p.f.Close()
	os.Remove(p.f.Name())
}
