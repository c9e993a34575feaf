package facts

// SchemaVersion is the version of the Facts document. It changes only when a
// field is removed or changes meaning; new fields keep the version.
const SchemaVersion = "1"

// Facts is the input document the engine evaluates: raw, structured
// observations about one repository, each with the path (and where it makes
// sense the 1-based line) it was read from. Facts never say pass or fail.
//
// Every slice is non-nil after Collect so that policies can count and iterate
// without guarding against null. Optional single values are pointers and are
// absent from the JSON when nil.
//
// Setup facts (containers, CI, dependencies, Kubernetes, monitoring, secrets)
// never come from fixture trees: testdata/, fixtures/, examples/, test/ and
// tests/ folders (see IsFixturePath). Test sources are the exception: tests/
// is where they live.
type Facts struct {
	SchemaVersion string             `json:"schema_version"`
	Repo          RepoFacts          `json:"repo"`
	Files         FileFacts          `json:"files"`
	Containers    ContainerFacts     `json:"containers"`
	CI            CIFacts            `json:"ci"`
	Scripts       ScriptFacts        `json:"scripts"`
	Dependencies  DependencyFacts    `json:"dependencies"`
	Kubernetes    KubernetesFacts    `json:"kubernetes"`
	Deploy        DeployFacts        `json:"deploy"`
	Runtimes      []Runtime          `json:"runtimes"`
	Monitoring    []MonitoringAsCode `json:"monitoring"`
	Tests         TestFacts          `json:"tests"`
	Security      SecurityFacts      `json:"security"`
	Ownership     OwnershipFacts     `json:"ownership"`
	Code          CodeFacts          `json:"code"`
	// Warnings are problems met while collecting (a malformed file, a file
	// too large to read). They are reported, never fatal.
	Warnings []Warning `json:"warnings"`
}

