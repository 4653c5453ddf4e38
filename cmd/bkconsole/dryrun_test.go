package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// --dry-run on call prints the exact request with secrets masked and sends nothing; -v shows
// what is sent and the answer's status and headers on stderr, masked too.
func TestCallDryRunAndVerbose(t *testing.T) {
	const secret = "s3cret-\"quoted\" value"
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("X-Answer", "yes")
		w.Header().Set("Set-Cookie", "session=abc123; Path=/")
		w.Header().Set("X-Bkapi-Request-ID", "rid-1")
		w.Write([]byte(`{"ok": true}`))
	}))
	defer srv.Close()
	h := newHome(t, "BK_API_URL_TMPL="+srv.URL+"/api/{api_name}", "BK_APP_CODE=app1", "BK_APP_SECRET="+secret)
	args := []string{"call", "gw", "/items/{id}/", "-X", "post", "--path-param", "id=7", "-q", "k=v", "-q", "token=tok-q",
		"-H", "X-Note: n", "-d", `{"a": 1, "password": "pw"}`}

	r := h.run("", append(args, "--dry-run")...)
	if r.code != 0 || hits.Load() != 0 {
		t.Fatalf("dry run: exit %d, %d requests reached the server\n%s\n%s", r.code, hits.Load(), r.stdout, r.stderr)
	}
	wantLines := []string{"POST " + srv.URL + "/api/gw/prod/items/7/?k=v&token=****", "X-Note: n",
		`X-Bkapi-Authorization: {"bk_app_code":"app1","bk_app_secret":"****"}`, `"password":"<redacted>"`, `"a":1`}
	for _, w := range wantLines {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("dry run lacks %q:\n%s", w, r.stdout)
		}
	}
	for _, leak := range []string{secret, "s3cret", "tok-q", `"pw"`} {
		if strings.Contains(r.stdout+r.stderr, leak) {
			t.Errorf("dry run shows %q", leak)
		}
	}
	if _, err := os.Stat(filepath.Join(h.dir, "state", "bkconsole", "history.json")); err == nil {
		t.Error("a dry run wrote history")
	}
	var d dryRunOut
	r = h.run("", append(args, "--dry-run", "--json")...)
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil || !d.DryRun || d.Surface != "C" || d.Request.Method != "POST" || hits.Load() != 0 {
		t.Fatalf("dry run --json: %v %s", err, r.stdout)
	}

	r = h.run("", append(args, "-v")...)
	if r.code != 0 || hits.Load() != 1 || strings.TrimSpace(r.stdout) != `{"ok": true}` {
		t.Fatalf("-v call: exit %d, %d requests: %s %s", r.code, hits.Load(), r.stdout, r.stderr)
	}
	for _, w := range []string{"> POST " + srv.URL + "/api/gw/prod/items/7/", `> X-Bkapi-Authorization: {"bk_app_code":"app1","bk_app_secret":"****"}`,
		"< HTTP/1.1 200 OK", "< X-Answer: yes", "< Set-Cookie: session=****; Path=/"} {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("-v lacks %q:\n%s", w, r.stderr)
		}
	}
	for _, leak := range []string{"s3cret", "abc123", "tok-q"} {
		if strings.Contains(r.stderr, leak) {
			t.Errorf("-v shows %q", leak)
		}
	}
}

// `--sandbox profiles` and `--sandbox auth status` say what such a run uses: the sandbox's
// profile with its demo credentials in memory, and no keyring, whatever a bus offers.
func TestSandboxProfileIsWhatTheConsoleShows(t *testing.T) {
	h := newHome(t)
	h.env = append(h.env, "DBUS_SESSION_BUS_ADDRESS=") // no bus: the keyring is beside the point
	var views []struct {
		Name    string `json:"name"`
		Active  bool   `json:"active"`
		AppCode string `json:"bk_app_code"`
		Sandbox bool   `json:"sandbox"`
		Secrets map[string]struct {
			Source string `json:"source"`
		} `json:"secrets"`
	}
	out := h.ok("--sandbox", "profiles", "--json")
	if err := json.Unmarshal([]byte(out), &views); err != nil || len(views) != 1 {
		t.Fatalf("%v %s", err, out)
	}
	v := views[0]
	if v.Name != "sandbox" || !v.Active || !v.Sandbox || v.AppCode == "" || v.Secrets["bk_app_secret"].Source != "sandbox" ||
		v.Secrets["bk_token"].Source != "sandbox" || v.Secrets["access_token"].Source != "missing" {
		t.Fatalf("sandbox profile: %s", out)
	}
	if text := h.ok("--sandbox", "profiles"); strings.Contains(text, "no profile") || !strings.Contains(text, "sandbox") {
		t.Fatalf("plain: %s", text)
	}
	var st struct {
		Keyring string `json:"keyring"`
	}
	out = h.ok("--sandbox", "auth", "status", "--json")
	if json.Unmarshal([]byte(out), &st); st.Keyring != "not_used_sandbox" {
		t.Fatalf("auth status: %s", out)
	}
	if text := h.ok("--sandbox", "auth", "status"); strings.Contains(text, "reachable") || !strings.Contains(text, "not used") {
		t.Fatalf("auth status: %s", text)
	}
}

