package tui

import (
	"errors"
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Screen is one page of the stack. It owns its state; the root only routes to it.
type Screen interface {
	Init() tea.Cmd
	Update(tea.Msg) (Screen, tea.Cmd)
	View() string
	SetSize(w, h int)
	Crumb() string
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
	// Capturing is true while a text field has focus: global single-letter keys go to it.
	Capturing() bool
	// Close cancels the screen's requests when it leaves the stack.
	Close()
}

// Escaper is a screen that uses esc itself before it means "back" (clearing a filter).
type Escaper interface{ Escape() bool }

// Drafter is a screen holding something the user typed that quitting would lose.
type Drafter interface{ HasDraft() bool }

// errorView explains an error inline: what happened, the gateway code, the request id and
// what to do next.
func errorView(c *Context, err error) string { return errorPanel(c, err, false) }

// errorViewBrief is errorView without the request id, where the screen already shows it.
func errorViewBrief(c *Context, err error) string { return errorPanel(c, err, true) }

// stripRequestID drops the " [request_id X]" an error's text ends with: the panel gives the
// request id on a line of its own, once.
func stripRequestID(s string) string {
	if i := strings.LastIndex(s, " [request_id "); i >= 0 && strings.HasSuffix(s, "]") {
		return s[:i]
	}
	return s
}

func errorPanel(c *Context, err error, brief bool) string {
	if err == nil {
		return ""
	}
	t := c.Theme
	var b strings.Builder
	h := client.HintOf(err)
	var un *client.ErrUnavailable
	var in *client.ErrUserInput
	switch {
	case errors.As(err, &in):
		b.WriteString(t.Error.Render("✗ " + c.T(in.Key, in.Args...)))
		return b.String()
	case errors.As(err, &un):
		b.WriteString(t.Warn.Render("! " + c.T(h.Meaning)))
		if len(un.Needs) > 0 {
			var needs []string
			for _, n := range un.Needs {
				needs = append(needs, c.T("need."+n))
			}
			b.WriteString("\n  " + c.T("tui.add_to_unlock", strings.Join(needs, ", ")))
		}
		return b.String()
	}
	if h.Meaning != "" {
		b.WriteString(t.Error.Render("✗ " + c.T(h.Meaning)))
	} else {
		b.WriteString(t.Error.Render("✗ " + c.T("tui.error")))
	}
	var ge *client.GatewayError
	if errors.As(err, &ge) {
		// The gateway's own words, once: its code, its message as sent, its reason.
		b.WriteString("\n  " + t.Subtle.Render(c.T("tui.gateway_code", ge.Status, ge.CodeName, ge.Code)))
		if msg := strings.TrimSpace(strings.TrimSuffix(ge.Message, `[reason="`+ge.Reason+`"]`)); msg != "" {
			b.WriteString("\n  " + t.Subtle.Render(c.T("tui.server_said", oneLine(msg, 300))))
		}
		if ge.Reason != "" {
			b.WriteString("\n  " + t.Subtle.Render(c.T("tui.reason", untrusted.Line(ge.Reason))))
		}
	} else {
		b.WriteString("\n  " + t.Subtle.Render(oneLine(stripRequestID(err.Error()), 300)))
	}
	if rid := client.RequestIDOf(err); rid != "" && !brief {
		b.WriteString("\n  " + t.Subtle.Render(c.T("cli.request_id", untrusted.Line(rid))))
	}
	if h.Fix != "" {
		b.WriteString("\n  → " + c.T(h.Fix))
	}
	return b.String()
}

// errorLine is the one-line form of an error for the status line.
func errorLine(c *Context, err error) string {
	h := client.HintOf(err)
	var in *client.ErrUserInput
	if errors.As(err, &in) {
		return c.T(in.Key, in.Args...)
	}
	s := c.T("tui.error")
	if h.Meaning != "" {
		s = c.T(h.Meaning)
	}
	if rid := client.RequestIDOf(err); rid != "" {
		s += " · " + c.T("cli.request_id", untrusted.Line(rid))
	}
	if h.Fix != "" {
		s += " → " + c.T(h.Fix)
	}
	if u := client.LoginURLOf(err); u != "" {
		s += " " + c.T("token.login_at", untrusted.Line(u))
	}
	return s
}

// oneLine is server text made safe and cut to n runes, in one pass.
func oneLine(s string, n int) string {
	s = untrusted.Line(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
