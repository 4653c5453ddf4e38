package common

import (
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
)

// Clock is a session's time: the now, the timers and the spinners' ticks, all through the
// context (Context.Clock), so a test gives its context a clock that holds time still and fires
// the timers when the test moves it, without touching what another test uses.
type Clock struct {
	Now   func() time.Time
	After func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
	Spin  func(spinner.Model) tea.Cmd
	// Cursor is how text cursors show: blinking (on a timer of their own), or still.
	Cursor cursor.Mode
}

// RealClock is the machine's time and Bubble Tea's timers.
func RealClock() Clock {
	return Clock{Now: time.Now, After: tea.Tick, Spin: func(m spinner.Model) tea.Cmd { return m.Tick }, Cursor: cursor.CursorBlink}
}

// NewClock is the clock NewContext gives a context (the real one; a test binary may give
// another before its tests start).
var NewClock = RealClock

// FollowEvery is how often a waiting application is looked at again.
const FollowEvery = 3 * time.Second

// FollowWhile asks for msg again after FollowEvery while anything in a list waits for a
// decision: every list of permissions follows its pending applications the same way.
func (c *Context) FollowWhile(waiting bool, msg tea.Msg) tea.Cmd {
	if !waiting {
		return nil
	}
	return c.Clock.After(FollowEvery, func(time.Time) tea.Msg { return msg })
}

// StaleRead keeps a page through a read again that failed (r, or following a waiting
// application): what was read before stays on screen, the failure is told once until a read
// succeeds, and the following goes on, as the records' watcher does. Only a page's first
// read, with nothing to show, fails as the page's error.
type StaleRead struct{ err error }

// Failed takes a read again that failed; it tells the user the first time.
func (r *StaleRead) Failed(c *Context, err error) tea.Cmd {
	first := r.err == nil
	r.err = err
	if !first {
		return nil
	}
	return Notify(c.T("tui.read_again_failed", ErrorLine(c, err)), true)
}

// Succeeded forgets a failure: the page shows a fresh read.
func (r *StaleRead) Succeeded() { r.err = nil }
