package ci_test

import (
	"context"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/collect"
	"github.com/scoredev/score/collect/ci"
	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

func TestCIProviderOf(t *testing.T) {
	t.Parallel()
	tests := []struct{ path, want string }{
		{".gitlab-ci.yml", "gitlab"},
		{"sub/.gitlab-ci.yml", ""},
		{".github/workflows/ci.yml", "github"},
		{".github/workflows/release.yaml", "github"},
		{".github/workflows/README.md", ""},
		{".github/workflows/sub/x.yml", ""},
		{".forgejo/workflows/ci.yml", "forgejo"},
		{".gitea/workflows/ci.yaml", "gitea"},
		{"Jenkinsfile", "jenkins"},
		{"ci/Jenkinsfile.release", "jenkins"},
		{"deploy.jenkinsfile", "jenkins"},
		{"jenkins/pipeline.groovy", "jenkins"},
		{"Jenkinsfile.md", ""},
		{"src/Main.groovy", ""},
		{".circleci/config.yml", "circleci"},
		{".travis.yml", "travis"},
		{"azure-pipelines.yml", "azure"},
		{"build/azure-pipelines-release.yaml", "azure"},
		{".azure-pipelines/ci.yml", "azure"},
		{".azuredevops/pipelines/build.yml", "azure"},
		{"bitbucket-pipelines.yml", "bitbucket"},
		{".drone.yml", "drone"},
		{".woodpecker.yml", "woodpecker"},
		{".woodpecker/test.yaml", "woodpecker"},
		{"cloudbuild.yaml", "cloudbuild"},
		{"deploy/cloudbuild.json", "cloudbuild"},
		{"cloudbuild-release.yml", "cloudbuild"},
		{"testdata/.github/workflows/ci.yml", ""},
		{"examples/Jenkinsfile", ""},
		{"fixtures/.travis.yml", ""},
	}
	for _, tt := range tests {
		if got := ci.ProviderOf(tt.path); got != tt.want {
			t.Errorf("ProviderOf(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

// jobSummary is a job reduced to what provider tests compare.
type jobSummary struct {
	Name     string
	Line     int
	Image    string
	Commands []string // "line: run"
	Uses     []string // "line: ref"
}

func summarize(f *facts.Facts, provider string) []jobSummary {
	var out []jobSummary
	for _, j := range f.CI.Jobs {
		if j.Provider != provider {
			continue
		}
		s := jobSummary{Name: j.Name, Line: j.Line, Image: j.Image, Commands: []string{}, Uses: []string{}}
		for _, c := range j.Commands {
			s.Commands = append(s.Commands, strconv.Itoa(c.Line)+": "+c.Run)
		}
		for _, u := range j.Uses {
			ref := strconv.Itoa(u.Line) + ": " + u.Ref
			if len(u.With) > 0 {
				var keys []string
				for k, v := range u.With {
					keys = append(keys, k+"="+v)
				}
				sort.Strings(keys)
				ref += " " + strings.Join(keys, ",")
			}
			s.Uses = append(s.Uses, ref)
		}
		out = append(out, s)
	}
	return out
}

func TestCIProviders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		provider string
		path     string
		src      string
		want     []jobSummary
	}{
		{"circleci", ".circleci/config.yml", `version: 2.1
orbs:
  node: circleci/node@5.1
  inline:
    jobs: {}
executors:
  go:
    docker:
      - image: cimg/go:1.22
commands:
  lint:
    steps:
      - run: golangci-lint run
jobs:
  test:
    executor: go
    steps:
      - checkout
      - run: go test ./...
      - run:
          name: multi
          command: |
            go vet ./...
            staticcheck ./...
      - lint
      - node/install-packages:
          pkg-manager: npm
      - when:
          condition: true
          steps:
            - run: echo when
  web:
    docker:
      - image: cimg/node:20.11
    steps:
      - run: npm test
workflows:
  main:
    jobs:
      - test
      - web
      - node/test:
          version: "20"
`, []jobSummary{
			{Name: "test", Line: 15, Image: "cimg/go:1.22", Commands: []string{"19: go test ./...", "23: go vet ./...", "24: staticcheck ./...", "13: golangci-lint run", "31: echo when"},
				Uses: []string{"26: circleci/node@5.1 pkg-manager=npm"}},
			{Name: "web", Line: 32, Image: "cimg/node:20.11", Commands: []string{"36: npm test"}, Uses: []string{}},
			{Name: "node/test", Line: 42, Commands: []string{}, Uses: []string{"42: circleci/node@5.1 version=20"}},
		}},
		{"travis", ".travis.yml", `language: go
install:
  - go mod download
script: go test ./...
jobs:
  include:
    - name: lint
      script: golangci-lint run
    - stage: deploy
      install: skip
`, []jobSummary{
			{Name: "default", Line: 1, Commands: []string{"3: go mod download", "4: go test ./..."}, Uses: []string{}},
			{Name: "lint", Line: 7, Commands: []string{"3: go mod download", "8: golangci-lint run"}, Uses: []string{}},
			{Name: "deploy", Line: 9, Commands: []string{"10: skip", "4: go test ./..."}, Uses: []string{}},
		}},
		{"azure", "azure-pipelines.yml", `trigger: [main]
stages:
  - stage: Build
    jobs:
      - job: Test
        container: golang:1.22
        steps:
          - script: go test ./...
          - bash: |
              go vet ./...
          - task: PublishTestResults@2
            inputs:
              testResultsFiles: '**/junit.xml'
          - template: templates/steps.yml
          - template: steps.yml@shared
  - stage: Deploy
    jobs:
      - deployment: Prod
        strategy:
          runOnce:
            deploy:
              steps:
                - pwsh: ./deploy.ps1
      - template: templates/job.yml
`, []jobSummary{
			{Name: "Test", Line: 5, Image: "golang:1.22",
				Commands: []string{"8: go test ./...", "10: go vet ./...", "2: make lint"},
				Uses:     []string{"11: PublishTestResults@2 testResultsFiles=**/junit.xml", "15: steps.yml@shared"}},
			{Name: "Prod", Line: 18, Commands: []string{"23: ./deploy.ps1"}, Uses: []string{}},
			{Name: "FromTemplate", Line: 2, Commands: []string{"4: echo template job"}, Uses: []string{}},
		}},
		{"bitbucket", "bitbucket-pipelines.yml", `image: node:20
definitions:
  steps:
    - step: &test
        name: Test
        script:
          - npm ci
          - npm test
pipelines:
  default:
    - step: *test
    - parallel:
        - step:
            image: golang:1.22
            script:
              - go test ./...
        - step:
            name: Lint
            script:
              - pipe: atlassian/eslint:1.0.0
                variables:
                  FIX: "false"
  branches:
    main:
      - stage:
          steps:
            - step:
                name: Deploy
                script: [./deploy.sh]
`, []jobSummary{
			{Name: "Test", Line: 11, Image: "node:20", Commands: []string{"7: npm ci", "8: npm test"}, Uses: []string{}},
			{Name: "default step 2", Line: 13, Image: "golang:1.22", Commands: []string{"16: go test ./..."}, Uses: []string{}},
			{Name: "Lint", Line: 17, Image: "node:20", Commands: []string{}, Uses: []string{"20: atlassian/eslint:1.0.0 FIX=false"}},
			{Name: "Deploy", Line: 27, Image: "node:20", Commands: []string{"29: ./deploy.sh"}, Uses: []string{}},
		}},
		{"drone", ".drone.yml", `kind: pipeline
type: docker
name: default
steps:
  - name: test
    image: golang:1.22
    commands:
      - go test ./...
  - name: publish
    image: plugins/docker
    settings:
      repo: org/app
---
kind: secret
name: token
`, []jobSummary{
			{Name: "default/test", Line: 5, Image: "golang:1.22", Commands: []string{"8: go test ./..."}, Uses: []string{}},
			{Name: "default/publish", Line: 9, Commands: []string{}, Uses: []string{"10: plugins/docker repo=org/app"}},
		}},
		{"woodpecker", ".woodpecker/test.yml", `steps:
  test:
    image: golang:1.22
    commands:
      - go test ./...
  notify:
    image: plugins/slack
`, []jobSummary{
			{Name: "test", Line: 2, Image: "golang:1.22", Commands: []string{"5: go test ./..."}, Uses: []string{}},
			{Name: "notify", Line: 6, Commands: []string{}, Uses: []string{"7: plugins/slack"}},
		}},
		{"cloudbuild", "cloudbuild.yaml", `steps:
  - name: gcr.io/cloud-builders/go
    args: [test, ./...]
  - id: lint
    name: golangci/golangci-lint:v1.59
    entrypoint: bash
    args:
      - -c
      - |
        golangci-lint run
        go vet ./...
  - name: node:20
    script: |
      npm ci
      npm test
  - name: gcr.io/cloud-builders/docker
    args: ['build', '-t', 'app', '.']
`, []jobSummary{
			{Name: "step 1", Line: 2, Image: "gcr.io/cloud-builders/go", Commands: []string{"3: go test ./..."}, Uses: []string{"2: gcr.io/cloud-builders/go"}},
			{Name: "lint", Line: 4, Image: "golangci/golangci-lint:v1.59", Commands: []string{"10: golangci-lint run", "11: go vet ./..."}, Uses: []string{"5: golangci/golangci-lint:v1.59"}},
			{Name: "step 3", Line: 12, Image: "node:20", Commands: []string{"14: npm ci", "15: npm test"}, Uses: []string{"12: node:20"}},
			{Name: "step 4", Line: 16, Image: "gcr.io/cloud-builders/docker", Commands: []string{"17: docker build -t app ."}, Uses: []string{"16: gcr.io/cloud-builders/docker"}},
		}},
		{"cloudbuild", "cloudbuild.json", `{
  "steps": [
    {"name": "gcr.io/cloud-builders/npm", "args": ["test"]}
  ]
}`, []jobSummary{
			{Name: "step 1", Line: 3, Image: "gcr.io/cloud-builders/npm", Commands: []string{"3: npm test"}, Uses: []string{"3: gcr.io/cloud-builders/npm"}},
		}},
		{"jenkins", "Jenkinsfile", `pipeline {
  agent { docker { image 'maven:3.9-eclipse-temurin-21' } }
  stages {
    stage('Build') {
      steps {
        sh 'mvn -B package'   // a comment with sh 'not this'
        /* sh 'nor this' */
      }
    }
    stage("Test") {
      steps {
        sh """
          mvn verify
          echo \"done\"
        """
        sh(script: 'make test', returnStdout: true)
        sh label: 'lint', script: "npm run lint"
        bat 'gradlew.bat check'
      }
    }
  }
}
`, []jobSummary{
			{Name: "Build", Line: 4, Image: "maven:3.9-eclipse-temurin-21", Commands: []string{"6: mvn -B package"}, Uses: []string{}},
			{Name: "Test", Line: 10, Image: "maven:3.9-eclipse-temurin-21", Commands: []string{"13: mvn verify", `14: echo "done"`, "16: make test", "17: npm run lint", "18: gradlew.bat check"}, Uses: []string{}},
		}},
		{"jenkins", "jenkins/build.groovy", `node {
  stage 'Checkout'
  checkout scm
  stage 'Test'
  sh "go test ./..."
  docker.image('golang:1.22').inside {
    sh 'go vet ./...'
  }
}
`, []jobSummary{
			{Name: "Checkout", Line: 2, Commands: []string{}, Uses: []string{}},
			{Name: "Test", Line: 4, Image: "golang:1.22", Commands: []string{"5: go test ./...", "7: go vet ./..."}, Uses: []string{}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{tt.path: tt.src}
			if tt.provider == "azure" {
				files["templates/steps.yml"] = "steps:\n  - script: make lint\n"
				files["templates/job.yml"] = "jobs:\n  - job: FromTemplate\n    steps:\n      - script: echo template job\n"
			}
			f := collecttest.ScanWith(t, files, ci.Collector{})
			if got := summarize(f, tt.provider); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("jobs:\n got %+v\nwant %+v", got, tt.want)
			}
			if len(f.CI.Configs) == 0 || f.CI.Configs[0].Provider != tt.provider {
				t.Errorf("configs = %+v", f.CI.Configs)
			}
			if len(f.Warnings) > 0 {
				t.Errorf("warnings: %+v", f.Warnings)
			}
		})
	}
}

func TestAzureTemplatesAreNotPipelines(t *testing.T) {
	t.Parallel()
	f := collecttest.ScanWith(t, map[string]string{
		"azure-pipelines.yml":        "steps:\n  - template: .azure-pipelines/steps.yml\n",
		".azure-pipelines/steps.yml": "steps:\n  - script: go test ./...\n",
		".azure-pipelines/loop.yml":  "steps:\n  - template: loop.yml\n",
	}, ci.Collector{})
	want := []jobSummary{
		{Name: "Job", Line: 1, Commands: []string{"2: go test ./..."}, Uses: []string{}},
	}
	if got := summarize(f, "azure"); !reflect.DeepEqual(got, want) {
		t.Errorf("jobs = %+v, want %+v", got, want)
	}
	var configs []string
	for _, c := range f.CI.Configs {
		configs = append(configs, c.Path)
	}
	if want := []string{".azure-pipelines/steps.yml", "azure-pipelines.yml"}; !reflect.DeepEqual(configs, want) {
		t.Errorf("configs = %v, want %v", configs, want)
	}
}

func TestCIReportsFromJenkinsAndCircleCI(t *testing.T) {
	t.Parallel()
	tree, err := snapshot.NewTree(fstest.MapFS{
		"Jenkinsfile":          {Data: []byte("pipeline {\n  agent any\n  stages {\n    stage('Test') {\n      steps {\n        sh 'mvn -B verify'\n        junit 'target/surefire-reports/*.xml'\n      }\n    }\n  }\n}\n")},
		".circleci/config.yml": {Data: []byte("version: 2.1\njobs:\n  test:\n    docker:\n      - image: cimg/node:20.14\n    steps:\n      - checkout\n      - run: npm test\n      - store_test_results:\n          path: reports\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := collect.CollectTree(context.Background(), facts.RepoInfo{Name: "svc"}, tree)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, j := range f.CI.Jobs {
		got[j.Provider+"/"+j.Name] = j.Reports
	}
	for _, key := range []string{"jenkins/Test", "circleci/test"} {
		if len(got[key]) != 1 || got[key][0] != "junit" {
			t.Errorf("%s reports = %v, want [junit] (all jobs: %v)", key, got[key], got)
		}
	}
}

func TestCIUnparsableConfigStillCountsAsPipeline(t *testing.T) {
	t.Parallel()
	tree, err := snapshot.NewTree(fstest.MapFS{
		".gitlab-ci.yml":           {Data: []byte("test: [unclosed\n")},
		".github/workflows/ci.yml": {Data: []byte("on: push\njobs: {build: [\n")},
		".travis.yml":              {Data: []byte("script: [\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := collect.CollectTree(context.Background(), facts.RepoInfo{Name: "svc"}, tree)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, c := range f.CI.Configs {
		got[c.Provider+" "+c.Path] = true
	}
	for _, want := range []string{"gitlab .gitlab-ci.yml", "github .github/workflows/ci.yml", "travis .travis.yml"} {
		if !got[want] {
			t.Errorf("config %q missing (got %v); a broken CI file is still a pipeline definition", want, got)
		}
	}
	if len(f.Warnings) < 3 {
		t.Errorf("want a warning per broken file, got %+v", f.Warnings)
	}
}