// Warning is a problem with one input file. Line is 0 when unknown.
type Warning struct {
	Path    string `json:"path"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// Pos is where a fact was read.
type Pos struct {
	Path string `json:"path"`
	Line int    `json:"line"`
}

// RepoFacts identifies the repository. Only what a Source knows is set.
type RepoFacts struct {
	Name          string   `json:"name"`
	URL           string   `json:"url,omitempty"`
	Commit        string   `json:"commit,omitempty"`
	DefaultBranch string   `json:"default_branch,omitempty"`
	GroupPath     string   `json:"group_path,omitempty"`
	Topics        []string `json:"topics"`
}

// FileFacts describes the tree as a whole.
type FileFacts struct {
	// Paths lists every file scanned (slash-separated, relative to the root,
	// sorted), ignored trees excluded. Capped at MaxListedFiles; Truncated
	// says when more existed.
	Paths     []string `json:"paths"`
	Count     int      `json:"count"`
	Truncated bool     `json:"truncated"`
	// Readme is the README at the root, if any.
	Readme *Readme `json:"readme,omitempty"`
	// Languages are the programming languages with source files outside
	// fixture trees, by name (go, java, kotlin, javascript, typescript,
	// python, csharp, ruby, elixir, rust, php, scala), sorted.
	Languages []string `json:"languages"`
	// Content is the parsed content of the files that loaded policies
	// ask for (METADATA custom.files), by path; absent when none asks.
	Content map[string]FileContent `json:"content,omitempty"`
}

// Readme is a README file at the repository root.
type Readme struct {
	Path string `json:"path"`
	// Chars counts characters of content (whitespace trimmed at both ends).
	Chars int `json:"chars"`
}

// ContainerFacts are container builds and their definitions.
type ContainerFacts struct {
	Dockerfiles []Dockerfile       `json:"dockerfiles"`
	Builders    []ContainerBuilder `json:"builders"`
	Compose     []ComposeFile      `json:"compose"`
}

// Dockerfile is one parsed Dockerfile/Containerfile (any name or case).
type Dockerfile struct {
	Path   string  `json:"path"`
	Stages []Stage `json:"stages"`
	// FinalStage is the last stage, repeated for convenience, with
	// EffectiveUser and Base resolved through stage references.
	FinalStage *Stage `json:"final_stage,omitempty"`
}

// Stage is one FROM ... stage of a Dockerfile.
type Stage struct {
	Index int       `json:"index"`
	Name  string    `json:"name,omitempty"`
	Line  int       `json:"line"`
	From  FromImage `json:"from"`
	// User is the last USER instruction in this stage, if any.
	User *Instruction `json:"user,omitempty"`
	// EffectiveUser is the USER in force at the end of the stage, following
	// the chain of stages it is built FROM; nil when none sets one.
	EffectiveUser *Instruction `json:"effective_user,omitempty"`
	// Base is the external image at the root of the stage chain (nil when the
	// chain ends in scratch).
	Base        *FromImage   `json:"base,omitempty"`
	Healthcheck *Healthcheck `json:"healthcheck,omitempty"`
	Expose      []int        `json:"expose"`
	// Command is the last CMD or ENTRYPOINT of this stage (Value is the
	// instruction, "cmd" or "entrypoint"); nil when the stage sets none. A
	// final stage FROM scratch without one only exports files.
	Command *Instruction `json:"command,omitempty"`
}

// FromImage is the image reference of a FROM line, with ARG defaults
// substituted.
type FromImage struct {
	// Raw is the reference as written, Resolved after ARG substitution.
	Raw      string `json:"raw"`
	Resolved string `json:"resolved"`
	// Image is the repository part (registry/path/name), Tag and Digest
	// ("sha256:...") the rest; empty when absent.
	Image  string `json:"image"`
	Tag    string `json:"tag"`
	Digest string `json:"digest"`
	// StageRef is true when the reference names an earlier stage.
	StageRef bool `json:"stage_ref"`
	Scratch  bool `json:"scratch"`
	// Unresolved is true when a variable in the reference has no default.
	Unresolved bool   `json:"unresolved"`
	Platform   string `json:"platform,omitempty"`
	Line       int    `json:"line"`
}

// Instruction is one instruction's value and line.
type Instruction struct {
	Value string `json:"value"`
	Line  int    `json:"line"`
}

// Healthcheck is a HEALTHCHECK instruction. None is true for HEALTHCHECK NONE.
type Healthcheck struct {
	Line int  `json:"line"`
	None bool `json:"none"`
}

// ContainerBuilder is a container build that does not use a Dockerfile:
// kind is one of jib, buildpacks, ko, nixpacks, spring-boot-build-image,
// bazel-oci.
type ContainerBuilder struct {
	Kind string `json:"kind"`
	Path string `json:"path"`
	Line int    `json:"line"`
}

// ComposeFile is a docker-compose / compose file.
type ComposeFile struct {
	Path     string           `json:"path"`
	Services []ComposeService `json:"services"`
}

// ComposeService is one service of a compose file.
type ComposeService struct {
	Name string `json:"name"`
	Line int    `json:"line"`
	// Build is true when the service is built from this repository.
	Build       bool   `json:"build"`
	Image       string `json:"image,omitempty"`
	Healthcheck bool   `json:"healthcheck"`
	// HealthcheckDisabled is true for `healthcheck: {disable: true}`.
	HealthcheckDisabled bool   `json:"healthcheck_disabled"`
	User                string `json:"user,omitempty"`
}

// CIFacts describe continuous integration.
type CIFacts struct {
	// Configs lists every CI configuration file found, per provider:
	// gitlab, github, forgejo, gitea, jenkins, circleci, travis, azure,
	// bitbucket, drone, woodpecker, cloudbuild.
	Configs []CIConfig `json:"configs"`
	// Jobs is every job of every provider in one shape, so that a policy
	// asking "does any job run X" reads one list.
	Jobs []CIJob `json:"jobs"`
	// GitLabIncludes are the include: entries of .gitlab-ci.yml and every
	// local file it includes (followed).
	GitLabIncludes []GitLabInclude `json:"gitlab_includes"`
	// Workflows are GitHub/Forgejo/Gitea Actions workflows.
	Workflows []Workflow `json:"workflows"`
	// CommandWords indexes every command line of every job (commands and
	// reached, each line once) by the words on it, so that a policy looks a
	// tool up instead of scanning every line (see CommandWords in
	// index.go for what a word is).
	CommandWords map[string][]Command `json:"command_words"`
}

// CIConfig is one CI configuration file.
type CIConfig struct {
	Provider string `json:"provider"`
	Path     string `json:"path"`
}

// CIJob is a job (GitLab job, Actions job, CircleCI job, Jenkins stage, ...).
type CIJob struct {
	Provider string `json:"provider"`
	Path     string `json:"path"`
	Name     string `json:"name"`
	Line     int    `json:"line"`
	Image    string `json:"image,omitempty"`
	Stage    string `json:"stage,omitempty"`
	// Commands are the shell commands the job runs as written (script,
	// before_script, after_script, run:, sh ...), one per line of script.
	Commands []Command `json:"commands"`
	// Reached are the commands the job runs indirectly: Makefile targets,
	// package.json scripts and repository shell scripts it calls, followed
	// transitively. Each keeps the path and line it was read from.
	Reached []Command `json:"reached"`
	// Uses are reusable steps: Actions `uses:`, CircleCI orbs, Drone/
	// Woodpecker plugins, Azure tasks, Bitbucket pipes.
	Uses []Uses `json:"uses"`
	// Reports are the report kinds the job publishes to its CI system:
	// GitLab artifacts:reports kinds (junit, coverage_report, codequality,
	// sast, ...), and junit for Jenkins junit/xunit steps and CircleCI
	// store_test_results.
	Reports []string `json:"reports"`
	// Coverage is GitLab's coverage: regex, if set.
	Coverage string `json:"coverage,omitempty"`
	// Template is true for GitLab hidden jobs (names starting with ".").
	Template bool `json:"template"`
	// Extends lists GitLab `extends:` parents.
	Extends []string `json:"extends"`
	// Environment is the job's deployment environment (GitLab and
	// Actions), nil when it has none.
	Environment *CIEnvironment `json:"environment,omitempty"`
}

// Command is a shell command line with where it was written.
type Command struct {
	Run  string `json:"run"`
	Path string `json:"path"`
	Line int    `json:"line"`
}

// Uses is a reference to a reusable step, as written (e.g.
// "actions/checkout@v4", "docker://alpine:3.20", "circleci/node@5.1").
type Uses struct {
	Ref  string `json:"ref"`
	Path string `json:"path"`
	Line int    `json:"line"`
	// With holds the step's inputs as strings (Actions `with:`).
	With map[string]string `json:"with"`
}

// GitLabInclude is one entry of a GitLab CI include: list.
type GitLabInclude struct {
	// Kind is local, project, remote, template or component.
	Kind string `json:"kind"`
	// Location is the file, URL, template name or component address.
	Location string `json:"location"`
	// Project and Ref are set for project includes; Ref empty when missing.
	Project string `json:"project,omitempty"`
	Ref     string `json:"ref,omitempty"`
	// Version is the component version after "@" (empty when missing).
	Version string `json:"version,omitempty"`
	Path    string `json:"path"`
	Line    int    `json:"line"`
}

// Workflow is one Actions workflow file.
type Workflow struct {
	Provider string `json:"provider"`
	Path     string `json:"path"`
	Name     string `json:"name,omitempty"`
	// Permissions is the top-level permissions: block, nil when absent.
	Permissions *Permissions  `json:"permissions,omitempty"`
	Jobs        []WorkflowJob `json:"jobs"`
}

// WorkflowJob is an Actions job with its permissions.
type WorkflowJob struct {
	Name        string       `json:"name"`
	Line        int          `json:"line"`
	Permissions *Permissions `json:"permissions,omitempty"`
	// UsesWorkflow is set for a job that calls a reusable workflow.
	UsesWorkflow string `json:"uses_workflow,omitempty"`
}

// Permissions is an Actions permissions: value. Scalar is set for a string
// form ("read-all", "write-all"); Scopes for the map form.
type Permissions struct {
	Scalar string            `json:"scalar,omitempty"`
	Scopes map[string]string `json:"scopes"`
	Line   int               `json:"line"`
}

// ScriptFacts are the build entry points a CI job may call.
type ScriptFacts struct {
	MakeTargets []MakeTarget `json:"make_targets"`
	NpmScripts  []NpmScript  `json:"npm_scripts"`
	// Shell lists repository shell scripts (*.sh, and executable files under
	// scripts/, bin/, hack/, ci/, .ci/) with their command lines.
	Shell []ShellScript `json:"shell"`
	// TaskRunners are other task files (Taskfile.yml, justfile, magefile)
	// with their targets' commands.
	TaskRunners []MakeTarget `json:"task_runners"`
}

// MakeTarget is a Makefile (or task runner) target with its recipe lines.
type MakeTarget struct {
	Path     string    `json:"path"`
	Name     string    `json:"name"`
	Line     int       `json:"line"`
	Commands []Command `json:"commands"`
	// Prerequisites are other targets it depends on.
	Prerequisites []string `json:"prerequisites"`
}

// NpmScript is one entry of package.json "scripts".
type NpmScript struct {
	Path    string `json:"path"`
	Name    string `json:"name"`
	Command string `json:"command"`
	Line    int    `json:"line"`
}

// ShellScript is a repository script and its command lines (comments and
// blank lines dropped).
type ShellScript struct {
	Path     string    `json:"path"`
	Commands []Command `json:"commands"`
}

// DependencyFacts are dependency manifests per ecosystem.
type DependencyFacts struct {
	Manifests []Manifest `json:"manifests"`
	// Families are the manifests' dependency names normalised and grouped
	// by ecosystem family, so that policies match names without
	// normalising every dependency themselves (see DependencyFamilies in
	// index.go).
	Families map[string]DependencyFamily `json:"families"`
}

// DependencyFamily lists the normalised names of one ecosystem family
// (go, jvm for Maven and Gradle, npm, pypi, nuget, ...), sorted and
// without repeats.
type DependencyFamily struct {
	// Runtime are the direct dependencies that ship with the service: not
	// Go `// indirect`, not of a test, development, lint, docs or build
	// scope.
	Runtime []string `json:"runtime"`
	// All are every dependency and build plugin, whatever its scope.
	All []string `json:"all"`
}

