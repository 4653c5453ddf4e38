package components

import (
	"strings"

	"github.com/bkconsole/bkconsole/tui/styles"
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
)

// CursorMode is the text cursor's; tests keep it still, as they keep spinners still.
var CursorMode = cursor.CursorBlink

// NewTextInput is a text input with the console's cursor.
func NewTextInput() textinput.Model {
	in := textinput.New()
	in.Cursor.SetMode(CursorMode)
	return in
}

// NewTextArea is a text area with the console's cursor.
func NewTextArea() textarea.Model {
	ta := textarea.New()
	ta.Cursor.SetMode(CursorMode)
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
