package scorecard

import "slices"

// ScopeTo limits the comparison's new findings to the files the change
// touched (paths relative to the repository root, as findings have them):
// a new finding in a file the change did not touch moves to
// NewElsewhere, since the change made a rule fire there without editing
// it. A finding without a path concerns the whole repository and stays
// new. changed is recorded as ChangedFiles.
func (c *Comparison) ScopeTo(changed []string) {
	c.ChangedFiles = slices.Clone(changed)
	if c.ChangedFiles == nil {
		c.ChangedFiles = []string{}
	}
	slices.Sort(c.ChangedFiles)
	kept := []FindingRef{}
	for _, f := range c.NewFindings {
		if f.Finding.Path == "" {
			kept = append(kept, f)
			continue
		}
		if _, ok := slices.BinarySearch(c.ChangedFiles, f.Finding.Path); ok {
			kept = append(kept, f)
		} else {
			c.NewElsewhere = append(c.NewElsewhere, f)
		}
	}
	c.NewFindings = kept
	c.touchComponents()
}

// Same reports whether the comparison shows no difference: the same
// commit on both sides and nothing fixed, broken, new or resolved.
func (c *Comparison) Same() bool {
	return c.Base.Commit == c.Head.Commit && c.Base.Score == c.Head.Score && c.Base.Level == c.Head.Level &&
		len(c.Fixed) == 0 && len(c.Broken) == 0 && len(c.NewFindings) == 0 &&
		len(c.ResolvedFindings) == 0 && len(c.NewElsewhere) == 0
}
