package tui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/pages/esb"
	"github.com/bkconsole/bkconsole/tui/pages/palette"

	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/sandbox"
	tea "github.com/charmbracelet/bubbletea"
)

// E opens the component systems; a system's components show status, level (all four), expiry
// and action; space and A apply with a reason and a validity; N renews with the new expiry shown.
func TestComponentsApplyAndRenew(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 130, 34)
	h.keys("E")
	mustContain(t, h.view(), "Components", "CC", "CMDB")
	h.keys("enter")
	mustContain(t, h.view(), "search_business", "not applied", "sensitive", "special", "unlimited", "in 7 days")
	h.keys(" ", "down", " ", "A") // search_business and update_host: space marks in place
	// The one application form of every kind.
	mustContain(t, h.view(), "Apply for components: CC", "Components (2)", "search_business", "update_host", "(•) 6 months")
	typeText(h, "sync")
	h.keys("tab", "l") // the validity: 12 months
	mustContain(t, h.view(), "(•) 12 months")
	h.keys("ctrl+s")
	mustContain(t, h.view(), "Apply for 2 components of CC, valid 12 months? (y/N)")
	if h.f.Calls("comp_apply") != 0 {
		t.Fatal("sent before the confirmation")
	}
	h.keys("y")
	if h.f.Calls("comp_apply") != 1 || len(h.f.compApplied) != 1 || h.f.compApplied[0].ExpireDays != 360 || len(h.f.compApplied[0].ComponentIDs) != 2 || h.f.compApplied[0].Reason != "sync" {
		t.Fatalf("applied: %+v", h.f.compApplied)
	}
	mustContain(t, h.view(), "applied: record 77", "enter opens the record")
	h.keys("esc") // back on the list, read afresh: the two now wait, the selection is gone
	mustContain(t, h.view(), "0 selected", "pending")
	h.keys("g", "down", "down", " ", "N") // search_host, owned: the renewal page every kind shares
	mustContain(t, h.view(), "CC / search_host", " → ")
	h.keys("enter", "y")
	if h.f.Calls("comp_renew") != 1 || len(h.f.compRenewed) != 1 || h.f.compRenewed[0] != 3 {
		t.Fatalf("renewed: %v", h.f.compRenewed)
	}
	if h.f.Calls("renew") != 0 {
		t.Fatal("a component renewal went to the gateway renewal")
	}
}

// The components list follows a pending application by itself until it is decided: no r.
func TestComponentsFollowTheirPendingApplication(t *testing.T) {
	t.Parallel()
	h := componentApplied(t)
	loads := h.f.Calls("components")
	h.advance(common.FollowEvery)
	if h.f.Calls("components") == loads {
		t.Fatal("the list did not look again while an application waits")
	}
	mustContain(t, h.view(), "pending")
	h.f.decideComponents()
	h.advance(common.FollowEvery)
	if v := h.view(); strings.Contains(v, "pending") || !strings.Contains(v, "in 180 days") {
		t.Fatalf("the decision did not show by itself:\n%s", v)
	}
	// Decided: the list stops looking.
	loads = h.f.Calls("components")
	h.advance(3 * common.FollowEvery)
	if h.f.Calls("components") != loads {
		t.Fatal("the list kept loading with nothing pending")
	}
}

// Without ESB (a multi-tenant installation) the page says so.
func TestComponentsAbsentOnMultiTenant(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.Chinese, 120, 30, func(f *fakeBackend) { f.noESB = true })
	h.keys("E")
	mustContain(t, h.view(), "多租户")
	// Known absent, the page is not offered again: E says so, the palette does not list it.
	h.keys("esc", "E")
	if _, on := h.m.Top().(*esb.SystemsScreen); on {
		t.Fatal("E opened the page again")
	}
	mustContain(t, h.view(), "多租户")
	h.keys(":")
	typeText(h, "组件")
	if strings.Contains(h.view(), "系统、权限、申请与续期") { // the entry's description
		t.Fatalf("the palette still offers the page:\n%s", h.view())
	}
}

