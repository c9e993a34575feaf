// Command score scores service repositories against a golden path written as
// OPA Rego policies. See `score --help`.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func main() {
	os.Exit(guard(os.Stderr, run))
}

// guard runs f, turning a panic that escapes a command (a bug in score)
// into a message and exit code 1. Left alone, the runtime would exit 2,
// which score documents as a usage error.
func guard(stderr io.Writer, f func() int) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "score: internal error: %v (please report)\n%s", r, debug.Stack())
			code = ExitError
		}
	}()
	return f()
}

func run() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first signal cancels the context so a scan can stop cleanly;
	// a second one must kill the process even when something ignores the
	// context (a blocking read), so stop catching signals after the first.
	go func() {
		<-ctx.Done()
		stop()
	}()
	err := newRootCmd(ctx, os.Getenv).ExecuteContext(ctx)
	stop()
	return exitCode(err, os.Stderr)
}

// exitCode prints err (once) and maps it to the documented exit code.
func exitCode(err error, stderr *os.File) int {
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "score:", ee.msg)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "score:", err)
	return ExitError
}
