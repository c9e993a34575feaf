package reports

import (
	"strings"

	"github.com/scoredev/score/scorecard"
)

// tableComponents writes a monorepo's components before -> after: the
// ones the change touches first, a line each with what they fix and
// break, then the others folded to a one-line summary each
// (docs/architecture.md, "Components").
func tableComponents(ew *errWriter, c *scorecard.Comparison, p palette) {
	if c == nil || len(c.Components) == 0 {
		return
	}
	touched, others := splitTouched(c.Components)
	if len(touched) > 0 {
		ew.printf("components the change touches:\n")
		for _, cc := range touched {
			ew.printf("  %s  %s\n", p.bold(oneLine(cc.Name)), componentChangeText(cc, p))
		}
	}
	if len(others) > 0 {
		ew.printf("%s\n", p.dim(plural(len(others), "other component")+", unchanged:"))
		for _, cc := range others {
			ew.printf("%s\n", p.dim("  "+oneLine(cc.Name)+" ("+oneLine(cc.Path)+", "+oneLine(cc.Team)+")  "+formatScore(cc.Head.Score)+" "+cc.Head.Level))
		}
	}
}

func componentChangeText(cc scorecard.ComponentChange, p palette) string {
	where := "(" + oneLine(cc.Path) + ", " + oneLine(cc.Team) + ")"
	if cc.New {
		return where + "  new: " + formatScore(cc.Head.Score) + " " + p.level(cc.Head.Level)
	}
	s := where + "  " + formatScore(cc.Base.Score) + " " + p.level(cc.Base.Level) + " -> " + formatScore(cc.Head.Score) + " " + p.level(cc.Head.Level) +
		" (" + formatDelta(cc.Head.Score-cc.Base.Score) + ")"
	if len(cc.Fixed) > 0 {
		s += "  fixes: " + p.green(oneLine(strings.Join(cc.Fixed, ", ")))
	}
	if len(cc.Broken) > 0 {
		s += "  breaks: " + p.red(oneLine(strings.Join(cc.Broken, ", ")))
	}
	return s
}

func splitTouched(cs []scorecard.ComponentChange) (touched, others []scorecard.ComponentChange) {
	for _, cc := range cs {
		if cc.Touched {
			touched = append(touched, cc)
		} else {
			others = append(others, cc)
		}
	}
	return touched, others
}

// markdownComponents is tableComponents for a merge-request note: the
// touched components in a list, the others in a folded <details>.
func markdownComponents(ew *errWriter, c *scorecard.Comparison) {
	if c == nil || len(c.Components) == 0 {
		return
	}
	touched, others := splitTouched(c.Components)
	if len(touched) > 0 {
		ew.printf("**Components this change touches:**\n\n")
		for _, cc := range touched {
			line := "- " + mdCode(cc.Name, false) + " (" + mdText(cc.Path) + ", " + mdText(cc.Team) + "): "
			if cc.New {
				line += "new, " + formatScore(cc.Head.Score) + " " + mdText(cc.Head.Level)
			} else {
				line += formatScore(cc.Base.Score) + " " + mdText(cc.Base.Level) + " → " + formatScore(cc.Head.Score) + " " + mdText(cc.Head.Level)
			}
			if len(cc.Fixed) > 0 {
				line += "; fixes " + mdText(strings.Join(cc.Fixed, ", "))
			}
			if len(cc.Broken) > 0 {
				line += "; breaks " + mdText(strings.Join(cc.Broken, ", "))
			}
			ew.printf("%s\n", line)
		}
		ew.printf("\n")
	}
	if len(others) > 0 {
		ew.printf("<details><summary>%s, unchanged</summary>\n\n", plural(len(others), "other component"))
		for _, cc := range others {
			ew.printf("- %s (%s, %s): %s %s\n", mdCode(cc.Name, false), mdText(cc.Path), mdText(cc.Team), formatScore(cc.Head.Score), mdText(cc.Head.Level))
		}
		ew.printf("\n</details>\n\n")
	}
}
