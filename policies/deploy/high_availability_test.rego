package score.checks.deploy.high_availability_test

import data.score.checks.deploy.high_availability

workload(kind, name, extra) := object.union({"path": "k8s/app.yaml", "line": 1, "kind": kind, "name": name, "source": "manifest", "containers": []}, extra)

pdb := {"name": "api", "path": "k8s/pdb.yaml", "line": 1}

hpa(name, min) := {"kind": "HorizontalPodAutoscaler", "name": name, "path": "k8s/hpa.yaml", "line": 1, "target_kind": "Deployment", "target_name": name, "min_replicas": min}

facts(ws, hpas, pdbs) := {
	"kubernetes": {"workloads": ws, "resources": [], "charts": [], "kustomizations": []},
	"deploy": {"gitops": [], "autoscalers": hpas, "disruption_budgets": pdbs, "overlays": []},
}

test_pass_replicas_and_pdb if {
	f := facts([workload("Deployment", "api", {"replicas": 3})], [], [pdb])
	high_availability.applicable with input as f
	count(high_availability.violation) == 0 with input as f
}

test_pass_hpa_min_two if {
	f := facts([workload("Deployment", "api", {})], [hpa("api", 2)], [pdb])
	count(high_availability.violation) == 0 with input as f
}

test_pass_templated_replicas if {
	f := facts([workload("Deployment", "api", {"replicas_templated": true})], [], [pdb])
	count(high_availability.violation) == 0 with input as f
}

test_fail_single_replica_and_no_pdb if {
	f := facts([workload("Deployment", "api", {"replicas": 1}), workload("StatefulSet", "db", {"replicas": 2})], [hpa("api", 1)], [])
	high_availability.violation == {
		{"msg": "Deployment api runs 1 replica and no autoscaler keeps 2 or more", "path": "k8s/app.yaml", "line": 1},
		{"msg": "no PodDisruptionBudget for the workloads Deployment api, StatefulSet db", "path": "k8s/app.yaml"},
	} with input as f
}

test_fail_hpa_for_another_workload if {
	f := facts([workload("Deployment", "api", {})], [hpa("web", 3)], [pdb])
	count(high_availability.violation) == 1 with input as f
}

test_skip_jobs_and_daemonsets if {
	f := facts([workload("CronJob", "c", {}), workload("DaemonSet", "d", {})], [], [])
	not high_availability.applicable with input as f
}

test_skip_when_deployments_live_elsewhere_says_why if {
	f := {"kubernetes": {"workloads": [], "resources": [], "charts": [], "kustomizations": []}, "deploy": {"gitops": [], "autoscalers": [], "disruption_budgets": [], "overlays": []}}
	not high_availability.applicable with input as f with data.score.config as {"deployments_elsewhere": true}
	count(high_availability.evidence) == 1 with input as f with data.score.config as {"deployments_elsewhere": true}
}

test_pass_production_values_file if {
	w := {"path": "chart/templates/deploy.yaml", "line": 1, "kind": "Deployment", "name": "api", "source": "helm", "containers": [], "replicas": 1, "replicas_by_env": {"staging": 1, "prod": 3}}
	f := {"kubernetes": {"workloads": [w], "resources": [], "charts": [], "kustomizations": []}, "deploy": {"gitops": [], "autoscalers": [], "disruption_budgets": [{"name": "api", "path": "chart/templates/pdb.yaml", "line": 1}], "overlays": []}}
	count(high_availability.violation) == 0 with input as f
}

test_fail_production_values_file_with_one_replica if {
	w := {"path": "chart/templates/deploy.yaml", "line": 1, "kind": "Deployment", "name": "api", "source": "helm", "containers": [], "replicas": 2, "replicas_by_env": {"production": 1}}
	f := {"kubernetes": {"workloads": [w], "resources": [], "charts": [], "kustomizations": []}, "deploy": {"gitops": [], "autoscalers": [], "disruption_budgets": [{"name": "api", "path": "chart/templates/pdb.yaml", "line": 1}], "overlays": []}}
	count(high_availability.violation) == 1 with input as f
}
