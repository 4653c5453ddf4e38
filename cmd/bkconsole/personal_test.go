package main

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adrg/xdg"

	"github.com/bkconsole/bkconsole/client/sandbox"
	"github.com/bkconsole/bkconsole/keystore"
)

// isolate gives a test its own config, state and secret store (in memory) and a sandbox.
func isolate(t *testing.T, opts ...sandbox.Options) (keystore.Secrets, sandbox.URLs) {
	t.Helper()
	dir := t.TempDir()
	t.Cleanup(xdg.Reload) // after the environment is put back
	t.Setenv("HOME", dir)
	for k, v := range map[string]string{"XDG_CONFIG_HOME": "config", "XDG_STATE_HOME": "state", "XDG_CACHE_HOME": "cache", "XDG_DATA_HOME": "data"} {
		t.Setenv(k, filepath.Join(dir, v))
	}
	xdg.Reload() // the directories are read once, at start
	for _, k := range []string{"BK_APP_CODE", "BK_APP_SECRET", "BK_TOKEN", "BK_ACCESS_TOKEN", "BK_PERSONAL_TOKEN", "BK_API_URL_TMPL",
		"BKCONSOLE_HELP_CENTER_URL", "BKCONSOLE_DEVELOPER_CENTER_URL"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	sb, err := sandbox.New(append(opts, sandbox.Options{})[0])
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	// A store of its own: go-keyring's MockInit would replace the keyring of every later
	// in-process run in this test binary.
	return &memSecrets{}, sandbox.URLsFor(srv.URL)
}

// asDemoApp has the environment's profile call the installation at urls as the sandbox's demo
// app and user: the in-process commands then talk to whatever serves urls, a sandbox behind a
// test's own handler included.
func asDemoApp(t *testing.T, urls sandbox.URLs) {
	for k, v := range map[string]string{"BK_API_URL_TMPL": urls.APIURLTmpl, "BKCONSOLE_HELP_CENTER_URL": urls.HelpCenterURL,
		"BKCONSOLE_DEVELOPER_CENTER_URL": urls.DeveloperCenterURL, "BK_APP_CODE": sandbox.DemoAppCode,
		"BK_APP_SECRET": sandbox.DemoAppSecret, "BK_TOKEN": sandbox.DemoBkToken} {
		t.Setenv(k, v)
	}
}

// loginDemo saves the demo app's profile "demo" (secret and bk_token in store), unverified, with
// the Help Center of urls and the flags given.
func loginDemo(t *testing.T, store keystore.Secrets, urls sandbox.URLs, flags ...string) {
	t.Helper()
	args := append([]string{"login", "--profile", "demo", "--app-code", sandbox.DemoAppCode, "--api-url-tmpl", urls.APIURLTmpl,
		"--help-center-url", urls.HelpCenterURL, "--secret-stdin", "--token-stdin", "--no-verify"}, flags...)
	if code, _, stderr := inProcess(t, store, sandbox.DemoAppSecret+"\n"+sandbox.DemoBkToken+"\n", args...); code != 0 {
		t.Fatalf("login: %s", stderr)
	}
}

// A pasted personal token: kept in the keyring only, its expiry in the profile; auth status
// shows it; call --bearer reaches an API that accepts personal tokens as the token's user, and
// every refusal (another kind, wrong audience, expired, revoked, not accepted at all) comes back
// explained with its fix and a non-zero exit.
func TestPersonalTokenFromTheCLI(t *testing.T) {
	store, urls := isolate(t)
	login := func(token string, extra ...string) {
		t.Helper()
		args := append([]string{"login", "--profile", "me", "--app-code", sandbox.DemoAppCode, "--api-url-tmpl", urls.APIURLTmpl,
			"--secret-stdin", "--personal-token-stdin", "--no-verify"}, extra...)
		if code, _, stderr := inProcess(t, store, sandbox.DemoAppSecret+"\n"+token+"\n", args...); code != 0 {
			t.Fatalf("login: %d %s", code, stderr)
		}
	}
	login(sandbox.PersonalTokens["valid"], "--personal-token-expires", "2099-01-31")
	if v, err := store.Get("me", keystore.PersonalToken); err != nil || v != sandbox.PersonalTokens["valid"] {
		t.Fatalf("the token is not in the keyring: %q %v", v, err)
	}
	cfg, _ := os.ReadFile(filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "bkconsole", "config.json"))
	if strings.Contains(string(cfg), sandbox.PersonalTokens["valid"]) || !strings.Contains(string(cfg), `"personal_token_expires": "2099-01-31T`) {
		t.Fatalf("config file:\n%s", cfg)
	}
	code, stdout, stderr := inProcess(t, store, "", "auth", "status")
	if code != 0 || !strings.Contains(stdout, "Personal token: expires 2099-01-31") || !strings.Contains(stdout, "personal_token") {
		t.Fatalf("auth status: %d\n%s\n%s", code, stdout, stderr)
	}
	code, stdout, _ = inProcess(t, store, "", "auth", "status", "--json")
	var st struct {
		PersonalToken *struct {
			Expired bool `json:"expired"`
		} `json:"personal_token"`
	}
	if err := json.Unmarshal([]byte(stdout), &st); err != nil || st.PersonalToken == nil || st.PersonalToken.Expired || strings.Contains(stdout, sandbox.PersonalTokens["valid"]) {
		t.Fatalf("auth status --json: %d %v\n%s", code, err, stdout)
	}

	code, stdout, stderr = inProcess(t, store, "", "call", "demo-echo", "token_whoami", "--bearer")
	if code != 0 || !strings.Contains(stdout, `"app_code":"personal"`) || !strings.Contains(stdout, `"username":"demo-user"`) {
		t.Fatalf("call --bearer: %d %s %s", code, stdout, stderr)
	}
	refused := func(api, want string) {
		t.Helper()
		code, _, stderr := inProcess(t, store, "", "call", "demo-echo", api, "--bearer")
		if code == 0 || !strings.Contains(stderr, want) {
			t.Fatalf("%s: exit %d, stderr lacks %q:\n%s", api, code, want, stderr)
		}
	}
	refused("client_whoami", "does not accept this kind of OAuth2 token")
	refused("whoami", "does not accept personal tokens: the gateway ignored the token")
	login(sandbox.PersonalTokens["narrow"])
	refused("token_whoami", "audience does not include this API")
	refused("token_whoami", "gateway:GATEWAY/api:API")
	login(sandbox.PersonalTokens["expired"])
	refused("token_whoami", "renew it on the personal token page")
	login(sandbox.PersonalTokens["revoked"])
	refused("token_whoami", "unknown, expired or revoked")
	// A new token without an expiry forgets the old one's.
	cfg, _ = os.ReadFile(filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "bkconsole", "config.json"))
	if strings.Contains(string(cfg), "personal_token_expires") {
		t.Fatalf("a new token kept the old expiry:\n%s", cfg)
	}
	// The history keeps that the call used the token, never the token.
	h, _ := os.ReadFile(filepath.Join(os.Getenv("XDG_STATE_HOME"), "bkconsole", "history.json"))
	if !strings.Contains(string(h), `"bearer": true`) || strings.Contains(string(h), "bkc-demo-personal") {
		t.Fatalf("history:\n%s", h)
	}
}

