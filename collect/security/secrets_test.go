package security

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/facts"
)

// Credentials in these tests are assembled at run time from split prefixes
// and pseudo-random bodies, so that this file itself holds none.

// fakeSecretChars returns n deterministic pseudo-random characters from alphabet.
func fakeSecretChars(seed uint64, n int, alphabet string) string {
	r := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

const (
	fakeAlnum    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	fakeUpperNum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0234567" // no 1: "12345678" reads as a placeholder
	fakeB64      = fakeAlnum + "+/"
)

// fakeSecretPEM is a PEM block of the given type with a random body.
func fakeSecretPEM(typ string, seed uint64) string {
	var b strings.Builder
	b.WriteString("-----BEGIN " + typ + "-----\n")
	for i := range 4 {
		b.WriteString(fakeSecretChars(seed+uint64(i), 64, fakeB64) + "\n")
	}
	b.WriteString("-----END " + typ + "-----\n")
	return b.String()
}

var (
	fakeAWSKeyID    = "AK" + "IA" + fakeSecretChars(1, 16, fakeUpperNum)
	fakeAWSSTSID    = "AS" + "IA" + fakeSecretChars(2, 16, fakeUpperNum)
	fakeAWSSecret   = fakeSecretChars(3, 40, fakeB64)
	fakeGitHubToken = "gh" + "p_" + fakeSecretChars(4, 36, fakeAlnum)
	fakeGitHubPAT   = "github" + "_pat_" + fakeSecretChars(5, 22, fakeAlnum) + "_" + fakeSecretChars(6, 59, fakeAlnum)
	fakeGitLabToken = "gl" + "pat-" + fakeSecretChars(7, 20, fakeAlnum)
	fakeSlackToken  = "xo" + "xb-" + fakeSecretChars(8, 12, "0123456789") + "-" + fakeSecretChars(9, 24, fakeAlnum)
	fakeStripeKey   = "sk" + "_live_" + fakeSecretChars(10, 24, fakeAlnum)
	fakeAzureKey    = fakeSecretChars(11, 86, fakeB64) + "=="
	fakeRSAKey      = fakeSecretPEM("RSA PRIVATE "+"KEY", 20)
)

func TestSecrets(t *testing.T) {
	t.Parallel()
	saKey := strings.ReplaceAll(fakeSecretPEM("PRIVATE "+"KEY", 30), "\n", `\n`)
	tests := []struct {
		name string
		fs   fstest.MapFS
		want []facts.Secret
	}{
		{
			name: "PEM private keys at their header line; mentions and redactions are not keys",
			fs: fstest.MapFS{
				"deploy/tls/key.pem": collecttest.TextFile("# server key\n\n" + fakeRSAKey),
				"pkg/pem.go":         collecttest.TextFile("if strings.HasPrefix(s, \"-----BEGIN RSA PRIVATE " + "KEY-----\") {\n"),
				"docs/setup.md":      collecttest.TextFile("```\n-----BEGIN PRIVATE " + "KEY-----\n...\n-----END PRIVATE " + "KEY-----\n```\n"),
				"enc.pem": collecttest.TextFile("-----BEGIN RSA PRIVATE " + "KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A\n\n" +
					fakeSecretChars(40, 64, fakeB64) + "\n-----END RSA PRIVATE " + "KEY-----\n"),
				"ssh/id_ed25519": collecttest.TextFile(fakeSecretPEM("OPENSSH PRIVATE "+"KEY", 41)),
				"ssh/id_rsa.pub": collecttest.TextFile("ssh-rsa AAAA user@host\n"),
				"win/me.ppk":     collecttest.TextFile("PuTTY-User-Key-" + "File-3: ssh-ed25519\nEncryption: none\n"),
				"crlf.key":       collecttest.TextFile(strings.ReplaceAll("a\nb\n"+fakeSecretPEM("EC PRIVATE "+"KEY", 42), "\n", "\r\n")),
			},
			want: []facts.Secret{
				{Kind: "private-key", Path: "crlf.key", Line: 3},
				{Kind: "private-key", Path: "deploy/tls/key.pem", Line: 3},
				{Kind: "private-key", Path: "enc.pem", Line: 1},
				{Kind: "private-key", Path: "ssh/id_ed25519", Line: 1},
				{Kind: "private-key", Path: "win/me.ppk", Line: 1},
			},
		},
		{
			name: "cloud credentials; published examples are skipped",
			fs: fstest.MapFS{
				"config/prod.env": collecttest.TextFile("REGION=eu-west-1\nAWS_ACCESS_KEY_ID=" + fakeAWSKeyID + "\nAWS_SECRET_ACCESS_KEY=" + fakeAWSSecret + "\n"),
				"sts.json":        collecttest.TextFile(`{"AccessKeyId": "` + fakeAWSSTSID + `"}`),
				"README.md":       collecttest.TextFile("aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE\n"),
				"hash.txt":        collecttest.TextFile("sha512-x" + fakeAWSKeyID + "y\n"),
				"sa.json": collecttest.TextFile("{\n  \"type\": \"service_account\",\n  \"project_id\": \"p\",\n  \"private_key\": \"" +
					saKey + "\",\n  \"client_email\": \"a@p.iam.gserviceaccount.com\"\n}\n"),
				"sa-template.json": collecttest.TextFile(`{"type": "service_account", "private_key": ""}`),
				"appsettings.json": collecttest.TextFile(`{"Storage": "DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=` + fakeAzureKey + `;EndpointSuffix=core.windows.net"}`),
				"local.settings.json": collecttest.TextFile(`{"Storage": "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=` +
					fakeSecretChars(12, 86, fakeB64) + `==;"}`),
			},
			want: []facts.Secret{
				{Kind: "azure-storage-key", Path: "appsettings.json", Line: 1},
				{Kind: "aws-access-key", Path: "config/prod.env", Line: 2},
				{Kind: "aws-access-key", Path: "config/prod.env", Line: 3},
				{Kind: "gcp-service-account", Path: "sa.json", Line: 4},
				{Kind: "aws-access-key", Path: "sts.json", Line: 1},
			},
		},
		{
			name: "API tokens; placeholders are skipped",
			fs: fstest.MapFS{
				"ci/env.sh": collecttest.TextFile("export GH_TOKEN=" + fakeGitHubToken + "\nexport GITLAB_TOKEN=" + fakeGitLabToken + "\n# nothing here\nSLACK=" + fakeSlackToken + "\n"),
				"app.yaml":  collecttest.TextFile("github:\n  pat: " + fakeGitHubPAT + "\nstripe: " + fakeStripeKey + "\n"),
				"docs/tokens.md": collecttest.TextFile("GH_TOKEN=gh" + "p_" + strings.Repeat("x", 36) + "\nSTRIPE=sk" + "_live_" + strings.Repeat("0", 24) +
					"\nSLACK=xo" + "xb-your-token-here-please\nGL=gl" + "pat-EXAMPLEexampleEXAMPLE\n"),
			},
			want: []facts.Secret{
				{Kind: "github-token", Path: "app.yaml", Line: 2},
				{Kind: "stripe-key", Path: "app.yaml", Line: 3},
				{Kind: "github-token", Path: "ci/env.sh", Line: 1},
				{Kind: "gitlab-token", Path: "ci/env.sh", Line: 2},
				{Kind: "slack-token", Path: "ci/env.sh", Line: 4},
			},
		},
		{
			name: "fixtures and test sources are recorded and marked",
			fs: fstest.MapFS{
				"testdata/certs/server.key":            collecttest.TextFile(fakeRSAKey),
				"pkg/auth/auth_test.go":                collecttest.TextFile("const token = \"" + fakeGitHubToken + "\"\n"),
				"src/test/resources/application.yml":   collecttest.TextFile("aws:\n  key: " + fakeAWSKeyID + "\n"),
				"services/api/__fixtures__/creds.json": collecttest.TextFile(`{"k": "` + fakeStripeKey + `"}`),
			},
			want: []facts.Secret{
				{Kind: "github-token", Path: "pkg/auth/auth_test.go", Line: 1, Fixture: true},
				{Kind: "stripe-key", Path: "services/api/__fixtures__/creds.json", Line: 1, Fixture: true},
				{Kind: "aws-access-key", Path: "src/test/resources/application.yml", Line: 2, Fixture: true},
				{Kind: "private-key", Path: "testdata/certs/server.key", Line: 1, Fixture: true},
			},
		},
		{
			name: "JSON Web Keys with a private part; public and truncated keys are not",
			fs: fstest.MapFS{
				"config/jwks.json": collecttest.TextFile("{\"keys\": [{\n  \"kty\": \"EC\",\n  \"crv\": \"P-256\",\n  \"x\": \"" + fakeSecretChars(50, 43, fakeAlnum) +
					"\",\n  \"d\": \"" + fakeSecretChars(51, 43, fakeAlnum) + "\"\n}]}\n"),
				"config/public-jwks.json": collecttest.TextFile(`{"keys": [{"kty": "RSA", "n": "` + fakeSecretChars(52, 342, fakeAlnum) + `", "e": "AQAB"}]}`),
				".env.test":               collecttest.TextFile(`JWK={"kty":"EC","d":"` + fakeSecretChars(53, 12, fakeAlnum) + `"}` + "\n"),
				"notes.json":              collecttest.TextFile(`{"d": "` + fakeSecretChars(54, 43, fakeAlnum) + `"}`),
			},
			want: []facts.Secret{{Kind: "private-key", Path: "config/jwks.json", Line: 5}},
		},
		{
			name: "key stores by name; text .key files by content; binary files are not scanned",
			fs: fstest.MapFS{
				"certs/keystore.jks": {Data: []byte{0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2}},
				"certs/client.p12":   {Data: []byte{0x30, 0x82, 0, 0}},
				"certs/old.key":      {Data: []byte{0x30, 0x82, 0, 0}},
				"certs/public.key":   collecttest.TextFile("-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n"),
				"certs/empty.key":    collecttest.TextFile(""),
				"bin/tool":           {Data: append([]byte{0x7f, 'E', 'L', 'F', 0}, fakeAWSKeyID...)},
				"logo.png":           {Data: []byte(fakeAWSKeyID)},
			},
			want: []facts.Secret{
				{Kind: "private-key", Path: "certs/client.p12"},
				{Kind: "private-key", Path: "certs/keystore.jks"},
				{Kind: "private-key", Path: "certs/old.key"},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, warns := collecttest.CollectOne(t, Collector{}, tc.fs)
			if !reflect.DeepEqual(f.Security.Secrets, tc.want) {
				t.Errorf("secrets =\n%+v\nwant\n%+v", f.Security.Secrets, tc.want)
			}
			if len(warns) != 0 {
				t.Errorf("unexpected warnings:\n%s", collecttest.WarningLines(warns))
			}
		})
	}
}

func FuzzSecrets(f *testing.F) {
	for _, seed := range []string{
		fakeRSAKey, "x=" + fakeAWSKeyID + "\r\n", `{"type": "service_account", "private_key": "-----BEGIN PRIVATE ` + `KEY-----\nabc"}`,
		"AccountKey=" + fakeAzureKey, fakeGitHubToken + "\n" + fakeGitLabToken, fakeSlackToken + fakeStripeKey, "PuTTY-User-Key-" + "File-2: x",
		"-----BEGIN PRIVATE " + "KEY-----", "aws_secret_access_key = " + fakeAWSSecret, "hooks.slack.com/services/T0/B0/" + fakeSecretChars(13, 24, fakeAlnum),
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkMarkerSet(t, data)
		lines := collecttest.LineCount(data)
		for _, s := range findSecrets(data) {
			if s.Line < 1 || s.Line > lines {
				t.Errorf("%s at line %d outside the file (%d lines)", s.Kind, s.Line, lines)
			}
			if s.Path != "" {
				t.Errorf("findSecrets sets no path, got %q", s.Path)
			}
		}
	})
}

