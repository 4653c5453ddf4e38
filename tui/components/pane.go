package components

import (
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
)

// Pane lets the navigation keys scroll a viewport (keymap.Nav.Scroll): a doc, a response, a
// snippet.
type Pane struct{ VP *viewport.Model }

// Move scrolls by rows, up when negative.
func (p Pane) Move(rows int) {
	if rows < 0 {
		p.VP.ScrollUp(-rows)
	} else {
		p.VP.ScrollDown(rows)
	}
}

// PageUp, PageDown, Top and Bottom scroll by a page and to the ends.
func (p Pane) PageUp()   { p.VP.PageUp() }
func (p Pane) PageDown() { p.VP.PageDown() }
func (p Pane) Top()      { p.VP.GotoTop() }
func (p Pane) Bottom()   { p.VP.GotoBottom() }

// Wheel scrolls three rows a notch of the mouse wheel, as lists do.
func (p Pane) Wheel(msg tea.MouseMsg) {
	switch msg.Button {
	case tea.MouseButtonWheelDown:
		p.Move(3)
	case tea.MouseButtonWheelUp:
		p.Move(-3)
	}
}
