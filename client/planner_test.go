package client_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/sandbox"
)

func TestPlannerFullProfileUsesFirstChoices(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	p := e.planner(t, e.cfg())
	if _, s, err := p.Gateways(ctx, ""); err != nil || s != client.SurfaceHelpCenter {
		t.Errorf("gateways via %s: %v", s, err)
	}
	if _, s, err := p.Stages(ctx, "bk-user"); err != nil || s != client.SurfaceHelpCenter {
		t.Errorf("stages via %s: %v", s, err)
	}
	if _, s, err := p.SDKs(ctx, "bk-user", "python"); err != nil || s != client.SurfaceHelpCenter {
		t.Errorf("sdks via %s: %v", s, err)
	}
	if _, s, err := p.PermissionStatus(ctx, "bk-user"); err != nil || s != client.SurfaceDevCenter {
		t.Errorf("status via %s: %v", s, err)
	}
	if _, s, err := p.Records(ctx, client.RecordQuery{}); err != nil || s != client.SurfaceDevCenter {
		t.Errorf("records via %s: %v", s, err)
	}
}

func TestPlannerAppOnlyFallsBackToOpen(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	p := e.planner(t, e.appOnly(sandbox.VisitorAppCode, sandbox.VisitorAppSecret))
	gs, s, err := p.Gateways(ctx, "")
	if err != nil || s != client.SurfaceOpen || len(gs) < 4 || gs[0].APIURL == "" {
		t.Fatalf("gateways via %s: %v", s, err)
	}
	g, s, err := p.Gateway(ctx, "bk-user")
	if err != nil || s != client.SurfaceOpen || g.Name != "bk-user" {
		t.Fatalf("gateway via %s: %v", s, err)
	}
	if _, _, err := p.Gateway(ctx, "nope"); client.HintOf(err).Meaning != "notfound.gateway" {
		t.Errorf("unknown gateway: %v", err)
	}
	st, s, err := p.Stages(ctx, "bk-user")
	if err != nil || s != client.SurfaceProfile || len(st) != 1 || st[0].Name != "prod" {
		t.Fatalf("stages from the profile: %v %s %v", st, s, err)
	}
	if _, s, err := p.Resources(ctx, "bk-user", "prod"); err != nil || s != client.SurfaceOpen {
		t.Errorf("resources via %s: %v", s, err)
	}
	d, s, err := p.Doc(ctx, "bk-user", "list_users", "prod", "en")
	if err != nil || s != client.SurfaceOpen || !strings.Contains(d.Content, "Request URL") {
		t.Errorf("doc via %s: %v", s, err)
	}
	_, _, err = p.SDKs(ctx, "bk-user", "python")
	var un *client.ErrUnavailable
	if !errors.As(err, &un) || !slices.Contains(un.Needs, client.NeedToken) {
		t.Fatalf("sdks must say it needs a login: %v", err)
	}
	// Permission status: I answers 403 for this app, so the planner gives it up and says what to add.
	_, _, err = p.PermissionStatus(ctx, "bk-user")
	if !errors.As(err, &un) || !slices.Contains(un.Needs, client.NeedInnerGrant) || !slices.Contains(un.Needs, client.NeedToken) {
		t.Fatalf("status unavailable: %v", err)
	}
	// Either way will do, and each is said apart: the Developer Center with a login, or the grant.
	if want := [][]string{{client.NeedDevCenterURL, client.NeedToken}, {client.NeedInnerGrant}}; !reflect.DeepEqual(un.Unlock(), want) {
		t.Errorf("ways: %v, want %v", un.Unlock(), want)
	}
	if p.Down(client.SurfaceInner) == nil {
		t.Error("I is remembered as refused")
	}
	// Apply falls back to O with the username as applicant.
	res, s, err := p.Apply(ctx, client.ApplyRequest{Gateway: "bk-user", ResourceIDs: []int{1002}, ResourceNames: []string{"list_users"}, Reason: "x", ExpireDays: 180})
	if err != nil || s != client.SurfaceOpen || res.RecordID == 0 {
		t.Fatalf("apply via %s: %v", s, err)
	}
}

