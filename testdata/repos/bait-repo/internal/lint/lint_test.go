package lint

import (
	"os"
	"testing"
)

func TestManifest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		file string
		want int
	}{
		// The sample app under tests/fixtures is a deliberately well-behaved repo.
		{"sample app is clean", "../../tests/fixtures/sample-app/k8s/deployment.yaml", 0},
		{"service is ignored", "../../tests/fixtures/sample-app/k8s/service.yaml", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Manifest(doc)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want {
				t.Fatalf("got %d problems (%v), want %d", len(got), got, tt.want)
			}
		})
	}
}

func TestManifestMissingProbes(t *testing.T) {
	t.Parallel()
	doc := []byte(`
kind: Deployment
metadata: {name: bare}
spec:
  template:
    spec:
      containers:
        - name: app
`)
	got, err := Manifest(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("got %v, want non-root + two probe problems", got)
	}
}
