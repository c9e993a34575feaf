# METADATA
# title: The service is in the service catalog
# description: >-
#   A service-catalog descriptor exists - Backstage catalog-info.yaml,
#   OpsLevel, Cortex, Port or a Datadog service definition - so that the
#   service, its owner, dependencies and runbooks can be found from one
#   place.
# custom:
#   id: ownership.catalog-entry
#   category: ownership
#   level: gold
#   weight: 1
#   remediation: Add a `catalog-info.yaml` at the root describing the service as a Backstage `Component` with its owner, lifecycle and system (or the descriptor of the catalog your organisation uses).
package score.checks.ownership.catalog_entry

violation contains {"msg": "no service-catalog descriptor (Backstage catalog-info.yaml, OpsLevel, Cortex, Port or Datadog service definition)"} if {
	count(input.ownership.catalog) == 0
}

# `score fix` creates a Backstage catalog-info.yaml with the resolved owner,
# the repository's name and its detected type.
fix contains {"create": "catalog-info.yaml", "template": "catalog-info"}
