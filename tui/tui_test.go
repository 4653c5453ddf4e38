package tui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/common/pagetest"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

func mustContain(t testing.TB, view string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(view, w) {
			t.Fatalf("view lacks %q:\n%s", w, view)
		}
	}
}

func TestWalkGatewayAPIDocAndBack(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 100, 30)
	mustContain(t, h.view(), "bk-user", "demo-echo", "official", "deprecated", "3 of 3", "profile test", "app my-app")
	h.keys("/", "e", "c", "h", "o")
	mustContain(t, h.view(), "/ echo", "1 of 3")
	h.keys("enter")
	if h.m.Depth() != 2 {
		t.Fatalf("enter opens the gateway: depth %d", h.m.Depth())
	}
	mustContain(t, h.view(), "Gateways › demo-echo", "/items/{item_id}/", "Maintainers: demo", "APIs", "SDKs")
	h.keys("/", "i", "t", "e", "m", "s")
	mustContain(t, h.view(), "2 of 3")
	h.keys("enter")
	mustContain(t, h.view(), "echo_item", "The English doc", "Stage: prod")
	h.keys("l")
	mustContain(t, h.view(), "中文文档")
	if h.f.Calls("doc/zh") != 1 {
		t.Errorf("zh doc loaded once: %d", h.f.Calls("doc/zh"))
	}
	h.keys("l")
	if h.f.Calls("doc/en") != 1 {
		t.Errorf("the en doc comes from the session cache: %d", h.f.Calls("doc/en"))
	}
	h.keys("L")
	mustContain(t, h.view(), "下移", "配置 test", "环境：prod")
	h.keys("esc")
	mustContain(t, h.view(), "网关 › demo-echo", "接口")
	h.keys("esc") // clears the APIs filter first
	if h.m.Depth() != 2 {
		t.Fatalf("esc clears the filter before going back: depth %d", h.m.Depth())
	}
	h.keys("esc")
	if h.m.Depth() != 1 {
		t.Fatalf("esc goes back: depth %d", h.m.Depth())
	}
	mustContain(t, h.view(), "demo-echo", "esc 清除") // the gateway filter is kept
	h.keys("esc")
	mustContain(t, h.view(), "用户管理", "3 / 3")
}

func TestHelpTellsTheTruth(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 100, 30)
	// The gateway list has no "back": it is the first screen.
	v := h.view()
	if strings.Contains(v, "esc back") {
		t.Errorf("no back on the first screen:\n%s", v)
	}
	mustContain(t, v, "enter open", "/ filter", "q quit")
	h.keys("?")
	mustContain(t, h.view(), "Keys", "page down", "中文/English")
	h.keys("x") // any key closes help
	h.keys("enter")
	mustContain(t, h.view(), "esc back", "S switch stage", "tab next tab")
	// A page whose keys fit its footer line shows them in the full help too, above the
	// console's own (My permissions: select, renew, expiring only).
	h.keys("esc", ":")
	typeText(h, "My permissions")
	h.keys("enter", "?")
	mustContain(t, h.view(), "Keys", "N       renew", "f       expiring only", "R       records")
}

func TestStageSwitcherReloads(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 100, 30)
	h.keys("down", "enter") // demo-echo
	mustContain(t, h.view(), "stage prod", "delete_item")
	h.keys("S")
	if h.f.Calls("resources/test") != 1 {
		t.Fatalf("S loads the next stage: %v", h.f.calls)
	}
	v := h.view()
	mustContain(t, v, "Stages: prod test", "stage test")
	if strings.Contains(v, "delete_item") {
		t.Fatalf("the list follows the stage:\n%s", v)
	}
	h.keys("enter") // the doc follows too
	mustContain(t, h.view(), "Stage: test", "stage test")
	if h.f.Calls("doc@test") != 1 {
		t.Fatalf("doc read in test: %v", h.f.calls)
	}
	h.keys("S") // and switches in place
	mustContain(t, h.view(), "Stage: prod", "stage prod")
	h.keys("esc") // the gateway follows what was chosen above it
	mustContain(t, h.view(), "stage prod", "delete_item")
}

func TestSDKTabAndNeedsLogin(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 100, 30)
	h.keys("down", "enter", "tab")
	mustContain(t, h.view(), "pip install bkapi-demo-echo==1.0.0", "Usage example for echo_get")
	h2 := newHarness(t, i18n.English, 100, 30)
	h2.f.sdkErr = &client.ErrUnavailable{Feature: client.FeatureSDKs, Needs: []string{client.NeedToken}}
	h2.keys("down", "enter", "tab")
	mustContain(t, h2.view(), "needs a login", "stage switcher")
}

