package imports

import (
	"context"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// maxImportFiles bounds how many Go files are read for imports: enough for
// any service, and a giant monorepo stays fast.
const maxImportFiles = 5000

// Collector records the packages Go code imports, the Monolog
// formatters PHP code names (imports_php.go), and the .NET JSON logging
// set-ups (NLog JsonLayout, the JSON console formatter) that configuration
// or C# code names (imports_dotnet.go). Only the import
// block is parsed (go/parser's ImportsOnly stops there), so this is cheap.
type Collector struct{}

func (Collector) Name() string { return "imports" }

func (Collector) Collect(ctx context.Context, t *snapshot.Tree, f *facts.Facts) error {
	seen := map[string]bool{}
	goSource := func(p string) bool {
		return strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") && !snapshot.IsFixturePath(p)
	}
	err := eachSource(ctx, t, goSource, func(p string, data []byte) {
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, p, data, parser.ImportsOnly|parser.SkipObjectResolution)
		if err != nil || file == nil {
			return // a syntax error is the compiler's to report, not ours
		}
		for _, spec := range file.Imports {
			pkg, err := strconv.Unquote(spec.Path.Value)
			if err != nil || seen[pkg] {
				continue
			}
			seen[pkg] = true
			f.Code.Imports = append(f.Code.Imports, facts.Import{Language: "go", Package: pkg, Path: p, Line: fset.Position(spec.Pos()).Line})
		}
	})
	if err != nil {
		return err
	}
	if err := phpMonologFormatters(ctx, t, f); err != nil {
		return err
	}
	if err := dotnetJSONLogging(ctx, t, f); err != nil {
		return err
	}
	slices.SortFunc(f.Code.Imports, func(a, b facts.Import) int { return strings.Compare(a.Package, b.Package) })
	return nil
}

// eachSource hands fn the text of each file of the tree that want accepts,
// at most maxImportFiles of them, stopping when ctx is done. Files too
// large or binary are skipped: they are not the service's hand-written
// code.
func eachSource(ctx context.Context, t *snapshot.Tree, want func(p string) bool, fn func(p string, data []byte)) error {
	read := 0
	for _, p := range t.Files {
		if !want(p) {
			continue
		}
		if read++; read > maxImportFiles {
			break
		}
		if read%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if data, err := t.Read(p); err == nil {
			fn(p, data)
		}
	}
	return nil
}
