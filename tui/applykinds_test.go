package tui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/sandbox"
	"github.com/bkconsole/bkconsole/tui/common"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// Every kind goes through the one application form: a confirmation saying what will be sent,
// one send, and after an answer lost once the server acted, the records read back: the
// application is called made only by the record this send made. On the sandbox, through the
// root model, as the user drives it.
func TestApplyFormEveryKindAnswerLost(t *testing.T) {
	t.Parallel()
	for _, kc := range []struct {
		kind    client.Kind
		open    func(h *harness)
		confirm string
		records func(p *client.Planner) int
	}{
		{client.KindAPI, func(h *harness) {
			h.keys("/", "demo-echo", "enter", "tab", "tab")
			mustContain(h.t.(*testing.T), h.view(), "echo_item")
			h.keys("/", "echo_item", "enter", " ", "esc", "A")
		}, "Apply for 1 API of demo-echo, valid 6 months? (y/N)", func(p *client.Planner) int {
			rs, _, _ := p.Records(context.Background(), client.RecordQuery{})
			return len(rs)
		}},
		{client.KindMCP, func(h *harness) {
			h.keys("M")
			mustContain(h.t.(*testing.T), h.view(), "demo-echo-prod-echo")
			h.keys(" ", "A")
		}, "Apply for 1 MCP server? (y/N)", func(p *client.Planner) int {
			rs, _, _ := p.MCPRecords(context.Background())
			return len(rs)
		}},
		{client.KindComponent, func(h *harness) {
			h.keys("E")
			mustContain(h.t.(*testing.T), h.view(), "CC")
			h.keys("enter")
			mustContain(h.t.(*testing.T), h.view(), "search_business")
			h.keys(" ", "down", " ", "A")
		}, "Apply for 2 components of CC, valid 6 months? (y/N)", func(p *client.Planner) int {
			rs, _, _ := p.ComponentRecords(context.Background(), client.RecordQuery{})
			return len(rs)
		}},
	} {
		t.Run(string(kc.kind), func(t *testing.T) {
			h, sb, p := realHarnessPlanner(t)
			h.run(h.m.Init())
			before := kc.records(p)
			kc.open(h)
			h.send(tea.KeyMsg{Type: tea.KeyCtrlS}) // no reason: refused before sending
			mustContain(t, h.view(), "the reason is required")
			typeText(h, "lost answer "+string(kc.kind))
			h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
			mustContain(t, h.view(), kc.confirm, "y yes • n no") // the footer offers what the question takes
			sb.SetFaults(sandbox.Faults{LoseWrites: 1})
			h.keys("y")
			sb.SetFaults(sandbox.Faults{})
			v := h.view()
			mustContain(t, v, "was lost on the way", "the application was created: record") // the ✓ does not hide the loss
			if n := kc.records(p); n != before+1 {
				t.Fatalf("records %d → %d: sent more than once or not at all", before, n)
			}
			if strings.Contains(v, "lost answer") { // the form gave way to the result
				t.Fatalf("still the form:\n%s", v)
			}
		})
	}
}

