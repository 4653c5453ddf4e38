package components

import (
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/tui/styles"
	"github.com/charmbracelet/x/ansi"
)

// A doc's tables take their natural width instead of being stretched across the screen, and a
// pipe inside a code block is not a table.
func TestDocTablesTakeTheirNaturalWidth(t *testing.T) {
	md := "# t\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nx | y\n--|--\n```\n"
	cut, tables := cutTables(md)
	if len(tables) != 1 || !strings.Contains(cut, "x | y") {
		t.Fatalf("%d tables:\n%s", len(tables), cut)
	}
	out := pasteTables("  "+tablePlaceholder(0), tables, 100, styles.Default())
	for _, l := range strings.Split(out, "\n") {
		if w := ansi.StringWidth(l); w > 12 {
			t.Fatalf("a two-column table of one-character cells is %d cells wide:\n%s", w, out)
		}
	}
	wide := mdTable{header: []string{"name", "description"}, rows: [][]string{{"x", strings.Repeat("long words ", 30)}}}
	for _, l := range strings.Split(renderTable(wide, 60, styles.Default()), "\n") {
		if w := ansi.StringWidth(l); w > 60 {
			t.Fatalf("a wide table wraps at the width: %d", w)
		}
	}
}
