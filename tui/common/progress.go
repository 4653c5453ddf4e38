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
