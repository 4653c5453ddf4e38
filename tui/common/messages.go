package common

import (
	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/history"
	tea "github.com/charmbracelet/bubbletea"
)

// PushMsg opens a screen on top of the stack.
type PushMsg struct{ Screen Screen }

// PopMsg goes back one screen.
type PopMsg struct{}

// StatusMsg shows a notice or an error on the status line; it fades.
type StatusMsg struct {
	Text  string
	IsErr bool
}

// ConnMsg reports how the last load went, for the header's connection state.
type ConnMsg struct {
	Via client.Surface
	Err error
	// Saved: the page shows what an earlier run saved and nothing was asked, so the header
	// says neither "connecting" nor a surface it has not reached.
	Saved bool
}

// LangChangedMsg tells every screen to rebuild its language-dependent parts.
type LangChangedMsg struct{}

// ResizedMsg follows a window resize, so screens can re-render for the new width.
type ResizedMsg struct{}

// ProfileChangedMsg tells the root that the active profile changed: it installs the backend
// and starts every screen anew, so nothing of the previous profile stays on screen.
type ProfileChangedMsg struct {
	Backend Backend
	Info    ProfileInfo
}

// CredentialsChangedMsg tells the root that credentials typed in a page (the console's token
// or secret prompt) now make the backend: it installs it and every page stays as it is. Only
// the root changes the backend.
type CredentialsChangedMsg struct {
	Backend Backend
	Info    ProfileInfo
}

// Push opens a page of the asking page's own package on top of the stack (another package's
// page is opened by its address: OpenPage).
func Push(s Screen) tea.Cmd { return func() tea.Msg { return PushMsg{s} } }

// Pop goes back one page.
func Pop() tea.Msg { return PopMsg{} }

// Notify shows a notice (or an error) on the status line.
func Notify(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return StatusMsg{text, isErr} }
}

// Conn reports how a load went, for the header's connection state.
func Conn(via client.Surface, err error) tea.Cmd {
	return func() tea.Msg { return ConnMsg{Via: via, Err: err} }
}

// HistoryFailedMsg says the history could not be written; the root tells the user once.
type HistoryFailedMsg struct{ Err error }

// ShownAgainMsg tells a screen it is on top again after the one above it closed.
type ShownAgainMsg struct{}

// JumpMsg replaces every screen above the first with the pages at these addresses (the
// palette's jumps).
type JumpMsg struct{ To []PageAddress }

// WatchRecordsMsg asks the root to poll the records (reset: start over with a short delay).
type WatchRecordsMsg struct {
	Reset  bool
	Record int // a record just applied for: announce it even if decided before the first poll
}

// RecordsUpdatedMsg tells screens the records changed (decided ones listed).
type RecordsUpdatedMsg struct{ Decided []client.Record }

// Keep adds a sent request to the history in a command (the store writes a file); nil when
// the console keeps no history. A failure reaches the root as HistoryFailedMsg.
func Keep(c *Context, e history.Entry) tea.Cmd {
	h := c.History
	if h == nil {
		return nil
	}
	return func() tea.Msg {
		if err := h.Add(e); err != nil {
			return HistoryFailedMsg{Err: err}
		}
		return nil
	}
}

// GatewaysListedMsg is the server's gateway list, fresh from it (not the last run's copy on
// disk): the root reads every gateway's APIs behind it for the palette, once a session.
type GatewaysListedMsg struct{ Gateways []client.Gateway }
