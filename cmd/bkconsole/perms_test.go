package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

type permRow struct {
	ID        int    `json:"id"`
	Name      string `json:"name"`
	Status    string `json:"permission_status"`
	Action    string `json:"permission_action"`
	ExpiresIn *int64 `json:"expires_in"`
}

type dryRunOut struct {
	DryRun  bool   `json:"dry_run"`
	Surface string `json:"surface"`
	Request struct {
		Method  string              `json:"method"`
		URL     string              `json:"url"`
		Headers map[string][]string `json:"headers"`
		Body    string              `json:"body"`
	} `json:"request"`
}

func findPerm(t *testing.T, rows []permRow, name string) permRow {
	t.Helper()
	for _, r := range rows {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no %s in %+v", name, rows)
	return permRow{}
}

// TestApplyFlowThroughDAndI: three APIs, one sensitive; the record goes from pending to
// partially approved; the two approved ones are owned with about 180 days left.
func TestApplyFlowThroughDAndI(t *testing.T) {
	s := newHome(t).serve("--decide-after", "1s")
	for _, c := range []struct {
		surface string
		env     []string
	}{
		{"Developer Center", s.as(0, "login", "hc", "dc")},
		{"inner APIs", s.as(0)},
	} {
		t.Run(c.surface, func(t *testing.T) {
			h := newHome(t, c.env...)
			gw := map[string]string{"Developer Center": "bk-user", "inner APIs": "bk-cmdb"}[c.surface]
			apis := map[string][]string{"bk-user": {"list_users", "retrieve_user", "create_user"}, "bk-cmdb": {"search_business", "list_biz_hosts", "create_business"}}[gw]
			applyDryRunSendsNothing(t, h, gw, apis, s.Apps[0].Secret, s.BkToken)
			applyAndWaitForTheDecision(t, h, c.surface, gw, apis)
			var rows []permRow
			json.Unmarshal([]byte(h.ok("perms", gw, "--json")), &rows)
			for _, n := range apis[:2] {
				p := findPerm(t, rows, n)
				if p.Status != "owned" || p.ExpiresIn == nil || *p.ExpiresIn < 179*86400 || *p.ExpiresIn > 180*86400 {
					t.Errorf("%s owned with about 180 days: %+v", n, p)
				}
			}
			if p := findPerm(t, rows, apis[2]); p.Status != "rejected" {
				t.Errorf("%s rejected: %+v", apis[2], p)
			}
			if list := h.ok("records", "--status", "partial_approved"); !strings.Contains(list, gw) {
				t.Errorf("records filter: %s", list)
			}
			renewAfterADryRun(t, h, gw, apis[0])
		})
	}
}

// applyDryRunSendsNothing: a dry run prints the request the planner would send first, masked,
// and sends nothing.
func applyDryRunSendsNothing(t *testing.T, h *home, gw string, apis []string, secrets ...string) {
	t.Helper()
	before := h.ok("records", "--json")
	dr := h.run("", append([]string{"apply", gw}, append(apis, "--reason", "nightly sync", "--json", "--dry-run")...)...)
	var d dryRunOut
	if err := json.Unmarshal([]byte(dr.stdout), &d); dr.code != 0 || err != nil || !d.DryRun || d.Request.Method != "POST" ||
		!strings.Contains(d.Request.URL, "/gateways/"+gw+"/permissions/") || !strings.Contains(d.Request.Body, `"reason":"nightly sync"`) {
		t.Fatalf("apply --dry-run: %d %v %s %s", dr.code, err, dr.stdout, dr.stderr)
	}
	for _, secret := range secrets {
		if strings.Contains(dr.stdout+dr.stderr, secret) {
			t.Fatalf("dry run shows a secret: %s", dr.stdout)
		}
	}
	if recs := h.ok("records", "--json"); recs != before {
		t.Fatalf("a dry run created a record: %s", recs)
	}
}

// applyAndWaitForTheDecision: the apply goes through the named surface, its record is pending,
// and records --wait returns once it is partly approved (the third API rejected), exit 4.
func applyAndWaitForTheDecision(t *testing.T, h *home, surface, gw string, apis []string) {
	t.Helper()
	r := h.run("", append([]string{"apply", gw}, append(apis, "--reason", "nightly sync", "--json")...)...)
	if r.code != 0 || !strings.Contains(r.stderr, surface) {
		t.Fatalf("apply: %d %s %s", r.code, r.stdout, r.stderr)
	}
	var res struct {
		RecordID int `json:"record_id"`
	}
	json.Unmarshal([]byte(r.stdout), &res)
	var rec struct {
		Status    string `json:"apply_status"`
		Resources []struct {
			Name   string `json:"name"`
			Status string `json:"apply_status"`
		} `json:"resources"`
		Comment string `json:"comment"`
	}
	json.Unmarshal([]byte(h.ok("records", fmt.Sprint(res.RecordID), "--json")), &rec)
	if rec.Status != "pending" {
		t.Fatalf("first pending: %+v", rec)
	}
	w := h.run("", "records", "--wait", fmt.Sprint(res.RecordID), "--json")
	json.Unmarshal([]byte(w.stdout), &rec)
	if rec.Status != "partial_approved" || rec.Comment == "" || w.code != ExitPartial {
		t.Fatalf("decided, partly approved (exit %d): %+v %s", w.code, rec, w.stderr)
	}
	got := map[string]string{}
	for _, x := range rec.Resources {
		got[x.Name] = x.Status
	}
	if got[apis[2]] != "rejected" || got[apis[0]] != "approved" || got[apis[1]] != "approved" {
		t.Fatalf("results: %v", got)
	}
}

// renewAfterADryRun: a renewal's dry run changes nothing; the renewal itself extends the
// permission to max(old, now)+360 days.
func renewAfterADryRun(t *testing.T, h *home, gw, api string) {
	t.Helper()
	dr := h.run("", "renew", gw, api, "--days", "360", "--dry-run")
	if dr.code != 0 || !strings.HasPrefix(dr.stdout, "POST ") || !strings.Contains(dr.stdout, `"expire_days":360`) || !strings.Contains(dr.stderr, "nothing was sent") {
		t.Fatalf("renew --dry-run: %d %s %s", dr.code, dr.stdout, dr.stderr)
	}
	var after []permRow
	json.Unmarshal([]byte(h.ok("perms", gw, "--json")), &after)
	if p := findPerm(t, after, api); *p.ExpiresIn > 180*86400 {
		t.Fatalf("a dry run renewed: %+v", p)
	}
	if out := h.ok("renew", gw, api, "--days", "360"); !strings.Contains(out, "renewed 1") {
		t.Errorf("renew: %s", out)
	}
	var all []permRow
	json.Unmarshal([]byte(h.ok("perms", "--all", "--json")), &all)
	if p := findPerm(t, all, api); p.ExpiresIn == nil || *p.ExpiresIn < 539*86400 {
		t.Errorf("renewed to max(old, now)+360: %+v", p)
	}
	// Made permanent, it says so in words ("new expiry ∞" had stood for it).
	if out := h.ok("renew", gw, api, "--days", "0"); !strings.Contains(out, api+": never expires now") {
		t.Errorf("renew --days 0: %s", out)
	}
	// Permanent, it is refused as such ("X is owned: only owned … can be renewed" had
	// contradicted itself), nothing sent.
	if r := h.run("", "--lang", "zh", "renew", gw, api, "--days", "0"); r.code != ExitUsage || !strings.Contains(r.stderr, api+" 永久有效，无需续期") {
		t.Errorf("renewing a permanent permission: %d %s", r.code, r.stderr)
	}
}

func TestApplyWithAppCredentialsOnlyUsesOpenAPI(t *testing.T) {
	s := newHome(t).serve("--decide-after", "1s")
	h := newHome(t, s.as(1)...)
	r := h.run("", "apply", "bk-user", "list_users", "--reason", "x")
	if r.code != 2 || !strings.Contains(r.stderr, "username") {
		t.Fatalf("O needs the applicant's username: %d %s", r.code, r.stderr)
	}
	h.env = append(h.env, "BK_USERNAME=demo-user")
	r = h.run("", "apply", "bk-user", "list_users", "--reason", "x")
	if r.code != 0 || !strings.Contains(r.stdout, "applied: record") || !strings.Contains(r.stderr, "status and records need a login") {
		t.Fatalf("apply via O: %d %s %s", r.code, r.stdout, r.stderr)
	}
	r = h.run("", "perms", "bk-user")
	if r.code != 1 || !strings.Contains(r.stderr, "a login (bk_token)") || !strings.Contains(r.stderr, "inner-API grant") {
		t.Fatalf("status says what is missing: %d %s", r.code, r.stderr)
	}
	r = h.run("", "records")
	if r.code != 1 || !strings.Contains(r.stderr, "a login (bk_token)") {
		t.Fatalf("records say what is missing: %d %s", r.code, r.stderr)
	}
}

func TestApplyInputRefusedBeforeSending(t *testing.T) {
	h := newHome(t)
	for _, args := range [][]string{
		{"--sandbox", "apply", "bk-user", "list_users"},                                  // no reason
		{"--sandbox", "apply", "bk-user", "list_users", "--reason", "x", "--days", "30"}, // bad validity
		{"--sandbox", "apply", "bk-user", "--reason", "x"},                               // no APIs
		{"--sandbox", "apply", "bk-user", "nope", "--reason", "x"},                       // unknown API
		{"--sandbox", "records", "abc"},
	} {
		if r := h.run("", args...); r.code != 2 {
			t.Errorf("%v: exit %d %s", args, r.code, r.stderr)
		}
	}
	r := h.run("", "--sandbox", "apply", "bk-legacy-job", "--whole-gateway", "--reason", "x")
	if r.code != 1 || !strings.Contains(r.stderr, "Permissions can only be applied if they are valid for less than 360.") {
		t.Errorf("whole gateway refused with the reason: %d %s", r.code, r.stderr)
	}
}

// A whole gateway is applied for and followed with commands that run: the hints had said
// "apply GATEWAY --whole-gateway" and "records 2 --wait", with no "bkconsole".
func TestWholeGatewayApplicationSaysHowToFollowIt(t *testing.T) {
	h := newHome(t)
	// perms says how, as a command that runs (it said "apply GATEWAY --whole-gateway").
	if r := h.run("", "--sandbox", "perms", "bk-user"); !strings.Contains(r.stderr, "whole-gateway applications: bkconsole apply bk-user --whole-gateway --reason") {
		t.Errorf("perms: %s", r.stderr)
	}
	r := h.run("", "--sandbox", "apply", "bk-user", "--whole-gateway", "--reason", "x")
	if r.code != 0 || !regexp.MustCompile(`follow it: bkconsole records \d+ --wait`).MatchString(r.stdout+r.stderr) {
		t.Fatalf("%d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// doc, apply and renew take an API's path as a logged URL has it, routed as the gateway routes
// it: `apply demo-echo /items/42/` had said there was no such API. A path several methods take
// names them and sends nothing.
func TestAPIsNamedByTheirPath(t *testing.T) {
	s := newHome(t).serve("--decide-after", "1s")
	h := newHome(t, s.as(0, "login", "hc", "dc")...)
	if byPath, byName := h.ok("doc", "demo-echo", "/users/bob/notes/"), h.ok("doc", "demo-echo", "user_notes"); byPath != byName {
		t.Errorf("the doc of /users/bob/notes/ is not user_notes':\n%s", byPath)
	}
	r := h.run("", "apply", "demo-echo", "/items/42/", "--reason", "x")
	if r.code != 2 || !strings.Contains(r.stderr, "GET echo_item, PUT update_item") || strings.Contains(r.stdout, "record") {
		t.Errorf("a path several methods take: exit %d %s%s", r.code, r.stdout, r.stderr)
	}
	if zh := h.run("", "doc", "demo-echo", "/items/42/", "--lang", "zh"); zh.code != 2 || !strings.Contains(zh.stderr, "对应多个接口") {
		t.Errorf("in Chinese: %d %s", zh.code, zh.stderr)
	}
	if r := h.run("", "apply", "demo-echo", "/nowhere/", "--reason", "x"); r.code == 0 || !strings.Contains(r.stderr, `demo-echo has no API "/nowhere/" in stage prod`) {
		t.Errorf("a path no API takes: exit %d %s", r.code, r.stderr)
	}
	id := regexp.MustCompile(`record (\d+)`).FindStringSubmatch(h.ok("apply", "demo-echo", "/users/bob/notes/?x=1", "--reason", "notes", "--wait"))
	if id == nil || !strings.Contains(h.ok("records", id[1]), "user_notes") {
		t.Fatalf("applied by path: %v", id)
	}
	if out := h.ok("renew", "demo-echo", "/users/ann/notes/", "--days", "360"); !strings.Contains(out, "user_notes") {
		t.Errorf("renewed by path: %s", out)
	}
}
