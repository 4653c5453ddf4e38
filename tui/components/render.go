package components

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/bkconsole/bkconsole/tui/components/markdown"
	"github.com/bkconsole/bkconsole/tui/styles"
	tea "github.com/charmbracelet/bubbletea"
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

// RenderMarkdown lays out a doc in the user's theme in a command: a long doc takes
// milliseconds, and Update must not wait for it.
func RenderMarkdown(content string, width int, th *styles.Theme) tea.Cmd {
	key := RenderKey(content, width)
	return func() tea.Msg {
		// A blank line under the page's header and a margin of two columns, as the doc has always
		// been shown.
		out := markdown.Render(content, max(8, width-2), th)
		return RenderedMsg{key, "\n" + indent(out, "  ")}
	}
}

func indent(s, by string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = by + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}
