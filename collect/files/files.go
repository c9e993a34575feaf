package files

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// Collector describes the tree as a whole: the file list, the README
// and the programming languages in use.
type Collector struct{}

func (Collector) Name() string { return "files" }

func (Collector) Collect(_ context.Context, t *snapshot.Tree, f *facts.Facts) error {
	f.Files.Count = len(t.Files)
	paths := t.Files
	if len(paths) > snapshot.MaxListedFiles {
		paths = paths[:snapshot.MaxListedFiles]
		f.Files.Truncated = true
		// Every file is still collected from; only the listing is cut.
		t.Warn("", 0, fmt.Sprintf("the repository has %d files; files.paths lists the first %d (every file is still scanned)", len(t.Files), snapshot.MaxListedFiles))
	}
	f.Files.Paths = append([]string{}, paths...)
	f.Files.Readme = findReadme(t)
	f.Files.Languages = sourceLanguages(t.Files)
	return nil
}

// readmeRank orders README names when a root holds several: the first wins.
var readmeRank = map[string]int{
	"readme.md": 1, "readme.markdown": 2, "readme.rst": 3, "readme.adoc": 4,
	"readme.asciidoc": 5, "readme.txt": 6, "readme.org": 7, "readme": 8,
}

// findReadme returns the root README (any case), with its content length.
func findReadme(t *snapshot.Tree) *facts.Readme {
	best, bestRank := "", 0
	for _, p := range t.Files {
		if strings.Contains(p, "/") {
			continue
		}
		r, ok := readmeRank[strings.ToLower(p)]
		if ok && (best == "" || r < bestRank) {
			best, bestRank = p, r
		}
	}
	if best == "" {
		return nil
	}
	rd := &facts.Readme{Path: best}
	if data, ok := t.ReadText(best); ok {
		rd.Chars = utf8.RuneCount(bytes.TrimSpace(data))
	}
	return rd
}

// langByExt maps a source file extension to its language.
var langByExt = map[string]string{
	".go":    "go",
	".java":  "java",
	".kt":    "kotlin",
	".scala": "scala",
	".js":    "javascript", ".jsx": "javascript", ".mjs": "javascript", ".cjs": "javascript",
	".ts": "typescript", ".tsx": "typescript", ".mts": "typescript", ".cts": "typescript",
	".py": "python",
	".cs": "csharp",
	".rb": "ruby",
	".ex": "elixir", ".exs": "elixir",
	".rs":    "rust",
	".php":   "php",
	".swift": "swift",
	".cpp":   "cpp", ".cc": "cpp", ".cxx": "cpp", ".c++": "cpp", ".hpp": "cpp", ".hh": "cpp", ".hxx": "cpp",
	".c": "c",
}

// buildOutputDirs hold generated or third-party code, not the service's own
// sources.
var buildOutputDirs = map[string]bool{
	"dist": true, "target": true, "coverage": true, "bower_components": true,
	"site-packages": true, "__pycache__": true, "jspm_packages": true,
}

// languageOf returns the language of a source file, or "" when the file is
// not source code of a recognised language (configuration scripts such as
// jest.config.js, minified bundles and declaration files are not).
func languageOf(p string) string {
	base := path.Base(p)
	lower := strings.ToLower(base)
	lang := langByExt[path.Ext(lower)]
	switch {
	case lang == "":
		return ""
	case strings.HasPrefix(base, "."):
		return "" // .eslintrc.js and friends
	case lang == "javascript" || lang == "typescript":
		if strings.HasSuffix(lower, ".min.js") || strings.HasSuffix(lower, ".d.ts") ||
			strings.Contains(lower, ".config.") || strings.Contains(lower, ".conf.") ||
			strings.HasPrefix(lower, "gulpfile.") || strings.HasPrefix(lower, "gruntfile.") {
			return ""
		}
	case lang == "elixir":
		if lower == "mix.exs" || lower == ".formatter.exs" {
			return ""
		}
	}
	return lang
}

// sourceLanguages lists the languages with source files outside fixture,
// hidden (tooling) and build output folders, sorted.
func sourceLanguages(files []string) []string {
	seen := map[string]bool{}
	for _, p := range files {
		lang := languageOf(p)
		if lang == "" || seen[lang] || snapshot.IsFixturePath(p) || inToolingDir(p) {
			continue
		}
		seen[lang] = true
	}
	langs := make([]string, 0, len(seen))
	for l := range seen {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	return langs
}

// inToolingDir reports whether p lies under a hidden folder (.github,
// .husky, .devcontainer) or a build output folder.
func inToolingDir(p string) bool {
	dir := path.Dir(p)
	if dir == "." {
		return false
	}
	for _, seg := range strings.Split(dir, "/") {
		if strings.HasPrefix(seg, ".") || buildOutputDirs[strings.ToLower(seg)] {
			return true
		}
	}
	return false
}
