package tui

import (
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"
)

// footerLine is the short help: the screen's keys, most important first, as many as fit, and
// always the way to the rest ("? help") and out ("q quit") at the end.
func footerLine(c *common.Context, keys []key.Binding, tail []key.Binding, width int) string {
	t := c.Theme
	sep := t.Footer.Render(" • ")
	item := func(b key.Binding) string {
		return t.Prompt.Render(b.Help().Key) + " " + t.Footer.Render(b.Help().Desc)
	}
	var tailParts []string
	for _, b := range tail {
		tailParts = append(tailParts, item(b))
	}
	tailText := strings.Join(tailParts, sep)
	room := width - ansi.StringWidth(tailText)
	var parts []string
	used := 0
	for _, b := range keys {
		it := item(b)
		w := ansi.StringWidth(it) + ansi.StringWidth(sep)
		if used+w > room {
			continue // a longer one may not fit where a shorter one after it does
		}
		parts = append(parts, it)
		used += w
	}
	line := strings.Join(append(parts, tailText), sep)
	if len(parts) == 0 {
		line = tailText
	}
	return ansi.Truncate(line, width, "…")
}

// helpLines lays every key of the screen and of the program out in columns that fit the
// width; nothing is dropped (a narrow terminal gets more rows, and the help scrolls).
func helpLines(c *common.Context, groups [][]key.Binding, width int) []string {
	t := c.Theme
	seen := map[string]bool{}
	var all []key.Binding
	for _, g := range groups {
		for _, b := range g {
			k := b.Help().Key
			if !b.Enabled() || k == "" || seen[k+"\x00"+b.Help().Desc] {
				continue
			}
			seen[k+"\x00"+b.Help().Desc] = true
			all = append(all, b)
		}
	}
	keyW, descW := 0, 0
	for _, b := range all {
		keyW = max(keyW, ansi.StringWidth(b.Help().Key))
		descW = max(descW, ansi.StringWidth(b.Help().Desc))
	}
	colW := keyW + 2 + descW + 3
	cols := max(1, width/colW)
	if cols == 1 {
		colW = width
	}
	rows := (len(all) + cols - 1) / cols
	lines := make([]string, rows)
	for i, b := range all {
		r := i % rows
		cell := t.Prompt.Render(common.Pad(b.Help().Key, keyW)) + "  " + t.Footer.Render(b.Help().Desc)
		if i/rows < cols-1 {
			cell = padCells(cell, colW)
		}
		lines[r] += cell
	}
	for i := range lines {
		lines[i] = ansi.Truncate(lines[i], width, "…")
	}
	return lines
}

func padCells(s string, w int) string {
	return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
}
