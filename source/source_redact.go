package source

import (
	"encoding/base64"
	"errors"
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// gitLabTokenUser is the user name that goes with a token in HTTP basic
// auth; GitLab accepts any non-empty name, and "oauth2" is its convention.
const gitLabTokenUser = "oauth2"

// redacted replaces a secret in text.
const redacted = "[REDACTED]"

// userinfoInText matches the userinfo part of a URL inside free text:
// scheme://user[:password]@ up to the host.
var userinfoInText = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.\-]*://)[^/@\s"'<>]+@`)

// RedactURL returns rawURL without its userinfo (user name and password or
// token). Text that does not parse as a URL with a scheme is returned with
// any embedded userinfo removed as well. scp-style "git@host:path" has no
// secret and is kept.
func RedactURL(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme == "" || u.Opaque != "" {
		return userinfoInText.ReplaceAllString(rawURL, "$1")
	}
	if u.User == nil {
		return rawURL
	}
	u.User = nil
	return u.String()
}

// minSecretLen is the shortest secret Redact replaces in free text:
// shorter strings would garble messages (every "x") without protecting
// anything a real token needs. URL userinfo is removed whatever its length.
const minSecretLen = 4

// Redact removes every secret from text: userinfo in any URL, and each
// secret in its plain, URL-escaped and basic-auth (base64) forms. Every
// error that may carry a URL or a token passes through it before it leaves
// this package.
func Redact(text string, secrets ...string) string {
	text = userinfoInText.ReplaceAllString(text, "$1")
	var forms []string
	for _, s := range secrets {
		if len(s) < minSecretLen {
			continue
		}
		forms = append(forms, s, url.QueryEscape(s), url.PathEscape(s),
			base64.StdEncoding.EncodeToString([]byte(s)),
			base64.StdEncoding.EncodeToString([]byte(gitLabTokenUser+":"+s)))
	}
	// Longest first, so that a form containing another is replaced whole.
	sort.Slice(forms, func(i, j int) bool { return len(forms[i]) > len(forms[j]) })
	for _, f := range forms {
		text = strings.ReplaceAll(text, f, redacted)
	}
	return text
}

// redactedError carries a message with secrets removed. It unwraps only to
// sentinel errors (whose text is fixed), never to the original error, so a
// caller cannot reach the unredacted text through errors.Unwrap or As.
type redactedError struct {
	msg  string
	kind []error
}

func (e *redactedError) Error() string   { return e.msg }
func (e *redactedError) Unwrap() []error { return e.kind }

// redactError returns err with its message redacted, keeping errors.Is for
// the sentinels in sentinels that err matches.
func redactError(err error, secrets []string, sentinels ...error) error {
	if err == nil {
		return nil
	}
	return RedactMessage(err.Error(), err, secrets, sentinels...)
}

// redactMessage is an error with message msg (redacted) that matches, with
// errors.Is, those of sentinels that cause matches.
func RedactMessage(msg string, cause error, secrets []string, sentinels ...error) error {
	re := &redactedError{msg: oneLine(Redact(msg, secrets...))}
	for _, s := range sentinels {
		if s != nil && errors.Is(cause, s) {
			re.kind = append(re.kind, s)
		}
	}
	return re
}

// oneLine folds a multi-line message (a server's error page) into one line,
// so that it fits an error row of a report.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	var parts []string
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if line = strings.TrimSpace(line); line != "" {
			parts = append(parts, line)
		}
	}
	return strings.Join(parts, " ")
}
