package scanners

import (
	"reflect"
	"testing"
)

func TestRuntimes(t *testing.T) {
	t.Parallel()
	f := collectAll(t, map[string]string{
		"go.mod":               "module example.com/x\n\ngo 1.22.5\n\ntoolchain go1.23.2\n",
		"pom.xml":              "<project>\n  <properties>\n    <maven.compiler.release>17</maven.compiler.release>\n  </properties>\n</project>\n",
		"app/build.gradle.kts": "java {\n    toolchain {\n        languageVersion = JavaLanguageVersion.of(21)\n    }\n}\n",
		"web/package.json":     "{\n  \"name\": \"web\",\n  \"engines\": {\n    \"node\": \">=18.17.0\"\n  }\n}\n",
		".nvmrc":               "lts/iron\n",
		".node-version":        "20.11.1\n",
		"pyproject.toml":       "[project]\nname = \"x\"\nrequires-python = \">=3.9,<4\"\n",
		".python-version":      "3.12\n",
		".ruby-version":        "ruby-3.2.2\n",
		"Gemfile":              "source 'https://example.com'\nruby '3.1.4'\n",
		"src/Api.csproj":       "<Project>\n  <PropertyGroup>\n    <TargetFrameworks>net6.0;netstandard2.0</TargetFrameworks>\n  </PropertyGroup>\n</Project>\n",
		"composer.json":        "{\"require\": {\"php\": \"^8.1\"}}\n",
		"Dockerfile":           "FROM node:18-alpine AS web\nFROM python:3.11-slim-bookworm\nFROM debian:bullseye-slim\nFROM ubuntu:20.04\nFROM alpine:3.18.4\nFROM mcr.microsoft.com/dotnet/aspnet:8.0\nFROM web\n",
		"vendor/x/go.mod":      "module x\n\ngo 1.11\n",
		"testdata/go.mod":      "module y\n\ngo 1.12\n",
	})
	type rt struct {
		Name, Version, Cycle, Path string
		Line                       int
		Source                     string
	}
	var got []rt
	for _, r := range f.Runtimes {
		got = append(got, rt{r.Name, r.Version, r.Cycle, r.Path, r.Line, r.Source})
	}
	want := []rt{
		{"nodejs", "20.11.1", "20", ".node-version", 1, ".node-version"},
		{"python", "3.12", "3.12", ".python-version", 1, ".python-version"},
		{"ruby", "3.2.2", "3.2", ".ruby-version", 1, ".ruby-version"},
		{"nodejs", "18-alpine", "18", "Dockerfile", 1, "Dockerfile"},
		{"python", "3.11-slim-bookworm", "3.11", "Dockerfile", 2, "Dockerfile"},
		{"debian", "bullseye-slim", "11", "Dockerfile", 3, "Dockerfile"},
		{"ubuntu", "20.04", "20.04", "Dockerfile", 4, "Dockerfile"},
		{"alpine", "3.18.4", "3.18", "Dockerfile", 5, "Dockerfile"},
		{"dotnet", "8.0", "8.0", "Dockerfile", 6, "Dockerfile"},
		{"ruby", "3.1.4", "3.1", "Gemfile", 2, "Gemfile"},
		{"java", "21", "21", "app/build.gradle.kts", 3, "gradle"},
		{"php", "^8.1", "8.1", "composer.json", 1, "composer.json"},
		{"go", "1.22.5", "1.22", "go.mod", 3, "go.mod go"},
		{"go", "1.23.2", "1.23", "go.mod", 5, "go.mod toolchain"},
		{"java", "17", "17", "pom.xml", 3, "maven"},
		{"python", ">=3.9,<4", "3.9", "pyproject.toml", 3, "pyproject requires-python"},
		{"dotnet", "net6.0", "6.0", "src/Api.csproj", 3, "csproj"},
		{"nodejs", ">=18.17.0", "18", "web/package.json", 4, "package.json engines"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("runtimes:\n got %+v\nwant %+v", got, want)
	}
}

func TestRuntimeCycle(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, version, want string }{
		{"java", "1.8", "8"},
		{"java", "11", "11"},
		{"nodejs", "lts/*", ""},
		{"nodejs", "v20.1.0", "20"},
		{"python", "3", ""},
		{"dotnet", "net48", ""},
		{"dotnet", "netcoreapp3.1", "3.1"},
		{"debian", "12.5", "12"},
		{"debian", "sid", ""},
		{"ubuntu", "jammy-20240405", "22.04"},
		{"php", ">=7.4 <8.3", "7.4"},
	} {
		if got := runtimeCycle(c.name, c.version); got != c.want {
			t.Errorf("runtimeCycle(%q, %q) = %q, want %q", c.name, c.version, got, c.want)
		}
	}
}