// A renewal of components whose answer is lost once the server acted is not sent again: the
// page reads the expiries as they stand and shows them, as gateway renewals do.
func TestComponentRenewalAnswerLost(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	h, sb, p := realHarnessPlanner(t, sandbox.Options{Now: clock, DecideAfter: time.Second})
	h.run(h.m.Init())
	h.keys("E", "enter", " ", "A")
	typeText(h, "own it first")
	h.keys("ctrl+s", "y")
	mustContain(t, h.view(), "applied: record")
	mu.Lock()
	now = now.Add(time.Minute) // the approver decided
	mu.Unlock()
	h.keys("esc", "r")
	mustContain(t, h.view(), "in 180 days")
	h.keys("g", " ", "N") // search_business, now owned (the application dropped the marks)
	mustContain(t, h.view(), "CC / search_business", "→")
	h.keys("enter")
	mustContain(t, h.view(), "y yes • n no")
	sb.SetFaults(sandbox.Faults{LoseWrites: 1})
	h.keys("y")
	sb.SetFaults(sandbox.Faults{})
	v := h.view()
	mustContain(t, v, "outcome is unknown", "the expiries as they stand now", "search_business: expires in 360 days (renewed)", "look at the expiries before renewing again",
		"1 of 1 permissions renewed, as their expiries show") // on the status line too: told wherever the user went
	// Renewed, as the expiries prove: the form no longer offers to renew (enter had asked again,
	// and y renewed a second time).
	if strings.Contains(v, "enter submit") {
		t.Errorf("the form offers to renew what it renewed:\n%s", v)
	}
	h.keys("enter", "y")
	if v := h.view(); strings.Contains(v, "y yes • n no") || strings.Contains(v, "Renew 1 permission for") {
		t.Errorf("enter asked to renew again:\n%s", v)
	}
	cs, _, _ := p.Components(context.Background(), 1)
	for _, c := range cs {
		if c.Name == "search_business" && (c.ExpiresIn == nil || *c.ExpiresIn/86400 > 361) {
			t.Fatalf("renewed more than once: %+v", c)
		}
	}
}

// On the smallest screen the question a write asks stays in sight (the apply form's was
// below its list, the renewal's below its permissions: the footer said y/n to a question
// not shown), and a renewal's new date is whole. Both languages, on the sandbox.
func TestWriteQuestionsInSightAt60x15(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		chinese      bool
		apply, renew string
	}{
		{false, "Apply for 1 API of bk-cmdb, valid 6 months? (y/N)", "Renew 3 permissions for 6 months? (y/N)"},
		{true, "确认申请 bk-cmdb 的 1 个接口，有效期 6 个月？(y/N)", "确认为 3 个权限续期 6 个月？(y/N)"},
	} {
		h, _ := realHarness(t)
		h.resize(60, 15)
		h.run(h.m.Init())
		if c.chinese {
			h.keys("L")
		}
		h.keys("/", "bk-cmdb", "enter", "tab", "tab", " ", "A")
		typeText(h, "reason")
		h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
		mustContain(t, h.view(), c.apply)
		h.keys("n", "esc", "esc", "esc", "R", "m", " ", "down", " ", "down", " ", "N", "enter")
		v := h.view()
		mustContain(t, v, c.renew)
		if i := strings.Index(v, "→ 20"); i < 0 || strings.ContainsAny(v[i:i+len("→ 2028-07-07")], "…\n") {
			t.Fatalf("no whole new expiry:\n%s", v)
		}
	}
}

// At 60×15 the application's items stay in sight while they are gone through, with the key
// that removes one: none was shown, the title and the reason above took the room.
func TestApplyItemsInSightAt60x15(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.resize(60, 15)
	h.run(h.m.Init())
	h.keys("/", "bk-cmdb", "enter", "tab", "tab", "a", "A", "tab", "tab", "down")
	v := ansi.Strip(h.view())
	lines := strings.Split(v, "\n")
	at := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "▸ APIs (") })
	if at < 0 || at+3 >= len(lines) || !strings.HasPrefix(lines[at+3], "    ") || !strings.Contains(lines[len(lines)-1], "x remove") {
		t.Fatalf("the items, focused, at 60×15:\n%s", v)
	}
}

// An application of more items than the page holds fills the page with them and says how many
// more there are: at 80×24 six of fourteen showed, four rows stayed empty, and nothing said the
// other eight were there.
func TestApplyItemsFillThePageAndSayTheRest(t *testing.T) {
	t.Parallel()
	h := sandboxAt(t, 80, 24)
	h.keys("/", "bk-cmdb", "enter", "tab", "tab", "a", "A")
	v := ansi.Strip(h.view())
	shown := strings.Count(v, "  normal  ")
	var more int
	if _, err := fmt.Sscanf(v[max(0, strings.Index(v, "… and "))+len("… and "):], "%d more", &more); err != nil || shown+more != 14 {
		t.Fatalf("%d shown, %d more (%v):\n%s", shown, more, err, v)
	}
	lines := strings.Split(v, "\n")
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "" && strings.TrimSpace(lines[i-1]) == "" {
			t.Fatalf("rows left empty:\n%s", v)
		}
	}
	mustFillRows(t, h.view(), 24)
}

