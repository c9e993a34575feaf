package gittest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// The delivery side of the stand-in, for `score scan --outcomes`, in the
// shapes of GitLab's Environments, Deployments, Merge requests and Issues
// API documentation:
//
//	GET /api/v4/projects/:id/environments                    (page, per_page)
//	GET /api/v4/projects/:id/deployments                     (environment, status, updated_after, order_by, sort, page, per_page)
//	GET /api/v4/projects/:id/merge_requests/:iid/commits     (page, per_page)
//	GET /api/v4/projects/:id/issues                          (labels, issue_type, created_after, page, per_page)

// Environment is a project's environment; Tier is production, staging,
// testing, development or other.
type Environment struct {
	ID   int64
	Name string
	Tier string
}

// Deployment is a deployment to an environment. Status is created,
// running, success, failed, canceled or blocked. FinishedAt defaults to
// UpdatedAt, which defaults to CreatedAt.
type Deployment struct {
	ID                               int64
	Environment                      string
	Status                           string
	SHA, Ref                         string
	CreatedAt, UpdatedAt, FinishedAt time.Time
}

// MRCommit is a commit of a merge request.
type MRCommit struct {
	ID           string
	Title        string
	AuthoredDate time.Time
}

// Issue is a project issue; IssueType is issue or incident.
type Issue struct {
	ID, IID   int64
	Title     string
	Labels    []string
	IssueType string
	CreatedAt time.Time
	ClosedAt  *time.Time
}

type deliveryState struct {
	envs      map[string][]Environment
	deps      map[string][]Deployment
	mrCommits map[string][]MRCommit // "project!iid"
	issues    map[string][]Issue
}

func (d *deliveryState) init() {
	if d.envs == nil {
		d.envs, d.deps = map[string][]Environment{}, map[string][]Deployment{}
		d.mrCommits, d.issues = map[string][]MRCommit{}, map[string][]Issue{}
	}
}

// deliveryOf is a project's key and delivery state; the caller holds g.mu.
func (g *GitLab) deliveryOf(project string) (string, *deliveryState) {
	key, _ := g.projectKey(project)
	d := &g.state().delivery
	d.init()
	return key, d
}

// AddEnvironment adds an environment to a project.
func (g *GitLab) AddEnvironment(project string, e Environment) {
	g.mu.Lock()
	defer g.mu.Unlock()
	key, d := g.deliveryOf(project)
	if e.ID == 0 {
		e.ID = int64(len(d.envs[key]) + 1)
	}
	d.envs[key] = append(d.envs[key], e)
}

// AddDeployment adds a deployment to one of a project's environments.
func (g *GitLab) AddDeployment(project string, dep Deployment) {
	g.mu.Lock()
	defer g.mu.Unlock()
	key, d := g.deliveryOf(project)
	if dep.ID == 0 {
		dep.ID = int64(len(d.deps[key]) + 1)
	}
	if dep.UpdatedAt.IsZero() {
		dep.UpdatedAt = dep.CreatedAt
	}
	if dep.FinishedAt.IsZero() {
		dep.FinishedAt = dep.UpdatedAt
	}
	d.deps[key] = append(d.deps[key], dep)
}

// AddMergedMergeRequest adds a merged merge request with its commits.
func (g *GitLab) AddMergedMergeRequest(project string, mr MergeRequest, commits []MRCommit) MergeRequest {
	g.mu.Lock()
	defer g.mu.Unlock()
	key, pid := g.projectKey(project)
	s := g.state()
	s.delivery.init()
	s.nextMR++
	mr.IID = int64(len(s.mrs[key]) + 1)
	mr.ID, mr.ProjectID, mr.State = 1000+s.nextMR, pid, "merged"
	if mr.TargetBranch == "" {
		mr.TargetBranch = "main"
	}
	if mr.SourceBranch == "" {
		mr.SourceBranch = fmt.Sprintf("topic-%d", mr.IID)
	}
	if mr.MergedAt != nil && mr.UpdatedAt.IsZero() {
		mr.UpdatedAt = *mr.MergedAt
	}
	if mr.CreatedAt.IsZero() {
		mr.CreatedAt = mr.UpdatedAt
	}
	if mr.Labels == nil {
		mr.Labels = []string{}
	}
	mr.WebURL = fmt.Sprintf("%s/%s/-/merge_requests/%d", g.URL, project, mr.IID)
	s.mrs[key] = append(s.mrs[key], &mr)
	s.delivery.mrCommits[fmt.Sprintf("%s!%d", key, mr.IID)] = slices.Clone(commits)
	return mr
}

// AddIssue adds an issue (or incident) to a project.
func (g *GitLab) AddIssue(project string, is Issue) {
	g.mu.Lock()
	defer g.mu.Unlock()
	key, d := g.deliveryOf(project)
	if is.ID == 0 {
		is.ID = int64(5000 + len(d.issues[key]) + 1)
	}
	if is.IID == 0 {
		is.IID = int64(len(d.issues[key]) + 1)
	}
	if is.IssueType == "" {
		is.IssueType = "issue"
	}
	d.issues[key] = append(d.issues[key], is)
}

