package main

import (
	"errors"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/scoredev/score/campaign"
	"github.com/scoredev/score/config"
	"github.com/scoredev/score/history"
	"github.com/scoredev/score/reports"
	"github.com/scoredev/score/scorecard"
)

func newCampaignCmd(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "campaign",
		Short: "Follow the campaigns of the platform config (time-boxed drives towards a target)",
	}
	cmd.AddCommand(newCampaignStatusCmd(g))
	return cmd
}

type campaignOptions struct {
	in    string
	store string
	today string
}

func newCampaignStatusCmd(g *globalOptions) *cobra.Command {
	o := &campaignOptions{}
	cmd := &cobra.Command{
		Use:   "status [ID]",
		Short: "Show each campaign's progress: done, to do and exempted per team, what remains, days left, burn-up",
		Long: `Measure the campaigns of the platform config (--config, 'campaigns:') against
a scan: the newest scan in the history store, or --in FILE. For each campaign
(or only ID): the repositories in scope that are done, still to do or
exempted, per team; what each remaining repository still fails; the days
left; and the burn-up, the done count in the last stored scan of each
day between the campaign's start and due dates.

Campaigns advise: the command exits 0 whatever their progress.`,
		Example: `  score campaign status --config score.yaml
  score campaign status payments-silver --config score.yaml --in scan.json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return o.run(cmd, g, args)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.in, "in", "i", "", "scan result to measure (default: the newest scan in the history store)")
	f.StringVar(&o.store, "store", "", "history database (default: $XDG_DATA_HOME/score/history.db)")
	addTodayFlag(cmd, &o.today)
	return cmd
}

// addTodayFlag adds the hidden --today YYYY-MM-DD, the day campaigns are
// measured on (see campaignToday).
func addTodayFlag(cmd *cobra.Command, today *string) {
	cmd.Flags().StringVar(today, "today", "", "measure campaigns as on this day (YYYY-MM-DD)")
	_ = cmd.Flags().MarkHidden("today")
}

// campaignToday is the day campaigns are measured on: --today, else the
// platform config's `config: today:`, else the clock's day (clock nil: the
// system clock).
func campaignToday(flag string, cfg *config.Config, clock func() time.Time) (time.Time, error) {
	if flag != "" {
		d, err := time.Parse(config.DateLayout, flag)
		if err != nil {
			return time.Time{}, usageErrorf("--today %q: want YYYY-MM-DD", flag)
		}
		return d, nil
	}
	if d, ok := cfg.Today(); ok {
		return d, nil
	}
	if clock == nil {
		clock = time.Now
	}
	return clock().UTC(), nil
}

func (o *campaignOptions) run(cmd *cobra.Command, g *globalOptions, args []string) error {
	cfg, err := loadConfig(g.configPath)
	if err != nil {
		return err
	}
	today, err := campaignToday(o.today, cfg, nil)
	if err != nil {
		return err
	}
	list := cfg.Campaigns.List
	if len(list) == 0 {
		where := "no --config given"
		if cfg.Path() != "" {
			where = cfg.Path() + " has no campaigns: section"
		}
		return usageErrorf("no campaigns to show: %s (see the README, \"Campaigns\")", where)
	}
	if len(args) == 1 {
		c, ok := cfg.Campaign(args[0])
		if !ok {
			ids := make([]string, len(list))
			for i, c := range list {
				ids[i] = c.ID
			}
			return usageErrorf("unknown campaign %q (known: %s)", args[0], strings.Join(ids, ", "))
		}
		list = []config.Campaign{c}
	}

	var scan *scorecard.Scan
	if o.in != "" {
		if scan, err = readScanFile(o.in, cmd.InOrStdin()); err != nil {
			return err
		}
	}
	past, latest, err := campaignHistory(cmd, g, o.store, o.in == "", list)
	if err != nil {
		return err
	}
	if scan == nil {
		scan = latest
	}
	return reports.WriteCampaigns(cmd.OutOrStdout(), campaign.Evaluate(list, scan, past, today))
}

// campaignHistory reads the stored scans between the earliest start and
// the latest due day of the campaigns, and the newest stored scan when
// needLatest. Without needLatest a store that does not exist yet (and was
// not named with --store) means no history.
func campaignHistory(cmd *cobra.Command, g *globalOptions, store string, needLatest bool, list []config.Campaign) ([]*scorecard.Scan, *scorecard.Scan, error) {
	if !needLatest && store == "" {
		path, err := g.storePath("")
		if err != nil {
			return nil, nil, nil
		}
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, nil, nil
		}
	}
	st, err := openHistory(g, store)
	if err != nil {
		if needLatest {
			return nil, nil, usageErrorf("%v; pass a scan result with --in", err)
		}
		return nil, nil, err
	}
	defer st.Close()
	from, to := list[0].Starts, list[0].Due
	for _, c := range list[1:] {
		from, to = minTime(from, c.Starts), maxTime(to, c.Due)
	}
	past, err := st.ScansBetween(cmd.Context(), from, to)
	if err != nil {
		return nil, nil, err
	}
	if !needLatest {
		return past, nil, nil
	}
	_, latest, err := st.LatestScan(cmd.Context())
	if errors.Is(err, history.ErrNoScan) {
		return nil, nil, usageErrorf("history store %s holds no scan yet; run 'score scan' or pass --in", st.Path())
	}
	if err != nil {
		return nil, nil, err
	}
	return past, latest, nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// campaignsFor measures the config's campaigns against scan for a report,
// with the burn-up from store when one is given.
func campaignsFor(cmd *cobra.Command, g *globalOptions, cfg *config.Config, store, todayFlag string, scan *scorecard.Scan) ([]campaign.Status, error) {
	if len(cfg.Campaigns.List) == 0 {
		return nil, nil
	}
	today, err := campaignToday(todayFlag, cfg, nil)
	if err != nil {
		return nil, err
	}
	var past []*scorecard.Scan
	if store != "" {
		if past, _, err = campaignHistory(cmd, g, store, false, cfg.Campaigns.List); err != nil {
			return nil, err
		}
	}
	return campaign.Evaluate(cfg.Campaigns.List, scan, past, today), nil
}

// campaignNote measures the campaigns for `score ci` (its note names those
// the repository is behind on) on config.today or the day of the
// pipeline's clock (nil: the system clock).
func campaignNote(cfg *config.Config, scan *scorecard.Scan, clock func() time.Time) []campaign.Status {
	if len(cfg.Campaigns.List) == 0 {
		return nil
	}
	today, _ := campaignToday("", cfg, clock) // no flag: cannot fail
	return campaign.Evaluate(cfg.Campaigns.List, scan, nil, today)
}
