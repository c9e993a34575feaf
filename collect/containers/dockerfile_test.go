package containers

import (
	"reflect"
	"testing"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/collect/internal/imageref"
	"github.com/scoredev/score/facts"
)

func TestIsDockerfilePath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path string
		want bool
	}{
		{"Dockerfile", true},
		{"dockerfile", true},
		{"Containerfile", true},
		{"dockerfile.api", true},
		{"Dockerfile.prod", true},
		{"api.Dockerfile", true},
		{"build/docker/Dockerfile-worker", true},
		{"images/base.dockerfile", true},
		{"svc/Dockerfile_debug", true},
		{"deploy/app.containerfile", true},
		{".dockerignore", false},
		{"Dockerfile.dockerignore", false},
		{"docs/Dockerfile.md", false},
		{".devcontainer/Dockerfile", false},
		{".gitpod.Dockerfile", false},
		{".gitpod/Dockerfile", false},
		{"testdata/Dockerfile", false},
		{"examples/app/Dockerfile", false},
		{"test/Dockerfile", false},
		{"dockerfiles/README", false},
		{"mydockerfile", false},
		{"docker-compose.yml", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			if got := isDockerfilePath(tt.path); got != tt.want {
				t.Errorf("isDockerfilePath(%q) = %v, want %v", tt.path, got, tt.want)
			}
		})
	}
}

func TestSplitImageRef(t *testing.T) {
	t.Parallel()
	tests := []struct{ ref, image, tag, digest string }{
		{"golang:1.22", "golang", "1.22", ""},
		{"alpine", "alpine", "", ""},
		{"localhost:5000/app:1.2", "localhost:5000/app", "1.2", ""},
		{"localhost:5000/app", "localhost:5000/app", "", ""},
		{"gcr.io/distroless/static@sha256:abc", "gcr.io/distroless/static", "", "sha256:abc"},
		{"node:20-alpine@sha256:def", "node", "20-alpine", "sha256:def"},
		{"registry.example.com:443/team/img:v1@sha256:0", "registry.example.com:443/team/img", "v1", "sha256:0"},
	}
	for _, tt := range tests {
		image, tag, digest := imageref.SplitImageRef(tt.ref)
		if image != tt.image || tag != tt.tag || digest != tt.digest {
			t.Errorf("splitImageRef(%q) = %q %q %q, want %q %q %q", tt.ref, image, tag, digest, tt.image, tt.tag, tt.digest)
		}
	}
}

// parseOneDockerfile runs the collector over one Dockerfile.
func parseOneDockerfile(t *testing.T, content string) (*facts.Facts, facts.Dockerfile) {
	t.Helper()
	f := collecttest.ScanWith(t, map[string]string{"Dockerfile": content}, DockerfileCollector{})
	if len(f.Containers.Dockerfiles) != 1 {
		t.Fatalf("got %d Dockerfiles, want 1 (warnings %v)", len(f.Containers.Dockerfiles), f.Warnings)
	}
	return f, f.Containers.Dockerfiles[0]
}

