package client_test

import (
	"cmp"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/sandbox"
)

func permsOf(t *testing.T, e *env, s client.Surface) client.Permissions {
	tr := e.transport(t, e.cfg())
	if s == client.SurfaceDevCenter {
		return client.NewDevCenter(tr)
	}
	return client.NewInner(tr)
}

func find(ps []client.ResourcePermission, name string) client.ResourcePermission {
	for _, p := range ps {
		if p.Name == name {
			return p
		}
	}
	return client.ResourcePermission{}
}

// TestPermissionsBothSurfaces runs the whole life of an application through I and through D.
func TestPermissionsBothSurfaces(t *testing.T) {
	for _, s := range []client.Surface{client.SurfaceInner, client.SurfaceDevCenter} {
		t.Run(string(s), func(t *testing.T) {
			e := newEnv(t, sandbox.Options{DecideAfter: 5 * time.Second})
			p := permsOf(t, e, s)
			if p.Surface() != s {
				t.Fatalf("surface %s", p.Surface())
			}
			lu, ids := statusBeforeApplying(t, p, s)
			res := applyForThree(t, p, s, ids)
			decided(t, e, p, s, res)
			renewedThenExpired(t, e, p, lu)
			recordsFiltersAndPages(t, e, p)
			inputRulesBeforeSending(t, p, ids)
		})
	}
}

// statusBeforeApplying: the gateways, one gateway, its APIs' status and whether the whole
// gateway may be applied for, as each surface answers.
func statusBeforeApplying(t *testing.T, p client.Permissions, s client.Surface) (client.ResourcePermission, []int) {
	gs, err := p.Gateways(ctx, "")
	if err != nil || len(gs) < 4 {
		t.Fatalf("gateways: %v %v", gs, err)
	}
	if s == client.SurfaceDevCenter && len(gs[0].Kind) != 0 {
		t.Errorf("D drops kind: %s", gs[0].Kind)
	}
	g, err := p.Gateway(ctx, "bk-user")
	if err != nil || g.Name != "bk-user" {
		t.Fatalf("gateway: %v", err)
	}
	st, err := p.Status(ctx, "bk-user")
	if err != nil || len(st) == 0 {
		t.Fatalf("status: %v", err)
	}
	// In upstream's order: by the level it sends, then the name (a sensitive API is "normal"
	// there; the sandbox had sorted it by a level it does not send).
	if !slices.IsSortedFunc(st, func(a, b client.ResourcePermission) int {
		return cmp.Or(cmp.Compare(a.PermissionLevel, b.PermissionLevel), cmp.Compare(a.Name, b.Name))
	}) {
		t.Errorf("not ordered by permission_level, name: %+v", st)
	}
	if u := find(st, "list_tenants"); u.PermissionStatus != client.StatusUnlimited || u.ExpiresIn != nil || u.PermissionAction != "" {
		t.Errorf("unlimited: %+v", u)
	}
	lu := find(st, "list_users")
	if lu.PermissionStatus != client.StatusNeedApply || lu.PermissionAction != client.ActionApply || lu.PermissionLevel != "normal" {
		t.Errorf("need_apply: %+v", lu)
	}
	cu := find(st, "create_user")
	if cu.PermissionLevel != "normal" { // upstream sends only normal or unlimited for gateway resources
		t.Errorf("level: %+v", cu)
	}
	// The demo app holds bk-legacy-job for 400 days: refused, in upstream's words.
	aa, err := p.AllowApplyByGateway(ctx, "bk-legacy-job")
	if err != nil || aa.AllowApplyByGateway || aa.Reason != "权限有效期小于 360 天时，才可申请。" {
		t.Errorf("bk-legacy-job refuses whole-gateway applications with upstream's reason: %+v %v", aa, err)
	}
	aa, err = p.AllowApplyByGateway(ctx, "bk-monitor")
	if err != nil || !aa.AllowApplyByGateway {
		t.Errorf("bk-monitor allows: %+v %v", aa, err)
	}
	return lu, []int{lu.ID, find(st, "retrieve_user").ID, cu.ID}
}