// Manifest is one dependency manifest.
type Manifest struct {
	Path string `json:"path"`
	// Ecosystem is go, npm, maven, gradle, sbt, pypi, nuget, cargo, rubygems,
	// composer, hex.
	Ecosystem string `json:"ecosystem"`
	// Kind is the manifest format: go.mod, package.json, pom.xml,
	// build.gradle, build.gradle.kts, settings.gradle(.kts) (a root with
	// no build script), requirements.txt (any requirements file),
	// requirements.in, pyproject.toml, setup.cfg, setup.py, Pipfile,
	// csproj, fsproj, vbproj, Directory.Packages.props,
	// Directory.Build.props, packages.config, Cargo.toml, Gemfile
	// (gems.rb), gemspec, composer.json, mix.exs, build.sbt, plugins.sbt.
	Kind string `json:"kind"`
	// Lockfiles beside the manifest (or at a workspace root above it), as
	// paths from the repository root.
	Lockfiles []string `json:"lockfiles"`
	// Pinned is true for a requirements file whose every requirement is
	// pinned with == (or a hash-pinned file), or that pip-compile / uv
	// compiled.
	Pinned       bool         `json:"pinned"`
	Dependencies []Dependency `json:"dependencies"`
	// Plugins are build plugins (Maven <plugin>, Gradle plugins {}).
	Plugins []Dependency `json:"plugins"`
	// Workspaces lists npm/yarn/pnpm workspace globs, Maven modules or
	// Gradle includes.
	Workspaces []string `json:"workspaces"`
	// Properties are the MSBuild properties of a NuGet manifest that the
	// checks read (AnalysisMode, TreatWarningsAsErrors, NuGetAudit,
	// RestorePackagesWithLockFile, ...), as written.
	Properties map[string]string `json:"properties,omitempty"`
}

