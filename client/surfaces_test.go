package client_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/sandbox"
)

var ctx = context.Background()

func TestHelpCenterEveryEndpoint(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	a := client.NewHelpCenter(e.transport(t, e.cfg()))
	helpCenterGateways(t, a)
	helpCenterAPIsDocsAndSDKs(t, a)
	// Without a valid token, A answers 401 with a login URL.
	cfg := e.cfg()
	cfg.BkToken = "stale"
	_, err := client.NewHelpCenter(e.transport(t, cfg)).Gateways(ctx, "")
	var de *client.DashboardError
	if !errors.As(err, &de) || de.Status != 401 || de.Code != "UNAUTHENTICATED" || de.LoginURL() == "" {
		t.Fatalf("want 401 UNAUTHENTICATED with login_url: %v", err)
	}
	if client.HintOf(err).Fix != client.FixToken {
		t.Errorf("hint: %+v", client.HintOf(err))
	}
}

// helpCenterGateways: the gateways across pages (official first, plugins hidden), a keyword, one
// gateway with its SDKs, its stages.
func helpCenterGateways(t *testing.T, a *client.HelpCenter) {
	gs, err := a.Gateways(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) < 4 {
		t.Fatalf("want ≥ 4 gateways across pages, got %d", len(gs))
	}
	if !gs[0].IsOfficial {
		t.Errorf("official gateways come first: %s", gs[0].Name)
	}
	var official, deprecated, plugin bool
	for _, g := range gs {
		official = official || g.IsOfficial
		deprecated = deprecated || g.IsDeprecated
		plugin = plugin || g.IsPluginGW
	}
	if !official || !deprecated || plugin {
		t.Errorf("want official and deprecated gateways, plugin hidden: %v %v %v", official, deprecated, plugin)
	}
	kw, err := a.Gateways(ctx, "cmdb")
	if err != nil || len(kw) != 1 || kw[0].Name != "bk-cmdb" {
		t.Fatalf("keyword search: %v %v", kw, err)
	}

	g, err := a.Gateway(ctx, "bk-user")
	if err != nil || g.Name != "bk-user" || g.KindName() != "normal" || len(g.Maintainers) == 0 || !strings.Contains(g.APIURL, "/api/bk-user") {
		t.Fatalf("gateway: %+v %v", g, err)
	}
	if len(g.SDKs) == 0 || g.SDKs[0].InstallCommand == "" {
		t.Errorf("gateway sdks missing: %+v", g.SDKs)
	}

	st, err := a.Stages(ctx, "bk-user")
	if err != nil || len(st) != 2 || st[0].Name != "prod" {
		t.Fatalf("stages: %v %v", st, err)
	}
}

// helpCenterAPIsDocsAndSDKs: a stage's APIs (every method; a prod-only one missing from test),
// the docs in both languages, the SDKs and their usage.
func helpCenterAPIsDocsAndSDKs(t *testing.T, a *client.HelpCenter) {
	rs, err := a.Resources(ctx, "demo-echo", "prod")
	if err != nil || len(rs) < 10 {
		t.Fatalf("resources: %d %v", len(rs), err)
	}
	methods := map[string]bool{}
	for _, r := range rs {
		methods[r.Method] = true
	}
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"} {
		if !methods[m] {
			t.Errorf("no %s API in demo-echo", m)
		}
	}
	test, _ := a.Resources(ctx, "bk-user", "test")
	prod, _ := a.Resources(ctx, "bk-user", "prod")
	if len(test) >= len(prod) {
		t.Errorf("a prod-only API should be missing from test: %d vs %d", len(test), len(prod))
	}

	zh, err := a.Doc(ctx, "demo-echo", "echo_item", "prod", "zh")
	if err != nil || zh.Type != "markdown" || !strings.Contains(zh.Content, "请求地址") || zh.UpdatedTime.IsZero() {
		t.Fatalf("zh doc: %+v %v", zh, err)
	}
	en, err := a.Doc(ctx, "demo-echo", "echo_item", "prod", "en")
	if err != nil || !strings.Contains(en.Content, "Request URL") || !strings.Contains(en.Content, "```") {
		t.Fatalf("en doc: %v", err)
	}
	_, err = a.Doc(ctx, "bk-user", "delete_user", "test", "en")
	if client.StatusOf(err) != 404 {
		t.Errorf("a doc not released in a stage is 404: %v", err)
	}

	sdks, err := a.SDKs(ctx, "bk-user", "python")
	if err != nil || len(sdks) != 2 || sdks[0].SDK == nil || sdks[0].SDK.InstallCommand == "" {
		t.Fatalf("sdks: %+v %v", sdks, err)
	}
	none, err := a.SDKs(ctx, "bk-user", "java")
	if err != nil || none[0].SDK != nil {
		t.Errorf("java sdk should be null: %+v %v", none, err)
	}
	use, err := a.SDKUsage(ctx, "bk-user", "python", "prod", "list_users")
	if err != nil || !strings.Contains(use.Content, "list_users") {
		t.Errorf("usage: %v %v", use, err)
	}
	man, err := a.SDKDoc(ctx, "python")
	if err != nil || man.Content == "" {
		t.Errorf("sdk doc: %v", err)
	}
}

