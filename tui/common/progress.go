package common

import (
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
)

// Progress is long work shown as it goes: a moving spinner and the time it has taken, so a
// slow API, an application being submitted or a trace being waited for never looks frozen.
type Progress struct {
	spinner spinner.Model
	c       *Context
	start   time.Time
	active  bool
}

func NewProgress(c *Context) Progress {
	return Progress{spinner: spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(c.Theme.Prompt)), c: c}
}

// Start begins showing progress; its command keeps the spinner moving.
func (p *Progress) Start() tea.Cmd {
	p.active, p.start = true, p.c.Clock.Now()
	return p.c.Clock.Spin(p.spinner)
}

// Stop ends it.
func (p *Progress) Stop() { p.active = false }

// Update moves the spinner while the work lasts.
func (p *Progress) Update(msg tea.Msg) tea.Cmd {
	t, ok := msg.(spinner.TickMsg)
	if !ok || !p.active || t.ID != p.spinner.ID() {
		return nil
	}
	var cmd tea.Cmd
	p.spinner, cmd = p.spinner.Update(msg)
	return cmd
}

// View is "⠋ text 1.4s".
func (p *Progress) View(text string) string {
	if !p.active {
		return ""
	}
	return fmt.Sprintf("%s %s %.1fs", p.spinner.View(), text, p.c.Clock.Now().Sub(p.start).Seconds())
}

// More is a message after which a job has more to say (a piece of a streamed answer, the login
// page's address before the login's outcome): ReadOn keeps the channel to read the rest from,
// so the page reads on (Next) once it has drawn this one.
type More interface {
	ReadOn(<-chan tea.Msg) tea.Msg
}

// Next reads a job's next message from ch as a command; nothing once ch is closed.
func Next(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		m, ok := <-ch
		if !ok {
			return nil
		}
		if more, ok := m.(More); ok {
			return more.ReadOn(ch)
		}
		return m
	}
}
