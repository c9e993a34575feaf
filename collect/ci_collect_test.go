package collect

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// TestCollectBuildFacts runs the whole registry over a small service and
// checks that the build sections come out complete and free of nulls.
func TestCollectBuildFacts(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{}
	for p, content := range map[string]string{
		"Dockerfile":               "FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\nUSER 65532\n",
		"docker-compose.yml":       "services:\n  app:\n    build: .\n",
		"Makefile":                 "test:\n\tgo test -cover ./...\n",
		".gitlab-ci.yml":           "include:\n  - template: Jobs/SAST.gitlab-ci.yml\ntest:\n  script: make test\n",
		".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n",
		"testdata/Dockerfile":      "FROM bait\n",
	} {
		fsys[p] = &fstest.MapFile{Data: []byte(content)}
	}
	f, err := Collect(context.Background(), snapshot.Snapshot{Info: facts.RepoInfo{Name: "svc"}, FS: fsys})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(f.Containers.Dockerfiles); n != 1 {
		t.Fatalf("dockerfiles = %d, want 1", n)
	}
	if u := f.Containers.Dockerfiles[0].FinalStage.EffectiveUser; u == nil || u.Value != "65532" {
		t.Errorf("final user = %+v", u)
	}
	if len(f.CI.Jobs) != 2 {
		t.Fatalf("jobs = %v", collecttest.JobNames(f))
	}
	for _, j := range f.CI.Jobs {
		if got := collecttest.Pcmds(j.Reached); len(got) != 1 || got[0] != "Makefile:2: go test -cover ./..." {
			t.Errorf("job %s reached %q", j.Name, got)
		}
	}
	for name, section := range map[string]any{"containers": f.Containers, "ci": f.CI, "scripts": f.Scripts} {
		out, err := json.Marshal(section)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(out), "null") {
			t.Errorf("%s has a null: %s", name, out)
		}
	}
}
