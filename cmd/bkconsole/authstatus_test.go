package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/sandbox"
	"github.com/bkconsole/bkconsole/keystore"
	"github.com/charmbracelet/x/ansi"
)

// unreachableKeyring is a Secret Service that does not answer.
type unreachableKeyring struct{}

func (unreachableKeyring) Get(string, keystore.Kind) (string, error) {
	return "", &keystore.UnavailableError{Err: errors.New("no answer in 1.5s")}
}
func (unreachableKeyring) Set(string, keystore.Kind, string) error {
	return &keystore.UnavailableError{Err: errors.New("no answer in 1.5s")}
}
func (unreachableKeyring) Delete(string, keystore.Kind) error {
	return &keystore.UnavailableError{Err: errors.New("no answer in 1.5s")}
}

// auth status reads in Chinese as in English: its columns line up in cells, an unreachable
// keyring is said once in the reader's language (the English sentence had stood inside the
// Chinese one), a list of Chinese words takes 、, and a bk_token the server accepted is not
// "not checked" (it read "saved under 20 hours ago (not checked) (saved 5m0s ago)"); its
// labels take the full-width colon in Chinese.
func TestAuthStatusReadsInBothLanguages(t *testing.T) {
	store, urls := isolate(t)
	loginDemo(t, store, urls)
	for _, c := range []struct {
		lang, accepted, notChecked, englishInside string
	}{
		{"en", "User login (bk_token): the server accepts it (saved under a minute ago)", "not checked", ""},
		{"zh", "用户登录态（bk_token）：服务器已接受（不到 1 分钟前保存）", "未验证", "the OS keyring"},
	} {
		code, out, _ := inProcess(t, store, "", "auth", "status", "--lang", c.lang)
		if code != 0 || !strings.Contains(out, c.accepted) || strings.Contains(out, c.notChecked) {
			t.Fatalf("%s: %d\n%s", c.lang, code, out)
		}
		checkAligned(t, out)
		if line := i18n.MixedPunctuation(out); c.lang == "zh" && line != "" {
			t.Errorf("zh: English punctuation after Chinese: %q", line) // "配置: demo" beside "访问途径："
		}
		t.Setenv("BK_APP_SECRET", sandbox.DemoAppSecret)
		_, out, _ = inProcess(t, unreachableKeyring{}, "", "auth", "status", "--lang", c.lang)
		if !strings.Contains(out, "no answer in 1.5s") || c.englishInside != "" && strings.Contains(out, c.englishInside) {
			t.Errorf("%s: the keyring's line:\n%s", c.lang, out)
		}
		if c.lang == "zh" && !strings.Contains(out, "开发者中心地址和登录态（bk_token）") {
			t.Errorf("zh: needs joined in English:\n%s", out)
		}
		checkAligned(t, out)
		t.Setenv("BK_APP_SECRET", "")
	}
}

// checkAligned fails when the indented lines under one heading start their second column at
// different cells.
func checkAligned(t *testing.T, out string) {
	t.Helper()
	col := -1
	for _, l := range strings.Split(out, "\n") {
		if !strings.HasPrefix(l, "  ") {
			col = -1 // a heading: a new block
			continue
		}
		i := strings.Index(l[2:], "  ")
		for i >= 0 && i+4 < len(l) && l[2+i+2] == ' ' {
			i++
		}
		at := ansi.StringWidth(l[:2+i+2])
		if col >= 0 && at != col {
			t.Errorf("second column at cell %d, not %d: %q\n%s", at, col, l, out)
			return
		}
		col = at
	}
}