func TestDockerfileFromResolution(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string
		want    facts.FromImage
	}{
		{"plain", "FROM golang:1.22\n",
			facts.FromImage{Raw: "golang:1.22", Resolved: "golang:1.22", Image: "golang", Tag: "1.22", Line: 1}},
		{"braces", "ARG BASE=golang:1.22\nFROM ${BASE}\n",
			facts.FromImage{Raw: "${BASE}", Resolved: "golang:1.22", Image: "golang", Tag: "1.22", Line: 2}},
		{"dollar", "ARG BASE=golang:1.22\nFROM $BASE\n",
			facts.FromImage{Raw: "$BASE", Resolved: "golang:1.22", Image: "golang", Tag: "1.22", Line: 2}},
		{"quoted default", "ARG BASE=\"node:20\"\nFROM $BASE\n",
			facts.FromImage{Raw: "$BASE", Resolved: "node:20", Image: "node", Tag: "20", Line: 2}},
		{"inline default", "ARG BASE\nFROM ${BASE:-python:3.12}\n",
			facts.FromImage{Raw: "${BASE:-python:3.12}", Resolved: "python:3.12", Image: "python", Tag: "3.12", Line: 2}},
		{"composed", "ARG REGISTRY=localhost:5000\nARG VERSION=1.2\nFROM ${REGISTRY}/app:${VERSION}\n",
			facts.FromImage{Raw: "${REGISTRY}/app:${VERSION}", Resolved: "localhost:5000/app:1.2", Image: "localhost:5000/app", Tag: "1.2", Line: 3}},
		{"arg referencing arg", "ARG V=3.20\nARG IMG=alpine:${V}\nFROM $IMG\n",
			facts.FromImage{Raw: "$IMG", Resolved: "alpine:3.20", Image: "alpine", Tag: "3.20", Line: 3}},
		{"no default", "ARG BASE\nFROM $BASE\n",
			facts.FromImage{Raw: "$BASE", Resolved: "", Unresolved: true, Line: 2}},
		{"undeclared tag", "FROM alpine:${TAG}\n",
			facts.FromImage{Raw: "alpine:${TAG}", Resolved: "alpine:", Image: "alpine", Unresolved: true, Line: 1}},
		{"digest", "FROM alpine@sha256:0123\n",
			facts.FromImage{Raw: "alpine@sha256:0123", Resolved: "alpine@sha256:0123", Image: "alpine", Digest: "sha256:0123", Line: 1}},
		{"tag and digest", "FROM alpine:3.20@sha256:0123\n",
			facts.FromImage{Raw: "alpine:3.20@sha256:0123", Resolved: "alpine:3.20@sha256:0123", Image: "alpine", Tag: "3.20", Digest: "sha256:0123", Line: 1}},
		{"platform", "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n",
			facts.FromImage{Raw: "golang:1.22", Resolved: "golang:1.22", Image: "golang", Tag: "1.22", Platform: "$BUILDPLATFORM", Line: 1}},
		{"scratch", "FROM scratch\n",
			facts.FromImage{Raw: "scratch", Resolved: "scratch", Image: "scratch", Scratch: true, Line: 1}},
		{"stage arg is not global", "FROM alpine:3.20\nARG X=1\nFROM busybox:${X}\n",
			facts.FromImage{Raw: "busybox:${X}", Resolved: "busybox:", Image: "busybox", Unresolved: true, Line: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, df := parseOneDockerfile(t, tt.content)
			got := df.FinalStage.From
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("from = %+v\nwant   %+v", got, tt.want)
			}
		})
	}
}

func TestDockerfileStageChain(t *testing.T) {
	t.Parallel()
	content := `# syntax=docker/dockerfile:1
ARG GO=golang:1.22
FROM ${GO} AS Build
USER builder
HEALTHCHECK CMD true
RUN go build ./...

FROM build AS test
RUN go test ./...

FROM gcr.io/distroless/static:nonroot AS runtime
USER 65532
EXPOSE 8080/tcp 9090 $PORT 7000-7002

FROM runtime
ENV APP_USER=10001
USER ${APP_USER}

FROM scratch AS empty
HEALTHCHECK NONE
`
	_, df := parseOneDockerfile(t, content)
	if len(df.Stages) != 5 {
		t.Fatalf("got %d stages, want 5", len(df.Stages))
	}
	build, test, runtime, final, empty := df.Stages[0], df.Stages[1], df.Stages[2], df.Stages[3], df.Stages[4]

	if build.Name != "Build" || build.Line != 3 || build.User == nil || build.User.Value != "builder" || build.User.Line != 4 {
		t.Errorf("build stage = %+v", build)
	}
	if !test.From.StageRef || test.User != nil || test.EffectiveUser == nil || test.EffectiveUser.Value != "builder" {
		t.Errorf("test stage should inherit the build user through a case-insensitive stage ref: %+v", test)
	}
	if test.Base == nil || test.Base.Resolved != "golang:1.22" {
		t.Errorf("test base = %+v, want golang:1.22", test.Base)
	}
	if test.Healthcheck == nil || test.Healthcheck.Line != 5 {
		t.Errorf("test stage should inherit the build healthcheck: %+v", test.Healthcheck)
	}
	if want := []int{8080, 9090, 7000}; !reflect.DeepEqual(runtime.Expose, want) {
		t.Errorf("expose = %v, want %v", runtime.Expose, want)
	}
	if final.User == nil || final.User.Value != "10001" || final.User.Line != 17 {
		t.Errorf("final user = %+v, want 10001 expanded from ENV at line 17", final.User)
	}
	if final.Base == nil || final.Base.Image != "gcr.io/distroless/static" || final.Base.Tag != "nonroot" {
		t.Errorf("final base = %+v", final.Base)
	}
	if !empty.From.Scratch || empty.Base != nil || empty.EffectiveUser != nil {
		t.Errorf("scratch stage = %+v", empty)
	}
	if empty.Healthcheck == nil || !empty.Healthcheck.None || empty.Healthcheck.Line != 20 {
		t.Errorf("scratch healthcheck = %+v", empty.Healthcheck)
	}
	if df.FinalStage == nil || df.FinalStage.Index != 4 {
		t.Errorf("final stage = %+v", df.FinalStage)
	}
}