func TestOpenEveryEndpoint(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	o := client.NewOpen(e.transport(t, e.appOnly(sandbox.VisitorAppCode, sandbox.VisitorAppSecret)))
	gs, err := o.Gateways(ctx, "")
	if err != nil || len(gs) < 4 {
		t.Fatalf("gateways: %v %v", gs, err)
	}
	if gs[0].KindName() != "normal" {
		t.Errorf("kind is a name on O: %s", gs[0].Kind)
	}
	one, err := o.GatewayByName(ctx, "bk-user")
	if err != nil || len(one) != 1 {
		t.Fatalf("by name: %v %v", one, err)
	}
	rs, err := o.Resources(ctx, "bk-user", "")
	if err != nil || len(rs) < 10 {
		t.Fatalf("resources: %v", err)
	}
	var sawUser, sawUnlimited bool
	for _, r := range rs {
		if r.Method == "" || r.Path == "" || r.AuthConfig == nil {
			t.Fatalf("fields not asked for: %+v", r)
		}
		sawUser = sawUser || r.VerifiedUserRequired
		sawUnlimited = sawUnlimited || !r.ResourcePermRequired
	}
	if !sawUser || !sawUnlimited {
		t.Errorf("auth_config not copied up: user %v unlimited %v", sawUser, sawUnlimited)
	}
	d, err := o.ResourceDetail(ctx, "demo-echo", "update_item", "prod", "en")
	if err != nil || d.Doc == nil || d.Schema["requestBody"] == nil || d.Schema["parameters"] == nil {
		t.Fatalf("detail: %+v %v", d, err)
	}
	_, err = o.ResourceDetail(ctx, "bk-user", "delete_user", "test", "")
	if client.StatusOf(err) != 404 {
		t.Errorf("not released: %v", err)
	}
	// Apply: needs the applicant; refused when pending.
	res, err := o.Apply(ctx, client.ApplyRequest{Gateway: "bk-user", ResourceNames: []string{"list_users"}, Reason: "r", ExpireDays: 180, Applicant: sandbox.DemoUsername})
	if err != nil || res.RecordID == 0 || res.ITSMTicketURL == "" {
		t.Fatalf("apply: %+v %v", res, err)
	}
	_, err = o.Apply(ctx, client.ApplyRequest{Gateway: "bk-user", ResourceNames: []string{"list_users"}, Reason: "r", ExpireDays: 180, Applicant: sandbox.DemoUsername})
	if client.StatusOf(err) != 400 {
		t.Errorf("a pending application is refused: %v", err)
	}
	var in *client.ErrUserInput
	if _, err := o.Apply(ctx, client.ApplyRequest{Gateway: "bk-user", ResourceNames: []string{"x"}, Reason: "r"}); !errors.As(err, &in) {
		t.Errorf("no applicant must be refused before sending: %v", err)
	}
}

