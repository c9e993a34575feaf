package app

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/scoredev/score/scorecard"
)

// ReadScanFile reads a scan result. Any problem with the file is an
// InputError naming it.
func ReadScanFile(path string) (*scorecard.Scan, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &InputError{err}
	}
	defer f.Close()
	scan, err := scorecard.ReadJSON(f)
	if err != nil {
		return nil, &InputError{fmt.Errorf("%s: %v", path, err)}
	}
	return scan, nil
}

// Merge reads the results of a sharded scan and joins them into the result
// one unsharded scan would have written (apart from the timestamps: the
// earliest start, the latest finish). Shards must share the policy digest
// and not overlap; every such problem is reported at once, each naming its
// file, as one InputError.
func Merge(paths []string) (*scorecard.Scan, error) {
	var merged *scorecard.Scan
	var first string
	owner := map[string]string{} // repository name -> file it came from
	var problems []string
	for _, p := range paths {
		s, err := ReadScanFile(p)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		if merged == nil {
			merged, first = &scorecard.Scan{Schema: s.Schema, SchemaVersion: scorecard.SchemaVersion, Tool: s.Tool, Policy: s.Policy,
				StartedAt: s.StartedAt, FinishedAt: s.FinishedAt, Paths: s.Paths}, p
		} else {
			if s.Policy.Digest != merged.Policy.Digest {
				problems = append(problems, fmt.Sprintf("%s: policy digest %s differs from %s in %s; shards must be scanned with the same policies",
					p, s.Policy.Digest, merged.Policy.Digest, first))
				continue
			}
			if s.StartedAt.Before(merged.StartedAt) {
				merged.StartedAt = s.StartedAt
			}
			if s.FinishedAt.After(merged.FinishedAt) {
				merged.FinishedAt = s.FinishedAt
			}
		}
		for _, r := range s.Repos {
			if prev, ok := owner[r.Name]; ok {
				problems = append(problems, fmt.Sprintf("%s: repository %q is also in %s; shards must not overlap", p, r.Name, prev))
				continue
			}
			owner[r.Name] = p
			merged.Repos = append(merged.Repos, r)
		}
	}
	if len(problems) > 0 {
		return nil, &InputError{errors.New("merge: " + strings.Join(problems, "; "))}
	}
	if merged == nil {
		return nil, errors.New("merge: no shard results")
	}
	if merged.Repos == nil {
		merged.Repos = []scorecard.Repo{}
	}
	scorecard.Finalize(merged)
	return merged, nil
}
