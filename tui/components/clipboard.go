package components

import (
	"os"

	"github.com/atotto/clipboard"
	"github.com/aymanbagabas/go-osc52/v2"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/snippet"
	"github.com/bkconsole/bkconsole/tui/common"
	tea "github.com/charmbracelet/bubbletea"
)

// SnippetModes are the ways a snippet carries secrets, in the order m cycles them: masked,
// from the environment, inline.
var SnippetModes = []snippet.Mode{snippet.Masked, snippet.Env, snippet.Inline}

// MaxOSC52 is the most CopyCmd sends through the terminal: terminals cap what OSC 52 carries
// (about 100 KB in several), and megabytes of one escape sequence, written beside the
// console's own frames, can leave the screen garbled. Larger text goes to the system
// clipboard only.
const MaxOSC52 = 96 << 10

// CopyCmd puts text on the clipboard by every way there is and says on the status line which
// worked, in the UI language: OSC 52 reaches the user's own terminal (over SSH too) only if the
// terminal lets it (tmux needs set-clipboard on), which no program can see; the system
// clipboard answers for itself. The page that copies need not handle anything. orElse is what
// the page offers when the clipboard may not have it ("w saves it to a file"), if anything.
func CopyCmd(c *common.Context, text, what, orElse string) tea.Cmd {
	lang := c.Lang // read now: the command runs outside Update
	return func() tea.Msg {
		tooLarge := len(text) > MaxOSC52
		osc := !tooLarge && writeOSC52(text)
		system := clipboard.WriteAll(text) == nil
		switch {
		case system && osc:
			return common.StatusMsg{Text: i18n.T(lang, "console.copied_both", what)}
		case system:
			return common.StatusMsg{Text: i18n.T(lang, "console.copied_system", what)}
		case osc:
			return common.StatusMsg{Text: withHint(lang, i18n.T(lang, "console.copied_osc52", what), orElse)}
		case tooLarge:
			return common.StatusMsg{Text: withHint(lang, i18n.T(lang, "console.copy_too_large", what, i18n.Size(len(text))), orElse), IsErr: true}
		}
		return common.StatusMsg{Text: withHint(lang, i18n.T(lang, "console.copy_failed", what), orElse), IsErr: true}
	}
}

// writeOSC52 sends text to the terminal's clipboard; false when there is no terminal to write.
func writeOSC52(text string) bool {
	tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
	if err != nil {
		return false
	}
	defer tty.Close()
	_, err = osc52.New(text).WriteTo(tty)
	if os.Getenv("TMUX") != "" {
		// Plain for tmux itself, wrapped for passthrough to the outer terminal.
		_, _ = osc52.New(text).Tmux().WriteTo(tty)
	}
	return err == nil
}

func withHint(lang i18n.Lang, text, hint string) string {
	if hint == "" {
		return text
	}
	return i18n.Clauses(lang, text, hint)
}
