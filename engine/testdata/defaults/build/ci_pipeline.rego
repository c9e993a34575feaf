# METADATA
# title: A CI pipeline is defined
# description: The repository builds and tests itself on every change.
# custom:
#   id: build.ci-pipeline
#   category: build
#   level: bronze
#   weight: 3
#   remediation: Add a `.gitlab-ci.yml` (or another CI configuration).
package score.checks.build.ci_pipeline

violation contains "no CI configuration found" if count(input.ci.configs) == 0