func TestCallAndTrace(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	p := e.planner(t, e.cfg())
	resp, prep, err := p.Call(ctx, client.CallRequest{Gateway: "demo-echo", Stage: "prod", Method: "POST", Path: "/echo/",
		Query: []client.KV{{Key: "q", Value: "a b"}, {Key: "q", Value: "ü"}}, Headers: []client.KV{{Key: "X-Trace", Value: "1"}}, Body: []byte(`{"k":"v"}`)})
	if err != nil || resp.Status != 200 || resp.Gateway != nil || resp.RequestID == "" {
		t.Fatalf("call: %+v %v", resp, err)
	}
	if !strings.HasSuffix(prep.URL, "/api/demo-echo/prod/echo/") || !strings.Contains(string(resp.Body), `"k":"v"`) {
		t.Errorf("echo: %s", resp.Body)
	}
	if strings.Contains(string(resp.Body), sandbox.DemoAppSecret) {
		t.Error("the echo must not reflect secrets")
	}
	// Path params are filled and escaped.
	resp, prep, err = p.Call(ctx, client.CallRequest{Gateway: "demo-echo", Method: "ANY", Path: "/proxy/{group}/{name}/",
		PathParams: map[string]string{"group": "a b", "name": "x/y"}})
	if err != nil || !strings.Contains(prep.URL, "/proxy/a%20b/x%2Fy/") {
		t.Fatalf("path params: %v %v", prep.URL, err)
	}
	if resp.Status != 403 || resp.Gateway == nil || resp.Gateway.CodeName != "APP_NO_PERMISSION" {
		t.Fatalf("no permission yet: %d %+v", resp.Status, resp.Gateway)
	}
	if resp.Gateway.Hint().Fix != client.FixApply {
		t.Errorf("hint: %+v", resp.Gateway.Hint())
	}
	// A missing path param is refused before sending.
	_, _, err = p.Call(ctx, client.CallRequest{Gateway: "demo-echo", Path: "/items/{item_id}/"})
	var in *client.ErrUserInput
	if !errors.As(err, &in) || in.Key != "input.missing_path_param" {
		t.Fatalf("missing param: %v", err)
	}
	// A user API without the user: 400 user authentication failed.
	resp, _, _ = p.Call(ctx, client.CallRequest{Gateway: "demo-echo", Path: "/whoami/"})
	if resp.Gateway == nil || resp.Gateway.Hint().Fix != client.FixToken || resp.Status != 400 {
		t.Fatalf("user auth: %+v", resp.Gateway)
	}
	resp, _, _ = p.Call(ctx, client.CallRequest{Gateway: "demo-echo", Path: "/whoami/", WithUser: true})
	if resp.Status != 200 || !strings.Contains(string(resp.Body), sandbox.DemoUsername) {
		t.Fatalf("whoami with user: %d %s", resp.Status, resp.Body)
	}
	// The gateway's log shows the request (it may take a moment).
	es, err := p.Trace(ctx, resp.RequestID, 3*time.Second)
	if err != nil || len(es) != 1 || es[0].BackendHost == "" || es[0].Status != "200" {
		t.Fatalf("trace: %+v %v", es, err)
	}
	// A call that is not an AI's has no token summary: looked for the whole wait, as the log is.
	start := time.Now()
	if _, ok, err := p.LLMSummary(ctx, resp.RequestID, time.Second); ok || err != nil || time.Since(start) < time.Second {
		t.Fatalf("a summary of a plain call: %v %v after %v", ok, err, time.Since(start))
	}
	// A request the log never has is looked for the whole wait: "waited 1s" is said after one.
	start = time.Now()
	if es, err := p.Trace(ctx, "0123456789abcdef0123456789abcdef", time.Second); err != nil || len(es) != 0 || time.Since(start) < time.Second {
		t.Fatalf("an unknown request: %+v %v after %v", es, err, time.Since(start))
	}
	// Wrong secret.
	bad := e.cfg()
	bad.AppSecret = "nope"
	resp, _, _ = e.planner(t, bad).Call(ctx, client.CallRequest{Gateway: "demo-echo", Path: "/echo/"})
	if resp.Status != 400 || resp.Headers.Get("X-Bkapi-Error-Code") != "1640001" || resp.Gateway.Hint().Fix != client.FixSecret {
		t.Fatalf("wrong secret: %d %+v", resp.Status, resp.Gateway)
	}
	// Unknown path: API_NOT_FOUND.
	resp, _, _ = p.Call(ctx, client.CallRequest{Gateway: "demo-echo", Path: "/nope/"})
	if resp.Status != 404 || resp.Gateway.CodeName != "API_NOT_FOUND" {
		t.Fatalf("not found: %+v", resp.Gateway)
	}
}

