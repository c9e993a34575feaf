package deps

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// depsRun runs the dependency collector over files and returns the
// manifests by path and the warnings.
func depsRun(t testing.TB, files map[string]string) (map[string]facts.Manifest, []facts.Warning) {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	tr, err := snapshot.NewTree(fsys)
	if err != nil {
		t.Fatal(err)
	}
	f := facts.NewFacts(facts.RepoInfo{Name: "test"})
	if err := (Collector{}).Collect(context.Background(), tr, f); err != nil {
		t.Fatal(err)
	}
	out := map[string]facts.Manifest{}
	for _, m := range f.Dependencies.Manifests {
		out[m.Path] = m
	}
	return out, tr.Warnings()
}

func dtDep(name, version, scope string, line int) facts.Dependency {
	return facts.Dependency{Name: name, Version: version, Scope: scope, Direct: true, Line: line}
}

func dtIndirect(name, version, scope string, line int) facts.Dependency {
	return facts.Dependency{Name: name, Version: version, Scope: scope, Line: line}
}

func dtCatalog(name, version, scope, alias string, line int) facts.Dependency {
	return facts.Dependency{Name: name, Version: version, Scope: scope, Direct: true, Line: line, Alias: alias}
}

func dtManifest(p, eco, kind string, locks []string, deps, plugins []facts.Dependency, ws []string) facts.Manifest {
	m := facts.Manifest{Path: p, Ecosystem: eco, Kind: kind, Lockfiles: locks, Dependencies: deps, Plugins: plugins, Workspaces: ws}
	if m.Lockfiles == nil {
		m.Lockfiles = []string{}
	}
	if m.Dependencies == nil {
		m.Dependencies = []facts.Dependency{}
	}
	if m.Plugins == nil {
		m.Plugins = []facts.Dependency{}
	}
	if m.Workspaces == nil {
		m.Workspaces = []string{}
	}
	return m
}

func dtPinned(m facts.Manifest) facts.Manifest { m.Pinned = true; return m }

