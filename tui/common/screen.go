package common

import (
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Component is a part of the screen, as soft-serve's components are: it draws itself at the
// size it is given and names its keys for the footer and the help (help.KeyMap). A page is a
// Component; so are the filter list and the gateway page's tabs.
type Component interface {
	help.KeyMap
	SetSize(w, h int)
	View() string
}

// Screen is one page of the stack. It owns its state; the router only routes to it.
type Screen interface {
	Component
	Init() tea.Cmd
	Update(tea.Msg) (Screen, tea.Cmd)
	Crumb() string
	// Capturing is true while a text field has focus: global single-letter keys go to it.
	Capturing() bool
	// Close cancels the screen's requests when it leaves the stack.
	Close()
	// ID is the screen's address: the results of its commands are delivered to it alone.
	ID() int64
}

// Owner is a screen holding others (the console's tabs): a result addressed to one of them is
// delivered through it.
type Owner interface{ Owns(id int64) bool }

// Escaper is a screen that uses esc itself before it means "back" (clearing a filter).
type Escaper interface{ Escape() bool }

// Drafter is a screen holding something the user typed that quitting would lose.
type Drafter interface{ HasDraft() bool }

// Sender is a screen with a write in flight (an application, a renewal). Leaving it does not
// abandon the write: the root keeps the screen out of sight until the answer has been told, so
// a write sent is never left unreported.
type Sender interface{ Sending() bool }

// ErrorView explains an error inline: what happened, the gateway code, the request id and
// what to do next.
func ErrorView(c *Context, err error) string { return errorPanel(c, err, false) }

// RetryView is ErrorView for a page that failed to load, and the key that loads it again (as
// bound: a user who rebinds refresh reads the new key).
func RetryView(c *Context, err error) string {
	return ErrorView(c, err) + "\n\n" + c.Theme.Subtle.Render(Wrap(c.T("tui.press_to_retry", c.Global.Refresh.Help().Key), max(10, c.Width)))
}

// ErrorViewBrief is ErrorView without the request id, where the screen already shows it.
func ErrorViewBrief(c *Context, err error) string { return errorPanel(c, err, true) }

// errorPanel is wrapped to the body's width, each part where its language allows a break
// (Wrap): a message is never cut mid-word at the edge, and a Chinese one fills its lines.
func errorPanel(c *Context, err error, brief bool) string {
	if err == nil {
		return ""
	}
	var b strings.Builder
	for i, part := range errorParts(c, err, brief) {
		if i > 0 {
			b.WriteByte('\n')
		}
		text := part.text
		if c.Width > 0 {
			text = Wrap(text, max(10, c.Width-ansi.StringWidth(part.indent)))
		}
		for j, line := range strings.Split(text, "\n") {
			if j > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(part.indent + part.style.Render(line))
		}
	}
	return b.String()
}

// errorPart is one line of an error panel before it is wrapped: its indent, style and text.
type errorPart struct {
	indent string
	style  lipgloss.Style
	text   string
}

func errorParts(c *Context, err error, brief bool) []errorPart {
	t := c.Theme
	p := present(c, err)
	plain := lipgloss.NewStyle()
	detail := func(text string) errorPart { return errorPart{"  ", t.Subtle, text} }
	switch {
	case p.Input:
		return []errorPart{{"", t.Error, "✗ " + p.Message}}
	case p.Unavailable:
		parts := []errorPart{{"", t.Warn, "! " + p.Message}}
		if p.Unlock != "" {
			parts = append(parts, errorPart{"  ", plain, c.T("tui.add_to_unlock", p.Unlock, c.Global.Profile.Help().Key)})
		}
		return parts
	}
	msg := p.Message
	if msg == "" {
		msg = c.T("tui.error")
	}
	parts := []errorPart{{"", t.Error, "✗ " + msg}}
	switch {
	case p.Gateway != "":
		// The gateway's own words, once: its code, its message as sent, its reason.
		parts = append(parts, detail(p.Gateway))
		if p.ServerSaid != "" {
			parts = append(parts, detail(c.T("tui.server_said", client.CutRunes(p.ServerSaid, 300))))
		}
		if p.Reason != "" {
			parts = append(parts, detail(c.T("tui.reason", p.Reason)))
		}
	case p.NotFound:
		if p.ServerSaid != "" {
			parts = append(parts, detail(c.T("tui.server_said", client.CutRunes(p.ServerSaid, 300))))
		}
	default:
		parts = append(parts, detail(client.CutRunes(p.Detail, 300)))
	}
	if p.RequestID != "" && !brief {
		parts = append(parts, detail(c.T("cli.request_id", p.RequestID)))
	}
	if p.Hint != "" {
		parts = append(parts, errorPart{"  ", plain, "→ " + p.Hint})
	}
	if p.LoginURL != "" {
		parts = append(parts, errorPart{"  ", plain, c.T("token.login_at", p.LoginURL)})
	}
	return parts
}

// ErrorLine is an error in one line, for the status bar: the same presentation as ErrorView.
func ErrorLine(c *Context, err error) string { return present(c, err).Short(c.Lang) }

// present is client.Present with the fixes that a page's keys do told by those keys, as bound
// (the CLI's sentence names its commands).
func present(c *Context, err error) client.Presentation {
	p := client.Present(err, c.Lang)
	k := c.Keys.Shared()
	if p.Code == "net.tls" { // the meaning names the fix: the form's CA bundle field
		p.Message = c.T("net.tls_tui", c.Global.Profile.Help().Key, k.Login.Help().Key)
	}
	switch p.Fix {
	case client.FixApplyMCP:
		p.Hint = c.T("fix.apply_mcp_tui", k.MCPApply.Help().Key, c.Form.Select.Help().Key, c.Global.MCP.Help().Key)
	case client.FixMCPLogin:
		p.Hint = c.T("fix.mcp_login_tui", k.MCPLogin.Help().Key)
	case client.FixRenewPersonalToken:
		p.Hint = c.T("fix.renew_personal_token_tui", c.Global.Profile.Help().Key, k.Login.Help().Key)
		if env := c.Profile.EnvOf("personal_token"); env != "" {
			p.Hint = c.T("fix.renew_personal_token_env", env)
		}
	case client.FixAudienceMCP:
		p.Hint = c.T("fix.audience_mcp_tui", k.MCPLogin.Help().Key)
	case client.FixSecret, client.FixToken:
		// Where it came from: the environment's is used over the profile's, so a login would
		// not replace it; else the console's login form, not the CLI's command.
		if env := c.Profile.EnvOf(map[string]string{client.FixSecret: "bk_app_secret", client.FixToken: "bk_token"}[p.Fix]); env != "" {
			p.Hint = c.T(p.Fix+"_env", env)
			break
		}
		p.Hint = c.T(p.Fix+"_tui", c.Global.Profile.Help().Key, k.Login.Help().Key)
	case client.FixLogin:
		p.Hint = c.T("fix.login_tui", c.Global.Profile.Help().Key, k.Login.Help().Key)
	case client.FixRenew:
		p.Hint = c.T("fix.renew_tui", c.Keys.Marks().Renew.Help().Key)
	}
	return p
}
