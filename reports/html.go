package reports

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/scoredev/score/campaign"
	"github.com/scoredev/score/scorecard"
)

//go:embed html.tmpl
var htmlSource string

//go:embed html_outcomes.tmpl
var htmlOutcomesSource string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"score":    formatScore,
	"delta":    formatDelta,
	"location": location,
	"short":    shortCommit,
	"failing":  func(o scorecard.Outcome) bool { return o.Failing() },
	"plural":   plural,
}).Parse(htmlSource + strings.TrimSuffix(htmlOutcomesSource, "\n")))

// htmlPage is everything the template shows, computed up front so that
// the template only lays it out.
type htmlPage struct {
	Title     string
	Generated string
	Tool      string
	Policy    string
	Summary   scorecard.Summary
	// OrgDelta is the like-for-like change of the mean score since
	// Previous (over the repositories in both scans), or "".
	OrgDelta     string
	PreviousDate string
	// OrgTrendNote says what OrgDelta is over and what was added or
	// removed ("over 12 repositories in both scans; 1 added, 1 removed").
	OrgTrendNote string
	LevelBars    []levelBar
	Checks       []scorecard.CheckResult
	Heatmap      []heatRow
	Teams        []htmlTeam
	// Fixable are the failing checks `score fix` can fix (Options.Fixable).
	Fixable map[string]bool
	// Outcomes is the alignment × outcomes section (html_outcomes.tmpl),
	// nil without delivery outcomes.
	Outcomes *outcomesView
	// campaigns feed CampaignSection (html_campaigns.go).
	campaigns []campaign.Status
}

type levelBar struct {
	Level string
	Count int
	Y     int
	TextY int
	Width int
}

type heatRow struct {
	Team  string
	Cells []heatCell
}

type heatCell struct {
	Class string
	Text  string
	Title string
}

type htmlTeam struct {
	scorecard.Team
	ID    string
	Trend string
	// TrendClass is up, down or empty, for colouring Trend.
	TrendClass string
	Rows       []htmlRepo
	// Components are the monorepo components the team owns (html_components.go).
	Components []htmlComponent
}

type htmlRepo struct {
	scorecard.Repo
	ID      string
	TeamOf  string
	Failing int
	Groups  []categoryGroup
}

// renderHTML writes one self-contained page: inline CSS and SVG, no
// external requests, readable without JavaScript (a few lines of it add a
// repository filter). html/template escapes everything from the scan.
func renderHTML(w io.Writer, scan *scorecard.Scan, opts Options) error {
	page := buildHTMLPage(scan, opts)
	ew := &errWriter{w: w}
	if err := htmlTemplate.Execute(ew, page); err != nil {
		if ew.err != nil {
			return ew.err
		}
		return fmt.Errorf("render html: %w", err)
	}
	return nil
}

