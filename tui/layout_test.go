package tui

import (
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// The gateway page's tabs, longer than the screen, fill it down to the status line: it had kept a
// line empty under its tabs' lists, one row of five at 60×15.
func TestGatewayTabsFillThePage(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{60, 15}, {80, 24}} {
		h, _ := realHarness(t)
		h.resize(size[0], size[1])
		h.run(h.m.Init())
		h.keys("/", "demo-echo", "enter")
		for _, tab := range []string{"APIs", "Permissions"} {
			if tab == "Permissions" {
				h.keys("tab", "tab")
			}
			mustFillToTheStatusLine(t, h.view(), size[1], tab)
		}
	}
}

// The request console's Response and Snippet tabs, longer than the screen, fill it
// down to the line saying how they are read: a row was kept empty under it for "sending…",
// one of the seven the body had at 60×15.
func TestConsoleTabsFillThePage(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{60, 15}, {80, 24}} {
		h, _ := realHarness(t)
		h.resize(size[0], size[1])
		h.openConsole("demo-echo", "echo_post")
		h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
		h.awaitView("200 OK")
		mustFillToTheStatusLine(t, h.view(), size[1], "Response")
		if size[1] == 15 { // the snippet is longer than the screen here only
			h.send(tea.KeyMsg{Type: tea.KeyCtrlN})
			h.awaitView("curl -X POST")
			mustFillToTheStatusLine(t, h.view(), size[1], "Snippet")
		}
	}
}

// mustFillToTheStatusLine fails unless the view is rows lines whose last is the footer's keys,
// the one above it the status line (empty here), and the one above that not empty.
func mustFillToTheStatusLine(t *testing.T, view string, rows int, what string) {
	t.Helper()
	lines := strings.Split(ansi.Strip(view), "\n")
	if len(lines) != rows {
		t.Fatalf("%d rows, %s: %d lines", rows, what, len(lines))
	}
	if status, row := lines[len(lines)-2], lines[len(lines)-3]; strings.TrimSpace(status) != "" || strings.TrimSpace(row) == "" {
		t.Errorf("%d rows, %s: a line is left empty above the status line:\n%s", rows, what, strings.Join(lines, "\n"))
	}
}

// At 60×15 the Request tab keeps the reason nothing was sent in sight, its fields giving way at
// the end: "missing path parameter" was below the screen, and ctrl+s seemed to do nothing.
func TestRequestErrorInSightAt60x15(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.resize(60, 15)
	h.openConsole("demo-echo", "echo_item")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	v := h.view()
	mustContain(t, v, "missing path parameter: item_id", "▸ item_id")
	mustFillRows(t, v, 15)
}

// At 60×15 the Request tab keeps in sight the credentials the request will carry (what ctrl+u
// switches) and the field the cursor is in: tab had moved it to the variables below the
// screen, and the X-Bkapi-Authorization line was never seen.
func TestRequestFocusAndCredentialsInSightAt60x15(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.resize(60, 15)
	h.openConsole("demo-echo", "echo_item")
	mustContain(t, h.view(), "▸ item_id", "X-Bkapi-Authorization")
	h.keys("tab", "tab", "tab", "tab")
	mustContain(t, h.view(), "▸ Variables", "X-Bkapi-Authorization")
	h.keys("tab") // round to the first field again
	mustContain(t, h.view(), "▸ item_id", "X-Bkapi-Authorization")
	mustFillRows(t, h.view(), 15)
}

// An API's labels are a list as a reader writes one ("user, department"), as the gateway's
// maintainers are; they were joined with a bare comma.
func TestAPILabelsReadAsAList(t *testing.T) {
	t.Parallel()
	h := sandboxAt(t, 200, 40)
	h.keys("/", "bk-user", "enter")
	mustContain(t, h.view(), "list_user_departments", "user, department")
}

// A label and its value are punctuated as the gateway page's header is, in Chinese too: the
// MCP server's page had "状态 未申请 · 协议 sse" and the Permissions tab "显示 全部 · 排序 级别".
func TestHeaderLabelsTakeTheReadersColon(t *testing.T) {
	t.Parallel()
	h := sandboxAt(t, 100, 30)
	h.keys(h.m.ctx.Global.Lang.Keys()[0], "/", "demo-echo", "enter", "tab", "tab")
	mustContain(t, h.view(), "显示：全部 · 排序：")
	h.keys("esc", h.m.ctx.Global.MCP.Keys()[0], "enter")
	mustContain(t, h.view(), "状态：未申请 · 协议：sse", "地址：http://")
}

