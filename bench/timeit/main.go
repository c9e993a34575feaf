// Command timeit runs a command and records its wall time, CPU time (user
// + system, its own and its children's) and peak resident memory, to the
// microsecond. bench/peer.sh measures runs of 50-150 ms with it: GNU
// time's %e, %U and %S are truncated to 10 ms, which is a tenth of such a
// run and biased downwards.
//
//	timeit -o FILE COMMAND [ARG...]
//
// FILE gets one line, "WALL_SECONDS PEAK_RSS_KIB CPU_SECONDS". The
// command's standard streams are timeit's; its exit status is timeit's.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	out := flag.String("o", "", "file the measure is written to")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: timeit -o FILE COMMAND [ARG...]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		fmt.Fprintln(os.Stderr, "timeit:", err)
		os.Exit(127)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		fmt.Fprintln(os.Stderr, "timeit: no resource usage on this system")
		os.Exit(127)
	}
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	line := fmt.Sprintf("%.6f %d %.6f\n", wall.Seconds(), ru.Maxrss, cpu.Seconds())
	if err := os.WriteFile(*out, []byte(line), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "timeit:", err)
		os.Exit(127)
	}
	os.Exit(cmd.ProcessState.ExitCode())
}