func TestDependencyManifests(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		want  []facts.Manifest
	}{
		{
			name: "go.mod with indirect requirements, tools and go.sum",
			files: map[string]string{
				"go.mod": collecttest.DtLines(
					"module example.com/svc", // 1
					"",
					"go 1.23",
					"",
					"require (", // 5
					"\tgithub.com/prometheus/client_golang v1.19.0",
					"\tgolang.org/x/sys v0.20.0 // indirect",
					")",
					"",
					"require go.uber.org/zap v1.27.0", // 10
					"",
					"tool golang.org/x/tools/cmd/stringer",
				),
				"go.sum":     "",
				"lib/go.mod": "module example.com/svc/lib\n",
			},
			want: []facts.Manifest{
				dtManifest("go.mod", "go", "go.mod", []string{"go.sum"}, []facts.Dependency{
					dtDep("github.com/prometheus/client_golang", "v1.19.0", "runtime", 6),
					dtIndirect("golang.org/x/sys", "v0.20.0", "runtime", 7),
					dtDep("go.uber.org/zap", "v1.27.0", "runtime", 10),
				}, []facts.Dependency{dtDep("golang.org/x/tools/cmd/stringer", "", "tool", 12)}, nil),
				dtManifest("lib/go.mod", "go", "go.mod", nil, nil, nil, nil),
			},
		},
		{
			name: "package.json scopes, lines and a lockfile beside it",
			files: map[string]string{
				"package.json": collecttest.DtLines(
					`{`,
					`  "name": "web",`,
					`  "scripts": {"dependencies": "not a dependency"},`,
					`  "dependencies": {`,
					`    "prom-client": "^15.1.0",`, // 5
					`    "pino": "^9.0.0"`,
					`  },`,
					`  "devDependencies": { "jest": "29.7.0" },`,
					`  "peerDependencies": { "react": ">=18" },`,
					`  "optionalDependencies": {`, // 10
					`    "fsevents": "2.3.3"`,
					`  }`,
					`}`,
				),
				"package-lock.json": "{}",
			},
			want: []facts.Manifest{dtManifest("package.json", "npm", "package.json", []string{"package-lock.json"}, []facts.Dependency{
				dtDep("prom-client", "^15.1.0", "runtime", 5),
				dtDep("pino", "^9.0.0", "runtime", 6),
				dtDep("jest", "29.7.0", "dev", 8),
				dtDep("react", ">=18", "peer", 9),
				dtDep("fsevents", "2.3.3", "optional", 11),
			}, nil, nil)},
		},
		{
			name: "npm workspace members inherit the root lockfile",
			files: map[string]string{
				"package.json":                 `{"private": true, "workspaces": {"packages": ["packages/*", "apps/**"]}}`,
				"yarn.lock":                    "",
				"packages/api/package.json":    `{"dependencies": {"express": "4"}}`,
				"apps/web/client/package.json": `{}`,
				"tools/package.json":           `{}`,
				"docs/site/package.json":       `{}`,
				"docs/site/package-lock.json":  `{}`,
			},
			want: []facts.Manifest{
				dtManifest("apps/web/client/package.json", "npm", "package.json", []string{"yarn.lock"}, nil, nil, nil),
				dtManifest("docs/site/package.json", "npm", "package.json", []string{"docs/site/package-lock.json"}, nil, nil, nil),
				dtManifest("package.json", "npm", "package.json", []string{"yarn.lock"}, nil, nil, []string{"packages/*", "apps/**"}),
				dtManifest("packages/api/package.json", "npm", "package.json", []string{"yarn.lock"}, []facts.Dependency{dtDep("express", "4", "runtime", 1)}, nil, nil),
				dtManifest("tools/package.json", "npm", "package.json", nil, nil, nil, nil),
			},
		},
		{
			name: "pnpm-workspace.yaml makes a workspace root",
			files: map[string]string{
				"pnpm-workspace.yaml":      "packages:\n  - 'apps/*'\n  - '!apps/legacy'\n",
				"pnpm-lock.yaml":           "",
				"apps/web/package.json":    `{}`,
				"apps/legacy/package.json": `{}`,
			},
			want: []facts.Manifest{
				dtManifest("apps/legacy/package.json", "npm", "package.json", nil, nil, nil, nil),
				dtManifest("apps/web/package.json", "npm", "package.json", []string{"pnpm-lock.yaml"}, nil, nil, nil),
			},
		},
		{
			name: "pom.xml dependencies, management, plugins, modules and properties",
			files: map[string]string{
				"pom.xml": collecttest.DtLines(
					`<?xml version="1.0" encoding="UTF-8"?>`,
					`<project xmlns="http://maven.apache.org/POM/4.0.0">`,
					`  <parent>`,
					`    <groupId>org.springframework.boot</groupId>`,
					`    <artifactId>spring-boot-starter-parent</artifactId>`, // 5
					`    <version>3.2.4</version>`,
					`  </parent>`,
					`  <properties><micrometer.version>1.12.4</micrometer.version></properties>`,
					`  <modules><module>core</module><module>web</module></modules>`,
					`  <dependencyManagement>`, // 10
					`    <dependencies>`,
					`      <dependency>`,
					`        <groupId>io.opentelemetry</groupId><artifactId>opentelemetry-bom</artifactId>`,
					`        <version>1.36.0</version><type>pom</type><scope>import</scope>`,
					`      </dependency>`, // 15
					`    </dependencies>`,
					`  </dependencyManagement>`,
					`  <dependencies>`,
					`    <dependency>`,
					`      <groupId>io.micrometer</groupId>`, // 20
					`      <artifactId>micrometer-registry-prometheus</artifactId>`,
					`      <version>${micrometer.version}</version>`,
					`    </dependency>`,
					`    <dependency>`,
					`      <groupId>org.junit.jupiter</groupId>`, // 25
					`      <artifactId>junit-jupiter</artifactId>`,
					`      <scope>test</scope>`,
					`      <!-- <version>ignored</version> -->`,
					`    </dependency>`,
					`  </dependencies>`, // 30
					`  <build>`,
					`    <pluginManagement><plugins>`,
					`      <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.2.5</version></plugin>`,
					`    </plugins></pluginManagement>`,
					`    <plugins>`, // 35
					`      <plugin>`,
					`        <groupId>org.jacoco</groupId>`,
					`        <artifactId>jacoco-maven-plugin</artifactId>`,
					`        <dependencies><dependency><groupId>x</groupId><artifactId>plugin-dep</artifactId></dependency></dependencies>`,
					`      </plugin>`, // 40
					`    </plugins>`,
					`  </build>`,
					`</project>`,
				),
			},
			want: []facts.Manifest{dtManifest("pom.xml", "maven", "pom.xml", nil, []facts.Dependency{
				dtDep("org.springframework.boot:spring-boot-starter-parent", "3.2.4", "parent", 3),
				dtIndirect("io.opentelemetry:opentelemetry-bom", "1.36.0", "import", 12),
				dtDep("io.micrometer:micrometer-registry-prometheus", "1.12.4", "compile", 19),
				dtDep("org.junit.jupiter:junit-jupiter", "", "test", 24),
			}, []facts.Dependency{
				dtIndirect("org.apache.maven.plugins:maven-surefire-plugin", "3.2.5", "managed", 33),
				dtDep("org.jacoco:jacoco-maven-plugin", "", "build", 36),
			}, []string{"core", "web"})},
		},
		{
			name: "Gradle Groovy DSL",
			files: map[string]string{
				"build.gradle": collecttest.DtLines(
					`buildscript {`,
					`    dependencies {`,
					`        classpath "org.springframework.boot:spring-boot-gradle-plugin:2.7.18"`,
					`    }`,
					`}`, // 5
					`plugins {`,
					`    id 'java'`,
					`    id "io.spring.dependency-management" version "1.1.4"`,
					`}`,
					`apply plugin: 'jacoco'`, // 10
					`/* implementation 'commented:out:1' */`,
					`dependencies {`,
					`    implementation 'io.micrometer:micrometer-registry-prometheus:1.12.4' // metrics`,
					`    implementation group: 'net.logstash.logback', name: 'logstash-logback-encoder', version: '7.4'`,
					`    runtimeOnly("org.postgresql:postgresql:${pgVersion}") {`, // 15
					`        exclude group: 'x', module: 'y'`,
					`    }`,
					`    testImplementation 'org.junit.jupiter:junit-jupiter',`,
					`        'org.mockito:mockito-core:5.11.0'`,
					`    implementation project(':core')`, // 20
					`    implementation fileTree(dir: 'libs', include: ['*.jar'])`,
					`    annotationProcessor "org.projectlombok:lombok:1.18.32"`,
					`}`,
				),
				"settings.gradle": "rootProject.name = 'svc'\ninclude 'core', 'web'\ninclude ':tools:cli'\nincludeBuild 'build-logic'\n",
				"gradle.lockfile": "",
			},
			want: []facts.Manifest{dtManifest("build.gradle", "gradle", "build.gradle", []string{"gradle.lockfile"}, []facts.Dependency{
				dtDep("io.micrometer:micrometer-registry-prometheus", "1.12.4", "implementation", 13),
				dtDep("net.logstash.logback:logstash-logback-encoder", "7.4", "implementation", 14),
				dtDep("org.postgresql:postgresql", "${pgVersion}", "runtimeOnly", 15),
				dtDep("org.junit.jupiter:junit-jupiter", "", "testImplementation", 18),
				dtDep("org.mockito:mockito-core", "5.11.0", "testImplementation", 18),
				dtDep("org.projectlombok:lombok", "1.18.32", "annotationProcessor", 22),
			}, []facts.Dependency{
				dtDep("org.springframework.boot:spring-boot-gradle-plugin", "2.7.18", "classpath", 3),
				dtDep("java", "", "build", 7),
				dtDep("io.spring.dependency-management", "1.1.4", "build", 8),
				dtDep("jacoco", "", "build", 10),
			}, []string{"core", "web", ":tools:cli"})},
		},
		{
			name: "Gradle Kotlin DSL with a version catalog",
			files: map[string]string{
				"settings.gradle.kts": collecttest.DtLines(
					`plugins { id("org.gradle.toolchains.foojay-resolver-convention") version "0.8.0" }`,
					`include(":app")`,
				),
				"gradle/libs.versions.toml": collecttest.DtLines(
					`[versions]`,
					`micrometer = "1.12.4"`,
					`otel = { strictly = "1.36.0" }`,
					`[libraries]`,
					`micrometer-registry-prometheus = { module = "io.micrometer:micrometer-registry-prometheus", version.ref = "micrometer" }`,
					`otel-api = { group = "io.opentelemetry", name = "opentelemetry-api", version.ref = "otel" }`,
					`otel_sdk = "io.opentelemetry:opentelemetry-sdk:1.36.0"`,
					`[bundles]`,
					`otel = ["otel-api", "otel_sdk"]`,
					`[plugins]`,
					`spring-boot = { id = "org.springframework.boot", version = "3.2.4" }`,
				),
				"app/build.gradle.kts": collecttest.DtLines(
					`plugins {`,
					`    alias(libs.plugins.spring.boot)`,
					`    kotlin("jvm") version "1.9.23"`,
					"    `java-library`",
					`}`, // 5
					``,
					`dependencies {`,
					`    implementation(libs.micrometer.registry.prometheus)`,
					`    implementation(libs.bundles.otel)`,
					`    implementation(libs.not.in.catalog)`, // 10
					`    implementation(platform("org.springframework.boot:spring-boot-dependencies:3.2.4"))`,
					`    testImplementation(kotlin("test"))`,
					`    "integrationTestImplementation"("org.testcontainers:postgresql:1.19.7")`,
					`    constraints {`,
					`        implementation("org.yaml:snakeyaml:2.2") { because("CVE") }`, // 15
					`    }`,
					`}`,
				),
			},
			want: []facts.Manifest{
				dtManifest("app/build.gradle.kts", "gradle", "build.gradle.kts", nil, []facts.Dependency{
					dtCatalog("io.micrometer:micrometer-registry-prometheus", "1.12.4", "implementation", "libs.micrometer.registry.prometheus", 8),
					dtCatalog("io.opentelemetry:opentelemetry-api", "1.36.0", "implementation", "libs.bundles.otel", 9),
					dtCatalog("io.opentelemetry:opentelemetry-sdk", "1.36.0", "implementation", "libs.bundles.otel", 9),
					dtCatalog("libs.not.in.catalog", "", "implementation", "libs.not.in.catalog", 10),
					dtDep("org.springframework.boot:spring-boot-dependencies", "3.2.4", "implementation", 11),
					dtDep("org.jetbrains.kotlin:kotlin-test", "", "testImplementation", 12),
					dtDep("org.testcontainers:postgresql", "1.19.7", "integrationTestImplementation", 13),
					dtIndirect("org.yaml:snakeyaml", "2.2", "implementation", 15),
				}, []facts.Dependency{
					dtCatalog("org.springframework.boot", "3.2.4", "build", "libs.plugins.spring.boot", 2),
					dtDep("org.jetbrains.kotlin.jvm", "1.9.23", "build", 3),
					dtDep("java-library", "", "build", 4),
				}, nil),
				dtManifest("settings.gradle.kts", "gradle", "settings.gradle.kts", nil, nil, []facts.Dependency{
					dtDep("org.gradle.toolchains.foojay-resolver-convention", "0.8.0", "build", 1),
				}, []string{":app"}),
			},
		},
		{
			name: "requirements files: pinning, includes, constraints and scopes",
			files: map[string]string{
				"requirements.txt": collecttest.DtLines(
					`# service requirements`,
					`--index-url https://pypi.example/simple`,
					`Flask==3.0.2`,
					`prometheus_client==0.20.0  # metrics`,
					`requests[socks]==2.31.0 ; python_version >= "3.8"`, // 5
					`-e .`,
				),
				"requirements-dev.txt": collecttest.DtLines(
					`-r requirements.txt`,
					`pytest>=8`,
				),
				"requirements/test.txt": collecttest.DtLines(
					`-r ../requirements.txt`,
					`-c constraints.txt`,
					`coverage`,
				),
				"requirements/constraints.txt": "coverage==7.4.4\n",
				"requirements/hashed.txt": collecttest.DtLines(
					`structlog==24.1.0 \`,
					`    --hash=sha256:aaaa`,
					`python-json-logger>=2 --hash=sha256:bbbb`,
				),
				"requirements/vcs.txt": collecttest.DtLines(
					`-e git+https://git.example/lib.git@0123456789abcdef0123456789abcdef01234567#egg=Shared_Lib`,
					`--editable=./local-package`,
					`tool @ git+https://git.example/tool.git@main`,
				),
			},
			want: []facts.Manifest{
				dtManifest("requirements-dev.txt", "pypi", "requirements.txt", nil, []facts.Dependency{dtDep("pytest", ">=8", "dev", 2)}, nil, nil),
				dtPinned(dtManifest("requirements.txt", "pypi", "requirements.txt", nil, []facts.Dependency{
					dtDep("flask", "==3.0.2", "runtime", 3),
					dtDep("prometheus-client", "==0.20.0", "runtime", 4),
					dtDep("requests", "==2.31.0", "runtime", 5),
				}, nil, nil)),
				dtPinned(dtManifest("requirements/constraints.txt", "pypi", "requirements.txt", nil, []facts.Dependency{dtDep("coverage", "==7.4.4", "runtime", 1)}, nil, nil)),
				dtPinned(dtManifest("requirements/hashed.txt", "pypi", "requirements.txt", nil, []facts.Dependency{
					dtDep("structlog", "==24.1.0", "runtime", 1),
					dtDep("python-json-logger", ">=2", "runtime", 3),
				}, nil, nil)),
				dtManifest("requirements/vcs.txt", "pypi", "requirements.txt", nil, []facts.Dependency{
					dtDep("shared-lib", "@ git+https://git.example/lib.git@0123456789abcdef0123456789abcdef01234567#egg=Shared_Lib", "runtime", 1),
					dtDep("tool", "@ git+https://git.example/tool.git@main", "runtime", 3),
				}, nil, nil),
				dtPinned(dtManifest("requirements/test.txt", "pypi", "requirements.txt", nil, []facts.Dependency{dtDep("coverage", "", "dev", 3)}, nil, nil)),
			},
		},
		{
			name: "pip-compile output is a lock for its inputs",
			files: map[string]string{
				"requirements.in": "flask\nstructlog>=24\n",
				"requirements.txt": collecttest.DtLines(
					`#`,
					`# This file is autogenerated by pip-compile with Python 3.12`,
					`# by the following command:`,
					`#`,
					`#    pip-compile --output-file=requirements.txt requirements.in`, // 5
					`#`,
					`blinker==1.7.0`,
					`    # via flask`,
					`flask==3.0.2`,
					`    # via -r requirements.in`, // 10
					`structlog==24.1.0`,
					`    # via`,
					`    #   -r requirements.in`,
					`    #   other`,
					`-e file:.`, // 15
				),
				"pyproject.toml":        "[project]\nname = \"svc\"\ndependencies = [\"uvicorn\"]\n",
				"requirements-lock.txt": "# This file was autogenerated by uv via the following command:\n#    uv pip compile pyproject.toml -o requirements-lock.txt\nuvicorn==0.29.0\n    # via svc (pyproject.toml)\nh11==0.14.0\n    # via uvicorn\n",
			},
			want: []facts.Manifest{
				dtManifest("pyproject.toml", "pypi", "pyproject.toml", []string{"requirements-lock.txt"}, []facts.Dependency{dtDep("uvicorn", "", "runtime", 3)}, nil, nil),
				dtPinned(dtManifest("requirements-lock.txt", "pypi", "requirements.txt", nil, []facts.Dependency{
					dtDep("uvicorn", "==0.29.0", "runtime", 3),
					dtIndirect("h11", "==0.14.0", "runtime", 5),
				}, nil, nil)),
				dtManifest("requirements.in", "pypi", "requirements.in", []string{"requirements.txt"}, []facts.Dependency{
					dtDep("flask", "", "runtime", 1),
					dtDep("structlog", ">=24", "runtime", 2),
				}, nil, nil),
				dtPinned(dtManifest("requirements.txt", "pypi", "requirements.txt", nil, []facts.Dependency{
					dtIndirect("blinker", "==1.7.0", "runtime", 7),
					dtDep("flask", "==3.0.2", "runtime", 9),
					dtDep("structlog", "==24.1.0", "runtime", 11),
				}, nil, nil)),
			},
		},
		{
			name: "pyproject.toml: PEP 621, PEP 735 and build-system",
			files: map[string]string{
				"pyproject.toml": collecttest.DtLines(
					`[build-system]`,
					`requires = ["hatchling>=1.20"]`,
					`build-backend = "hatchling.build"`,
					``,
					`[project]`, // 5
					`name = "svc"`,
					`dependencies = [`,
					`  "FastAPI>=0.110",`,
					`  "opentelemetry-sdk~=1.24 ; python_version >= '3.9'",`,
					`  'Python_JSON.Logger',`, // 10
					`]`,
					``,
					`[project.optional-dependencies]`,
					`postgres = ["psycopg[binary]==3.1.18"]`,
					``, // 15
					`[dependency-groups]`,
					`test = ["pytest>=8", {include-group = "lint"}]`,
					`lint = ["ruff"]`,
					``,
					`[tool.uv]`, // 20
					`dev-dependencies = ["mypy"]`,
				),
				"uv.lock": "",
			},
			want: []facts.Manifest{dtManifest("pyproject.toml", "pypi", "pyproject.toml", []string{"uv.lock"}, []facts.Dependency{
				dtDep("fastapi", ">=0.110", "runtime", 8),
				dtDep("opentelemetry-sdk", "~=1.24", "runtime", 9),
				dtDep("python-json-logger", "", "runtime", 10),
				dtDep("psycopg", "==3.1.18", "postgres", 14),
				dtDep("pytest", ">=8", "test", 17),
				dtDep("ruff", "", "lint", 18),
				dtDep("mypy", "", "dev", 21),
			}, []facts.Dependency{dtDep("hatchling", ">=1.20", "build", 2)}, nil)},
		},
		{
			name: "Poetry groups, legacy dev-dependencies and sub-tables",
			files: map[string]string{
				"pyproject.toml": collecttest.DtLines(
					`[tool.poetry]`,
					`name = "svc"`,
					``,
					`[tool.poetry.dependencies]`,
					`python = "^3.11"`, // 5
					`Django = "^5.0"`,
					`prometheus-client = { version = "^0.20", optional = true }`,
					`structlog = [{ version = "^24", python = ">=3.8" }]`,
					``,
					`[tool.poetry.group.dev.dependencies]`, // 10
					`black = "^24.3"`,
					``,
					`[tool.poetry.group.test.dependencies]`,
					`pytest-cov = "*"`,
					``, // 15
					`[tool.poetry.dev-dependencies]`,
					`flake8 = "^7"`,
					``,
					`[tool.poetry.dependencies.sentry-sdk]`,
					`version = "^1.44"`, // 20
					`extras = ["django"]`,
				),
				"poetry.lock": "",
			},
			want: []facts.Manifest{dtManifest("pyproject.toml", "pypi", "pyproject.toml", []string{"poetry.lock"}, []facts.Dependency{
				dtDep("django", "^5.0", "runtime", 6),
				dtDep("prometheus-client", "^0.20", "runtime", 7),
				dtDep("structlog", "^24", "runtime", 8),
				dtDep("sentry-sdk", "^1.44", "runtime", 19),
				dtDep("flake8", "^7", "dev", 17),
				dtDep("black", "^24.3", "dev", 11),
				dtDep("pytest-cov", "*", "test", 14),
			}, nil, nil)},
		},
		{
			name: "tool-only pyproject, Pipfile, setup.cfg and setup.py",
			files: map[string]string{
				"pyproject.toml":     "[tool.ruff]\nline-length = 100\n",
				"svc/Pipfile":        collecttest.DtLines(`[[source]]`, `url = "https://pypi.example/simple"`, `[packages]`, `requests = "*"`, `gunicorn = {version = "==21.2.0"}`, `[dev-packages]`, `pytest = "*"`),
				"svc/Pipfile.lock":   "{}",
				"lib/setup.cfg":      collecttest.DtLines(`[metadata]`, `name = lib`, `[options]`, `install_requires =`, `    click>=8`, `    loguru`, `[options.extras_require]`, `tracing = ddtrace>=2`, `[flake8]`, `max-line-length = 100`),
				"tools/setup.cfg":    "[flake8]\nmax-line-length = 100\n",
				"legacy/setup.py":    collecttest.DtLines(`from setuptools import setup`, `setup(`, `    name="legacy",`, `    install_requires=[`, `        "zipkin>=1.0",  # tracing`, `        'six'],`, `    extras_require={"dev": ["pytest"]},`, `)`),
				"legacy/poetry.lock": "",
			},
			want: []facts.Manifest{
				dtManifest("legacy/setup.py", "pypi", "setup.py", []string{"legacy/poetry.lock"}, []facts.Dependency{
					dtDep("zipkin", ">=1.0", "runtime", 5),
					dtDep("six", "", "runtime", 6),
					dtDep("pytest", "", "dev", 7),
				}, nil, nil),
				dtManifest("lib/setup.cfg", "pypi", "setup.cfg", nil, []facts.Dependency{
					dtDep("click", ">=8", "runtime", 5),
					dtDep("loguru", "", "runtime", 6),
					dtDep("ddtrace", ">=2", "tracing", 8),
				}, nil, nil),
				dtManifest("svc/Pipfile", "pypi", "Pipfile", []string{"svc/Pipfile.lock"}, []facts.Dependency{
					dtDep("requests", "*", "runtime", 4),
					dtDep("gunicorn", "==21.2.0", "runtime", 5),
					dtDep("pytest", "*", "dev", 7),
				}, nil, nil),
			},
		},
		{
			name: "uv workspace member inherits the root uv.lock",
			files: map[string]string{
				"pyproject.toml":               "[project]\nname = \"root\"\n[tool.uv.workspace]\nmembers = [\"packages/*\"]\n",
				"uv.lock":                      "",
				"packages/core/pyproject.toml": "[project]\nname = \"core\"\ndependencies = [\"pydantic\"]\n",
			},
			want: []facts.Manifest{
				dtManifest("packages/core/pyproject.toml", "pypi", "pyproject.toml", []string{"uv.lock"}, []facts.Dependency{dtDep("pydantic", "", "runtime", 3)}, nil, nil),
				dtManifest("pyproject.toml", "pypi", "pyproject.toml", []string{"uv.lock"}, nil, nil, []string{"packages/*"}),
			},
		},
		{
			name: "NuGet projects with central package versions",
			files: map[string]string{
				"Directory.Packages.props": collecttest.DtLines(
					`<Project>`,
					`  <ItemGroup>`,
					`    <PackageVersion Include="Serilog" Version="3.1.1" />`,
					`    <PackageVersion Include="OpenTelemetry" Version="1.8.0" />`,
					`    <GlobalPackageReference Include="StyleCop.Analyzers" Version="1.1.118" />`, // 5
					`  </ItemGroup>`,
					`</Project>`,
				),
				"src/Api/Api.csproj": collecttest.DtLines(
					`<Project Sdk="Microsoft.NET.Sdk.Web">`,
					`  <ItemGroup>`,
					`    <PackageReference Include="Serilog" />`,
					`    <PackageReference Include="prometheus-net.AspNetCore">`,
					`      <Version>8.2.1</Version>`, // 5
					`    </PackageReference>`,
					`    <PackageReference Include="Microsoft.CodeAnalysis.NetAnalyzers" Version="8.0.0" PrivateAssets="all" />`,
					`    <ProjectReference Include="../Core/Core.csproj" />`,
					`  </ItemGroup>`,
					`</Project>`, // 10
				),
				"src/Api/packages.lock.json": "{}",
				"Directory.Build.props":      "<Project><PropertyGroup><Nullable>enable</Nullable></PropertyGroup></Project>\n",
			},
			want: []facts.Manifest{
				dtManifest("Directory.Packages.props", "nuget", "Directory.Packages.props", nil, []facts.Dependency{
					dtIndirect("Serilog", "3.1.1", "managed", 3),
					dtIndirect("OpenTelemetry", "1.8.0", "managed", 4),
					dtDep("StyleCop.Analyzers", "1.1.118", "dev", 5),
				}, nil, nil),
				dtManifest("src/Api/Api.csproj", "nuget", "csproj", []string{"src/Api/packages.lock.json"}, []facts.Dependency{
					dtDep("Serilog", "3.1.1", "runtime", 3),
					dtDep("prometheus-net.AspNetCore", "8.2.1", "runtime", 4),
					dtDep("Microsoft.CodeAnalysis.NetAnalyzers", "8.0.0", "dev", 7),
				}, nil, nil),
			},
		},
		{
			name: "fixture trees are not the service's manifests",
			files: map[string]string{
				"testdata/go.mod":                   "module fixture\n",
				"examples/web/package.json":         `{"dependencies": {"prom-client": "1"}}`,
				"test/pom.xml":                      "<project/>",
				"src/__fixtures__/requirements.txt": "flask\n",
				"node_modules/x/package.json":       `{}`,
				"vendor/github.com/x/go.mod":        "module x\n",
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

func TestDependencyMalformed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path, content string
		line          int
		// deps are the dependencies read before the error.
		deps int
	}{
		{"go.mod", "module x\n\nrequire (\n\tgithub.com/a/b v1.0.0\n\tgithub.com/c/d\n)\n", 5, 0},
		{"package.json", "{\n  \"dependencies\": {\n    \"a\": \"1\",\n    \"b\": \n  }\n}\n", 5, 1},
		{"pom.xml", "<project>\n  <dependencies>\n    <dependency><groupId>a</groupId><artifactId>b</artifactId></dependency>\n    <dependency>\n  </dependencies\n", 5, 1},
		{"pyproject.toml", "[project]\ndependencies = [\"a\"]\n[tool.poetry\n", 3, 1},
		{"Pipfile", "[packages]\nrequests = \"*\"\nflask = \n", 3, 1},
		{"app/app.csproj", "<Project>\n<ItemGroup>\n<PackageReference Include=\"A\" Version=\"1\"/>\n<PackageReference Include=\"B\" Version=\"2\n", 4, 1},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			got, warnings := depsRun(t, map[string]string{tt.path: tt.content})
			if len(warnings) != 1 || warnings[0].Path != tt.path || warnings[0].Line != tt.line {
				t.Fatalf("warnings = %v, want one for %s:%d", warnings, tt.path, tt.line)
			}
			m, ok := got[tt.path]
			if !ok {
				t.Fatalf("no manifest for %s", tt.path)
			}
			if len(m.Dependencies) != tt.deps {
				t.Errorf("dependencies = %s, want %d", collecttest.DtJSON(m.Dependencies), tt.deps)
			}
		})
	}
}

