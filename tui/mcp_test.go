package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/sandbox"
	tea "github.com/charmbracelet/bubbletea"
)

// From any screen M opens the MCP servers; space and A apply for a batch with a reason; a
// server's page tries it (as an agent would connect) and shows the client config, masked.
func TestMCPScreenApplyTryAndConfig(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 34)
	h.keys("M")
	mustContain(t, h.view(), "MCP servers", "demo-echo-prod-echo", "not applied", "bk-user-prod-directory", "owned")
	h.keys(" ", "A") // the one application form of every kind
	mustContain(t, h.view(), "Apply for MCP servers", "MCP servers (1)", "demo-echo-prod-echo")
	if strings.Contains(h.view(), "Validity") {
		t.Fatal("an MCP permission has no validity to choose")
	}
	h.keys("ctrl+s") // an empty reason is refused before sending
	mustContain(t, h.view(), "the reason is required")
	typeText(h, "agent")
	mustContain(t, h.view(), "Applicant") // the profile names no applicant: the form asks
	h.keys("ctrl+s")
	// The form's field is named, not the CLI's --username, and the cursor is put in it.
	mustContain(t, h.view(), "the applicant's username is needed: type yours in Applicant")
	if h.f.Calls("mcp_apply") != 0 || strings.Contains(h.view(), "--username") {
		t.Fatal("sent without an applicant, or told of a flag")
	}
	typeText(h, "demo-user")
	h.keys("ctrl+s")
	mustContain(t, h.view(), "Apply for 1 MCP server? (y/N)")
	h.keys("y")
	if h.f.Calls("mcp_apply") != 1 || h.f.mcpApplied[0].AppliedBy != "demo-user" || len(h.f.mcpApplied) != 1 || h.f.mcpApplied[0].Reason != "agent" || len(h.f.mcpApplied[0].ServerIDs) != 1 || h.f.mcpApplied[0].ServerIDs[0] != 1 {
		t.Fatalf("applied: %+v", h.f.mcpApplied)
	}
	mustContain(t, h.view(), "applied: the application records (R) list it")
	h.keys("esc")
	mustContain(t, h.view(), "0 selected", "pending", "official")
	h.keys("g")
	mustContain(t, h.view(), "Approval: http://itsm.example/ticket/1") // the selected waiting one's approval link
	// The owned server: try it, then its config.
	h.keys("down", "enter")
	mustContain(t, h.view(), "User directory", "list_users", "client config: cursor", `"mcpServers"`, `\"bk_app_secret\": \"****\"`)
	if strings.Contains(h.view(), "s3cret") {
		t.Fatal("the masked config shows the secret")
	}
	h.keys("y") // copy the config: the page says what became of it
	if !copyReported(h.view(), "client config") {
		t.Fatalf("y copied in silence:\n%s", h.view())
	}
	// x before connecting connects first, then opens the call form (the tools come from connecting).
	h.keys("x")
	// The tool is described as the server's page lists it, not in the proxy's words ("List users").
	mustContain(t, h.view(), "connected: 1 tools", "call list_users tool list_users")
	badToolArgumentsAreNotSent(t, h)
	// Call a tool: its arguments start from its schema; ctrl+s sends once; the answer shows.
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	if h.f.Calls("mcp_call") != 1 {
		t.Fatalf("calls: %d", h.f.Calls("mcp_call"))
	}
	mustContain(t, h.view(), "the tool's answer", "list_users")
	h.keys("esc")
	h.keys("c")
	mustContain(t, h.view(), "client config: claude-desktop", `"command": "npx"`, `"mcp-remote@latest",`, `"X-Bkapi-Authorization:${BK_AUTH}",`)
	h.keys("c", "c")
	mustContain(t, h.view(), "client config: claude-code-json", `"type": "http"`)
	// Written into the client's file: needs real values; merged, the old file kept aside.
	h.keys("c", "c", "c") // back to cursor
	h.keys("w")
	mustContain(t, h.view(), "switch m to env or inline first")
	h.keys("m", "w")
	mustContain(t, h.view(), "merge into:", "cursor://anysphere.cursor-deeplink/mcp/install?name=bk-user-prod-directory")
	file := filepath.Join(t.TempDir(), "mcp.json")
	os.WriteFile(file, []byte(`{"mcpServers": {"other": {"url": "http://127.0.0.1:1/"}}}`), 0o600)
	h.send(tea.KeyMsg{Type: tea.KeyCtrlU})
	typeText(h, file)
	h.keys("enter")
	b, _ := os.ReadFile(file)
	if !strings.Contains(string(b), `"other"`) || !strings.Contains(string(b), "bk-user-prod-directory") || !strings.Contains(string(b), "${env:BK_APP_SECRET}") {
		t.Fatalf("written: %s", b)
	}
	if bak, _ := filepath.Glob(file + ".bak-*"); len(bak) != 1 {
		t.Errorf("backup: %v", bak)
	}
	mustContain(t, h.view(), "written into")
	h.keys("esc", "up", "enter", "t") // the server without permission: refused, with the reason
	mustContain(t, h.view(), "this app has no permission to this MCP server")
}

