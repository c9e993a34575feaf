package score.checks.example.manifest_team_label_test

import data.score.checks.example.manifest_team_label

deployment(labels) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api", "labels": labels}}

files(docs) := {"deploy/api.yaml": {"format": "yaml", "data": docs}}

test_pass_with_team_label if {
	count(manifest_team_label.violation) == 0 with input.files.content as files([deployment({"team": "payments"})])
	count(manifest_team_label.evidence) == 1 with input.files.content as files([deployment({"team": "payments"})])
}

test_fail_without_team_label if {
	v := manifest_team_label.violation with input.files.content as files([deployment({"app": "api"}), null])
	v == {{"msg": "Deployment api has no team label", "path": "deploy/api.yaml"}}
}

test_fail_when_a_manifest_does_not_parse if {
	v := manifest_team_label.violation with input.files.content as {
		"deploy/a.yaml": {"format": "yaml", "data": [deployment({"team": "payments"})]},
		"deploy/b.yaml": {"format": "yaml", "error": "malformed YAML at line 3: did not find expected key"},
	}
	v == {{"msg": "not read: malformed YAML at line 3: did not find expected key", "path": "deploy/b.yaml"}}
}

test_skip_without_manifests if {
	not manifest_team_label.applicable with input.files.content as {}
}