// checkMarkerSet: the one-pass marker set finds the rules each rule's own
// markers find.
func checkMarkerSet(t *testing.T, data []byte) {
	t.Helper()
	var seen [maxSecretRules]bool
	any := secretMarkerSet.present(data, seen[:])
	anyRule := false
	for i := range secretRules {
		want := secretRules[i].present(data)
		anyRule = anyRule || want
		if seen[i] != want {
			t.Errorf("%q: rule %d (%s) found by the marker set: %v, by its markers: %v", data, i, secretRules[i].kind, seen[i], want)
		}
	}
	if any != anyRule {
		t.Errorf("%q: the marker set says any: %v, the rules: %v", data, any, anyRule)
	}
}

func TestMarkerSet(t *testing.T) {
	t.Parallel()
	inputs := []string{"", "x", "xo", "xox", "xoxb", "ghp_", "gh", "zzghp_", "ghp", "AKIASIA", `"d"`, `"d`, "AccountKey=", "k_live_k_liv",
		"hooks.slack.com/ and glpat- and SecretAccessKey", "PRIVATE KEYPuTTY-User-Key-File", "github_pat_ghs_", "\xff\xfeAKIA"}
	for i := range secretRules {
		for _, m := range secretRules[i].markers {
			inputs = append(inputs, string(m), "a"+string(m), string(m)+"b", string(m[:len(m)-1]), string(m[1:]))
		}
	}
	for _, in := range inputs {
		checkMarkerSet(t, []byte(in))
	}
}

func BenchmarkFindSecrets(b *testing.B) {
	// A large source file without secrets where one line in fifty holds a
	// marker (an "ASIA" or "PRIVATE KEY" in a comment) that sends it to
	// the regular expressions.
	var sb strings.Builder
	for i := range 20000 {
		sb.WriteString("func handler" + fakeSecretChars(uint64(i), 8, fakeAlnum) + "(w http.ResponseWriter) { // serve it\n")
		if i%50 == 0 {
			sb.WriteString("// ASIA region; see PRIVATE KEY docs\n")
		}
	}
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		findSecrets(data)
	}
}