func TestPlannerGrantedAppUsesInner(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	p := e.planner(t, e.appOnly(sandbox.DemoAppCode, sandbox.DemoAppSecret))
	if _, s, err := p.PermissionStatus(ctx, "bk-user"); err != nil || s != client.SurfaceInner {
		t.Fatalf("status via %s: %v", s, err)
	}
	if _, s, err := p.Apply(ctx, client.ApplyRequest{Gateway: "bk-user", ResourceIDs: []int{1002}, Reason: "x", ExpireDays: 180}); err != nil || s != client.SurfaceInner {
		t.Fatalf("apply via %s: %v", s, err)
	}
}

func TestPlannerExpiredTokenFallsBack(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	cfg := e.cfg()
	cfg.BkToken = "expired"
	p := e.planner(t, cfg)
	if _, s, err := p.Gateways(ctx, ""); err != nil || s != client.SurfaceOpen {
		t.Fatalf("A 401 → O: %s %v", s, err)
	}
	if err := p.Down(client.SurfaceHelpCenter); client.StatusOf(err) != 401 {
		t.Errorf("A down for 401: %v", err)
	}
	if _, s, err := p.PermissionStatus(ctx, "bk-user"); err != nil || s != client.SurfaceInner {
		t.Fatalf("D 401 → I: %s %v", s, err)
	}
	p.Reset()
	if len(p.Candidates(client.FeatureGateways)) != 2 {
		t.Error("reset forgets given-up surfaces")
	}
}

// A surface that could not be reached is tried again after a while, as soon as a check finds
// it answering, or when the user reads again (r); a refusal of the credentials stays given up.
func TestPlannerTriesAnUnreachableSurfaceAgain(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	// A Help Center that drops every connection, and the sandbox's, swapped in turn.
	hc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, _, err := w.(http.Hijacker).Hijack(); err == nil {
			c.Close()
		}
	}))
	defer hc.Close()
	cfg := e.cfg()
	p := e.planner(t, cfg)
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	p.Clock = func() time.Time { return now }
	p.A = client.NewHelpCenter(e.transport(t, withHelpCenter(cfg, hc.URL+"/hc")))
	if _, s, err := p.Gateways(ctx, ""); err != nil || s != client.SurfaceOpen {
		t.Fatalf("unreachable A → O: %s %v", s, err)
	}
	p.A = client.NewHelpCenter(e.transport(t, cfg))
	now = now.Add(29 * time.Second)
	if _, s, _ := p.Gateways(ctx, ""); s != client.SurfaceOpen {
		t.Errorf("A tried again at once: %s", s)
	}
	now = now.Add(time.Second)
	if _, s, err := p.Gateways(ctx, ""); err != nil || s != client.SurfaceHelpCenter {
		t.Errorf("A not tried again after 30 s: %s %v", s, err)
	}

	// A check that finds it answering takes it back at once.
	p.A = client.NewHelpCenter(e.transport(t, withHelpCenter(cfg, hc.URL+"/hc")))
	p.Gateways(ctx, "")
	if p.Down(client.SurfaceHelpCenter) == nil {
		t.Fatal("A not given up")
	}
	p.A = client.NewHelpCenter(e.transport(t, cfg))
	p.CheckAll(ctx)
	if err := p.Down(client.SurfaceHelpCenter); err != nil {
		t.Errorf("A answered the check and stays given up: %v", err)
	}

	// So does a read asked again (r).
	p.A = client.NewHelpCenter(e.transport(t, withHelpCenter(cfg, hc.URL+"/hc")))
	p.Gateways(ctx, "")
	p.RetryUnreachable()
	if err := p.Down(client.SurfaceHelpCenter); err != nil {
		t.Errorf("asked again, A stays given up: %v", err)
	}

	// A refusal stays.
	cfg.BkToken = "expired"
	p = e.planner(t, cfg)
	p.Clock = func() time.Time { return now }
	p.Gateways(ctx, "")
	now = now.Add(time.Hour)
	p.RetryUnreachable()
	if client.StatusOf(p.Down(client.SurfaceHelpCenter)) != 401 {
		t.Error("a refused token is tried again")
	}
}

func withHelpCenter(cfg client.Config, u string) client.Config {
	cfg.HelpCenterURL = u
	return cfg
}

