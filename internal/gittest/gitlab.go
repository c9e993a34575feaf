package gittest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// GitLab is a stand-in for the parts of GitLab's REST API (v4) that score
// uses, answering with GitLab's documented JSON shapes and pagination
// headers:
//
//	GET  /api/v4/user                                         (the token's own user)
//	GET  /api/v4/groups/:id/projects                         (include_subgroups, archived, page, per_page)
//	GET  /api/v4/projects/:id/merge_requests/:iid/notes       (page, per_page)
//	POST /api/v4/projects/:id/merge_requests/:iid/notes       (body)
//	PUT  /api/v4/projects/:id/merge_requests/:iid/notes/:nid  (body)
//
// and the files, commits and merge requests of gitlab_mr.go, and the
// environments, deployments, merge-request commits and issues of
// gitlab_delivery.go.
//
// A project :id is a numeric id or a URL-encoded full path; a group :id is
// a URL-encoded full path. Failures can be queued
// with Fail; every request is recorded. A misbehaving server is a Failure
// with Hang (accepts the request and never answers) or the StuckNextPage
// switch (X-Next-Page: 1 on every page).
type GitLab struct {
	t testing.TB
	// URL is the server's base URL (without /api/v4).
	URL string
	// Token, when set, is required in a PRIVATE-TOKEN, JOB-TOKEN or
	// Authorization: Bearer header; otherwise the answer is 401.
	Token string
	// Username and UserID are the token's user: the author of notes
	// created through the API, and what GET /user answers (UserID
	// defaults to 1).
	Username string
	UserID   int64
	// StuckNextPage makes every paginated answer say X-Next-Page: 1, like
	// a broken proxy, so that a client that trusts it pages forever.
	StuckNextPage bool
	// MaxPerPage caps per_page like GitLab's own limit of 100; a test
	// lowers it to page through a handful of projects.
	MaxPerPage int

	mu       sync.Mutex
	projects []Project
	notes    map[string][]Note
	nextNote int64
	failures []Failure
	requests []Request
	release  chan struct{} // closed when the test ends: hung requests return
	repos    *repoState    // files, commits and merge requests (gitlab_mr.go)
}

// Project is a GitLab project as the stand-in serves it.
type Project struct {
	ID int64
	// PathWithNamespace is the full path, e.g. "platform/payments/api".
	PathWithNamespace string
	DefaultBranch     string
	Archived          bool
	// ForkedFrom is the full path of the upstream project of a fork.
	ForkedFrom string
	Topics     []string
	// HTTPURL and SSHURL default to URLs under the stand-in's host.
	HTTPURL        string
	SSHURL         string
	LastActivityAt time.Time
}

