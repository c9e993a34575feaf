package app

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/scoredev/score/scorecard"
	"github.com/scoredev/score/source"
	"github.com/scoredev/score/source/gitlab"
)

// OutcomeOptions say how `score scan --outcomes` collects delivery measures
// (docs/outcomes.md).
type OutcomeOptions struct {
	// Window is how far back the measures look (default 90 days).
	Window time.Duration
	// Now is the end of the window (default time.Now).
	Now func() time.Time
	// GitLab is the API for repositories discovered from a GitLab group
	// (they carry a project id); its Token may be empty.
	GitLab gitlab.GitLabOptions
	// Clone is how to clone a repository's history for the git side.
	Clone source.CloneOptions
}

// DefaultOutcomeWindow is the window of --outcomes unless told otherwise.
const DefaultOutcomeWindow = 90 * 24 * time.Hour

// CollectOutcomes measures one repository's delivery. A GitLab project is
// asked through the API; one without production deployments falls back to
// git's release tags for the deployment measures. Anything else is read
// from git. It never fails: what cannot be measured is empty with the
// reason, and the repository's score is untouched.
func CollectOutcomes(ctx context.Context, ref source.RepoRef, o OutcomeOptions) *scorecard.Outcomes {
	window := o.Window
	if window <= 0 {
		window = DefaultOutcomeWindow
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	until := now().UTC()
	since := until.Add(-window)
	var d source.Delivery
	if ref.ProjectID != 0 && o.GitLab.BaseURL != "" {
		res := gitlab.GitLabDelivery(ctx, o.GitLab, ref.ProjectID, ref.DefaultBranch, since, until)
		d = res.Delivery
		if res.NoDeployments {
			if g, err := source.GitDelivery(ctx, ref, o.Clone, since, until); err != nil {
				d.DeploymentsReason += "; release tags could not be read either: " + err.Error()
			} else {
				d.Deployments, d.DeploymentSource, d.DeploymentsReason = g.Deployments, g.DeploymentSource, g.DeploymentsReason
				d.Failures = append(d.Failures, g.Failures...)
				// Lead time then runs to the first release after the
				// merge.
				for i := range d.Changes {
					for _, t := range g.Deployments {
						if !t.At.Before(d.Changes[i].Merged) {
							d.Changes[i].Deployed = t.At
							break
						}
					}
				}
			}
		}
	} else {
		g, err := source.GitDelivery(ctx, ref, o.Clone, since, until)
		if err != nil {
			reason := "could not read the history: " + err.Error()
			g.DeploymentsReason, g.ChangesReason = reason, reason
			g.Deployments, g.Changes, g.Failures = nil, nil, nil
		}
		d = g
	}
	return Measure(d, window)
}

// Measure turns delivery events into the four measures (definitions in
// docs/outcomes.md).
func Measure(d source.Delivery, window time.Duration) *scorecard.Outcomes {
	days := window.Hours() / 24
	out := &scorecard.Outcomes{WindowDays: int(days + 0.5), Until: d.Until,
		DeploymentFrequency: scorecard.Measure{Unit: "per_day"},
		LeadTime:            scorecard.Measure{Unit: "hours"},
		ChangeFailureRate:   scorecard.Measure{Unit: "ratio"},
		TimeToRestore:       scorecard.Measure{Unit: "hours"},
	}
	var ok, failed []source.Deployment
	for _, dep := range d.Deployments {
		if dep.Failed {
			failed = append(failed, dep)
		} else {
			ok = append(ok, dep)
		}
	}
	deployed := len(d.Deployments) > 0

	// Deployment frequency: successful deployments per day.
	df := &out.DeploymentFrequency
	df.Source = d.DeploymentSource
	switch {
	case !deployed:
		df.Empty(cmp.Or(d.DeploymentsReason, "no deployments in the window"))
	default:
		df.Basis = deploymentBasis(d.DeploymentSource)
		df.Set(scorecard.DeploymentFrequency, float64(len(ok))/days, len(ok))
	}

	// Lead time for changes: median hours, first commit to the deployment
	// that shipped it when deployments exist, else to the merge.
	lt := &out.LeadTime
	lt.Source = d.ChangeSource
	var leads []float64
	if deployed {
		lt.Basis = "first commit to the deployment that shipped it"
		for _, c := range d.Changes {
			if !c.Deployed.IsZero() {
				leads = append(leads, c.Deployed.Sub(c.FirstCommit).Hours())
			}
		}
	} else {
		lt.Basis = "first commit to merge into the default branch"
		for _, c := range d.Changes {
			leads = append(leads, c.Merged.Sub(c.FirstCommit).Hours())
		}
	}
	switch m, has := scorecard.Median(leads); {
	case has:
		lt.Set(scorecard.LeadTime, m, len(leads))
	case len(d.Changes) > 0:
		lt.Basis = ""
		lt.Empty("no change merged in the window has been deployed yet")
	default:
		lt.Basis = ""
		lt.Empty(cmp.Or(d.ChangesReason, "no changes merged in the window"))
	}

	// Change failure rate: failed deployments, and successful ones a
	// failure signal (revert, rollback, hotfix or incident merge request)
	// followed before the next deployment, over all deployments.
	bad := markFailures(ok, d.Failures)
	cfr := &out.ChangeFailureRate
	cfr.Source = d.DeploymentSource
	if !deployed {
		cfr.Empty(cmp.Or(d.DeploymentsReason, "no deployments in the window"))
	} else {
		n := 0
		for _, b := range bad {
			if b {
				n++
			}
		}
		cfr.Basis = "failed or remediated deployments over all deployments"
		cfr.Set(scorecard.ChangeFailureRate, float64(n+len(failed))/float64(len(d.Deployments)), len(d.Deployments))
	}

	// Time to restore: incidents opened to closed; without incidents, a
	// failed deployment to the next successful one.
	ttr := &out.TimeToRestore
	var restore []float64
	for _, in := range d.Incidents {
		if !in.Closed.IsZero() {
			restore = append(restore, in.Closed.Sub(in.Opened).Hours())
		}
	}
	if len(restore) > 0 {
		ttr.Source, ttr.Basis = d.IncidentSource, "incident opened to closed"
	} else if deployed {
		var broken []time.Time
		for _, dep := range failed {
			broken = append(broken, dep.At)
		}
		for i, b := range bad {
			if b {
				broken = append(broken, ok[i].At)
			}
		}
		for _, at := range broken {
			for _, next := range ok {
				if next.At.After(at) {
					restore = append(restore, next.At.Sub(at).Hours())
					break
				}
			}
		}
		if len(restore) > 0 {
			ttr.Source, ttr.Basis = d.DeploymentSource, "failed deployment to the next successful one"
		}
	}
	if m, has := scorecard.Median(restore); has {
		ttr.Set(scorecard.TimeToRestore, m, len(restore))
	} else {
		ttr.Source = cmp.Or(d.IncidentSource, d.DeploymentSource)
		reason := cmp.Or(d.IncidentsReason, "no incident in the window was closed")
		if len(d.Incidents) > 0 {
			reason = "no incident opened in the window has been closed yet"
		}
		if deployed {
			reason += "; no failed deployment was followed by a successful one"
		}
		ttr.Empty(reason)
	}
	return out
}

// markFailures says which successful deployments (oldest first) a failure
// signal followed: each signal counts against the last deployment strictly
// before it.
func markFailures(ok []source.Deployment, signals []time.Time) []bool {
	bad := make([]bool, len(ok))
	for _, s := range signals {
		last := -1
		for i, dep := range ok {
			if dep.At.Before(s) {
				last = i
			}
		}
		if last >= 0 {
			bad[last] = true
		}
	}
	return bad
}

func deploymentBasis(src string) string {
	if src == "git" {
		return "release tags per day"
	}
	return "successful deployments to production-tier environments per day"
}

// outcomes measures a scanned repository's delivery when asked to, within
// the per-repository timeout; a reused result's stored outcomes are never
// kept, since delivery moves on without commits.
func (s *scanner) outcomes(ctx context.Context, ref source.RepoRef, repo scorecard.Repo, o *OutcomeOptions) (out *scorecard.Outcomes) {
	if o == nil || repo.Error != "" {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			why := fmt.Sprintf("measuring delivery failed: %v", r)
			out = Measure(source.Delivery{Until: time.Now().UTC(), DeploymentsReason: why, ChangesReason: why, IncidentsReason: why},
				cmp.Or(o.Window, DefaultOutcomeWindow))
		}
	}()
	if s.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.timeout)
		defer cancel()
	}
	return CollectOutcomes(ctx, ref, *o)
}