// A first run, before any login, is told to log in (or to try the sandbox) in both languages:
// "add what is missing to the profile" alone named no profile and no command. A profile that
// lacks something is not told there is none.
func TestFirstRunIsToldToLogIn(t *testing.T) {
	store, u := isolate(t)
	for lang, want := range map[string]string{"en": "there is no profile yet: bkconsole login saves one", "zh": "还没有配置：运行 bkconsole login 保存一个"} {
		if code, _, stderr := inProcess(t, store, "", "--lang", lang, "gateways"); code != ExitFailed || !strings.Contains(stderr, want) || !strings.Contains(stderr, "bkconsole --sandbox") {
			t.Errorf("%s: exit %d %s", lang, code, stderr)
		}
	}
	// --json's hint is that fix too (it said "add what is missing to the profile", of none).
	_, _, stderr := inProcess(t, store, "", "--lang", "en", "gateways", "--json")
	var e struct{ Error struct{ Hint string } }
	if err := json.Unmarshal([]byte(stderr), &e); err != nil || !strings.HasPrefix(e.Error.Hint, "there is no profile yet: bkconsole login saves one") {
		t.Errorf("--json: %v %s", err, stderr)
	}
	inProcess(t, store, "s\n", "login", "--profile", "p", "--app-code", "bkc-demo", "--api-url-tmpl", u.APIURLTmpl, "--secret-stdin", "--no-verify")
	if _, _, stderr := inProcess(t, store, "", "gateways"); strings.Contains(stderr, "no profile yet") {
		t.Errorf("with a profile: %s", stderr)
	}
}
