package ci

import (
	"reflect"
	"strconv"
	"testing"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
)

const GitlabRoot = `include:
  - local: /ci/build.yml
  - '/ci/templates/*.yml'
  - project: group/templates
    ref: v1.2.0
    file:
      - /jobs/a.yml
      - /jobs/b.yml
  - project: group/other
    file: /x.yml
  - remote: https://example.com/ci.yml
  - template: Security/SAST.gitlab-ci.yml
  - component: $CI_SERVER_FQDN/org/secret-detection/secret-detection@1.2
  - https://example.com/raw.yml
  - /missing.yml

stages: [build, test]
variables:
  GOFLAGS: -mod=readonly

default:
  image: golang:1.22
  before_script:
    - echo default before

.test-base: &base
  stage: test
  script:
    - go test ./...
  artifacts:
    reports:
      junit: report.xml

unit:
  extends: .test-base
  coverage: '/total: \d+/'
  artifacts:
    reports:
      coverage_report:
        coverage_format: cobertura
        path: cover.xml

lint:
  image:
    name: golangci/golangci-lint:v1.59
  inherit:
    default: false
  script:
    - |
      golangci-lint run \
        --timeout 5m

      # comment line
      echo done

anchored:
  <<: *base
  script:
    - !reference [.setup, script]
    - make test

.setup:
  script:
    - echo setup
    - [echo nested, echo list]

pages:
  script: mkdocs build

child:
  trigger:
    include: ci/child.yml
`

const GitlabBuild = `include:
  - local: .gitlab-ci.yml
build:
  stage: build
  script: go build ./...
`

const GitlabTemplate = `deploy:
  extends: [.test-base, .other]
  script:
    - >
      helm upgrade
      --install app ./chart
    - "kubectl rollout status
      deploy/app"
.other:
  artifacts:
    reports:
      sast: gl-sast.json
`

const GitlabChild = `child-job:
  script: echo child
`

func TestGitLabIncludes(t *testing.T) {
	t.Parallel()
	f := collecttest.ScanWith(t, map[string]string{
		".gitlab-ci.yml":          GitlabRoot,
		"ci/build.yml":            GitlabBuild,
		"ci/templates/deploy.yml": GitlabTemplate,
		"ci/templates/sub/no.yml": "nope:\n  script: echo no\n",
		"ci/child.yml":            GitlabChild,
		"testdata/.gitlab-ci.yml": "bait:\n  script: echo bait\n",
		"other/.gitlab-ci.yml":    "notroot:\n  script: echo x\n",
	}, Collector{})

	var configs []string
	for _, c := range f.CI.Configs {
		configs = append(configs, c.Provider+":"+c.Path)
	}
	wantConfigs := []string{"gitlab:.gitlab-ci.yml", "gitlab:ci/build.yml", "gitlab:ci/child.yml", "gitlab:ci/templates/deploy.yml"}
	if !reflect.DeepEqual(configs, wantConfigs) {
		t.Errorf("configs = %v, want %v", configs, wantConfigs)
	}

	L := func(marker string) int { return collecttest.LineOf(t, GitlabRoot, marker) }
	wantIncludes := []facts.GitLabInclude{
		{Kind: "local", Location: "/ci/build.yml", Path: ".gitlab-ci.yml", Line: L("local: /ci/build.yml")},
		{Kind: "local", Location: ".gitlab-ci.yml", Path: "ci/build.yml", Line: 2},
		{Kind: "local", Location: "/ci/templates/*.yml", Path: ".gitlab-ci.yml", Line: L("templates/*.yml")},
		{Kind: "project", Location: "/jobs/a.yml", Project: "group/templates", Ref: "v1.2.0", Path: ".gitlab-ci.yml", Line: L("/jobs/a.yml")},
		{Kind: "project", Location: "/jobs/b.yml", Project: "group/templates", Ref: "v1.2.0", Path: ".gitlab-ci.yml", Line: L("/jobs/b.yml")},
		{Kind: "project", Location: "/x.yml", Project: "group/other", Path: ".gitlab-ci.yml", Line: L("project: group/other")},
		{Kind: "remote", Location: "https://example.com/ci.yml", Path: ".gitlab-ci.yml", Line: L("remote:")},
		{Kind: "template", Location: "Security/SAST.gitlab-ci.yml", Path: ".gitlab-ci.yml", Line: L("template:")},
		{Kind: "component", Location: "$CI_SERVER_FQDN/org/secret-detection/secret-detection", Version: "1.2", Path: ".gitlab-ci.yml", Line: L("component:")},
		{Kind: "remote", Location: "https://example.com/raw.yml", Path: ".gitlab-ci.yml", Line: L("raw.yml")},
		{Kind: "local", Location: "/missing.yml", Path: ".gitlab-ci.yml", Line: L("/missing.yml")},
		{Kind: "local", Location: "ci/child.yml", Path: ".gitlab-ci.yml", Line: L("include: ci/child.yml")},
	}
	if !reflect.DeepEqual(f.CI.GitLabIncludes, wantIncludes) {
		t.Errorf("includes:\n got %+v\nwant %+v", f.CI.GitLabIncludes, wantIncludes)
	}
	if !collecttest.HasWarning(f, ".gitlab-ci.yml", L("/missing.yml")) {
		t.Errorf("missing local include should warn at its line: %+v", f.Warnings)
	}
	wantJobs := []string{"gitlab:.test-base", "gitlab:unit", "gitlab:lint", "gitlab:anchored", "gitlab:.setup", "gitlab:pages", "gitlab:child", "gitlab:build", "gitlab:deploy", "gitlab:.other", "gitlab:child-job"}
	if got := collecttest.JobNames(f); !reflect.DeepEqual(got, wantJobs) {
		t.Errorf("jobs = %v\nwant   %v", got, wantJobs)
	}
}