// A record is read to its end at 60×15 through the console: a long reason wraps under itself
// and the bottom key scrolls to the last of the fifteen APIs applied for (the rows below the
// page, and the reason past the edge, were lost).
func TestLongRecordReadToItsEnd(t *testing.T) {
	t.Parallel()
	h := sandboxAt(t, 60, 15)
	h.keys("/", "bk-user", "enter", "tab", "tab", "a", "A")
	typeText(h, "sync users and departments for the compliance audit, every night, END")
	h.keys("ctrl+s", "y")
	mustContain(t, h.view(), "applied: record")
	h.keys("enter")
	mustContain(t, h.view(), "compliance", "END")
	if strings.Contains(h.view(), "update_user") {
		t.Fatalf("fifteen APIs fit in 15 rows?\n%s", h.view())
	}
	h.keys(h.m.ctx.Nav.Bottom.Keys()[0])
	mustContain(t, h.view(), "update_user", "100%")
	mustFillRows(t, h.view(), 15)
}

// At 60×15 the application form keeps its title, the empty lines between its parts giving way
// first: the title had gone and left an empty first row.
func TestApplyFormKeepsItsTitleAt60x15(t *testing.T) {
	t.Parallel()
	h := sandboxAt(t, 60, 15)
	h.keys("E", "enter", " ", "A")
	mustContain(t, h.view(), "Apply for components: CC", "Reason", "search_business")
	mustFillRows(t, h.view(), 15)
}

// sandboxAt is the root model on the sandbox in a terminal of w×ht, started.
func sandboxAt(t *testing.T, w, ht int) *harness {
	t.Helper()
	h, _ := realHarness(t)
	h.resize(w, ht)
	h.run(h.m.Init())
	return h
}

// mustFillRows fails unless view is rows lines: the page neither lost its end below the
// terminal nor left it short.
func mustFillRows(t *testing.T, view string, rows int) {
	t.Helper()
	if n := len(strings.Split(view, "\n")); n != rows {
		t.Fatalf("%d lines in a terminal of %d rows:\n%s", n, rows, view)
	}
}

// On a short terminal the MCP tool-call form opens in view whole: its editor was typed into
// two rows above the page's end, the rest below it.
func TestToolCallFormOpensInView(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 80, 15)
	h.keys(h.m.ctx.Global.MCP.Keys()[0], "down", "enter", "x")
	mustContain(t, h.view(), "call list_users", "┃    1 {}")
	if n := strings.Count(h.view(), "\n┃"); n != 6 {
		t.Fatalf("%d of the editor's 6 rows in view:\n%s", n, h.view())
	}
	mustFillRows(t, h.view(), 15)
}

// At 60 columns the gateway's maintainers go to a line of their own rather than being cut
// ("Doc mai…"); the page still fills its rows.
func TestGatewayHeaderKeepsItsMaintainers(t *testing.T) {
	t.Parallel()
	h := sandboxAt(t, 60, 15)
	h.keys("/", "bk-user", "enter")
	mustContain(t, h.view(), "Stages: prod test", "Doc maintainers: admin, user-team", "list_tenants")
	mustFillRows(t, h.view(), 15)
}

// At 60×15 the renewal form lists the permissions its rows can hold: it kept three rows empty
// and said "……还有 1 个" of two (in Chinese, where they fit).
func TestRenewFormUsesItsRows(t *testing.T) {
	t.Parallel()
	h := sandboxAt(t, 60, 15)
	h.keys(h.m.ctx.Global.Lang.Keys()[0], ":")
	typeText(h, "我的权限")
	h.keys("enter")
	mustContain(t, h.view(), "execute_job", "fast_execute_script")
	h.keys(" ", "down", " ", "N")
	mustContain(t, h.view(), "续期 2 个权限", "execute_job", "fast_execute_script")
	if strings.Contains(h.view(), "还有") {
		t.Fatalf("two permissions do not fit in 60×15?\n%s", h.view())
	}
	mustFillRows(t, h.view(), 15)
}