// Dependency is one declared dependency.
type Dependency struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
	// Scope is runtime, dev, test, build, optional, provided, or the
	// ecosystem's own word (Gradle configuration, Poetry group).
	Scope string `json:"scope"`
	// Direct is false for Go `// indirect` requirements.
	Direct bool `json:"direct"`
	Line   int  `json:"line"`
	// Alias is the version-catalog accessor a Gradle dependency or plugin
	// was declared with (libs.micrometer.registry.prometheus); Name is
	// then the catalog's coordinates, or the accessor when unresolved.
	Alias string `json:"alias,omitempty"`
	// Features are the Cargo features enabled on a Rust dependency (its
	// own and those inherited from [workspace.dependencies]); the
	// structured-logging check reads tracing-subscriber's "json".
	Features []string `json:"features,omitempty"`
}

// KubernetesFacts are workloads and other resources from manifests,
// kustomize bases and Helm chart templates.
type KubernetesFacts struct {
	Workloads []Workload `json:"workloads"`
	// Resources lists every other object found (apiVersion, kind, name).
	Resources []Resource `json:"resources"`
	// Charts are Helm charts (Chart.yaml).
	Charts []Pos `json:"charts"`
	// Kustomizations are kustomization.yaml files.
	Kustomizations []Pos `json:"kustomizations"`
}