// A call's status line says how long it took in a unit that shows it: a loopback answer under
// half a millisecond read "0s".
func TestCallSaysHowLongItTook(t *testing.T) {
	store, urls := isolate(t)
	if code, _, stderr := inProcess(t, store, sandbox.DemoAppSecret+"\n", "login", "--profile", "demo", "--app-code", sandbox.DemoAppCode,
		"--api-url-tmpl", urls.APIURLTmpl, "--secret-stdin", "--no-verify"); code != 0 {
		t.Fatalf("login: %s", stderr)
	}
	for i := range 6 {
		args := []string{"call", "demo-echo", "echo_get"}
		if i%2 == 1 { // an AI gateway's chat says it too
			args = []string{"call", "bkai-demo", "chat_completions", "--message", "hi", "--no-stream"}
		}
		code, _, stderr := inProcess(t, store, "", args...)
		line, _, _ := strings.Cut(stderr[strings.Index(stderr, "HTTP/"):], "\n")
		took := line[strings.LastIndex(line, "· ")+2:]
		if code != 0 || strings.TrimSpace(took) == "0s" || !strings.HasSuffix(strings.TrimSpace(took), "s") {
			t.Fatalf("%d %q", code, stderr)
		}
	}
}

// Without a keyring, what is said follows what the environment holds: "going on with the
// environment's secrets" was said of an environment that held none, `login --from-env` told the
// user to put in the environment the secrets it had just read from there, and a login given no
// secret said they were "in the OS keyring".
func TestNoKeyringSaysWhatTheEnvironmentHolds(t *testing.T) {
	_, urls := isolate(t)
	t.Setenv("BK_API_URL_TMPL", urls.APIURLTmpl)
	code, out, _ := inProcess(t, unreachableKeyring{}, "", "login", "--profile", "demo", "--app-code", sandbox.DemoAppCode, "--from-env", "--no-verify")
	if code != 0 || !strings.Contains(out, "--from-env found no secret in the environment") || strings.Contains(out, "OS keyring") {
		t.Fatalf("login --from-env with nothing to store: %d %s", code, out)
	}
	_, _, stderr := inProcess(t, unreachableKeyring{}, "", "gateways")
	if !strings.Contains(stderr, "the environment holds no secret") || strings.Contains(stderr, "going on with the environment's secrets") {
		t.Errorf("no keyring, no secret in the environment:\n%s", stderr)
	}
	t.Setenv("BK_APP_SECRET", sandbox.DemoAppSecret)
	if _, _, stderr = inProcess(t, unreachableKeyring{}, "", "gateways"); !strings.Contains(stderr, "going on with the environment's secrets") {
		t.Errorf("no keyring, a secret in the environment:\n%s", stderr)
	}
	code, _, stderr = inProcess(t, unreachableKeyring{}, "", "login", "--profile", "demo", "--from-env", "--no-verify")
	if code != 1 || !strings.Contains(stderr, "cannot store the environment's secrets") || strings.Contains(stderr, "or use BK_APP_SECRET") {
		t.Errorf("login --from-env without a keyring: %d %s", code, stderr)
	}
}