// Server text on the MCP pages is cleaned like every other.
func TestMCPServerTextIsCleaned(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 34, func(f *fakeBackend) {
		f.mcp = fakeMCPServers()
		f.mcp[0].MCPServer.Title = "Echo\x1b]0;pwned\x07 tools"
	})
	h.keys("M")
	if v := h.view(); strings.Contains(v, "\x1b]0;") || !strings.Contains(v, "Echo") {
		t.Fatalf("%q", v)
	}
	_ = client.MCPOwned
}

// While an application waits, the MCP page looks again by itself: approval shows without a key.
func TestMCPPageFollowsAWaitingApplication(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 34, func(f *fakeBackend) {
		f.mcp = fakeMCPServers()
		f.mcp[0].Permission.Status = client.MCPPending
	})
	h.keys("M")
	mustContain(t, h.view(), "pending")
	before := h.f.Calls("mcp")
	h.f.mu.Lock()
	h.f.mcp[0].Permission.Status = client.MCPOwned
	h.f.mu.Unlock()
	h.advance(3 * time.Second)
	if h.f.Calls("mcp") <= before {
		t.Fatal("the page did not look again")
	}
	if v := h.view(); strings.Contains(v, "pending") {
		t.Fatalf("still pending:\n%s", v)
	}
}

// An application whose outcome is unknown is not sent again; the list is read afresh.
func TestMCPApplyOutcomeUnknown(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 34, func(f *fakeBackend) { f.mcpUnknown = true; f.mcp = fakeMCPServers() })
	h.keys("M", " ", "A")
	typeText(h, "agent")
	h.keys("tab")
	typeText(h, "demo-user")
	before := h.f.Calls("mcp")
	h.keys("ctrl+s", "y")
	if h.f.Calls("mcp_apply") != 1 {
		t.Fatalf("applies %d", h.f.Calls("mcp_apply"))
	}
	// The records hold no application made by this send: it stays unknown, and says how to look.
	mustContain(t, h.view(), "probably refused", "not sent again", "most likely not created", "outcome stays unknown", "R shows the records", "agent")
	// Said once on the page, and on the status line with its fix after an arrow (the two had run
	// on: "the outcome stays unknown check again: R", above "R shows the records").
	h.resize(300, 34)
	if v := h.view(); !strings.Contains(v, "outcome stays unknown → check again: R") || strings.Count(v, "stays unknown") != 2 {
		t.Errorf("the unknown outcome and its fix:\n%s", v)
	}
	if h.f.Calls("mcp") <= before {
		t.Fatal("the list was not read again after an unknown outcome")
	}
}

// The records page follows waiting MCP and component applications by itself.
func TestRecordsFollowOtherKinds(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 130, 34)
	h.keys("R")
	mustContain(t, h.view(), "demo-echo-prod-echo", "pending")
	before := h.f.Calls("mcp_records")
	h.advance(3 * time.Second)
	if h.f.Calls("mcp_records") <= before {
		t.Fatal("not looked at again")
	}
}

// The header says who is logged in, as the Developer Center answers, in both languages (the
// username in the reader's brackets); a profile without a login shows no one.
func TestHeaderSaysWhoIsLoggedIn(t *testing.T) {
	t.Parallel()
	for lang, want := range map[i18n.Lang]string{i18n.English: "as Demo User (demo-user)", i18n.Chinese: "用户 Demo User（demo-user）"} {
		h := newHarness(t, lang, 160, 30, func(f *fakeBackend) {
			f.user = client.UserInfo{Username: "demo-user", DisplayName: "Demo User"}
		})
		if !strings.Contains(h.view(), want) {
			t.Errorf("%s: the header lacks %q:\n%s", lang, want, h.view())
		}
	}
	if h := newHarness(t, i18n.English, 160, 30); strings.Contains(h.view(), "as ") && strings.Contains(h.view(), "(demo-user)") {
		t.Errorf("a user shown without a login:\n%s", h.view())
	}
}