func TestPlannerOlderInstallation(t *testing.T) {
	// An installation before 1.16 has no v2 paths: API_NOT_FOUND from the gateway.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Bkapi-Error-Code", "1640401")
		w.Header().Set("X-Bkapi-Request-ID", "rid-old")
		w.WriteHeader(404)
		w.Write([]byte(`{"code":1640401,"code_name":"API_NOT_FOUND","message":"API not found [method=\"GET\" path=\"/api/v2/open/gateways/\"]","result":false,"data":null}`))
	}))
	defer srv.Close()
	p, _ := client.NewPlanner(client.Config{APIURLTmpl: srv.URL + "/api/{api_name}", AppCode: "a", AppSecret: "b", Retries: -1})
	_, _, err := p.Gateways(ctx, "")
	var un *client.ErrUnavailable
	if !errors.As(err, &un) {
		t.Fatalf("want unavailable: %v", err)
	}
	var ge *client.GatewayError
	if !errors.As(un.Causes[client.SurfaceOpen], &ge) || ge.CodeName != "API_NOT_FOUND" {
		t.Errorf("cause: %v", un.Causes)
	}
}

func TestPlannerNothingConfigured(t *testing.T) {
	p, _ := client.NewPlanner(client.Config{})
	_, _, err := p.Gateways(ctx, "")
	var un *client.ErrUnavailable
	if !errors.As(err, &un) || !slices.Contains(un.Needs, client.NeedAPIURLTmpl) || !slices.Contains(un.Needs, client.NeedToken) {
		t.Fatalf("needs: %v", err)
	}
	if _, _, err := p.Call(ctx, client.CallRequest{Gateway: "g", Path: "/"}); !errors.As(err, &un) {
		t.Errorf("call needs a template: %v", err)
	}
}

func TestRoutesFollowTheSpecTable(t *testing.T) {
	want := map[client.Feature]string{
		client.FeatureGateways: "A,O", client.FeatureGateway: "A,O", client.FeatureStages: "A,profile",
		client.FeatureResources: "A,O", client.FeatureDoc: "A,O", client.FeatureSDKs: "A",
		client.FeaturePermissions: "D,I", client.FeatureApply: "D,I,O", client.FeatureCall: "C",
	}
	for f, w := range want {
		var got []string
		for _, s := range client.RouteOf(f).Surfaces {
			got = append(got, string(s))
		}
		if strings.Join(got, ",") != w {
			t.Errorf("%s: %v, want %s", f, got, w)
		}
	}
}

// The sandbox refuses a POST to D as Django 5.2 does, with its exact words (under DRF's "CSRF
// Failed: "), and lets a matching pair through, masked or not.
func TestSandboxRefusesPostWithoutCSRF(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	url := e.urls.DeveloperCenterURL + "/backend/api/cloudapi-v2/apps/bkc-demo/inner/gateways/permissions/renew/"
	secret := strings.Repeat("Ab1", 10) + "Cd"
	// The same secret masked as Django masks it: mask + (secret + mask) per character.
	const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	mask := strings.Repeat("x7", 16)
	var cipher strings.Builder
	for i := 0; i < 32; i++ {
		cipher.WriteByte(chars[(strings.IndexByte(chars, secret[i])+strings.IndexByte(chars, mask[i]))%len(chars)])
	}
	masked := mask + cipher.String()
	for _, c := range []struct{ origin, cookie, header, want string }{
		{"", "", "", "CSRF Failed: CSRF cookie not set."},
		{"", secret, "", "CSRF Failed: CSRF token missing."},
		{"", "short", secret, "CSRF Failed: CSRF cookie has incorrect length."},
		{"", secret, "abc", "CSRF Failed: CSRF token from the 'X-Csrftoken' HTTP header has incorrect length."},
		{"", secret, strings.Repeat("-", 32), "CSRF Failed: CSRF token from the 'X-Csrftoken' HTTP header has invalid characters."},
		{"", secret, strings.Repeat("z", 32), "CSRF Failed: CSRF token from the 'X-Csrftoken' HTTP header incorrect."},
		{"http://evil.example", secret, secret, "CSRF Failed: Origin checking failed - http://evil.example does not match any trusted origins."},
		{"", secret, secret, ""},
		{"", secret, masked, ""},
		{strings.TrimSuffix(e.urls.DeveloperCenterURL, "/dc"), masked, secret, ""},
	} {
		req, _ := http.NewRequest("POST", url, strings.NewReader(`{"resource_ids":[1002],"expire_days":180}`))
		req.AddCookie(&http.Cookie{Name: "bk_token", Value: sandbox.DemoBkToken})
		if c.cookie != "" {
			req.AddCookie(&http.Cookie{Name: "bk_paas3_csrftoken", Value: c.cookie})
		}
		if c.header != "" {
			req.Header.Set("X-CSRFToken", c.header)
		}
		if c.origin != "" {
			req.Header.Set("Origin", c.origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Detail string `json:"detail"`
		}
		json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if c.want == "" {
			if resp.StatusCode == 403 {
				t.Errorf("cookie %q header %q refused: %s", c.cookie, c.header, body.Detail)
			}
			continue
		}
		if resp.StatusCode != 403 || body.Detail != c.want {
			t.Errorf("cookie %q header %q: %d %q, want 403 %q", c.cookie, c.header, resp.StatusCode, body.Detail, c.want)
		}
	}
}

func TestRetriesReadsNotWrites(t *testing.T) {
	var gets, posts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "GET" {
			if gets.Add(1) < 3 {
				w.WriteHeader(503)
				w.Write([]byte(`<html>busy</html>`))
				return
			}
			w.Write([]byte(`{"data": [{"id": 1, "name": "g"}]}`))
			return
		}
		posts.Add(1)
		w.WriteHeader(503)
		w.Write([]byte(`<html>busy</html>`))
	}))
	defer srv.Close()
	o := client.NewOpen(mustTransport(t, client.Config{APIURLTmpl: srv.URL + "/{api_name}", AppCode: "a", AppSecret: "b", Retries: 3}))
	gs, err := o.Gateways(ctx, "")
	if err != nil || len(gs) != 1 || gets.Load() != 3 {
		t.Fatalf("read retried to success: %v %v after %d", gs, err, gets.Load())
	}
	_, err = o.Apply(ctx, client.ApplyRequest{Gateway: "g", ResourceNames: []string{"x"}, Reason: "r", Applicant: "demo-user"})
	var nj *client.NotJSONError
	if !errors.As(err, &nj) || nj.Status != 503 || !strings.Contains(nj.Head, "busy") || posts.Load() != 1 {
		t.Fatalf("write sent once, error kept: %v (posts %d)", err, posts.Load())
	}
}