// applyForThree applies for three APIs, one sensitive: pending, with the ticket I gives.
func applyForThree(t *testing.T, p client.Permissions, s client.Surface, ids []int) client.ApplyResult {
	res, err := p.Apply(ctx, client.ApplyRequest{Gateway: "bk-user", ResourceIDs: ids, Reason: "nightly sync", ExpireDays: 180})
	if err != nil || res.RecordID == 0 {
		t.Fatalf("apply: %+v %v", res, err)
	}
	if s == client.SurfaceInner && res.ITSMTicketURL == "" {
		t.Errorf("I returns the ticket: %+v", res)
	}
	if s == client.SurfaceDevCenter && res.ITSMTicketURL != "" {
		t.Errorf("D returns only record_id: %+v", res)
	}
	st, _ := p.Status(ctx, "bk-user")
	if got := find(st, "list_users"); got.PermissionStatus != client.StatusPending || got.PermissionAction != "" {
		t.Errorf("pending: %+v", got)
	}
	rec, err := p.Record(ctx, res.RecordID)
	if err != nil || rec.ApplyStatus != client.RecordPending || !rec.HandledTime.IsZero() || len(rec.Resources) != 3 {
		t.Fatalf("pending record: %+v %v", rec, err)
	}
	for _, r := range rec.Resources {
		if r.ApplyStatus != "pending" {
			t.Errorf("all pending while the record is: %+v", r)
		}
	}
	return res
}

// decided: time passes and the sandbox decides; the record and the status say so.
func decided(t *testing.T, e *env, p client.Permissions, s client.Surface, res client.ApplyResult) {
	// Time passes; the sandbox decides.
	e.clock.Add(6 * time.Second)
	rec, err := p.Record(ctx, res.RecordID)
	if err != nil || rec.ApplyStatus != client.RecordPartialApproved || rec.HandledTime.IsZero() || rec.Comment == "" {
		t.Fatalf("decided record: %+v %v", rec, err)
	}
	results := map[string]string{}
	for _, r := range rec.Resources {
		results[r.Name] = r.ApplyStatus
	}
	if results["create_user"] != "rejected" || results["list_users"] != "approved" {
		t.Errorf("results: %v", results)
	}
	if s == client.SurfaceDevCenter && rec.ITSMTicketURL != "" {
		t.Error("D's serializer drops itsm fields")
	}
	st, _ := p.Status(ctx, "bk-user")
	got := find(st, "list_users")
	if got.PermissionStatus != client.StatusOwned || got.ExpiresIn == nil || *got.ExpiresIn < 179*86400 || got.PermissionAction != client.ActionRenew {
		t.Errorf("owned with ~180 days: %+v", got)
	}
	if got := find(st, "create_user"); got.PermissionStatus != client.StatusRejected || got.PermissionAction != client.ActionApply {
		t.Errorf("rejected: %+v", got)
	}
}

// renewedThenExpired: a renewal adds to max(old, now); far in the future the permission expires.
func renewedThenExpired(t *testing.T, e *env, p client.Permissions, lu client.ResourcePermission) {
	// Renew: max(old, now) + 360 days.
	if err := p.Renew(ctx, []int{lu.ID}, 360); err != nil {
		t.Fatalf("renew: %v", err)
	}
	st, _ := p.Status(ctx, "bk-user")
	if got := find(st, "list_users"); got.ExpiresIn == nil || *got.ExpiresIn < 539*86400 || got.PermissionAction != "" {
		t.Errorf("renewed: %+v", got)
	}
	all, err := p.AppPermissions(ctx)
	if err != nil || len(all) < 2 {
		t.Fatalf("app permissions: %v %v", all, err)
	}
	// Expiry: far in the future the permission is expired and can be applied for again.
	e.clock.Add(600 * 24 * time.Hour)
	st, _ = p.Status(ctx, "bk-user")
	if got := find(st, "list_users"); got.PermissionStatus != client.StatusExpired || got.PermissionAction != client.ActionApply {
		t.Errorf("expired: %+v", got)
	}
}

