package gittest

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The repository files, commits and merge requests of the stand-in, for
// `score fix --mr`:
//
//	GET  /api/v4/projects/:id/repository/files/:file_path/raw  (ref)
//	POST /api/v4/projects/:id/repository/commits                (branch, start_branch, force, commit_message, actions)
//	GET  /api/v4/projects/:id/merge_requests                    (source_branch, target_branch, state, page, per_page)
//	POST /api/v4/projects/:id/merge_requests                    (source_branch, target_branch, title, description)
//	PUT  /api/v4/projects/:id/merge_requests/:iid               (title, description, state_event)
//
// Like GitLab, creating a merge request while another one is open for the
// same source and target branches answers 409.

// MergeRequest is a merge request as the stand-in stores it.
type MergeRequest struct {
	ID           int64     `json:"id"`
	IID          int64     `json:"iid"`
	ProjectID    int64     `json:"project_id"`
	Title        string    `json:"title"`
	Description  string    `json:"description"`
	State        string    `json:"state"` // opened, closed, merged
	SourceBranch string    `json:"source_branch"`
	TargetBranch string    `json:"target_branch"`
	WebURL       string    `json:"web_url"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	// MergedAt and Labels are set for merged merge requests
	// (AddMergedMergeRequest, gitlab_delivery.go).
	MergedAt *time.Time `json:"merged_at"`
	Labels   []string   `json:"labels"`
}

// Commit is a commit created through the commits API.
type Commit struct {
	ID      string `json:"id"`
	ShortID string `json:"short_id"`
	Title   string `json:"title"`
	Message string `json:"message"`
	Branch  string `json:"-"`
}

type repoState struct {
	branches map[string]map[string]map[string]string // project -> branch -> path -> content
	mrs      map[string][]*MergeRequest
	commits  map[string][]Commit
	delivery deliveryState // gitlab_delivery.go
	nextMR   int64
}

func (g *GitLab) state() *repoState {
	if g.repos == nil {
		g.repos = &repoState{branches: map[string]map[string]map[string]string{}, mrs: map[string][]*MergeRequest{}, commits: map[string][]Commit{}}
	}
	return g.repos
}

// projectKey names a project by its numeric id when it is known, so that id
// and full path address the same repository.
func (g *GitLab) projectKey(project string) (string, int64) {
	for _, p := range g.projects {
		if p.PathWithNamespace == project || strconv.FormatInt(p.ID, 10) == project {
			return strconv.FormatInt(p.ID, 10), p.ID
		}
	}
	return project, 0
}

// SetFiles sets the files of a branch of a project.
func (g *GitLab) SetFiles(project, branch string, files map[string]string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	key, _ := g.projectKey(project)
	s := g.state()
	if s.branches[key] == nil {
		s.branches[key] = map[string]map[string]string{}
	}
	s.branches[key][branch] = maps.Clone(files)
}

// Files returns the files of a branch, nil when it does not exist.
func (g *GitLab) Files(project, branch string) map[string]string {
	g.mu.Lock()
	defer g.mu.Unlock()
	key, _ := g.projectKey(project)
	return maps.Clone(g.state().branches[key][branch])
}

// Branches lists the branches of a project, sorted.
func (g *GitLab) Branches(project string) []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	key, _ := g.projectKey(project)
	return slices.Sorted(maps.Keys(g.state().branches[key]))
}

// Commits returns the commits created through the API, oldest first.
func (g *GitLab) Commits(project string) []Commit {
	g.mu.Lock()
	defer g.mu.Unlock()
	key, _ := g.projectKey(project)
	return slices.Clone(g.state().commits[key])
}

// MergeRequests returns a project's merge requests, oldest first.
func (g *GitLab) MergeRequests(project string) []MergeRequest {
	g.mu.Lock()
	defer g.mu.Unlock()
	key, _ := g.projectKey(project)
	var out []MergeRequest
	for _, mr := range g.state().mrs[key] {
		out = append(out, *mr)
	}
	return out
}

// SetMergeRequestState closes, reopens or merges a merge request as a
// person would.
func (g *GitLab) SetMergeRequestState(project string, iid int64, state string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	key, _ := g.projectKey(project)
	for _, mr := range g.state().mrs[key] {
		if mr.IID == iid {
			mr.State = state
		}
	}
}

// rawText is a payload written as is, not as JSON.
type rawText string

func notFound(what string) (int, any, http.Header) {
	return http.StatusNotFound, map[string]string{"message": "404 " + what + " Not Found"}, nil
}

// handleRepo serves the endpoints above; segs are the unescaped path
// segments after /api/v4/.
func (g *GitLab) handleRepo(r *http.Request, body string, segs []string) (int, any, http.Header) {
	g.mu.Lock()
	defer g.mu.Unlock()
	key, pid := g.projectKey(segs[1])
	s := g.state()
	switch {
	case len(segs) == 6 && segs[3] == "files" && segs[5] == "raw" && r.Method == http.MethodGet:
		ref := r.URL.Query().Get("ref")
		branch, ok := s.branches[key][ref]
		if !ok {
			return notFound("Commit")
		}
		content, ok := branch[segs[4]]
		if !ok {
			return notFound("File")
		}
		return http.StatusOK, rawText(content), nil
	case len(segs) == 4 && segs[3] == "commits" && r.Method == http.MethodPost:
		return g.createCommit(key, body)
	case len(segs) == 3 && r.Method == http.MethodGet:
		q := r.URL.Query()
		var items []any
		for _, mr := range s.mrs[key] {
			if v := q.Get("source_branch"); v != "" && mr.SourceBranch != v {
				continue
			}
			if v := q.Get("target_branch"); v != "" && mr.TargetBranch != v {
				continue
			}
			if v := q.Get("state"); v != "" && v != "all" && mr.State != v {
				continue
			}
			if after, err := time.Parse(time.RFC3339, q.Get("updated_after")); err == nil && mr.UpdatedAt.Before(after) {
				continue
			}
			items = append(items, *mr)
		}
		slices.Reverse(items) // newest first, GitLab's default order
		page, headers := paginate(r, items, g.MaxPerPage)
		if page == nil {
			page = []any{}
		}
		return http.StatusOK, page, headers
	case len(segs) == 3 && r.Method == http.MethodPost:
		var in struct {
			SourceBranch string `json:"source_branch"`
			TargetBranch string `json:"target_branch"`
			Title        string `json:"title"`
			Description  string `json:"description"`
		}
		if err := json.Unmarshal([]byte(body), &in); err != nil || in.SourceBranch == "" || in.TargetBranch == "" || in.Title == "" {
			return http.StatusBadRequest, map[string]string{"error": "source_branch, target_branch, title are missing"}, nil
		}
		if _, ok := s.branches[key][in.SourceBranch]; !ok {
			return http.StatusBadRequest, map[string][]string{"message": {"Source branch does not exist"}}, nil
		}
		for _, mr := range s.mrs[key] {
			if mr.State == "opened" && mr.SourceBranch == in.SourceBranch && mr.TargetBranch == in.TargetBranch {
				return http.StatusConflict, map[string][]string{"message": {fmt.Sprintf("Another open merge request already exists for this source branch: !%d", mr.IID)}}, nil
			}
		}
		s.nextMR++
		iid := int64(len(s.mrs[key]) + 1)
		now := epoch.Add(time.Duration(s.nextMR) * time.Hour)
		mr := &MergeRequest{
			ID: 1000 + s.nextMR, IID: iid, ProjectID: pid, Title: in.Title, Description: in.Description,
			State: "opened", SourceBranch: in.SourceBranch, TargetBranch: in.TargetBranch,
			WebURL:    fmt.Sprintf("%s/%s/-/merge_requests/%d", g.URL, segs[1], iid),
			CreatedAt: now, UpdatedAt: now,
		}
		s.mrs[key] = append(s.mrs[key], mr)
		return http.StatusCreated, *mr, nil
	case len(segs) == 4 && r.Method == http.MethodPut:
		iid, err := strconv.ParseInt(segs[3], 10, 64)
		if err != nil {
			return notFound("Merge Request")
		}
		for _, mr := range s.mrs[key] {
			if mr.IID != iid {
				continue
			}
			var in struct {
				Title       *string `json:"title"`
				Description *string `json:"description"`
				StateEvent  string  `json:"state_event"`
			}
			if err := json.Unmarshal([]byte(body), &in); err != nil {
				return http.StatusBadRequest, map[string]string{"error": err.Error()}, nil
			}
			if in.Title != nil {
				mr.Title = *in.Title
			}
			if in.Description != nil {
				mr.Description = *in.Description
			}
			switch in.StateEvent {
			case "close":
				mr.State = "closed"
			case "reopen":
				mr.State = "opened"
			}
			mr.UpdatedAt = mr.UpdatedAt.Add(time.Minute)
			return http.StatusOK, *mr, nil
		}
		return notFound("Merge Request")
	}
	return http.StatusNotFound, map[string]string{"error": "404 Not Found"}, nil
}

func (g *GitLab) createCommit(key, body string) (int, any, http.Header) {
	var in struct {
		Branch        string `json:"branch"`
		StartBranch   string `json:"start_branch"`
		CommitMessage string `json:"commit_message"`
		Force         bool   `json:"force"`
		Actions       []struct {
			Action   string `json:"action"`
			FilePath string `json:"file_path"`
			Content  string `json:"content"`
		} `json:"actions"`
	}
	if err := json.Unmarshal([]byte(body), &in); err != nil || in.Branch == "" || in.CommitMessage == "" || len(in.Actions) == 0 {
		return http.StatusBadRequest, map[string]string{"error": "branch, commit_message, actions are missing"}, nil
	}
	s := g.state()
	if s.branches[key] == nil {
		s.branches[key] = map[string]map[string]string{}
	}
	files, exists := s.branches[key][in.Branch]
	if !exists || in.Force {
		start, ok := s.branches[key][in.StartBranch]
		if !ok {
			return http.StatusBadRequest, map[string]string{"message": "You can only create or edit files when you are on a branch"}, nil
		}
		files = maps.Clone(start)
	} else {
		files = maps.Clone(files)
	}
	for _, a := range in.Actions {
		_, has := files[a.FilePath]
		switch a.Action {
		case "create":
			if has {
				return http.StatusBadRequest, map[string]string{"message": "A file with this name already exists"}, nil
			}
		case "update":
			if !has {
				return http.StatusBadRequest, map[string]string{"message": "A file with this name doesn't exist"}, nil
			}
		default:
			return http.StatusBadRequest, map[string]string{"message": "Unknown action " + a.Action}, nil
		}
		files[a.FilePath] = a.Content
	}
	s.branches[key][in.Branch] = files
	n := len(s.commits[key]) + 1
	id := fmt.Sprintf("%040x", n)
	c := Commit{ID: id, ShortID: id[:8], Title: strings.SplitN(in.CommitMessage, "\n", 2)[0], Message: in.CommitMessage, Branch: in.Branch}
	s.commits[key] = append(s.commits[key], c)
	return http.StatusCreated, c, nil
}
