package components

import (
	"fmt"
	"hash/fnv"

	"github.com/bkconsole/bkconsole/tui/styles"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// RenderedMsg carries markdown rendered at a width.
type RenderedMsg struct {
	Key string
	Out string
}

// RenderKey names a rendering of content at a width, for the per-width cache.
func RenderKey(content string, width int) string {
	h := fnv.New64a()
	h.Write([]byte(content))
	return fmt.Sprintf("render/%x/%d", h.Sum64(), width)
}

// glamourStyle follows the terminal's background; NO_COLOR and pipes get the plain style.
func glamourStyle() glamour.TermRendererOption {
	if lipgloss.ColorProfile() == termenv.Ascii {
		return glamour.WithStandardStyle("notty")
	}
	if lipgloss.HasDarkBackground() {
		return glamour.WithStandardStyle("dark")
	}
	return glamour.WithStandardStyle("light")
}

// RenderMarkdown renders in a command: glamour takes milliseconds on a long doc, and Update
// must not wait for it.
func RenderMarkdown(content string, width int) tea.Cmd {
	key := RenderKey(content, width)
	style := glamourStyle()
	theme := styles.Default()
	return func() tea.Msg {
		r, err := glamour.NewTermRenderer(style, glamour.WithWordWrap(max(20, width-2)), glamour.WithEmoji())
		if err != nil {
			return RenderedMsg{key, content}
		}
		md, tables := cutTables(content)
		out, err := r.Render(md)
		if err != nil {
			return RenderedMsg{key, content}
		}
		return RenderedMsg{key, pasteTables(out, tables, width, theme)}
	}
}
