package reports

import (
	"html"
	"html/template"
	"strings"
)

// inlineHTML escapes s and turns its Markdown code spans (`like this`)
// into <code> elements, so remediation and finding texts written for
// Markdown show no backticks. An unpaired backtick stays as it is.
func inlineHTML(s string) template.HTML {
	var b strings.Builder
	for {
		open := strings.IndexByte(s, '`')
		if open < 0 {
			break
		}
		end := strings.IndexByte(s[open+1:], '`')
		if end < 0 {
			break
		}
		b.WriteString(html.EscapeString(s[:open]))
		b.WriteString("<code>")
		b.WriteString(html.EscapeString(s[open+1 : open+1+end]))
		b.WriteString("</code>")
		s = s[open+1+end+1:]
	}
	b.WriteString(html.EscapeString(s))
	return template.HTML(b.String()) //nolint:gosec // every piece of s is escaped above
}
