package source

import (
	"encoding/base64"
	"errors"
	"net/url"
	"sort"
	"strings"

	"github.com/scoredev/score/internal/lazyre"
)

// gitLabTokenUser is the user name that goes with a token in HTTP basic
// auth; GitLab accepts any non-empty name, and "oauth2" is its convention.
const gitLabTokenUser = "oauth2"

// redacted replaces a secret in text.
const redacted = "[REDACTED]"

// userinfoInText matches the userinfo part of a URL inside free text:
// scheme://user[:password]@ up to the host. The userinfo runs to the last
// @ before the path, so a password holding @, # or ? goes whole.
var userinfoInText = lazyre.New(`([A-Za-z][A-Za-z0-9+.\-]*://)[^/\s"'<>]*@`)

// queryInText matches the query and fragment of a URL inside free text
// (?private_token=..., #token): both may carry a secret.
var queryInText = lazyre.New(`([A-Za-z][A-Za-z0-9+.\-]*://[^\s"'<>?#]*)[?#][^\s"'<>]*`)

// RedactURL returns rawURL without its userinfo (user name and password or
// token), query and fragment, any of which may hold a secret. Text that
// does not parse as a URL (a raw % or a control character in a password)
// loses by string handling whatever lies between the scheme's // and the
// last @, and then everything from the first ? or #.
// scp-style "git@host:path" has no secret and is kept.
func RedactURL(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme == "" || u.Opaque != "" {
		return redactURLText(rawURL)
	}
	if u.User == nil && u.RawQuery == "" && u.Fragment == "" && !u.ForceQuery {
		return rawURL
	}
	u.User = nil
	u.RawQuery, u.Fragment, u.RawFragment, u.ForceQuery = "", "", "", false
	return u.String()
}

// redactURLText is RedactURL by string handling, for text url.Parse
// refuses.
func redactURLText(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return queryInText.ReplaceAllString(userinfoInText.ReplaceAllString(raw, "$1"), "$1")
	}
	// The text is broken already, so where the userinfo ends is a guess: a
	// password may hold @, /, ? and #. Cut at the last @, losing part of
	// the path at worst, rather than print part of a password.
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		rest = rest[at+1:]
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	return scheme + "://" + rest
}

// minSecretLen is the shortest secret Redact replaces in free text:
// shorter strings would garble messages (every "x") without protecting
// anything a real token needs. URL userinfo is removed whatever its length.
const minSecretLen = 4

// Redact removes every secret from text: userinfo in any URL, and each
// secret in its plain, URL-escaped and basic-auth (base64) forms; the query
// and fragment of a URL become [REDACTED]. Every
// error that may carry a URL or a token passes through it before it leaves
// this package.
func Redact(text string, secrets ...string) string {
	text = userinfoInText.ReplaceAllString(text, "$1")
	text = queryInText.ReplaceAllString(text, "$1?"+redacted)
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
