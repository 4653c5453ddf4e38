package client_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/sandbox"
)

// Components through D and I: a system, three components (one sensitive) applied for, partly
// approved, the approved one called (result true), the rejected one refused in the envelope
// (1306403, apply), then a renewal.
func TestComponentsLifeOnDAndI(t *testing.T) {
	for _, s := range []client.Surface{client.SurfaceDevCenter, client.SurfaceInner} {
		t.Run(string(s), func(t *testing.T) {
			e := newEnv(t, sandbox.Options{DecideAfter: 5 * time.Second})
			cfg := e.cfg()
			cfg.ComponentAPIURL = e.urls.ComponentAPIURL
			if s == client.SurfaceInner {
				cfg.DeveloperCenterURL = ""
			}
			p := e.planner(t, cfg)
			sys, via, err := p.FindSystem(ctx, "CC")
			if err != nil || via != s {
				t.Fatalf("system via %s: %v", via, err)
			}
			byName := componentsByName(t, p, sys.ID)
			recordID := applyForThreeComponents(t, p, sys.ID, byName)
			e.clock.Add(6 * time.Second)
			callAfterDecision(t, p, recordID)
			renewTheOwnedOne(t, p, sys.ID)
		})
	}
}

// componentsByName lists the system's components and checks every permission level occurs.
func componentsByName(t *testing.T, p *client.Planner, systemID int) map[string]client.Component {
	t.Helper()
	comps, _, err := p.Components(ctx, systemID)
	if err != nil || len(comps) != 5 {
		t.Fatalf("components: %v %+v", err, comps)
	}
	levels := map[string]bool{}
	byName := map[string]client.Component{}
	for _, c := range comps {
		levels[c.PermissionLevel] = true
		byName[c.Name] = c
	}
	if len(levels) != 4 {
		t.Errorf("every level occurs: %v", levels)
	}
	if c := byName["get_biz_location"]; c.PermissionStatus != client.StatusUnlimited || c.ExpiresIn != nil {
		t.Errorf("unlimited: %+v", c)
	}
	if c := byName["search_host"]; c.PermissionStatus != client.StatusNeedApply || c.ExpiresIn != nil || c.PermissionAction != client.ActionApply {
		t.Errorf("need_apply, expires_in null: %+v", c)
	}
	return byName
}

// applyForThreeComponents applies for three and checks that calling one before the decision is
// refused inside an HTTP 200.
func applyForThreeComponents(t *testing.T, p *client.Planner, systemID int, byName map[string]client.Component) int {
	t.Helper()
	ids := []int{byName["search_business"].ID, byName["search_host"].ID, byName["update_host"].ID}
	res, _, err := p.ComponentApply(ctx, client.ComponentApplyRequest{SystemID: systemID, ComponentIDs: ids, Reason: "sync", ExpireDays: 180})
	if err != nil || res.RecordID == 0 {
		t.Fatalf("apply: %+v %v", res, err)
	}
	resp, _, err := p.CallComponent(ctx, client.ComponentCall{System: "CC", Component: "search_business", Body: []byte(`{}`)})
	var ee *client.ESBError
	if !errors.As(err, &ee) || ee.Code != "1306403" || resp == nil || resp.Status != 200 || client.HintOf(err).Fix != client.FixApply {
		t.Fatalf("before approval: %v %+v", err, resp)
	}
	return res.RecordID
}

// callAfterDecision: the record is partly approved; the approved component answers, the rejected
// one is refused, by the CLI's call and the request console's alike.
func callAfterDecision(t *testing.T, p *client.Planner, recordID int) {
	t.Helper()
	rec, _, err := p.ComponentRecord(ctx, recordID)
	if err != nil || rec.ApplyStatus != client.RecordPartialApproved || len(rec.Components) != 3 {
		t.Fatalf("record: %v %+v", err, rec)
	}
	recs, _, err := p.ComponentRecords(ctx, client.RecordQuery{})
	if err != nil || len(recs) != 1 || recs[0].SystemName != "CC" {
		t.Fatalf("records: %v %+v", err, recs)
	}
	resp, _, err := p.CallComponent(ctx, client.ComponentCall{System: "CC", Component: "search_business", Body: []byte(`{"bk_biz_id": 2}`)})
	if err != nil || !strings.Contains(string(resp.Body), `"result":true`) {
		t.Fatalf("approved call: %v %s", err, resp.Body)
	}
	var ee *client.ESBError
	if _, _, err = p.CallComponent(ctx, client.ComponentCall{System: "CC", Component: "update_host", Body: []byte(`{}`)}); !errors.As(err, &ee) || ee.Code != "1306403" {
		t.Fatalf("rejected call: %v", err)
	}
	// The request console's path: a CallRequest naming the component, the envelope decides.
	if _, _, err := p.Call(ctx, client.CallRequest{Component: &client.ComponentRef{System: "CC", Name: "update_host"}, Method: "POST", Body: []byte(`{}`)}); !errors.As(err, &ee) || ee.Code != "1306403" {
		t.Fatalf("console call of the rejected one: %v", err)
	}
	if resp, prep, err := p.Call(ctx, client.CallRequest{Component: &client.ComponentRef{System: "CC", Name: "search_business"}, Method: "POST", Body: []byte(`{}`)}); err != nil ||
		!strings.HasSuffix(prep.URL, "/api/c/compapi/v2/cc/search_business/") || !strings.Contains(string(resp.Body), `"result":true`) {
		t.Fatalf("console call: %v %s", err, prep.URL)
	}
}