// Workload is a Deployment, StatefulSet, DaemonSet, ReplicaSet,
// ReplicationController, Job, CronJob, Pod, Argo Rollout, Knative Service or
// OpenShift DeploymentConfig. A workload that a kustomize overlay patches is
// reported once, at its base, with the probes and security settings the
// patches add. Containers is empty when the pod spec is not in the file
// (a Helm include, a Rollout's workloadRef). Names and images from Helm
// templates keep their {{ }} actions as written.
type Workload struct {
	Path string `json:"path"`
	Line int    `json:"line"`
	Kind string `json:"kind"`
	Name string `json:"name"`
	// Source is manifest, helm or kustomize.
	Source string `json:"source"`
	// Pod-level securityContext; nil when unset or templated. Helm
	// placeholders that name a path in the chart's values.yaml are read
	// from there.
	RunAsNonRoot *bool  `json:"run_as_non_root,omitempty"`
	RunAsUser    *int64 `json:"run_as_user,omitempty"`
	// SecurityContextTemplated is true when the pod securityContext, or a
	// setting in it, comes from a Helm template action that could not be
	// resolved against the chart's values.yaml (a helper, tpl, a range).
	SecurityContextTemplated bool        `json:"security_context_templated,omitempty"`
	Containers               []Container `json:"containers"`
	// Replicas is spec.replicas (Helm placeholders resolved against
	// values.yaml); nil when unset. ReplicasTemplated is true when it is
	// a template action that could not be resolved.
	Replicas          *int64 `json:"replicas,omitempty"`
	ReplicasTemplated bool   `json:"replicas_templated,omitempty"`
	// Strategy is the rollout strategy: a Deployment's strategy.type
	// (RollingUpdate, Recreate), a StatefulSet's updateStrategy.type, or
	// an Argo Rollout's canary or blueGreen; empty when unset.
	Strategy string `json:"strategy,omitempty"`
}

// Container is one (non-init) container of a workload.
type Container struct {
	Name  string `json:"name"`
	Image string `json:"image"`
	Line  int    `json:"line"`
	// Probes present (true also when templated by Helm).
	ReadinessProbe bool `json:"readiness_probe"`
	LivenessProbe  bool `json:"liveness_probe"`
	StartupProbe   bool `json:"startup_probe"`
	// Container-level securityContext.
	RunAsNonRoot             *bool  `json:"run_as_non_root,omitempty"`
	RunAsUser                *int64 `json:"run_as_user,omitempty"`
	AllowPrivilegeEscalation *bool  `json:"allow_privilege_escalation,omitempty"`
	ReadOnlyRootFilesystem   *bool  `json:"read_only_root_filesystem,omitempty"`
	// SecurityContextTemplated: as for Workload, for the container's own
	// securityContext.
	SecurityContextTemplated bool `json:"security_context_templated,omitempty"`
	// Resources are the container's requests and limits.
	Resources ContainerResources `json:"resources"`
}

