package deps

import (
	"reflect"
	"testing"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/facts"
)

func dtFeatures(d facts.Dependency, features ...string) facts.Dependency {
	d.Features = features
	return d
}

func TestDependencyManifestsMore(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		want  []facts.Manifest
	}{
		{
			name: "Cargo workspace: a member without its own lock uses the root Cargo.lock, inherited features",
			files: map[string]string{
				"Cargo.toml": collecttest.DtLines(
					`[workspace]`, // 1
					`members = ["crates/*"]`,
					`exclude = ["crates/scratch"]`,
					``,
					`[workspace.dependencies]`, // 5
					`tracing-subscriber = { version = "0.3", features = ["env-filter"] }`,
					`serde = "1"`,
				),
				"Cargo.lock": "version = 3\n",
				"crates/api/Cargo.toml": collecttest.DtLines(
					`[package]`, // 1
					`name = "api"`,
					``,
					`[dependencies]`,
					`tracing-subscriber = { workspace = true, features = ["json"] }`, // 5
					`prom = { package = "prometheus", version = "0.13" }`,
					`serde.workspace = true`,
					``,
					`[dev-dependencies]`,
					`tokio-test = "0.4"`, // 10
					``,
					`[target.'cfg(unix)'.build-dependencies]`,
					`cc = "1"`,
				),
				"crates/scratch/Cargo.toml": "[package]\nname = \"scratch\"\n[dependencies]\nrand = \"0.8\"\n",
			},
			want: []facts.Manifest{
				dtManifest("Cargo.toml", "cargo", "Cargo.toml", []string{"Cargo.lock"}, []facts.Dependency{
					dtFeatures(dtIndirect("tracing-subscriber", "0.3", "managed", 6), "env-filter"),
					dtIndirect("serde", "1", "managed", 7),
				}, nil, []string{"crates/*"}),
				dtManifest("crates/api/Cargo.toml", "cargo", "Cargo.toml", []string{"Cargo.lock"}, []facts.Dependency{
					dtFeatures(dtDep("tracing-subscriber", "0.3", "runtime", 5), "env-filter", "json"),
					dtDep("prometheus", "0.13", "runtime", 6),
					dtDep("serde", "1", "runtime", 7),
					dtDep("tokio-test", "0.4", "dev", 10),
					dtDep("cc", "1", "build", 13),
				}, nil, nil),
				// Excluded from the workspace and without a lockfile of its own.
				dtManifest("crates/scratch/Cargo.toml", "cargo", "Cargo.toml", nil, []facts.Dependency{
					dtDep("rand", "0.8", "runtime", 4),
				}, nil, nil),
			},
		},
		{
			name: "Gemfile groups, gemspec and a mounted engine share the application's Gemfile.lock",
			files: map[string]string{
				"Gemfile": collecttest.DtLines(
					`source "https://rubygems.org"`, // 1
					`gem "rails", "~> 7.1" # the framework`,
					`gem 'rails_semantic_logger'`,
					`gem "billing", path: "engines/billing"`,
					`group :development, :test do`, // 5
					`  gem "rspec-rails"`,
					`  if ENV["CI"]`,
					`    gem "simplecov", require: false`,
					`  end`,
					`end`, // 10
					`gem "rubocop", group: :development`,
					`platforms :jruby do`,
					`  gem "jdbc"`,
					`end`,
					`gem "yabeda-prometheus"`, // 15
				),
				"Gemfile.lock": "GEM\n",
				"engines/billing/billing.gemspec": collecttest.DtLines(
					`Gem::Specification.new do |spec|`,
					`  spec.name = "billing"`,
					`  spec.add_dependency "rails", ">= 7.0"`,
					`  spec.add_runtime_dependency("ougai")`,
					`  spec.add_development_dependency "rspec-rails"`, // 5
					`end`,
				),
			},
			want: []facts.Manifest{
				dtManifest("Gemfile", "rubygems", "Gemfile", []string{"Gemfile.lock"}, []facts.Dependency{
					dtDep("rails", "~> 7.1", "runtime", 2),
					dtDep("rails_semantic_logger", "", "runtime", 3),
					dtDep("billing", "", "runtime", 4),
					dtDep("rspec-rails", "", "development,test", 6),
					dtDep("simplecov", "", "development,test", 8),
					dtDep("rubocop", "", "development", 11),
					dtDep("jdbc", "", "runtime", 13),
					dtDep("yabeda-prometheus", "", "runtime", 15),
				}, nil, nil),
				dtManifest("engines/billing/billing.gemspec", "rubygems", "gemspec", []string{"Gemfile.lock"}, []facts.Dependency{
					dtDep("rails", ">= 7.0", "runtime", 3),
					dtDep("ougai", "", "runtime", 4),
					dtDep("rspec-rails", "", "dev", 5),
				}, nil, nil),
			},
		},
		{
			name: "composer.json without platform requirements; no lock committed",
			files: map[string]string{
				"composer.json": collecttest.DtLines(
					`{`,
					`  "require": {`,
					`    "php": "^8.2",`,
					`    "ext-json": "*",`,
					`    "laravel/framework": "^11.0",`, // 5
					`    "promphp/prometheus_client_php": "^2.10"`,
					`  },`,
					`  "require-dev": {"phpunit/phpunit": "^11.0"},`,
					`  "scripts": {"test": "phpunit"}`,
					`}`,
				),
				".gitignore": "/vendor\ncomposer.lock\n",
			},
			want: []facts.Manifest{dtManifest("composer.json", "composer", "composer.json", nil, []facts.Dependency{
				dtDep("laravel/framework", "^11.0", "runtime", 5),
				dtDep("promphp/prometheus_client_php", "^2.10", "runtime", 6),
				dtDep("phpunit/phpunit", "^11.0", "dev", 8),
			}, nil, nil)},
		},
		{
			name: "mix.exs umbrella: apps without a lock use the root mix.lock",
			files: map[string]string{
				"mix.exs": collecttest.DtLines(
					`defmodule Shop.Umbrella.MixProject do`,
					`  use Mix.Project`,
					`  def project, do: [apps_path: "apps", deps: deps()]`,
					`  defp deps do`,
					`    [{:credo, "~> 1.7", only: [:dev, :test], runtime: false}]`, // 5
					`  end`,
					`end`,
				),
				"mix.lock": "%{}\n",
				"apps/web/mix.exs": collecttest.DtLines(
					`defmodule Web.MixProject do`,
					`  def project do`,
					`    [app: :web, lockfile: "../../mix.lock", deps: deps()]`,
					`  end`,
					`  defp deps do`, // 5
					`    [`,
					`      {:phoenix, "~> 1.7"},`,
					`      {:prom_ex, "~> 1.9"},`,
					`      {:logger_json, "~> 6.0", only: [:prod, :dev]}, # {:not_a_dep, "1"}`,
					`      {:mox, "~> 1.0", only: :test}`, // 10
					`    ]`,
					`  end`,
					`  defp aliases, do: [{:not, "a dep"}]`,
					`end`,
				),
			},
			want: []facts.Manifest{
				dtManifest("mix.exs", "hex", "mix.exs", []string{"mix.lock"}, []facts.Dependency{
					dtDep("credo", "~> 1.7", "dev,test", 5),
				}, nil, []string{"apps/*"}),
				dtManifest("apps/web/mix.exs", "hex", "mix.exs", []string{"mix.lock"}, []facts.Dependency{
					dtDep("phoenix", "~> 1.7", "runtime", 7),
					dtDep("prom_ex", "~> 1.9", "runtime", 8),
					dtDep("logger_json", "~> 6.0", "runtime", 9),
					dtDep("mox", "~> 1.0", "test", 10),
				}, nil, nil),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assertManifests(t, tt.files, tt.want)
		})
	}
}

