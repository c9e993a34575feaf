package scanners

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestFilesCollector(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 400)
	tests := []struct {
		name      string
		fs        fstest.MapFS
		readme    *Readme
		languages []string
		count     int
	}{
		{
			name: "readme and go",
			fs: fstest.MapFS{
				"README.md":  textFile("  \n# svc\n" + long + "\n\n"),
				"main.go":    textFile("package main"),
				"go.mod":     textFile("module x"),
				"docs/x.txt": textFile("x"),
			},
			readme:    &Readme{Path: "README.md", Chars: len("# svc\n") + 400},
			languages: []string{"go"},
			count:     4,
		},
		{
			name: "lower-case readme.rst and README.txt: markdown-like formats first",
			fs: fstest.MapFS{
				"readme.txt":  textFile("text"),
				"Readme.rst":  textFile("rst"),
				"a/README.md": textFile("nested readme is not the root one"),
			},
			readme:    &Readme{Path: "Readme.rst", Chars: 3},
			languages: []string{},
			count:     3,
		},
		{
			name:      "plain README without extension",
			fs:        fstest.MapFS{"README": textFile("hello")},
			readme:    &Readme{Path: "README", Chars: 5},
			languages: []string{},
			count:     1,
		},
		{
			name:      "binary README is listed with no content",
			fs:        fstest.MapFS{"README.md": {Data: []byte{0, 1, 2}}},
			readme:    &Readme{Path: "README.md"},
			languages: []string{},
			count:     1,
		},
		{
			name: "languages skip fixtures, tooling and config scripts",
			fs: fstest.MapFS{
				"src/app.ts":                textFile(""),
				"src/types.d.ts":            textFile(""),
				"jest.config.js":            textFile(""),
				".eslintrc.js":              textFile(""),
				"static/jquery.min.js":      textFile(""),
				"testdata/x.py":             textFile(""),
				"examples/demo/main.rs":     textFile(""),
				".github/scripts/notify.rb": textFile(""),
				"dist/bundle.js":            textFile(""),
				"lib/foo.ex":                textFile(""),
				"mix.exs":                   textFile(""),
				"native/a.cc":               textFile(""),
				"native/b.c":                textFile(""),
				"native/b.h":                textFile(""),
				"App.swift":                 textFile(""),
				"Foo.kt":                    textFile(""),
				"build.gradle.kts":          textFile(""),
				"Svc.cs":                    textFile(""),
				"x.php":                     textFile(""),
				"A.java":                    textFile(""),
				"a.scala":                   textFile(""),
				"a.rb":                      textFile(""),
				"jvm/src/main/groovy/com/example/x.groovy": textFile(""),
			},
			languages: []string{"c", "cpp", "csharp", "elixir", "java", "kotlin", "php", "ruby", "scala", "swift", "typescript"},
			count:     23,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, _ := collectOne(t, filesCollector{}, tc.fs)
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
	for i := range MaxListedFiles + 5 {
		fsys[fmt.Sprintf("d%d/f%05d.txt", i%7, i)] = textFile("")
	}
	f, _ := collectOne(t, filesCollector{}, fsys)
	if f.Files.Count != MaxListedFiles+5 || len(f.Files.Paths) != MaxListedFiles || !f.Files.Truncated {
		t.Errorf("count = %d, paths = %d, truncated = %v", f.Files.Count, len(f.Files.Paths), f.Files.Truncated)
	}
}

func TestJVMPackagesAreNotFixtures(t *testing.T) {
	t.Parallel()
	f, _ := collectOne(t, filesCollector{}, fstest.MapFS{
		"svc/src/main/java/com/example/orders/App.java": textFile(""),
		"app/src/main/kotlin/org/example/App.kt":        textFile(""),
		"examples/demo/src/main/java/Demo.scala":        textFile(""),
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
		if got := withoutJVMPackage(p); got != want {
			t.Errorf("withoutJVMPackage(%q) = %q, want %q", p, got, want)
		}
	}
}
