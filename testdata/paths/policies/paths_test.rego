package platform.paths_test

import data.platform.paths

test_jvm_service_maven if {
	paths.jvm_service with input as {"files": {"languages": ["java"]}, "dependencies": {"manifests": [{"ecosystem": "maven"}]}}
}

test_jvm_service_needs_a_build if {
	not paths.jvm_service with input as {"files": {"languages": ["kotlin"]}, "dependencies": {"manifests": []}}
}

test_not_jvm if {
	not paths.jvm_service with input as {"files": {"languages": ["go"]}, "dependencies": {"manifests": [{"ecosystem": "maven"}]}}
}