func TestDependencyUnreadable(t *testing.T) {
	t.Parallel()
	got, warnings := depsRun(t, map[string]string{
		"package.json": "{\"dependencies\": {\x00}}",
		"go.mod":       "module x\n",
	})
	if _, ok := got["package.json"]; ok {
		t.Error("binary package.json produced a manifest")
	}
	if len(warnings) != 1 || warnings[0].Path != "package.json" {
		t.Errorf("warnings = %v", warnings)
	}
	if _, ok := got["go.mod"]; !ok {
		t.Error("go.mod not read after an unreadable file")
	}
}

func TestParsePEP508(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, name, spec string
		ok             bool
	}{
		{"requests", "requests", "", true},
		{"Requests >= 2.0, < 3", "requests", ">=2.0,<3", true},
		{"zope.interface[test]==6.0; python_version<'3.12'", "zope-interface", "==6.0", true},
		{"Django (>=4.2)", "django", ">=4.2", true},
		{"pkg @ git+https://example.org/pkg.git@0123456789abcdef0123456789abcdef01234567", "pkg", "@ git+https://example.org/pkg.git@0123456789abcdef0123456789abcdef01234567", true},
		{"not a requirement", "", "", false},
		{"", "", "", false},
	}
	for _, tt := range tests {
		name, spec, ok := parsePEP508(tt.in)
		if name != tt.name || spec != tt.spec || ok != tt.ok {
			t.Errorf("parsePEP508(%q) = %q, %q, %v; want %q, %q, %v", tt.in, name, spec, ok, tt.name, tt.spec, tt.ok)
		}
	}
}