func isDeliveryPath(segs []string) bool {
	return len(segs) == 3 && (segs[2] == "environments" || segs[2] == "deployments" || segs[2] == "issues") ||
		len(segs) == 5 && segs[2] == "merge_requests" && segs[4] == "commits"
}

func (g *GitLab) handleDelivery(r *http.Request, segs []string) (int, any, http.Header) {
	g.mu.Lock()
	defer g.mu.Unlock()
	key, pid := g.projectKey(segs[1])
	if pid == 0 {
		return notFound("Project")
	}
	d := &g.state().delivery
	d.init()
	q := r.URL.Query()
	items := []any{}
	switch segs[2] {
	case "environments":
		for _, e := range d.envs[key] {
			items = append(items, g.environmentJSON(segs[1], e))
		}
	case "deployments":
		after, _ := time.Parse(time.RFC3339, q.Get("updated_after"))
		deps := slices.Clone(d.deps[key])
		if q.Get("order_by") == "updated_at" {
			slices.SortStableFunc(deps, func(a, b Deployment) int { return a.UpdatedAt.Compare(b.UpdatedAt) })
		}
		if q.Get("sort") == "desc" {
			slices.Reverse(deps)
		}
		for _, dep := range deps {
			if v := q.Get("environment"); v != "" && dep.Environment != v {
				continue
			}
			if v := q.Get("status"); v != "" && dep.Status != v {
				continue
			}
			if !after.IsZero() && dep.UpdatedAt.Before(after) {
				continue
			}
			items = append(items, g.deploymentJSON(key, segs[1], dep))
		}
	case "merge_requests":
		commits, ok := d.mrCommits[key+"!"+segs[3]]
		if !ok {
			return notFound("Merge Request")
		}
		for _, c := range commits {
			items = append(items, map[string]any{
				"id": c.ID, "short_id": c.ID[:min(8, len(c.ID))], "title": c.Title, "message": c.Title,
				"author_name": "Score Test", "author_email": "test@example.invalid",
				"authored_date": c.AuthoredDate.UTC(), "committed_date": c.AuthoredDate.UTC(), "created_at": c.AuthoredDate.UTC(),
			})
		}
	case "issues":
		after, _ := time.Parse(time.RFC3339, q.Get("created_after"))
		for _, is := range d.issues[key] {
			if v := q.Get("issue_type"); v != "" && is.IssueType != v {
				continue
			}
			if v := q.Get("labels"); v != "" && !hasAllLabels(is.Labels, strings.Split(v, ",")) {
				continue
			}
			if !after.IsZero() && is.CreatedAt.Before(after) {
				continue
			}
			items = append(items, issueJSON(pid, is))
		}
	}
	page, hdr := paginate(r, items, g.MaxPerPage)
	g.stick(hdr)
	return http.StatusOK, page, hdr
}

func hasAllLabels(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

func (g *GitLab) environmentJSON(project string, e Environment) map[string]any {
	return map[string]any{
		"id": e.ID, "name": e.Name, "slug": strings.ReplaceAll(e.Name, "/", "-"), "external_url": "",
		"state": "available", "tier": e.Tier, "created_at": epoch, "updated_at": epoch,
		"web_url": g.URL + "/" + project + "/-/environments/" + fmt.Sprint(e.ID),
	}
}

func (g *GitLab) deploymentJSON(key, project string, dep Deployment) map[string]any {
	var env map[string]any
	for _, e := range g.state().delivery.envs[key] {
		if e.Name == dep.Environment {
			env = g.environmentJSON(project, e)
		}
	}
	commit := map[string]any{"id": dep.SHA, "short_id": dep.SHA[:min(8, len(dep.SHA))], "title": "deploy", "created_at": dep.CreatedAt.UTC()}
	return map[string]any{
		"id": dep.ID, "iid": dep.ID, "ref": dep.Ref, "sha": dep.SHA, "status": dep.Status,
		"created_at": dep.CreatedAt.UTC(), "updated_at": dep.UpdatedAt.UTC(),
		"user":        map[string]any{"id": 1, "username": "deployer", "name": "Deployer", "state": "active"},
		"environment": env,
		"deployable": map[string]any{
			"id": 100 + dep.ID, "status": dep.Status, "stage": "deploy", "name": "deploy", "ref": dep.Ref, "tag": false,
			"created_at": dep.CreatedAt.UTC(), "started_at": dep.CreatedAt.UTC(), "finished_at": dep.FinishedAt.UTC(),
			"commit":   commit,
			"pipeline": map[string]any{"id": 200 + dep.ID, "sha": dep.SHA, "ref": dep.Ref, "status": dep.Status},
		},
	}
}

func issueJSON(pid int64, is Issue) map[string]any {
	state, updated := "opened", is.CreatedAt
	if is.ClosedAt != nil {
		state, updated = "closed", *is.ClosedAt
	}
	labels := is.Labels
	if labels == nil {
		labels = []string{}
	}
	return map[string]any{
		"id": is.ID, "iid": is.IID, "project_id": pid, "title": is.Title, "description": "",
		"state": state, "labels": labels, "issue_type": is.IssueType, "type": strings.ToUpper(is.IssueType),
		"created_at": is.CreatedAt.UTC(), "updated_at": updated.UTC(), "closed_at": is.ClosedAt,
	}
}
