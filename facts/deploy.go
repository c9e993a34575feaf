package facts

// DeployFacts describe how the service reaches its environments beyond
// what CI jobs say (each CIJob carries its own Environment): GitOps
// objects, autoscalers, disruption budgets and per-environment
// configuration. Filled by the kubernetes collector (objects) and the
// deploy collector (overlays); fixture trees are skipped.
type DeployFacts struct {
	// GitOps are Argo CD Application/ApplicationSet and Flux
	// Kustomization/HelmRelease objects.
	GitOps []GitOpsObject `json:"gitops"`
	// Autoscalers are HorizontalPodAutoscalers and KEDA ScaledObjects.
	Autoscalers []Autoscaler `json:"autoscalers"`
	// DisruptionBudgets are PodDisruptionBudgets.
	DisruptionBudgets []NamedObject `json:"disruption_budgets"`
	// Overlays are per-environment configuration: kustomize overlays
	// (a kustomization under overlays/<env>, envs/<env>, environments/<env>
	// ...) and Helm values files (values-<env>.yaml, values.<env>.yaml,
	// values/<env>.yaml, <env>.values.yaml).
	Overlays []DeployOverlay `json:"overlays"`
	// Source, when set, is the deploy repository the workloads and deploy
	// objects above were read from (in an organisation scan, for a
	// service linked to one); their paths then start with "Repo:".
	Source *DeploySource `json:"source,omitempty"`
}

// DeploySource is where a service's workloads live when they are kept in
// a separate deploy repository.
type DeploySource struct {
	// Repo is the deploy repository's name, Path the folder in it.
	Repo string `json:"repo"`
	Path string `json:"path"`
	// Via says what linked them: "catalog-info.yaml:7" (the
	// score.dev/deploy-source annotation) or "score.yaml:12"
	// (deploy_sources in the platform config).
	Via string `json:"via"`
}

// CIEnvironment is a CI job's deployment environment: GitLab
// `environment:` (string or map) or an Actions job's `environment:`.
// Name keeps CI variables as written ("review/$CI_COMMIT_REF_SLUG").
type CIEnvironment struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
	// Action is GitLab's environment action (start, prepare, stop, verify,
	// access); empty means start.
	Action string `json:"action,omitempty"`
	// OnStop is the job GitLab runs to stop the environment.
	OnStop string `json:"on_stop,omitempty"`
	// AutoStopIn is GitLab's auto_stop_in duration as written.
	AutoStopIn string `json:"auto_stop_in,omitempty"`
	// Tier is GitLab's deployment_tier (production, staging, testing,
	// development, other).
	Tier string `json:"tier,omitempty"`
	Line int    `json:"line"`
}

// GitOpsObject is an object a GitOps controller reconciles. Tool is argocd
// or flux. PullRequestGenerator is true for an Argo CD ApplicationSet
// generating one application per open pull/merge request (removed when it
// closes).
type GitOpsObject struct {
	Tool                 string `json:"tool"`
	Kind                 string `json:"kind"`
	Name                 string `json:"name"`
	Path                 string `json:"path"`
	Line                 int    `json:"line"`
	PullRequestGenerator bool   `json:"pull_request_generator"`
}

// Autoscaler scales a workload. MinReplicas is nil when unset or
// templated (HPA's default is 1; KEDA's minReplicaCount default is 0).
type Autoscaler struct {
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	Path        string `json:"path"`
	Line        int    `json:"line"`
	TargetKind  string `json:"target_kind,omitempty"`
	TargetName  string `json:"target_name,omitempty"`
	MinReplicas *int64 `json:"min_replicas,omitempty"`
}

// NamedObject is a Kubernetes object known by name and place.
type NamedObject struct {
	Name string `json:"name"`
	Path string `json:"path"`
	Line int    `json:"line"`
}

// DeployOverlay is configuration for one environment. Kind is kustomize or
// helm-values; Env is the environment's name as the path spells it.
type DeployOverlay struct {
	Kind string `json:"kind"`
	Env  string `json:"env"`
	Path string `json:"path"`
}

// ContainerResources are a container's resource requests and limits as
// written ("250m", "512Mi"); empty when unset. Templated is true when the
// resources block comes from a Helm action that could not be resolved
// against the chart's values.
type ContainerResources struct {
	Requests  ResourceAmounts `json:"requests"`
	Limits    ResourceAmounts `json:"limits"`
	Templated bool            `json:"templated,omitempty"`
}

// ResourceAmounts are CPU and memory quantities.
type ResourceAmounts struct {
	CPU    string `json:"cpu,omitempty"`
	Memory string `json:"memory,omitempty"`
}