func TestPyPinned(t *testing.T) {
	t.Parallel()
	for spec, want := range map[string]bool{
		"==1.2.3": true, "===1.0": true, "==1.*": false, ">=1": false, "": false, "~=1.2": false,
		">=1,==1.2": true,
		"@ git+https://x/y.git@0123456789abcdef0123456789abcdef01234567": true,
		"@ git+https://x/y.git@main":                                     false,
		"@ https://x/y-1.0.whl#sha256=abc":                               true,
	} {
		if got := pyPinned(spec); got != want {
			t.Errorf("pyPinned(%q) = %v, want %v", spec, got, want)
		}
	}
}

func TestWorkspaceMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		globs []string
		rel   string
		want  bool
	}{
		{[]string{"packages/*"}, "packages/a", true},
		{[]string{"packages/*"}, "packages/a/b", false},
		{[]string{"./packages/*/"}, "packages/a", true},
		{[]string{"apps/**"}, "apps/web/client", true},
		{[]string{"**"}, "x", true},
		{[]string{"apps/*", "!apps/old"}, "apps/old", false},
		{[]string{"libs/core"}, "libs/core", true},
		{[]string{"["}, "x", false},
	}
	for _, tt := range tests {
		if got := depWorkspaceMatch(tt.globs, tt.rel); got != tt.want {
			t.Errorf("depWorkspaceMatch(%q, %q) = %v, want %v", tt.globs, tt.rel, got, tt.want)
		}
	}
}

