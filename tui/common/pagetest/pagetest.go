// Package pagetest drives one page in its own package's tests: a context whose time stands
// still, and the page's commands run until they settle, each result delivered to the page that
// asked for it. A page's test fakes only what the page asks of the backend: embed
// common.Backend and write those methods (any other call panics, which is the point).
package pagetest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// Context is a context on b, in lang, whose spinners stand still and whose timers never fall
// due (a page's follow-up loads are its own tests' business, not a wait).
func Context(b common.Backend, lang i18n.Lang) *common.Context {
	c := common.NewContext(b, common.ProfileInfo{Name: "test", AppCode: "my-app", Stages: []string{"prod", "test"}}, lang)
	c.Clock = common.Clock{
		Now:   func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) },
		After: func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil },
		Spin:  func(spinner.Model) tea.Cmd { return nil },
		// No blinking: a focused field's commands settle.
		Cursor: cursor.CursorStatic,
	}
	c.Width, c.Height = 100, 30
	return c
}

// Run delivers cmd's results to s until nothing is left, and returns what s sent the root
// (status lines, pages to open): a reply to s goes to s, a batch is opened, anything else is
// the root's. A reply to another page fails the test: s asked for it, so it is s's.
func Run(t testing.TB, s common.Screen, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	var root []tea.Msg
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 1000 {
			t.Fatal("the page's commands never settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch m := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, m...)
		case common.Reply:
			if m.To != s.ID() {
				t.Fatalf("a reply to page %d reached page %d: %s", m.To, s.ID(), fmt.Sprintf("%T", m.Msg))
			}
			_, next := s.Update(m.Msg)
			queue = append(queue, next)
		default:
			root = append(root, m)
		}
	}
	return root
}

// Press sends s the key named k (Key), runs what it asks, and returns the address of the page
// it asked the router to open (common.OpenPage), if any.
func Press(t testing.TB, s common.Screen, k string) any {
	t.Helper()
	_, cmd := s.Update(Key(k))
	for _, m := range Run(t, s, cmd) {
		if o, ok := m.(common.OpenPageMsg); ok {
			return o.To
		}
	}
	return nil
}

// Start sizes s and runs its Init.
func Start(t testing.TB, s common.Screen, w, h int) []tea.Msg {
	t.Helper()
	s.SetSize(w, h)
	return Run(t, s, s.Init())
}

// Key is the key message a key's name stands for, as Bubble Tea names keys: a name with a
// "+" ("ctrl+s", "shift+tab"), one of the keys tests press by name (enter, esc, tab, the
// arrows, pgup, pgdown, backspace) or " "; any other text is typed, as runes ("delete" is a
// word typed into a filter, not the delete key).
func Key(name string) tea.KeyMsg {
	switch {
	case name == " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	case strings.HasPrefix(name, "alt+") && len([]rune(name)) == 5: // alt and a letter
		return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(name[4:]), Alt: true}
	case strings.Contains(name, "+") && len(name) > 1, slices.Contains(pressed, name), isFunctionKey(name):
		for t := tea.KeyType(-128); t < 128; t++ { // Bubble Tea's key types and their names
			if t != tea.KeyRunes && (tea.KeyMsg{Type: t}).String() == name {
				return tea.KeyMsg{Type: t}
			}
		}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(name)}
}

// isFunctionKey is f1 to f20, pressed rather than typed as two letters.
func isFunctionKey(name string) bool {
	n, err := strconv.Atoi(strings.TrimPrefix(name, "f"))
	return strings.HasPrefix(name, "f") && err == nil && n >= 1 && n <= 20
}

// pressed are the keys without a "+" that Key presses rather than types.
var pressed = []string{"enter", "esc", "tab", "up", "down", "left", "right", "pgup", "pgdown", "backspace"}

// Stubs are the cells of view cut to one or two characters and an ellipsis ("De…", "GA…", a
// lone "…"): columns a narrow page should have left out rather than drawn. A test wants none.
func Stubs(view string) []string {
	var out []string
	for _, line := range strings.Split(ansi.Strip(view), "\n") {
		for _, f := range strings.Fields(line) {
			if r := []rune(f); r[len(r)-1] == '…' && len(r) <= 3 {
				out = append(out, f)
			}
		}
	}
	return out
}
