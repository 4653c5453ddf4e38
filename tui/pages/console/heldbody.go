package console

import (
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/tui/common"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// A body larger than the field can keep answering is held as given: bubbles' textarea redraws
// and joins every line on each key (measured: 64 KiB took 31 ms a key, 1 MiB 440 ms, a 7 MB
// body from $EDITOR froze the console for seconds) and keeps at most 10,000 lines, cutting the
// rest without a word. A held body is sent, saved and copied into snippets whole (the history
// keeps its size only past history.MaxBody); $EDITOR edits it again and the clear key drops it,
// but it is not typed into.
const (
	maxTypedBytes = 32 << 10
	maxTypedLines = 2000
)

// heldTooLarge tells whether a body is held rather than put in the field.
func heldTooLarge(v string) bool {
	return len(v) > maxTypedBytes || strings.Count(v, "\n") >= maxTypedLines
}

// bodyText is the body as it will be sent: the one held, else the field's.
func (s *requestEditor) bodyText() string {
	if s.held != nil {
		return *s.held
	}
	return s.body.Value()
}

// setBody puts v in the body field, or holds it when the field could not keep it answering or
// could not keep its bytes (a file's, reopened from the history: a NUL, bytes not UTF-8).
func (s *requestEditor) setBody(v string) {
	if heldTooLarge(v) || client.IsBinary([]byte(v)) {
		s.held = &v
		s.body.Reset()
		return
	}
	s.held = nil
	s.body.SetValue(v)
}

// clearBody empties the body, held or typed.
func (s *requestEditor) clearBody() {
	s.held = nil
	s.body.Reset()
}

// bodyView is the body field: the textarea, or what the held body is and which keys act on it.
func (s *requestEditor) bodyView(c *common.Context) string {
	if s.held == nil {
		return s.body.View()
	}
	// Its first line's start: a body of one 7 MB line is not measured whole on every frame.
	first, _, _ := strings.Cut((*s.held)[:min(len(*s.held), 1024)], "\n")
	first = strings.ToValidUTF8(first, "")
	lines := c.T("console.one_line")
	if n := strings.Count(strings.TrimSuffix(*s.held, "\n"), "\n") + 1; n > 1 {
		lines = c.T("console.lines", n)
	}
	said := c.T("console.body_held", i18n.Size(len(*s.held)), lines, s.edit.Editor.Help().Key, s.edit.Clear.Help().Key)
	if client.IsBinary([]byte((*s.held)[:min(len(*s.held), 8000)])) { // held for its bytes, not its size (its start alone: not copied whole each frame)
		said = c.T("console.body_held_binary", i18n.Size(len(*s.held)), s.edit.Editor.Help().Key, s.edit.Clear.Help().Key)
	}
	return s.theme.Subtle.Render(common.Wrap(said, max(20, s.body.Width()))) + "\n" + ansi.Truncate(untrusted.Line(first), max(20, s.body.Width()), "…")
}

// bodyKey takes a key typed into the body field: a held body says how it is edited; a paste
// that makes the body too large to type into is held with the rest.
func (s *requestEditor) bodyKey(msg tea.KeyMsg) tea.Cmd {
	if s.held != nil {
		return common.Notify(s.tr("console.body_held_keys", s.edit.Editor.Help().Key, s.edit.Clear.Help().Key), false)
	}
	if msg.Paste && heldTooLarge(s.body.Value()+string(msg.Runes)) {
		// Held whole, after what was typed (the field would cut it, and stall on it).
		s.setBody(s.body.Value() + string(msg.Runes))
		return nil
	}
	var cmd tea.Cmd
	s.body, cmd = s.body.Update(msg)
	return cmd
}