func TestCallAuthMessages(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	url := e.urls.APIURLTmpl
	url = strings.Replace(url, "{api_name}", "demo-echo", 1) + "/prod/echo/"
	cases := []struct{ header, fix, contains string }{
		{"", client.FixLogin, "app code cannot be empty"},
		{`{"bk_app_code": "bkc-demo"}`, client.FixLogin, "please provide bk_app_secret or bk_signature"},
		{`{"bk_app_code": "bkc-demo", "bk_app_secret": "x"}`, client.FixSecret, "bk_app_code or bk_app_secret is incorrect"},
		{`{bad json`, client.FixReport, "is not a valid JSON"},
		{`{"access_token": "nope"}`, client.FixAccessToken, "access_token is invalid"},
	}
	for _, c := range cases {
		req, _ := http.NewRequest("GET", url, nil)
		if c.header != "" {
			req.Header.Set("X-Bkapi-Authorization", c.header)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(resp.Header.Get("X-Bkapi-Error-Message"), c.contains) {
			t.Errorf("%q: %d %q", c.header, resp.StatusCode, resp.Header.Get("X-Bkapi-Error-Message"))
		}
		ge := &client.GatewayError{Code: 1640001, CodeName: "INVALID_ARGS", Message: resp.Header.Get("X-Bkapi-Error-Message")}
		if got := ge.Hint().Fix; got != c.fix {
			t.Errorf("%q: fix %q, want %q", c.header, got, c.fix)
		}
	}
}

// The sandbox answers as upstream's data plane and control plane do where a user notices:
// rate limits with their headers, a backend timeout with its upstream_error, the two reasons of
// APP_NO_PERMISSION, expires_in null for rows without a permission, and llm_summary in the log.
func TestSandboxFidelity(t *testing.T) {
	e := newEnv(t, sandbox.Options{LogDelay: time.Millisecond})
	p := e.planner(t, e.cfg())
	resp, _, err := p.Call(ctx, client.CallRequest{Gateway: "demo-echo", Path: "/limited/"})
	if err != nil || resp.Status != 429 || resp.Gateway == nil || resp.Gateway.Code != 1642902 || resp.RateLimit != [3]string{"10", "0", "42"} ||
		resp.Gateway.Hint().Meaning != "gw.rate_limited" {
		t.Fatalf("rate limit: %v %+v", err, resp)
	}
	resp, _, _ = p.Call(ctx, client.CallRequest{Gateway: "demo-echo", Path: "/timeout/"})
	if resp.Status != 504 || resp.Gateway == nil || resp.Gateway.Code != 1650401 || !strings.Contains(resp.Gateway.Message, `[upstream_error="`) ||
		resp.Gateway.Hint().Meaning != "gw.backend_timeout" {
		t.Fatalf("backend timeout: %+v", resp.Gateway)
	}
	es, err := p.Trace(ctx, resp.RequestID, 3*time.Second)
	if err != nil || len(es) != 1 || es[0].CodeName != "REQUEST_BACKEND_TIMEOUT" || len(es[0].LLMSummary) != 0 {
		t.Fatalf("the log of a failure (no llm_summary: that is an AI call's): %v %+v", err, es)
	}
	// An AI resource's call: its log carries the token summary, as upstream's example does.
	resp, chat, _, err := p.Chat(ctx, client.CallRequest{Gateway: "bkai-demo", Method: "POST", Path: "/v1/chat/completions", AI: true,
		Body: []byte(`{"messages": [{"role": "user", "content": "hi"}], "stream": true, "model": "gpt-x"}`)}, nil)
	if err != nil || chat == nil || !chat.Streamed || !chat.Done || !strings.Contains(chat.Content, "You said: hi") || chat.Usage == nil {
		t.Fatalf("chat: %v %+v", err, chat)
	}
	sum, ok, err := p.LLMSummary(ctx, resp.RequestID, 3*time.Second)
	if err != nil || !ok || sum.Model != sandbox.ChatModel || sum.RequestModel != "gpt-x" || sum.PromptTokens == 0 || sum.CompletionTokens != chat.Usage.CompletionTokens {
		t.Fatalf("llm_summary: %v %v %+v", err, ok, sum)
	}
	resp, _, _ = p.Call(ctx, client.CallRequest{Gateway: "demo-echo", Path: "/items/{item_id}/", PathParams: map[string]string{"item_id": "1"}})
	if resp.Gateway == nil || !strings.Contains(resp.Gateway.Reason, "no permission") || resp.Gateway.Hint().Fix != client.FixApply {
		t.Fatalf("no permission reason: %+v", resp.Gateway)
	}
	ps, _, err := p.PermissionStatus(ctx, "demo-echo")
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range ps {
		if x.PermissionStatus == client.StatusNeedApply && x.ExpiresIn != nil {
			t.Errorf("%s: need_apply with expires_in %d (upstream sends null)", x.Name, *x.ExpiresIn)
		}
	}
	expired := &client.GatewayError{Status: 403, Code: 1640301, CodeName: "APP_NO_PERMISSION",
		Message: `App has no permission to the resource [reason="permission has expired, please renew the permission"]`, Reason: "permission has expired, please renew the permission"}
	if expired.Hint().Fix != client.FixRenew {
		t.Errorf("an expired permission offers renew: %+v", expired.Hint())
	}
}
