package mcp

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// scrolled wraps the page's text and shows the rows from the offset on. Long lines (a URL, a
// header) wrap rather than lose their ends: ↑/↓ scroll.
func (s *MCPServerScreen) scrolled(text string) string {
	lines := wrapLines(text, max(20, s.Width))
	if mark := s.reveal; mark != "" {
		s.reveal = ""
		for i, l := range lines {
			if strings.Contains(ansi.Strip(l), mark) {
				s.offset = revealOffset(s.offset, i, s.revealRows, s.Height)
				break
			}
		}
	}
	if s.offset > len(lines)-1 {
		s.offset = max(0, len(lines)-1)
	}
	lines = lines[s.offset:]
	if s.Height > 0 && len(lines) > s.Height {
		lines = lines[:s.Height]
	}
	return strings.Join(lines, "\n")
}

// revealOffset is the least scroll from offset that shows the line at i and the rows after
// it in a page of height rows, two lines above it for context at most; what is already in
// view does not move the page.
func revealOffset(offset, i, after, height int) int {
	if height <= 0 {
		return offset
	}
	if i < offset {
		return max(0, i-2)
	}
	return max(offset, min(i-2, i+after-height))
}

// wrapLines wraps prose at spaces, so a description does not break mid-word, and a line with
// a URL at the width: the URL then runs on from where it starts, whole, to be copied.
func wrapLines(text string, width int) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, "://") {
			l = ansi.Hardwrap(l, width, true)
		} else {
			l = ansi.Wrap(l, width, "")
		}
		out = append(out, strings.Split(l, "\n")...)
	}
	return out
}
