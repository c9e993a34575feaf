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
	goSource := func(p string) bool {
		return strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") && !snapshot.IsFixturePath(p)
	}
	err := eachSource(ctx, t, "imports/go", goSource, func(p string, data []byte) []facts.Import {
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, p, data, parser.ImportsOnly|parser.SkipObjectResolution)
		if err != nil || file == nil {
			return nil // a syntax error is the compiler's to report, not ours
		}
		var out []facts.Import
		for _, spec := range file.Imports {
			if pkg, err := strconv.Unquote(spec.Path.Value); err == nil {
				out = append(out, facts.Import{Language: "go", Package: pkg, Path: p, Line: fset.Position(spec.Pos()).Line})
			}
		}
		return out
	}, firstOfEach(f))
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

// eachSource gives use the imports extract finds in each wanted file of t,
// in the tree's order, at most maxImportFiles files, stopping when ctx is
// done. Files too large or binary are skipped: they are not the service's
// hand-written code. What extract finds in a file is computed once for a
// tree and its Sub views (kind names it): a monorepo's components do not
// read and parse every source file again.
func eachSource(ctx context.Context, t *snapshot.Tree, kind string, want func(p string) bool,
	extract func(p string, data []byte) []facts.Import, use func(facts.Import)) error {
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
		found := t.PerFile(kind, p, func() any {
			data, err := t.Read(p)
			if err != nil {
				return []facts.Import(nil)
			}
			return extract(p, data)
		}).([]facts.Import)
		for _, imp := range found {
			use(imp)
		}
	}
	return nil
}

// firstOfEach records in f the first import of each package it is given.
func firstOfEach(f *facts.Facts) func(facts.Import) {
	seen := map[string]bool{}
	return func(imp facts.Import) {
		if !seen[imp.Package] {
			seen[imp.Package] = true
			f.Code.Imports = append(f.Code.Imports, imp)
		}
	}
}
