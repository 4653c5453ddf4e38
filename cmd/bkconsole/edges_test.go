package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bkconsole/bkconsole/client/i18n"
)

// components call follows call: a failure is exit 1 with the status line and request id on
// stderr, a redirect is not followed, and an answer lost or unreadable after sending is an
// unknown outcome.
func TestComponentsCallFailsLikeCall(t *testing.T) {
	esb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.Contains(r.URL.Path, "/redirect/"):
			http.Redirect(w, r, "http://127.0.0.2:9/elsewhere", http.StatusFound)
		case strings.Contains(r.URL.Path, "/html500/"):
			w.WriteHeader(502)
			io.WriteString(w, "<html>bad gateway</html>")
		case strings.Contains(r.URL.Path, "/missing/"):
			w.WriteHeader(404)
		case strings.Contains(r.URL.Path, "/refused/"):
			w.WriteHeader(400)
			io.WriteString(w, `{"result": false, "code": 1306406, "message": "Parameters error", "data": null, "request_id": "rid-400"}`)
		case strings.Contains(r.URL.Path, "/cut/"): // a proxy's page, or a body cut short: no envelope
			io.WriteString(w, `{"result": tr`)
		case strings.Contains(r.URL.Path, "/reset/"):
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
		default:
			io.WriteString(w, `{"result": true, "code": 0, "message": "", "data": {}, "request_id": "rid-ok"}`)
		}
	}))
	defer esb.Close()
	h := newHome(t, "BK_APP_CODE=demo-app", "BK_APP_SECRET=s", "BK_API_URL_TMPL="+esb.URL+"/api/{api_name}", "BK_COMPONENT_API_URL="+esb.URL)
	for _, c := range []struct {
		component string
		code      int
		stderr    []string
	}{
		{"ok", 0, []string{"200 OK", "request id rid-ok"}},
		{"redirect", 1, []string{"302", "not followed", "127.0.0.2"}},
		{"html500", 1, []string{"502"}},
		{"missing", 1, []string{"404"}},
		{"refused", 1, []string{"400", "request id rid-400"}},
		{"reset", 1, []string{"was sent", "answer was lost", "not sent again"}},
		{"cut", 1, []string{"was sent", "unreadable", "not sent again"}},
	} {
		r := h.run("", "components", "call", "CC", c.component, "-d", "{}") // a POST: a write
		if strings.Contains(r.stderr, "request id  ") || strings.Contains(r.stderr, "request id ·") {
			t.Errorf("%s: an empty request id is named:\n%s", c.component, r.stderr)
		}
		if r.code != c.code {
			t.Errorf("%s: exit %d, want %d\n%s%s", c.component, r.code, c.code, r.stdout, r.stderr)
		}
		for _, want := range c.stderr {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("%s: stderr lacks %q:\n%s", c.component, want, r.stderr)
			}
		}
	}
}