// Quitting's questions are whole at the narrowest width in both languages, the keys that answer
// them included (the one about a write in flight had lost its "/N)" at 60 columns).
func TestQuitQuestionsFitTheNarrowestWidth(t *testing.T) {
	t.Parallel()
	for _, lang := range []i18n.Lang{i18n.English, i18n.Chinese} {
		h := newHarness(t, lang, 60, 15)
		for _, q := range []string{"tui.confirm_quit", "tui.confirm_quit_sending"} {
			if line := common.Ask(h.m.ctx, h.m.ctx.T(q)); ansi.StringWidth(line) > 60 {
				t.Errorf("%s: %q is %d cells wide", lang, line, ansi.StringWidth(line))
			}
		}
	}
}

// A notice longer than the status line is cut there with the key that shows it whole, and the
// help opened with that key, in a field too, starts with it, wrapped at the width.
func TestLongNoticeIsReadWholeInTheHelp(t *testing.T) {
	h := newHarness(t, i18n.English, 80, 24)
	long := "the OS keyring is not reachable (no D-Bus session), and the environment holds no secret: what needs one is unavailable. Start or unlock a Secret Service such as gnome-keyring"
	h.run(common.Notify(long, true))
	v := ansi.Strip(h.view())
	if !strings.Contains(v, "(f1 shows all)") {
		t.Fatalf("the cut notice does not say how to read it:\n%s", v)
	}
	h.send(tea.KeyMsg{Type: tea.KeyF1})
	v = strings.Join(strings.Fields(ansi.Strip(h.view())), " ")
	if !strings.Contains(v, long) || !strings.Contains(v, "Keys") {
		t.Errorf("the help does not show the notice whole:\n%s", h.view())
	}
	for _, line := range strings.Split(h.view(), "\n") {
		if ansi.StringWidth(line) > 80 {
			t.Errorf("a line wider than the terminal: %q", line)
		}
	}
}

// A long filter (a paste) is cut on its line, not the count and the key that clears it: at
// 100 columns a 5,000-character query left neither in sight, in both languages.
func TestALongFilterKeepsItsCountInSight(t *testing.T) {
	t.Parallel()
	for lang, want := range map[i18n.Lang][]string{i18n.English: {"0 of 3", "esc clears"}, i18n.Chinese: {"0 / 3", "esc 清除"}} {
		h := newHarness(t, lang, 100, 24)
		h.keys("/")
		h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("x", 5000)), Paste: true})
		h.keys("enter")
		line := strings.Split(ansi.Strip(h.view()), "\n")[2]
		for _, w := range want {
			if !strings.Contains(line, w) {
				t.Errorf("%s: the filter line lacks %q: %q", lang, w, line)
			}
		}
	}
}

// On a narrow screen the gateway's header still shows its stages, the one in use marked: the
// maintainers are what it cuts (at 80 columns a real gateway's read "Stages: prod …"; issue 32
// item 16), here with as many maintainers.
func TestGatewayHeaderKeepsTheStagesWhenNarrow(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 80, 24, func(f *fakeBackend) {
		for i := range f.gateways {
			f.gateways[i].Maintainers = []string{"admin", "cmdb-ops", "another-maintainer"}
			f.gateways[i].DocMaintainers.Contacts = []string{"admin", "cmdb-ops"}
		}
	})
	h.keys("/", "demo", "enter")
	mustContain(t, h.view(), "Stages: prod test")
}

// Below the smallest size the program says so, whole and within the width, in both languages:
// lipgloss's wrap broke the Chinese at its one space, inside "（q 退出）".
func TestTooSmallSaysSoWhole(t *testing.T) {
	t.Parallel()
	for lang, whole := range map[i18n.Lang][]string{i18n.Chinese: {"请放大窗口（q 退出）。"}, i18n.English: {"Enlarge the window (q quits)."}} {
		for _, size := range [][2]int{{59, 14}, {40, 10}} {
			h := newHarness(t, lang, size[0], size[1])
			v := h.view()
			for _, w := range whole {
				mustContain(t, v, w)
			}
			for _, l := range strings.Split(v, "\n") {
				if ansi.StringWidth(l) > size[0] {
					t.Errorf("%v %s: a line wider than the terminal: %q", size, lang, l)
				}
			}
		}
	}
}
