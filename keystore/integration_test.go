package keystore

import (
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/keystore/keyringtest"
)

func TestIntegrationKeyringRoundTrip(t *testing.T) {
	keyringtest.Require(t)
	k := Keyring{}
	const profile = "it-roundtrip"
	t.Cleanup(func() {
		for _, kind := range Kinds {
			_ = k.Delete(profile, kind)
		}
	})
	if err := k.Set(profile, AppSecret, "s3cret with spaces & ünïcode"); err != nil {
		t.Fatalf("set: %v", err)
	}
	if err := k.Set(profile, BkToken, "tok"); err != nil {
		t.Fatalf("set token: %v", err)
	}
	v, err := k.Get(profile, AppSecret)
	if err != nil || v != "s3cret with spaces & ünïcode" {
		t.Fatalf("get: %q %v", v, err)
	}
	// secret-tool sees the item under service bkconsole.
	out, err := exec.Command("secret-tool", "search", "--all", "service", Service).CombinedOutput()
	if err != nil || !strings.Contains(string(out), profile+"/bk_app_secret") {
		t.Fatalf("secret-tool search: %s %v", out, err)
	}
	r := Resolve(Profile{Name: profile}, k, func(string) string { return "" })
	if r.KeyringErr != nil || r.Secrets[BkToken].Value != "tok" || r.Secrets[AccessToken].Source != Missing {
		t.Fatalf("resolve: %+v %v", r.Secrets, r.KeyringErr)
	}
	if err := k.Delete(profile, AppSecret); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(profile, AppSecret); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted: %v", err)
	}
	if err := k.Delete(profile, AppSecret); err != nil {
		t.Errorf("deleting a missing entry is fine: %v", err)
	}
}
