package reports

import (
	"html/template"
	"strings"
)

// htmlSection is one section of the HTML report: the template
// "section-<ID>" (defined in an html_*.tmpl file) rendered with the page.
// A section with nothing to show renders nothing and is left out of the
// page and its table of contents.
type htmlSection struct {
	ID    string
	Title string
}

// htmlSections are the report's sections in page order. A new section is
// one html_<name>.tmpl defining "section-<id>", its data method on
// *htmlPage in html_<name>.go, and one line here.
var htmlSections = []htmlSection{
	{ID: "overview", Title: "Overview"},
	{ID: "paths", Title: "Golden paths"},
	{ID: "campaigns", Title: "Campaigns"},
	{ID: "heatmap", Title: "Checks by team"},
	{ID: "outcomes", Title: "Outcomes"},
	{ID: "teams", Title: "Teams"},
	{ID: "definitions", Title: "Definitions"},
}

// renderedSection is a section as the page shows it.
type renderedSection struct {
	htmlSection
	HTML template.HTML
}

// renderSections renders every section with the page, keeping those with
// something to show.
func (p *htmlPage) renderSections() error {
	p.Sections = nil
	for _, s := range htmlSections {
		var b strings.Builder
		if err := htmlTemplate().ExecuteTemplate(&b, "section-"+s.ID, p); err != nil {
			return err
		}
		if strings.TrimSpace(b.String()) == "" {
			continue
		}
		// html/template escaped everything from the scan while rendering.
		p.Sections = append(p.Sections, renderedSection{htmlSection: s, HTML: template.HTML(b.String())}) //nolint:gosec
	}
	return nil
}
