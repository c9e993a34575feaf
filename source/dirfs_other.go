//go:build !linux

package source

import (
	"io/fs"
	"os"
)

// withRegularReads is os.Root's file system: the one-call read of
// dirfs_linux.go needs openat2.
func withRegularReads(root *os.Root, _ string) fs.FS { return root.FS() }
