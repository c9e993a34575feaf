package score.checks.ownership.catalog_entry_test

import data.score.checks.ownership.catalog_entry

test_pass_backstage if {
	entry := {"format": "backstage", "path": "catalog-info.yaml", "line": 1, "kind": "Component", "name": "api", "owner": "payments"}
	count(catalog_entry.violation) == 0 with input.ownership.catalog as [entry]
}

test_pass_datadog if {
	entry := {"format": "datadog", "path": "service.datadog.yaml", "line": 1}
	count(catalog_entry.violation) == 0 with input.ownership.catalog as [entry]
}

test_fail_without_entry if {
	vs := catalog_entry.violation with input.ownership.catalog as []
	vs == {{"msg": "no service-catalog descriptor (Backstage catalog-info.yaml, OpsLevel, Cortex, Port or Datadog service definition)"}}
}

test_never_skips if {
	not catalog_entry.applicable
}

test_fix_creates_catalog_info if {
	catalog_entry.fix == {{"create": "catalog-info.yaml", "template": "catalog-info"}} with input.ownership.catalog as []
}
