package main

import (
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/keystore/keyringtest"
)

// TestIntegrationSecretAudit runs a whole session (login, browsing, an application, test calls,
// snippets in every mode, the history, the console in tmux, a crash) and then searches every
// file bkconsole wrote for the secret and the token.
func TestIntegrationSecretAudit(t *testing.T) {
	keyringtest.Require(t)
	srv := newHome(t)
	s := srv.serve("--decide-after", "1s")
	app := s.Apps[0]
	h := newHome(t)
	r := h.run(app.Secret+"\n"+s.BkToken+"\n", "login", "--profile", "audit", "--app-code", app.Code, "--api-url-tmpl", s.APIURLTmpl,
		"--help-center-url", s.HelpCenter, "--developer-center-url", s.DevCenter, "--username", "demo-user", "--secret-stdin", "--token-stdin")
	if r.code != 0 {
		t.Fatalf("login: %s", r.stderr)
	}
	h.ok("gateways")
	h.ok("apis", "demo-echo")
	h.ok("doc", "demo-echo", "echo_item")
	h.ok("sdks", "demo-echo")
	h.ok("perms", "demo-echo")
	h.ok("apply", "demo-echo", "echo_item", "--reason", "audit")
	h.ok("records")
	h.ok("call", "demo-echo", "echo_post", "-d", `{"a": 1}`, "-H", "X-Trace: 1")
	h.ok("call", "demo-echo", "whoami")
	// A user who puts secrets into a request itself: none of them reaches the history.
	h.ok("call", "demo-echo", "echo_post", "-q", "bk_app_secret="+app.Secret, "-q", "ACCESS_TOKEN="+s.BkToken,
		"-d", `{"nested": {"password": "`+app.Secret+`"}, "bk_token": "`+s.BkToken+`"}`,
		"-H", "Proxy-Authorization: Basic "+app.Secret, "-H", "X-Bk-Token: "+s.BkToken, "-H", "X-Ticket: "+s.BkToken)
	for _, lang := range []string{"curl", "python", "httpie", "go", "js"} {
		for _, mode := range []string{"masked", "env", "inline"} {
			out := h.ok("snippet", "demo-echo", "echo_post", "-d", `{"a": 1}`, "--to", lang, "--secrets", mode)
			if mode != "inline" && (strings.Contains(out, app.Secret) || strings.Contains(out, s.BkToken)) {
				t.Errorf("%s/%s shows a secret", lang, mode)
			}
		}
	}
	h.ok("auth", "status")
	h.ok("profiles")
	// The console too: browse, call, and a crash report.
	ts := startTmux(t, h, 120, 40, []string{"BKCONSOLE_CRASH_TEST=1"}, "--profile", "audit", "; sleep 30")
	ts.waitFor("demo-echo")
	ts.filterOpen("demo-echo", "Gateways › demo-echo", "echo_get")
	ts.keys("c")
	ts.waitFor("Call echo_get")
	ts.keys("C-s")
	ts.waitFor("200 OK")
	ts.keys("!")
	ts.waitFor("crash report")
	grepTree(t, h.dir, app.Secret, s.BkToken)
	if strings.Contains(h.env[0], app.Secret) {
		t.Fatal("the test itself leaked the secret into the environment")
	}
}