// TestDependencySamples reads manifests shaped like real ones (testdata/deps)
// and checks that every dependency is found, in order, with no warnings.
func TestDependencySamples(t *testing.T) {
	t.Parallel()
	f := collecttest.ScanFS(t, os.DirFS("testdata/deps"), Collector{})
	if len(f.Warnings) > 0 {
		t.Errorf("warnings: %v", f.Warnings)
	}
	var got []string
	for _, m := range f.Dependencies.Manifests {
		s := fmt.Sprintf("%s %s locks=%v pinned=%v ws=%v\n", m.Path, m.Kind, m.Lockfiles, m.Pinned, m.Workspaces)
		for _, d := range m.Dependencies {
			s += fmt.Sprintf("  %d %s %s %s direct=%v\n", d.Line, d.Scope, d.Name, d.Version, d.Direct)
		}
		for _, d := range m.Plugins {
			s += fmt.Sprintf("  plugin %d %s %s %s\n", d.Line, d.Scope, d.Name, d.Version)
		}
		got = append(got, s)
	}
	g := strings.Join(got, "")
	g = regexp.MustCompile(` +\n`).ReplaceAllString(g, "\n")
	if g != depsSamplesWant {
		t.Errorf("got\n%s\nwant\n%s", g, depsSamplesWant)
	}
}