// The records page lists MCP and component applications beside gateway ones, a column saying
// which; a component or MCP server record opens as a gateway's does (one view of an
// application record), with each component's result.
func TestRecordsOfEveryKind(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 130, 34)
	h.keys("R")
	mustContain(t, h.view(), "KIND", "MCP", "demo-echo-prod-echo", "component", "CC", "partially approved")
	h.keys("/")
	typeText(h, "CC")
	h.keys("enter", "enter")
	mustContain(t, h.view(), "Record 501", "SYSTEM        CC", "COMMENT       sensitive rejected", "Components", "search_business", "approved", "update_host", "rejected")
	// An MCP server's record opens the same way (enter had put its ticket on the status line,
	// calling record 601 "server 601").
	h.keys("esc", "esc", "/") // back to the records, the filter cleared
	typeText(h, "demo-echo-prod-echo")
	h.keys("enter", "enter")
	mustContain(t, h.view(), "Record 601", "MCP SERVER    demo-echo-prod-echo", "REASON        agent", "TICKET        http://itsm/601", "pending")
}

// c calls a component: the envelope decides; a 1306403 inside an HTTP 200 is shown as the
// refusal it is, with the fix and the keys to it (the form's field takes A as a letter).
func TestComponentCallFromThePage(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 130, 40)
	h.keys("E", "enter", "c")
	mustContain(t, h.view(), "POST CC.search_business")
	// What is typed survives closing the form (esc had dropped it).
	h.keys("backspace", "backspace")
	typeText(h, `{"bk_biz_id": 3}`)
	h.keys("esc", "c")
	mustContain(t, h.view(), "POST CC.search_business", `{"bk_biz_id": 3}`)
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	if h.f.Calls("comp_call") != 1 {
		t.Fatal("not sent")
	}
	mustContain(t, h.view(), `"result": true`)
	h.send(tea.KeyMsg{Type: tea.KeyCtrlY}) // copy the call as curl: the page says what became of it
	if !copyReported(h.view(), "the curl snippet (masked)") {
		t.Fatalf("ctrl+y copied in silence:\n%s", h.view())
	}
	h.keys("esc", "down", "c")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	// The form has the keys: the page says how to reach A, and the footer how to close it.
	mustContain(t, h.view(), "the app has no permission to this component", "1306403", "esc closes the call, then A applies for update_host",
		"esc close the call")
	h.keys("esc", "A")
	mustContain(t, h.view(), "Apply for components: CC", "update_host")
}

// enter opens the request console on a component: ESB's URL, the request sent once, the
// snippets of the same call, no gateway history.
func TestComponentInTheRequestConsole(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 130, 40)
	h.keys("E", "enter", "enter")
	mustContain(t, h.view(), "http://esb.example.com/api/c/compapi/v2/cc/search_business/")
	// A component's request is not kept in the collection: the footer does not offer the key,
	// and pressed anyway it says why.
	if strings.Contains(h.view(), "save request") {
		t.Errorf("the footer offers a save that refuses:\n%s", h.view())
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlG})
	mustContain(t, h.view(), "not kept in the collection")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	if h.f.Calls("call") != 1 || h.f.lastPrep.URL != "http://esb.example.com/api/c/compapi/v2/cc/search_business/" || h.f.lastPrep.Method != "POST" {
		t.Fatalf("sent: %d %+v", h.f.Calls("call"), h.f.lastPrep)
	}
	h.keys("tab") // the snippet tab: the same request, secrets masked
	mustContain(t, h.view(), "compapi/v2/cc/search_business", "****")
}

// On the real planner, a profile with ESB's URL and no gateway URL template sends a component
// from the request console: it was refused as "calling APIs needs BK_API_URL_TMPL", which a
// component's call never uses.
func TestAComponentNeedsNoGatewayTemplate(t *testing.T) {
	t.Parallel()
	h, _, _ := realHarnessWith(t, sandbox.Options{}, func(c *client.Config) { c.APIURLTmpl, c.BkToken = "", sandbox.DemoBkToken })
	h.keys("E", "enter")
	mustContain(t, h.view(), "get_biz_location")
	h.keys("/", "get_biz_location", "enter", "enter")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	v := h.view()
	mustContain(t, v, "200 OK", `"component": "get_biz_location"`)
	if strings.Contains(v, "BK_API_URL_TMPL") {
		t.Fatalf("the component's call asked for the gateway template:\n%s", v)
	}
}

// copyReported is true when the status line says what became of a copy of what: on the system
// clipboard, sent as OSC 52, or neither.
func copyReported(view, what string) bool {
	for _, said := range []string{"copied " + what, "sent " + what + " to the terminal", "could not copy " + what} {
		if strings.Contains(view, said) {
			return true
		}
	}
	return false
}

