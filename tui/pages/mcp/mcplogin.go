package mcp

// The OAuth login of an MCP server that takes public clients (gateway 1.24): o logs in (the
// URL to open is shown while the page waits for the answer; esc stops), O logs out (revokes).
// Trying the server and calling its tools then use the login.

import (
	"context"
	"time"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// loginWait bounds the wait for a login in the browser.
const loginWait = 5 * time.Minute

type loginPane struct {
	on       bool // the server takes public-client logins
	loggedIn bool
	busy     bool
	url      string // the login page, while waiting for its answer
	expiry   time.Time
	err      error
	cancel   context.CancelFunc
	inKey    key.Binding
	outKey   key.Binding
}

type loginStateMsg struct {
	in bool
}

type loginURLMsg struct {
	url string
	ch  <-chan tea.Msg
}

func (u loginURLMsg) ReadOn(ch <-chan tea.Msg) tea.Msg { u.ch = ch; return u }

type loginDoneMsg struct {
	expiry time.Time
	err    error
}

type logoutDoneMsg struct {
	was bool
	err error
}

func (p *loginPane) build(c *common.Context) {
	p.inKey = c.Keys.Shared().MCPLogin
	p.outKey = c.Keys.Bind("O", "key.mcp_logout", "O")
}

func (p *loginPane) keys() []key.Binding {
	switch {
	case !p.on:
		return nil
	case p.loggedIn:
		return []key.Binding{p.outKey}
	}
	return []key.Binding{p.inKey}
}

// check asks whether the server is logged in to.
func (s *MCPServerScreen) checkLogin() tea.Cmd {
	if !s.login.on {
		return nil
	}
	b, name, ctx := backendOf(s.Ctx), s.item.MCPServer.Name, s.ReqCtx
	return s.Own(func() tea.Msg { return loginStateMsg{b.MCPLoggedIn(ctx, name)} })
}

// startLogin runs the login in the background: the URL to open comes first (on a channel),
// then the end.
func (s *MCPServerScreen) startLogin() tea.Cmd {
	p := &s.login
	if p.busy {
		return nil
	}
	ctx, cancel := context.WithTimeout(s.ReqCtx, loginWait)
	p.busy, p.err, p.url, p.cancel = true, nil, "", cancel
	b, srv := backendOf(s.Ctx), s.item.MCPServer
	ch := make(chan tea.Msg, 2)
	go func() {
		defer cancel()
		defer close(ch)
		exp, err := b.MCPLogin(ctx, srv, func(u string) {
			select {
			case ch <- loginURLMsg{url: u}:
			default:
			}
		})
		ch <- loginDoneMsg{exp, err}
	}()
	return tea.Batch(s.Ctx.Clock.Spin(s.Spinner), s.Own(common.Next(ch)))
}

func (s *MCPServerScreen) logout() tea.Cmd {
	b, name := backendOf(s.Ctx), s.item.MCPServer.Name
	ctx, cancel := s.LoadCtx()
	return s.Own(func() tea.Msg {
		defer cancel()
		was, err := b.MCPLogout(ctx, name)
		return logoutDoneMsg{was, err}
	})
}

// loginUpdate takes the login's messages; handled is false for any other.
func (s *MCPServerScreen) loginUpdate(msg tea.Msg) (cmd tea.Cmd, handled bool) {
	p, c := &s.login, s.Ctx
	switch msg := msg.(type) {
	case loginStateMsg:
		p.loggedIn = msg.in
	case loginURLMsg:
		p.url = msg.url
		return s.Own(common.Next(msg.ch)), true
	case loginDoneMsg:
		p.busy, p.url, p.cancel = false, "", nil
		if msg.err != nil {
			p.err = msg.err
			return common.Notify(common.ErrorLine(c, msg.err), true), true
		}
		p.loggedIn, p.expiry, s.tried, s.tools = true, msg.expiry, false, nil
		return common.Notify(c.T("mcp.logged_in", s.item.MCPServer.Name, msg.expiry.Local().Format("2006-01-02 15:04")), false), true
	case logoutDoneMsg:
		if msg.err != nil {
			p.err = msg.err
			return common.Notify(common.ErrorLine(c, msg.err), true), true
		}
		p.loggedIn, s.tried, s.tools = false, false, nil
		if !msg.was {
			return common.Notify(c.T("mcp.not_logged_in_plain", s.item.MCPServer.Name), false), true
		}
		return common.Notify(c.T("mcp.logged_out", s.item.MCPServer.Name), false), true
	default:
		return nil, false
	}
	return nil, true
}

// loginView is the login's line: logged in or not, the URL to open while waiting, what failed.
func (s *MCPServerScreen) loginView() string {
	p, c, t := &s.login, s.Ctx, s.Ctx.Theme
	if !p.on {
		return ""
	}
	var out string
	switch {
	case p.busy && p.url != "":
		out = s.Spinner.View() + " " + c.T("mcp.login_open", "") + "\n  " + t.Link.Render(p.url) + "\n"
	case p.busy:
		out = s.Spinner.View() + " " + c.T("mcp.logging_in") + "\n"
	case p.loggedIn:
		out = t.OK.Render("✓ ") + c.T("mcp.login_state_in", p.outKey.Help().Key) + "\n"
	default:
		out = t.Subtle.Render(c.T("mcp.login_state_out", p.inKey.Help().Key)) + "\n"
	}
	if p.err != nil && !p.busy {
		out += common.ErrorView(c, p.err) + "\n"
	}
	// Wrapped with the page (wrapLines): prose where its language allows, the login's URL whole
	// from where it starts. ansi.Wrap here broke Chinese at its spaces ("登录：o" then "登录").
	return out
}
