package source

import "time"

// Delivery is what a source records about a repository's delivery over a
// window: deployments, changes merged to the default branch, failure
// signals and incidents. It holds events, never measures; app turns them
// into the four DORA measures (docs/outcomes.md). A list is empty either
// because nothing happened or because the source could not see it; the
// matching Reason says which when it is the latter.
type Delivery struct {
	Since, Until time.Time

	// Deployments to production (or release tags), oldest first.
	Deployments       []Deployment
	DeploymentSource  string // "gitlab-api" or "git"
	DeploymentsReason string

	// Changes merged to the default branch in the window.
	Changes       []Change
	ChangeSource  string
	ChangesReason string
	// ChangesBasis says what a change's lead time runs to when it was not
	// deployed ("merge").
	ChangesNote string

	// Failures are the times of failure signals: a revert, a rollback, a
	// hotfix or incident merge request. Each counts against the last
	// deployment before it.
	Failures []time.Time

	// Incidents opened in the window.
	Incidents       []Incident
	IncidentSource  string
	IncidentsReason string
}

// Deployment is one deployment to production, or a release tag.
type Deployment struct {
	At   time.Time
	SHA  string
	Name string // the environment or tag
	// Failed is a deployment that did not succeed (GitLab status failed).
	Failed bool
}

// Change is one change merged to the default branch.
type Change struct {
	// FirstCommit is when its first commit was authored; Merged when it
	// reached the default branch; Deployed when the first deployment that
	// shipped it happened (zero when none has yet, or none is known).
	FirstCommit, Merged, Deployed time.Time
}

// Incident is one incident: opened, and closed (zero while open).
type Incident struct {
	Opened, Closed time.Time
}
