package mcp

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/common/pagetest"
	"github.com/charmbracelet/x/ansi"
)

// serversBackend lists the servers it holds.
type serversBackend struct {
	common.Backend
	servers []client.MCPServerPermission
}

func (b serversBackend) MCPServers(context.Context, string) ([]client.MCPServerPermission, client.Surface, error) {
	return b.servers, client.SurfaceDevCenter, nil
}

// At 60 columns a server's name, status and title stay readable in both languages: the tool
// count and the protocol are left out, not cut to a letter; at 120 they are back.
func TestMCPServersNarrowLeaveOutToolsAndProtocol(t *testing.T) {
	t.Parallel()
	servers := []client.MCPServerPermission{{MCPServer: client.MCPServer{ID: 1, Name: "bk-user-prod-directory", Title: "User directory",
		IsOfficial: true, ProtocolType: "streamable_http"}, Permission: client.MCPPermission{Status: "need_apply"}}}
	for lang, status := range map[i18n.Lang]string{i18n.English: "not applied", i18n.Chinese: "未申请"} {
		c := pagetest.Context(serversBackend{servers: servers}, lang)
		s := NewMCPScreen(c)
		pagetest.Start(t, s, 60, 15)
		v := s.View()
		for _, w := range []string{"bk-user-prod-directory ", status + " ", "User dir"} {
			if !strings.Contains(v, w) {
				t.Errorf("%s: %q is cut at 60 columns:\n%s", lang, w, v)
			}
		}
		if strings.Contains(v, c.T("col.protocol")) || strings.Contains(v, "st…") {
			t.Errorf("%s: the protocol is drawn at 60 columns:\n%s", lang, v)
		}
		s.SetSize(120, 15)
		if v := s.View(); !strings.Contains(v, "streamable_http") || !strings.Contains(v, c.T("col.tools")) {
			t.Errorf("%s: the protocol or the tools are missing at 120 columns:\n%s", lang, v)
		}
	}
}

// A applies for the marked servers an application can take, else the one under the cursor if
// it can; a server that waits for a decision or is owned is not applied for again (I answers
// 409, the Developer Center an error page): a notice, and no form.
func TestMCPApplyTakesOnlyWhatCanBeAppliedFor(t *testing.T) {
	t.Parallel()
	servers := []client.MCPServerPermission{
		{MCPServer: client.MCPServer{ID: 1, Name: "a-pending"}, Permission: client.MCPPermission{Status: client.MCPPending}},
		{MCPServer: client.MCPServer{ID: 2, Name: "b-owned"}, Permission: client.MCPPermission{Status: client.MCPOwned}},
		{MCPServer: client.MCPServer{ID: 3, Name: "c-rejected"}, Permission: client.MCPPermission{Status: client.MCPRejected}},
	}
	s := NewMCPScreen(pagetest.Context(serversBackend{servers: servers}, i18n.English))
	pagetest.Start(t, s, 120, 20)
	onlyC := func(what string) {
		t.Helper()
		to, ok := pagetest.Press(t, s, "A").(common.ApplyPage)
		if !ok || len(to.Items) != 1 || to.Items[0].Name != "c-rejected" {
			t.Fatalf("%s: A opened %#v", what, to)
		}
	}
	if to := pagetest.Press(t, s, "A"); to != nil {
		t.Fatalf("A on a pending server opened %#v", to)
	}
	pagetest.Press(t, s, " ") // marks a-pending
	pagetest.Press(t, s, "down")
	pagetest.Press(t, s, " ") // marks b-owned, under the cursor
	if to := pagetest.Press(t, s, "A"); to != nil {
		t.Fatalf("A with only servers that cannot be applied for marked and under the cursor opened %#v", to)
	}
	pagetest.Press(t, s, "down")
	onlyC("nothing marked fits, c-rejected under the cursor")
	pagetest.Press(t, s, " ") // marks c-rejected
	pagetest.Press(t, s, "up")
	onlyC("c-rejected marked among others")
}

// detailBackend answers a server's detail in the language it was last asked for, as the
// gateway does with the request's language.
type detailBackend struct {
	common.Backend
	lang string
}

func (b *detailBackend) MCPDetail(context.Context, int) (client.MCPServer, error) {
	if b.lang == "en" {
		return client.MCPServer{ID: 1, Name: "echo", Title: "Echo tools", Description: "Echo APIs"}, nil
	}
	return client.MCPServer{ID: 1, Name: "echo", Title: "回显工具", Description: "回显接口"}, nil
}
func (b *detailBackend) MCPLoggedIn(context.Context, string) bool { return false }

// MCPServers has no status to tell (the open API's list): the page opened by name asks it.
func (b *detailBackend) MCPServers(context.Context, string) ([]client.MCPServerPermission, client.Surface, error) {
	return nil, client.SurfaceOpen, nil
}
func (b *detailBackend) MCPAuthFields(client.MCPServer) client.AuthFields {
	return client.AuthFields{}
}
func (b *detailBackend) TenantID() string                   { return "" }
func (b *detailBackend) CheckMCPURL(client.MCPServer) error { return nil }

