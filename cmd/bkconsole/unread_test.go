package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/sandbox"
)

// What a command could not read beside its answer is said, not left out: perms said nothing of
// whole-gateway applications when that read failed, and gateway listed the profile's stages as
// the gateway's own.
func TestCommandsSayWhatTheyCouldNotRead(t *testing.T) {
	store, urls := isolate(t)
	target, _ := url.Parse(strings.TrimSuffix(urls.APIURLTmpl, "/api/{api_name}"))
	rp := httputil.NewSingleHostReverseProxy(target)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/allow-apply-by-gateway/") {
			http.Error(w, "upstream down", http.StatusBadGateway)
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	asDemoApp(t, sandbox.URLsFor(proxy.URL))
	code, out, stderr := inProcess(t, store, "", "perms", "bk-cmdb")
	if code != 0 || !strings.Contains(out, "add_host_to_resource") || !strings.Contains(stderr, "Whole-gateway applications: unknown") ||
		!strings.Contains(stderr, "bkconsole apply bk-cmdb --whole-gateway") {
		t.Errorf("perms: %d\n%s%s", code, out, stderr)
	}

	t.Setenv("BK_TOKEN", "") // no login: the stages are the profile's
	t.Setenv("BKCONSOLE_HELP_CENTER_URL", "")
	code, out, stderr = inProcess(t, store, "", "gateway", "bk-cmdb")
	if code != 0 || !strings.Contains(out, "Stages (profile)  prod") {
		t.Errorf("gateway: %d\n%s%s", code, out, stderr)
	}
	if code, out, _ = inProcess(t, store, "", "gateway", "bk-cmdb", "--jq", ".stages_via"); code != 0 || strings.TrimSpace(out) != "profile" {
		t.Errorf("gateway --json: %d %s", code, out)
	}
}

// mcp config refuses a server whose listing points elsewhere than the gateway, as trying it
// does: the config would have the AI client send the app's credentials there on every start.
func TestMCPConfigRefusesAForeignURL(t *testing.T) {
	store, urls := isolate(t)
	origin := strings.TrimSuffix(urls.APIURLTmpl, "/api/{api_name}")
	target, _ := url.Parse(origin)
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ModifyResponse = func(r *http.Response) error { // every server's URL at 127.0.0.2
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		body = bytes.ReplaceAll(body, []byte(origin), []byte(strings.Replace(origin, "127.0.0.1", "127.0.0.2", 1)))
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		r.Header.Del("Content-Length")
		return nil
	}
	proxy := httptest.NewServer(rp)
	t.Cleanup(proxy.Close)
	asDemoApp(t, urls)
	t.Setenv("BKCONSOLE_DEVELOPER_CENTER_URL", proxy.URL+"/dc")
	for _, mode := range []string{"masked", "env", "inline"} {
		code, out, stderr := inProcess(t, store, "", "mcp", "config", "demo-echo-prod-echo", "--client", "cursor", "--secrets", mode)
		if code == 0 || out != "" || !strings.Contains(stderr, "not on the gateway") || strings.Contains(stderr+out, sandbox.DemoAppSecret) {
			t.Errorf("%s: %d\n%s%s", mode, code, out, stderr)
		}
	}
}