func TestDockerfileMalformed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string
		line    int
	}{
		{"unterminated heredoc", "FROM alpine:3.20\nRUN <<EOF\necho hi\n", 2},
		{"env without value", "FROM alpine:3.20\nENV ONLYKEY\n", 2},
		{"bad json", "FROM alpine:3.20\nCMD [\"a\", 1]\n", 2},
		{"empty", "\n\n", 2},
	}
	for _, tt := range []struct{ name, content string }{
		{"from without image", "FROM golang:1.22\nRUN make\nFROM\n"},
		{"from with stray words", "FROM golang:1.22\nRUN make\nFROM alpine as\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := collecttest.ScanWith(t, map[string]string{"Dockerfile": tt.content}, DockerfileCollector{})
			if !collecttest.HasWarning(f, "Dockerfile", 3) {
				t.Errorf("no warning for the FROM on line 3: %+v", f.Warnings)
			}
			if n := len(f.Containers.Dockerfiles); n != 1 || len(f.Containers.Dockerfiles[0].Stages) != 1 {
				t.Errorf("the valid stage should still count: %+v", f.Containers.Dockerfiles)
			}
		})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := collecttest.ScanWith(t, map[string]string{"Dockerfile": tt.content}, DockerfileCollector{})
			if len(f.Containers.Dockerfiles) != 0 {
				t.Errorf("malformed Dockerfile contributed %+v", f.Containers.Dockerfiles)
			}
			if !collecttest.HasWarning(f, "Dockerfile", tt.line) {
				t.Errorf("no warning for Dockerfile line %d: %+v", tt.line, f.Warnings)
			}
		})
	}
}

func TestDockerfileCollectorSkips(t *testing.T) {
	t.Parallel()
	f := collecttest.ScanWith(t, map[string]string{
		"Dockerfile":                  "FROM alpine:3.20\n",
		"services/api/api.Dockerfile": "FROM golang:1.22\n",
		".devcontainer/Dockerfile":    "FROM mcr.microsoft.com/devcontainers/go\n",
		"testdata/Dockerfile":         "FROM bait:latest\n",
		".dockerignore":               "node_modules\n",
	}, DockerfileCollector{})
	var got []string
	for _, df := range f.Containers.Dockerfiles {
		got = append(got, df.Path)
	}
	if want := []string{"Dockerfile", "services/api/api.Dockerfile"}; !reflect.DeepEqual(got, want) {
		t.Errorf("paths = %v, want %v", got, want)
	}
}

// TestDockerfileStageCommand records each stage's last CMD or ENTRYPOINT:
// a final stage FROM scratch without one only exports files.
func TestDockerfileStageCommand(t *testing.T) {
	t.Parallel()
	content := "FROM golang:1.22 AS build\nCMD [\"sh\"]\nENTRYPOINT [\"/bin/x\"]\nRUN go build\n\nFROM scratch AS export\nCOPY --from=build /out /\n"
	_, df := parseOneDockerfile(t, content)
	if len(df.Stages) != 2 {
		t.Fatalf("got %d stages, want 2", len(df.Stages))
	}
	if c := df.Stages[0].Command; c == nil || c.Value != "entrypoint" || c.Line != 3 {
		t.Errorf("build stage command = %+v, want entrypoint at line 3", c)
	}
	if df.FinalStage.Command != nil || !df.FinalStage.From.Scratch {
		t.Errorf("final stage = %+v, want FROM scratch with no command", df.FinalStage)
	}
}
