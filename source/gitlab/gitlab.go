package gitlab

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/scoredev/score/source"
)

// GitLabOptions says which GitLab group to discover and how to talk to the
// API. This package never reads the environment: the CLI fills Token from
// SCORE_GITLAB_TOKEN or GITLAB_TOKEN and BaseURL from --gitlab-url or
// CI_SERVER_URL.
type GitLabOptions struct {
	// BaseURL is the instance, e.g. https://gitlab.example.com (a trailing
	// /api/v4 is accepted).
	BaseURL string
	// Token is sent as PRIVATE-TOKEN; it needs read_api.
	Token string
	// Group is the group's full path ("platform/payments") or numeric id.
	// Projects of all its subgroups are included.
	Group string
	// IncludeArchived and IncludeForks bring back what is skipped by
	// default: archived projects and forks.
	IncludeArchived bool
	IncludeForks    bool
	// MaxRetries bounds retries per request on 429 and 5xx (default 5;
	// negative: none). RetryWaitMin and RetryWaitMax shape the exponential
	// backoff (defaults 500ms and 30s). A Retry-After header is honoured up
	// to MaxRetryAfter (default 2m).
	MaxRetries                 int
	RetryWaitMin, RetryWaitMax time.Duration
	MaxRetryAfter              time.Duration
	// RequestTimeout bounds each attempt of each API request, waiting for
	// the answer and reading it included (default 30s). Timeout, when set,
	// bounds the whole discovery, every page and retry included.
	RequestTimeout time.Duration
	Timeout        time.Duration
	// HTTPClient replaces the default client (proxies, custom CAs); a
	// client without a Timeout of its own gets RequestTimeout.
	HTTPClient *http.Client
	// OnSkip, when set, hears about each project left out and why.
	OnSkip func(project, reason string)
}

// DiscoverGitLab lists the projects of a GitLab group and its subgroups as
// repositories to scan, sorted by full path. Archived projects and forks
// are left out unless asked for; so are projects pending deletion and
// projects without a repository (no default branch). Each reference keeps
// the namespace path and topics as ownership hints, the project id and the
// default branch; HeadCommit stays empty.
//
// Requests go through client-go, whose retrying HTTP client is configured
// here rather than wrapped: 429 and 5xx are retried a bounded number of
// times, honouring Retry-After. Errors never contain the token.
func DiscoverGitLab(ctx context.Context, opts GitLabOptions) ([]source.RepoRef, error) {
	if opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Timeout)
		defer cancel()
	}
	client, base, err := newGitLabClient(opts)
	if err != nil {
		return nil, err
	}
	group := strings.Trim(opts.Group, "/")
	if group == "" {
		return nil, errors.New("discover GitLab projects: no group given")
	}
	list := &gitlab.ListGroupProjectsOptions{
		ListOptions:      gitlab.ListOptions{PerPage: 100, Page: 1},
		IncludeSubGroups: gitlab.Ptr(true),
		// A stable order keeps offset pagination from skipping or
		// repeating projects created while we list.
		OrderBy: gitlab.Ptr("id"),
		Sort:    gitlab.Ptr("asc"),
	}
	if !opts.IncludeArchived {
		list.Archived = gitlab.Ptr(false)
	}
	skip := func(p, reason string) {
		if opts.OnSkip != nil {
			opts.OnSkip(p, reason)
		}
	}
	seen := map[int64]bool{}
	var refs []source.RepoRef
	for pages := 0; ; pages++ {
		if pages >= maxGitLabPages {
			return nil, fmt.Errorf("GitLab group %s at %s: more than %d pages of projects", group, base, maxGitLabPages)
		}
		projects, resp, err := client.Groups.ListGroupProjects(group, list, gitlab.WithContext(ctx))
		if err != nil {
			return nil, gitLabError(err, group, base, opts.Token)
		}
		for _, p := range projects {
			if p == nil || seen[p.ID] {
				continue
			}
			seen[p.ID] = true
			switch {
			case p.Archived && !opts.IncludeArchived:
				skip(p.PathWithNamespace, "archived")
			case p.ForkedFromProject != nil && !opts.IncludeForks:
				skip(p.PathWithNamespace, "fork of "+p.ForkedFromProject.PathWithNamespace)
			case p.MarkedForDeletionOn != nil:
				skip(p.PathWithNamespace, "pending deletion")
			case p.DefaultBranch == "":
				skip(p.PathWithNamespace, "no repository (no default branch)")
			default:
				refs = append(refs, refFromProject(p))
			}
		}
		if resp == nil || resp.NextPage == 0 {
			break
		}
		if resp.NextPage <= list.Page {
			return nil, fmt.Errorf("list projects of GitLab group %s at %s (GET groups/%s/projects): page %d says the next page is %d; stopped instead of paging forever",
				group, base, url.PathEscape(group), list.Page, resp.NextPage)
		}
		list.Page = resp.NextPage
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].Name < refs[j].Name })
	return refs, nil
}

// maxGitLabPages stops a misbehaving server from paging forever (a million
// projects at 100 a page).
const maxGitLabPages = 10000