// An app that can apply only through the open APIs (no login, no inner-API grant), whose
// profile names no username, is asked for the applicant in the form: the form had no such
// field and the send came back refused for an empty username. The name typed goes out as the
// applicant, once, and the result says where status and records are read, wrapped to the page.
func TestOpenAPIApplyAsksForTheApplicant(t *testing.T) {
	t.Parallel()
	h := visitorHarness(t, 80, 30)
	h.keys("/", "demo-echo", "enter", "tab", "tab")
	mustContain(t, h.view(), "Permission status needs a login", "echo_item")
	h.keys("/", "echo_item", "enter", " ", "esc", "A")
	mustContain(t, h.view(), "Applicant")
	typeText(h, "the visitor needs it")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	h.keys("y")
	mustContain(t, h.view(), "the applicant's username is needed: type yours in Applicant")
	typeText(h, "visitor-bob")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	h.keys("y")
	v := h.view()
	mustContain(t, v, "applied: record", "status and records need a login", "inner-API grant") // wrapped, not cut
}

// A form opened where the page did not know that only the open APIs are left (the console's
// apply after a 403) learns it from the refusal, before anything is sent, and asks for the
// applicant there.
func TestApplyFormLearnsItNeedsTheApplicant(t *testing.T) {
	t.Parallel()
	h := visitorHarness(t, 120, 40)
	h.run(common.OpenPage(common.ApplyPage{Target: "demo-echo", Items: []common.ApplyItem{{Name: "echo_item"}}}))
	if strings.Contains(h.view(), "Applicant") {
		t.Fatalf("the form asked before it knew:\n%s", h.view())
	}
	typeText(h, "the visitor needs it")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	h.keys("y")
	mustContain(t, h.view(), "Applicant", "the applicant's username is needed: type yours in Applicant")
	typeText(h, "visitor-bob")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	h.keys("y")
	mustContain(t, h.view(), "applied: record")
}

// Through the open APIs the MCP page shows each server's status from the app's grants and
// latest records (it showed "-" beside a note that the open APIs do not say). When the grants
// do not answer, the note says the status is unknown, wrapped under the selection count (it
// was cut mid-word at 100 columns), and the page keeps its height.
func TestMCPStatusThroughTheOpenAPIs(t *testing.T) {
	t.Parallel()
	h := visitorHarness(t, 60, 16)
	h.keys("M")
	v := h.view()
	mustContain(t, v, "Echo tools", "not applied", "q quit")
	if strings.Contains(v, "status is unknown") {
		t.Errorf("a note for a status shown:\n%s", v)
	}

	h, _, _ = realHarnessWith(t, sandbox.Options{}, func(c *client.Config) {
		c.AppCode, c.AppSecret, c.HelpCenterURL, c.DeveloperCenterURL = sandbox.VisitorAppCode, sandbox.VisitorAppSecret, "", ""
		c.APIURLTmpl = failingPath(t, c.APIURLTmpl, "/open/mcp-servers/permissions/")
	})
	h.resize(60, 16)
	h.run(h.m.Init())
	h.keys("M")
	v = h.view()
	mustContain(t, v, "Echo tools", "inner-API grant would say it", "q quit")
	if n := strings.Count(v, "\n") + 1; n != 16 {
		t.Errorf("%d lines on a 16-line terminal:\n%s", n, v)
	}
}

