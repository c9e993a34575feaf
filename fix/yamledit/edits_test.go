package yamledit

import (
	"errors"
	"strings"
	"testing"
)

func TestGitLabInclude(t *testing.T) {
	t.Parallel()
	sast := map[string]string{"template": "Jobs/SAST.gitlab-ci.yml"}
	tests := []struct {
		name, in, want string
		notes          int
	}{
		{
			name: "no include: appended at the end, comments, anchors and !reference kept",
			in: `# Build and ship the API.
variables:
  GO_VERSION: "1.26"   # keep in sync with go.mod

.go: &go
  image: golang:${GO_VERSION}

test:
  <<: *go
  script:
    - !reference [.setup, script]
    - go test ./...
`,
			want: `# Build and ship the API.
variables:
  GO_VERSION: "1.26"   # keep in sync with go.mod

.go: &go
  image: golang:${GO_VERSION}

test:
  <<: *go
  script:
    - !reference [.setup, script]
    - go test ./...

include:
  - template: Jobs/SAST.gitlab-ci.yml
`,
		},
		{
			name: "block sequence with a 4-space indent and comments after it",
			in: `include:
    - local: ci/build.yml   # the build jobs
    - project: acme/ci
      file: /go.yml
# deploy jobs come next

deploy:
    script: ["./deploy"]
`,
			want: `include:
    - local: ci/build.yml   # the build jobs
    - project: acme/ci
      file: /go.yml
    - template: Jobs/SAST.gitlab-ci.yml
# deploy jobs come next

deploy:
    script: ["./deploy"]
`,
		},
		{
			name: "compact sequence at the key's column",
			in:   "include:\n- local: a.yml\nbuild:\n  script: [make]\n",
			want: "include:\n- local: a.yml\n- template: Jobs/SAST.gitlab-ci.yml\nbuild:\n  script: [make]\n",
		},
		{
			name: "a single string include becomes a list",
			in:   "include: 'ci/build.yml'\nbuild:\n  script: [make]\n",
			want: "include:\n  - 'ci/build.yml'\n  - template: Jobs/SAST.gitlab-ci.yml\nbuild:\n  script: [make]\n",
		},
		{
			name: "a single mapping include becomes a list",
			in:   "include:\n  local: ci/build.yml\n  rules:\n    - if: $CI\nbuild:\n  script: [make]\n",
			want: "include:\n  - local: ci/build.yml\n    rules:\n      - if: $CI\n  - template: Jobs/SAST.gitlab-ci.yml\nbuild:\n  script: [make]\n",
		},
		{
			name: "CRLF stays CRLF",
			in:   "stages:\r\n  - build\r\n  - test\r\ninclude:\r\n  - local: a.yml\r\n",
			want: "stages:\r\n  - build\r\n  - test\r\ninclude:\r\n  - local: a.yml\r\n  - template: Jobs/SAST.gitlab-ci.yml\r\n",
		},
		{
			name:  "stages without test get test",
			in:    "stages:\n  - build\n  - deploy\n\nbuild:\n  stage: build\n  script: [make]\n",
			want:  "stages:\n  - build\n  - deploy\n  - test\n\nbuild:\n  stage: build\n  script: [make]\n\ninclude:\n  - template: Jobs/SAST.gitlab-ci.yml\n",
			notes: 1,
		},
		{
			name: "already included: unchanged",
			in:   "include:\n  - template: Jobs/SAST.gitlab-ci.yml\n",
			want: "include:\n  - template: Jobs/SAST.gitlab-ci.yml\n",
		},
		{
			name: "no final newline",
			in:   "build:\n  script: [make]",
			want: "build:\n  script: [make]\n\ninclude:\n  - template: Jobs/SAST.gitlab-ci.yml\n",
		},
		{
			name: "empty file",
			in:   "",
			want: "include:\n  - template: Jobs/SAST.gitlab-ci.yml\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := GitLabInclude(".gitlab-ci.yml", []byte(tt.in), sast)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(res.Data); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if len(res.Notes) != tt.notes {
				t.Errorf("notes %q, want %d", res.Notes, tt.notes)
			}
			again, err := GitLabInclude(".gitlab-ci.yml", res.Data, sast)
			if err != nil || string(again.Data) != string(res.Data) {
				t.Errorf("second edit changed the file or failed: %v\n%s", err, again.Data)
			}
		})
	}
}

func TestGitLabIncludeRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"syntax error", "build:\n  script: [make\n", ".gitlab-ci.yml:"},
		{"flow include", "include: [a.yml]\n", ".gitlab-ci.yml:1: include: is a flow sequence"},
		{"alias include", "x: &i a.yml\ninclude: *i\n", ".gitlab-ci.yml:2: include: is an alias"},
		{"top-level list", "- a\n- b\n", ".gitlab-ci.yml:1: the top level is not a mapping"},
		{"two documents", "a: 1\n---\nb: 2\n", "several YAML documents"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := GitLabInclude(".gitlab-ci.yml", []byte(tt.in), map[string]string{"template": "Jobs/SAST.gitlab-ci.yml"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to contain %q", err, tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Errorf("error %T is not a *ParseError", err)
			}
		})
	}
}

func TestWorkflowPermissions(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{
			name: "in front of jobs and its comment",
			in: `name: ci
on: [push]

# The jobs.
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: go test ./...
`,
			want: `name: ci
on: [push]

permissions:
  contents: read

# The jobs.
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: go test ./...
`,
		},
		{
			name: "4-space indent and CRLF",
			in:   "on: push\r\njobs:\r\n    build:\r\n        runs-on: ubuntu-latest\r\n",
			want: "on: push\r\npermissions:\r\n    contents: read\r\n\r\njobs:\r\n    build:\r\n        runs-on: ubuntu-latest\r\n",
		},
		{
			name: "already there",
			in:   "permissions: {}\njobs:\n  a:\n    runs-on: x\n",
			want: "permissions: {}\njobs:\n  a:\n    runs-on: x\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := WorkflowPermissions("w.yml", []byte(tt.in), map[string]string{"contents": "read"})
			if err != nil {
				t.Fatal(err)
			}
			if string(res.Data) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", res.Data, tt.want)
			}
		})
	}
	if _, err := WorkflowPermissions("w.yml", []byte("on: push\n"), map[string]string{"contents": "read"}); err == nil {
		t.Error("a file without jobs was edited")
	}
}

func TestJUnitReport(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, job, command, replace, with string
		line                                  int
		want                                  string
	}{
		{
			name: "maven: artifacts added, command kept",
			in:   "test:\n  image: maven:3\n  script:\n    - mvn -B verify\n\ndeploy:\n  script: [./deploy]\n",
			job:  "test", command: "mvn -B verify", line: 4,
			want: "test:\n  image: maven:3\n  script:\n    - mvn -B verify\n  artifacts:\n    reports:\n      junit: report.xml\n    when: always\n\ndeploy:\n  script: [./deploy]\n",
		},
		{
			name: "pytest rewritten, existing artifacts extended",
			in:   "unit:\n  script:\n    - pytest -q\n  artifacts:\n    paths: [dist/]\n",
			job:  "unit", command: "pytest -q", line: 2, replace: "pytest", with: "pytest --junitxml=report.xml",
			want: "unit:\n  script:\n    - pytest --junitxml=report.xml -q\n  artifacts:\n    paths: [dist/]\n    reports:\n      junit: report.xml\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := JUnitReport(".gitlab-ci.yml", []byte(tt.in), tt.job, "report.xml", tt.command, tt.line, tt.replace, tt.with)
			if err != nil {
				t.Fatal(err)
			}
			if string(res.Data) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", res.Data, tt.want)
			}
		})
	}
	if _, err := JUnitReport(".gitlab-ci.yml", []byte("unit:\n  script:\n    - \"pytest\"\n"), "unit", "r.xml", "pytest", 3, "pytest", "pytest --junitxml=r.xml"); err == nil {
		t.Error("a quoted command was rewritten")
	}
}

