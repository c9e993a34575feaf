package reports

import (
	"errors"
	"time"

	"github.com/scoredev/score/scorecards"
)

// The fixture is a small organisation: a repository with every outcome
// (and text that needs escaping), a nearly gold one, an unowned one and
// one that could not be scanned.

var fixtureNow = time.Date(2025, 3, 15, 9, 30, 0, 0, time.UTC)

type catalogEntry struct {
	id, title, level, remediation string
	weight                        int
}

var fixtureCatalog = []catalogEntry{
	{"build.ci-pipeline", "A CI pipeline is defined", scorecards.Bronze, "Add a `.gitlab-ci.yml` that builds and tests the service.", 3},
	{"build.base-image-pinned", "Base images are pinned to a version", scorecards.Silver, "Use a tag with a version, such as `node:22.11-alpine`, in every `FROM` line.", 2},
	{"build.base-image-digest", "Base images are pinned by digest", scorecards.Gold, "Pin every `FROM` image by `@sha256:` digest and let Renovate update it.", 1},
	{"test.unit-tests", "Unit tests exist", scorecards.Bronze, "Add unit tests beside the code.", 3},
	{"test.coverage", "Coverage is measured", scorecards.Silver, "Run the tests with coverage, e.g. `go test -coverprofile=cover.out ./...`.", 2},
	{"observability.health-checks", "Workloads have health checks", scorecards.Bronze, "Add readiness and liveness probes to every container.", 3},
	{"observability.tracing", "A tracing SDK is used", scorecards.Gold, "Add the OpenTelemetry SDK.", 1},
	{"security.container-non-root", "Containers run as a non-root user", scorecards.Silver, "Add a `USER 10001` line to the final stage of the Dockerfile.", 3},
	{"security.sast", "SAST runs in CI", scorecards.Silver, "Include the GitLab SAST template:\n`include: - template: Jobs/SAST.gitlab-ci.yml`.", 2},
	{"ownership.readme", "A README with real content", scorecards.Bronze, "Describe the service in README.md.", 1},
	{"ownership.catalog-entry", "A service-catalog entry exists", scorecards.Gold, "Add a Backstage `catalog-info.yaml`.", 1},
}

type outcomeSpec struct {
	outcome  scorecards.Outcome
	findings []scorecards.Finding
	err      string
}

func fixtureChecks(specs map[string]outcomeSpec) []scorecards.CheckInput {
	var out []scorecards.CheckInput
	for _, c := range fixtureCatalog {
		s, ok := specs[c.id]
		if !ok {
			s = outcomeSpec{outcome: scorecards.Pass}
		}
		category := c.id[:indexByte(c.id, '.')]
		out = append(out, scorecards.CheckInput{
			ID: c.id, Title: c.title, Category: category, Level: c.level, Weight: c.weight,
			Remediation: c.remediation, Outcome: s.outcome, Findings: s.findings, Error: s.err,
		})
	}
	return out
}

func indexByte(s string, b byte) int {
	for i := range len(s) {
		if s[i] == b {
			return i
		}
	}
	return len(s)
}

func fail(findings ...scorecards.Finding) outcomeSpec {
	return outcomeSpec{outcome: scorecards.Fail, findings: findings}
}

var paymentsMeta = scorecards.RepoMeta{
	Name:   "platform/payments-api",
	URL:    "https://gitlab.example.com/platform/payments-api",
	Commit: "4f9c2a1e8b7d6c5f4e3d2c1b0a99887766554433",
	Team:   "payments",
}

func paymentsHead() scorecards.Repo {
	return scorecards.Score(paymentsMeta, fixtureChecks(map[string]outcomeSpec{
		"build.base-image-pinned": fail(
			scorecards.Finding{Message: "image `node:latest` | untagged <script>alert(1)</script>", Path: "Dockerfile", Line: 1},
			scorecards.Finding{Message: "image alpine has no version tag", Path: "worker/Dockerfile", Line: 3},
		),
		"build.base-image-digest": fail(
			scorecards.Finding{Message: "image is not pinned by digest", Path: "Dockerfile", Line: 1},
			scorecards.Finding{Message: "image is not pinned by digest", Path: "Dockerfile", Line: 9},
		),
		"test.coverage":               {outcome: scorecards.Error, err: "evaluation timed out after 5s"},
		"observability.tracing":       {outcome: scorecards.Skip},
		"security.container-non-root": fail(scorecards.Finding{Message: "final stage runs as root", Path: "Dockerfile", Line: 12}),
		"security.sast":               fail(scorecards.Finding{Message: "no SAST job in the pipeline"}),
		"ownership.catalog-entry":     fail(scorecards.Finding{Message: "no catalog-info.yaml"}),
	}), []scorecards.ExemptionInput{
		{Check: "security.container-non-root", Reason: "legacy image binds port 80; moving to 8080 in Q3", Expires: "2025-09-30", Path: ".score.yaml", Line: 4},
		{Check: "security.sast", Reason: "pipeline being replaced", Expires: "2025-01-31", Path: ".score.yaml", Line: 7},
	}, fixtureNow)
}

