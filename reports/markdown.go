package reports

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/scoredev/score/scorecard"
)

// renderMarkdown writes GitLab/GitHub-flavoured Markdown: a merge request
// note for one repository, a per-team summary for many.
//
// The note is posted to GitLab, where a mention notifies people and a line
// starting with / runs a quick action. Repository-controlled text (names,
// job names, finding messages, teams, reasons) therefore has its @mentions
// broken with a zero-width joiner (mdText), and no line of the note may
// start with / (neutraliseQuickActions).
func renderMarkdown(w io.Writer, scan *scorecard.Scan, opts Options) error {
	var buf bytes.Buffer
	ew := &errWriter{w: &buf}
	if len(scan.Repos) == 1 {
		markdownRepo(ew, scan.Repos[0], opts)
	} else {
		markdownOrg(ew, scan, opts)
	}
	if ew.err != nil {
		return ew.err
	}
	_, err := w.Write(neutraliseQuickActions(buf.Bytes()))
	return err
}

// neutraliseQuickActions escapes a / that starts a line (\/ renders as
// /), so that no line of the note is a GitLab quick action.
func neutraliseQuickActions(b []byte) []byte {
	if !bytes.Contains(b, []byte("\n/")) && !bytes.HasPrefix(b, []byte("/")) {
		return b
	}
	lines := bytes.SplitAfter(b, []byte("\n"))
	var out bytes.Buffer
	for _, l := range lines {
		if bytes.HasPrefix(l, []byte("/")) {
			out.WriteByte('\\')
		}
		out.Write(l)
	}
	return out.Bytes()
}

// zwj is the zero-width joiner put between @ and a name so that GitLab
// does not read a mention (@all, @group) into repository-controlled text.
const zwj = "\u200d"

// breakMentions puts zwj after each @ that GitLab would take for a
// mention: one not preceded by a word character and followed by a name
// character.
func breakMentions(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if s[i] == '@' && (i == 0 || !isWordByte(s[i-1])) && i+1 < len(s) && isNameByte(s[i+1]) {
			b.WriteString(zwj)
		}
	}
	return b.String()
}