func TestMSBuildProperties(t *testing.T) {
	t.Parallel()
	got, warnings := depsRun(t, map[string]string{
		"Directory.Build.props": collecttest.DtLines(
			`<Project>`,
			`  <PropertyGroup>`,
			`    <Nullable>enable</Nullable>`,
			`    <AnalysisMode>Recommended</AnalysisMode>`,
			`    <TreatWarningsAsErrors Condition="'$(Configuration)' == 'Release'">true</TreatWarningsAsErrors>`,
			`    <RestorePackagesWithLockFile> true </RestorePackagesWithLockFile>`,
			`  </PropertyGroup>`,
			`</Project>`,
		),
		"other/Directory.Build.props": "<Project><PropertyGroup><LangVersion>latest</LangVersion></PropertyGroup></Project>\n",
	})
	if len(warnings) > 0 {
		t.Errorf("unexpected warnings: %v", warnings)
	}
	want := map[string]string{"AnalysisMode": "Recommended", "TreatWarningsAsErrors": "true", "RestorePackagesWithLockFile": "true"}
	if m, ok := got["Directory.Build.props"]; !ok || !reflect.DeepEqual(m.Properties, want) {
		t.Errorf("Directory.Build.props properties = %v, want %v", m.Properties, want)
	}
	if _, ok := got["other/Directory.Build.props"]; ok {
		t.Errorf("a Directory.Build.props with no package items and no property the checks read is not a manifest")
	}
}