func TestErrorsShowInlineWithRequestID(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.err = &client.GatewayError{Status: 403, Code: 1640301, CodeName: "APP_NO_PERMISSION", Message: "App has no permission to the resource", RequestID: "rid-123"}
	c := common.NewContext(f, common.ProfileInfo{Name: "p"}, i18n.English)
	m := New(c)
	h := &harness{t: t, m: m, f: f}
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	h.run(m.Init())
	mustContain(t, h.view(), "no permission", "APP_NO_PERMISSION", "rid-123", "apply for permission", "press r")
	f.err = nil
	h.keys("r")
	mustContain(t, h.view(), "bk-user")
}

func TestTinyTerminalSaysSo(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 50, 10)
	mustContain(t, h.view(), "50×10", "60×15")
	h.keys("/") // ignored, no crash
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	mustContain(t, h.view(), "bk-user")
}

func TestEveryLineFitsTheWidth(t *testing.T) {
	t.Parallel()
	check := func(size [2]int, where, v string) {
		t.Helper()
		if got := lipgloss.Height(v); got > size[1] {
			t.Errorf("%v %s: %d lines", size, where, got)
		}
		for _, line := range strings.Split(v, "\n") {
			if w := ansi.StringWidth(line); w > size[0] {
				t.Errorf("%v %s: line of %d cells: %q", size, where, w, line)
			}
		}
		// The header bar gives way part by part, never cut mid-word (free text in a page's
		// columns may be; its pages' own tests hold their columns to no stubs).
		if bar, _, _ := strings.Cut(v, "\n"); len(pagetest.Stubs(bar)) > 0 || strings.HasSuffix(strings.TrimSpace(ansi.Strip(bar)), "…") {
			t.Errorf("%v %s: the header bar is cut: %q", size, where, ansi.Strip(bar))
		}
	}
	for _, size := range [][2]int{{60, 15}, {80, 24}, {100, 30}, {200, 50}} {
		for _, lang := range []i18n.Lang{i18n.Chinese, i18n.English} {
			h := newHarness(t, lang, size[0], size[1])
			steps := []struct {
				name string
				keys []string
			}{
				{"gateways", nil}, {"gateway", []string{"down", "enter"}}, {"sdks", []string{"tab"}}, {"permissions", []string{"tab"}},
				{"apis again", []string{"tab"}}, {"doc", []string{"enter"}}, {"console", []string{"c"}}, {"back", []string{"esc", "esc"}},
				{"records", []string{"R"}}, {"back", []string{"esc"}}, {"palette", []string{":"}}, {"closed", []string{"esc"}},
				{"profile", []string{"P"}}, {"help", []string{"?"}}, {"help closed", []string{"esc"}},
				{"mcp", []string{"M"}}, {"mcp server", []string{"enter"}}, {"components", []string{"E"}}, {"system", []string{"enter"}},
				{"history", []string{"H"}}, {"import", []string{"I"}}, {"saved", []string{"esc", "B"}},
			}
			for _, st := range steps {
				h.keys(st.keys...)
				check(size, string(lang)+"/"+st.name, h.view())
				// The page itself fits: the frame would cut a wider line without a sign.
				for _, l := range strings.Split(h.m.Top().View(), "\n") {
					if w := ansi.StringWidth(l); w > size[0] {
						t.Errorf("%v %s/%s: the page draws a line of %d cells: %q", size, lang, st.name, w, ansi.Strip(l))
					}
				}
			}
		}
	}
}

func TestPaletteJumpsToAnAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 100, 30, func(f *fakeBackend) {
		f.res["bk-user"] = []client.Resource{{ID: 9, Name: "list_users", Method: "GET", Path: "/api/v3/open/tenant/users/",
			VerifiedAppRequired: true, ResourcePermRequired: true, AllowApplyPermission: true},
			{ID: 10, Name: "items", Method: "GET", Path: "/api/v3/items/"}}
	})
	// The background index has read every gateway's APIs at start.
	// An API of a gateway never opened this session is found by name, and by path.
	h.keys(":")
	typeText(h, "list_users")
	mustContain(t, h.view(), "list_users", "bk-user · prod")
	h.keys("esc", ":")
	typeText(h, "/tenant/users")
	mustContain(t, h.view(), "list_users")
	h.keys("esc", ":")
	// An exact name comes before screens and descriptions that merely contain the letters.
	typeText(h, "items")
	if r, ok := h.m.palette.List.Selected(); !ok || r.Key != "api:bk-user/prod/items" {
		t.Fatalf("first match of items: %+v", r)
	}
	h.keys("esc")
	// A jump replaces the stack: gateway and doc, whatever was open before.
	h.keys("down", "enter") // demo-echo
	h.keys(":")
	typeText(h, "delete_item")
	h.keys("enter")
	if h.m.Depth() != 3 {
		t.Fatalf("palette opens gateway and doc: %d", h.m.Depth())
	}
	mustContain(t, h.view(), "DELETE /items/{item_id}/", "Gateways › demo-echo › delete_item")
	h.keys(":")
	typeText(h, "list_users")
	h.keys("enter")
	if h.m.Depth() != 3 {
		t.Fatalf("a second jump does not stack: depth %d", h.m.Depth())
	}
	// The doc opened from the palette states the API's needs as the list does.
	mustContain(t, h.view(), "Gateways › bk-user › list_users", "app verification", "needs permission")
	if strings.Contains(h.view(), "no application needed") {
		t.Fatalf("the palette's doc states the wrong need:\n%s", h.view())
	}
}

func TestQuitAsksWhenADraftWouldBeLost(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 100, 30)
	h.m.ctx.Profiles = &fakeProfiles{}
	h.keys("P", "n")
	h.keys("tab", "tab", "tab", "s", "3", "c")
	_, cmd := h.m.Update(tea.KeyMsg{Type: tea.KeyCtrlC})
	if cmd != nil {
		t.Fatal("ctrl+c with a draft asks first")
	}
	mustContain(t, h.view(), "quit anyway")
	_, cmd = h.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("n")})
	if cmd != nil || !strings.Contains(h.view(), "•••") {
		t.Fatalf("n keeps the draft (hidden): %s", h.view())
	}
}

func TestProfileScreenReport(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 100, 30)
	h.m.ctx.Profile.Token, h.m.ctx.Profile.TokenAge = "fresh", 3*time.Hour // said as its age (it said "saved under 20 hours ago")
	h.keys("P")
	mustContain(t, h.view(), "What this profile can do", "docs", "served by the API Help Center", "add a login (bk_token)", "not checked (saved 3 h 0 min ago)")
}

func TestErrorViewForEveryKind(t *testing.T) {
	t.Parallel()
	c := common.NewContext(newFake(), common.ProfileInfo{}, i18n.Chinese)
	errs := []error{
		&client.GatewayError{Status: 400, Code: 1640001, CodeName: "INVALID_ARGS", Message: `Parameters error [reason="user authentication failed"]`, Reason: "user authentication failed", RequestID: "r1"},
		&client.DashboardError{Status: 401, Code: "UNAUTHENTICATED", Message: "x"},
		&client.DevCenterError{Status: 401, Code: "UNAUTHENTICATED", Detail: "x"},
		&client.TransportError{Method: "GET", URL: "http://x", Err: errors.New("connection refused")},
		&client.NotJSONError{Status: 502, Head: "<html>"},
		&client.ErrUnavailable{Feature: client.FeatureSDKs, Needs: []string{client.NeedToken}},
		&client.ErrUserInput{Key: "input.empty_reason"},
	}
	for _, err := range errs {
		v := common.ErrorView(c, err)
		if v == "" || strings.Contains(v, "%!") {
			t.Errorf("%T: %q", err, v)
		}
	}
	mustContain(t, common.ErrorView(c, errs[0]), "用户认证失败", "r1", "bk_token")
}

type fakeProfiles struct {
	others    []string // profiles beside the active "test"
	forgotten []string
	logins    []string
	err       error
	checked   []common.ProfileDraft
	saved     []common.ProfileDraft
	report    *client.Report
	sandboxes int
	used      []string
}

