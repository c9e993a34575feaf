package score.checks.build.ci_pipeline_test

import data.score.checks.build.ci_pipeline

test_pass if {
	count(ci_pipeline.violation) == 0 with input as {"ci": {"configs": [{"provider": "gitlab", "path": ".gitlab-ci.yml"}]}}
}

test_fail if {
	count(ci_pipeline.violation) == 1 with input as {"ci": {"configs": []}}
}
