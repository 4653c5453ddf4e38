package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/adrg/xdg"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/sandbox"
	"github.com/bkconsole/bkconsole/keystore"
	"github.com/bkconsole/bkconsole/tui/common"
)

// With --sandbox the login form can be tried: it starts from the sandbox's addresses, checks
// them for real, and saves nothing (no config file, no keyring), saying so.
func TestSandboxLoginFormIsATry(t *testing.T) {
	dir := t.TempDir()
	t.Cleanup(xdg.Reload)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	xdg.Reload()
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	defer srv.Close()
	app := &App{useSandbox: true}
	s := &sandboxStore{profileStore: profileStore{a: app}, cfg: sandboxConfig(srv.URL), info: common.ProfileInfo{Name: "sandbox", Sandbox: true}}
	d := s.Draft("")
	if d.APIURLTmpl != sandbox.URLsFor(srv.URL).APIURLTmpl || d.AppCode != sandbox.DemoAppCode || d.BkToken == "" {
		t.Fatalf("draft: %+v", d)
	}
	rep, err := s.Check(context.Background(), d)
	if err != nil || !rep.Surfaces[client.SurfaceDevCenter].OK || !rep.Surfaces[client.SurfaceOpen].OK {
		t.Fatalf("check: %v %+v", err, rep)
	}
	var ue *client.ErrUserInput
	for _, err := range []error{s.Save(d), s.Logout("sandbox"), s.Login("x", "a", "b", "c")} {
		if !errors.As(err, &ue) || ue.Key != "tui.sandbox_try_only" {
			t.Errorf("a write with --sandbox: %v", err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "config")); !os.IsNotExist(err) {
		t.Fatalf("a try wrote the config: %v", err)
	}
}

// The profile's rules are one: the CLI's login and the console's login form refuse the same
// fields with the same words (the form had its own copy, and the CLI took --ui-lang fr). The
// CLI refuses before reading the secret: the paste is not lost on a typo.
func TestProfileRulesAreOne(t *testing.T) {
	s, dir := formStore(t)
	base := []string{"login", "--no-verify", "--api-url-tmpl", "http://127.0.0.1:1/api/{api_name}"}
	notPEM := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		flag, value, key string
		set              func(*common.ProfileDraft, string)
	}{
		{"--ui-lang", "fr", "login.bad_lang", func(d *common.ProfileDraft, v string) { d.Lang = v }},
		{"--token-name", "sess", "login.bad_token_name", func(d *common.ProfileDraft, v string) { d.TokenName = v }},
		{"--app-code", "Bad Code", "input.bad_app_code", func(d *common.ProfileDraft, v string) { d.AppCode = v }},
		{"--help-center-url", "ftp://x", "login.bad_url", func(d *common.ProfileDraft, v string) { d.HelpCenterURL = v }},
		{"--stages", "prod,no stage", "input.bad_stage", func(d *common.ProfileDraft, v string) { d.Stages = v }},
		// A CA bundle with no certificate had been saved, and every command then failed in English.
		{"--ca-bundle", notPEM, "input.ca_empty", func(d *common.ProfileDraft, v string) { d.CABundle = v }},
		{"--ca-bundle", filepath.Join(dir, "none.pem"), "input.ca_unreadable", func(d *common.ProfileDraft, v string) { d.CABundle = v }},
	} {
		d := s.Draft("")
		c.set(&d, c.value)
		_, err := s.Check(context.Background(), d)
		var ue *client.ErrUserInput
		if !errors.As(err, &ue) || ue.Key != c.key {
			t.Errorf("the form's check of %s %q: %v", c.flag, c.value, err)
		}
		stdin := &countingReader{}
		app := &App{Stdout: io.Discard, Stderr: io.Discard, Stdin: stdin}
		if code := runApp(app, append(base, c.flag, c.value)); code != ExitUsage || stdin.n != 0 {
			t.Errorf("login %s %q: exit %d, stdin read %d times", c.flag, c.value, code, stdin.n)
		}
	}
	// Why a CA bundle cannot be read is said in the reader's language (it was the system's
	// English "open …: no such file or directory").
	none := filepath.Join(dir, "none.pem")
	for lang, want := range map[string]string{"en": "the CA bundle " + none + " cannot be read (no such file)", "zh": "无法读取 CA 证书文件 " + none + "（文件不存在）"} {
		var stderr strings.Builder
		app := &App{Stdout: io.Discard, Stderr: &stderr, Stdin: &countingReader{}}
		if runApp(app, append(base, "--lang", lang, "--ca-bundle", none)); !strings.Contains(stderr.String(), want) {
			t.Errorf("an unreadable CA bundle, in %s: %s", lang, stderr.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "config", "bkconsole")); !os.IsNotExist(err) {
		t.Fatalf("a refused login wrote the config: %v", err)
	}
}

// countingReader is a stdin holding a secret that counts the reads of it.
type countingReader struct{ n int }

func (r *countingReader) Read(p []byte) (int, error) {
	r.n++
	return copy(p, "sec\n"), io.EOF
}

// The console's sandbox profile knows its personal token's expiry, as auth status does: its
// profile page had said "expiry unknown (fill it in the profile form)" while the CLI gave the date.
func TestSandboxProfileKnowsThePersonalTokensExpiry(t *testing.T) {
	cfg := sandboxConfig("http://127.0.0.1:1")
	if info := (&App{useSandbox: true}).sandboxInfo(cfg); !info.PersonalExpires.Equal(cfg.PersonalTokenExpires) || info.PersonalExpires.IsZero() {
		t.Fatalf("the sandbox profile's personal token expires %v, its config says %v", info.PersonalExpires, cfg.PersonalTokenExpires)
	}
}

// Without a keyring, a login made in the console lasts the console's run: the settings are
// saved, the secrets held in its memory (never written), the profile used at once, and the
// user told so. It had said "saved without its secrets; give them in the environment" and left
// the console on no profile, an empty profile list and features for none.
func TestConsoleLoginWithoutAKeyringLastsTheRun(t *testing.T) {
	_, urls := isolate(t)
	app := &App{Secrets: keystore.NewSession(unreachableKeyring{})}
	s := &profileStore{a: app}
	d := common.ProfileDraft{Name: "demo", APIURLTmpl: urls.APIURLTmpl, HelpCenterURL: urls.HelpCenterURL, DeveloperCenterURL: urls.DeveloperCenterURL,
		ComponentAPIURL: urls.ComponentAPIURL, AppCode: sandbox.DemoAppCode, AppSecret: sandbox.DemoAppSecret, BkToken: sandbox.DemoBkToken}
	if err := s.Save(d); err != nil {
		t.Fatalf("save: %v", err)
	}
	// The form's every setting is kept, ESB's address included: the console calls components.
	if again := s.Draft("demo"); again.ComponentAPIURL != urls.ComponentAPIURL || again.DeveloperCenterURL != urls.DeveloperCenterURL {
		t.Fatalf("the form reopens without what was saved: %+v", again)
	}
	b, info, err := s.Use("demo")
	if err != nil || info.Secrets["bk_app_secret"].From != "session" || info.Secrets["bk_token"].From != "session" || info.Token != "fresh" {
		t.Fatalf("use: %v %+v %s", err, info.Secrets, info.Token)
	}
	if len(info.Notes) == 0 || info.Notes[0].Key != "keyring.unavailable_session" {
		t.Errorf("the switch does not say the secrets last this run only: %+v", info.Notes)
	}
	if _, via, err := b.Gateways(context.Background(), ""); err != nil || via != client.SurfaceHelpCenter {
		t.Fatalf("the held bk_token does not reach the Help Center: %v %s", err, via)
	}
	if resp, _, err := b.Call(context.Background(), client.CallRequest{Component: &client.ComponentRef{System: "CC", Name: "get_biz_location"}}); err != nil || resp.Status != 200 {
		t.Fatalf("a component call from the saved profile: %v %+v", err, resp)
	}
	cfg, _ := os.ReadFile(filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "bkconsole", "config.json"))
	if strings.Contains(string(cfg), sandbox.DemoAppSecret) || strings.Contains(string(cfg), sandbox.DemoBkToken) {
		t.Fatal("a held secret was written")
	}
	// Logging out forgets every held secret, though the keyring cannot be asked to forget its own.
	if err := s.Logout("demo"); err == nil {
		t.Error("logout said nothing of the keyring it could not reach")
	}
	if _, info, _ = s.Use("demo"); info.Secrets["bk_token"].From == "session" || info.Secrets["bk_app_secret"].From == "session" {
		t.Errorf("held after logout: %+v", info.Secrets)
	}
	// The next run holds nothing: the keyring is still away, so the secret is not known.
	if _, info, _ = (&profileStore{a: &App{Secrets: keystore.NewSession(unreachableKeyring{})}}).Use("demo"); info.Secrets["bk_app_secret"].From != "keyring_unreachable" {
		t.Errorf("another run: %+v", info.Secrets)
	}
	// Forgetting it goes on without the keyring, as `logout --forget` does, and says so.
	var ue *client.ErrUserInput
	if err := s.Forget("demo"); !errors.As(err, &ue) || ue.Key != "keyring.forgot_unreachable" {
		t.Errorf("forget: %v", err)
	}
	if ps, _, _ := s.List(); len(ps) != 0 {
		t.Errorf("still listed: %+v", ps)
	}
}

