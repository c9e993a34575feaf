package files

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

func TestFilesCollector(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 400)
	tests := []struct {
		name      string
		fs        fstest.MapFS
		readme    *facts.Readme
		languages []string
		count     int
	}{
		{
			name: "readme and go",
			fs: fstest.MapFS{
				"README.md":  collecttest.TextFile("  \n# svc\n" + long + "\n\n"),
				"main.go":    collecttest.TextFile("package main"),
				"go.mod":     collecttest.TextFile("module x"),
				"docs/x.txt": collecttest.TextFile("x"),
			},
			readme:    &facts.Readme{Path: "README.md", Chars: len("# svc\n") + 400},
			languages: []string{"go"},
			count:     4,
		},
		{
			name: "lower-case readme.rst and README.txt: markdown-like formats first",
			fs: fstest.MapFS{
				"readme.txt":  collecttest.TextFile("text"),
				"Readme.rst":  collecttest.TextFile("rst"),
				"a/README.md": collecttest.TextFile("nested readme is not the root one"),
			},
			readme:    &facts.Readme{Path: "Readme.rst", Chars: 3},
			languages: []string{},
			count:     3,
		},
		{
			name:      "plain README without extension",
			fs:        fstest.MapFS{"README": collecttest.TextFile("hello")},
			readme:    &facts.Readme{Path: "README", Chars: 5},
			languages: []string{},
			count:     1,
		},
		{
			name:      "binary README is listed with no content",
			fs:        fstest.MapFS{"README.md": {Data: []byte{0, 1, 2}}},
			readme:    &facts.Readme{Path: "README.md"},
			languages: []string{},
			count:     1,
		},
		{
			name: "languages skip fixtures, tooling and config scripts",
			fs: fstest.MapFS{
				"src/app.ts":                collecttest.TextFile(""),
				"src/types.d.ts":            collecttest.TextFile(""),
				"jest.config.js":            collecttest.TextFile(""),
				".eslintrc.js":              collecttest.TextFile(""),
				"static/jquery.min.js":      collecttest.TextFile(""),
				"testdata/x.py":             collecttest.TextFile(""),
				"examples/demo/main.rs":     collecttest.TextFile(""),
				".github/scripts/notify.rb": collecttest.TextFile(""),
				"dist/bundle.js":            collecttest.TextFile(""),
				"lib/foo.ex":                collecttest.TextFile(""),
				"mix.exs":                   collecttest.TextFile(""),
				"native/a.cc":               collecttest.TextFile(""),
				"native/b.c":                collecttest.TextFile(""),
				"native/b.h":                collecttest.TextFile(""),
				"App.swift":                 collecttest.TextFile(""),
				"Foo.kt":                    collecttest.TextFile(""),
				"build.gradle.kts":          collecttest.TextFile(""),
				"Svc.cs":                    collecttest.TextFile(""),
				"x.php":                     collecttest.TextFile(""),
				"A.java":                    collecttest.TextFile(""),
				"a.scala":                   collecttest.TextFile(""),
				"a.rb":                      collecttest.TextFile(""),
				"jvm/src/main/groovy/com/example/x.groovy": collecttest.TextFile(""),
			},
			languages: []string{"c", "cpp", "csharp", "elixir", "java", "kotlin", "php", "ruby", "scala", "swift", "typescript"},
			count:     23,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, _ := collecttest.CollectOne(t, Collector{}, tc.fs)
			if !reflect.DeepEqual(f.Files.Readme, tc.readme) {
				t.Errorf("readme = %+v, want %+v", f.Files.Readme, tc.readme)
			}
			if !reflect.DeepEqual(f.Files.Languages, tc.languages) {
				t.Errorf("languages = %v, want %v", f.Files.Languages, tc.languages)
			}
			if f.Files.Count != tc.count || len(f.Files.Paths) != tc.count || f.Files.Truncated {
				t.Errorf("count = %d, paths = %d, truncated = %v; want %d", f.Files.Count, len(f.Files.Paths), f.Files.Truncated, tc.count)
			}
		})
	}
}

func TestFilesCollectorTruncates(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{}
	for i := range snapshot.MaxListedFiles + 5 {
		fsys[fmt.Sprintf("d%d/f%05d.txt", i%7, i)] = collecttest.TextFile("")
	}
	f, _ := collecttest.CollectOne(t, Collector{}, fsys)
	if f.Files.Count != snapshot.MaxListedFiles+5 || len(f.Files.Paths) != snapshot.MaxListedFiles || !f.Files.Truncated {
		t.Errorf("count = %d, paths = %d, truncated = %v", f.Files.Count, len(f.Files.Paths), f.Files.Truncated)
	}
}

func TestJVMPackagesAreNotFixtures(t *testing.T) {
	t.Parallel()
	f, _ := collecttest.CollectOne(t, Collector{}, fstest.MapFS{
		"svc/src/main/java/com/example/orders/App.java": collecttest.TextFile(""),
		"app/src/main/kotlin/org/example/App.kt":        collecttest.TextFile(""),
		"examples/demo/src/main/java/Demo.scala":        collecttest.TextFile(""),
	})
	if want := []string{"java", "kotlin"}; !reflect.DeepEqual(f.Files.Languages, want) {
		t.Errorf("languages = %v, want %v", f.Files.Languages, want)
	}
	for p, want := range map[string]string{
		"svc/src/main/java/com/example/orders/App.java": "svc/src/main/java/App.java",
		"src/test/resources/fixtures/a.json":            "src/test/resources/a.json",
		"src/main/java/App.java":                        "src/main/java/App.java",
		"examples/src/main/go/x.go":                     "examples/src/main/go/x.go",
	} {
		if got := snapshot.WithoutJVMPackage(p); got != want {
			t.Errorf("withoutJVMPackage(%q) = %q, want %q", p, got, want)
		}
	}
}
