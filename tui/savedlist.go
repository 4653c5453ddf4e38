package tui

import (
	"github.com/bkconsole/bkconsole/client/collection"
	tea "github.com/charmbracelet/bubbletea"
)

// savedReadMsg is the collection as read for the palette.
type savedReadMsg struct{ reqs []collection.Request }

// readSaved reads the collection in a command (unreadable files are the Saved page's to say).
func (m *Model) readSaved() tea.Cmd {
	if m.ctx.Collection == nil {
		return nil
	}
	store := *m.ctx.Collection
	return func() tea.Msg {
		reqs, _ := store.List("")
		return savedReadMsg{reqs}
	}
}