func TestGitLabJobs(t *testing.T) {
	t.Parallel()
	f := collecttest.ScanWith(t, map[string]string{
		".gitlab-ci.yml":          GitlabRoot,
		"ci/build.yml":            GitlabBuild,
		"ci/templates/deploy.yml": GitlabTemplate,
		"ci/child.yml":            GitlabChild,
	}, Collector{})
	L := func(marker string) int { return collecttest.LineOf(t, GitlabRoot, marker) }
	root := ".gitlab-ci.yml:"
	defaultBefore := root + strconv.Itoa(L("echo default before")) + ": echo default before"

	tests := []struct {
		name     string
		commands []string
		image    string
		stage    string
		reports  []string
		extends  []string
		template bool
		coverage string
	}{
		{name: "unit", commands: []string{defaultBefore, root + strconv.Itoa(L("go test")) + ": go test ./..."},
			image: "golang:1.22", stage: "test", reports: []string{"junit", "coverage_report"}, extends: []string{".test-base"}, coverage: `/total: \d+/`},
		{name: ".test-base", commands: []string{defaultBefore, root + strconv.Itoa(L("go test")) + ": go test ./..."},
			image: "golang:1.22", stage: "test", reports: []string{"junit"}, extends: []string{}, template: true},
		{name: "lint", commands: []string{
			root + strconv.Itoa(L("golangci-lint run")) + ": golangci-lint run --timeout 5m",
			root + strconv.Itoa(L("echo done")) + ": echo done",
		}, image: "golangci/golangci-lint:v1.59", reports: []string{}, extends: []string{}},
		{name: "anchored", commands: []string{
			defaultBefore,
			root + strconv.Itoa(L("echo setup")) + ": echo setup",
			root + strconv.Itoa(L("echo nested")) + ": echo nested",
			root + strconv.Itoa(L("echo nested")) + ": echo list",
			root + strconv.Itoa(L("make test")) + ": make test",
		}, image: "golang:1.22", stage: "test", reports: []string{"junit"}, extends: []string{}},
		{name: "pages", commands: []string{defaultBefore, root + strconv.Itoa(L("mkdocs")) + ": mkdocs build"}, image: "golang:1.22", reports: []string{}, extends: []string{}},
		{name: "deploy", commands: []string{
			defaultBefore,
			"ci/templates/deploy.yml:5: helm upgrade --install app ./chart",
			"ci/templates/deploy.yml:7: kubectl rollout status deploy/app",
		}, image: "golang:1.22", stage: "test", reports: []string{"junit", "sast"}, extends: []string{".test-base", ".other"}},
		{name: "build", commands: []string{defaultBefore, "ci/build.yml:5: go build ./..."}, image: "golang:1.22", stage: "build", reports: []string{}, extends: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			j := collecttest.JobByName(t, f, tt.name)
			if got := collecttest.Pcmds(j.Commands); !reflect.DeepEqual(got, tt.commands) {
				t.Errorf("commands:\n got %q\nwant %q", got, tt.commands)
			}
			if j.Image != tt.image || j.Stage != tt.stage || j.Template != tt.template || j.Coverage != tt.coverage {
				t.Errorf("image %q stage %q template %v coverage %q; want %q %q %v %q", j.Image, j.Stage, j.Template, j.Coverage, tt.image, tt.stage, tt.template, tt.coverage)
			}
			if !reflect.DeepEqual(j.Reports, tt.reports) || !reflect.DeepEqual(j.Extends, tt.extends) {
				t.Errorf("reports %v extends %v; want %v %v", j.Reports, j.Extends, tt.reports, tt.extends)
			}
		})
	}
}

