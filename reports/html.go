package reports

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/scoredev/score/campaign"
	"github.com/scoredev/score/scorecard"
)

// htmlFiles are the page's templates: html.tmpl lays out the page, each
// other html_*.tmpl defines sections ({{define "section-ID"}}) listed in
// htmlSections.
//
//go:embed html*.tmpl
var htmlFiles embed.FS

// htmlTemplate is parsed on first use: only `score report --format html`
// needs it, and parsing it costs every other command's start-up.
var htmlTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("html.tmpl").Funcs(template.FuncMap{
		"score":    formatScore,
		"delta":    formatDelta,
		"location": location,
		"short":    shortCommit,
		"failing":  func(o scorecard.Outcome) bool { return o.Failing() },
		"plural":   plural,
		"inline":   inlineHTML,
		"lower":    strings.ToLower,
		"f1":       func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) },
		"levels":   func() []string { return []string{scorecard.Gold, scorecard.Silver, scorecard.Bronze, scorecard.None} },
	}).ParseFS(htmlFiles, "html*.tmpl"))
})

// htmlPage is what the template shows. The fields are computed up front
// for the sections every page has; a section that needs more defines a
// method on *htmlPage (its data method, in the section's own file) that
// reads scan and opts, so sections can be added or moved without
// touching the others.
type htmlPage struct {
	scan *scorecard.Scan
	opts Options

	Title     string
	Generated string
	Tool      string
	Policy    string
	Summary   scorecard.Summary
	// Sections are the page's sections that have something to show, in
	// order, rendered (renderSections), for the table of contents and the
	// body.
	Sections []renderedSection
	// OrgDelta is the like-for-like change of the mean score since
	// Previous (over the repositories in both scans), or "".
	OrgDelta     string
	PreviousDate string
	// OrgTrendNote says what OrgDelta is over and what was added or
	// removed ("over 12 repositories in both scans; 1 added, 1 removed").
	OrgTrendNote string
	Checks       []scorecard.CheckResult
	Teams        []htmlTeam
	// Fixable are the failing checks `score fix` can fix (Options.Fixable).
	Fixable map[string]bool
	// Outcomes is the alignment × outcomes section (html_outcomes.tmpl),
	// nil without delivery outcomes.
	Outcomes *outcomesView
	// campaigns feed CampaignSection (html_campaigns.go).
	campaigns []campaign.Status
	// Adoption is the path adoption section (html_paths.go); nil without
	// golden paths.
	Adoption *htmlAdoption
}

type htmlTeam struct {
	scorecard.Team
	ID    string
	Trend string
	// TrendClass is up, down or empty, for colouring Trend.
	TrendClass string
	Rows       []htmlRepo
	// NextLevel are the checks that keep the team's repositories below
	// their next level, cheapest first.
	NextLevel []teamBlocker
	// Components are the monorepo components the team owns (html_components.go).
	Components []htmlComponent
}

type htmlRepo struct {
	scorecard.Repo
	ID      string
	TeamOf  string
	Failing int
	Groups  []categoryGroup
	// Next is the level above the repository's and Blockers the checks
	// that keep it from it, cheapest first (nextLevel).
	Next     string
	Blockers []scorecard.CheckResult
}

// renderHTML writes one self-contained page: inline CSS and SVG, no
// external requests, readable without JavaScript (a few lines of it add a
// repository filter) and printable. html/template escapes everything from
// the scan.
func renderHTML(w io.Writer, scan *scorecard.Scan, opts Options) error {
	page := buildHTMLPage(scan, opts)
	if err := page.renderSections(); err != nil {
		return fmt.Errorf("render html: %w", err)
	}
	ew := &errWriter{w: w}
	if err := htmlTemplate().Execute(ew, page); err != nil {
		if ew.err != nil {
			return ew.err
		}
		return fmt.Errorf("render html: %w", err)
	}
	return nil
}

func buildHTMLPage(scan *scorecard.Scan, opts Options) *htmlPage {
	page := &htmlPage{
		scan:    scan,
		opts:    opts,
		Title:   opts.Title,
		Tool:    scan.Tool.Version,
		Policy:  scan.Policy.Digest,
		Summary: scorecard.OrgSummary(scan.Repos),
		Checks:  checkCatalog(scan),
		Fixable: opts.Fixable,

		campaigns: opts.Campaigns,
	}
	page.Adoption = buildHTMLAdoption(scan, opts)
	if page.Title == "" {
		page.Title = "score report"
	}
	page.Outcomes = buildOutcomesView(scan)
	if !scan.FinishedAt.IsZero() {
		page.Generated = scan.FinishedAt.UTC().Format("2006-01-02 15:04 UTC")
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
			if scorecard.TeamOf(r) != t.Name {
				continue
			}
			repos = append(repos, r)
			next, blockers := nextLevel(r, opts.Fixable)
			ht.Rows = append(ht.Rows, htmlRepo{
				Repo:     r,
				ID:       ids.make("repo", r.Name),
				TeamOf:   t.Name,
				Failing:  failingCount(r),
				Groups:   byCategory(r),
				Next:     next,
				Blockers: blockers,
			})
		}
		ht.NextLevel = teamBlockers(repos, opts.Fixable)
		ht.Components = teamComponents(scan.Repos, t.Name)
		page.Teams = append(page.Teams, ht)
	}
	return page
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
