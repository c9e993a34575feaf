//go:build unix

package snapshot

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scoredev/score/facts"
)

// TestNewTreeDoesNotBlockOnSpecialFiles: a named pipe opened for reading
// blocks until a writer comes, so a walk that opens one hangs forever. A
// named pipe or socket in the tree, or at .scoreignore, must be skipped.
func TestNewTreeDoesNotBlockOnSpecialFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "Dockerfile"), "FROM alpine\n")
	for _, p := range []string{".scoreignore", "fifo", "Dockerfile.prod"} {
		if err := syscall.Mkfifo(filepath.Join(dir, p), 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	// A socket path must stay short (108 bytes), so listen relative to dir.
	if l, err := listenUnixIn(dir, "sock"); err == nil {
		defer l.Close()
	}
	if err := os.Symlink("fifo", filepath.Join(dir, "link-to-fifo")); err != nil {
		t.Fatal(err)
	}

	done := make(chan *Tree, 1)
	go func() {
		tree, err := NewTree(os.DirFS(dir))
		if err != nil {
			t.Error(err)
		}
		done <- tree
	}()
	var tree *Tree
	select {
	case tree = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("NewTree blocked on a named pipe")
	}
	if tree == nil {
		return
	}
	if got := strings.Join(tree.Files, ","); got != "Dockerfile" {
		t.Errorf("files = %s, want Dockerfile only", got)
	}
	got := treeWarningLines(tree.Warnings())
	for _, want := range []string{
		".scoreignore:0: not a regular file; nothing ignored",
		"link-to-fifo:0: symlink to fifo, which is not a regular file; not followed",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings lack %q:\n%s", want, got)
		}
	}
}

func listenUnixIn(dir, name string) (net.Listener, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(wd, filepath.Join(dir, name))
	if err != nil || len(rel) > 100 {
		return nil, os.ErrInvalid
	}
	return net.Listen("unix", rel)
}

func mustWrite(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// treeWarningLines renders warnings as "path:line: message" lines.
func treeWarningLines(ws []facts.Warning) string {
	var b strings.Builder
	for _, w := range ws {
		fmt.Fprintf(&b, "%s:%d: %s\n", w.Path, w.Line, w.Message)
	}
	return b.String()
}
