package mcp

import (
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/charmbracelet/x/ansi"
)

// scrolled wraps the page's text and shows it in the page's pane. Long lines (a URL, a
// header) wrap rather than lose their ends; the navigation keys scroll.
func (s *MCPServerScreen) scrolled(text string) string {
	return s.pane.View(s.Ctx, strings.Join(wrapLines(text, max(20, s.Width)), "\n"), s.Width, s.Height)
}

// wrapLines wraps prose where Unicode allows (between words, between two Chinese characters),
// so a description does not break mid-word nor leave a ragged Chinese line, and a line with a
// URL at the width: the URL then runs on from where it starts, whole, to be copied.
func wrapLines(text string, width int) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, "://") {
			l = ansi.Hardwrap(l, width, true)
		} else {
			l = common.Wrap(l, width)
		}
		out = append(out, strings.Split(l, "\n")...)
	}
	return out
}