// Bad input is a usage or configuration error (exit 2) naming the flag or variable, said before
// anything is sent.
func TestBadInputNamesTheFlagOrVariable(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1); w.WriteHeader(500) }))
	defer srv.Close()
	base := []string{"BK_APP_CODE=demo-app", "BK_APP_SECRET=s", "BK_TOKEN=t"}
	for _, c := range []struct {
		env  []string
		args []string
		want string
	}{
		{nil, []string{"--lang", "xx", "--sandbox", "gateways"}, "--lang"},
		{nil, []string{"--timeout", "0", "--sandbox", "gateways"}, "--timeout"},
		{nil, []string{"--timeout", "-5s", "--sandbox", "gateways"}, "--timeout"},
		{[]string{"BK_API_URL_TMPL=ftp://x/{api_name}"}, []string{"gateways"}, "BK_API_URL_TMPL"},
		{[]string{"BK_API_URL_TMPL=::::"}, []string{"gateways"}, "BK_API_URL_TMPL"},
		{[]string{"BK_API_URL_TMPL=http://[::1/{api_name}"}, []string{"gateways"}, "BK_API_URL_TMPL"},
		{[]string{"BK_API_URL_TMPL=" + srv.URL + "/api"}, []string{"gateways"}, "{api_name}"},
		{[]string{"BK_API_URL_TMPL=" + srv.URL + "/api/{api_name}", "BK_COMPONENT_API_URL=not a url"}, []string{"components", "call", "CC", "x"}, "BK_COMPONENT_API_URL"},
		{nil, []string{"--sandbox", "snippet", "demo-echo", "echo_get", "--to", "cobol"}, "--to"},
		{nil, []string{"completion", "tcsh"}, "tcsh"},
		{[]string{"BK_API_URL_TMPL=" + srv.URL + "/api/{api_name}"}, []string{"call", "g", "/x/", "-H", "X-A: b\r\nX-B: c"}, "X-A"},
		{nil, []string{"--sandbox", "apis", "UNKNOWN"}, "UNKNOWN"},
		{nil, []string{"--sandbox", "doc", "demo-echo", "UNKNOWN"}, "UNKNOWN"},
	} {
		h := newHome(t, append(base, c.env...)...)
		r := h.run("", c.args...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v %v: exit %d, want 2 naming %q\n%s", c.env, c.args, r.code, c.want, r.stderr)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests were sent for input refused before sending", n)
	}
}

// Addresses that answer nothing: auth status names the address and says what would unlock
// each feature, never an empty "add", and does not say a bk_token that reached no server is
// accepted (it did: a Help Center that answered nothing counted as one that took the token).
func TestAuthStatusOnUnreachableServers(t *testing.T) {
	h := newHome(t, "BK_API_URL_TMPL=http://127.0.0.1:1/api/{api_name}", "BK_APP_CODE=x", "BK_APP_SECRET=y",
		"BKCONSOLE_HELP_CENTER_URL=http://127.0.0.1:1", "BK_TOKEN=z")
	out := h.run("", "auth", "status").stdout
	if !strings.Contains(out, "cannot reach the server (http://127.0.0.1:1)") || !strings.Contains(out, "add a reachable address") {
		t.Fatalf("auth status:\n%s", out)
	}
	if !strings.Contains(out, "User login (bk_token): not checked") || strings.Contains(out, "accepts") {
		t.Errorf("a bk_token no server saw:\n%s", out)
	}
	// A refused connection is an address to check, not a wait: "try again later" had been the fix.
	if r := h.run("", "gateways"); !strings.Contains(r.stderr, "check the address") || strings.Contains(r.stderr, "try again later") {
		t.Errorf("gateways at an address that refuses: %s", r.stderr)
	}
	// In Chinese the address is an aside in full-width brackets ("无法连接服务器 (http://…)").
	if zh := h.run("", "auth", "status", "--lang", "zh").stdout; i18n.MixedPunctuation(zh) != "" {
		t.Errorf("zh: English punctuation after Chinese: %q", i18n.MixedPunctuation(zh))
	}
	// --json names the surface that failed: a read's error had said "surface": "".
	if r := h.run("", "gateways", "--json"); !strings.Contains(r.stderr, `"surface":"O"`) {
		t.Errorf("gateways --json at an address that refuses: %s", r.stderr)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasSuffix(strings.TrimSpace(l), "add") {
			t.Errorf("an empty add: %q", l)
		}
	}
}

// --lang after a mistake is the line's language too: pflag stops at an unknown flag or a bad
// value before it reaches --lang, and the line was in English.
func TestLangAfterTheMistakeIsTheLinesLanguage(t *testing.T) {
	for _, args := range [][]string{{"apis", "demo-echo", "-z", "--lang", "zh"}, {"records", "--bogus", "--lang=zh"},
		{"--timeout", "abc", "gateways", "--lang", "zh"}, {"renew", "demo-echo", "--days", "x", "--lang", "zh"}} {
		if code, _, stderr := inProcess(t, nil, "", append([]string{"--sandbox"}, args...)...); code != ExitUsage || !strings.Contains(stderr, "参数") {
			t.Errorf("%v: exit %d %s", args, code, stderr)
		}
	}
}
