package gitlab

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/scoredev/score/source"
)

// The GitLab side of delivery outcomes (docs/outcomes.md, "From GitLab's
// API"): production-tier environments and their deployments, merged merge
// requests with their commits, and incidents. One project costs, per 100
// items a page: the environments, each production environment's
// deployments, the merged merge requests, one commits request per merged
// merge request (at most maxLeadTimeMRs), and two issue listings.

// maxLeadTimeMRs bounds the commits requests of one project: the most
// recently merged ones are measured.
const maxLeadTimeMRs = 300

// maxDeliveryPages bounds each listing (100 items a page).
const maxDeliveryPages = 100

// DeliveryResult is what GitLab told about one project's delivery.
type DeliveryResult struct {
	source.Delivery
	// NoDeployments is set when GitLab answered and the project has no
	// deployment to a production-tier environment in the window: the
	// caller may fall back to git (release tags).
	NoDeployments bool
}

// GitLabDelivery reads a project's delivery events of [since, until] from
// the API. It never fails as a whole: a listing that fails leaves its
// events empty with the reason (403: the token cannot read them; 429 after
// the bounded retries; no token).
func GitLabDelivery(ctx context.Context, opts GitLabOptions, project int64, defaultBranch string, since, until time.Time) DeliveryResult {
	res := DeliveryResult{Delivery: source.Delivery{Since: since, Until: until,
		DeploymentSource: "gitlab-api", ChangeSource: "gitlab-api", IncidentSource: "gitlab-api"}}
	d := &res.Delivery
	if opts.Token == "" {
		reason := "no GitLab token (SCORE_GITLAB_TOKEN or GITLAB_TOKEN): GitLab's API was not asked"
		d.DeploymentsReason, d.ChangesReason, d.IncidentsReason = reason, reason, reason
		return res
	}
	client, base, err := newGitLabClient(opts)
	if err != nil {
		reason := err.Error()
		d.DeploymentsReason, d.ChangesReason, d.IncidentsReason = reason, reason, reason
		return res
	}
	api := deliveryAPI{client: client, base: base, token: opts.Token, project: project}

	var failures []time.Time
	if deps, signals, why := api.deployments(ctx, since, until); why != "" {
		d.DeploymentsReason = why
	} else {
		d.Deployments, failures = deps, signals
		res.NoDeployments = len(deps) == 0
		if res.NoDeployments {
			d.DeploymentsReason = "no deployments to a production-tier environment in the window"
		}
	}
	changes, signals, why := api.mergedChanges(ctx, defaultBranch, since, until)
	if why != "" {
		d.ChangesReason = why
	} else {
		d.Changes, failures = changes, append(failures, signals...)
		if len(changes) == 0 {
			d.ChangesReason = "no merge requests were merged into " + defaultBranch + " in the window"
		}
		d.ChangesNote = "merge"
	}
	// A change ships with the first successful deployment after its merge.
	for i := range d.Changes {
		for _, dep := range d.Deployments {
			if !dep.Failed && !dep.At.Before(d.Changes[i].Merged) {
				d.Changes[i].Deployed = dep.At
				break
			}
		}
	}
	sort.Slice(failures, func(i, j int) bool { return failures[i].Before(failures[j]) })
	d.Failures = failures
	incidents, why := api.incidents(ctx, since, until)
	if why != "" {
		d.IncidentsReason = why
	} else {
		d.Incidents = incidents
		if len(incidents) == 0 {
			d.IncidentsReason = "no incidents (issues of type incident or labelled incident) were opened in the window"
		}
	}
	return res
}

type deliveryAPI struct {
	client      *gitlab.Client
	base, token string
	project     int64
}

