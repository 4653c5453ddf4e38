package main

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client/mcpoauth"
	"github.com/bkconsole/bkconsole/client/sandbox"
	"github.com/bkconsole/bkconsole/keystore"
)

// mcp login against the sandbox's bkauth, without a browser: discovery, registration, PKCE and
// the loopback answer; the tokens only in the keyring; tools and a call with the token (as the
// token's user, public app); a refresh when the token is about to expire (rotating: the old
// refresh token no longer works); the token refused where its audience does not reach; logout
// revokes, after which the old token is refused; an expired login without a refresh token asks
// for a new login.
func TestMCPLoginFromTheCLI(t *testing.T) {
	store, urls := isolate(t)
	if code, _, stderr := inProcess(t, store, sandbox.DemoAppSecret+"\n", "login", "--profile", "me", "--app-code", sandbox.DemoAppCode,
		"--api-url-tmpl", urls.APIURLTmpl, "--secret-stdin", "--no-verify"); code != 0 {
		t.Fatalf("login: %s", stderr)
	}
	const server = "demo-echo-prod-oauth"
	code, stdout, stderr := inProcess(t, store, "", "mcp", "login", server, "--no-browser")
	if code != 0 || !strings.Contains(stdout, "logged in to "+server) {
		t.Fatalf("mcp login: %d %s %s", code, stdout, stderr)
	}
	first := savedLogin(t, store, server)
	noFileHoldsTheTokens(t, first)
	code, stdout, _ = inProcess(t, store, "", "mcp", "tools", server)
	if code != 0 || !strings.Contains(stdout, "echo_get") {
		t.Fatalf("mcp tools with the login: %d %s", code, stdout)
	}
	code, stdout, _ = inProcess(t, store, "", "mcp", "call", server, "echo_get")
	if code != 0 || !strings.Contains(stdout, `"app_code":"public"`) || !strings.Contains(stdout, `"username":"demo-user"`) {
		t.Fatalf("mcp call with the login: %d %s", code, stdout)
	}
	second := refreshedBeforeExpiry(t, store, server, first)

	// The login's audience is the MCP server: an API refuses the token, with the reason.
	resp := get(t, strings.Replace(urls.APIURLTmpl, "{api_name}", "demo-echo", 1)+"/prod/oauth/whoami/", second.AccessToken)
	if resp.StatusCode != 403 || !strings.Contains(resp.Header.Get("WWW-Authenticate"), `error="invalid_audience"`) {
		t.Fatalf("wrong audience: %d %s", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
	logoutRevokes(t, store, server, second)

	// Expired, and nothing to refresh it with: a new login is asked for.
	dead := second
	dead.RefreshToken, dead.Expiry = "", time.Now().Add(-time.Minute)
	b, _ := json.Marshal(dead)
	store.Set("me", loginKind(server), string(b))
	if code, _, stderr = inProcess(t, store, "", "mcp", "tools", server); code == 0 || !strings.Contains(stderr, "log in again") {
		t.Fatalf("an expired login: %d %s", code, stderr)
	}
	// A damaged saved login says which and how to mend it, in the reader's language (it was
	// English in every language).
	store.Set("me", loginKind(server), "{not json")
	if code, _, stderr = inProcess(t, store, "", "--lang", "zh", "mcp", "tools", server); code == 0 || !strings.Contains(stderr, "保存的 "+server+" 登录信息已损坏：请重新登录（bkconsole mcp login "+server+"）") {
		t.Fatalf("a damaged login: %d %s", code, stderr)
	}
	// A server that takes no public-client login says so.
	if code, _, stderr = inProcess(t, store, "", "mcp", "login", "bk-user-prod-directory"); code == 0 || !strings.Contains(stderr, "does not accept public-client logins") {
		t.Fatalf("login to a server without it: %d %s", code, stderr)
	}
}

// savedLogin is the server's login as the keyring keeps it.
func savedLogin(t *testing.T, store keystore.Secrets, server string) mcpoauth.Login {
	t.Helper()
	v, err := store.Get("me", loginKind(server))
	var l mcpoauth.Login
	if err != nil || json.Unmarshal([]byte(v), &l) != nil || l.AccessToken == "" || l.RefreshToken == "" || !strings.HasPrefix(l.ClientID, "dcr_") {
		t.Fatalf("the keyring's login: %v %q", err, v)
	}
	return l
}

// noFileHoldsTheTokens: the tokens are in the keyring only, in no file bkconsole wrote.
func noFileHoldsTheTokens(t *testing.T, l mcpoauth.Login) {
	t.Helper()
	for _, dir := range []string{os.Getenv("XDG_CONFIG_HOME"), os.Getenv("XDG_STATE_HOME"), os.Getenv("XDG_CACHE_HOME")} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if b, _ := os.ReadFile(p); err == nil && !d.IsDir() && (strings.Contains(string(b), l.AccessToken) || strings.Contains(string(b), l.RefreshToken)) {
				t.Errorf("%s holds a token", p)
			}
			return nil
		})
	}
}

