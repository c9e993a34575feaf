package imports

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/facts"
)

func TestDotnetJSONLogging(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files fstest.MapFS
		want  []facts.Import
	}{
		{
			name: "NLog.config JsonLayout and appsettings FormatterName",
			files: fstest.MapFS{
				"src/Api/NLog.config":                 collecttest.TextFile("<nlog>\n  <targets>\n    <target xsi:type=\"Console\" name=\"out\">\n      <layout xsi:type=\"JsonLayout\" includeEventProperties=\"true\" />\n    </target>\n  </targets>\n</nlog>\n"),
				"src/Api/appsettings.Production.json": collecttest.TextFile("{\n  \"Logging\": {\n    \"Console\": {\n      \"FormatterName\": \"json\"\n    }\n  }\n}\n"),
			},
			want: []facts.Import{
				{Language: "dotnet", Package: JSONConsoleFormatter, Path: "src/Api/appsettings.Production.json", Line: 4},
				{Language: "dotnet", Package: NLogJSONLayout, Path: "src/Api/NLog.config", Line: 4},
			},
		},
		{
			name: "C# AddJsonConsole and nlog.json; tests and plain layouts do not count",
			files: fstest.MapFS{
				"src/Api/Program.cs":                collecttest.TextFile("var builder = WebApplication.CreateBuilder(args);\nbuilder.Logging.ClearProviders();\nbuilder.Logging.AddJsonConsole(o => o.IncludeScopes = true);\n"),
				"src/Worker/nlog.json":              collecttest.TextFile("{\n  \"NLog\": {\n    \"targets\": {\n      \"console\": {\n        \"type\": \"Console\",\n        \"layout\": {\n          \"type\": \"JsonLayout\"\n        }\n      }\n    }\n  }\n}\n"),
				"tests/Api.Tests/NLog.config":       collecttest.TextFile("<layout xsi:type=\"JsonLayout\" />\n"),
				"src/Api.IntegrationTests/Setup.cs": collecttest.TextFile("services.AddLogging(b => b.AddJsonConsole());\n"),
				"src/Legacy/NLog.config":            collecttest.TextFile("<target xsi:type=\"File\" layout=\"${longdate} ${message}\" />\n"),
				"src/Legacy/appsettings.json":       collecttest.TextFile("{\"Logging\": {\"Console\": {\"FormatterName\": \"simple\"}}}\n"),
			},
			want: []facts.Import{
				{Language: "dotnet", Package: JSONConsoleFormatter, Path: "src/Api/Program.cs", Line: 3},
				{Language: "dotnet", Package: NLogJSONLayout, Path: "src/Worker/nlog.json", Line: 7},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, warns := collecttest.CollectOne(t, Collector{}, tt.files)
			if len(warns) != 0 {
				t.Errorf("unexpected warnings:\n%s", collecttest.WarningLines(warns))
			}
			if !slices.Equal(f.Code.Imports, tt.want) {
				t.Errorf("imports = %+v\nwant      %+v", f.Code.Imports, tt.want)
			}
		})
	}
}
