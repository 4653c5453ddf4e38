package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// ctrl+z suspends the console as every terminal program does, from a text field and from a
// list alike (raw mode swallowed it, and the shell's fg was then typed into the console).
func TestCtrlZSuspends(t *testing.T) {
	t.Parallel()
	h, _ := openConsole(t) // the request editor: a text field has the keys
	suspends := func(where string) {
		_, cmd := h.m.Update(tea.KeyMsg{Type: tea.KeyCtrlZ})
		if cmd == nil {
			t.Fatalf("%s: ctrl+z did nothing", where)
		}
		if msg := cmd(); msg != tea.Suspend() {
			t.Fatalf("%s: ctrl+z gave %T", where, msg)
		}
	}
	suspends("a text field")
	mustContain(t, h.view(), "Call echo_item") // the screen stays as it was for fg
	h.keys("esc", "esc", "esc")
	mustContain(t, h.view(), "Gateways")
	suspends("the gateways")
}