func paymentsBase() scorecards.Repo {
	meta := paymentsMeta
	meta.Commit = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"
	return scorecards.Score(meta, fixtureChecks(map[string]outcomeSpec{
		"build.ci-pipeline": fail(scorecards.Finding{Message: "no CI configuration found"}),
		"build.base-image-digest": fail(
			scorecards.Finding{Message: "image is not pinned by digest", Path: "Dockerfile", Line: 1},
		),
		"observability.health-checks": fail(scorecards.Finding{Message: "container api has no readiness probe", Path: "k8s/deploy.yaml", Line: 14}),
		"observability.tracing":       {outcome: scorecards.Skip},
		"security.container-non-root": fail(scorecards.Finding{Message: "final stage runs as root", Path: "Dockerfile", Line: 10}),
		"security.sast":               fail(scorecards.Finding{Message: "no SAST job in the pipeline"}),
		"ownership.catalog-entry":     fail(scorecards.Finding{Message: "no catalog-info.yaml"}),
	}), nil, fixtureNow)
}

func searchRepo(catalogFails bool) scorecards.Repo {
	specs := map[string]outcomeSpec{"observability.tracing": {outcome: scorecards.Skip}}
	if catalogFails {
		specs["ownership.catalog-entry"] = fail(scorecards.Finding{Message: "no catalog-info.yaml"})
	}
	return scorecards.Score(scorecards.RepoMeta{
		Name: "platform/search-indexer", URL: "https://gitlab.example.com/platform/search-indexer",
		Commit: "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807", Team: "search",
	}, fixtureChecks(specs), nil, fixtureNow)
}

func legacyRepo() scorecards.Repo {
	return scorecards.Score(scorecards.RepoMeta{Name: "tools/legacy-cron", Commit: "1111111111111111111111111111111111111111"},
		fixtureChecks(map[string]outcomeSpec{
			"build.ci-pipeline":           fail(scorecards.Finding{Message: "no CI configuration found"}),
			"build.base-image-pinned":     {outcome: scorecards.Skip},
			"build.base-image-digest":     {outcome: scorecards.Skip},
			"test.unit-tests":             fail(scorecards.Finding{Message: "no test sources found"}),
			"test.coverage":               fail(scorecards.Finding{Message: "coverage is not measured"}),
			"observability.health-checks": {outcome: scorecards.Skip},
			"observability.tracing":       fail(scorecards.Finding{Message: "no tracing SDK among the dependencies", Path: "requirements.txt"}),
			"security.container-non-root": {outcome: scorecards.Skip},
			"security.sast":               fail(scorecards.Finding{Message: "no SAST job in the pipeline"}),
			"ownership.readme":            fail(scorecards.Finding{Message: "README.md has 12 characters (want 300)", Path: "README.md", Line: 1}),
			"ownership.catalog-entry":     fail(scorecards.Finding{Message: "no catalog-info.yaml"}),
		}), nil, fixtureNow)
}

func fixtureScan(repos ...scorecards.Repo) *scorecards.Scan {
	s := &scorecards.Scan{
		Schema:     scorecards.Schema,
		Tool:       scorecards.Tool{Version: "0.9.0"},
		Policy:     scorecards.Policy{Digest: "sha256:5d41402abc4b2a76b9719d911017c592"},
		StartedAt:  fixtureNow,
		FinishedAt: fixtureNow.Add(90 * time.Second),
		Repos:      repos,
	}
	scorecards.Finalize(s)
	return s
}

// orgScan is the current scan of the whole organisation.
func orgScan() *scorecards.Scan {
	broken := scorecards.Unscanned(scorecards.RepoMeta{Name: "platform/broken-repo", Team: "search"},
		errors.New("clone platform/broken-repo: authentication required"))
	return fixtureScan(legacyRepo(), paymentsHead(), searchRepo(true), broken)
}

// previousScan is a week older: payments was worse, search was gold, the
// legacy repository was not scanned yet.
func previousScan() *scorecards.Scan {
	s := fixtureScan(paymentsBase(), searchRepo(false))
	s.StartedAt = fixtureNow.AddDate(0, 0, -7)
	s.FinishedAt = s.StartedAt.Add(time.Minute)
	return s
}

// repoScan is a single-repository scan, as `score check` makes.
func repoScan() *scorecards.Scan { return fixtureScan(paymentsHead()) }

func fixtureComparison() *scorecards.Comparison {
	c := scorecards.Compare(paymentsBase(), paymentsHead())
	return &c
}
