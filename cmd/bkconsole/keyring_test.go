package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/keystore/keyringtest"
)

// grepTree fails if any file under dir contains one of the secrets.
func grepTree(t *testing.T, dir string, secrets ...string) {
	t.Helper()
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(path)
		for _, s := range secrets {
			if strings.Contains(string(b), s) {
				t.Errorf("%s holds a secret", path)
			}
		}
		return nil
	})
}

func TestIntegrationLoginKeyringFlow(t *testing.T) {
	keyringtest.Require(t)
	h := newHome(t)
	s := h.serve()
	app := s.Apps[1]
	login := []string{"login", "--profile", "demo", "--app-code", app.Code, "--api-url-tmpl", s.APIURLTmpl,
		"--help-center-url", s.HelpCenter, "--developer-center-url", s.DevCenter, "--username", "demo-user", "--secret-stdin"}
	r := h.run(app.Secret, login...)
	if r.code != 0 || !strings.Contains(r.stdout, "saved") {
		t.Fatalf("login: %d %s %s", r.code, r.stdout, r.stderr)
	}
	out, err := exec.Command("secret-tool", "lookup", "service", "bkconsole", "username", "demo/bk_app_secret").Output()
	if err != nil || string(out) != app.Secret {
		t.Fatalf("secret-tool lookup: %q %v", out, err)
	}
	cfg, _ := os.ReadFile(filepath.Join(h.dir, "config", "bkconsole", "config.json"))
	if strings.Contains(string(cfg), app.Secret) || !strings.Contains(string(cfg), app.Code) {
		t.Fatalf("config: %s", cfg)
	}
	if out := h.ok("--profile", "demo", "gateways"); !strings.Contains(out, "bk-user") {
		t.Errorf("gateways with the keyring's secret: %s", out)
	}
	// Without a token: O serves docs and apply; the token is named as what unlocks the rest.
	var st struct {
		Report struct {
			Features []struct {
				Feature string   `json:"feature"`
				Surface string   `json:"surface"`
				Needs   []string `json:"needs"`
			} `json:"features"`
		} `json:"report"`
		Token string `json:"token_state"`
	}
	json.Unmarshal([]byte(h.ok("--profile", "demo", "auth", "status", "--json")), &st)
	feat := map[string]string{}
	needs := map[string][]string{}
	for _, f := range st.Report.Features {
		feat[f.Feature], needs[f.Feature] = f.Surface, f.Needs
	}
	if feat["doc"] != "O" || feat["apply"] != "O" || feat["sdks"] != "" || !slices.Contains(needs["sdks"], "bk_token") || !slices.Contains(needs["permissions"], "bk_token") || st.Token != "none" {
		t.Fatalf("app only: %+v %+v %s", feat, needs, st.Token)
	}
	// With a token: the Help Center and the Developer Center serve docs, SDKs and permissions.
	if r := h.run(s.BkToken+"\n", "login", "--profile", "demo", "--token-stdin", "--no-verify"); r.code != 0 {
		t.Fatalf("token login: %s", r.stderr)
	}
	json.Unmarshal([]byte(h.ok("--profile", "demo", "auth", "status", "--json")), &st)
	for _, f := range st.Report.Features {
		feat[f.Feature] = f.Surface
	}
	if feat["doc"] != "A" || feat["sdks"] != "A" || feat["permissions"] != "D" || st.Token != "fresh" {
		t.Fatalf("with token: %+v %s", feat, st.Token)
	}
	text := h.ok("--profile", "demo", "auth", "status")
	if !strings.Contains(text, "served by the API Help Center") || strings.Contains(text, app.Secret) || strings.Contains(text, s.BkToken) {
		t.Errorf("auth status text:\n%s", text)
	}
	prof := h.ok("profiles", "--json")
	if strings.Contains(prof, app.Secret) || !strings.Contains(prof, `"keyring"`) {
		t.Errorf("profiles --json: %s", prof)
	}
	// Nothing bkconsole wrote holds the secret or the token.
	grepTree(t, h.dir, app.Secret, s.BkToken)
	// Logout removes the entries.
	h.ok("logout", "--profile", "demo")
	if out, _ := exec.Command("secret-tool", "lookup", "service", "bkconsole", "username", "demo/bk_app_secret").Output(); len(out) != 0 {
		t.Errorf("still in the keyring after logout: %q", out)
	}
	h.ok("logout", "--profile", "demo", "--forget")
	if out := h.ok("profiles"); !strings.Contains(out, "no profile") {
		t.Errorf("forgotten: %s", out)
	}
}

