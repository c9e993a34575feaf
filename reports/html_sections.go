package reports

// htmlSection is one section of the HTML report: the template
// "section-<ID>" (defined in an html_*.tmpl file) rendered with the page.
// A section with nothing to show renders nothing.
type htmlSection struct {
	ID    string
	Title string
}

// htmlSections are the report's sections in page order. A new section is
// one html_<name>.tmpl defining "section-<id>", its data method on
// *htmlPage in html_<name>.go, and one line here.
var htmlSections = []htmlSection{
	{ID: "overview", Title: "Overview"},
	{ID: "heatmap", Title: "Checks by team"},
	{ID: "teams", Title: "Teams"},
	{ID: "definitions", Title: "Definitions"},
}