func (f *fakeProfiles) List() ([]common.ProfileInfo, string, error) {
	ps := []common.ProfileInfo{{Name: "test", AppCode: "my-app", Secrets: map[string]common.SecretSource{"bk_app_secret": {From: "keyring"}}, Token: "fresh"}}
	for _, o := range f.others {
		if !slices.Contains(f.forgotten, o) {
			ps = append(ps, common.ProfileInfo{Name: o, AppCode: "other-app"})
		}
	}
	return ps, "test", nil
}
func (f *fakeProfiles) Forget(name string) error {
	f.forgotten = append(f.forgotten, name)
	return nil
}
func (f *fakeProfiles) Use(name string) (common.Backend, common.ProfileInfo, error) {
	f.used = append(f.used, name)
	b := newFake()
	b.gateways = append(b.gateways, client.Gateway{Name: "only-in-" + name})
	return b, common.ProfileInfo{Name: name}, nil
}
func (f *fakeProfiles) Login(name, app, secret, token string) error {
	f.logins = append(f.logins, name+"/"+app)
	return f.err
}
func (f *fakeProfiles) Logout(name string) error { return nil }
func (f *fakeProfiles) Draft(name string) common.ProfileDraft {
	return common.ProfileDraft{Name: name, AppCode: "my-app", APIURLTmpl: "http://bkapi.example.com/api/{api_name}"}
}
func (f *fakeProfiles) Check(ctx context.Context, d common.ProfileDraft) (client.Report, error) {
	f.checked = append(f.checked, d)
	if f.report != nil {
		return *f.report, f.err
	}
	return client.Report{}, f.err
}
func (f *fakeProfiles) Sandbox() (common.Backend, common.ProfileInfo, error) {
	f.sandboxes++
	b := newFake()
	b.gateways = b.gateways[:1]
	return b, common.ProfileInfo{Name: "sandbox", Sandbox: true}, nil
}

func TestLoginFormKeepsInputOnError(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 100, 30)
	fp := &fakeProfiles{err: errors.New("keyring locked")}
	h.m.ctx.Profiles = fp
	h.keys("P", "n")
	mustContain(t, h.view(), "Log in", "BK_API_URL_TMPL", "Help Center URL", "Developer Center URL", "BK_COMPONENT_API_URL", "Username", "Tenant ID", "bk_token")
	h.keys("tab", "tab", "tab", "s", "e", "c")
	h.keys("tab", "tab", "tab") // ESB's address, which calling components needs (the form had no field for it)
	typeText(h, "http://esb.example.com")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	if len(fp.checked) != 1 || fp.checked[0].AppSecret != "sec" || len(fp.saved) != 0 {
		t.Fatalf("checked before saving: %+v saved %+v", fp.checked, fp.saved)
	}
	mustContain(t, h.view(), "Log in", "•••", "keyring locked") // the check failed: the form stays
	fp.err = nil
	fp.report = &client.Report{Features: []client.FeatureReport{{Feature: client.FeatureGateways, Surface: client.SurfaceOpen},
		{Feature: client.FeatureSDKs, Needs: []string{client.NeedToken}}}}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "works: gateways", "SDKs: add a login (bk_token)", "enter saves")
	if len(fp.saved) != 0 {
		t.Fatal("nothing is saved before the user saw the report")
	}
	h.keys("enter")
	if len(fp.saved) != 1 || fp.saved[0].AppSecret != "sec" || fp.saved[0].ComponentAPIURL != "http://esb.example.com" {
		t.Fatalf("saved: %+v", fp.saved)
	}
	if strings.Contains(h.view(), "Log in") {
		t.Fatalf("the form closes after a successful save:\n%s", h.view())
	}
	if len(fp.used) != 1 || !strings.Contains(h.view(), "only-in-test") {
		t.Fatalf("switched to the new profile, the list reloaded from it: %v\n%s", fp.used, h.view())
	}
}

// A server that answered nothing is named in the form's summary, as auth status names it
// (issue 32 item 4): "cannot reach the server (http://127.0.0.1:1)", not the bare words.
func TestLoginFormNamesTheAddressThatAnsweredNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 30)
	down := &client.TransportError{Method: "GET", URL: "http://127.0.0.1:1/api/bk-apigateway/prod/api/v2/open/gateways/", Err: errors.New("connection refused")}
	fp := &fakeProfiles{report: &client.Report{
		Features: []client.FeatureReport{{Feature: client.FeatureGateways, Needs: []string{client.NeedReachable}}},
		Surfaces: map[client.Surface]client.SurfaceProbe{client.SurfaceOpen: {Err: down}}}}
	h.m.ctx.Profiles = fp
	h.keys("P", "n")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "cannot reach the server (http://127.0.0.1:1)", "add a reachable address")
}

