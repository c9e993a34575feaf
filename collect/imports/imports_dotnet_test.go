package imports

import (
	"context"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

func TestDotnetJSONLogging(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		want  []facts.Import
	}{
		{
			name: "NLog.config JsonLayout and appsettings FormatterName",
			files: map[string]string{
				"src/Api/NLog.config":                 "<nlog>\n  <targets>\n    <target xsi:type=\"Console\" name=\"out\">\n      <layout xsi:type=\"JsonLayout\" includeEventProperties=\"true\" />\n    </target>\n  </targets>\n</nlog>\n",
				"src/Api/appsettings.Production.json": "{\n  \"Logging\": {\n    \"Console\": {\n      \"FormatterName\": \"json\"\n    }\n  }\n}\n",
			},
			want: []facts.Import{
				{Language: "dotnet", Package: JSONConsoleFormatter, Path: "src/Api/appsettings.Production.json", Line: 4},
				{Language: "dotnet", Package: NLogJSONLayout, Path: "src/Api/NLog.config", Line: 4},
			},
		},
		{
			name: "C# AddJsonConsole and nlog.json; tests and plain layouts do not count",
			files: map[string]string{
				"src/Api/Program.cs":                "var builder = WebApplication.CreateBuilder(args);\nbuilder.Logging.ClearProviders();\nbuilder.Logging.AddJsonConsole(o => o.IncludeScopes = true);\n",
				"src/Worker/nlog.json":              "{\n  \"NLog\": {\n    \"targets\": {\n      \"console\": {\n        \"type\": \"Console\",\n        \"layout\": {\n          \"type\": \"JsonLayout\"\n        }\n      }\n    }\n  }\n}\n",
				"tests/Api.Tests/NLog.config":       "<layout xsi:type=\"JsonLayout\" />\n",
				"src/Api.IntegrationTests/Setup.cs": "services.AddLogging(b => b.AddJsonConsole());\n",
				"src/Legacy/NLog.config":            "<target xsi:type=\"File\" layout=\"${longdate} ${message}\" />\n",
				"src/Legacy/appsettings.json":       "{\"Logging\": {\"Console\": {\"FormatterName\": \"simple\"}}}\n",
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
			fsys := fstest.MapFS{}
			for p, d := range tt.files {
				fsys[p] = &fstest.MapFile{Data: []byte(d)}
			}
			tree, err := snapshot.NewTree(fsys)
			if err != nil {
				t.Fatal(err)
			}
			f := facts.NewFacts(facts.RepoInfo{Name: "svc"})
			if err := (Collector{}).Collect(context.Background(), tree, f); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(f.Code.Imports, tt.want) {
				t.Errorf("imports = %+v\nwant      %+v", f.Code.Imports, tt.want)
			}
		})
	}
}