// failingPath is tmpl's server behind a proxy that answers 502 to every path ending in path.
func failingPath(t *testing.T, tmpl, path string) string {
	return behindProxy(t, tmpl, func(w http.ResponseWriter, r *http.Request) bool {
		if strings.HasSuffix(r.URL.Path, path) {
			http.Error(w, "upstream down", http.StatusBadGateway)
			return true
		}
		return false
	})
}

// behindProxy is tmpl's server (a URL, or a template with {api_name}) behind a proxy that lets
// intercept answer first: what it does not answer (false) goes through.
func behindProxy(t *testing.T, tmpl string, intercept func(http.ResponseWriter, *http.Request) bool) string {
	u, err := url.Parse(strings.Replace(tmpl, "{api_name}", "x", 1))
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: u.Scheme, Host: u.Host})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !intercept(w, r) {
			proxy.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return strings.Replace(tmpl, u.Scheme+"://"+u.Host, srv.URL, 1)
}

// connectionReset is a read whose connection dropped, as the client reports it.
func connectionReset() error {
	return &client.TransportError{Method: "GET", URL: "http://hc.example/", Err: errors.New("connection reset")}
}

// The records page of an app that reaches only the open APIs lists its MCP applications (O
// lists them) under a note that the gateways' need a login; it had shown only the refusal.
func TestRecordsThroughTheOpenAPIsListMCPApplications(t *testing.T) {
	t.Parallel()
	h, p := visitorHarnessPlanner(t, 80, 24)
	if _, _, err := p.MCPApply(context.Background(), client.MCPApplyRequest{ServerIDs: []int{1}, AppliedBy: "visitor-bob", Reason: "agent"}); err != nil {
		t.Fatal(err)
	}
	h.keys("R")
	mustContain(t, h.view(), "Records of gateway and component applications need a login", "MCP", "demo-echo-prod-echo", "agent")
	if v := h.view(); strings.Contains(v, "component records could not be read") {
		t.Errorf("the note and a notice say it twice:\n%s", v)
	}
}

// visitorHarness is realHarness as the sandbox's app without the inner-API grant, with no
// login and no Help Center or Developer Center: the open APIs are all it reaches.
// It is started on a terminal w×ht.
func visitorHarness(t *testing.T, w, ht int) *harness {
	h, _ := visitorHarnessPlanner(t, w, ht)
	return h
}

// visitorHarnessPlanner is visitorHarness with its planner.
func visitorHarnessPlanner(t *testing.T, w, ht int) (*harness, *client.Planner) {
	h, _, p := realHarnessWith(t, sandbox.Options{}, func(c *client.Config) {
		c.AppCode, c.AppSecret, c.HelpCenterURL, c.DeveloperCenterURL = sandbox.VisitorAppCode, sandbox.VisitorAppSecret, "", ""
	})
	h.resize(w, ht)
	h.run(h.m.Init())
	return h, p
}

// The SDK tab of an app without a login says where to add one whole, wrapped (it was cut at
// "Add one on t" at 80 columns).
func TestSDKTabSaysWhereToAddALoginWhole(t *testing.T) {
	t.Parallel()
	h := visitorHarness(t, 80, 24)
	h.keys("enter", "tab")
	mustContain(t, h.view(), "SDKs", "profile screen (P)")
}

// A server whose tools act as a user, tried without a login, names each way to say who the
// user is, its own login among them; and its login line wraps between words (a hard wrap cut
// "as th|e app" at 80 columns).
func TestMCPUserServerSaysEachWay(t *testing.T) {
	t.Parallel()
	h := visitorHarness(t, 80, 40)
	h.keys("M", "/")
	typeText(h, "bk-user-prod-login")
	h.keys("enter", "enter")
	if v := h.view(); !strings.Contains(v, "not only as") || strings.Contains(v, "as th\n") {
		t.Errorf("the login line is cut mid-word:\n%s", v)
	}
	h.keys("t")
	mustContain(t, h.view(), "calling them needs who you are", "a login (bk_token), or the server's own login")
}
