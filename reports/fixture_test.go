package reports

import (
	"errors"
	"time"

	"github.com/scoredev/score/scorecard"
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
	{"build.ci-pipeline", "A CI pipeline is defined", scorecard.Bronze, "Add a `.gitlab-ci.yml` that builds and tests the service.", 3},
	{"build.base-image-pinned", "Base images are pinned to a version", scorecard.Silver, "Use a tag with a version, such as `node:22.11-alpine`, in every `FROM` line.", 2},
	{"build.base-image-digest", "Base images are pinned by digest", scorecard.Gold, "Pin every `FROM` image by `@sha256:` digest and let Renovate update it.", 1},
	{"test.unit-tests", "Unit tests exist", scorecard.Bronze, "Add unit tests beside the code.", 3},
	{"test.coverage", "Coverage is measured", scorecard.Silver, "Run the tests with coverage, e.g. `go test -coverprofile=cover.out ./...`.", 2},
	{"observability.health-checks", "Workloads have health checks", scorecard.Bronze, "Add readiness and liveness probes to every container.", 3},
	{"observability.tracing", "A tracing SDK is used", scorecard.Gold, "Add the OpenTelemetry SDK.", 1},
	{"security.container-non-root", "Containers run as a non-root user", scorecard.Silver, "Add a `USER 10001` line to the final stage of the Dockerfile.", 3},
	{"security.sast", "SAST runs in CI", scorecard.Silver, "Include the GitLab SAST template:\n`include: - template: Jobs/SAST.gitlab-ci.yml`.", 2},
	{"ownership.readme", "A README with real content", scorecard.Bronze, "Describe the service in README.md.", 1},
	{"ownership.catalog-entry", "A service-catalog entry exists", scorecard.Gold, "Add a Backstage `catalog-info.yaml`.", 1},
}

type outcomeSpec struct {
	outcome  scorecard.Outcome
	findings []scorecard.Finding
	err      string
}

