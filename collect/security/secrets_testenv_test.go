package security

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/facts"
)

// A dummy or truncated key is no secret anywhere; a key in the test
// environment's configuration is marked as a fixture (the check ignores
// it); a complete key elsewhere is a finding.
func TestSecretsTestConfigAndDummyKeys(t *testing.T) {
	t.Parallel()
	key := fakeSecretPEM("RSA PRIVATE "+"KEY", 60)
	oneLine := strings.ReplaceAll(strings.TrimSuffix(key, "\n"), "\n", " ")
	head, tail := "-----BEGIN PRIVATE "+"KEY-----\n", "-----END PRIVATE "+"KEY-----\n"
	f, warns := collecttest.CollectOne(t, Collector{}, fstest.MapFS{
		".env.test":                     collecttest.TextFile("JWT_PASSPHRASE=test\nJWT_SECRET_KEY=\"" + strings.ReplaceAll(key, "\n", `\n`) + "\"\n"),
		"api/appsettings.Testing.json":  collecttest.TextFile("{\n  \"SigningKey\": \"" + strings.ReplaceAll(key, "\n", `\n`) + "\"\n}\n"),
		"config/environments/test.rb":   collecttest.TextFile("Rails.application.configure do\n  config.x.key = <<~PEM\n" + key + "  PEM\nend\n"),
		"deploy/prod.env":               collecttest.TextFile("TLS_KEY=\"" + oneLine + "\"\n"),
		"docs/jwt.md":                   collecttest.TextFile(head + fakeSecretChars(61, 64, fakeB64) + "\n...\n" + tail),
		"config/jwt/private.pem.dist":   collecttest.TextFile(head + fakeSecretChars(62, 64, fakeB64) + "\n"),
		"config/short.pem":              collecttest.TextFile(head + fakeSecretChars(63, 40, fakeB64) + "\n" + tail),
		"config/dummy.pem":              collecttest.TextFile(head + "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCDUMMYDUMMYDUMMY\n" + fakeSecretChars(64, 64, fakeB64) + "\n" + tail),
		"src/main/resources/server.pem": collecttest.TextFile(key),
	})
	want := []facts.Secret{
		{Kind: "private-key", Path: ".env.test", Line: 2, Fixture: true},
		{Kind: "private-key", Path: "api/appsettings.Testing.json", Line: 2, Fixture: true},
		{Kind: "private-key", Path: "config/environments/test.rb", Line: 3, Fixture: true},
		{Kind: "private-key", Path: "deploy/prod.env", Line: 1},
		{Kind: "private-key", Path: "src/main/resources/server.pem", Line: 1},
	}
	if !reflect.DeepEqual(f.Security.Secrets, want) {
		t.Errorf("secrets =\n%+v\nwant\n%+v", f.Security.Secrets, want)
	}
	if len(warns) != 0 {
		t.Errorf("unexpected warnings:\n%s", collecttest.WarningLines(warns))
	}
}