const depsSamplesWant = `build.gradle build.gradle locks=[] pinned=false ws=[:orders-api :orders-worker]
  17 implementation org.springframework.boot:spring-boot-starter-web  direct=true
  18 implementation io.micrometer:micrometer-registry-prometheus 1.9.17 direct=true
  19 compileOnly org.projectlombok:lombok 1.18.34 direct=true
  20 annotationProcessor org.projectlombok:lombok 1.18.34 direct=true
  21 testImplementation org.springframework.boot:spring-boot-starter-test  direct=true
  24 testRuntimeOnly org.junit.platform:junit-platform-launcher  direct=true
  plugin 7 classpath org.springframework.boot:spring-boot-gradle-plugin ${springBootVersion}
  plugin 11 build java
  plugin 12 build org.springframework.boot
build.gradle.kts build.gradle.kts locks=[] pinned=false ws=[:orders-api :orders-worker]
  20 implementation org.springframework.boot:spring-boot-starter-actuator  direct=true
  21 implementation org.springframework.boot:spring-boot-starter-web  direct=true
  22 implementation io.micrometer:micrometer-registry-prometheus 1.13.6 direct=true
  23 implementation io.opentelemetry:opentelemetry-api  direct=true
  23 implementation io.opentelemetry:opentelemetry-sdk  direct=true
  24 implementation io.opentelemetry:opentelemetry-bom 1.44.1 direct=true
  25 implementation io.github.microutils:kotlin-logging-jvm ${property("kotlinLoggingVersion")} direct=true
  26 runtimeOnly org.postgresql:postgresql  direct=true
  27 developmentOnly org.springframework.boot:spring-boot-devtools  direct=true
  28 testImplementation org.springframework.boot:spring-boot-starter-test  direct=true
  31 testImplementation org.jetbrains.kotlin:kotlin-test  direct=true
  32 detektPlugins io.gitlab.arturbosch.detekt:detekt-formatting 1.23.7 direct=true
  plugin 4 build org.springframework.boot 3.3.5
  plugin 5 build io.spring.dependency-management 1.1.6
  plugin 6 build io.gitlab.arturbosch.detekt 1.23.7
  plugin 7 build org.jetbrains.kotlin.jvm 2.0.21
  plugin 8 build org.jetbrains.kotlin.plugin.spring 2.0.21
  plugin 9 build jacoco
go.mod go.mod locks=[] pinned=false ws=[]
  8 runtime github.com/go-chi/chi/v5 v5.1.0 direct=true
  9 runtime github.com/prometheus/client_golang v1.20.5 direct=true
  10 runtime go.opentelemetry.io/otel v1.32.0 direct=true
  11 runtime go.opentelemetry.io/otel/sdk v1.32.0 direct=true
  15 runtime github.com/beorn7/perks v1.0.1 direct=false
  16 runtime github.com/cespare/xxhash/v2 v2.3.0 direct=false
  17 runtime golang.org/x/sys v0.27.0 direct=false
  plugin 26 tool github.com/golangci/golangci-lint/cmd/golangci-lint
package.json package.json locks=[] pinned=false ws=[packages/*]
  13 runtime @opentelemetry/sdk-node ^0.55.0 direct=true
  14 runtime express ^4.21.1 direct=true
  15 runtime pino ^9.5.0 direct=true
  16 runtime prom-client ^15.1.3 direct=true
  19 dev eslint ^9.15.0 direct=true
  20 dev typescript ~5.6.3 direct=true
  21 dev vitest ^2.1.5 direct=true
  24 peer react >=18 direct=true
  27 optional fsevents 2.3.3 direct=true
pom.xml pom.xml locks=[] pinned=false ws=[orders-api]
  6 parent org.springframework.boot:spring-boot-starter-parent 3.3.5 direct=true
  24 import io.opentelemetry:opentelemetry-bom 1.44.1 direct=false
  34 compile org.springframework.boot:spring-boot-starter-actuator  direct=true
  38 compile io.micrometer:micrometer-registry-prometheus  direct=true
  42 compile net.logstash.logback:logstash-logback-encoder 8.0 direct=true
  47 test org.springframework.boot:spring-boot-starter-test  direct=true
  75 test org.testcontainers:postgresql  direct=true
  plugin 55 build org.springframework.boot:spring-boot-maven-plugin
  plugin 59 build org.jacoco:jacoco-maven-plugin 0.8.12
pyproject.toml pyproject.toml locks=[] pinned=false ws=[]
  13 runtime django ^5.1 direct=true
  14 runtime structlog ^24.4.0 direct=true
  15 runtime opentelemetry-distro ^0.49b2 direct=true
  16 runtime psycopg ^3.2.3 direct=true
  19 dev ruff ^0.8.0 direct=true
  20 dev mypy ^1.13.0 direct=true
  23 test pytest ^8.3.3 direct=true
  24 test pytest-cov ^6.0.0 direct=true
  plugin 2 build poetry-core >=1.9
requirements.in requirements.in locks=[requirements.txt] pinned=false ws=[]
  1 runtime fastapi >=0.115 direct=true
  2 runtime prometheus-client  direct=true
requirements.txt requirements.txt locks=[] pinned=true ws=[]
  7 runtime anyio ==4.6.2.post1 direct=false
  10 runtime fastapi ==0.115.5 direct=true
  13 runtime prometheus-client ==0.21.0 direct=true
  16 runtime starlette ==0.41.3 direct=false
`

// assertManifests collects files and wants exactly the manifests want, no
// warnings.
func assertManifests(t *testing.T, files map[string]string, wantList []facts.Manifest) {
	t.Helper()
	got, warnings := depsRun(t, files)
	if len(warnings) > 0 {
		t.Errorf("unexpected warnings: %v", warnings)
	}
	want := map[string]facts.Manifest{}
	for _, m := range wantList {
		want[m.Path] = m
	}
	for p, w := range want {
		if g, ok := got[p]; !ok {
			t.Errorf("%s: no manifest", p)
		} else if !reflect.DeepEqual(g, w) {
			t.Errorf("%s:\ngot  %s\nwant %s", p, collecttest.DtJSON(g), collecttest.DtJSON(w))
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("unexpected manifest %s: %s", p, collecttest.DtJSON(got[p]))
		}
	}
}