func fixtureChecks(specs map[string]outcomeSpec) []scorecard.CheckInput {
	var out []scorecard.CheckInput
	for _, c := range fixtureCatalog {
		s, ok := specs[c.id]
		if !ok {
			s = outcomeSpec{outcome: scorecard.Pass}
		}
		category := c.id[:indexByte(c.id, '.')]
		out = append(out, scorecard.CheckInput{
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

func fail(findings ...scorecard.Finding) outcomeSpec {
	return outcomeSpec{outcome: scorecard.Fail, findings: findings}
}

var paymentsMeta = scorecard.RepoMeta{
	Name:   "platform/payments-api",
	URL:    "https://gitlab.example.com/platform/payments-api",
	Commit: "4f9c2a1e8b7d6c5f4e3d2c1b0a99887766554433",
	Team:   "payments",
}

func paymentsHead() scorecard.Repo {
	return scorecard.Score(paymentsMeta, fixtureChecks(map[string]outcomeSpec{
		"build.base-image-pinned": fail(
			scorecard.Finding{Message: "image `node:latest` | untagged <script>alert(1)</script>", Path: "Dockerfile", Line: 1},
			scorecard.Finding{Message: "image alpine has no version tag", Path: "worker/Dockerfile", Line: 3},
		),
		"build.base-image-digest": fail(
			scorecard.Finding{Message: "image is not pinned by digest", Path: "Dockerfile", Line: 1},
			scorecard.Finding{Message: "image is not pinned by digest", Path: "Dockerfile", Line: 9},
		),
		"test.coverage":               {outcome: scorecard.Error, err: "evaluation timed out after 5s"},
		"observability.tracing":       {outcome: scorecard.Skip},
		"security.container-non-root": fail(scorecard.Finding{Message: "final stage runs as root", Path: "Dockerfile", Line: 12}),
		"security.sast":               fail(scorecard.Finding{Message: "no SAST job in the pipeline"}),
		"ownership.catalog-entry":     fail(scorecard.Finding{Message: "no catalog-info.yaml"}),
	}), []scorecard.ExemptionInput{
		{Check: "security.container-non-root", Reason: "legacy image binds port 80; moving to 8080 in Q3", Expires: "2025-09-30", Path: ".score.yaml", Line: 4},
		{Check: "security.sast", Reason: "pipeline being replaced", Expires: "2025-01-31", Path: ".score.yaml", Line: 7},
	}, fixtureNow)
}

func paymentsBase() scorecard.Repo {
	meta := paymentsMeta
	meta.Commit = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"
	return scorecard.Score(meta, fixtureChecks(map[string]outcomeSpec{
		"build.ci-pipeline": fail(scorecard.Finding{Message: "no CI configuration found"}),
		"build.base-image-digest": fail(
			scorecard.Finding{Message: "image is not pinned by digest", Path: "Dockerfile", Line: 1},
		),
		"observability.health-checks": fail(scorecard.Finding{Message: "container api has no readiness probe", Path: "k8s/deploy.yaml", Line: 14}),
		"observability.tracing":       {outcome: scorecard.Skip},
		"security.container-non-root": fail(scorecard.Finding{Message: "final stage runs as root", Path: "Dockerfile", Line: 10}),
		"security.sast":               fail(scorecard.Finding{Message: "no SAST job in the pipeline"}),
		"ownership.catalog-entry":     fail(scorecard.Finding{Message: "no catalog-info.yaml"}),
	}), nil, fixtureNow)
}

func searchRepo(catalogFails bool) scorecard.Repo {
	specs := map[string]outcomeSpec{"observability.tracing": {outcome: scorecard.Skip}}
	if catalogFails {
		specs["ownership.catalog-entry"] = fail(scorecard.Finding{Message: "no catalog-info.yaml"})
	}
	return scorecard.Score(scorecard.RepoMeta{
		Name: "platform/search-indexer", URL: "https://gitlab.example.com/platform/search-indexer",
		Commit: "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807", Team: "search",
	}, fixtureChecks(specs), nil, fixtureNow)
}

func legacyRepo() scorecard.Repo {
	return scorecard.Score(scorecard.RepoMeta{Name: "tools/legacy-cron", Commit: "1111111111111111111111111111111111111111"},
		fixtureChecks(map[string]outcomeSpec{
			"build.ci-pipeline":           fail(scorecard.Finding{Message: "no CI configuration found"}),
			"build.base-image-pinned":     {outcome: scorecard.Skip},
			"build.base-image-digest":     {outcome: scorecard.Skip},
			"test.unit-tests":             fail(scorecard.Finding{Message: "no test sources found"}),
			"test.coverage":               fail(scorecard.Finding{Message: "coverage is not measured"}),
			"observability.health-checks": {outcome: scorecard.Skip},
			"observability.tracing":       fail(scorecard.Finding{Message: "no tracing SDK among the dependencies", Path: "requirements.txt"}),
			"security.container-non-root": {outcome: scorecard.Skip},
			"security.sast":               fail(scorecard.Finding{Message: "no SAST job in the pipeline"}),
			"ownership.readme":            fail(scorecard.Finding{Message: "README.md has 12 characters (want 300)", Path: "README.md", Line: 1}),
			"ownership.catalog-entry":     fail(scorecard.Finding{Message: "no catalog-info.yaml"}),
		}), nil, fixtureNow)
}

func fixtureScan(repos ...scorecard.Repo) *scorecard.Scan {
	s := &scorecard.Scan{
		Schema:     scorecard.Schema,
		Tool:       scorecard.Tool{Version: "0.9.0"},
		Policy:     scorecard.Policy{Digest: "sha256:5d41402abc4b2a76b9719d911017c592"},
		StartedAt:  fixtureNow,
		FinishedAt: fixtureNow.Add(90 * time.Second),
		Repos:      repos,
	}
	scorecard.Finalize(s)
	return s
}

// orgScan is the current scan of the whole organisation.
func orgScan() *scorecard.Scan {
	broken := scorecard.Unscanned(scorecard.RepoMeta{Name: "platform/broken-repo", Team: "search"},
		errors.New("clone platform/broken-repo: authentication required"))
	return fixtureScan(legacyRepo(), paymentsHead(), searchRepo(true), broken)
}

// previousScan is a week older: payments was worse, search was gold, the
// legacy repository was not scanned yet.
func previousScan() *scorecard.Scan {
	s := fixtureScan(paymentsBase(), searchRepo(false))
	s.StartedAt = fixtureNow.AddDate(0, 0, -7)
	s.FinishedAt = s.StartedAt.Add(time.Minute)
	return s
}

// repoScan is a single-repository scan, as `score check` makes.
func repoScan() *scorecard.Scan { return fixtureScan(paymentsHead()) }

func fixtureComparison() *scorecard.Comparison {
	c := scorecard.Compare(paymentsBase(), paymentsHead())
	return &c
}
