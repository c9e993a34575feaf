package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/spf13/pflag"
)

// profileFlags are hidden flags that write Go CPU and heap profiles of one
// command, for `go tool pprof` (bench/README.md shows how they are used).
type profileFlags struct {
	cpu, mem string
}

func (p *profileFlags) add(f *pflag.FlagSet) {
	f.StringVar(&p.cpu, "cpuprofile", "", "write a CPU profile to this file")
	f.StringVar(&p.mem, "memprofile", "", "write a heap profile to this file when the command ends")
	_ = f.MarkHidden("cpuprofile")
	_ = f.MarkHidden("memprofile")
}

// start begins CPU profiling; the returned function stops it and writes
// the heap profile.
func (p *profileFlags) start() (stop func(), err error) {
	var cpu *os.File
	if p.cpu != "" {
		if cpu, err = os.Create(p.cpu); err != nil {
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
	}
	return func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		if p.mem != "" {
			f, err := os.Create(p.mem)
			if err != nil {
				return
			}
			defer f.Close()
			runtime.GC()
			_ = pprof.Lookup("allocs").WriteTo(f, 0)
		}
	}, nil
}
