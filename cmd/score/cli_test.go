package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"testing"

	"github.com/scoredev/score/app"
	"github.com/scoredev/score/engine"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/golden")

// runCLI runs score in-process with args and returns stdout, stderr and the
// exit code main would have used.
func runCLI(t *testing.T, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var errb bytes.Buffer
	return runCLIWith(t, context.Background(), &errb, env, args...)
}

// runCLIWith is runCLI with a context (a test may cancel it, as Ctrl-C
// does) and a writer for standard error that the test can watch.
func runCLIWith(t *testing.T, ctx context.Context, stderr io.Writer, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	cmd := newRootCmd(ctx, func(k string) string { return env[k] })
	var out, errb bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(io.MultiWriter(&errb, stderr))
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	code := ExitOK
	if err != nil {
		code = ExitError
		var ee *exitError
		if errors.As(err, &ee) {
			code = ee.code
		}
		errb.WriteString("score: " + err.Error() + "\n")
	}
	return out.String(), errb.String(), code
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// catalogueSize is the number of checks of the default golden path, read
// from the policies' metadata the way every command loads them.
func catalogueSize(t testing.TB) int {
	t.Helper()
	opts, err := app.EngineOptions(nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.Load(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return len(eng.Checks())
}
