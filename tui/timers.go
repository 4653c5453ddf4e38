package tui

import (
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// after is tea.Tick through one door, so tests can hold time still and fire the timers when
// they move their clock (no test depends on the machine's speed or waits for real).
var after = tea.Tick

// spin starts a spinner's animation; tests keep spinners still.
var spin = func(m spinner.Model) tea.Cmd { return m.Tick }

// cursorMode is the text cursor's; tests keep it still, as they keep spinners still.
var cursorMode = cursor.CursorBlink

// newTextInput is a text input with the console's cursor.
func newTextInput() textinput.Model {
	in := textinput.New()
	in.Cursor.SetMode(cursorMode)
	return in
}

// newTextArea is a text area with the console's cursor.
func newTextArea() textarea.Model {
	ta := textarea.New()
	ta.Cursor.SetMode(cursorMode)
	return ta
}

// mcpFollowEvery is how often a waiting application is looked at again.
const mcpFollowEvery = 3 * time.Second