func isWordByte(c byte) bool {
	return c == '_' || ('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

func isNameByte(c byte) bool { return isWordByte(c) || c == '.' || c == '-' }

func markdownRepo(ew *errWriter, r scorecard.Repo, opts Options) {
	title := opts.Title
	if title == "" {
		title = "score: " + r.Name
	}
	ew.printf("## %s\n\n", mdText(title))
	if r.Error != "" {
		ew.printf("**Not scanned:** %s\n", mdText(r.Error))
		return
	}
	markdownRepoPath(ew, r)

	if c := opts.Comparison; c != nil {
		ew.printf("**Level** %s → **%s** · **Score** %s → **%s** (%s)\n\n",
			mdText(c.Base.Level), mdText(c.Head.Level),
			formatScore(c.Base.Score), formatScore(c.Head.Score), formatDelta(c.Head.Score-c.Base.Score))
		ew.printf("Team %s", mdCode(scorecard.TeamOf(r), false))
		if c.Base.Commit != "" || c.Head.Commit != "" {
			head := mdCode(shortCommit(c.Head.Commit), false)
			if opts.HeadLabel != "" {
				head = mdText(opts.HeadLabel)
			}
			ew.printf(" · %s → %s", mdCode(shortCommit(c.Base.Commit), false), head)
		}
		ew.printf("\n\n")
		markdownChange(ew, r, c)
		markdownComponents(ew, c)
	} else {
		ew.printf("**Score** %s · **Level** %s · Team %s", formatScore(r.Score), mdText(r.Level), mdCode(scorecard.TeamOf(r), false))
		if r.Commit != "" {
			ew.printf(" · %s", mdCode(shortCommit(r.Commit), false))
		}
		ew.printf("\n\n")
	}

	markdownErrored(ew, r)
	markdownCampaignNote(ew, r, opts.Campaigns)
	failing := failingChecks(r)
	if next, blockers := nextLevel(r, opts.Fixable); next != "" {
		items := nextLevelItems(blockers, opts.Fixable, func(id string) string { return mdCode(id, false) }, "`score fix`")
		ew.printf("**To reach %s:** %s\n\n", mdText(next), strings.Join(items, ", "))
	}
	isNew := newFindings(opts.Comparison)
	var exempt, passing, skipped []scorecard.CheckResult
	for _, c := range r.Checks {
		switch c.Outcome {
		case scorecard.Fail, scorecard.Error:
		case scorecard.Exempt:
			exempt = append(exempt, c)
		case scorecard.Pass:
			passing = append(passing, c)
		default:
			skipped = append(skipped, c)
		}
	}

	if len(failing) > 0 {
		if opts.Comparison != nil {
			// The change leads; the repository's backlog is one click away.
			if n := countFixable(failing, opts); n > 0 {
				ew.printf("%d of the failing checks can be fixed for you: in the repository, run `score fix --apply`, review the change and commit it.\n\n", n)
			}
			ew.printf("<details><summary>All failing checks (%d)</summary>\n\n", len(failing))
		} else {
			ew.printf("### Failing checks (%d)\n\n", len(failing))
		}
		ew.printf("| | Check | Level | Remediation | Findings |\n| --- | --- | --- | --- | --- |\n")
		for _, c := range failing {
			var findings []string
			if c.Error != "" {
				findings = append(findings, "error: "+mdCell(mdText(c.Error)))
			}
			for _, f := range c.Findings {
				text := mdFinding(f)
				if isNew[findingID{c.ID, f}] {
					text = "**new** " + text
				}
				findings = append(findings, text)
			}
			fixable := ""
			if opts.Fixable[c.ID] {
				fixable = "<br>*fixable with `score fix`*"
			}
			ew.printf("| %s | %s<br>%s%s | %s | %s | %s |\n",
				mdOutcome(c.Outcome), mdCode(c.ID, true), mdCell(mdText(c.Title)), fixable, mdCell(mdText(c.Level)),
				mdCell(c.Remediation), strings.Join(findings, "<br>"))
		}
		ew.printf("\n")
		if opts.Comparison != nil {
			ew.printf("</details>\n\n")
		} else if n := countFixable(failing, opts); n > 0 {
			ew.printf("**%d of these can be fixed for you.** In the repository, run `score fix --apply`, review the change and commit it.\n\n", n)
		}
	} else {
		ew.printf("No failing checks.\n\n")
	}

	if c := opts.Comparison; c != nil && len(c.NewElsewhere) > 0 {
		ew.printf("<details><summary>New findings in files this change did not touch (%d)</summary>\n\n", len(c.NewElsewhere))
		for _, f := range c.NewElsewhere {
			ew.printf("- %s %s\n", mdCode(f.Check, false), mdFinding(f.Finding))
		}
		ew.printf("\n</details>\n\n")
	}
	if len(exempt) > 0 {
		ew.printf("<details><summary>Exempt checks (%d)</summary>\n\n", len(exempt))
		ew.printf("| Check | Reason | Expires | Declared at |\n| --- | --- | --- | --- |\n")
		for _, c := range exempt {
			e := c.Exemption
			if e == nil {
				e = &scorecard.Exemption{}
			}
			ew.printf("| %s | %s | %s | %s |\n", mdCode(c.ID, true), mdCell(mdText(e.Reason)), mdCell(mdText(e.Expires)), mdCode(e.Source, true))
		}
		ew.printf("\n</details>\n\n")
	}
	for _, sec := range []struct {
		name   string
		checks []scorecard.CheckResult
	}{{"Passing checks", passing}, {"Skipped checks", skipped}} {
		if len(sec.checks) == 0 {
			continue
		}
		ew.printf("<details><summary>%s (%d)</summary>\n\n", sec.name, len(sec.checks))
		for _, c := range sec.checks {
			ew.printf("- %s %s: %s\n", mdOutcome(c.Outcome), mdCode(c.ID, false), mdText(c.Title))
		}
		ew.printf("\n</details>\n\n")
	}

	if len(r.Warnings) > 0 {
		ew.printf("### Warnings\n\n")
		for _, w := range r.Warnings {
			ew.printf("- %s\n", mdText(w.String()))
		}
		ew.printf("\n")
	}
}

// maxLeadFindings caps the new findings listed in the note's lead; the
// rest are in the failing-check table below it.
const maxLeadFindings = 10

// markdownChange is the lead of a merge-request note: what the change
// does, in a few lines.
func markdownChange(ew *errWriter, r scorecard.Repo, c *scorecard.Comparison) {
	ew.printf("### What this change does\n\n")
	if len(c.Fixed)+len(c.Broken)+len(c.NewFindings)+len(c.ResolvedFindings)+len(c.NewElsewhere) == 0 {
		ew.printf("No check changes outcome and no finding is new or resolved.\n\n")
		return
	}
	titles := map[string]string{}
	for _, chk := range r.Checks {
		titles[chk.ID] = chk.Title
	}
	list := func(ids []string) string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = mdCode(id, false)
			if t := titles[id]; t != "" {
				out[i] += " (" + mdText(t) + ")"
			}
		}
		return strings.Join(out, ", ")
	}
	if len(c.Broken) > 0 {
		ew.printf("- ❌ **Breaks %d:** %s\n", len(c.Broken), list(c.Broken))
	}
	if len(c.Fixed) > 0 {
		ew.printf("- ✅ **Fixes %d:** %s\n", len(c.Fixed), list(c.Fixed))
	}
	if n := len(c.NewFindings); n > 0 {
		what := plural(n, "new finding")
		if c.ChangedFiles != nil {
			what += " in the files it changes"
		}
		ew.printf("- **%s:**\n", what)
		for i, f := range c.NewFindings {
			if i == maxLeadFindings {
				ew.printf("  - and %d more, in the table below\n", n-maxLeadFindings)
				break
			}
			ew.printf("  - %s %s\n", mdCode(f.Check, false), mdFinding(f.Finding))
		}
	}
	if n := len(c.ResolvedFindings); n > 0 {
		ew.printf("- %s resolved\n", plural(n, "finding"))
	}
	if n := len(c.NewElsewhere); n > 0 {
		ew.printf("- %d more new in files it does not touch (listed below)\n", n)
	}
	ew.printf("\n")
}

