package security

import (
	"bytes"
	"path"

	"slices"
	"strings"

	"github.com/scoredev/score/collect/internal/textutil"
	"github.com/scoredev/score/collect/tests"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
	"github.com/scoredev/score/snapshot"
)

// Secret detection. Every text file in the tree is read once; a file is
// matched against the regular expressions only for the markers it contains
// (found in one pass over the file, see markerSet), so most files cost one
// scan. Only the kind and location of a secret are kept; the matched value
// is dropped as soon as it has been checked against known placeholders.

// secretRule is one kind of credential: a cheap marker that must be present
// on the line, and the expression that confirms it.
type secretRule struct {
	kind string
	// markers: at least one must be on the line (a cheap bytes.Contains
	// before the regular expression).
	markers [][]byte
	re      *lazyre.Regexp
	// group is the submatch holding the credential's random part (0: the
	// whole match), checked against placeholders.
	group int
	// check, when set, confirms a match with the rest of the file (e.g. a
	// PEM header must be followed by key material).
	check func(data []byte, end int) bool
}

var secretRules = []secretRule{
	{kind: "private-key", markers: secretMarkers("PRIVATE KEY"),
		re:    lazyre.New(`-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----`),
		check: pemHasBody},
	{kind: "private-key", markers: secretMarkers("PuTTY-User-Key-File"),
		re: lazyre.New(`^\s*PuTTY-User-Key-File-\d+:\s*\S+`)},
	// A JSON Web Key with its private exponent or scalar "d" (RSA, EC, OKP):
	// 32 or more base64url characters, so a truncated example is no key.
	{kind: "private-key", markers: secretMarkers(`"d"`),
		re: lazyre.New(`"d"\s*:\s*"([A-Za-z0-9_-]{32,})"`), group: 1,
		check: func(data []byte, _ int) bool { return bytes.Contains(data, []byte(`"kty"`)) }},
	{kind: "aws-access-key", markers: secretMarkers("AKIA"),
		re: lazyre.New(`(?:^|[^A-Za-z0-9/+])(AKIA[A-Z0-9]{16})(?:[^A-Za-z0-9/+]|$)`), group: 1},
	{kind: "aws-access-key", markers: secretMarkers("ASIA"),
		re: lazyre.New(`(?:^|[^A-Za-z0-9/+])(ASIA[A-Z0-9]{16})(?:[^A-Za-z0-9/+]|$)`), group: 1},
	{kind: "aws-access-key", markers: secretMarkers("secret_access_key", "SECRET_ACCESS_KEY", "SecretAccessKey", "secretAccessKey"),
		re: lazyre.New(`(?i)secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`), group: 1},
	{kind: "gcp-service-account", markers: secretMarkers(`"private_key"`),
		re: lazyre.New(`"private_key"\s*:\s*"-----BEGIN [A-Z ]*PRIVATE KEY-----([^"]{40,})"`), group: 1},
	{kind: "azure-storage-key", markers: secretMarkers("AccountKey="),
		re: lazyre.New(`AccountKey=([A-Za-z0-9+/]{40,}={0,2})`), group: 1},
	{kind: "github-token", markers: secretMarkers("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
		re: lazyre.New(`\bgh[pousr]_([A-Za-z0-9]{36,})\b`), group: 1},
	{kind: "github-token", markers: secretMarkers("github_pat_"),
		re: lazyre.New(`\bgithub_pat_([A-Za-z0-9_]{50,})\b`), group: 1},
	{kind: "gitlab-token", markers: secretMarkers("glpat-", "glrt-", "gldt-", "glptt-"),
		re: lazyre.New(`\b(?:glpat|glrt|gldt|glptt)-([A-Za-z0-9_-]{20,})`), group: 1},
	{kind: "slack-token", markers: secretMarkers("xox"),
		re: lazyre.New(`\bxox[baprs]-([A-Za-z0-9-]{10,})`), group: 1},
	{kind: "slack-token", markers: secretMarkers("hooks.slack.com/"),
		re: lazyre.New(`hooks\.slack\.com/(?:services|workflows)/(T[A-Z0-9]+/[A-Z0-9]+/[A-Za-z0-9]{16,})`), group: 1},
	{kind: "stripe-key", markers: secretMarkers("k_live_"),
		re: lazyre.New(`\b[sr]k_live_([A-Za-z0-9]{20,})\b`), group: 1},
}

// keyFileExts are files that are private keys or key stores by their name.
var keyFileExts = map[string]bool{".p12": true, ".pfx": true, ".jks": true, ".keystore": true, ".key": true}

// keyFileNames are SSH private keys by their conventional names.
var keyFileNames = map[string]bool{"id_rsa": true, "id_dsa": true, "id_ecdsa": true, "id_ed25519": true}

// scanSecrets finds committed credentials in every file of the tree,
// fixtures included (marked Fixture): the policy decides what counts.
func scanSecrets(t *snapshot.Tree) []facts.Secret {
	out := []facts.Secret{}
	for _, p := range t.Files {
		base := strings.ToLower(path.Base(p))
		byName := keyFileNames[base] || keyFileExts[path.Ext(base)]
		if !byName && skipForSecrets(base) {
			continue
		}
		// Judged once per file for a repository and its components.
		found := t.PerFile("secrets", p, func() any {
			// findSecrets keeps nothing of the bytes: they are read into
			// a reused buffer (every file is read here).
			var found []facts.Secret
			err := t.WithText(p, func(data []byte) { found = findSecrets(data) })
			// A .key file in text form is judged by its content (a public
			// key or an empty placeholder is no secret), a key store by
			// whether it holds a key (a trust store does not); other key
			// files by name.
			if byName && len(found) == 0 {
				if path.Ext(base) == ".key" && err != nil || path.Ext(base) != ".key" && !trustStore(t, p) {
					found = append(found, facts.Secret{Kind: "private-key", Line: 0})
				}
			}
			return found
		}).([]facts.Secret)
		if len(found) == 0 {
			continue
		}
		// Whether the file is a test fixture matters only where a secret
		// was found, a handful of files: asked of every file it was an
		// eighth of the secret scan.
		fixture := secretInFixture(p)
		for _, s := range found {
			s.Path, s.Fixture = p, s.Fixture || fixture
			out = append(out, s)
		}
	}
	return out
}

// trustStore reports a key store that holds certificates only (see
// keystoreHasKey); an unreadable or unknown one is not.
func trustStore(t *snapshot.Tree, p string) bool {
	data, err := t.ReadBinary(p)
	if err != nil {
		return false
	}
	hasKey, known := keystoreHasKey(data)
	return known && !hasKey
}

// secretInFixture reports a file in a fixture tree, a test source file or
// the configuration of the test environment.
func secretInFixture(p string) bool {
	return snapshot.IsFixturePath(p) || tests.InTestFixtureTree(p) || tests.TestLanguage(p) != "" || testEnvConfig(p)
}

// testEnvConfigName matches the configuration files of a test environment:
// .env.test and .env.testing (Symfony, Laravel, with a .local variant),
// application-test.yml (Spring), appsettings.Test.json (.NET).
var testEnvConfigName = lazyre.New(`(?i)^(\.env\.test(ing)?(\.local)?|application-test\.(ya?ml|properties)|appsettings\.test(ing)?\.json)$`)

// testEnvConfig reports a test environment's configuration file, where
// throwaway keys for the test run live: by name, or Rails'
// config/environments/test.rb, Phoenix's config/test.exs and Symfony's
// config/packages/test/.
func testEnvConfig(p string) bool {
	if testEnvConfigName.MatchString(path.Base(p)) {
		return true
	}
	p = "/" + p
	return strings.HasSuffix(p, "/config/environments/test.rb") || strings.HasSuffix(p, "/config/test.exs") ||
		strings.Contains(p, "/config/packages/test/")
}

// skipForSecrets lists file types that cannot hold a text credential, so
// that they are not even read.
func skipForSecrets(base string) bool {
	switch path.Ext(base) {
	case ".png", ".jpg", ".jpeg", ".gif", ".ico", ".webp", ".bmp", ".tiff", ".psd",
		".woff", ".woff2", ".ttf", ".otf", ".eot",
		".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".jar", ".war", ".ear", ".class",
		".pdf", ".mp3", ".mp4", ".mov", ".avi", ".wasm", ".so", ".dylib", ".dll", ".exe", ".o", ".a",
		".pyc", ".svg", ".sum":
		return true
	}
	return false
}

// findSecrets returns the secrets in one file's content, with lines and
// without values.
func findSecrets(data []byte) []facts.Secret {
	var seen [maxSecretRules]bool
	if !secretMarkerSet.present(data, seen[:]) {
		return nil
	}
	var rules []*secretRule
	for i := range secretRules {
		if seen[i] {
			rules = append(rules, &secretRules[i])
		}
	}
	serviceAccount := serviceAccountJSON.Match(data)
	var out []facts.Secret
	textutil.TxtLinesAt(data, func(n, start int, line []byte) bool {
		var kinds []string
		for _, r := range rules {
			if r.kind == "gcp-service-account" && !serviceAccount || slices.Contains(kinds, r.kind) {
				continue
			}
			if r.present(line) && r.matches(line, data, start) {
				kinds = append(kinds, r.kind)
			}
		}
		// The private key of a service-account file is that account's key,
		// not a second secret.
		if slices.Contains(kinds, "gcp-service-account") {
			kinds = slices.DeleteFunc(kinds, func(k string) bool { return k == "private-key" })
		}
		for _, k := range kinds {
			out = append(out, facts.Secret{Kind: k, Line: n})
		}
		return true
	})
	return out
}

var serviceAccountJSON = lazyre.New(`"type"\s*:\s*"service_account"`)

func secretMarkers(markers ...string) [][]byte {
	out := make([][]byte, len(markers))
	for i, m := range markers {
		out[i] = []byte(m)
	}
	return out
}

// maxSecretRules bounds secretRules: findSecrets marks the rules a file
// has markers of in an array of this size.
const maxSecretRules = 32

// markerSet finds the rules whose markers a text holds in one pass over
// it: a bitmap of the markers' first two bytes, and at a position whose
// two bytes begin some marker, those markers compared in place. One
// bytes.Contains per marker (thirty of them) read every file thirty
// times: a quarter of `score check` on a 5,000-file tree.
type markerSet struct {
	// pairs has bit a<<8|b set when some marker starts with bytes a, b.
	pairs [1 << 16 / 64]uint64
	// byFirst lists the markers by their first byte.
	byFirst [256][]ruleMarker
}

type ruleMarker struct {
	marker []byte
	rule   int
}

var secretMarkerSet = newMarkerSet(secretRules)

// newMarkerSet indexes the rules' markers. It panics on more than
// maxSecretRules rules or a marker shorter than two bytes: both are
// mistakes in secretRules, which its tests load.
func newMarkerSet(rules []secretRule) *markerSet {
	if len(rules) > maxSecretRules {
		panic("security: more than maxSecretRules secret rules")
	}
	s := &markerSet{}
	for i, r := range rules {
		for _, m := range r.markers {
			if len(m) < 2 {
				panic("security: a secret marker of fewer than two bytes: " + string(m))
			}
			p := uint16(m[0])<<8 | uint16(m[1])
			s.pairs[p/64] |= 1 << (p % 64)
			s.byFirst[m[0]] = append(s.byFirst[m[0]], ruleMarker{m, i})
		}
	}
	return s
}

// present sets found[i] for each rule i with a marker in data and reports
// whether any has one: rules[i].present(data), for every rule at once.
func (s *markerSet) present(data []byte, found []bool) bool {
	any := false
	for i := 0; i+1 < len(data); i++ {
		p := uint16(data[i])<<8 | uint16(data[i+1])
		if s.pairs[p/64]&(1<<(p%64)) == 0 {
			continue
		}
		for _, m := range s.byFirst[data[i]] {
			if !found[m.rule] && bytes.HasPrefix(data[i:], m.marker) {
				found[m.rule], any = true, true
			}
		}
	}
	return any
}

// present reports whether one of the rule's markers is in b.
func (r *secretRule) present(b []byte) bool {
	for _, m := range r.markers {
		if bytes.Contains(b, m) {
			return true
		}
	}
	return false
}

// matches reports whether the rule finds a credential on the line that is
// not a placeholder. lineStart is the line's offset in data.
func (r *secretRule) matches(line, data []byte, lineStart int) bool {
	for _, m := range r.re.FindAllSubmatchIndex(line, -1) {
		val := line[m[2*r.group]:m[2*r.group+1]]
		if isPlaceholderSecret(r.kind, val, line) {
			continue
		}
		if r.check != nil && !r.check(data, lineStart+m[1]) {
			continue
		}
		return true
	}
	return false
}

// placeholderWords mark documentation and test values, in the cases they
// are written in (a case-insensitive match would hit random text).
var placeholderWords = []string{
	"EXAMPLE", "example", "Example", "XXXXXX", "xxxxxx", "REDACTED", "redacted", "PLACEHOLDER", "placeholder",
	"DUMMY", "dummy", "FAKE", "fake", "YOUR", "your", "12345678", "ABCDEFGH", "abcdefgh",
}

// isPlaceholderSecret recognises documentation and test placeholders: AWS's
// published example keys (AKIAIOSFODNN7EXAMPLE), the Azure storage
// emulator's well-known key, values marked as examples, and values made of
// a few repeated characters. val is the credential's random part.
func isPlaceholderSecret(kind string, val, line []byte) bool {
	if kind == "private-key" {
		return false // confirmed by its body instead
	}
	for _, w := range placeholderWords {
		if bytes.Contains(val, []byte(w)) {
			return true
		}
	}
	if kind == "azure-storage-key" && bytes.Contains(line, []byte("devstoreaccount1")) {
		return true
	}
	if kind == "aws-access-key" && len(val) == 20 {
		val = val[4:] // the random part of a key id
	}
	// A real token's random part has many distinct characters; a
	// placeholder repeats a few ("ghp_000000...", "AKIA0000...").
	var distinct [256]bool
	count := 0
	for _, c := range val {
		if !distinct[c] {
			distinct[c] = true
			count++
		}
	}
	return count < 6
}

// pemHasBody reports whether a PEM header ending at end is followed by key
// material, so that code which only mentions the header, a redacted or
// truncated key, or an obvious dummy does not count: the first body line
// holds a run of 32 or more base64 characters, the body reaches its
// -----END line (or runs on past the window read, as a large key does),
// has at least 64 base64 characters (the shortest real key, an Ed25519
// PKCS#8 key, has 64) and no placeholder word or ellipsis. JSON-escaped
// newlines and quoted, concatenated string lines are understood.
func pemHasBody(data []byte, end int) bool {
	rest := data[end:]
	if len(rest) > pemWindow {
		rest = rest[:pemWindow]
	}
	s := strings.NewReplacer(`\r\n`, "\n", `\n`, "\n", "\r", "").Replace(string(rest))
	lines := strings.Split(s, "\n")
	if len(rest) == pemWindow {
		lines = lines[:len(lines)-1] // the last line may be cut by the window
	}
	body, first := 0, true
	for _, l := range lines {
		l = strings.Trim(l, "\"'+, \t`;")
		text, done := l, false
		if i := strings.Index(l, "-----END"); i >= 0 {
			text, done = l[:i], true
		}
		switch {
		case !done && (l == "" || first && strings.Contains(l, ":")): // blank or a PEM header (Proc-Type: ...)
			continue
		case strings.Contains(text, "...") || strings.Contains(text, "…") || pemPlaceholder.MatchString(text):
			return false
		}
		run, longest, n := 0, 0, 0
		for i := 0; i < len(text); i++ {
			if isSecretB64Char(text[i]) {
				run++
				n++
				longest = max(longest, run)
			} else {
				run = 0
			}
		}
		if n > 0 || !done {
			if first && longest < 32 || n < len(strings.TrimSpace(text))*3/4 {
				return false // not key material, or the body stopped short of its END line
			}
			first = false
		}
		body += n
		if done {
			return body >= 64
		}
	}
	return len(rest) == pemWindow && body >= 64
}

// pemWindow bounds how much of a file after a PEM header is read: more
// than a 4096-bit RSA key; a larger block (a PGP key with subkeys) that is
// still base64 at the window's end counts as a key.
const pemWindow = 8 << 10

// pemPlaceholder are words that mark an example or dummy key body.
var pemPlaceholder = lazyre.New(`EXAMPLE|[Ee]xample|REDACTED|[Rr]edacted|PLACEHOLDER|[Pp]laceholder|DUMMY|[Dd]ummy|XXXXXX|xxxxxx|<[a-z -]+>`)

func isSecretB64Char(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '='
}