func TestGitLabTolerant(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		files    map[string]string
		warnAt   int
		wantJobs []string
	}{
		{"malformed yaml", map[string]string{".gitlab-ci.yml": "test:\n  script:\n    - echo [\n  bad: : x\n"}, 4, []string{}},
		{"include cycle", map[string]string{
			".gitlab-ci.yml": "include: a.yml\nroot:\n  script: echo root\n",
			"a.yml":          "include: [b.yml]\na:\n  script: echo a\n",
			"b.yml":          "include:\n  - local: a.yml\n  - local: .gitlab-ci.yml\nb:\n  script: echo b\n",
		}, -1, []string{"gitlab:root", "gitlab:a", "gitlab:b"}},
		{"extends cycle and unknown reference", map[string]string{".gitlab-ci.yml": `
a:
  extends: b
b:
  extends: [a, missing]
  script:
    - !reference [nowhere, script]
    - !reference [b]
    - !reference [b, script]
`}, -1, []string{"gitlab:a", "gitlab:b"}},
		{"alias bomb", map[string]string{".gitlab-ci.yml": `
x0: &a0 [echo]
x1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]
x2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]
x3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]
x4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]
x5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]
x6: &a6 [*a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5]
job:
  script: *a6
`}, -1, []string{"gitlab:job"}},
		{"not a mapping", map[string]string{".gitlab-ci.yml": "- just\n- a list\n"}, -1, []string{}},
		{"empty", map[string]string{".gitlab-ci.yml": ""}, -1, []string{}},
		{"spec header", map[string]string{".gitlab-ci.yml": "spec:\n  inputs:\n    stage:\n      default: test\n---\njob:\n  script: echo $[[ inputs.stage ]]\n"}, -1, []string{"gitlab:job"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := collecttest.ScanWith(t, tt.files, Collector{})
			if tt.warnAt >= 0 && !collecttest.HasWarning(f, ".gitlab-ci.yml", tt.warnAt) {
				t.Errorf("want warning at line %d, got %+v", tt.warnAt, f.Warnings)
			}
			if got := collecttest.JobNames(f); !reflect.DeepEqual(got, tt.wantJobs) {
				t.Errorf("jobs = %v, want %v", got, tt.wantJobs)
			}
			for _, j := range f.CI.Jobs {
				if len(j.Commands) > yamlnode.MaxJobCommands {
					t.Errorf("job %s has %d commands", j.Name, len(j.Commands))
				}
			}
		})
	}
}

func TestGlobMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"ci/*.yml", "ci/a.yml", true},
		{"ci/*.yml", "ci/sub/a.yml", false},
		{"ci/**.yml", "ci/sub/a.yml", true},
		{"ci/**/*.yml", "ci/sub/a.yml", true},
		{"ci/**/*.yml", "ci/a.yml", false},
		{"*.yml", "a.yaml", false},
		{"ci/a.yml", "ci/a.yml", true},
	}
	for _, tt := range tests {
		if got := globMatch(tt.pattern, tt.name); got != tt.want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
}
