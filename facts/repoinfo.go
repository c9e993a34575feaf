package facts

// RepoInfo identifies a repository to scan and carries what its source knows
// about it (hints for ownership such as the GitLab group path).
type RepoInfo struct {
	Name          string   `json:"name"`
	URL           string   `json:"url,omitempty"`
	Commit        string   `json:"commit,omitempty"`
	DefaultBranch string   `json:"default_branch,omitempty"`
	GroupPath     string   `json:"group_path,omitempty"`
	Topics        []string `json:"topics,omitempty"`
	// Team is an owner named by the list of repositories to scan, if any.
	Team string `json:"team,omitempty"`
}

// NewFacts returns a Facts document with every slice non-nil.
func NewFacts(info RepoInfo) *Facts {
	topics := info.Topics
	if topics == nil {
		topics = []string{}
	}
	return &Facts{
		SchemaVersion: SchemaVersion,
		Repo: RepoFacts{Name: info.Name, URL: info.URL, Commit: info.Commit,
			DefaultBranch: info.DefaultBranch, GroupPath: info.GroupPath, Topics: topics},
		Files:        FileFacts{Paths: []string{}, Languages: []string{}},
		Containers:   ContainerFacts{Dockerfiles: []Dockerfile{}, Builders: []ContainerBuilder{}, Compose: []ComposeFile{}},
		CI:           CIFacts{Configs: []CIConfig{}, Jobs: []CIJob{}, GitLabIncludes: []GitLabInclude{}, Workflows: []Workflow{}},
		Scripts:      ScriptFacts{MakeTargets: []MakeTarget{}, NpmScripts: []NpmScript{}, Shell: []ShellScript{}, TaskRunners: []MakeTarget{}},
		Dependencies: DependencyFacts{Manifests: []Manifest{}},
		Kubernetes:   KubernetesFacts{Workloads: []Workload{}, Resources: []Resource{}, Charts: []Pos{}, Kustomizations: []Pos{}},
		Deploy:       DeployFacts{GitOps: []GitOpsObject{}, Autoscalers: []Autoscaler{}, DisruptionBudgets: []NamedObject{}, Overlays: []DeployOverlay{}},
		Runtimes:     []Runtime{},
		Monitoring:   []MonitoringAsCode{},
		Tests:        TestFacts{Files: []TestFile{}, Languages: []string{}, Configs: []ToolConfig{}},
		Security:     SecurityFacts{Secrets: []Secret{}, Configs: []ToolConfig{}, PreCommit: []PreCommitHook{}, Policies: []string{}},
		Ownership:    OwnershipFacts{Catalog: []CatalogEntry{}, CodeOwners: []CodeOwners{}},
		Warnings:     []Warning{},
	}
}