// chineseEchoPage is the page of a server "echo" opened in Chinese, its detail read.
func chineseEchoPage(t *testing.T) (*MCPServerScreen, *detailBackend, *common.Context) {
	b := &detailBackend{lang: "zh"}
	c := pagetest.Context(b, i18n.Chinese)
	s := NewMCPServerScreen(c, common.MCPServerPage{Server: client.MCPServerPermission{MCPServer: client.MCPServer{ID: 1, Name: "echo", URL: "http://x/"}}})
	pagetest.Start(t, s, 100, 30)
	return s, b, c
}

// A server's page reads its words again when the language changes: its description comes in
// the language asked.
func TestMCPServerPageFollowsTheLanguage(t *testing.T) {
	t.Parallel()
	s, b, c := chineseEchoPage(t)
	if v := s.View(); !strings.Contains(v, "回显接口") {
		t.Fatalf("zh:\n%s", v)
	}
	b.lang = "en"
	c.SetLang(i18n.English)
	_, cmd := s.Update(common.LangChangedMsg{})
	pagetest.Run(t, s, cmd)
	if v := s.View(); !strings.Contains(v, "Echo APIs") || strings.Contains(v, "回显接口") {
		t.Fatalf("en:\n%s", v)
	}
}

// A Chinese note on the server's page (the Cursor link's, in the theme's subtle style) fills
// its lines: the page wrapped prose at spaces only, so "（安装后密钥会是" ended a line of 56
// cells and "****）；如需…" went whole to the next.
func TestServerPageWrapsChineseProseFull(t *testing.T) {
	t.Parallel()
	c := pagetest.Context(serversBackend{}, i18n.Chinese)
	note := c.Theme.Subtle.Render(c.T("mcp.cursor_link_masked", c.T("tui.press_key", "m")))
	lines := wrapLines(note+"\n"+"http://127.0.0.1:8080/api/bk-apigateway/prod/api/v2/mcp-servers/demo-echo-prod-echo/application/sse/", 80)
	if len(lines) < 4 || ansi.StringWidth(lines[0]) < 72 {
		t.Errorf("the note's first line is left short, or the address is not wrapped whole:\n%s", strings.Join(lines, "\n"))
	}
	if !strings.HasPrefix(ansi.Strip(lines[len(lines)-2]), "http://127.0.0.1:8080/") {
		t.Errorf("the address does not start a line of its own:\n%s", strings.Join(lines, "\n"))
	}
}

// A detail that arrives for the language just left is dropped: L pressed twice quickly, the
// first answer coming last, had left the other language's words on the page.
func TestMCPServerDetailOfALanguageLeftIsDropped(t *testing.T) {
	t.Parallel()
	s, _, _ := chineseEchoPage(t)
	s.Update(mcpDetailMsg{lang: i18n.English, d: client.MCPServer{ID: 1, Name: "echo", Title: "Echo tools", Description: "Echo APIs"}})
	if v := s.View(); !strings.Contains(v, "回显接口") || strings.Contains(v, "Echo APIs") {
		t.Fatalf("the English detail shown in Chinese:\n%s", v)
	}
}

// A tool's description or a prompt's content longer than the line goes on under where it
// starts: it ran on from the page's left edge, under the method column ("needed)" at 60).
func TestToolDescriptionsWrapUnderTheirColumn(t *testing.T) {
	t.Parallel()
	s, _, _ := chineseEchoPage(t)
	s.SetSize(60, 40)
	s.Update(mcpDetailMsg{lang: i18n.Chinese, d: client.MCPServer{ID: 1, Name: "echo", Title: "回显工具",
		Tools:   []client.MCPTool{{Name: "echo_get", Method: "GET", Description: "回显 GET 请求：请求原样返回，用于检查凭证与权限是否正确配置"}},
		Prompts: []client.MCPPrompt{{Name: "find", Code: "find", IsPublic: true, Content: "Find a colleague by name and list their department and their manager."}}}})
	lines := strings.Split(ansi.Strip(s.View()), "\n")
	for first, indent := range map[string]int{"  GET    echo_get  ": len("  GET    echo_get  "), "    Find a colleague": 4} {
		i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, first) })
		if i < 0 || i+1 >= len(lines) || strings.TrimSpace(lines[i+1]) == "" || len(lines[i+1])-len(strings.TrimLeft(lines[i+1], " ")) != indent {
			t.Errorf("%q does not go on under its column:\n%s", first, strings.Join(lines, "\n"))
		}
	}
}

// The login's line on a server that takes logins fills its lines in Chinese: it was wrapped at
// its spaces, so "…OAuth 登录：o" ended a line and "登录（之后…" began the next.
func TestLoginLineWrapsChineseFull(t *testing.T) {
	t.Parallel()
	c := pagetest.Context(&detailBackend{lang: "zh"}, i18n.Chinese)
	s := NewMCPServerScreen(c, common.MCPServerPage{Server: client.MCPServerPermission{MCPServer: client.MCPServer{ID: 1, Name: "echo", URL: "http://x/",
		OAuth2PublicClientEnabled: true}}})
	pagetest.Start(t, s, 60, 30)
	lines := strings.Split(ansi.Strip(s.View()), "\n")
	i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "此 Server") })
	if i < 0 || ansi.StringWidth(strings.TrimRight(lines[i], " ")) < 54 {
		t.Fatalf("the login line is left short:\n%s", strings.Join(lines, "\n"))
	}
}
