package imports

import (
	"bytes"
	"context"
	"path"

	"strings"

	"github.com/scoredev/score/collect/internal/textutil"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
	"github.com/scoredev/score/snapshot"
)

// The .NET logging set-ups that write JSON, recorded as imports of
// language "dotnet" under these names: whether NLog or the
// Microsoft.Extensions.Logging console writes JSON is decided by its
// layout or formatter, not by the package.
const (
	// NLogJSONLayout is NLog's JsonLayout, named in NLog.config
	// (`xsi:type="JsonLayout"`), nlog.json or an appsettings NLog section
	// (`"type": "JsonLayout"`), or C# code (`new JsonLayout`).
	NLogJSONLayout = "NLog.Layouts.JsonLayout"
	// JSONConsoleFormatter is the JSON console formatter of
	// Microsoft.Extensions.Logging: `AddJsonConsole(...)` or
	// `ConsoleFormatterNames.Json` in C#, or `"FormatterName": "json"` in
	// an appsettings*.json Console section.
	JSONConsoleFormatter = "Microsoft.Extensions.Logging.Console.JsonConsoleFormatter"
)

var (
	nlogJSONLayoutRef  = lazyre.New(`(?i)xsi:type\s*=\s*"JsonLayout"|"type"\s*:\s*"JsonLayout"|\bnew\s+(NLog\.Layouts\.)?JsonLayout\b`)
	jsonConsoleCodeRef = lazyre.New(`\.AddJsonConsole\s*\(|\bConsoleFormatterNames\.Json\b`)
	jsonConsoleSetting = lazyre.New(`(?i)"FormatterName"\s*:\s*"json"`)
)

// dotnetLogConfig reports which references a file may hold: NLog configs
// and appsettings JSON (both forms), C# sources.
func dotnetLogConfig(p string) (config, code bool) {
	base := strings.ToLower(path.Base(p))
	switch {
	case strings.HasSuffix(base, ".cs"):
		return false, true
	case base == "nlog.config" || base == "nlog.json" || strings.HasSuffix(base, ".nlog") || strings.HasSuffix(base, ".nlog.config"):
		return true, false
	case strings.HasPrefix(base, "appsettings") && strings.HasSuffix(base, ".json"):
		return true, false
	}
	return false, false
}

// dotnetJSONLogging records NLogJSONLayout and JSONConsoleFormatter where
// configuration or C# code outside tests and fixtures sets them up, once
// each (the first place found).
func dotnetJSONLogging(ctx context.Context, t *snapshot.Tree, f *facts.Facts) error {
	dotnetSource := func(p string) bool {
		config, code := dotnetLogConfig(p)
		return (config || code) && !snapshot.IsFixturePath(p) && !dotnetTestPath(p)
	}
	return eachSource(ctx, t, "imports/dotnet", dotnetSource, func(p string, data []byte) []facts.Import {
		var out []facts.Import
		add := func(pkg string, re *lazyre.Regexp) {
			if loc := re.FindIndex(data); loc != nil {
				out = append(out, facts.Import{Language: "dotnet", Package: pkg, Path: p, Line: textutil.TxtLineAt(data, loc[0])})
			}
		}
		if bytes.Contains(data, []byte("JsonLayout")) {
			add(NLogJSONLayout, nlogJSONLayoutRef)
		}
		if _, code := dotnetLogConfig(p); code {
			add(JSONConsoleFormatter, jsonConsoleCodeRef)
		} else {
			add(JSONConsoleFormatter, jsonConsoleSetting)
		}
		return out
	}, firstOfEach(f))
}

// dotnetTestPath reports a file of a test project (a folder named
// *.Tests, *.Test, *.UnitTests, ...) or under tests/ or test/.
func dotnetTestPath(p string) bool {
	for _, seg := range strings.Split(path.Dir(p), "/") {
		l := strings.ToLower(seg)
		if l == "tests" || l == "test" || (strings.Contains(l, ".") && (strings.HasSuffix(l, "tests") || strings.HasSuffix(l, ".test"))) {
			return true
		}
	}
	return false
}