func TestDependencyMalformedMore(t *testing.T) {
	t.Parallel()
	for name, data := range map[string]string{
		"Cargo.toml":    "[package]\nname = \"x\"\n[dependencies\n",
		"composer.json": "{\n  \"require\": {\n    \"a/b\": \"1\",\n",
		"Gemfile.lock":  "GEM\n  specs:\n<<<<<<< HEAD\n",
	} {
		_, warnings := depsRun(t, map[string]string{name: data})
		if len(warnings) != 1 || warnings[0].Path != name || warnings[0].Line < 1 {
			t.Errorf("%s: want one warning with a line, got %+v", name, warnings)
		}
	}
}

func TestDependencySbt(t *testing.T) {
	t.Parallel()
	got, warnings := depsRun(t, map[string]string{
		"build.sbt": collecttest.DtLines(
			`ThisBuild / scalaVersion := "3.5.1"`,
			`libraryDependencies ++= Seq(`,
			`  "io.kamon" %% "kamon-bundle" % "2.7.5",`,
			`  // "io.kamon" %% "kamon-prometheus" % "2.7.5",`,
			`  "net.logstash.logback" % "logstash-logback-encoder" % logstashVersion,`, // 5
			`  "org.scalameta" %% "munit" % "1.0.2" % Test,`,
			`  "javax.servlet" % "javax.servlet-api" % "4.0.1" % "provided"`,
			`)`,
		),
		"project/plugins.sbt": collecttest.DtLines(
			`addSbtPlugin("ch.epfl.scala" % "sbt-scalafix" % "0.13.0")`,
			`addSbtPlugin("net.vonbuchholtz" % "sbt-dependency-check" % "5.1.0")`,
		),
		"project/build.properties": "sbt.version=1.10.2\n",
	})
	if len(warnings) > 0 {
		t.Errorf("unexpected warnings: %v", warnings)
	}
	want := map[string]facts.Manifest{
		"build.sbt": dtManifest("build.sbt", "sbt", "build.sbt", nil, []facts.Dependency{
			dtDep("io.kamon:kamon-bundle", "2.7.5", "runtime", 3),
			dtDep("net.logstash.logback:logstash-logback-encoder", "logstashVersion", "runtime", 5),
			dtDep("org.scalameta:munit", "1.0.2", "test", 6),
			dtDep("javax.servlet:javax.servlet-api", "4.0.1", "provided", 7),
		}, nil, nil),
		"project/plugins.sbt": dtManifest("project/plugins.sbt", "sbt", "plugins.sbt", nil, nil, []facts.Dependency{
			dtDep("ch.epfl.scala:sbt-scalafix", "0.13.0", "build", 1),
			dtDep("net.vonbuchholtz:sbt-dependency-check", "5.1.0", "build", 2),
		}, nil),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %s\nwant %s", collecttest.DtJSON(got), collecttest.DtJSON(want))
	}
}