// deployments lists the deployments to production-tier environments in
// the window, oldest first, and the rollback signals among them: a
// successful deployment of a commit that was already deployed before the
// one it replaces.
func (a deliveryAPI) deployments(ctx context.Context, since, until time.Time) ([]source.Deployment, []time.Time, string) {
	var prod []string
	envOpts := &gitlab.ListEnvironmentsOptions{ListOptions: gitlab.ListOptions{PerPage: 100, Page: 1}}
	if why := pages(&envOpts.Page, func() (*gitlab.Response, error) {
		envs, resp, err := a.client.Environments.ListEnvironments(a.project, envOpts, gitlab.WithContext(ctx))
		for _, e := range envs {
			if e != nil && e.Tier == "production" {
				prod = append(prod, e.Name)
			}
		}
		return resp, err
	}); why != "" {
		return nil, nil, a.explain("list the environments", why)
	}
	var deps []source.Deployment
	for _, env := range prod {
		opts := &gitlab.ListProjectDeploymentsOptions{ListOptions: gitlab.ListOptions{PerPage: 100, Page: 1},
			Environment: gitlab.Ptr(env), UpdatedAfter: gitlab.Ptr(since), OrderBy: gitlab.Ptr("updated_at"), Sort: gitlab.Ptr("asc")}
		if why := pages(&opts.Page, func() (*gitlab.Response, error) {
			list, resp, err := a.client.Deployments.ListProjectDeployments(a.project, opts, gitlab.WithContext(ctx))
			for _, dp := range list {
				if dp == nil || (dp.Status != "success" && dp.Status != "failed") {
					continue
				}
				at := deploymentTime(dp)
				if at.IsZero() || at.Before(since) || at.After(until) {
					continue
				}
				deps = append(deps, source.Deployment{At: at.UTC(), SHA: dp.SHA, Name: env, Failed: dp.Status == "failed"})
			}
			return resp, err
		}); why != "" {
			return nil, nil, a.explain("list the deployments of environment "+env, why)
		}
	}
	sort.SliceStable(deps, func(i, j int) bool { return deps[i].At.Before(deps[j].At) })
	var rollbacks []time.Time
	var shipped []string // successful SHAs, oldest first
	for _, dp := range deps {
		if dp.Failed {
			continue
		}
		if n := len(shipped); n > 0 && shipped[n-1] != dp.SHA && slices.Contains(shipped[:n-1], dp.SHA) {
			rollbacks = append(rollbacks, dp.At)
		}
		shipped = append(shipped, dp.SHA)
	}
	return deps, rollbacks, ""
}

// deploymentTime is when a deployment finished: its job's finish, else its
// last update.
func deploymentTime(dp *gitlab.Deployment) time.Time {
	if dp.Deployable.FinishedAt != nil {
		return *dp.Deployable.FinishedAt
	}
	if dp.UpdatedAt != nil {
		return *dp.UpdatedAt
	}
	if dp.CreatedAt != nil {
		return *dp.CreatedAt
	}
	return time.Time{}
}

// mergedChanges lists the merge requests merged into the default branch in
// the window with the first commit of each, and the failure signals among
// them: revert merge requests and those labelled hotfix or incident.
func (a deliveryAPI) mergedChanges(ctx context.Context, branch string, since, until time.Time) ([]source.Change, []time.Time, string) {
	opts := &gitlab.ListProjectMergeRequestsOptions{ListOptions: gitlab.ListOptions{PerPage: 100, Page: 1},
		State: gitlab.Ptr("merged"), UpdatedAfter: gitlab.Ptr(since), OrderBy: gitlab.Ptr("updated_at"), Sort: gitlab.Ptr("asc")}
	if branch != "" {
		opts.TargetBranch = gitlab.Ptr(branch)
	}
	var mrs []*gitlab.BasicMergeRequest
	if why := pages(&opts.Page, func() (*gitlab.Response, error) {
		list, resp, err := a.client.MergeRequests.ListProjectMergeRequests(a.project, opts, gitlab.WithContext(ctx))
		for _, mr := range list {
			if mr != nil && mr.MergedAt != nil && !mr.MergedAt.Before(since) && !mr.MergedAt.After(until) {
				mrs = append(mrs, mr)
			}
		}
		return resp, err
	}); why != "" {
		return nil, nil, a.explain("list the merged merge requests", why)
	}
	sort.SliceStable(mrs, func(i, j int) bool { return mrs[i].MergedAt.Before(*mrs[j].MergedAt) })
	if len(mrs) > maxLeadTimeMRs {
		mrs = mrs[len(mrs)-maxLeadTimeMRs:]
	}
	var changes []source.Change
	var signals []time.Time
	for _, mr := range mrs {
		merged := mr.MergedAt.UTC()
		if strings.HasPrefix(mr.Title, `Revert "`) || hasLabel(mr.Labels, "hotfix", "incident") {
			signals = append(signals, merged)
		}
		first := merged
		copts := &gitlab.GetMergeRequestCommitsOptions{ListOptions: gitlab.ListOptions{PerPage: 100, Page: 1}}
		if why := pages(&copts.Page, func() (*gitlab.Response, error) {
			commits, resp, err := a.client.MergeRequests.GetMergeRequestCommits(a.project, mr.IID, copts, gitlab.WithContext(ctx))
			for _, c := range commits {
				if c != nil && c.AuthoredDate != nil && c.AuthoredDate.Before(first) {
					first = c.AuthoredDate.UTC()
				}
			}
			return resp, err
		}); why != "" {
			return nil, nil, a.explain(fmt.Sprintf("list the commits of merge request !%d", mr.IID), why)
		}
		changes = append(changes, source.Change{FirstCommit: first, Merged: merged})
	}
	return changes, signals, ""
}

