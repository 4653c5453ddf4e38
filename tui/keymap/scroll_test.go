package keymap

import (
	"testing"

	"github.com/charmbracelet/bubbles/key"

	"github.com/bkconsole/bkconsole/client/i18n"
)

// moves records what the navigation keys asked of it.
type moves []string

func (m *moves) Move(rows int) {
	if rows < 0 {
		*m = append(*m, "up")
	} else {
		*m = append(*m, "down")
	}
}
func (m *moves) PageUp()   { *m = append(*m, "pageup") }
func (m *moves) PageDown() { *m = append(*m, "pagedown") }
func (m *moves) Top()      { *m = append(*m, "top") }
func (m *moves) Bottom()   { *m = append(*m, "bottom") }

type keyName string

func (k keyName) String() string { return string(k) }

// Every pane and list moves through Scroll, so a rebound navigation key moves them all, the old
// key no longer does, and a key that is not a move is left to the caller.
func TestScrollFollowsTheBindings(t *testing.T) {
	n := New(i18n.English, map[string][]string{"down": {"n"}, "bottom": {"ctrl+e"}}).Nav()
	var got moves
	for _, k := range []string{"n", "j", "k", "pgup", "ctrl+f", "g", "ctrl+e", "G", "enter"} {
		if n.Scroll(keyName(k), &got) != key.Matches(keyName(k), n.Up, n.Down, n.PageUp, n.PageDown, n.Top, n.Bottom) {
			t.Errorf("%q: Scroll's answer disagrees with the bindings", k)
		}
	}
	want := []string{"down", "up", "pageup", "pagedown", "top", "bottom"}
	if len(got) != len(want) {
		t.Fatalf("moves %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("move %d: %s, want %s", i, got[i], want[i])
		}
	}
}