func TestDependencySbtLockfiles(t *testing.T) {
	t.Parallel()
	assertManifests(t, map[string]string{
		"build.sbt":                 `libraryDependencies += "io.kamon" %% "kamon-bundle" % "2.7.5"` + "\n",
		"build.sbt.lock":            "{}\n",
		"project/plugins.sbt":       `addSbtPlugin("software.purpledragon" % "sbt-dependency-lock" % "1.5.1")` + "\n",
		"legacy/build.sbt":          `libraryDependencies += "org.typelevel" %% "cats-core" % "2.12.0"` + "\n",
		"legacy/lock.sbt":           `dependencyOverrides ++= Seq("org.typelevel" % "cats-core_2.13" % "2.12.0")` + "\n",
		"tools/build.sbt":           `libraryDependencies += "org.scalameta" %% "munit" % "1.0.2" % Test` + "\n",
		"tools/project/build.props": "sbt.version=1.10.2\n",
		"project/Dependencies.scala": collecttest.DtLines(
			`import sbt._`,
			`object Dependencies {`,
			`  val kamon = "io.kamon" %% "kamon-prometheus" % "2.7.5"`,
			`  val munit = "org.scalameta" %% "munit" % "1.0.2" % Test`,
			`}`,
		),
		"project/BuildHelper.scala":                       "object BuildHelper { val scala3 = \"3.5.1\" }\n",
		"src/main/scala/com/example/project/Module.scala": `val m = "a" % "b" % "1"` + "\n",
	}, []facts.Manifest{
		dtManifest("project/Dependencies.scala", "sbt", "Dependencies.scala", nil, []facts.Dependency{
			dtDep("io.kamon:kamon-prometheus", "2.7.5", "runtime", 3),
			dtDep("org.scalameta:munit", "1.0.2", "test", 4),
		}, nil, nil),
		dtManifest("build.sbt", "sbt", "build.sbt", []string{"build.sbt.lock"}, []facts.Dependency{
			dtDep("io.kamon:kamon-bundle", "2.7.5", "runtime", 1),
		}, nil, nil),
		dtManifest("legacy/build.sbt", "sbt", "build.sbt", []string{"legacy/lock.sbt"}, []facts.Dependency{
			dtDep("org.typelevel:cats-core", "2.12.0", "runtime", 1),
		}, nil, nil),
		dtManifest("project/plugins.sbt", "sbt", "plugins.sbt", nil, nil, []facts.Dependency{
			dtDep("software.purpledragon:sbt-dependency-lock", "1.5.1", "build", 1),
		}, nil),
		dtManifest("tools/build.sbt", "sbt", "build.sbt", nil, []facts.Dependency{
			dtDep("org.scalameta:munit", "1.0.2", "test", 1),
		}, nil, nil),
	})
}

func TestDependencyGemfileLock(t *testing.T) {
	t.Parallel()
	assertManifests(t, map[string]string{
		"Gemfile": collecttest.DtLines(
			`source "https://rubygems.org"`,
			`gem "rails", "~> 7.2.1"`,
			`eval_gemfile "gemfiles/observability.rb"`,
			`%w[prometheus-client yabeda-rails].each { |g| gem g }`,
			`gem "billing", path: "engines/billing"`,
		),
		"Gemfile.lock": collecttest.DtLines(
			`PATH`,
			`  remote: engines/billing`,
			`  specs:`,
			`    billing (0.1.0)`,
			``, // 5
			`GEM`,
			`  remote: https://rubygems.org/`,
			`  specs:`,
			`    prometheus-client (4.2.3)`,
			`    rails (7.2.1)`, // 10
			`    yabeda-rails (0.9.0)`,
			``,
			`DEPENDENCIES`,
			`  billing!`,
			`  prometheus-client`, // 15
			`  rails (~> 7.2.1)`,
			`  yabeda-rails`,
		),
		// A gem's own Gemfile.lock: `gemspec` puts its development
		// dependencies in DEPENDENCIES; the gemspec declares them already.
		"gems/money/Gemfile":       "gemspec\n",
		"gems/money/money.gemspec": "Gem::Specification.new do |s|\n  s.add_development_dependency \"rspec\", \"~> 3.13\"\nend\n",
		"gems/money/Gemfile.lock":  "PATH\n  remote: .\n  specs:\n    money (1.0.0)\n\nDEPENDENCIES\n  money!\n  rspec (~> 3.13)\n",
	}, []facts.Manifest{
		dtManifest("Gemfile", "rubygems", "Gemfile", []string{"Gemfile.lock"}, []facts.Dependency{
			dtDep("rails", "~> 7.2.1", "runtime", 2),
			dtDep("billing", "", "runtime", 5),
		}, nil, nil),
		dtManifest("Gemfile.lock", "rubygems", "Gemfile.lock", []string{"Gemfile.lock"}, []facts.Dependency{
			dtDep("prometheus-client", "4.2.3", "runtime", 15),
			dtDep("yabeda-rails", "0.9.0", "runtime", 17),
		}, nil, nil),
		dtManifest("gems/money/Gemfile", "rubygems", "Gemfile", []string{"gems/money/Gemfile.lock"}, nil, nil, nil),
		dtManifest("gems/money/money.gemspec", "rubygems", "gemspec", []string{"gems/money/Gemfile.lock"}, []facts.Dependency{
			dtDep("rspec", "~> 3.13", "dev", 2),
		}, nil, nil),
	})
}