// A bk_token from the environment is not judged by the keyring token's age: a profile whose
// saved token was three days old said "over 24 hours old: likely expired" of a fresh BK_TOKEN
// the server had just accepted.
func TestAuthStatusJudgesTheEnvironmentsTokenByItself(t *testing.T) {
	store, urls := isolate(t)
	loginDemo(t, store, urls)
	path := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "bkconsole", "config.json")
	if err := keystore.Update(path, func(f *keystore.File) error {
		p, _ := f.Get("demo")
		p.TokenSavedAt = time.Now().Add(-72 * time.Hour)
		f.Put(p)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, out, _ := inProcess(t, store, "", "auth", "status"); !strings.Contains(out, "over 24 hours old") {
		t.Fatalf("the keyring's old token:\n%s", out)
	}
	t.Setenv("BK_TOKEN", sandbox.DemoBkToken)
	_, out, _ := inProcess(t, store, "", "auth", "status")
	if !strings.Contains(out, "User login (bk_token): the server accepts it (from BK_TOKEN)") || strings.Contains(out, "24 hours") {
		t.Errorf("the environment's token:\n%s", out)
	}
}

// What unlocks a feature is said as ways, any one of which will do: an app without the
// inner-API grant and without a login read "apply: unavailable: add the Developer Center URL,
// a login (bk_token), an inner-API grant for the app (an administrator's), your username" as
// if all four were needed, when the username alone opens the open APIs' apply. The error of a
// command the profile cannot serve words it the same way, and the JSON keeps each way apart.
func TestUnlockNamesEachWayApart(t *testing.T) {
	store, urls := isolate(t)
	t.Setenv("BK_API_URL_TMPL", urls.APIURLTmpl)
	t.Setenv("BK_APP_CODE", sandbox.VisitorAppCode)
	t.Setenv("BK_APP_SECRET", sandbox.VisitorAppSecret)
	for lang, want := range map[string][]string{
		"en": {"add the Developer Center URL and a login (bk_token), or an inner-API grant for the app (an administrator's), or your username (the applicant)",
			"not configured: add the Help Center URL and a login (bk_token)"},
		"zh": {"请添加开发者中心地址和登录态（bk_token），或应用的内部 API 授权（需管理员授予），或你的用户名（申请人）"},
	} {
		_, out, _ := inProcess(t, store, "", "auth", "status", "--lang", lang)
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: no %q in\n%s", lang, w, out)
			}
		}
	}
	code, _, stderr := inProcess(t, store, "", "perms", "bk-cmdb", "--lang", "en")
	if code == 0 || !strings.Contains(stderr, "the Developer Center URL and a login (bk_token), or an inner-API grant") {
		t.Errorf("perms: %d %s", code, stderr)
	}
	_, _, stderr = inProcess(t, store, "", "perms", "bk-cmdb", "--json")
	if !strings.Contains(stderr, `"ways":[["developer_center_url","bk_token"],["inner_grant"]]`) {
		t.Errorf("perms --json: %s", stderr)
	}
	_, out, _ := inProcess(t, store, "", "auth", "status", "--json")
	var v struct {
		Features []struct {
			Feature string     `json:"feature"`
			Ways    [][]string `json:"ways"`
		} `json:"features"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, f := range v.Features {
		if f.Feature == "apply" && !slices.ContainsFunc(f.Ways, func(w []string) bool { return slices.Equal(w, []string{"username"}) }) {
			t.Errorf("apply's ways: %v", f.Ways)
		}
	}
}

// An app that applies through the open APIs with no username set is told where to name one,
// as an MCP application is (it read `needs your username (the applicant): "" is not valid`),
// and nothing is sent; named in the environment, the application goes out.
func TestOpenApplyWithoutUsernameSaysWhereToNameIt(t *testing.T) {
	store, urls := isolate(t)
	t.Setenv("BK_API_URL_TMPL", urls.APIURLTmpl)
	t.Setenv("BK_APP_CODE", sandbox.VisitorAppCode)
	t.Setenv("BK_APP_SECRET", sandbox.VisitorAppSecret)
	code, _, stderr := inProcess(t, store, "", "apply", "bk-cmdb", "search_business", "--reason", "r", "--lang", "en")
	if code != 2 || !strings.Contains(stderr, "bkconsole login --username NAME or BK_USERNAME") || strings.Contains(stderr, `""`) {
		t.Errorf("no username: %d %s", code, stderr)
	}
	t.Setenv("BK_USERNAME", "bob")
	if code, out, stderr := inProcess(t, store, "", "apply", "bk-cmdb", "search_business", "--reason", "r", "--lang", "en"); code != 0 || !strings.Contains(out, "record") {
		t.Errorf("with BK_USERNAME: %d %s %s", code, out, stderr)
	}
}

// records --all of an app that reaches only the open APIs prints its MCP applications (O
// lists them) and says the gateways' could not be read, with exit 1; it had refused whole.
func TestAllRecordsThroughTheOpenAPIs(t *testing.T) {
	store, urls := isolate(t)
	t.Setenv("BK_API_URL_TMPL", urls.APIURLTmpl)
	t.Setenv("BK_APP_CODE", sandbox.VisitorAppCode)
	t.Setenv("BK_APP_SECRET", sandbox.VisitorAppSecret)
	t.Setenv("BK_USERNAME", "bob")
	if code, _, stderr := inProcess(t, store, "", "mcp", "apply", "demo-echo-prod-echo", "--reason", "agent"); code != 0 {
		t.Fatalf("mcp apply: %d %s", code, stderr)
	}
	code, out, stderr := inProcess(t, store, "", "records", "--all", "--lang", "en")
	if code != 1 || !strings.Contains(out, "demo-echo-prod-echo") || !strings.Contains(stderr, "gateway") || !strings.Contains(stderr, "records could not be read") {
		t.Errorf("%d\n%s\n%s", code, out, stderr)
	}
}

// A bk_token the servers refused is asked for again as a fresh one: "add a login (bk_token)"
// read as if none had been given.
func TestRefusedTokenAskedForFresh(t *testing.T) {
	store := environmentOnly(t, sandbox.VisitorAppCode, sandbox.VisitorAppSecret, "expired-token")
	_, out, _ := inProcess(t, store, "", "auth", "status", "--lang", "en")
	if !strings.Contains(out, "permissions     unavailable: add a fresh bk_token (the one given was refused: log in again), or an inner-API grant") {
		t.Errorf("%s", out)
	}
	_, _, stderr := inProcess(t, store, "", "perms", "bk-cmdb", "--lang", "en")
	if !strings.Contains(stderr, "a fresh bk_token") {
		t.Errorf("perms: %s", stderr)
	}
	// So is a refused app secret: "add the app secret" read as if none had been given.
	store = environmentOnly(t, sandbox.VisitorAppCode, "mistyped", "")
	for lang, want := range map[string]string{"en": "gateway log     unavailable: add the right app secret (the one given was refused)", "zh": "正确的应用密钥（当前的已被拒绝）"} {
		if _, out, _ := inProcess(t, store, "", "auth", "status", "--lang", lang); !strings.Contains(out, want) {
			t.Errorf("%s: %s", lang, out)
		}
	}
	// It came from the environment, which is used over any profile's: a login would not
	// replace it ("re-enter the app secret: bkconsole login").
	if _, _, stderr := inProcess(t, store, "", "gateways", "--lang", "en"); !strings.Contains(stderr, "put the right app secret in BK_APP_SECRET") {
		t.Errorf("gateways: %s", stderr)
	}
	// So is an expired personal token from BK_PERSONAL_TOKEN.
	store = environmentOnly(t, sandbox.DemoAppCode, sandbox.DemoAppSecret, "")
	t.Setenv("BK_PERSONAL_TOKEN", sandbox.PersonalTokens["expired"])
	if _, _, stderr := inProcess(t, store, "", "call", "demo-echo", "token_whoami", "--bearer", "--lang", "en"); !strings.Contains(stderr, "put the new one in BK_PERSONAL_TOKEN") {
		t.Errorf("call --bearer: %s", stderr)
	}
}

// A refused bk_token that came from the environment is replaced there: the fallback's notice
// said "paste a fresh one with bkconsole login --token-stdin", which leaves BK_TOKEN refused.
func TestRefusedEnvironmentTokenIsReplacedThere(t *testing.T) {
	store := environmentOnly(t, sandbox.DemoAppCode, sandbox.DemoAppSecret, "expired-token")
	for lang, want := range map[string]string{"en": "so this came through the inner APIs: put a fresh one in BK_TOKEN", "zh": "请在 BK_TOKEN 中设置新的 bk_token"} {
		code, _, stderr := inProcess(t, store, "", "perms", "demo-echo", "--lang", lang)
		if code != 0 || !strings.Contains(stderr, want) || strings.Contains(stderr, "--token-stdin") {
			t.Errorf("%s: exit %d, %s", lang, code, stderr)
		}
	}
}

// environmentOnly points the run at a sandbox by the environment alone: its addresses, an app
// and a bk_token, no profile.
func environmentOnly(t *testing.T, app, secret, token string) keystore.Secrets {
	store, urls := isolate(t)
	for k, v := range map[string]string{"BK_API_URL_TMPL": urls.APIURLTmpl, "BKCONSOLE_HELP_CENTER_URL": urls.HelpCenterURL,
		"BKCONSOLE_DEVELOPER_CENTER_URL": urls.DeveloperCenterURL, "BK_APP_CODE": app, "BK_APP_SECRET": secret, "BK_TOKEN": token} {
		t.Setenv(k, v)
	}
	return store
}