// recordsFiltersAndPages: records newest first over every page, filtered, a whole-gateway one.
func recordsFiltersAndPages(t *testing.T, e *env, p client.Permissions) {
	// Records, filters and pages.
	for i := 0; i < 12; i++ {
		if _, err := p.Apply(ctx, client.ApplyRequest{Gateway: "bk-monitor", WholeGateway: true, Reason: "batch", ExpireDays: 0}); err != nil {
			t.Fatalf("whole gateway apply %d: %v", i, err)
		}
		e.clock.Add(10 * time.Second)
	}
	recs, err := p.Records(ctx, client.RecordQuery{})
	if err != nil || len(recs) != 13 {
		t.Fatalf("all pages of records: %d %v", len(recs), err)
	}
	if !recs[0].AppliedTime.After(recs[len(recs)-1].AppliedTime.Time) {
		t.Error("records are newest first")
	}
	byGW, _ := p.Records(ctx, client.RecordQuery{Query: "user"})
	rejected, _ := p.Records(ctx, client.RecordQuery{ApplyStatus: client.RecordPartialApproved})
	if len(byGW) != 1 || len(rejected) != 1 {
		t.Errorf("filters: %d %d", len(byGW), len(rejected))
	}
	whole, _ := p.Record(ctx, recs[0].ID)
	if whole.GrantDimension != "api" || len(whole.Resources) != 0 || whole.ApplyStatus != client.RecordApproved {
		t.Errorf("whole-gateway record: %+v", whole)
	}
	st, _ := p.Status(ctx, "bk-monitor")
	if got := find(st, "search_alert"); got.PermissionStatus != client.StatusOwned || got.ExpiresIn != nil {
		t.Errorf("permanent grant never expires: %+v", got)
	}
	// I answers 404; D turns I's refusal into an HTML 500 page, as the real one does.
	wantStatus := 404
	if p.Surface() == client.SurfaceDevCenter {
		wantStatus = 500
	}
	if _, err := p.Record(ctx, 99999); client.StatusOf(err) != wantStatus {
		t.Errorf("unknown record: %v", err)
	}
}

// inputRulesBeforeSending: bad input never leaves the client.
func inputRulesBeforeSending(t *testing.T, p client.Permissions, ids []int) {
	// Input rules are enforced before sending.
	var in *client.ErrUserInput
	if _, err := p.Apply(ctx, client.ApplyRequest{Gateway: "bk-user", ResourceIDs: ids, Reason: " ", ExpireDays: 180}); !errors.As(err, &in) {
		t.Errorf("empty reason: %v", err)
	}
	if _, err := p.Apply(ctx, client.ApplyRequest{Gateway: "bk-user", ResourceIDs: ids, Reason: "x", ExpireDays: 30}); !errors.As(err, &in) {
		t.Errorf("bad days: %v", err)
	}
	if err := p.Renew(ctx, nil, 180); !errors.As(err, &in) {
		t.Errorf("renew nothing: %v", err)
	}
}

func TestDevCenterAuthAndCSRF(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	cfg := e.cfg()
	cfg.BkToken = ""
	_, err := client.NewDevCenter(e.transport(t, cfg)).Gateways(ctx, "")
	var de *client.DevCenterError
	if !errors.As(err, &de) || de.Status != 401 {
		t.Fatalf("D without cookie: %v", err)
	}
	if client.HintOf(err).Fix != client.FixToken {
		t.Errorf("hint: %+v", client.HintOf(err))
	}
	// The client's POST carries matching cookie and header; the sandbox refuses one without.
	_, err = client.NewDevCenter(e.transport(t, e.cfg())).Apply(ctx, client.ApplyRequest{Gateway: "bk-user", ResourceIDs: []int{1002}, Reason: "x", ExpireDays: 180})
	if err != nil {
		t.Fatalf("D apply with CSRF: %v", err)
	}
	// D's own validation comes back as fields_detail (expire_days is required on D; bkconsole
	// always sends it, so ask by hand) ...
	req, _ := http.NewRequest("POST", e.urls.DeveloperCenterURL+"/backend/api/cloudapi-v2/apps/"+sandbox.DemoAppCode+"/inner/gateways/bk-user/permissions/apply/",
		strings.NewReader(`{"resource_ids": [1002], "reason": "", "grant_dimension": "resource"}`))
	req.Header.Set("Content-Type", "application/json")
	tok := strings.Repeat("aB3", 10) + "zz" // 32 letters and digits, as Django wants
	req.Header.Set("X-CSRFToken", tok)
	req.Header.Set("Origin", strings.TrimSuffix(e.urls.DeveloperCenterURL, "/dc"))
	req.AddCookie(&http.Cookie{Name: "bk_token", Value: sandbox.DemoBkToken})
	req.AddCookie(&http.Cookie{Name: "bk_paas3_csrftoken", Value: tok})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var vbody struct {
		Code         string              `json:"code"`
		FieldsDetail map[string][]string `json:"fields_detail"`
	}
	json.NewDecoder(resp.Body).Decode(&vbody)
	resp.Body.Close()
	if resp.StatusCode != 400 || vbody.Code != "VALIDATION_ERROR" || len(vbody.FieldsDetail["expire_days"]) == 0 || len(vbody.FieldsDetail["reason"]) != 0 {
		t.Fatalf("D validation (an empty reason is accepted, expire_days is required): %d %+v", resp.StatusCode, vbody)
	}
	// ... while a refusal of the gateway (ids it does not have) arrives as D's HTML 500 page,
	// which the planner reports as probably refused, not sent again.
	_, _, err = e.planner(t, e.cfg()).Apply(ctx, client.ApplyRequest{Gateway: "bk-user", ResourceIDs: []int{1}, Reason: "x", ExpireDays: 180})
	var un *client.OutcomeUnknownError
	if !errors.As(err, &un) || client.StatusOf(err) != 500 || client.HintOf(err).Meaning != "write.dev_refused" {
		t.Fatalf("D's HTML 500 on apply: %v %+v", err, client.HintOf(err))
	}
}

