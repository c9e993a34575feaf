package source

import (
	"net/url"
	"strings"
	"testing"
)

// URLs that net/url refuses (a raw % or a control character in the
// password) and URLs with a token in the query or fragment lose every
// secret in RedactURL and Redact.
func TestRedactURLHostileForms(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://deploy:Pa%ssw0rdSECRET@host/g/r.git":        "https://host/g/r.git",
		"https://deploy:Pa\x01ssw0rdSECRET@host/g/r.git":     "https://host/g/r.git",
		"https://deploy:Pa@ss%w0rdSECRET@host/g/r.git":       "https://host/g/r.git",
		"https://deploy:Pa#ssw0rdSECRET@host/g/r.git":        "https://host/g/r.git",
		"https://host/g/r.git?private_token=SECRET":          "https://host/g/r.git",
		"https://host/g/r.git#SECRET":                        "https://host/g/r.git",
		"https://u:SECRET@host/g/r.git?private_token=SECRET": "https://host/g/r.git",
	} {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q; want %q", in, got, want)
		}
	}
	for _, msg := range []string{
		`clone https://host/g/r.git?private_token=SECRETTOKEN: 404`,
		`Get "http://h/x.git/info/refs?service=git-upload-pack#SECRETTOKEN": refused`,
		`parse "https://deploy:Pa\x01ssw0rdSECRETTOKEN@host/g/r.git": net/url: invalid control character in URL`,
	} {
		if got := Redact(msg); strings.Contains(got, "SECRETTOKEN") {
			t.Errorf("Redact(%q) = %q keeps the secret", msg, got)
		}
	}
}

// The token goes to the server named in Hosts only: same scheme, host and
// port; a bare host means https only.
func TestAuthAllowsOnlyItsOrigin(t *testing.T) {
	t.Parallel()
	a := Auth{Token: "tok", Hosts: []string{"http://127.0.0.1:8080/gitlab"}}
	b := Auth{Token: "tok", Hosts: []string{"gitlab.example.com"}}
	for _, tc := range []struct {
		auth Auth
		url  string
		want bool
	}{
		{a, "http://127.0.0.1:8080/g/r.git", true},
		{a, "http://127.0.0.1:8081/g/r.git", false},
		{a, "https://127.0.0.1:8080/g/r.git", false},
		{a, "http://127.0.0.2:8080/g/r.git", false},
		{b, "https://gitlab.example.com/g/r.git", true},
		{b, "https://GitLab.Example.com:443/g/r.git", true},
		{b, "http://gitlab.example.com/g/r.git", false},
		{b, "https://evil.example.com/g/r.git", false},
		{Auth{Token: "tok", Hosts: []string{"invalid://"}}, "https://gitlab.example.com/g/r.git", false},
	} {
		u, err := url.Parse(tc.url)
		if err != nil {
			t.Fatal(err)
		}
		if got := tc.auth.method(u) != nil; got != tc.want {
			t.Errorf("Hosts %v, %s: token sent = %v; want %v", tc.auth.Hosts, tc.url, got, tc.want)
		}
	}
}
