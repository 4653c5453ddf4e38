package tui

import (
	"errors"

	"github.com/bkconsole/bkconsole/tui/common"

	"github.com/bkconsole/bkconsole/tui/styles"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// Run starts the full-screen program and blocks until the user quits. Bubble Tea restores the
// terminal on exit and on a panic.
func Run(c *common.Context, opts ...tea.ProgramOption) error {
	styles.ApplyNoColor()
	if styles.Colourless() {
		c.Theme.WithoutColour()
	}
	common.LimitMemory()
	// Ask the terminal for its background once, before Bubble Tea reads the keyboard: asked
	// later (by an adaptive colour in View), the query would swallow the user's keys.
	lipgloss.HasDarkBackground()
	m := New(c)
	// 120 frames a second, Bubble Tea's most: a frame reaches the terminal at the next tick of
	// the renderer, so the first frame and every key's answer wait at most 8 ms, not 17.
	opts = append([]tea.ProgramOption{tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithFPS(120)}, opts...)
	prog := tea.NewProgram(m, opts...)
	m.quitProgram = func() { go prog.Quit() } // from the renderer: never block the event loop
	_, err := prog.Run()
	if m.crash != nil {
		return m.crash
	}
	if errors.Is(err, tea.ErrProgramPanic) {
		// A command panicked: Bubble Tea restored the terminal and printed its stack.
		return &CrashError{Value: err, Screens: nil}
	}
	return err
}