// On a server the app holds no permission for, trying it says how to apply for an MCP server
// (this page has no apply key), not "this API"; pgdn scrolls the page.
func TestMCPServerPageSaysWhatItsUserCanDo(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 20)
	h.keys("M")
	mustContain(t, h.view(), "demo-echo-prod-echo")
	h.keys("enter", "t")
	v := h.view()
	if !strings.Contains(v, "apply for this MCP server") || strings.Contains(v, "permission to this API") {
		t.Fatalf("the fix on an MCP server page:\n%s", v)
	}
	first := strings.Split(h.view(), "\n")[2]
	h.send(tea.KeyMsg{Type: tea.KeyPgDown})
	if strings.Split(h.view(), "\n")[2] == first {
		t.Fatalf("pgdn did not scroll:\n%s", h.view())
	}
}

// At 80×24 in Chinese the MCP list keeps each server's status and markers whole (they decide
// what can be done), and a gateway · stage column no server fills is not shown.
func TestMCPListAt80x24InChinese(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.Chinese, 80, 24)
	h.keys("M")
	v := h.view()
	mustContain(t, v, "状态", "demo-echo-prod-echo")
	if strings.Contains(v, "未…") || strings.Contains(v, "官…") || strings.Contains(v, "状…") {
		t.Fatalf("status or markers cut:\n%s", v)
	}
	if strings.Contains(v, "网关 · 环境") {
		t.Fatalf("an empty gateway · stage column:\n%s", v)
	}
}

// openToolCall is the call form of bk-user-prod-directory's list_users, with a history to look at.
func openToolCall(t *testing.T) (*harness, *memHistory) {
	h := newHarness(t, i18n.English, 120, 34)
	mh := &memHistory{}
	h.m.ctx.History = mh
	h.keys("M", "down", "enter", "x")
	mustContain(t, h.view(), "call list_users")
	return h, mh
}

// An MCP tool call is kept in History like any other send, shown as the tool with its
// arguments, and reopens the server's call form on that tool with those arguments.
func TestMCPToolCallsInHistory(t *testing.T) {
	t.Parallel()
	h, mh := openToolCall(t)
	h.send(tea.KeyMsg{Type: tea.KeyCtrlA})
	h.send(tea.KeyMsg{Type: tea.KeyCtrlK})
	typeText(h, `{"q":"ann"}`)
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	if len(mh.es) != 1 || !mh.es[0].MCPTool || mh.es[0].Gateway != "bk-user-prod-directory" || mh.es[0].Resource != "list_users" ||
		mh.es[0].Body != `{"q":"ann"}` || mh.es[0].Status != 200 || mh.es[0].ServerID != 2 {
		t.Fatalf("history: %+v", mh.es)
	}
	h.keys("esc")
	h.keys("H")
	mustContain(t, h.view(), "bk-user-prod-directory", "MCP", `list_users {"q":"ann"}`)
	h.keys("enter")
	mustContain(t, h.view(), "User directory", "call list_users", `{"q":"ann"}`)
	// Reopened by name, the page reads the app's status on the server as the list had it.
	mustContain(t, h.view(), "Status: owned")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	if h.f.Calls("mcp_call") != 2 || len(mh.es) != 2 {
		t.Fatalf("reopened call not sent once: %d calls, %d entries", h.f.Calls("mcp_call"), len(mh.es))
	}
}

// A server that takes OAuth logins says so on its page: o logs in (the page shows the URL the
// login waits on), the page then says the calls use the login, O logs out. A server that takes
// none offers neither key.
func TestMCPServerLoginFromThePage(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 40)
	h.keys("M", "enter")
	mustContain(t, h.view(), "Echo tools", "this server takes OAuth logins: o logs in")
	var sawURL bool
	h.onEachMsg = func() { sawURL = sawURL || strings.Contains(h.view(), "http://auth.example/authorize?client_id=dcr_1") }
	h.keys("o")
	h.onEachMsg = nil
	if h.f.Calls("mcp_login") != 1 || !sawURL {
		t.Fatalf("login: %d calls, URL shown: %v", h.f.Calls("mcp_login"), sawURL)
	}
	mustContain(t, h.view(), "logged in (OAuth): trying and calls use the login", "O logs out")
	h.keys("O")
	mustContain(t, h.view(), "logged out of demo-echo-prod-echo", "o logs in")
	h.keys("esc", "down", "enter")
	mustContain(t, h.view(), "User directory")
	if strings.Contains(h.view(), "OAuth") {
		t.Fatal("a server without public-client logins offers one")
	}
}