// Note is a merge-request note.
type Note struct {
	ID        int64     `json:"id"`
	Body      string    `json:"body"`
	Author    Author    `json:"author"`
	System    bool      `json:"system"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Author is a note's author.
type Author struct {
	ID       int64  `json:"id"`
	Username string `json:"username"`
	Name     string `json:"name"`
}

// Failure is an injected failure, used once by the first request it matches.
type Failure struct {
	// Method and PathPrefix select requests ("" matches any); PathPrefix
	// is matched against the unescaped path, e.g. "/api/v4/groups/".
	Method     string
	PathPrefix string
	// Query, when set, must occur in the raw query ("page=2").
	Query string
	// Status is the status to answer with.
	Status int
	// RetryAfter, when set, is sent as the Retry-After header.
	RetryAfter string
	// AfterEffect applies the request first (a note is stored or updated)
	// and only then answers Status, like a proxy timing out on a request
	// the server did process.
	AfterEffect bool
	// Hang accepts the request and never answers: the handler waits until
	// the client gives up (closes the connection) or the test ends.
	Hang bool
}

// Request is one request the stand-in received.
type Request struct {
	Method string
	// Path is the escaped path, e.g. /api/v4/groups/a%2Fb/projects.
	Path  string
	Query url.Values
	Body  string
	// Status is the status the stand-in answered.
	Status int
}

// NewGitLab starts a GitLab stand-in; it stops when the test ends.
func NewGitLab(t testing.TB) *GitLab {
	t.Helper()
	g := &GitLab{t: t, Username: "score-bot", UserID: 1, notes: map[string][]Note{}, release: make(chan struct{})}
	srv := httptest.NewServer(http.HandlerFunc(g.serve))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(g.release) }) // runs first: hung handlers return, then Close
	g.URL = srv.URL
	return g
}

// AddProject adds a project. ID defaults to the next free id.
func (g *GitLab) AddProject(p Project) Project {
	g.mu.Lock()
	defer g.mu.Unlock()
	if p.ID == 0 {
		p.ID = int64(len(g.projects) + 1)
		for _, q := range g.projects {
			if q.ID >= p.ID {
				p.ID = q.ID + 1
			}
		}
	}
	host := strings.TrimPrefix(g.URL, "http://")
	if p.HTTPURL == "" {
		p.HTTPURL = g.URL + "/" + p.PathWithNamespace + ".git"
	}
	if p.SSHURL == "" {
		p.SSHURL = "git@" + strings.Split(host, ":")[0] + ":" + p.PathWithNamespace + ".git"
	}
	if p.LastActivityAt.IsZero() {
		p.LastActivityAt = epoch.Add(time.Duration(p.ID) * time.Minute)
	}
	g.projects = append(g.projects, p)
	return p
}

// AddNote stores a note on a merge request as if someone had written it.
// project is the numeric id or full path as the API caller will name it.
func (g *GitLab) AddNote(project string, iid int64, n Note) Note {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.nextNote++
	if n.ID == 0 {
		n.ID = g.nextNote
	}
	if n.CreatedAt.IsZero() {
		n.CreatedAt = epoch.Add(time.Duration(n.ID) * time.Second)
	}
	if n.UpdatedAt.IsZero() {
		n.UpdatedAt = n.CreatedAt
	}
	key := g.noteKey(project, iid)
	g.notes[key] = append(g.notes[key], n)
	return n
}

// Notes returns the notes of a merge request, oldest first.
func (g *GitLab) Notes(project string, iid int64) []Note {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]Note(nil), g.notes[g.noteKey(project, iid)]...)
}

// Fail queues a failure.
func (g *GitLab) Fail(f Failure) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.failures = append(g.failures, f)
}

// Requests returns every request received so far.
func (g *GitLab) Requests() []Request {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]Request(nil), g.requests...)
}

// noteKey names a merge request by its project's numeric id when the
// project is known, so that id and path address the same notes.
func (g *GitLab) noteKey(project string, iid int64) string {
	for _, p := range g.projects {
		if p.PathWithNamespace == project {
			project = strconv.FormatInt(p.ID, 10)
			break
		}
	}
	return project + "!" + strconv.FormatInt(iid, 10)
}

func (g *GitLab) serve(w http.ResponseWriter, r *http.Request) {
	data, _ := io.ReadAll(r.Body)
	body := string(data)
	rec := &statusRecorder{ResponseWriter: w}
	g.handle(rec, r, body)
	g.mu.Lock()
	g.requests = append(g.requests, Request{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.Query(), Body: body, Status: rec.status})
	g.mu.Unlock()
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (g *GitLab) handle(w http.ResponseWriter, r *http.Request, body string) {
	if g.Token != "" && !g.authorized(r) {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "401 Unauthorized"})
		return
	}
	f, failing := g.takeFailure(r)
	if failing && f.Hang {
		select {
		case <-r.Context().Done():
		case <-g.release:
		}
		return
	}
	if failing && !f.AfterEffect {
		writeFailure(w, f)
		return
	}
	// Split the escaped path so that a URL-encoded full path stays one
	// segment.
	segs := strings.Split(strings.TrimPrefix(r.URL.EscapedPath(), "/api/v4/"), "/")
	if !strings.HasPrefix(r.URL.EscapedPath(), "/api/v4/") {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "404 Not Found"})
		return
	}
	for i := range segs {
		if s, err := url.PathUnescape(segs[i]); err == nil {
			segs[i] = s
		}
	}
	var (
		status  int
		payload any
		headers http.Header
	)
	switch {
	case len(segs) == 1 && segs[0] == "user" && r.Method == http.MethodGet:
		status, payload = g.currentUser()
	case len(segs) == 3 && segs[0] == "groups" && segs[2] == "projects" && r.Method == http.MethodGet:
		status, payload, headers = g.groupProjects(r, segs[1])
	case len(segs) == 5 && segs[0] == "projects" && segs[2] == "merge_requests" && segs[4] == "notes":
		iid, err := strconv.ParseInt(segs[3], 10, 64)
		if err != nil {
			status, payload = http.StatusNotFound, map[string]string{"message": "404 Not found"}
			break
		}
		switch r.Method {
		case http.MethodGet:
			status, payload, headers = g.listNotes(r, segs[1], iid)
		case http.MethodPost:
			status, payload = g.createNote(r, body, segs[1], iid)
		default:
			status, payload = http.StatusMethodNotAllowed, map[string]string{"error": "405 Method Not Allowed"}
		}
	case len(segs) == 6 && segs[0] == "projects" && segs[2] == "merge_requests" && segs[4] == "notes" && r.Method == http.MethodPut:
		iid, err1 := strconv.ParseInt(segs[3], 10, 64)
		nid, err2 := strconv.ParseInt(segs[5], 10, 64)
		if err1 != nil || err2 != nil {
			status, payload = http.StatusNotFound, map[string]string{"message": "404 Not found"}
			break
		}
		status, payload = g.updateNote(r, body, segs[1], iid, nid)
	case len(segs) >= 3 && segs[0] == "projects" && isDeliveryPath(segs) && r.Method == http.MethodGet:
		status, payload, headers = g.handleDelivery(r, segs)
	case len(segs) >= 3 && segs[0] == "projects" && (segs[2] == "repository" || segs[2] == "merge_requests" && len(segs) <= 4):
		status, payload, headers = g.handleRepo(r, body, segs)
	default:
		status, payload = http.StatusNotFound, map[string]string{"error": "404 Not Found"}
	}
	if failing {
		writeFailure(w, f)
		return
	}
	for k, v := range headers {
		w.Header()[k] = v
	}
	if raw, ok := payload.(rawText); ok {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(raw))
		return
	}
	writeJSON(w, status, payload)
}

func (g *GitLab) authorized(r *http.Request) bool {
	if r.Header.Get("PRIVATE-TOKEN") == g.Token || r.Header.Get("JOB-TOKEN") == g.Token {
		return true
	}
	return r.Header.Get("Authorization") == "Bearer "+g.Token
}

func (g *GitLab) takeFailure(r *http.Request) (Failure, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for i, f := range g.failures {
		if (f.Method == "" || f.Method == r.Method) && strings.HasPrefix(r.URL.Path, f.PathPrefix) &&
			strings.Contains(r.URL.RawQuery, f.Query) {
			g.failures = append(g.failures[:i], g.failures[i+1:]...)
			return f, true
		}
	}
	return Failure{}, false
}

func writeFailure(w http.ResponseWriter, f Failure) {
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	writeJSON(w, f.Status, map[string]string{"message": fmt.Sprintf("%d %s", f.Status, http.StatusText(f.Status))})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

type projectJSON struct {
	ID                int64          `json:"id"`
	Name              string         `json:"name"`
	Path              string         `json:"path"`
	PathWithNamespace string         `json:"path_with_namespace"`
	NameWithNamespace string         `json:"name_with_namespace"`
	DefaultBranch     *string        `json:"default_branch"`
	HTTPURLToRepo     string         `json:"http_url_to_repo"`
	SSHURLToRepo      string         `json:"ssh_url_to_repo"`
	WebURL            string         `json:"web_url"`
	Archived          bool           `json:"archived"`
	Topics            []string       `json:"topics"`
	TagList           []string       `json:"tag_list"`
	LastActivityAt    time.Time      `json:"last_activity_at"`
	Namespace         namespaceJSON  `json:"namespace"`
	ForkedFromProject *forkedFromRef `json:"forked_from_project,omitempty"`
	Visibility        string         `json:"visibility"`
}

type namespaceJSON struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Path     string `json:"path"`
	Kind     string `json:"kind"`
	FullPath string `json:"full_path"`
}

type forkedFromRef struct {
	ID                int64  `json:"id"`
	Name              string `json:"name"`
	Path              string `json:"path"`
	PathWithNamespace string `json:"path_with_namespace"`
}

func (g *GitLab) projectJSON(p Project) projectJSON {
	ns, name := "", p.PathWithNamespace
	if i := strings.LastIndex(p.PathWithNamespace, "/"); i >= 0 {
		ns, name = p.PathWithNamespace[:i], p.PathWithNamespace[i+1:]
	}
	topics := p.Topics
	if topics == nil {
		topics = []string{}
	}
	var branch *string
	if p.DefaultBranch != "" {
		b := p.DefaultBranch
		branch = &b
	}
	j := projectJSON{
		ID: p.ID, Name: name, Path: name, PathWithNamespace: p.PathWithNamespace,
		NameWithNamespace: strings.ReplaceAll(p.PathWithNamespace, "/", " / "),
		DefaultBranch:     branch, HTTPURLToRepo: p.HTTPURL, SSHURLToRepo: p.SSHURL,
		WebURL: g.URL + "/" + p.PathWithNamespace, Archived: p.Archived,
		Topics: topics, TagList: topics, LastActivityAt: p.LastActivityAt.UTC(),
		Namespace: namespaceJSON{ID: int64(len(ns)), Name: lastSegment(ns), Path: lastSegment(ns),
			Kind: "group", FullPath: ns},
		Visibility: "private",
	}
	if p.ForkedFrom != "" {
		j.ForkedFromProject = &forkedFromRef{ID: 1000 + p.ID, Name: lastSegment(p.ForkedFrom),
			Path: lastSegment(p.ForkedFrom), PathWithNamespace: p.ForkedFrom}
	}
	return j
}

func lastSegment(p string) string { return p[strings.LastIndex(p, "/")+1:] }

func (g *GitLab) groupProjects(r *http.Request, group string) (int, any, http.Header) {
	q := r.URL.Query()
	g.mu.Lock()
	defer g.mu.Unlock()
	known := false
	var matched []Project
	for _, p := range g.projects {
		ns := p.PathWithNamespace[:max(0, strings.LastIndex(p.PathWithNamespace, "/"))]
		direct := ns == group
		below := strings.HasPrefix(ns, group+"/")
		if direct || below {
			known = true
		}
		if !direct && !(below && q.Get("include_subgroups") == "true") {
			continue
		}
		switch q.Get("archived") {
		case "true":
			if !p.Archived {
				continue
			}
		case "false":
			if p.Archived {
				continue
			}
		}
		matched = append(matched, p)
	}
	if !known {
		return http.StatusNotFound, map[string]string{"message": "404 Group Not Found"}, nil
	}
	// GitLab orders by created_at descending by default; newest id first
	// stands in for that, so that callers cannot rely on a sorted answer.
	sort.Slice(matched, func(i, j int) bool { return matched[i].ID > matched[j].ID })
	items := make([]any, len(matched))
	for i, p := range matched {
		items[i] = g.projectJSON(p)
	}
	page, hdr := paginate(r, items, g.MaxPerPage)
	g.stick(hdr)
	return http.StatusOK, page, hdr
}

// stick applies StuckNextPage to an answer's pagination headers; the
// caller holds g.mu.
func (g *GitLab) stick(h http.Header) {
	if g.StuckNextPage {
		h.Set("X-Next-Page", "1")
	}
}

// currentUser answers GET /user with the token's user, in GitLab's shape
// (a subset of its fields).
func (g *GitLab) currentUser() (int, any) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return http.StatusOK, map[string]any{
		"id": g.UserID, "username": g.Username, "name": g.Username, "state": "active",
		"bot": true, "web_url": g.URL + "/" + g.Username,
	}
}

func (g *GitLab) listNotes(r *http.Request, project string, iid int64) (int, any, http.Header) {
	g.mu.Lock()
	defer g.mu.Unlock()
	notes := g.notes[g.noteKey(project, iid)]
	items := make([]any, 0, len(notes))
	// GitLab lists notes newest first unless sort=asc.
	if r.URL.Query().Get("sort") == "asc" {
		for _, n := range notes {
			items = append(items, n)
		}
	} else {
		for i := len(notes) - 1; i >= 0; i-- {
			items = append(items, notes[i])
		}
	}
	page, hdr := paginate(r, items, g.MaxPerPage)
	g.stick(hdr)
	return http.StatusOK, page, hdr
}

// noteBody reads the body parameter from JSON, a form, or the query.
func noteBody(r *http.Request, body string) (string, bool) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var v struct {
			Body *string `json:"body"`
		}
		if err := json.Unmarshal([]byte(body), &v); err == nil && v.Body != nil {
			return *v.Body, true
		}
		return "", false
	}
	if form, err := url.ParseQuery(body); err == nil && form.Has("body") {
		return form.Get("body"), true
	}
	if q := r.URL.Query(); q.Has("body") {
		return q.Get("body"), true
	}
	return "", false
}

func (g *GitLab) createNote(r *http.Request, body, project string, iid int64) (int, any) {
	text, ok := noteBody(r, body)
	if !ok || text == "" {
		return http.StatusBadRequest, map[string]string{"error": "body is missing"}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.nextNote++
	now := epoch.Add(time.Duration(g.nextNote) * time.Second)
	n := Note{ID: g.nextNote, Body: text, Author: Author{ID: g.UserID, Username: g.Username, Name: g.Username},
		CreatedAt: now, UpdatedAt: now}
	key := g.noteKey(project, iid)
	g.notes[key] = append(g.notes[key], n)
	return http.StatusCreated, n
}

func (g *GitLab) updateNote(r *http.Request, body, project string, iid, nid int64) (int, any) {
	text, ok := noteBody(r, body)
	if !ok || text == "" {
		return http.StatusBadRequest, map[string]string{"error": "body is missing"}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	notes := g.notes[g.noteKey(project, iid)]
	for i := range notes {
		if notes[i].ID == nid {
			notes[i].Body = text
			notes[i].UpdatedAt = notes[i].UpdatedAt.Add(time.Minute)
			return http.StatusOK, notes[i]
		}
	}
	return http.StatusNotFound, map[string]string{"message": "404 Not found"}
}

// paginate cuts items to the requested page and sets GitLab's offset
// pagination headers.
func paginate(r *http.Request, items []any, maxPerPage int) ([]any, http.Header) {
	q := r.URL.Query()
	perPage, err := strconv.Atoi(q.Get("per_page"))
	if err != nil || perPage <= 0 {
		perPage = 20
	}
	if maxPerPage <= 0 || maxPerPage > 100 {
		maxPerPage = 100
	}
	perPage = min(perPage, maxPerPage)
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page <= 0 {
		page = 1
	}
	total := len(items)
	totalPages := max(1, (total+perPage-1)/perPage)
	start := min((page-1)*perPage, total)
	end := min(start+perPage, total)

	h := http.Header{}
	h.Set("X-Page", strconv.Itoa(page))
	h.Set("X-Per-Page", strconv.Itoa(perPage))
	h.Set("X-Total", strconv.Itoa(total))
	h.Set("X-Total-Pages", strconv.Itoa(totalPages))
	next, prev := "", ""
	if page < totalPages {
		next = strconv.Itoa(page + 1)
	}
	if page > 1 {
		prev = strconv.Itoa(page - 1)
	}
	h.Set("X-Next-Page", next)
	h.Set("X-Prev-Page", prev)
	link := func(p int, rel string) string {
		u := *r.URL
		u.Scheme, u.Host = "http", r.Host
		v := u.Query()
		v.Set("page", strconv.Itoa(p))
		v.Set("per_page", strconv.Itoa(perPage))
		u.RawQuery = v.Encode()
		return fmt.Sprintf("<%s>; rel=%q", u.String(), rel)
	}
	var links []string
	if prev != "" {
		links = append(links, link(page-1, "prev"))
	}
	if next != "" {
		links = append(links, link(page+1, "next"))
	}
	links = append(links, link(1, "first"), link(totalPages, "last"))
	h.Set("Link", strings.Join(links, ", "))
	return append([]any{}, items[start:end]...), h
}
