package score.checks.build.ci_pipeline_test

import data.score.checks.build.ci_pipeline

test_pass_with_gitlab_ci if {
	count(ci_pipeline.violation) == 0 with input.ci.configs as [{"provider": "gitlab", "path": ".gitlab-ci.yml"}]
}

test_pass_with_jenkins if {
	count(ci_pipeline.violation) == 0 with input.ci.configs as [{"provider": "jenkins", "path": "Jenkinsfile"}]
}

test_fail_without_ci if {
	vs := ci_pipeline.violation with input.ci.configs as []
	count(vs) == 1
	some v in vs
	startswith(v.msg, "no CI pipeline is defined")
	object.keys(v) == {"msg"}
}

test_never_skips if {
	not ci_pipeline.applicable
}

test_evidence_names_the_ci_file if {
	ev := ci_pipeline.evidence with input.ci.configs as [{"provider": "gitlab", "path": ".gitlab-ci.yml"}]
	ev == {{"msg": "gitlab CI is defined in .gitlab-ci.yml", "path": ".gitlab-ci.yml"}}
}
