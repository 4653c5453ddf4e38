package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/lipgloss/table"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/term"
)

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// printTable writes aligned columns; widths are measured in cells so Chinese lines up. Every
// cell may hold server text: it is made one safe line here.
func printTable(w io.Writer, headers []string, rows [][]string) {
	for _, r := range rows {
		for i := range r {
			r[i] = untrusted.Line(r[i])
		}
	}
	t := table.New().
		Border(lipgloss.HiddenBorder()).
		BorderTop(false).BorderBottom(false).BorderLeft(false).BorderRight(false).
		BorderColumn(false).BorderHeader(false).
		StyleFunc(func(row, col int) lipgloss.Style { return lipgloss.NewStyle().PaddingRight(2) }).
		Headers(headers...).
		Rows(rows...)
	out := t.String()
	var b strings.Builder
	for _, line := range strings.Split(out, "\n") {
		b.WriteString(strings.TrimRight(line, " "))
		b.WriteByte('\n')
	}
	fmt.Fprint(w, b.String())
}

// isTerminal tells whether w is a terminal (rendered output) or a pipe (raw output).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func termWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if wd, _, err := term.GetSize(int(f.Fd())); err == nil && wd > 0 {
			return wd
		}
	}
	return 100
}

// truncate cuts server text to n cells, in one pass over it (a 100,000-character description
// costs no more than a short one).
func truncate(s string, n int) string {
	return ansi.Truncate(untrusted.Line(s), n, "…")
}
