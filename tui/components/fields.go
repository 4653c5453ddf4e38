package components

import (
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/styles"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
)

// NewTextInput is a text input with the session's cursor (c.Clock.Cursor: tests keep it
// still, as they keep spinners still).
func NewTextInput(c *common.Context) textinput.Model {
	in := textinput.New()
	in.Cursor.SetMode(c.Clock.Cursor)
	in.Cursor.Style = c.Theme.Cursor
	return in
}

// NewTextArea is a text area with the session's cursor.
func NewTextArea(c *common.Context) textarea.Model {
	ta := textarea.New()
	ta.Cursor.SetMode(c.Clock.Cursor)
	ta.Cursor.Style = c.Theme.Cursor
	// bubbles' default (99) refuses a 100th typed line (a chat prompt, an MCP tool's arguments,
	// a body); each page sets the height it draws. Not 0: the line numbers' width follows it.
	ta.MaxHeight = 999
	return ta
}

// TabBar is a row of tab names with the active one marked, as every page with tabs shows it.
func TabBar(t *styles.Theme, names []string, active int) string {
	tabs := make([]string, len(names))
	for i, name := range names {
		if i == active {
			tabs[i] = t.TabActive.Render(name)
		} else {
			tabs[i] = t.TabInactive.Render(name)
		}
	}
	return strings.Join(tabs, "  │  ")
}