// incidents lists the issues of type incident and those labelled incident
// opened in the window.
func (a deliveryAPI) incidents(ctx context.Context, since, until time.Time) ([]source.Incident, string) {
	seen := map[int64]bool{}
	var out []source.Incident
	for _, opts := range []*gitlab.ListProjectIssuesOptions{
		{IssueType: gitlab.Ptr("incident")},
		{Labels: &gitlab.LabelOptions{"incident"}},
	} {
		opts.ListOptions = gitlab.ListOptions{PerPage: 100, Page: 1}
		opts.CreatedAfter = gitlab.Ptr(since)
		if why := pages(&opts.Page, func() (*gitlab.Response, error) {
			list, resp, err := a.client.Issues.ListProjectIssues(a.project, opts, gitlab.WithContext(ctx))
			for _, is := range list {
				if is == nil || seen[is.ID] || is.CreatedAt == nil || is.CreatedAt.Before(since) || is.CreatedAt.After(until) {
					continue
				}
				seen[is.ID] = true
				inc := source.Incident{Opened: is.CreatedAt.UTC()}
				if is.ClosedAt != nil && !is.ClosedAt.After(until) {
					inc.Closed = is.ClosedAt.UTC()
				}
				out = append(out, inc)
			}
			return resp, err
		}); why != "" {
			return nil, a.explain("list the incidents", why)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Opened.Before(out[j].Opened) })
	return out, ""
}

// pages calls list for page 1, 2, ... as the answers' next page says,
// guarded against a server that pages backwards or for ever. It returns
// the error's explanation, or "".
func pages(page *int64, list func() (*gitlab.Response, error)) string {
	for n := 0; ; n++ {
		if n >= maxDeliveryPages {
			return fmt.Sprintf("more than %d pages", maxDeliveryPages)
		}
		resp, err := list()
		if err != nil {
			return errorText(err)
		}
		if resp == nil || resp.NextPage == 0 {
			return ""
		}
		if resp.NextPage <= *page {
			return fmt.Sprintf("page %d says the next page is %d; stopped instead of paging for ever", *page, resp.NextPage)
		}
		*page = resp.NextPage
	}
}

// errorText names what went wrong in a listing: the status GitLab
// answered, or the error.
func errorText(err error) string {
	var er *gitlab.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		switch er.Response.StatusCode {
		case http.StatusUnauthorized:
			return "GitLab rejected the token (401); it needs the read_api scope"
		case http.StatusForbidden:
			return "GitLab refused (403): the token may not read this"
		case http.StatusNotFound:
			return "not found (404), or the token cannot see it"
		case http.StatusTooManyRequests:
			return "GitLab's rate limit (429) outlasted the retries"
		}
		return fmt.Sprintf("GitLab answered %d", er.Response.StatusCode)
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return "the request ran out of time"
	}
	return err.Error()
}

// explain says which listing of which project failed, without the token.
func (a deliveryAPI) explain(what, why string) string {
	return source.Redact(fmt.Sprintf("could not %s of project %d at %s: %s", what, a.project, a.base, why), a.token)
}

func hasLabel(labels gitlab.Labels, want ...string) bool {
	for _, l := range labels {
		if slices.Contains(want, strings.ToLower(l)) {
			return true
		}
	}
	return false
}