func FuzzGitLabInclude(f *testing.F) {
	f.Add([]byte("include:\n  - local: a.yml\n"))
	f.Add([]byte("include: a.yml\n"))
	f.Add([]byte("include:\n  local: a.yml\n"))
	f.Add([]byte("a: !reference [x, y]\r\n"))
	f.Add([]byte("on: push\n# jobs\njobs:\n    a:\n        runs-on: x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if res, err := GitLabInclude(".gitlab-ci.yml", data, map[string]string{"template": "Jobs/SAST.gitlab-ci.yml"}); err == nil {
			if _, err := Parse(".gitlab-ci.yml", res.Data); err != nil {
				t.Fatalf("edited file does not parse: %v", err)
			}
		}
		if res, err := WorkflowPermissions("w.yml", data, map[string]string{"contents": "read"}); err == nil {
			if _, err := Parse("w.yml", res.Data); err != nil {
				t.Fatalf("edited workflow does not parse: %v", err)
			}
		}
	})
}

func TestDependabotEcosystems(t *testing.T) {
	t.Parallel()
	in := "# Dependabot\r\nversion: 2\r\nupdates:\r\n    - package-ecosystem: gomod   # the service\r\n      directory: /\r\n      schedule:\r\n          interval: daily\r\n"
	updates := []map[string]any{
		{"ecosystem": "gomod", "directories": []any{"/"}},
		{"ecosystem": "docker", "directories": []any{"/", "/build"}},
	}
	res, err := DependabotEcosystems(".github/dependabot.yml", []byte(in), updates)
	if err != nil {
		t.Fatal(err)
	}
	want := in + "    - package-ecosystem: docker\r\n      directories:\r\n          - /\r\n          - /build\r\n      schedule:\r\n          interval: weekly\r\n"
	if string(res.Data) != want {
		t.Errorf("got\n%q\nwant\n%q", res.Data, want)
	}
	again, err := DependabotEcosystems(".github/dependabot.yml", res.Data, updates)
	if err != nil || string(again.Data) != string(res.Data) {
		t.Errorf("second edit changed the file: %v\n%s", err, again.Data)
	}
	if _, err := DependabotEcosystems("d.yml", []byte("version: 2\n"), updates); err == nil {
		t.Error("a file without updates was edited")
	}
}

func TestActionsJUnit(t *testing.T) {
	t.Parallel()
	in := `jobs:
    test:
        runs-on: ubuntu-latest
        steps:
            - uses: actions/checkout@v4
            - run: pytest   
            # done
    lint:
        runs-on: ubuntu-latest
`
	want := `jobs:
    test:
        runs-on: ubuntu-latest
        steps:
            - uses: actions/checkout@v4
            - run: pytest --junitxml=report.xml   
            - uses: actions/upload-artifact@v4
              if: always()
              with:
                  name: test-results
                  path: report.xml
            # done
    lint:
        runs-on: ubuntu-latest
`
	res, err := ActionsJUnit("ci.yml", []byte(in), "test", "report.xml", "pytest", 6, "pytest", "pytest --junitxml=report.xml", "actions/upload-artifact@v4")
	if err != nil {
		t.Fatal(err)
	}
	if string(res.Data) != want {
		t.Errorf("got\n%s\nwant\n%s", res.Data, want)
	}
	again, err := ActionsJUnit("ci.yml", res.Data, "test", "report.xml", "pytest --junitxml=report.xml", 6, "", "", "actions/upload-artifact@v4")
	if err != nil || string(again.Data) != string(res.Data) {
		t.Errorf("second edit changed the file: %v", err)
	}
	if _, err := ActionsJUnit("ci.yml", []byte("jobs:\n  test:\n    steps:\n      - run: |\n          pytest\n"), "test", "report.xml", "pytest", 4, "pytest", "pytest --junitxml=report.xml", "actions/upload-artifact@v4"); err == nil {
		t.Error("a block-scalar command was rewritten")
	}
}
