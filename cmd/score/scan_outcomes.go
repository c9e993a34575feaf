package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/scoredev/score/app"
	"github.com/scoredev/score/source/gitlab"
)

// outcomeFlags are scan's --outcomes and --outcomes-window (docs/outcomes.md).
type outcomeFlags struct {
	enabled bool
	window  string
	parsed  time.Duration
}

func (f *outcomeFlags) add(fs *pflag.FlagSet) {
	fs.BoolVar(&f.enabled, "outcomes", false, "also measure delivery (deployment frequency, lead time, change failure rate, time to restore) from GitLab's API or git history; see docs/outcomes.md")
	fs.StringVar(&f.window, "outcomes-window", "90d", "how far back --outcomes looks: days (90d) or a duration (2160h)")
}

// validate returns the problem with the flags, or "".
func (f *outcomeFlags) validate() string {
	d, err := parseWindow(f.window)
	if err != nil {
		return fmt.Sprintf("--outcomes-window %q: %v", f.window, err)
	}
	f.parsed = d
	return ""
}

// parseWindow reads "90d" or a Go duration; at least a day, at most ten
// years.
func parseWindow(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var d time.Duration
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil {
			return 0, fmt.Errorf("want a whole number of days such as 90d")
		}
		d = time.Duration(days) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("want days (90d) or a duration (2160h)")
		}
	}
	if d < 24*time.Hour || d > 3650*24*time.Hour {
		return 0, fmt.Errorf("must be between 1d and 3650d")
	}
	return d, nil
}

// options are the app's outcome options, or nil without --outcomes. The
// GitLab token goes only to the GitLab it belongs to, as for discovery.
func (f *outcomeFlags) options(o *scanOptions, g *globalOptions) *app.OutcomeOptions {
	if !f.enabled {
		return nil
	}
	token, _ := g.token()
	return &app.OutcomeOptions{
		Window: f.parsed,
		GitLab: gitlab.GitLabOptions{BaseURL: o.gitlabBase(g), Token: token, RequestTimeout: o.apiTimeout},
		Clone:  o.cloneOptions(g),
	}
}