// On a short screen a tool's answer is below the call form: it is scrolled into view when it
// comes (at 80×24 on the sandbox's OAuth server it was out of sight).
func TestMCPToolAnswerScrollsIntoView(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 80, 18)
	h.keys("M", "down", "enter", "x")
	mustContain(t, h.view(), "call list_users")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "the tool's answer")
}

// On a short screen a try's refusal is below the tools: it is scrolled into view, the server's
// reason and what to do in full (at 60×15 only the status line's cut message was in sight),
// and the footer offers that fix first (A had no room at 60 columns).
func TestMCPTryOutcomeScrollsIntoView(t *testing.T) {
	t.Parallel()
	h, _, _ := realHarnessPlanner(t)
	h.resize(60, 15)
	h.run(h.m.Init())
	h.keys("M", "enter", "t")
	mustContain(t, h.view(), "✗ this app has no permission to this MCP server", "MCP server answered 403", "and press A")
	if v := h.view(); !strings.Contains(v[strings.LastIndex(v, "\n"):], "A apply") { // the fix it names, in the footer
		t.Fatalf("footer: %q", v[strings.LastIndex(v, "\n"):])
	}
}

// A on a server's own page applies for that server (the 403 of a tool call points there), and
// the page shows the application's status when the form closes; on a server that cannot be
// applied for, A says why and opens nothing. On the sandbox, through the root model.
func TestMCPServerPageApplies(t *testing.T) {
	t.Parallel()
	h, _, p := realHarnessPlanner(t)
	h.run(h.m.Init())
	h.keys("M")
	mustContain(t, h.view(), "demo-echo-prod-echo", "not applied")
	h.keys("enter")
	mustContain(t, h.view(), "Echo tools", "A apply")
	h.keys("A")
	mustContain(t, h.view(), "Apply for MCP servers", "MCP servers (1)", "demo-echo-prod-echo")
	typeText(h, "agent on the echo")
	h.keys("ctrl+s")
	mustContain(t, h.view(), "Apply for 1 MCP server? (y/N)")
	h.keys("y")
	// The Developer Center's answer names no record (204): its records do, and enter opens it
	// (it said "the application records (R) list it", and enter opened nothing).
	mustContain(t, h.view(), "applied: record 1", "enter opens the record")
	h.keys("enter")
	mustContain(t, h.view(), "Record 1", "demo-echo-prod-echo", "agent on the echo")
	h.keys("esc")
	v := h.view()
	mustContain(t, v, "Echo tools", "pending")
	if strings.Contains(v, "A apply") {
		t.Fatalf("a waiting server still offers A:\n%s", v)
	}
	h.keys("A")
	mustContain(t, h.view(), "demo-echo-prod-echo is pending: it cannot be applied for")
	if rs, _, _ := p.MCPRecords(context.Background()); len(rs) != 1 {
		t.Fatalf("records: %d", len(rs))
	}
}

// The server page offers Cursor's one-click link only when what it installs works: with the
// secrets masked it would install **** as the secret, so the page says which key gives one.
func TestCursorLinkOnlyWhenItInstallsWorkingSecrets(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 140, 50)
	h.keys("M", "down", "enter")
	v := h.view()
	mustContain(t, v, "client config: cursor", "none while the secrets are masked", "press m")
	if strings.Contains(v, "cursor://") {
		t.Fatalf("a link that installs ****:\n%s", v)
	}
	h.keys("m") // the secrets from the environment
	v = h.view()
	mustContain(t, v, "cursor://anysphere.cursor-deeplink/mcp/install?name=")
	if strings.Contains(v, "none while the secrets are masked") {
		t.Fatalf("the masked note stayed:\n%s", v)
	}
	// Writing the file: its field takes the letters, so the footer offers only what acts there.
	h.keys("w")
	foot := h.view()[strings.LastIndex(h.view(), "\n"):]
	if !strings.Contains(foot, "enter write the file • esc cancel") || strings.Contains(foot, "try it") {
		t.Fatalf("footer while the file's name is typed: %q", foot)
	}
}

// The application page's last word names the records page's key as bound (it passed a written
// "R" to the sentence).
func TestAppliedNamesTheRecordsKeyAsBound(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 34)
	h.rebind(map[string][]string{"records": {"alt+r"}})
	h.keys("M", " ", "A")
	typeText(h, "agent")
	h.keys("tab")
	typeText(h, "demo-user")
	h.keys("ctrl+s", "y")
	mustContain(t, h.view(), "applied: the application records (alt+r) list it")
}

