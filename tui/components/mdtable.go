package components

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/bkconsole/bkconsole/tui/styles"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/lipgloss/table"
	"github.com/charmbracelet/x/ansi"
)

// Markdown tables are laid out here rather than by glamour, which stretches every table to
// the full width and splits it evenly (a two-character column got 95 cells): each column gets
// its natural width, and only a table wider than the screen wraps.

var tableDelimiter = regexp.MustCompile(`^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$`)

// mdTable is one table cut out of a document.
type mdTable struct {
	header []string
	rows   [][]string
}

// cutTables replaces each table of a markdown document by a placeholder paragraph and returns
// the tables in order.
func cutTables(md string) (string, []mdTable) {
	lines := strings.Split(md, "\n")
	var out []string
	var tables []mdTable
	inFence := false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			inFence = !inFence
		}
		if !inFence && strings.Contains(l, "|") && i+1 < len(lines) && tableDelimiter.MatchString(lines[i+1]) {
			t := mdTable{header: splitRow(l)}
			j := i + 2
			for ; j < len(lines) && strings.Contains(lines[j], "|") && strings.TrimSpace(lines[j]) != ""; j++ {
				t.rows = append(t.rows, splitRow(lines[j]))
			}
			out = append(out, "", tablePlaceholder(len(tables)), "")
			tables = append(tables, t)
			i = j - 1
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n"), tables
}

func tablePlaceholder(i int) string { return fmt.Sprintf("BKCTABLE%dX", i) }

var inlineMarks = strings.NewReplacer("**", "", "`", "", "<br>", " ", "<br/>", " ", `\|`, "|")

func splitRow(l string) []string {
	l = strings.TrimSpace(l)
	l = strings.TrimPrefix(l, "|")
	l = strings.TrimSuffix(l, "|")
	l = strings.ReplaceAll(l, `\|`, "\x00")
	cells := strings.Split(l, "|")
	for i, c := range cells {
		cells[i] = inlineMarks.Replace(strings.ReplaceAll(strings.TrimSpace(c), "\x00", "|"))
	}
	return cells
}

// pasteTables puts the tables back where glamour left their placeholders, at the placeholder's
// indentation, each at its natural width (wrapped only when wider than width).
func pasteTables(rendered string, tables []mdTable, width int, th *styles.Theme) string {
	if len(tables) == 0 {
		return rendered
	}
	lines := strings.Split(rendered, "\n")
	for i, l := range lines {
		plain := ansi.Strip(l)
		idx := strings.Index(plain, "BKCTABLE")
		if idx < 0 {
			continue
		}
		var n int
		if _, err := fmt.Sscanf(plain[idx:], "BKCTABLE%dX", &n); err != nil || n >= len(tables) {
			continue
		}
		indent := strings.Repeat(" ", idx)
		lines[i] = indent + strings.ReplaceAll(renderTable(tables[n], width-idx, th), "\n", "\n"+indent)
	}
	return strings.Join(lines, "\n")
}

func renderTable(t mdTable, width int, th *styles.Theme) string {
	cols := len(t.header)
	for _, r := range t.rows {
		cols = max(cols, len(r))
	}
	norm := func(r []string) []string {
		for len(r) < cols {
			r = append(r, "")
		}
		return r[:cols]
	}
	tb := table.New().Border(lipgloss.NormalBorder()).BorderStyle(th.Subtle).
		Headers(norm(t.header)...).
		StyleFunc(func(row, col int) lipgloss.Style {
			st := lipgloss.NewStyle().Padding(0, 1)
			if row == table.HeaderRow {
				return st.Inherit(th.Bold)
			}
			return st
		})
	for _, r := range t.rows {
		tb.Row(norm(r)...)
	}
	out := tb.String()
	if lipgloss.Width(out) > width && width > 10 {
		out = tb.Width(width).Wrap(true).String()
	}
	return out
}