// renewTheOwnedOne: the approved component is owned with an expiry, and a renewal extends it.
func renewTheOwnedOne(t *testing.T, p *client.Planner, systemID int) {
	t.Helper()
	byName := map[string]client.Component{}
	comps, _, _ := p.Components(ctx, systemID)
	for _, c := range comps {
		byName[c.Name] = c
	}
	sb := byName["search_business"]
	if sb.PermissionStatus != client.StatusOwned || sb.ExpiresIn == nil || sb.PermissionAction != client.ActionRenew {
		t.Fatalf("owned: %+v", sb)
	}
	held, _, err := p.HeldPermissions(ctx)
	if err != nil || !slices.ContainsFunc(held, func(h client.HeldPermission) bool {
		return h.Kind == client.KindComponent && h.ID == sb.ID && h.Where() == "CC" && h.PermissionStatus == client.StatusOwned
	}) {
		t.Fatalf("My permissions lack the owned component: %v %+v", err, held)
	}
	if _, err := p.ComponentRenew(ctx, []int{sb.ID}, 360); err != nil {
		t.Fatal(err)
	}
	// Renewed from My permissions (no system named), a lost answer is read back across systems.
	if rs, _, err := p.AfterUnknownRenewal(ctx, client.KindComponent, 0, []int{sb.ID}); err != nil || len(rs) != 1 || rs[0].Name != "search_business" {
		t.Errorf("expiries after a renewal of no one system: %v %+v", err, rs)
	}
	comps, _, _ = p.Components(ctx, systemID)
	for _, c := range comps {
		if c.Name == "search_business" && (c.ExpiresIn == nil || *c.ExpiresIn < 539*86400) {
			t.Errorf("renewed: %+v", c)
		}
	}
}

// A multi-tenant installation has no ESB: its routes 404, and bkconsole says so.
func TestMultiTenantHasNoComponents(t *testing.T) {
	for _, s := range []client.Surface{client.SurfaceDevCenter, client.SurfaceInner} {
		e := newEnv(t, sandbox.Options{MultiTenant: true})
		cfg := e.cfg()
		if s == client.SurfaceInner {
			cfg.DeveloperCenterURL = ""
		}
		p := e.planner(t, cfg)
		_, _, err := p.Systems(ctx)
		if !errors.Is(err, client.ErrNoESB) || client.HintOf(err).Meaning != "esb.absent" {
			t.Fatalf("%s: %v", s, err)
		}
		if _, _, err := p.HeldPermissions(ctx); err != nil { // no components there is not an error
			t.Errorf("%s: My permissions: %v", s, err)
		}
	}
}

// A method that is not one bkconsole sends is refused before anything leaves: "FOO" went out
// as typed, and "GE T" (which Go will not send) read as sent with its answer lost.
func TestWhatHTTPCannotCarryIsRefusedBeforeSending(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(`{"result": true, "code": 0, "data": {}}`))
	}))
	defer srv.Close()
	p, err := client.NewPlanner(client.Config{ComponentAPIURL: srv.URL, AppCode: "a", AppSecret: "s"})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"FOO", "GE T", "get\r\n"} {
		_, _, err := p.CallComponent(ctx, client.ComponentCall{System: "CC", Component: "search_business", Method: m})
		var in *client.ErrUserInput
		if !errors.As(err, &in) || in.Key != "input.bad_http_method" {
			t.Errorf("%q: %v", m, err)
		}
	}
	if _, _, err := p.CallComponent(ctx, client.ComponentCall{System: "CC", Component: "search_business", Method: "get"}); err != nil {
		t.Errorf("get: %v", err)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("the server saw %d requests, want the one with a good method", n)
	}
	// A gateway call the same: a header Go will not send is refused by name, before sending.
	for _, h := range []client.KV{{Key: "X-A", Value: "a\x01b"}, {Key: "X-A", Value: "a\r\nX-B: c"}, {Key: "Bad Name", Value: "x"}} {
		_, err := p.Cfg.Prepare(client.CallRequest{Gateway: "g", Path: "/x/", Method: "POST", Headers: []client.KV{h}})
		var in *client.ErrUserInput
		if !errors.As(err, &in) || !strings.HasPrefix(in.Key, "input.bad_header_") {
			t.Errorf("header %q: %v", h, err)
		}
	}
}

// The request console sends a component as a call request: a profile that has only ESB's URL
// (an older installation, no gateway URL template) calls it all the same. It was refused as
// needing BK_API_URL_TMPL, which a component's call never uses.
func TestAComponentNeedsOnlyESBsURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"result": true, "code": 0, "data": {"path": "` + r.URL.Path + `"}}`))
	}))
	defer srv.Close()
	p, err := client.NewPlanner(client.Config{ComponentAPIURL: srv.URL, AppCode: "a", AppSecret: "s"})
	if err != nil {
		t.Fatal(err)
	}
	r := client.CallRequest{Component: &client.ComponentRef{System: "CC", Name: "search_business"}, Method: "POST", Body: []byte(`{}`)}
	resp, _, err := p.Call(ctx, r)
	if err != nil || !strings.Contains(string(resp.Body), "/api/c/compapi/v2/cc/search_business/") {
		t.Fatalf("component call without a gateway template: %v %v", resp, err)
	}
	// A gateway call still needs the template.
	var un *client.ErrUnavailable
	if _, _, err := p.Call(ctx, client.CallRequest{Gateway: "g", Path: "/x/"}); !errors.As(err, &un) {
		t.Errorf("a gateway call without a template: %v", err)
	}
}
