package scanners

import (
	"context"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
)

// maxImportFiles bounds how many Go files are read for imports: enough for
// any service, and a giant monorepo stays fast.
const maxImportFiles = 5000

// importsCollector records the packages Go code imports, and the Monolog
// formatters PHP code names (imports_php.go). Only the import
// block is parsed (go/parser's ImportsOnly stops there), so this is cheap.
type importsCollector struct{}

func (importsCollector) Name() string { return "imports" }

func (importsCollector) Collect(ctx context.Context, t *Tree, f *Facts) error {
	seen := map[string]bool{}
	read := 0
	for _, p := range t.Files {
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || IsFixturePath(p) {
			continue
		}
		if read++; read > maxImportFiles {
			break
		}
		if read%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		data, err := t.Read(p)
		if err != nil {
			continue // too large or binary: not the service's hand-written code
		}
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, p, data, parser.ImportsOnly|parser.SkipObjectResolution)
		if err != nil || file == nil {
			continue // a syntax error is the compiler's to report, not ours
		}
		for _, spec := range file.Imports {
			pkg, err := strconv.Unquote(spec.Path.Value)
			if err != nil || seen[pkg] {
				continue
			}
			seen[pkg] = true
			f.Code.Imports = append(f.Code.Imports, Import{Language: "go", Package: pkg, Path: p, Line: fset.Position(spec.Pos()).Line})
		}
	}
	if err := phpMonologFormatters(ctx, t, f); err != nil {
		return err
	}
	slices.SortFunc(f.Code.Imports, func(a, b Import) int { return strings.Compare(a.Package, b.Package) })
	return nil
}