// A tool call goes on when its page is left while it is under way: its answer is told on the
// status line and kept in the history (leaving had cancelled it, and nothing was said).
func TestLeavingAToolCallInFlightStillTellsItsAnswer(t *testing.T) {
	t.Parallel()
	h, mh := openToolCall(t)
	block := h.hold(&h.f.mcpBlock)
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	h.keys("esc", "esc") // the form, then the server's page
	mustContain(t, h.view(), "MCP servers\n")
	close(block)
	h.awaitView("the tool list_users answered")
	if len(mh.es) != 1 || h.f.Calls("mcp_call") != 1 {
		t.Fatalf("sent %d times, history %+v", h.f.Calls("mcp_call"), mh.es)
	}
}

// badToolArgumentsAreNotSent: arguments that are not a JSON object are refused before anything
// is sent, in the reader's words (Go's decoder's had been shown); the form keeps them.
func badToolArgumentsAreNotSent(t *testing.T, h *harness) {
	t.Helper()
	typeText(h, "x")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "the tool's arguments are not a JSON object: invalid JSON at line", `"x" after the whole value`)
	// Closed and opened again, the form holds what was typed (esc had dropped it).
	h.keys("esc", "x")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), `"x" after the whole value`)
	h.send(tea.KeyMsg{Type: tea.KeyBackspace})
	if h.f.Calls("mcp_call") != 0 {
		t.Fatalf("bad arguments were sent: %d", h.f.Calls("mcp_call"))
	}
}

// A tool's answer that is not text (an image, a linked resource) is said by what it is beside
// the text (it was dropped without a word), in the reader's language; its server's words in it
// are cleaned.
func TestMCPToolAnswerSaysWhatIsNotText(t *testing.T) {
	t.Parallel()
	h, _ := openToolCall(t)
	h.f.mcpParts = []client.ToolPart{{Kind: "image", MIME: "image/png\x1b[2J", Size: 2048}, {Text: "taken"}, {Kind: "link", URI: "file:///shots/1.png"}}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "[an image, image/png, 2.0 KiB]", "taken", "[a link to a resource, file:///shots/1.png]")
	h.keys("esc", "L")
	mustContain(t, h.view(), "[图片，image/png，2.0 KiB]", "[资源链接，file:///shots/1.png]")
}

// A refusal for want of permission goes once the permission is granted: the page said "no
// permission" under a status that said owned. On the sandbox, through the root model.
func TestMCPServerPageForgetsARefusalOnceGranted(t *testing.T) {
	t.Parallel()
	h, _, _ := realHarnessPlanner(t, sandbox.Options{DecideAfter: time.Millisecond})
	h.run(h.m.Init())
	h.keys("M", "enter", "t")
	mustContain(t, h.view(), "no permission to this MCP server")
	h.keys("A")
	typeText(h, "agent on the echo")
	h.keys("ctrl+s", "y", "esc")
	time.Sleep(5 * time.Millisecond) // the sandbox decides by the wall clock
	h.advance(5 * time.Second)
	if v := h.view(); !strings.Contains(v, "Status: owned") || strings.Contains(v, "no permission") {
		t.Fatalf("the refusal outlived the grant:\n%s", v)
	}
	h.keys("t")
	mustContain(t, h.view(), "connected")
	// tab goes through its three tools and back: what was typed for the first is still there
	// (tab had reset it to the tool's skeleton).
	h.keys("x")
	typeText(h, "KEPT")
	h.keys("tab", "tab", "tab")
	mustContain(t, h.view(), "KEPT")
}

// Two MCP servers applied for at once make two records: enter opened the first alone; it opens
// the records list, where both stand first. An MCP server's record says no validity ("permanent"
// there, "-" in the list, none in bkconsole mcp records: MCP permissions do not expire).
func TestSeveralMCPRecordsOpenAsTheList(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.run(h.m.Init())
	for _, step := range []struct {
		keys []string
		want []string
	}{
		{[]string{"M", " ", "down", " ", "A", "two agents", "ctrl+s"}, []string{"MCP servers (2)", "Apply for 2 MCP servers? (y/N)"}},
		{[]string{"y"}, []string{"applied: records 1, 2", "enter opens the application records, these first", "enter open the records"}},
		{[]string{"enter"}, []string{"Records", "demo-echo-prod-echo", "bk-user-prod-directory", "two agents"}},
		{[]string{"enter"}, []string{"Record 2", "two agents"}},
	} {
		h.keys(step.keys...) // "two agents" is typed: pasted runes
		mustContain(t, h.view(), step.want...)
	}
	if v := h.view(); strings.Contains(v, "Validity") || strings.Contains(v, "permanent") {
		t.Fatalf("an MCP record with a validity:\n%s", v)
	}
}