// components call takes -H and --dry-run as call does: the component's request is prepared in
// the one place every call is (it had neither, and a header could not be sent to a component
// from the command line while the request console sent it). A profile with no gateway URL
// template calls components all the same.
func TestComponentCallDryRunAndHeaders(t *testing.T) {
	const secret = "esb-s3cret"
	var hits atomic.Int32
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		got = r.Header.Clone()
		w.Write([]byte(`{"result": true, "code": 0, "message": "", "data": {}, "request_id": "rid-9"}`))
	}))
	defer srv.Close()
	h := newHome(t, "BK_COMPONENT_API_URL="+srv.URL, "BK_APP_CODE=app1", "BK_APP_SECRET="+secret)
	args := []string{"components", "call", "CC", "search_business", "-H", "X-Note: n", "-d", `{"bk_biz_id": 2}`}

	r := h.run("", append(args, "--dry-run")...)
	if r.code != 0 || hits.Load() != 0 {
		t.Fatalf("dry run: exit %d, %d requests reached the server\n%s\n%s", r.code, hits.Load(), r.stdout, r.stderr)
	}
	for _, w := range []string{"POST " + srv.URL + "/api/c/compapi/v2/cc/search_business/", "X-Note: n",
		`X-Bkapi-Authorization: {"bk_app_code":"app1","bk_app_secret":"****"}`, `{"bk_biz_id": 2}`} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("dry run lacks %q:\n%s", w, r.stdout)
		}
	}
	if !strings.Contains(r.stderr, "bkconsole components snippet --secrets inline") || strings.Contains(r.stdout+r.stderr, secret) {
		t.Errorf("dry run's notice, or a secret shown: %s %s", r.stdout, r.stderr)
	}
	var d dryRunOut
	r = h.run("", append(args, "--dry-run", "--json")...)
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil || !d.DryRun || d.Surface != "" || d.Request.Method != "POST" || hits.Load() != 0 {
		t.Fatalf("dry run --json: %v %s", err, r.stdout)
	}

	// A typed X-Bkapi-Authorization is refused, not replaced in silence by the profile's.
	if r := h.run("", append(args, "-H", "X-Bkapi-Authorization: {}")...); r.code != 2 || hits.Load() != 0 || !strings.Contains(r.stderr, "made from the profile's credentials") {
		t.Fatalf("a typed auth header: exit %d, %d requests: %s", r.code, hits.Load(), r.stderr)
	}
	r = h.run("", args...)
	if r.code != 0 || hits.Load() != 1 || got.Get("X-Note") != "n" || !strings.Contains(got.Get("X-Bkapi-Authorization"), secret) {
		t.Fatalf("call: exit %d, %d requests, headers %v\n%s", r.code, hits.Load(), got, r.stderr)
	}
	if r := h.run("", "components", "call", "CC", "x", "-H", "no colon"); r.code != 2 || hits.Load() != 1 || !strings.Contains(r.stderr, "--header") {
		t.Fatalf("a bad header: exit %d, %d requests: %s", r.code, hits.Load(), r.stderr)
	}
}

// An item named twice (by name, or by name and id) is applied for once (renew picks its items
// the same way): the request
// had carried "resource_ids":[1047,1047], and the same for MCP servers and components.
func TestAnItemNamedTwiceIsSentOnce(t *testing.T) {
	store, _ := isolate(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"apply", "demo-echo", "echo_item", "echo_item", "--reason", "x"}, `"resource_ids":[1047]`},
		{[]string{"mcp", "apply", "demo-echo-prod-echo", "demo-echo-prod-echo", "1", "--reason", "x"}, `"mcp_server_ids":[1]`},
		{[]string{"components", "apply", "CC", "search_host", "search_host", "--reason", "x"}, `"component_ids":[5002]`},
	} {
		code, out, stderr := inProcess(t, store, "", append([]string{"--sandbox"}, append(c.args, "--dry-run")...)...)
		body := out[strings.LastIndex(out, "\n{")+1:]
		if code != 0 || !strings.Contains(body, c.want) {
			t.Errorf("%v: %d\n%s%s", c.args, code, out, stderr)
		}
		var sent map[string]any
		if err := json.Unmarshal([]byte(body), &sent); err != nil {
			t.Fatalf("%v: the body is not JSON: %v\n%s", c.args, err, body)
		}
		for k, v := range sent {
			if ids, ok := v.([]any); ok && strings.HasSuffix(k, "_ids") && len(ids) != 1 {
				t.Errorf("%v: %s = %v, want one id", c.args, k, ids)
			}
		}
	}
}
