package facts

import (
	"reflect"
	"slices"
	"testing"
)

func TestCommandWords(t *testing.T) {
	t.Parallel()
	c := func(run string, line int) Command { return Command{Run: run, Path: ".gitlab-ci.yml", Line: line} }
	jobs := []CIJob{
		{Commands: []Command{c("./mvnw.cmd -B verify", 3), c("python3.11 -m pytest", 4)}, Reached: []Command{c("go run golang.org/x/vuln/cmd/govulncheck@latest ./...", 9)}},
		{Commands: []Command{c("python3.11 -m pytest", 4), c(`sh -c "npx jest"`, 7)}},
	}
	idx := CommandWords(jobs)
	tests := []struct {
		word string
		want []Command
	}{
		{"mvnw", []Command{c("./mvnw.cmd -B verify", 3)}},
		{"mvnw.cmd", []Command{c("./mvnw.cmd -B verify", 3)}},
		{"python", []Command{c("python3.11 -m pytest", 4)}}, // listed once though two jobs run it
		{"python3.11", []Command{c("python3.11 -m pytest", 4)}},
		{"pytest", []Command{c("python3.11 -m pytest", 4)}},
		{"govulncheck", []Command{c("go run golang.org/x/vuln/cmd/govulncheck@latest ./...", 9)}},
		{"jest", []Command{c(`sh -c "npx jest"`, 7)}},
		{"go", []Command{c("go run golang.org/x/vuln/cmd/govulncheck@latest ./...", 9)}},
		{"mvn", nil},
		{"-B", []Command{c("./mvnw.cmd -B verify", 3)}},
	}
	for _, tt := range tests {
		if got := idx[tt.word]; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: got %v, want %v", tt.word, got, tt.want)
		}
	}
	for w := range idx {
		if w == "" || slices.ContainsFunc([]rune(commandDelims), func(r rune) bool { return slices.Contains([]rune(w), r) }) {
			t.Errorf("word %q is empty or holds a delimiter", w)
		}
	}
	if got := CommandWords(nil); got == nil || len(got) != 0 {
		t.Errorf("no jobs: %v, want an empty map", got)
	}
}

func TestDependencyFamilies(t *testing.T) {
	t.Parallel()
	d := func(name, scope string, direct bool) Dependency {
		return Dependency{Name: name, Scope: scope, Direct: direct}
	}
	got := DependencyFamilies([]Manifest{
		{Ecosystem: "go", Dependencies: []Dependency{d("go.uber.org/Zap", "runtime", true), d("github.com/rs/zerolog", "runtime", false)}},
		{Ecosystem: "pypi", Dependencies: []Dependency{d("Prometheus_Client", "", false), d("pytest", "dev", false), d("Sphinx", "docs", false)}},
		{Ecosystem: "maven", Dependencies: []Dependency{d("junit:junit", "test", true), d("io.micrometer:Micrometer-Core", "compile", true)},
			Plugins: []Dependency{d("org.jacoco:jacoco-maven-plugin", "build", true)}},
		{Ecosystem: "gradle", Dependencies: []Dependency{d("io.micrometer:micrometer-core", "implementation", true), d("x:y", "kapt", true)}},
		{Ecosystem: "npm", Dependencies: []Dependency{d("jest", "devDependencies", false)}},
	})
	want := map[string]DependencyFamily{
		"go":   {Runtime: []string{"go.uber.org/zap"}, All: []string{"github.com/rs/zerolog", "go.uber.org/zap"}},
		"pypi": {Runtime: []string{"prometheus-client"}, All: []string{"prometheus-client", "pytest", "sphinx"}},
		"jvm": {Runtime: []string{"io.micrometer:micrometer-core", "x:y"},
			All: []string{"io.micrometer:micrometer-core", "junit:junit", "org.jacoco:jacoco-maven-plugin", "x:y"}},
		"npm": {Runtime: []string{}, All: []string{"jest"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestDependencyFamiliesNewEcosystems(t *testing.T) {
	t.Parallel()
	got := DependencyFamilies([]Manifest{
		{Ecosystem: "cargo", Dependencies: []Dependency{
			{Name: "serde", Scope: "managed", Direct: false},
			{Name: "Tracing_Subscriber", Scope: "runtime", Direct: true, Features: []string{"env-filter", "JSON"}},
			{Name: "tokio-test", Scope: "dev", Direct: true, Features: []string{"x"}},
		}},
		{Ecosystem: "sbt", Dependencies: []Dependency{{Name: "io.kamon:kamon-bundle", Scope: "runtime", Direct: true}}},
		{Ecosystem: "rubygems", Dependencies: []Dependency{{Name: "rspec-rails", Scope: "development,test", Direct: true}, {Name: "lograge", Scope: "runtime", Direct: true}}},
	})
	want := map[string]DependencyFamily{
		"cargo": {Runtime: []string{"tracing-subscriber", "tracing-subscriber[env-filter]", "tracing-subscriber[json]"},
			All: []string{"serde", "tokio-test", "tracing-subscriber"}},
		"jvm":      {Runtime: []string{"io.kamon:kamon-bundle"}, All: []string{"io.kamon:kamon-bundle"}},
		"rubygems": {Runtime: []string{"lograge"}, All: []string{"lograge", "rspec-rails"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}
