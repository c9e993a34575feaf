# METADATA
# title: Deployment manifests carry a team label
# description: |
#   Every Kubernetes object under deploy/ names its owning team in
#   metadata.labels.team, so that alerts and costs reach the team. It reads
#   the manifests' parsed YAML through input.files.content, which holds the
#   files matching custom.files below, and nothing else.
# custom:
#   id: example.manifest-team-label
#   category: ownership
#   level: silver
#   weight: 1
#   remediation: Add a `team` label (`metadata.labels.team`) to every object under `deploy/`.
#   files: ["deploy/**/*.yaml", "deploy/**/*.yml"]
package score.checks.example.manifest_team_label

# objects are the Kubernetes objects of the matching files, with their path.
objects contains {"path": path, "object": doc} if {
	some path, file in input.files.content
	file.format == "yaml"
	some doc in file.data
	is_object(doc)
	is_string(doc.kind)
}

applicable if count(objects) > 0

violation contains {"msg": msg, "path": o.path} if {
	some o in objects
	not o.object.metadata.labels.team
	msg := sprintf("%s %s has no team label", [o.object.kind, object.get(o.object, ["metadata", "name"], "(unnamed)")])
}

# A manifest that does not parse cannot be judged: say so rather than
# pass it.
violation contains {"msg": sprintf("not read: %s", [file.error]), "path": path} if {
	some path, file in input.files.content
	file.error
}

evidence contains {"msg": sprintf("%s %s: team %s", [o.object.kind, object.get(o.object, ["metadata", "name"], "(unnamed)"), team]), "path": o.path} if {
	some o in objects
	team := o.object.metadata.labels.team
}
