package score.checks.build.ci_pipeline_extra_test

import data.score.checks.build.ci_pipeline

# Fails on purpose: the default check accepts any provider.
test_wrong_expectation if {
	count(ci_pipeline.violation) == 1 with input as {"ci": {"configs": [{"provider": "github", "path": ".github/workflows/ci.yml"}]}}
}

test_passes if {
	count(ci_pipeline.violation) == 1 with input as {"ci": {"configs": []}}
}
