package tui

import (
	"runtime/debug"

	tea "github.com/charmbracelet/bubbletea"
)

// releaseMemory hands the garbage of decoding a large answer (tens of megabytes for 50,000
// APIs) back to the OS at once, instead of whenever the scavenger gets to it, so the resident
// size reflects what is kept.
func releaseMemory(items int) {
	if items >= 5000 {
		debug.FreeOSMemory()
	}
}

// freeAfter returns the memory a large rebuild left behind, in a command so Update does not wait.
func freeAfter(items int) tea.Cmd {
	if items < 5000 {
		return nil
	}
	return func() tea.Msg {
		debug.FreeOSMemory()
		return nil
	}
}
