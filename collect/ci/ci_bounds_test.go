package ci

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
)

// cutWarnings are the warnings whose message contains words.
func cutWarnings(ws []facts.Warning, words string) []facts.Warning {
	var out []facts.Warning
	for _, w := range ws {
		if strings.Contains(w.Message, words) {
			out = append(out, w)
		}
	}
	return out
}

// includeFlood is internal/hostile.IncludeFlood in memory (collector
// tests link no git library, and internal/hostile does): a .gitlab-ci.yml
// including n local files of at most size bytes, each including all the
// others and holding one job with a long script.
func includeFlood(n, size int) fstest.MapFS {
	var all strings.Builder
	all.WriteString("include:\n")
	for i := range n {
		fmt.Fprintf(&all, "  - local: ci/part-%02d.yml\n", i)
	}
	fsys := fstest.MapFS{".gitlab-ci.yml": collecttest.TextFile(all.String() + "build:\n  script:\n    - make\n")}
	for i := range n {
		var b strings.Builder
		b.WriteString(all.String())
		fmt.Fprintf(&b, "job-%02d:\n  script:\n", i)
		for line := 0; ; line++ {
			l := fmt.Sprintf("    - echo step %d of a long generated script that fills the file\n", line)
			if b.Len()+len(l) > size {
				break
			}
			b.WriteString(l)
		}
		fsys[fmt.Sprintf("ci/part-%02d.yml", i)] = collecttest.TextFile(b.String())
	}
	return fsys
}

// TestCIIncludeFloodBytesBound: local includes of 900 KiB each are read
// up to 4 MiB for the repository, with one warning naming the first file
// left out; the jobs of the files read are still listed.
func TestCIIncludeFloodBytesBound(t *testing.T) {
	t.Parallel()
	fsys := includeFlood(8, 900<<10)
	f, warns := collecttest.CollectOne(t, Collector{}, fsys)
	cut := cutWarnings(warns, "CI configuration over 4 MiB")
	if len(cut) != 1 || !strings.HasPrefix(cut[0].Path, "ci/part-") || !strings.Contains(cut[0].Message, cut[0].Path+" (") {
		t.Fatalf("warnings:\n%s\nwant one CI configuration cut naming a ci/part file", collecttest.WarningLines(warns))
	}
	// The root, and four of the 900 KiB parts (4 x 900 KiB + the root < 4 MiB).
	if len(f.CI.Configs) != 5 {
		t.Errorf("%d CI configs read, want 5: %v", len(f.CI.Configs), f.CI.Configs)
	}
	jobs := map[string]bool{}
	for _, j := range f.CI.Jobs {
		jobs[j.Name] = true
	}
	if !jobs["build"] || len(jobs) != 5 {
		t.Errorf("jobs %v, want build and the four parts' jobs", jobs)
	}
}

// TestCIJobAndCommandBounds: a configuration of more jobs, or more
// command lines, than the facts may hold is cut with one warning each,
// naming the file and line of the first job cut.
func TestCIJobAndCommandBounds(t *testing.T) {
	t.Parallel()
	var many strings.Builder
	for i := range maxCIJobs + 100 {
		fmt.Fprintf(&many, "j%d: {script: [make]}\n", i)
	}
	var long strings.Builder
	for i := range 30 { // 30 jobs of 2,000 commands: 60,000 command lines
		fmt.Fprintf(&long, "job-%02d:\n  script:\n", i)
		for range yamlnode.MaxJobCommands {
			long.WriteString("    - make x\n")
		}
	}
	tests := []struct {
		name, ci, words string
		jobs, commands  int
		line            int
	}{
		{"jobs", many.String(), "more than 5000 CI jobs in this repository: job j5000 ", maxCIJobs, maxCIJobs, maxCIJobs + 1},
		{"commands", long.String(), "more than 50000 CI command lines in this repository: the commands of job job-25 ", 30, maxCICommands, 25*(yamlnode.MaxJobCommands+2) + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, warns := collecttest.CollectOne(t, Collector{}, fstest.MapFS{".gitlab-ci.yml": collecttest.TextFile(tt.ci)})
			cut := cutWarnings(warns, "more than")
			if len(cut) != 1 || cut[0].Path != ".gitlab-ci.yml" || cut[0].Line != tt.line || !strings.Contains(cut[0].Message, tt.words) {
				t.Fatalf("warnings:\n%s\nwant one at .gitlab-ci.yml:%d saying %q", collecttest.WarningLines(warns), tt.line, tt.words)
			}
			commands := 0
			for _, j := range f.CI.Jobs {
				commands += len(j.Commands) + len(j.Reached)
			}
			if len(f.CI.Jobs) != tt.jobs || commands != tt.commands {
				t.Errorf("%d jobs, %d commands; want %d and %d", len(f.CI.Jobs), commands, tt.jobs, tt.commands)
			}
		})
	}
}
