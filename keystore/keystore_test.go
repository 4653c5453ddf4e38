package keystore

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// memSecrets is an in-memory Secrets for unit tests; the integration test uses the real keyring.
type memSecrets struct {
	m   map[string]string
	err error
}

func (s *memSecrets) Get(p string, k Kind) (string, error) {
	if s.err != nil {
		return "", s.err
	}
	v, ok := s.m[entryName(p, k)]
	if !ok {
		return "", ErrNotFound
	}
	return v, nil
}
func (s *memSecrets) Set(p string, k Kind, v string) error { s.m[entryName(p, k)] = v; return s.err }
func (s *memSecrets) Delete(p string, k Kind) error        { delete(s.m, entryName(p, k)); return s.err }

func envOf(m map[string]string) Env { return func(k string) string { return m[k] } }

func TestConfigRoundTripAtomicAndPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "config.json")
	f, err := Load(path)
	if err != nil || len(f.Profiles) != 0 {
		t.Fatalf("missing file is empty: %v", err)
	}
	f.Put(Profile{Name: "prod", AppCode: "app", Stages: []string{"prod", "test"}, Timeout: Duration(20 * time.Second)})
	f.Put(Profile{Name: "dev", AppCode: "app2"})
	if f.Active != "prod" {
		t.Errorf("first profile becomes active: %q", f.Active)
	}
	if err := Save(path, f); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("no temp file is left behind: %v", entries)
	}
	g, err := Load(path)
	if err != nil || len(g.Profiles) != 2 || g.Active != "prod" {
		t.Fatalf("reload: %+v %v", g, err)
	}
	p, _ := g.Get("prod")
	if time.Duration(p.Timeout) != 20*time.Second || len(p.StageList()) != 2 {
		t.Errorf("fields: %+v", p)
	}
	if !g.Remove("prod") || g.Active != "dev" {
		t.Errorf("remove moves the active profile: %q", g.Active)
	}
	os.WriteFile(path, []byte("{broken"), 0o600)
	if _, err := Load(path); err == nil {
		t.Error("a broken config is an error, not an empty one")
	}
}

func TestResolveEnvironmentOverridesKeyring(t *testing.T) {
	store := &memSecrets{m: map[string]string{"p/bk_app_secret": "from-keyring", "p/bk_token": "tok"}}
	p := Profile{Name: "p", AppCode: "app"}
	r := Resolve(p, store, envOf(nil))
	if r.Secrets[AppSecret].Value != "from-keyring" || r.Secrets[AppSecret].Source != FromKeyring || r.Secrets[AccessToken].Source != Missing {
		t.Fatalf("keyring: %+v", r.Secrets)
	}
	r = Resolve(p, store, envOf(map[string]string{"BKPAAS_APP_SECRET": "paas", "BKPAAS_APP_ID": "paas-app", "BK_API_URL_TMPL": "http://x/{api_name}"}))
	if r.Secrets[AppSecret].Value != "paas" || r.Secrets[AppSecret].EnvVar != "BKPAAS_APP_SECRET" || r.Profile.AppCode != "paas-app" || r.Profile.APIURLTmpl == "" {
		t.Fatalf("PaaS names: %+v %+v", r.Secrets, r.Profile)
	}
	if len(r.Overrides) != 2 {
		t.Errorf("overrides are reported: %+v", r.Overrides)
	}
	r = Resolve(p, store, envOf(map[string]string{"BK_APP_SECRET": "a", "BKPAAS_APP_SECRET": "b"}))
	if r.Secrets[AppSecret].Value != "a" {
		t.Errorf("BK_APP_SECRET wins over BKPAAS_APP_SECRET")
	}
}

func TestResolveUnreachableKeyringAsksOnce(t *testing.T) {
	calls := 0
	store := &countingSecrets{fail: &UnavailableError{Err: errors.New("no bus")}, calls: &calls}
	r := Resolve(Profile{Name: "p"}, store, envOf(map[string]string{"BK_TOKEN": "t"}))
	var ue *UnavailableError
	if !errors.As(r.KeyringErr, &ue) {
		t.Fatalf("keyring error: %v", r.KeyringErr)
	}
	if calls != 1 {
		t.Errorf("a dead keyring is asked once, not per secret: %d", calls)
	}
	if r.Secrets[BkToken].Value != "t" {
		t.Error("environment secrets still work")
	}
	// What the keyring holds is not known: not "missing" (it may be there).
	for _, k := range []Kind{AppSecret, AccessToken, PersonalToken} {
		if s := r.Secrets[k]; s.Source != KeyringUnreachable || !s.Absent() {
			t.Errorf("%s: %+v", k, s)
		}
	}
	if got := Cause(r.KeyringErr); got != "no bus" {
		t.Errorf("the cause alone: %q", got)
	}
	if !strings.Contains(ue.Error(), "gnome-keyring") || !strings.Contains(ue.Error(), "BK_APP_SECRET") {
		t.Errorf("the message names the fix: %s", ue.Error())
	}
}

type countingSecrets struct {
	fail  error
	calls *int
}

func (c *countingSecrets) Get(string, Kind) (string, error) { *c.calls++; return "", c.fail }
func (c *countingSecrets) Set(string, Kind, string) error   { return c.fail }
func (c *countingSecrets) Delete(string, Kind) error        { return c.fail }

func TestKeyringTimeout(t *testing.T) {
	k := Keyring{Timeout: 50 * time.Millisecond}
	start := time.Now()
	_, err := k.withTimeout(func() (string, error) { time.Sleep(2 * time.Second); return "", nil })
	var ue *UnavailableError
	if !errors.As(err, &ue) || time.Since(start) > time.Second {
		t.Fatalf("a hung keyring call gives up: %v after %s", err, time.Since(start))
	}
}

func TestTokenAge(t *testing.T) {
	now := time.Now()
	cases := map[time.Duration]TokenState{time.Hour: TokenFresh, 21 * time.Hour: TokenAging, 25 * time.Hour: TokenStale}
	for age, want := range cases {
		if got, _ := (Profile{TokenSavedAt: now.Add(-age)}).TokenAge(now); got != want {
			t.Errorf("%s: %s, want %s", age, got, want)
		}
	}
	if got, _ := (Profile{}).TokenAge(now); got != TokenUnknown {
		t.Errorf("unknown: %s", got)
	}
	// The token in use: none, the environment's (the saved time is the keyring token's), the keyring's.
	old := Profile{TokenSavedAt: now.Add(-72 * time.Hour)}
	for want, sec := range map[TokenState]Secret{TokenNone: {Source: Missing}, TokenEnvironment: {Value: "t", Source: FromEnvironment, EnvVar: "BK_TOKEN"},
		TokenStale: {Value: "t", Source: FromKeyring}} {
		if got, _ := (Resolved{Profile: old, Secrets: map[Kind]Secret{BkToken: sec}}).TokenAge(now); got != want {
			t.Errorf("%s token: %s, want %s", sec.Source, got, want)
		}
	}
}

func TestProfileNames(t *testing.T) {
	for _, ok := range []string{"prod", "test-1", "a.b_c"} {
		if !ValidName(ok) {
			t.Errorf("%q should be valid", ok)
		}
	}
	for _, bad := range []string{"", "-x", "a/b", "a b", strings.Repeat("x", 65)} {
		if ValidName(bad) {
			t.Errorf("%q should be invalid", bad)
		}
	}
}