// sandbox serve's flags are checked before it listens, in the reader's language (the parsers'
// and the socket's English had been shown: "listen tcp: address 99999: invalid port"); an
// address it cannot listen on says why.
func TestSandboxServeSaysWhatItCannotServe(t *testing.T) {
	isolate(t)
	for _, c := range []struct {
		args   []string
		en, zh string
	}{
		{[]string{"--addr", "127.0.0.1:99999"}, `--addr: host:port, such as 127.0.0.1:8765 (port 0 picks a free one), not "127.0.0.1:99999"`, "--addr：应为 主机:端口"},
		{[]string{"--addr", "8765"}, `not "8765"`, `而不是 "8765"`},
		{[]string{"--faults", "error-rate=2"}, `(latency: a duration; error-rate, reset-rate, html, truncate, lose-writes: from 0 to 1; seed: a whole number), not "error-rate=2"`, "为 0 到 1 之间的比例"},
		{[]string{"--answer-as", "1.24"}, `invalid argument "1.24" for "--answer-as" flag: one of release, master`, "可选 release, master"},
	} {
		for lang, want := range map[string]string{"en": c.en, "zh": c.zh} {
			code, _, stderr := inProcess(t, nil, "", append([]string{"--lang", lang, "sandbox", "serve"}, c.args...)...)
			if code != ExitUsage || !strings.Contains(stderr, want) {
				t.Errorf("%s %v: exit %d %s", lang, c.args, code, stderr)
			}
		}
	}
	a := &App{lang: "zh"}
	for err, want := range map[error]string{
		fmt.Errorf("listen: %w", syscall.EADDRNOTAVAIL): "127.0.0.2:1 不是本机地址",
		fmt.Errorf("listen: %w", syscall.EACCES):        "无权监听 127.0.0.2:1（1024 以下端口需要特权）",
	} {
		if got := a.serveFailed(err, "127.0.0.2:1"); !strings.Contains(got.Error(), want) {
			t.Errorf("%v: %v", err, got)
		}
	}
}

