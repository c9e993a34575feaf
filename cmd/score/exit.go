package main

import "fmt"

// Exit codes. They are part of the CLI contract (README, `score --help`):
// a GitLab job can use `allow_failure: exit_codes: [3]` to show a warning
// when a team opted in to enforcement and the level is not met.
const (
	// ExitOK: the command ran; in advisory mode this is the code whatever the score.
	ExitOK = 0
	// ExitError: the command could not run (a repository, policy or I/O
	// error), or --strict was given and a check could not be evaluated.
	ExitError = 1
	// ExitUsage: invalid flags, arguments or configuration.
	ExitUsage = 2
	// ExitBelowLevel: --enforce LEVEL was given and the level was not met.
	ExitBelowLevel = 3
)

// exitError carries an exit code through cobra back to main.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &exitError{code: ExitUsage, msg: fmt.Sprintf(format, args...)}
}