func markdownOrg(ew *errWriter, scan *scorecard.Scan, opts Options) {
	title := opts.Title
	if title == "" {
		title = "score report"
	}
	ew.printf("# %s\n\n", mdText(title))
	sum := scorecard.OrgSummary(scan.Repos)
	ew.printf("%s in %s · mean score **%s** · gold %d · silver %d · bronze %d · none %d",
		plural(sum.Repos, "repository"), plural(sum.Teams, "team"), formatScore(sum.Score),
		sum.Levels[scorecard.Gold], sum.Levels[scorecard.Silver], sum.Levels[scorecard.Bronze], sum.Levels[scorecard.None])
	if sum.Errors > 0 {
		ew.printf(" · %d not scanned", sum.Errors)
	}
	if sum.CheckErrors > 0 {
		ew.printf(" · **%s errored**", plural(sum.CheckErrors, "check"))
	}
	ew.printf("\n\n")

	var trend map[string]scorecard.TeamDiff
	if opts.Previous != nil {
		trend = teamTrend(opts.Previous, scan)
	}
	ew.printf("## Teams\n\n| Team | Repos | Mean | Min | Gold | Silver | Bronze | None | Errors |")
	if trend != nil {
		ew.printf(" Change |")
	}
	ew.printf("\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	if trend != nil {
		ew.printf(" ---: |")
	}
	ew.printf("\n")
	teams := teamsOf(scan)
	for _, t := range teams {
		ew.printf("| %s | %d | %s | %s | %d | %d | %d | %d | %d |", mdCell(mdText(t.Name)), t.Repos,
			formatScore(t.Score), formatScore(t.Min), t.Levels[scorecard.Gold], t.Levels[scorecard.Silver],
			t.Levels[scorecard.Bronze], t.Levels[scorecard.None], t.Errors)
		if trend != nil {
			ew.printf(" %s |", trendText(trend[t.Name]))
		}
		ew.printf("\n")
	}
	ew.printf("\n")
	markdownOutcomes(ew, scan)
	markdownPaths(ew, scan, opts)

	for _, t := range teams {
		ew.printf("### %s\n\n| Repo | Score | Level | Failing checks |\n| --- | ---: | --- | --- |\n", mdText(t.Name))
		for _, r := range scan.Repos {
			if scorecard.TeamOf(r) != t.Name {
				continue
			}
			if r.Error != "" {
				ew.printf("| %s | – | error | %s |\n", mdCode(r.Name, true), mdCell(mdText("not scanned: "+r.Error)))
				continue
			}
			var ids []string
			for _, c := range r.Checks {
				if c.Outcome.Failing() {
					ids = append(ids, mdCode(c.ID, true))
				}
			}
			failing := strconv.Itoa(len(ids))
			if len(ids) > 0 {
				failing += ": " + strings.Join(ids, ", ")
			}
			ew.printf("| %s | %s | %s | %s |\n", mdCode(r.Name, true), formatScore(r.Score), mdCell(mdText(r.Level)), failing)
		}
		ew.printf("\n")
	}
	markdownCampaigns(ew, opts.Campaigns)
}