func buildHTMLPage(scan *scorecard.Scan, opts Options) htmlPage {
	page := htmlPage{
		Title:   opts.Title,
		Tool:    scan.Tool.Version,
		Policy:  scan.Policy.Digest,
		Summary: scorecard.OrgSummary(scan.Repos),
		Checks:  checkCatalog(scan),
		Fixable: opts.Fixable,

		campaigns: opts.Campaigns,
	}
	if page.Title == "" {
		page.Title = "score report"
	}
	page.Outcomes = buildOutcomesView(scan)
	if !scan.FinishedAt.IsZero() {
		page.Generated = scan.FinishedAt.UTC().Format("2006-01-02 15:04 UTC")
	}

	// Level distribution: one bar per level, scaled to the largest.
	most := 0
	for _, n := range page.Summary.Levels {
		most = max(most, n)
	}
	for i, l := range []string{scorecard.Gold, scorecard.Silver, scorecard.Bronze, scorecard.None} {
		n := page.Summary.Levels[l]
		width := 0
		if most > 0 {
			width = int(math.Round(300 * float64(n) / float64(most)))
		}
		page.LevelBars = append(page.LevelBars, levelBar{Level: l, Count: n, Y: i * 28, TextY: i*28 + 16, Width: width})
	}

	var trend map[string]scorecard.TeamDiff
	if opts.Previous != nil {
		trend = teamTrend(opts.Previous, scan)
		if org := scorecard.DiffScans(opts.Previous, scan).Org; org.Compared > 0 {
			page.OrgDelta = formatDelta(org.Delta)
			page.OrgTrendNote = trendNote(org)
		}
		if !opts.Previous.FinishedAt.IsZero() {
			page.PreviousDate = opts.Previous.FinishedAt.UTC().Format("2006-01-02")
		}
	}

	ids := newIDs()
	for _, t := range teamsOf(scan) {
		ht := htmlTeam{Team: t, ID: ids.make("team", t.Name)}
		if trend != nil {
			td := trend[t.Name]
			ht.Trend = trendText(td)
			switch {
			case td.Old && td.Delta > 0:
				ht.TrendClass = "up"
			case td.Old && td.Delta < 0:
				ht.TrendClass = "down"
			}
		}
		var repos []scorecard.Repo
		for _, r := range scorecard.Units(scan.Repos) { // a monorepo's components, each under its team
			if scorecard.TeamOf(r) == t.Name {
				repos = append(repos, r)
				ht.Rows = append(ht.Rows, htmlRepo{
					Repo:    r,
					ID:      ids.make("repo", r.Name),
					TeamOf:  t.Name,
					Failing: failingCount(r),
					Groups:  byCategory(r),
				})
			}
		}
		ht.Components = teamComponents(scan.Repos, t.Name)
		page.Teams = append(page.Teams, ht)
		page.Heatmap = append(page.Heatmap, heatRow{Team: t.Name, Cells: heatCells(t.Name, repos, page.Checks)})
	}
	return page
}

// heatCells is one team's row of the heatmap: per check, the share of the
// team's scanned repositories where the check applies (not skipped) that
// pass it. An exempt repository does not pass: the heatmap shows adoption
// of the golden path, not the score.
func heatCells(team string, repos []scorecard.Repo, checks []scorecard.CheckResult) []heatCell {
	cells := make([]heatCell, 0, len(checks))
	for _, chk := range checks {
		counts := map[scorecard.Outcome]int{}
		for _, r := range repos {
			if r.Error != "" {
				continue
			}
			for _, c := range r.Checks {
				if c.ID == chk.ID {
					counts[c.Outcome]++
				}
			}
		}
		pass := counts[scorecard.Pass]
		applies := pass + counts[scorecard.Fail] + counts[scorecard.Error] + counts[scorecard.Exempt]
		title := fmt.Sprintf("%s · %s: %d of %s pass", team, chk.ID, pass, plural(applies, "repo"))
		if applies == 0 {
			title = fmt.Sprintf("%s · %s: does not apply", team, chk.ID)
		}
		var extra []string
		for _, o := range []scorecard.Outcome{scorecard.Fail, scorecard.Error, scorecard.Exempt, scorecard.Skip} {
			if counts[o] > 0 {
				extra = append(extra, fmt.Sprintf("%d %s", counts[o], o))
			}
		}
		if len(extra) > 0 {
			title += " (" + strings.Join(extra, ", ") + ")"
		}
		if applies == 0 {
			cells = append(cells, heatCell{Class: "na", Text: "–", Title: title})
			continue
		}
		share := float64(pass) / float64(applies)
		cells = append(cells, heatCell{
			Class: "h" + strconv.Itoa(int(math.Round(share*10))),
			Text:  strconv.Itoa(int(math.Round(share*100))) + "%",
			Title: title,
		})
	}
	return cells
}

// ids makes readable, unique element ids.
type ids struct{ used map[string]bool }

func newIDs() *ids { return &ids{used: map[string]bool{}} }

func (s *ids) make(prefix, name string) string {
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteByte('-')
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	id := strings.TrimRight(b.String(), "-")
	base := id
	for n := 2; s.used[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	s.used[id] = true
	return id
}

// trendNote says what a like-for-like trend is over, and what it leaves
// out because it is in one scan only.
func trendNote(t scorecard.Trend) string {
	note := "over " + plural(t.Compared, "repository") + " in both scans"
	if t.Added > 0 || t.Removed > 0 {
		note += fmt.Sprintf("; %d added, %d removed", t.Added, t.Removed)
	}
	return note
}
