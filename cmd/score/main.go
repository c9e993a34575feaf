// Command score scores service repositories against a golden path written as
// OPA Rego policies. See `score --help`.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
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
	os.Exit(exitCode(err, os.Stderr))
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