// Multi-module builds: dependencies declared only in Maven modules, in a
// Gradle subprojects {} block or in a convention plugin of build-logic
// count for the service (lib/deps reads every manifest).
func TestDependencyMultiModule(t *testing.T) {
	t.Parallel()
	got, warnings := depsRun(t, map[string]string{
		"pom.xml":     "<project>\n  <modules><module>api</module></modules>\n</project>\n",
		"api/pom.xml": "<project>\n  <dependencies>\n    <dependency><groupId>io.opentelemetry.instrumentation</groupId><artifactId>opentelemetry-spring-boot-starter</artifactId></dependency>\n  </dependencies>\n</project>\n",
		"gradle-app/build.gradle.kts": collecttest.DtLines(
			`subprojects {`,
			`    dependencies {`,
			`        "implementation"("io.micrometer:micrometer-registry-prometheus:1.13.5")`,
			`    }`,
			`}`,
		),
		"gradle-app/settings.gradle.kts":  "includeBuild(\"build-logic\")\ninclude(\"svc\")\n",
		"gradle-app/svc/build.gradle.kts": "plugins { id(\"service-conventions\") }\n",
		"gradle-app/build-logic/convention/src/main/kotlin/service-conventions.gradle.kts": "plugins { java }\n\ndependencies {\n    implementation(\"net.logstash.logback:logstash-logback-encoder:8.0\")\n}\n",
		"gradle-app/buildSrc/src/main/groovy/legacy.gradle":                                "dependencies {\n    implementation 'io.opentelemetry:opentelemetry-api:1.42.1'\n}\n",
		"gradle-app/build-logic/settings.gradle.kts":                                       "rootProject.name = \"build-logic\"\n",
	})
	if len(warnings) > 0 {
		t.Errorf("unexpected warnings: %v", warnings)
	}
	want := map[string][]string{
		"api/pom.xml":                 {"io.opentelemetry.instrumentation:opentelemetry-spring-boot-starter"},
		"gradle-app/build.gradle.kts": {"io.micrometer:micrometer-registry-prometheus"},
		"gradle-app/build-logic/convention/src/main/kotlin/service-conventions.gradle.kts": {"net.logstash.logback:logstash-logback-encoder"},
		"gradle-app/buildSrc/src/main/groovy/legacy.gradle":                                {"io.opentelemetry:opentelemetry-api"},
	}
	for p, names := range want {
		m, ok := got[p]
		if !ok {
			t.Errorf("%s: no manifest", p)
			continue
		}
		var gotNames []string
		for _, d := range m.Dependencies {
			gotNames = append(gotNames, d.Name)
		}
		if !reflect.DeepEqual(gotNames, names) {
			t.Errorf("%s: dependencies %v, want %v", p, gotNames, names)
		}
	}
}
