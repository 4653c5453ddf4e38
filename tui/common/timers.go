package common

import (
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
)

// After is tea.Tick through one door, so tests can hold time still and fire the timers when
// they move their clock (no test depends on the machine's speed or waits for real).
var After = tea.Tick

// Spin starts a spinner's animation; tests keep spinners still.
var Spin = func(m spinner.Model) tea.Cmd { return m.Tick }

// FollowEvery is how often a waiting application is looked at again.
const FollowEvery = 3 * time.Second