// A component call refused for want of permission (1306403) leads with one key to the
// application form, the component already in it, as a gateway API's refusal does.
func TestComponentRefusalOpensTheApplyForm(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.run(h.m.Init())
	h.keys("E")
	mustContain(t, h.view(), "CC")
	h.keys("enter")
	mustContain(t, h.view(), "update_host", "not applied")
	h.keys("/")
	typeText(h, "update_host")
	h.keys("enter", "enter")
	mustContain(t, h.view(), "update_host")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "The component refused the call", "1306403", "press a to apply for this component")
	if strings.Contains(h.view(), "this API") { // the hint named a component an API
		t.Fatalf("a component's refusal speaks of an API:\n%s", h.view())
	}
	if !regexp.MustCompile(`request id [0-9a-f]{8}`).MatchString(h.view()) {
		t.Fatalf("the envelope's request id is shown:\n%s", h.view())
	}
	// Snippets in every language but the SDK (ESB publishes none); no trace in the gateway log.
	h.keys("tab")
	mustContain(t, h.view(), "curl python httpie go js")
	if strings.Contains(h.view(), "js sdk") {
		t.Fatal("a component's snippets offer the gateway SDK")
	}
	h.keys("tab")
	mustContain(t, h.view(), "the gateway log has no trace of it")
	if strings.Contains(h.view(), "t trace") {
		t.Fatal("the footer offers a trace that does nothing")
	}
	h.send(tea.KeyMsg{Type: tea.KeyShiftTab})
	h.send(tea.KeyMsg{Type: tea.KeyShiftTab})
	h.keys("a")
	mustContain(t, h.view(), "Apply for components: CC", "update_host")
}

// A component call is kept in History as a gateway call is, shown as the component it called,
// and reopens in the component's console.
func TestComponentCallsInHistory(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 130, 40)
	mh := &memHistory{}
	h.m.ctx.History = mh
	h.keys("E", "enter", "enter")
	mustContain(t, h.view(), "compapi/v2/cc/search_business")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	if len(mh.es) != 1 || !mh.es[0].Component || mh.es[0].Gateway != "CC" || mh.es[0].Resource != "search_business" {
		t.Fatalf("history: %+v", mh.es)
	}
	h.keys("H")
	mustContain(t, h.view(), "CC", "ESB search_business")
	h.keys("enter")
	mustContain(t, h.view(), "Call search_business", "compapi/v2/cc/search_business")
	// A refusal comes with HTTP 200: the row says its code, as a gateway's 403 is said.
	_ = mh.Add(history.FromCall(client.CallRequest{Component: &client.ComponentRef{System: "CC", Name: "update_host"}}, "", "",
		&client.CallResponse{Status: 200, Body: []byte(`{"result": false, "code": 1306403, "message": "no permission", "data": null}`)}, time.Now()))
	h.keys("esc", "esc")
	mustContain(t, h.view(), "Call search_business")
	h.keys("H")
	mustContain(t, h.view(), "ESB update_host", "200 1306403", "CALLED") // a gateway, a system or an MCP server
}

// The palette finds MCP servers and component systems by name, as it finds gateways, from the
// start (read in the background with the API index): ": demo-echo-prod-echo" found nothing.
// A jump opens the kind's list with the one named above it, so esc goes back to the list.
func TestPaletteFindsMCPServersAndSystems(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 100, 30, func(f *fakeBackend) { f.mcp = fakeMCPServers() })
	h.keys(":")
	typeText(h, "prod-echo")
	mustContain(t, h.view(), "MCP", "demo-echo-prod-echo", "Echo tools")
	h.keys("enter")
	mustContain(t, h.view(), "Gateways › MCP servers › demo-echo-prod-echo")
	h.keys(":")
	typeText(h, "CC")
	h.keys("enter")
	mustContain(t, h.view(), "Gateways › Components › CC", "search_business")
	h.keys("esc")
	mustContain(t, h.view(), "Gateways › Components", "CMDB")
	// What was read for another profile (one switched from while it was read) is not kept.
	h.m.ctx.Cache.MCPServers.Drop()
	h.send(palette.KindsMsg{Scope: "another profile", MCPServers: []client.MCPServerPermission{{MCPServer: client.MCPServer{Name: "theirs-prod-x"}}}})
	h.keys(":")
	typeText(h, "theirs")
	if strings.Contains(h.view(), "theirs-prod-x") {
		t.Error("another profile's MCP server in the palette")
	}
}