// refreshedBeforeExpiry: a login about to expire is refreshed by its next use, the new tokens
// kept, and the used refresh token no longer works (rotation).
func refreshedBeforeExpiry(t *testing.T, store keystore.Secrets, server string, first mcpoauth.Login) mcpoauth.Login {
	t.Helper()
	l := first
	l.Expiry = time.Now().Add(10 * time.Second)
	b, _ := json.Marshal(l)
	store.Set("me", loginKind(server), string(b))
	if code, stdout, stderr := inProcess(t, store, "", "mcp", "call", server, "echo_get"); code != 0 {
		t.Fatalf("a call that refreshes: %d %s %s", code, stdout, stderr)
	}
	second := savedLogin(t, store, server)
	if second.AccessToken == first.AccessToken || second.RefreshToken == first.RefreshToken || !second.Expiry.After(time.Now().Add(time.Hour)) {
		t.Fatalf("not refreshed: %+v", second)
	}
	if st := post(t, second.TokenURL, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {first.RefreshToken}, "client_id": {first.ClientID}}); st != 400 {
		t.Fatalf("the used refresh token still works: %d", st)
	}
	return second
}

// logoutRevokes: logout forgets the login and revokes its token at the server.
func logoutRevokes(t *testing.T, store keystore.Secrets, server string, l mcpoauth.Login) {
	t.Helper()
	code, stdout, _ := inProcess(t, store, "", "mcp", "logout", server)
	if code != 0 || !strings.Contains(stdout, "logged out") {
		t.Fatalf("logout: %d %s", code, stdout)
	}
	if _, err := store.Get("me", loginKind(server)); err != keystore.ErrNotFound {
		t.Fatalf("the login is still kept: %v", err)
	}
	resp := get(t, l.Resource, l.AccessToken)
	if resp.StatusCode != 401 || !strings.Contains(resp.Header.Get("WWW-Authenticate"), `error="invalid_token"`) {
		t.Fatalf("a revoked token: %d %s", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
	if code, _, stderr := inProcess(t, store, "", "mcp", "call", server, "echo_get", "--credential", "login"); code != 2 || !strings.Contains(stderr, "not logged in") {
		t.Fatalf("--credential login after logout: %d %s", code, stderr)
	}
}

func get(t *testing.T, u, token string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func post(t *testing.T, u string, form url.Values) int {
	t.Helper()
	resp, err := http.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// A personal token on an MCP server's user route: accepted when its audience names the server;
// refused, explained, for another audience, when expired and when revoked; a server that takes
// no personal token is refused before anything is sent.
func TestMCPWithAPersonalToken(t *testing.T) {
	store, urls := isolate(t)
	t.Setenv("BK_API_URL_TMPL", urls.APIURLTmpl)
	t.Setenv("BK_APP_CODE", sandbox.DemoAppCode)
	t.Setenv("BK_APP_SECRET", sandbox.DemoAppSecret)
	const server = "demo-echo-prod-oauth"
	with := func(token string, args ...string) (int, string, string) {
		t.Helper()
		t.Setenv("BK_PERSONAL_TOKEN", token)
		return inProcess(t, store, "", append(args, "--credential", "personal")...)
	}
	code, stdout, stderr := with(sandbox.PersonalTokens["valid"], "mcp", "call", server, "echo_get")
	if code != 0 || !strings.Contains(stdout, `"app_code":"personal"`) {
		t.Fatalf("a personal token: %d %s %s", code, stdout, stderr)
	}
	for _, c := range []struct{ token, want string }{
		{sandbox.PersonalTokens["narrow"], "audience does not include this API or MCP server"},
		{sandbox.PersonalTokens["expired"], "unknown, expired or revoked"},
		{sandbox.PersonalTokens["revoked"], "unknown, expired or revoked"},
	} {
		if code, _, stderr := with(c.token, "mcp", "tools", server); code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, stderr lacks %q:\n%s", c.token, code, c.want, stderr)
		}
	}
	if code, _, stderr := with(sandbox.PersonalTokens["valid"], "mcp", "tools", "bk-user-prod-directory"); code != 2 || !strings.Contains(stderr, "does not accept personal tokens") {
		t.Errorf("a server without personal tokens: %d %s", code, stderr)
	}
	// The servers of the other combinations: a public-only one refuses a personal token at the
	// gateway (its kind), a personal-only one offers no login.
	base := strings.Replace(urls.APIURLTmpl, "{api_name}", "bk-apigateway", 1) + "/prod/api/v2/mcp-servers/"
	if resp := get(t, base+"bk-user-prod-login/mcp/", sandbox.PersonalTokens["valid"]); resp.StatusCode != 401 ||
		!strings.Contains(resp.Header.Get("WWW-Authenticate"), "support_personal=false") {
		t.Errorf("a personal token on a public-only server: %d %s", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
	if code, _, stderr := inProcess(t, store, "", "mcp", "login", "bk-user-prod-tokens"); code == 0 || !strings.Contains(stderr, "does not accept public-client logins") {
		t.Errorf("a login to a personal-only server: %d %s", code, stderr)
	}
}

// A refused personal token's fix is what this server and this token allow: renewing the token
// where it came from (BK_PERSONAL_TOKEN), the server's own audience by name, and a login only on
// a server that takes logins (the others offer the app credentials instead).
func TestMCPPersonalTokenRefusalsSayWhatToDo(t *testing.T) {
	store, urls := isolate(t)
	t.Setenv("BK_API_URL_TMPL", urls.APIURLTmpl)
	t.Setenv("BK_APP_CODE", sandbox.DemoAppCode)
	t.Setenv("BK_APP_SECRET", sandbox.DemoAppSecret)
	for _, c := range []struct {
		server, token string
		want          []string
		not           string
	}{
		{"bk-user-prod-tokens", "expired", []string{"renew it on the personal token page and put the new one in BK_PERSONAL_TOKEN"}, "mcp login"},
		{"demo-echo-prod-oauth", "revoked", []string{"BK_PERSONAL_TOKEN"}, "mcp login"},
		{"bk-user-prod-tokens", "narrow", []string{"mcp_server:bk-user-prod-tokens", "--credential app"}, "mcp login"},
		{"demo-echo-prod-oauth", "narrow", []string{"mcp_server:demo-echo-prod-oauth", "bkconsole mcp login demo-echo-prod-oauth"}, "NAME"},
		{"demo-echo-prod-echo", "valid", []string{"does not accept personal tokens", "--credential app"}, "mcp login"},
		{"bk-user-prod-login", "valid", []string{"does not accept personal tokens", "bkconsole mcp login bk-user-prod-login"}, "NAME"},
	} {
		t.Setenv("BK_PERSONAL_TOKEN", sandbox.PersonalTokens[c.token])
		code, _, stderr := inProcess(t, store, "", "mcp", "tools", c.server, "--credential", "personal")
		if code == 0 || strings.Contains(stderr, c.not) {
			t.Errorf("%s with the %s token: exit %d, and %q was said:\n%s", c.server, c.token, code, c.not, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s with the %s token: %q not said:\n%s", c.server, c.token, w, stderr)
			}
		}
	}
}