func refFromProject(p *gitlab.Project) source.RepoRef {
	ref := source.RepoRef{
		Name:          p.PathWithNamespace,
		URL:           p.HTTPURLToRepo,
		DefaultBranch: p.DefaultBranch,
		ProjectID:     p.ID,
	}
	if ref.URL == "" {
		ref.URL = p.SSHURLToRepo
	}
	if p.Namespace != nil {
		ref.GroupPath = p.Namespace.FullPath
	}
	if ref.GroupPath == "" {
		if i := strings.LastIndex(p.PathWithNamespace, "/"); i > 0 {
			ref.GroupPath = p.PathWithNamespace[:i]
		}
	}
	if len(p.Topics) > 0 {
		ref.Topics = append([]string(nil), p.Topics...)
		sort.Strings(ref.Topics)
	}
	if p.LastActivityAt != nil {
		ref.LastActivityAt = p.LastActivityAt.UTC()
	}
	return ref
}

func newGitLabClient(opts GitLabOptions) (*gitlab.Client, string, error) {
	base, err := gitLabBaseURL(opts.BaseURL)
	if err != nil {
		return nil, "", err
	}
	retries := opts.MaxRetries
	switch {
	case retries == 0:
		retries = 5
	case retries < 0:
		retries = 0
	}
	waitMin, waitMax := opts.RetryWaitMin, opts.RetryWaitMax
	if waitMin <= 0 {
		waitMin = 500 * time.Millisecond
	}
	if waitMax <= 0 {
		waitMax = 30 * time.Second
	}
	waitMax = max(waitMax, waitMin)
	maxRetryAfter := opts.MaxRetryAfter
	if maxRetryAfter <= 0 {
		maxRetryAfter = 2 * time.Minute
	}
	options := []gitlab.ClientOptionFunc{
		// client-go warns through slog about odd base URLs; we validated
		// it already, and a library must not write to the log.
		gitlab.WithURLWarningLogger(slog.New(slog.DiscardHandler)),
		gitlab.WithBaseURL(base),
		gitlab.WithUserAgent("score"),
		gitlab.WithCustomRetryMax(retries),
		gitlab.WithCustomRetryWaitMinMax(waitMin, waitMax),
		gitlab.WithCustomBackoff(gitLabBackoff(maxRetryAfter)),
	}
	timeout := opts.RequestTimeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	// A server that accepts the connection and never answers must not hold
	// the scan: every attempt has a deadline.
	hc := &http.Client{Timeout: timeout}
	if opts.HTTPClient != nil {
		c := *opts.HTTPClient
		if c.Timeout <= 0 {
			c.Timeout = timeout
		}
		hc = &c
	}
	options = append(options, gitlab.WithHTTPClient(hc))
	client, err := gitlab.NewClient(opts.Token, options...)
	if err != nil {
		return nil, "", fmt.Errorf("GitLab client for %s: %s", base, source.Redact(err.Error(), opts.Token))
	}
	return client, base, nil
}

// gitLabBaseURL checks the instance URL and drops credentials, a trailing
// slash and /api/v4.
func gitLabBaseURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", errors.New("GitLab URL is not set")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("GitLab URL %q: want http(s)://host[/path]", source.RedactURL(raw))
	}
	u.User = nil
	u.RawQuery, u.Fragment = "", ""
	u.Path = strings.TrimSuffix(strings.TrimRight(u.Path, "/"), "/api/v4")
	u.RawPath = ""
	return strings.TrimRight(u.String(), "/"), nil
}

// gitLabBackoff waits what a 429 or 503 asks for in Retry-After (or until
// RateLimit-Reset), capped at maxRetryAfter; otherwise it backs off
// exponentially with jitter between the client's wait bounds.
func gitLabBackoff(maxRetryAfter time.Duration) func(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	return func(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
		if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
			now := time.Now()
			if d, ok := source.ParseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
				return min(d, maxRetryAfter)
			}
			if reset, err := strconv.ParseInt(resp.Header.Get("RateLimit-Reset"), 10, 64); err == nil && reset > 0 {
				return min(max(time.Unix(reset, 0).Sub(now), minWait), maxRetryAfter)
			}
		}
		return source.Backoff(minWait, maxWait, attempt+1)
	}
}

// gitLabError explains a failed listing without the token.
func gitLabError(err error, group, base, token string) error {
	var er *gitlab.ErrorResponse
	status := 0
	if errors.As(err, &er) {
		status = er.StatusCode
	}
	var msg string
	switch status {
	case http.StatusNotFound:
		msg = fmt.Sprintf("GitLab group %s not found at %s (or the token cannot see it)", group, base)
	case http.StatusUnauthorized:
		msg = fmt.Sprintf("GitLab at %s rejected the token (401); it needs the read_api scope", base)
	case http.StatusForbidden:
		msg = fmt.Sprintf("GitLab at %s refused to list group %s (403)", base, group)
	default:
		msg = fmt.Sprintf("list projects of GitLab group %s at %s: %s", group, base, err.Error())
	}
	return source.RedactMessage(msg, err, []string{token}, context.Canceled, context.DeadlineExceeded, gitlab.ErrNotFound)
}
