package tui

import (
	"os"

	"github.com/atotto/clipboard"
	"github.com/aymanbagabas/go-osc52/v2"
	"github.com/bkconsole/bkconsole/client/snippet"
	tea "github.com/charmbracelet/bubbletea"
)

var snippetModes = []snippet.Mode{snippet.Masked, snippet.Env, snippet.Inline}

// copyCmd puts text on the clipboard by every way there is, and reports which worked: OSC 52
// reaches the user's own terminal (over SSH too) only if the terminal lets it (tmux needs
// set-clipboard on), which no program can see; the system clipboard answers for itself.
func copyCmd(text, what string) tea.Cmd {
	return func() tea.Msg {
		m := copiedMsg{what: what}
		if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
			_, err1 := osc52.New(text).WriteTo(tty)
			if os.Getenv("TMUX") != "" {
				// Plain for tmux itself, wrapped for passthrough to the outer terminal.
				_, _ = osc52.New(text).Tmux().WriteTo(tty)
			}
			m.osc52 = err1 == nil
			tty.Close()
		}
		m.system = clipboard.WriteAll(text) == nil
		return m
	}
}

type copiedMsg struct {
	what          string
	osc52, system bool
}