func TestInnerRefusesUngrantedApp(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	i := client.NewInner(e.transport(t, e.appOnly(sandbox.VisitorAppCode, sandbox.VisitorAppSecret)))
	_, err := i.Status(ctx, "bk-user")
	var ge *client.GatewayError
	if !errors.As(err, &ge) || ge.Status != 403 || ge.CodeName != "APP_NO_PERMISSION" || ge.RequestID == "" {
		t.Fatalf("want 403 APP_NO_PERMISSION: %v", err)
	}
	if !strings.Contains(err.Error(), ge.RequestID) {
		t.Error("the error names the request id")
	}
}

// I (and D through it) creates a second record while the first is pending; only O refuses.
func TestSecondPendingApplication(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	tr := e.transport(t, e.cfg())
	req := client.ApplyRequest{Gateway: "bk-cmdb", ResourceIDs: []int{1016}, ResourceNames: []string{"search_business"}, Reason: "x", ExpireDays: 180, Applicant: sandbox.DemoUsername}
	for name, apply := range map[string]func() (client.ApplyResult, error){
		"I": func() (client.ApplyResult, error) { return client.NewInner(tr).Apply(ctx, req) },
		"D": func() (client.ApplyResult, error) { return client.NewDevCenter(tr).Apply(ctx, req) },
	} {
		first, err1 := apply()
		second, err2 := apply()
		if err1 != nil || err2 != nil || first.RecordID == second.RecordID {
			t.Fatalf("%s: a second pending application is a new record: %+v %v / %+v %v", name, first, err1, second, err2)
		}
	}
	_, err := client.NewOpen(tr).Apply(ctx, req)
	if client.StatusOf(err) != 400 {
		t.Fatalf("O refuses while one is pending: %v", err)
	}
}

