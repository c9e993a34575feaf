package main

import (
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"github.com/scoredev/score/scorecard"
)

// addStrictFlag registers --strict on check, ci and scan.
func addStrictFlag(f *pflag.FlagSet, strict *bool) {
	f.BoolVar(strict, "strict", false, "exit 1 when any check could not be evaluated (outcome error)")
}

// strictErrors is the exit error of --strict: some check's policy failed
// at run time, so the result cannot be trusted as it stands. It takes
// precedence over --enforce: a level computed with errored checks is not
// the repository's level.
func strictErrors(strict bool, repos []scorecard.Repo) error {
	if !strict {
		return nil
	}
	var names []string
	n := 0
	for _, r := range repos {
		if ids := scorecard.ErroredChecks(r); len(ids) > 0 {
			n += len(ids)
			names = append(names, fmt.Sprintf("%s (%s)", r.Name, strings.Join(ids, ", ")))
		}
	}
	if n == 0 {
		return nil
	}
	return &exitError{code: ExitError, msg: fmt.Sprintf("--strict: %s could not be evaluated: %s", count(n, "check", "checks"), strings.Join(names, "; "))}
}
