package keymap

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
)

// Scroller is what the navigation keys move: a list's cursor or a pane of text.
type Scroller interface {
	Move(rows int)
	PageUp()
	PageDown()
	Top()
	Bottom()
}

// Scroll moves s as msg asks when msg is one of the moving keys (up, down, a page, the ends),
// and says whether it was; Open, Filter and the tab keys are the caller's to handle.
func (n Nav) Scroll(msg fmt.Stringer, s Scroller) bool {
	switch {
	case key.Matches(msg, n.Up):
		s.Move(-1)
	case key.Matches(msg, n.Down):
		s.Move(1)
	case key.Matches(msg, n.PageUp):
		s.PageUp()
	case key.Matches(msg, n.PageDown):
		s.PageDown()
	case key.Matches(msg, n.Top):
		s.Top()
	case key.Matches(msg, n.Bottom):
		s.Bottom()
	default:
		return false
	}
	return true
}