// A whole-gateway permission and an API's own are separate: the API's expiry is the later of the
// two, so approving the gateway for 6 months never shortens an API granted for 720 days; while
// the whole-gateway application waits, its APIs read pending and another is refused with
// upstream's words.
func TestWholeGatewayAndAPIPermissionsAreSeparate(t *testing.T) {
	for _, s := range []client.Surface{client.SurfaceInner, client.SurfaceDevCenter} {
		t.Run(string(s), func(t *testing.T) {
			e := newEnv(t, sandbox.Options{DecideAfter: time.Second})
			p := permsOf(t, e, s)
			st, _ := p.Status(ctx, "bk-user")
			lu, ru := find(st, "list_users"), find(st, "retrieve_user")
			days := func(name string) float64 {
				t.Helper()
				st, err := p.Status(ctx, "bk-user")
				if err != nil {
					t.Fatal(err)
				}
				r := find(st, name)
				if r.ExpiresIn == nil {
					t.Fatalf("%s: no expiry: %+v", name, r)
				}
				return float64(*r.ExpiresIn) / 86400
			}
			// list_users: 360 days, renewed by 360 more: 720 days left.
			if _, err := p.Apply(ctx, client.ApplyRequest{Gateway: "bk-user", ResourceIDs: []int{lu.ID}, Reason: "r", ExpireDays: 360}); err != nil {
				t.Fatal(err)
			}
			e.clock.Add(2 * time.Second)
			if err := p.Renew(ctx, []int{lu.ID}, 360); err != nil {
				t.Fatal(err)
			}
			if d := days("list_users"); d < 719.9 || d > 720 {
				t.Fatalf("720 days before the gateway grant: %.2f", d)
			}
			// A whole-gateway application for 180 days.
			if aa, _ := p.AllowApplyByGateway(ctx, "bk-user"); !aa.AllowApplyByGateway {
				t.Fatalf("no gateway grant yet: allowed: %+v", aa)
			}
			if _, err := p.Apply(ctx, client.ApplyRequest{Gateway: "bk-user", WholeGateway: true, Reason: "r", ExpireDays: 180}); err != nil {
				t.Fatal(err)
			}
			st, _ = p.Status(ctx, "bk-user")
			if got := find(st, "list_users"); got.PermissionStatus != client.StatusPending {
				t.Errorf("while the whole-gateway application waits its APIs read pending: %+v", got)
			}
			if aa, _ := p.AllowApplyByGateway(ctx, "bk-user"); aa.AllowApplyByGateway || aa.Reason != "权限申请中，请联系网关负责人审批。" {
				t.Errorf("a second whole-gateway application while one waits: %+v", aa)
			}
			e.clock.Add(2 * time.Second)
			if d := days("list_users"); d < 719.9 {
				t.Errorf("the 6-month gateway grant shortened list_users to %.2f days", d)
			}
			if d := days("retrieve_user"); d < 179.9 || d > 180 {
				t.Errorf("retrieve_user has the gateway's 180 days: %.2f (%+v)", d, ru)
			}
			if got := find(mustStatus(t, p), "retrieve_user"); got.PermissionStatus != client.StatusOwned || got.PermissionAction != client.ActionRenew {
				t.Errorf("owned through the gateway, renewable: %+v", got)
			}
			// 180 days left is under 360: another whole-gateway application is allowed.
			if aa, _ := p.AllowApplyByGateway(ctx, "bk-user"); !aa.AllowApplyByGateway {
				t.Errorf("under 360 days left: allowed: %+v", aa)
			}
			// Renewing an API held through the gateway starts from the gateway's expiry.
			if err := p.Renew(ctx, []int{ru.ID}, 360); err != nil {
				t.Fatal(err)
			}
			if d := days("retrieve_user"); d < 539.9 || d > 540 {
				t.Errorf("renewed from the gateway's 180 days: %.2f", d)
			}
		})
	}
}

func mustStatus(t *testing.T, p client.Permissions) []client.ResourcePermission {
	t.Helper()
	st, err := p.Status(ctx, "bk-user")
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// O refuses what upstream's O refuses, in its words (in the language asked), and a
// permission row's doc_link is a full URL.
func TestOpenApplyRefusalsAndDocLink(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	cfg := e.cfg()
	cfg.Lang = "en"
	tr := e.transport(t, cfg)
	o := client.NewOpen(tr)
	req := client.ApplyRequest{Gateway: "bk-cmdb", ResourceNames: []string{"search_business", "list_biz_hosts"}, Reason: "x", ExpireDays: 180, Applicant: sandbox.DemoUsername}
	if _, err := o.Apply(ctx, req); err != nil {
		t.Fatal(err)
	}
	_, err := o.Apply(ctx, req)
	if client.StatusOf(err) != 400 || !strings.Contains(err.Error(), "Resource permission for [search_business, list_biz_hosts] is being applied for.") {
		t.Fatalf("O while pending: %v", err)
	}
	_, err = o.Apply(ctx, client.ApplyRequest{Gateway: "bk-legacy-job", WholeGateway: true, Reason: "x", Applicant: sandbox.DemoUsername})
	if client.StatusOf(err) != 400 || !strings.Contains(err.Error(), "Permissions can only be applied if they are valid for less than 360.") {
		t.Fatalf("O whole gateway held for 400 days: %v", err)
	}
	st, err := client.NewInner(tr).Status(ctx, "bk-cmdb")
	if err != nil {
		t.Fatal(err)
	}
	link := find(st, "search_business").DocLink
	if u, err := url.Parse(link); err != nil || u.Scheme != "http" || u.Host == "" || !strings.Contains(link, "search_business") {
		t.Fatalf("doc_link is a full URL: %q", link)
	}
}
