package security

import (
	"os"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/facts"
)

// The stores in testdata/keystores were made for these tests with openssl
// and keytool (store password "changeit"); their keys were never used
// anywhere.
func TestKeystoreHasKey(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"keystore.p12":      true,  // openssl pkcs12 -export: shrouded key bag
		"truststore.p12":    false, // openssl pkcs12 -export -nokeys
		"kt-truststore.p12": false, // keytool -importcert -storetype PKCS12
		"keystore.jks":      true,
		"truststore.jks":    false,
		"secret.jceks":      true, // keytool -genseckey
	} {
		data, err := os.ReadFile("testdata/keystores/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if got, known := keystoreHasKey(data); got != want || !known {
			t.Errorf("%s: hasKey %v known %v, want %v known", name, got, known, want)
		}
	}
	if _, known := keystoreHasKey([]byte("not a key store")); known {
		t.Error("text read as a key store")
	}
	if _, known := keystoreHasKey(append([]byte{0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0, 0, 0, 9}, 0, 0, 0, 2, 0, 200)); known {
		t.Error("a truncated JKS store read as known")
	}
}

func TestSecretsTrustStores(t *testing.T) {
	t.Parallel()
	fs := fstest.MapFS{}
	for _, name := range []string{"keystore.p12", "truststore.p12", "keystore.jks", "truststore.jks"} {
		data, err := os.ReadFile("testdata/keystores/" + name)
		if err != nil {
			t.Fatal(err)
		}
		fs["src/main/resources/"+name] = &fstest.MapFile{Data: data}
	}
	fs["certs/unknown.pfx"] = &fstest.MapFile{Data: []byte{0x00, 0x01, 0x02}}
	f, _ := collecttest.CollectOne(t, Collector{}, fs)
	want := []facts.Secret{
		{Kind: "private-key", Path: "certs/unknown.pfx"},
		{Kind: "private-key", Path: "src/main/resources/keystore.jks"},
		{Kind: "private-key", Path: "src/main/resources/keystore.p12"},
	}
	if !reflect.DeepEqual(f.Security.Secrets, want) {
		t.Errorf("secrets =\n%+v\nwant\n%+v", f.Security.Secrets, want)
	}
}

func FuzzKeystoreHasKey(f *testing.F) {
	for _, name := range []string{"keystore.jks", "truststore.jks", "truststore.p12", "secret.jceks"} {
		if data, err := os.ReadFile("testdata/keystores/" + name); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		keystoreHasKey(data) // never panics, whatever the bytes
	})
}