func mustTransport(t *testing.T, c client.Config) *client.Transport {
	t.Helper()
	if c.Timeout == 0 {
		c.Timeout = 5 * time.Second
	}
	tr, err := client.NewTransport(c)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// expires_in null means "never" only for an owned row; for no permission it means nothing.
func TestExpiryReadsNullWithTheStatus(t *testing.T) {
	n := client.In
	for _, c := range []struct {
		status string
		in     *client.Seconds
		want   client.Expiry
	}{
		{client.StatusOwned, nil, client.Expiry{Kind: client.ExpiryNever}},
		{client.StatusNeedApply, nil, client.Expiry{Kind: client.ExpiryNone}},
		{client.StatusPending, nil, client.Expiry{Kind: client.ExpiryNone}},
		{client.StatusRejected, nil, client.Expiry{Kind: client.ExpiryNone}},
		{client.StatusUnlimited, nil, client.Expiry{Kind: client.ExpiryNotNeeded}},
		{client.StatusOwned, n(86400 * 10), client.Expiry{Kind: client.ExpiryIn, Days: 10}},
		{client.StatusExpired, n(-86400 * 3), client.Expiry{Kind: client.ExpiryExpired, Days: 3}},
		{client.StatusRejected, n(-86400 * 3), client.Expiry{Kind: client.ExpiryExpired, Days: 3}},
	} {
		if got := client.ExpiryOf(c.status, c.in); got != c.want {
			t.Errorf("%s %v: %+v, want %+v", c.status, c.in, got, c.want)
		}
	}
}

// O shows a match_subpath resource as /prefix/*: the * is where the user's sub-path goes.
func TestSubPathResources(t *testing.T) {
	if got := client.PathParams("/files/{bucket}/*"); len(got) != 2 || got[1] != client.SubPathParam {
		t.Fatalf("params %v", got)
	}
	for sub, want := range map[string]string{"a/b c/d": "/files/x/a/b%20c/d", "": "/files/x/", "/one/": "/files/x/one"} {
		got, err := client.FillPath("/files/{bucket}/*", map[string]string{"bucket": "x", client.SubPathParam: sub})
		if err != nil || got != want {
			t.Errorf("%q: %q %v, want %q", sub, got, err, want)
		}
	}
}