// A profile that names no address of an installation is refused, by the console's form and by
// the CLI's login alike (the form, sent blank, saved one and switched to it: nothing worked);
// a login that updates a saved profile keeps its addresses and passes.
func TestProfileWithNoAddressIsRefused(t *testing.T) {
	s, dir := formStore(t)
	d := s.Draft("")
	d.APIURLTmpl, d.HelpCenterURL, d.DeveloperCenterURL = "", "", ""
	_, err := s.Check(context.Background(), d)
	var ue *client.ErrUserInput
	if !errors.As(err, &ue) || ue.Key != "login.no_address" {
		t.Errorf("the form's check of a profile with no address: %v", err)
	}
	var stderr strings.Builder
	stdin := &countingReader{}
	app := &App{Stdout: io.Discard, Stderr: &stderr, Stdin: stdin}
	if code := runApp(app, []string{"login", "--no-verify", "--secret-stdin", "--app-code", "abc"}); code != ExitUsage || stdin.n != 0 ||
		!strings.Contains(stderr.String(), "no address of your installation") {
		t.Errorf("login with no address: exit %d, stdin read %d times, %s", code, stdin.n, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "config", "bkconsole")); !os.IsNotExist(err) {
		t.Fatalf("a refused login wrote the config: %v", err)
	}
}

// formStore is the console's profile store (on a sandbox that answers nothing), with a config
// directory of the test's own, dir.
func formStore(t *testing.T) (s *sandboxStore, dir string) {
	dir = t.TempDir()
	t.Cleanup(xdg.Reload)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	xdg.Reload()
	return &sandboxStore{profileStore: profileStore{a: &App{useSandbox: true}}, cfg: sandboxConfig("http://127.0.0.1:1")}, dir
}