func TestNoSecretServiceIsClearAndFast(t *testing.T) {
	h := newHome(t)
	h.e2e = true // the keyring's absence is the process's: a D-Bus connection is kept per process
	s := h.serve()
	// A session bus address that leads nowhere, and no dbus-launch to start one.
	bare := newHome(t)
	bare.e2e = true
	bare.env = filterEnv(bare.env, "DBUS_SESSION_BUS_ADDRESS", "PATH")
	bare.env = append(bare.env, "DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(bare.dir, "no-bus"), "PATH=/nonexistent")
	os.MkdirAll(filepath.Join(bare.dir, "config", "bkconsole"), 0o700)
	cfg := `{"active":"demo","profiles":[{"name":"demo","bk_app_code":"` + s.Apps[0].Code + `","bk_api_url_tmpl":"` + s.APIURLTmpl + `"}]}`
	os.WriteFile(filepath.Join(bare.dir, "config", "bkconsole", "config.json"), []byte(cfg), 0o600)
	r := bare.run("", "--profile", "demo", "gateways")
	if r.took.Seconds() > 2 || r.code == 0 || !strings.Contains(r.stderr, "keyring is not reachable") || !strings.Contains(r.stderr, "gnome-keyring") {
		t.Fatalf("no keyring: %s exit %d %q", r.took, r.code, r.stderr)
	}
	bare.env = append(bare.env, "BK_APP_SECRET="+s.Apps[0].Secret)
	r = bare.run("", "--profile", "demo", "gateways")
	if r.code != 0 || !strings.Contains(r.stdout, "bk-user") {
		t.Fatalf("with BK_APP_SECRET: %d %s %s", r.code, r.stdout, r.stderr)
	}
	// login never falls back to a file.
	r = bare.run("s3cret", "login", "--profile", "demo", "--secret-stdin", "--no-verify")
	if r.code != 1 || !strings.Contains(r.stderr, "never writes secrets to a file") {
		t.Fatalf("login without keyring: %d %s", r.code, r.stderr)
	}
	grepTree(t, bare.dir, "s3cret")
	// Each says it in the reader's language, the keyring's cause inside it (its own English
	// sentence had stood inside the Chinese), and logout says it removes, not stores.
	r = bare.run("s3cret", "--lang", "zh", "login", "--profile", "demo", "--secret-stdin", "--no-verify")
	if !strings.Contains(r.stderr, "无法保存密钥") || strings.Contains(r.stderr, "the OS keyring") || strings.Contains(r.stderr, "） （") {
		t.Errorf("login in Chinese: %s", r.stderr)
	}
	for lang, want := range map[string]string{"en": "cannot remove the secrets", "zh": "无法删除密钥"} {
		r = bare.run("", "--lang", lang, "logout", "--profile", "demo")
		if r.code != 1 || !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, "store") || lang == "zh" && strings.Contains(r.stderr, "the OS keyring") {
			t.Errorf("logout, %s: %d %s", lang, r.code, r.stderr)
		}
	}
	// Forgetting the profile goes on without the keyring (a machine without one could not remove
	// its profiles at all), saying what the keyring may still hold.
	r = bare.run("", "logout", "--profile", "demo", "--forget")
	if r.code != 1 || !strings.Contains(r.stdout, "removed profile demo from the config file") || !strings.Contains(r.stderr, "items demo/…") {
		t.Errorf("logout --forget: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r = bare.run("", "profiles"); !strings.Contains(r.stdout+r.stderr, "no profile yet") {
		t.Errorf("the profile stays: %s %s", r.stdout, r.stderr)
	}
}

func filterEnv(env []string, drop ...string) []string {
	var out []string
	for _, e := range env {
		keep := true
		for _, d := range drop {
			if strings.HasPrefix(e, d+"=") {
				keep = false
			}
		}
		if keep {
			out = append(out, e)
		}
	}
	return out
}

// Without a D-Bus session no keyring is asked: nothing autolaunches a dbus-daemon that would
// outlive the command, and the answer comes at once.
func TestNoBusNoDaemonLeftBehind(t *testing.T) {
	count := func() int {
		out, _ := exec.Command("pgrep", "-c", "-f", "dbus-daemon --syslog --fork --print-pid").Output()
		n := 0
		for _, c := range strings.TrimSpace(string(out)) {
			n = n*10 + int(c-'0')
		}
		return n
	}
	before := count()
	h := newHome(t)
	var env []string
	for _, e := range h.env {
		if !strings.HasPrefix(e, "DBUS_SESSION_BUS_ADDRESS=") {
			env = append(env, e)
		}
	}
	h.env = env
	h.run("sec", "login", "--profile", "nobus", "--app-code", "app", "--api-url-tmpl", "http://127.0.0.1:1/api/{api_name}", "--no-verify", "--secret-stdin")
	for i := 0; i < 3; i++ {
		r := h.run("", "profiles") // asks where each secret is
		if r.took.Seconds() > 2 {
			t.Fatalf("profiles took %v without a bus", r.took)
		}
	}
	if after := count(); after > before {
		t.Fatalf("%d dbus-daemons were left behind", after-before)
	}
}
