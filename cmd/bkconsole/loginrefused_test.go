package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client/sandbox"
	"github.com/bkconsole/bkconsole/keystore"
)

// A login whose secret the gateway refuses saves nothing and exits 1, as the console's form
// checks before it saves: it had saved the mistyped secret over the one that worked, printed
// "refused" in the surfaces' lines and exited 0, so a script went on with a broken profile.
// --no-verify still saves unchecked; a right secret is saved as before.
func TestLoginRefusedSavesNothing(t *testing.T) {
	store, urls := isolate(t)
	login := func(secret string, extra ...string) (int, string, string) {
		return inProcess(t, store, secret+"\n", append([]string{"login", "--profile", "demo", "--app-code", sandbox.DemoAppCode,
			"--api-url-tmpl", urls.APIURLTmpl, "--secret-stdin"}, extra...)...)
	}
	if code, _, stderr := login(sandbox.DemoAppSecret); code != 0 {
		t.Fatalf("login: %d %s", code, stderr)
	}
	code, stdout, stderr := login("mistyped")
	if code != 1 || !strings.Contains(stderr, "nothing was saved: bk_app_code or bk_app_secret is incorrect") ||
		!strings.Contains(stderr, "--no-verify") || !strings.Contains(stdout, "refused") {
		t.Fatalf("a refused secret: exit %d\n%s%s", code, stdout, stderr)
	}
	if v, _ := store.Get("demo", keystore.AppSecret); v != sandbox.DemoAppSecret {
		t.Fatalf("the secret that worked was replaced by %q", v)
	}
	if code, stdout, stderr := inProcess(t, store, "", "call", "demo-echo", "/echo/", "-X", "GET"); code != 0 || !strings.Contains(stdout, `"app_code":"bkc-demo"`) {
		t.Fatalf("the profile still works: %d %s %s", code, stdout, stderr)
	}
	if code, _, stderr := login("unchecked", "--no-verify"); code != 0 {
		t.Fatalf("--no-verify: %d %s", code, stderr)
	}
	if v, _ := store.Get("demo", keystore.AppSecret); v != "unchecked" {
		t.Fatalf("--no-verify saves what it is given: %q", v)
	}
}

// On a terminal the refusal is asked about: n (or enter) saves nothing, y saves it anyway;
// in the reader's language.
func TestLoginRefusedAsksOnATerminal(t *testing.T) {
	h := newHome(t)
	s := h.serve()
	env := append(h.env, "LANG=zh_CN.UTF-8")
	args := []string{"login", "--profile", "p", "--app-code", sandbox.DemoAppCode, "--api-url-tmpl", s.APIURLTmpl}
	config := filepath.Join(envValue(h.env, "XDG_CONFIG_HOME"), "bkconsole", "config.json")
	for _, answer := range []string{"n", "y"} {
		r := startPty(t, answersLikeATerminal, binary, env, args...)
		r.waitFor("应用密钥（输入不显示）：", 10*time.Second)
		r.f.Write([]byte("mistyped\r"))
		r.waitFor("bk_token", 10*time.Second)
		r.f.Write([]byte("\r"))
		r.waitFor("bk_app_code 或 bk_app_secret 不正确", 10*time.Second)
		r.waitFor("仍然保存？(y/N)", 10*time.Second)
		r.f.Write([]byte(answer + "\r"))
		if answer == "y" {
			r.waitFor("已保存", 10*time.Second) // saved (its secrets too, where a keyring answers)
		} else {
			r.waitFor("未保存任何内容", 10*time.Second)
		}
		r.cmd.Wait()
		_, err := os.Stat(config)
		switch {
		case answer == "n" && (r.cmd.ProcessState.ExitCode() != 1 || err == nil):
			t.Fatalf("n: exit %d, config written: %v", r.cmd.ProcessState.ExitCode(), err == nil)
		case answer == "y" && err != nil:
			t.Fatalf("y: the profile was not saved: %v", err)
		}
	}
}
