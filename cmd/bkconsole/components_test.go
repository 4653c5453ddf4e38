package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// Components from the binary: a system → three components (one sensitive) → apply → partly
// approved without a keypress → the approved one called (result true), the rejected one refused
// (1306403, the apply command offered) → renew.
func TestComponentsFlowFromTheCLI(t *testing.T) {
	s := newHome(t).serve("--decide-after", "1s")
	h := newHome(t, s.as(0, "login", "hc", "dc", "esb")...)
	if out := h.ok("components", "systems"); !strings.Contains(out, "CC") || !strings.Contains(out, "JOB") {
		t.Fatalf("systems: %s", out)
	}
	list := h.ok("components", "list", "CC")
	for _, want := range []string{"search_business", "update_host", "sensitive", "special", "unlimited", "not applied", "Search businesses"} {
		if !strings.Contains(list, want) {
			t.Errorf("list lacks %q:\n%s", want, list)
		}
	}
	// Each description in the reader's language, where the server sent one.
	if zh := h.ok("components", "list", "CC", "--lang", "zh"); !strings.Contains(zh, "查询业务") || strings.Contains(zh, "Search businesses") {
		t.Errorf("in Chinese:\n%s", zh)
	}
	out := h.ok("components", "apply", "CC", "search_business", "search_host", "update_host", "--reason", "sync")
	id := regexp.MustCompile(`\d+`).FindString(out)
	if id == "" {
		t.Fatalf("apply: %s", out)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(h.ok("components", "records"), "partially approved") {
		if time.Now().After(deadline) {
			t.Fatalf("never decided: %s", h.ok("components", "records"))
		}
		time.Sleep(200 * time.Millisecond)
	}
	if rec := h.ok("components", "records", id); !strings.Contains(rec, "update_host") || !strings.Contains(rec, "rejected") || !strings.Contains(rec, "Update host") {
		t.Errorf("one record: %s", rec)
	}
	var ans struct {
		Status int `json:"status"`
		Body   struct {
			Result bool `json:"result"`
			Code   int  `json:"code"`
		} `json:"body"`
	}
	json.Unmarshal([]byte(h.ok("components", "call", "CC", "search_business", "-d", `{"bk_biz_id": 2}`, "--json")), &ans)
	if ans.Status != 200 || !ans.Body.Result {
		t.Fatalf("approved call: %+v", ans)
	}
	// The snippet calls the component the same way: run by a shell with the secret from the
	// environment, it gets the same envelope.
	snip := h.ok("components", "snippet", "CC", "search_business", "-d", `{"bk_biz_id": 2}`, "--to", "curl", "--secrets", "env")
	// The snippet takes the call's flags, query parameters included.
	if q := h.ok("components", "snippet", "CC", "get_biz_location", "-q", "bk_supplier_account=0"); !strings.Contains(q, "/get_biz_location/?bk_supplier_account=0") {
		t.Errorf("the snippet lost the query: %s", q)
	}
	if strings.Contains(snip, s.Apps[0].Secret) {
		t.Fatal("env mode holds the secret")
	}
	sh := exec.Command("sh", "-c", strings.TrimRight(snip, "\n")+" -s")
	sh.Env = append(os.Environ(), "BK_APP_SECRET="+s.Apps[0].Secret)
	if got, err := sh.Output(); err != nil || !strings.Contains(string(got), `"result":true`) {
		t.Fatalf("snippet: %v %s", err, got)
	}
	r := h.run("", "components", "call", "CC", "update_host", "-d", `{}`)
	if r.code != 1 || !strings.Contains(r.stdout, "1306403") || !strings.Contains(r.stderr, "bkconsole components apply CC update_host") {
		t.Fatalf("rejected call: %d %s %s", r.code, r.stdout, r.stderr)
	}
	// Both calls are in the history the console's H shows, as component calls.
	if b, _ := os.ReadFile(filepath.Join(h.dir, "state", "bkconsole", "history.json")); strings.Count(string(b), `"component": true`)+strings.Count(string(b), `"component":true`) != 2 {
		t.Errorf("history: %s", b)
	}
	if out := h.ok("components", "renew", "CC", "search_business", "--days", "360"); !strings.Contains(out, "renewed 1") {
		t.Errorf("renew: %s", out)
	}
	heldBesideTheAPIs(t, h)
	if r := h.run("", "components", "renew", "CC", "update_host"); r.code != 2 {
		t.Errorf("renewing a rejected component is a usage error: %d %s", r.code, r.stderr)
	}
	if r := h.run("", "components", "list", "NOPE"); r.code != 2 || !strings.Contains(r.stderr, `no system "NOPE"`) {
		t.Errorf("unknown system: %d %s", r.code, r.stderr)
	}
}

// heldBesideTheAPIs: all the app's permissions list the components beside the gateway APIs,
// with their system; the rejected one is not held.
func heldBesideTheAPIs(t *testing.T, h *home) {
	t.Helper()
	// renew and apply are for gateway APIs: a system named there is offered its own command.
	if r := h.run("", "renew", "CC", "search_business"); r.code != 2 || !strings.Contains(r.stderr, "it is a component system: bkconsole components renew CC search_business") {
		t.Errorf("renew of a component: %d %s", r.code, r.stderr)
	}
	if all := h.ok("perms", "--all"); !regexp.MustCompile(`component +CC +search_business +owned`).MatchString(all) || strings.Contains(all, "update_host") {
		t.Errorf("perms --all:\n%s", all)
	}
	type heldRow struct {
		Kind, Name string
		System     string `json:"system_name"`
	}
	var held []heldRow
	json.Unmarshal([]byte(h.ok("perms", "--all", "--json")), &held)
	if !slices.Contains(held, heldRow{"component", "search_business", "CC"}) {
		t.Errorf("perms --all --json: %+v", held)
	}
	if only := h.ok("perms", "--all", "--kind", "component"); strings.Contains(only, "API ") || !strings.Contains(only, "search_business") {
		t.Errorf("perms --all --kind component:\n%s", only)
	}
}

// On a multi-tenant installation there is no ESB: said plainly.
func TestComponentsOnAMultiTenantInstallation(t *testing.T) {
	mtHome := newHome(t)
	mt := mtHome.serve("--multi-tenant")
	h2 := newHome(t, mt.as(0)...)
	if r := h2.run("", "components", "systems"); r.code != 1 || !strings.Contains(r.stderr, "multi-tenant") {
		t.Errorf("multi-tenant: %d %s", r.code, r.stderr)
	}
	if r := h2.run("", "perms", "--all"); r.code != 0 || strings.Contains(r.stderr, "component") {
		t.Errorf("all the permissions of an installation without components: %d %s", r.code, r.stderr)
	}
}

// records --all lists the applications of every kind, newest first, as the console's records
// page does: `records` alone had only the gateways', so a script saw no MCP or component
// application without three commands.
func TestRecordsOfEveryKindFromTheCLI(t *testing.T) {
	s := newHome(t).serve("--decide-after", "1h")
	h := newHome(t, s.as(0, "login", "hc", "dc", "esb")...)
	// A second apart: the records' times are to the second.
	h.ok("apply", "demo-echo", "echo_item", "--reason", "gateway")
	time.Sleep(1100 * time.Millisecond)
	h.ok("mcp", "apply", "bk-user-prod-directory", "--reason", "agent")
	time.Sleep(1100 * time.Millisecond)
	h.ok("components", "apply", "CC", "search_business", "--reason", "sync")

	out := h.ok("records", "--all")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.Contains(lines[0], "KIND") || !strings.Contains(lines[0], "FOR") {
		t.Fatalf("want a heading and three records:\n%s", out)
	}
	// Newest first: the component application was made last.
	for i, want := range []string{"component  CC", "MCP        bk-user-prod-directory", "gateway    demo-echo"} {
		if !strings.Contains(lines[i+1], want) || !strings.Contains(lines[i+1], "pending") {
			t.Errorf("row %d lacks %q:\n%s", i+1, want, out)
		}
	}
	if !strings.Contains(lines[2], "  -  ") {
		t.Errorf("an MCP permission has no validity: %q", lines[2])
	}

	var recs []struct {
		Kind, Target, Reason string
		ApplyStatus          string `json:"apply_status"`
	}
	if err := json.Unmarshal([]byte(h.ok("records", "--all", "--json")), &recs); err != nil || len(recs) != 3 {
		t.Fatalf("--json: %v %+v", err, recs)
	}
	if recs[0].Kind != "component" || recs[0].Target != "CC" || recs[1].Kind != "mcp" || recs[2].Kind != "gateway" || recs[2].Reason != "gateway" {
		t.Errorf("--json: %+v", recs)
	}
	if out := h.ok("records", "--all", "--status", "approved"); !strings.Contains(out, "no application matches") {
		t.Errorf("--status: %s", out)
	}
	if zh := h.ok("records", "--all", "--lang", "zh"); !strings.Contains(zh, "类型") || !strings.Contains(zh, "组件") {
		t.Errorf("in Chinese:\n%s", zh)
	}
	for _, args := range [][]string{{"records", "--all", "1"}, {"records", "--all", "--gateway", "demo"}} {
		if r := h.run("", args...); r.code != 2 || !strings.Contains(r.stderr, "--all lists the records of every kind") {
			t.Errorf("%v: exit %d %s", args, r.code, r.stderr)
		}
	}
}

// renew --json says each permission's new expiry, as the text does (it gave the ids alone, and a
// script had to list the permissions again to learn them); null is "never expires".
func TestRenewalJSONSaysTheNewExpiries(t *testing.T) {
	isolate(t)
	for _, c := range []struct {
		days string
		want func(at any) bool
	}{
		{"180", func(at any) bool {
			s, _ := at.(string)
			t, err := time.Parse(time.RFC3339, s)
			return err == nil && t.After(time.Now().AddDate(0, 0, 180))
		}},
		{"0", func(at any) bool { return at == nil }},
	} {
		code, stdout, stderr := inProcess(t, nil, "", "--sandbox", "renew", "bk-legacy-job", "execute_job", "--days", c.days, "--json")
		var got struct {
			Renewed     []int
			Permissions []map[string]any
		}
		if err := json.Unmarshal([]byte(stdout), &got); code != 0 || err != nil || len(got.Renewed) != 1 || len(got.Permissions) != 1 ||
			got.Permissions[0]["name"] != "execute_job" || !c.want(got.Permissions[0]["expires_at"]) {
			t.Errorf("--days %s: exit %d %v\n%s%s", c.days, code, err, stdout, stderr)
		}
	}
}
