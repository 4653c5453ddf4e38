package common

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
var After = tea.Tick

// spin starts a spinner's animation; tests keep spinners still.
var Spin = func(m spinner.Model) tea.Cmd { return m.Tick }

// cursorMode is the text cursor's; tests keep it still, as they keep spinners still.
var CursorMode = cursor.CursorBlink

// newTextInput is a text input with the console's cursor.
func NewTextInput() textinput.Model {
	in := textinput.New()
	in.Cursor.SetMode(CursorMode)
	return in
}

// newTextArea is a text area with the console's cursor.
func NewTextArea() textarea.Model {
	ta := textarea.New()
	ta.Cursor.SetMode(CursorMode)
	return ta
}

// mcpFollowEvery is how often a waiting application is looked at again.
const FollowEvery = 3 * time.Second
