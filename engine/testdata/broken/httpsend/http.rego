# METADATA
# title: Test check broken.http
# custom:
#   id: broken.http
#   category: test
#   level: bronze
#   weight: 1
#   remediation: Fix it.
package score.checks.broken.http

violation contains "x" if {
	resp := http.send({"method": "GET", "url": "https://example.invalid"})
	resp.status_code != 200
}
