package ci

import (
	"fmt"

	"github.com/scoredev/score/facts"
)

// Bounds on the CI configuration of one repository. GitLab itself refuses
// a pipeline with more than 150 includes or a configuration too large to
// load; a repository can still hold far more (40 local includes of 1 MB
// each took 40 s and gigabytes to parse and hold), and nothing real comes
// near these numbers. What is over a bound is left out with one warning
// naming the file where the cut happened (docs/bounds.md).
const (
	// maxCIBytes bounds the bytes of the CI files read by following
	// includes and templates (GitLab include:, Azure templates, local
	// actions), all of one repository together, the root files included.
	maxCIBytes = 4 << 20
	// maxGitLabIncludes is GitLab's own limit on the files one pipeline
	// includes; the files past it are not read.
	maxGitLabIncludes = 150
	// maxCIJobs bounds the jobs recorded in the CI facts.
	maxCIJobs = 5000
	// maxCICommands bounds the command lines recorded in the CI facts, as
	// written and reached together, over all jobs.
	maxCICommands = 50_000
)

// ciBounds is what the CI collection of one repository has spent.
type ciBounds struct {
	bytes    int64
	commands int
	warned   map[string]bool // one warning per bound
}

// cut warns, once per bound, that something at p:line was left out.
func (c *ciContext) cut(bound, p string, line int, msg string) {
	if c.bounds.warned == nil {
		c.bounds.warned = map[string]bool{}
	}
	if c.bounds.warned[bound] {
		return
	}
	c.bounds.warned[bound] = true
	c.t.Warn(p, line, msg)
}

// spendCIBytes reports whether the followed CI file p may be read within
// maxCIBytes, and spends its size if so.
func (c *ciContext) spendCIBytes(p string) bool {
	size := max(c.t.Size(p), 0)
	if c.bounds.bytes+size > maxCIBytes {
		c.cut("bytes", p, 0, fmt.Sprintf("CI configuration over %d MiB for this repository: %s (%d KiB) and what it includes are not read",
			maxCIBytes>>20, p, size>>10))
		return false
	}
	c.bounds.bytes += size
	return true
}

// boundJob trims the job to what is left of maxCIJobs and maxCICommands;
// it reports false when no more jobs may be recorded.
func (c *ciContext) boundJob(job *facts.CIJob) bool {
	if len(c.f.CI.Jobs) >= maxCIJobs {
		c.cut("jobs", job.Path, job.Line, fmt.Sprintf("more than %d CI jobs in this repository: job %s and the jobs after it are not listed", maxCIJobs, job.Name))
		return false
	}
	left := maxCICommands - c.bounds.commands
	if n := len(job.Commands) + len(job.Reached); n > left {
		c.cut("commands", job.Path, job.Line, fmt.Sprintf("more than %d CI command lines in this repository: the commands of job %s and the jobs after it are cut", maxCICommands, job.Name))
		job.Commands = job.Commands[:min(len(job.Commands), left)]
		job.Reached = job.Reached[:min(len(job.Reached), left-len(job.Commands))]
	}
	c.bounds.commands += len(job.Commands) + len(job.Reached)
	return true
}