func TestMouseClickSelectsRows(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 100, 30)
	// Header and breadcrumb take two lines; then the filter line, the table header, the rows.
	h.send(tea.MouseMsg{X: 5, Y: 2 + 4, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	h.keys("enter")
	mustContain(t, h.view(), "Gateways › old-job")
	h.keys("esc")
	h.send(tea.MouseMsg{X: 5, Y: 2 + 3, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	h.keys("enter")
	mustContain(t, h.view(), "Gateways › demo-echo")
	// In the gateway screen the APIs table starts below the details and tabs.
	h.send(tea.MouseMsg{X: 5, Y: 2 + 4 + 4, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	h.keys("enter")
	mustContain(t, h.view(), "DELETE /items/{item_id}/")
}

// In Chinese the profile screen's marks line up: padding is by display cells.
func TestProfileReportAlignsInChinese(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.Chinese, 100, 30)
	h.keys("P")
	col := -1
	for _, line := range strings.Split(h.view(), "\n") {
		for _, mark := range []string{"✓", "✗"} {
			if i := strings.Index(line, mark); i >= 0 {
				w := ansi.StringWidth(line[:i])
				if col >= 0 && w != col {
					t.Fatalf("mark at cell %d, others at %d:\n%s", w, col, h.view())
				}
				col = w
			}
		}
	}
	if col < 0 {
		t.Fatalf("no report:\n%s", h.view())
	}
}

// The global page keys pressed in turn go back to a page already open instead of piling it up;
// a long trail is cut from the left, so the current page stays in view; a notice said on one
// page does not follow the user onto the next one opened above it.
func TestBreadcrumbAndNoticesFollowTheStack(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 80, 24)
	h.m.ctx.Profiles = &fakeProfiles{}
	h.keys("P", "H", "M", "P")
	crumb := strings.Split(h.view(), "\n")[1]
	if strings.Count(crumb, "Profile") != 1 || strings.Contains(crumb, "MCP") || h.m.Depth() != 2 {
		t.Fatalf("pressing P again returns to it (depth %d): %q", h.m.Depth(), crumb)
	}
	h.keys("esc", "/", "demo", "enter", "enter")
	h.send(common.StatusMsg{Text: "renewed 1 permission"})
	mustContain(t, h.view(), "renewed 1 permission")
	h.keys("R")
	if strings.Contains(h.view(), "renewed 1 permission") {
		t.Fatalf("a notice followed onto Records:\n%s", h.view())
	}
	h.keys("esc")
	mustContain(t, h.view(), "renewed 1 permission") // back where it was said
	narrow := newHarness(t, i18n.English, 60, 24)
	narrow.m.ctx.Profiles = &fakeProfiles{}
	narrow.keys("/", "demo", "enter", "P", "H", "R", "M", "E")
	crumb = strings.TrimSpace(strings.Split(narrow.view(), "\n")[1])
	if !strings.HasPrefix(crumb, "…") || !strings.HasSuffix(crumb, narrow.m.top().Crumb()) {
		t.Fatalf("a long trail keeps the current page (%s): %q", narrow.m.top().Crumb(), crumb)
	}
}

// The palette takes every key, so the footer names its keys, not those of the page below it
// (s, r, / there would be typed here); its hint wraps at 60 columns in Chinese, none of it cut.
func TestPaletteFooterIsThePalettes(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 80, 24)
	h.keys(":")
	v := h.view()
	mustContain(t, v, "enter open • ↑/↓ move • esc close • ctrl+c quit")
	if strings.Contains(v, "sort by name") || strings.Contains(v, "q quit") {
		t.Fatalf("the page's keys under the palette:\n%s", v)
	}
	z := newHarness(t, i18n.Chinese, 60, 15)
	z.keys(":")
	mustContain(t, z.view(), "（按名称或路径）", "esc 关闭")
	if got := strings.Count(z.view(), "\n") + 1; got != 15 {
		t.Fatalf("the palette is %d lines high, not the screen's 15:\n%s", got, z.view())
	}
}

// The console forgets a profile as `logout --forget` does: asked first, never the one in use.
func TestForgetAProfileFromTheConsole(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 30)
	fp := &fakeProfiles{others: []string{"old"}}
	h.m.ctx.Profiles = fp
	h.keys("P")
	mustContain(t, h.view(), "other-app", "D forget")
	h.keys("D") // the active profile
	mustContain(t, h.view(), "test is the profile in use: switch to another (enter) before forgetting it")
	h.keys("down", "D")
	mustContain(t, h.view(), "forget profile old? Its secrets are removed from the keyring (y/N)", "y yes • n no")
	h.keys("n")
	h.keys("D", "y")
	if !slices.Equal(fp.forgotten, []string{"old"}) {
		t.Fatalf("forgotten: %v", fp.forgotten)
	}
	if v := h.view(); !strings.Contains(v, "removed profile old") || strings.Contains(v, "other-app") {
		t.Fatalf("after forgetting:\n%s", v)
	}
}
