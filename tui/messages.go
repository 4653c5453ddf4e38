package tui

import (
	"github.com/bkconsole/bkconsole/client"
	tea "github.com/charmbracelet/bubbletea"
)

// pushMsg opens a screen on top of the stack.
type pushMsg struct{ screen Screen }

// popMsg goes back one screen.
type popMsg struct{}

// statusMsg shows a notice or an error on the status line; it fades.
type statusMsg struct {
	text  string
	isErr bool
}

// connMsg reports how the last load went, for the header's connection state.
type connMsg struct {
	via client.Surface
	err error
}

// langChangedMsg tells every screen to rebuild its language-dependent parts.
type langChangedMsg struct{}

// resizedMsg follows a window resize, so screens can re-render for the new width.
type resizedMsg struct{}

// profileChangedMsg tells the root that the active profile changed: it installs the backend
// and starts every screen anew, so nothing of the previous profile stays on screen.
type profileChangedMsg struct {
	backend Backend
	info    ProfileInfo
}

func push(s Screen) tea.Cmd { return func() tea.Msg { return pushMsg{s} } }
func pop() tea.Msg          { return popMsg{} }

func notify(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return statusMsg{text, isErr} }
}

func conn(via client.Surface, err error) tea.Cmd {
	return func() tea.Msg { return connMsg{via, err} }
}

// historyFailedMsg says the history could not be written; the root tells the user once.
type historyFailedMsg struct{ err error }

// shownAgainMsg tells a screen it is on top again after the one above it closed.
type shownAgainMsg struct{}

// jumpMsg replaces every screen above the first with the pages at these addresses (the
// palette's jumps).
type jumpMsg struct{ to []pageAddress }

// watchRecordsMsg asks the root to poll the records (reset: start over with a short delay).
type watchRecordsMsg struct {
	reset  bool
	record int // a record just applied for: announce it even if decided before the first poll
}

// recordsUpdatedMsg tells screens the records changed (decided ones listed).
type recordsUpdatedMsg struct{ decided []client.Record }
