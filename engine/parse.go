package engine

import (
	"runtime"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

type parseResult struct {
	module *ast.Module
	err    error
}

// parseFiles parses files on every CPU: OPA's parser is the larger half of
// loading the catalogue, and files parse independently. Results are aligned
// with files.
func parseFiles(files []rawFile, caps *ast.Capabilities) []parseResult {
	out := make([]parseResult, len(files))
	parse := func(i int) {
		f := files[i]
		out[i].module, out[i].err = ast.ParseModuleWithOpts(f.file, f.text, ast.ParserOptions{
			ProcessAnnotation: true,
			RegoVersion:       f.regoVersion,
			Capabilities:      caps,
		})
	}
	workers := min(runtime.GOMAXPROCS(0), len(files))
	if workers <= 1 {
		for i := range files {
			parse(i)
		}
		return out
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				parse(i)
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
