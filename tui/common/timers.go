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

// FollowWhile asks for msg again after FollowEvery while anything in a list waits for a
// decision: every list of permissions follows its pending applications the same way.
func FollowWhile(waiting bool, msg tea.Msg) tea.Cmd {
	if !waiting {
		return nil
	}
	return After(FollowEvery, func(time.Time) tea.Msg { return msg })
}
