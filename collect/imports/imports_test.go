package imports

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

func TestImportsCollector(t *testing.T) {
	t.Parallel()
	tree, err := snapshot.NewTree(fstest.MapFS{
		"cmd/api/main.go":      {Data: []byte("package main\n\nimport (\n\t\"fmt\"\n\t\"log/slog\"\n)\n\nfunc main() { slog.Info(fmt.Sprint(1)) }\n")},
		"internal/x/x.go":      {Data: []byte("package x\n\nimport \"log/slog\"\nimport zap \"go.uber.org/zap\"\n")},
		"internal/x/x_test.go": {Data: []byte("package x\n\nimport \"github.com/stretchr/testify/require\"\n")},
		"testdata/app/main.go": {Data: []byte("package main\n\nimport \"github.com/rs/zerolog\"\n")},
		"broken.go":            {Data: []byte("package broken\n\nimport (\n")},
		"README.md":            {Data: []byte("import \"log/slog\"\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	f := facts.NewFacts(facts.RepoInfo{Name: "svc"})
	if err := (Collector{}).Collect(context.Background(), tree, f); err != nil {
		t.Fatal(err)
	}
	want := []facts.Import{
		{Language: "go", Package: "fmt", Path: "cmd/api/main.go", Line: 4},
		{Language: "go", Package: "go.uber.org/zap", Path: "internal/x/x.go", Line: 4},
		{Language: "go", Package: "log/slog", Path: "cmd/api/main.go", Line: 5},
	}
	if len(f.Code.Imports) != len(want) {
		t.Fatalf("imports = %+v, want %+v", f.Code.Imports, want)
	}
	for i := range want {
		if f.Code.Imports[i] != want[i] {
			t.Errorf("import %d = %+v, want %+v", i, f.Code.Imports[i], want[i])
		}
	}
}
