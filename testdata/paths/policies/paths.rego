# METADATA
# title: Golden path selectors
# description: Rego selectors of the platform's paths (testdata/paths/score.yaml).
package platform.paths

# jvm_service holds for a repository in Java or Kotlin built by Maven or
# Gradle.
jvm_service if {
	some lang in input.files.languages
	lang in {"java", "kotlin"}
	some m in input.dependencies.manifests
	m.ecosystem in {"maven", "gradle"}
}
