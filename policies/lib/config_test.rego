package score.lib.config_test

import data.score.lib.config

test_get_default_without_config if {
	config.get("min_readme_chars", 300) == 300
}

test_get_configured_value if {
	config.get("min_readme_chars", 300) == 500 with data.score.config as {"min_readme_chars": 500}
}

test_non_object_config_is_ignored if {
	config.get("min_readme_chars", 300) == 300 with data.score.config as "nonsense"
}

test_list_defaults_to_empty if {
	config.list("nonroot_images") == []
	config.list("nonroot_images") == [] with data.score.config as {"nonroot_images": "not-a-list"}
}

test_list_configured if {
	config.list("nonroot_images") == ["a/*"] with data.score.config as {"nonroot_images": ["a/*"]}
}