func mdOutcome(o scorecard.Outcome) string {
	switch o {
	case scorecard.Pass:
		return "✅"
	case scorecard.Fail:
		return "❌"
	case scorecard.Error:
		return "⚠️"
	case scorecard.Exempt:
		return "⏸️"
	case scorecard.Skip:
		return "➖"
	}
	return mdText(string(o))
}

func mdIDList(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = mdCode(id, false)
	}
	return strings.Join(out, ", ")
}

// mdFinding is "`path:line` message" for a table cell.
func mdFinding(f scorecard.Finding) string {
	msg := mdCell(mdText(f.Message))
	if loc := location(f); loc != "" {
		return mdCode(loc, true) + " " + msg
	}
	return msg
}

// mdEscaper escapes text that is not meant as Markdown (finding messages,
// names, reasons) so that it shows literally. HTML-significant characters
// become entities: MR notes render inline HTML.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`~`, `\~`, `|`, `\|`,
	`<`, `&lt;`, `>`, `&gt;`, `&`, `&amp;`,
	"\r\n", " ", "\n", " ", "\r", " ",
)

// mdText is s shown literally, with its @mentions broken.
func mdText(s string) string { return mdEscaper.Replace(breakMentions(s)) }

// mdCell makes Markdown fit in one table cell: pipes escaped, line breaks
// as <br>. Remediation goes through it as authored Markdown.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n") // a lone CR ends a line too
	s = strings.TrimSpace(s)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '|':
			if i > 0 && s[i-1] == '\\' {
				b.WriteByte(c)
			} else {
				b.WriteString(`\|`)
			}
		case '\n':
			b.WriteString("<br>")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// mdCode is s as an inline code span: the fence is one backtick longer
// than the longest run inside, padded when s starts or ends with one. In a
// table cell, pipes are escaped (GFM unescapes them inside code spans too).
func mdCode(s string, inTable bool) string {
	if s == "" {
		return ""
	}
	s = strings.Join(strings.Fields(s), " ")
	longest, run := 0, 0
	for _, c := range s {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	if inTable {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	return fmt.Sprintf("%s%s%s", fence, s, fence)
}
