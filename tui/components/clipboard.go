package components

import (
	"os"

	"github.com/atotto/clipboard"
	"github.com/aymanbagabas/go-osc52/v2"
	"github.com/bkconsole/bkconsole/client/snippet"
	tea "github.com/charmbracelet/bubbletea"
)

// SnippetModes are the ways a snippet carries secrets, in the order m cycles them: masked,
// from the environment, inline.
var SnippetModes = []snippet.Mode{snippet.Masked, snippet.Env, snippet.Inline}

// CopyCmd puts text on the clipboard by every way there is, and reports which worked: OSC 52
// reaches the user's own terminal (over SSH too) only if the terminal lets it (tmux needs
// set-clipboard on), which no program can see; the system clipboard answers for itself.
func CopyCmd(text, what string) tea.Cmd {
	return func() tea.Msg {
		m := CopiedMsg{What: what}
		if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
			_, err1 := osc52.New(text).WriteTo(tty)
			if os.Getenv("TMUX") != "" {
				// Plain for tmux itself, wrapped for passthrough to the outer terminal.
				_, _ = osc52.New(text).Tmux().WriteTo(tty)
			}
			m.OSC52 = err1 == nil
			tty.Close()
		}
		m.System = clipboard.WriteAll(text) == nil
		return m
	}
}

type CopiedMsg struct {
	What          string
	OSC52, System bool
}