// Resource is a Kubernetes object that is not a workload.
type Resource struct {
	Path       string `json:"path"`
	Line       int    `json:"line"`
	APIVersion string `json:"api_version"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	Source     string `json:"source"`
}

// MonitoringAsCode is an alerting, dashboard or SLO definition. Kind is one
// of prometheus-rule (PrometheusRule object), service-monitor, pod-monitor,
// alert-rules (a Prometheus rules file with alert:), grafana-dashboard,
// slo (OpenSLO, Sloth, Pyrra, Nobl9, Google SLO generator), datadog-monitor.
type MonitoringAsCode struct {
	Kind string `json:"kind"`
	Path string `json:"path"`
	Line int    `json:"line"`
}

// TestFacts are test sources.
type TestFacts struct {
	// Files are test source files (capped at MaxListedFiles), with the
	// language they are in.
	Files []TestFile `json:"files"`
	Count int        `json:"count"`
	// Languages with at least one test file, sorted.
	Languages []string `json:"languages"`
	// Configs are test/coverage tool configuration files (jest.config.*,
	// vitest.config.*, pytest.ini, tox.ini, noxfile.py, .coveragerc,
	// .nycrc, codecov.yml, .coveralls.yml, phpunit.xml, karma.conf.*),
	// each with the tool and whether it turns coverage on.
	Configs []ToolConfig `json:"configs"`
}

// TestFile is a test source file.
type TestFile struct {
	Path     string `json:"path"`
	Language string `json:"language"`
}

// ToolConfig is a tool's configuration file found in the repository.
type ToolConfig struct {
	Tool string `json:"tool"`
	Path string `json:"path"`
	Line int    `json:"line"`
	// Coverage is true when the configuration turns coverage measurement on.
	Coverage bool `json:"coverage"`
}

// SecurityFacts are security-relevant observations.
type SecurityFacts struct {
	// Secrets are committed private keys and cloud credentials. Fixture is
	// true when the file sits in a test fixture tree.
	Secrets []Secret `json:"secrets"`
	// Configs are tool configuration files: renovate, dependabot, gitleaks,
	// golangci-lint, eslint, biome, ruff, flake8, pylint, mypy, checkstyle,
	// spotbugs, pmd, semgrep, sonar, snyk, trivy, codeql, detect-secrets,
	// trufflehog, editorconfig, prettier ...
	Configs []ToolConfig `json:"configs"`
	// PreCommit are the hooks of .pre-commit-config.yaml (and lefthook,
	// husky hooks as commands).
	PreCommit []PreCommitHook `json:"pre_commit"`
	// Policies are SECURITY.md files found in the usual places.
	Policies []string `json:"policies"`
}

// Secret is a committed credential. Kind is private-key, aws-access-key,
// gcp-service-account, azure-storage-key, github-token, gitlab-token,
// slack-token or stripe-key. Only the location is kept, never the value.
type Secret struct {
	Kind    string `json:"kind"`
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Fixture bool   `json:"fixture"`
}

// PreCommitHook is one hook of a pre-commit configuration.
type PreCommitHook struct {
	Repo string `json:"repo"`
	ID   string `json:"id"`
	Path string `json:"path"`
	Line int    `json:"line"`
}

// OwnershipFacts are declarations of who owns the repository.
type OwnershipFacts struct {
	ScoreYAML  *ScoreYAML     `json:"score_yaml,omitempty"`
	Catalog    []CatalogEntry `json:"catalog"`
	CodeOwners []CodeOwners   `json:"codeowners"`
}

// ScoreYAML is the repository's .score.yaml.
type ScoreYAML struct {
	Path       string      `json:"path"`
	Team       string      `json:"team,omitempty"`
	TeamLine   int         `json:"team_line,omitempty"`
	Exemptions []Exemption `json:"exemptions"`
}

// Exemption is a declared step off the golden path. Expires is YYYY-MM-DD
// as written; validity is judged by the scorecard package, not here.
type Exemption struct {
	Check   string `json:"check"`
	Reason  string `json:"reason"`
	Expires string `json:"expires"`
	Path    string `json:"path"`
	Line    int    `json:"line"`
	// Paths scope the exemption to findings under these globs; empty for
	// the whole check.
	Paths []string `json:"paths,omitempty"`
}

// CatalogEntry is a service-catalog descriptor. Format is backstage,
// opslevel, cortex, port, datadog.
type CatalogEntry struct {
	Format string `json:"format"`
	Path   string `json:"path"`
	Line   int    `json:"line"`
	Kind   string `json:"kind,omitempty"`
	Name   string `json:"name,omitempty"`
	Owner  string `json:"owner,omitempty"`
}

// CodeOwners is a CODEOWNERS file. DefaultOwners are the owners of the `*`
// rule (the last one wins, as in GitHub and GitLab).
type CodeOwners struct {
	Path          string   `json:"path"`
	DefaultOwners []string `json:"default_owners"`
	DefaultLine   int      `json:"default_line,omitempty"`
	Rules         int      `json:"rules"`
}

// CodeFacts are observations about the service's own source code, for
// setup that lives in code rather than in manifests (Go's standard library
// log/slog has no dependency line to find).
type CodeFacts struct {
	// Imports are the packages imported by Go source files outside tests
	// and fixture trees, and the Monolog formatter classes PHP code names
	// (language "php", "Monolog\Formatter\JsonFormatter"), one entry per
	// package at its first import (files in path order), sorted by package.
	Imports []Import `json:"imports"`
}

// Import is a package imported by the service's code.
type Import struct {
	Language string `json:"language"`
	Package  string `json:"package"`
	Path     string `json:"path"`
	Line     int    `json:"line"`
}
