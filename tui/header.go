package tui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// headerPart is one segment of the header bar. On a narrow terminal the bar gives way in the
// order of keep, least first: the parts take their short forms, then leave; a part kept at
// keepAlways (the program's name, a TLS warning, a refused login, a failed connection) stays
// whatever the width, so what the user must know is never what is cut.
type headerPart struct {
	text, short string // rendered; short is "" where the part has no shorter form
	keep        int
}

const keepAlways = 100

// fitHeader joins the parts that fit width, in their order, with sep; the last resort for a
// bar of only kept parts is cutting it at the edge.
func fitHeader(parts []headerPart, sep string, width int) string {
	parts = slices.Clone(parts)
	gone := make([]bool, len(parts))
	join := func() string {
		var texts []string
		for i, p := range parts {
			if !gone[i] {
				texts = append(texts, p.text)
			}
		}
		return strings.Join(texts, sep)
	}
	fits := func() bool { return ansi.StringWidth(join()) <= width }
	order := make([]int, len(parts)) // least kept first; ties give way from the right
	for i := range order {
		order[i] = len(parts) - 1 - i
	}
	slices.SortStableFunc(order, func(a, b int) int { return parts[a].keep - parts[b].keep })
	// First the short forms, then leaving, of what may leave; last the short forms of what stays.
	for _, i := range order {
		if fits() {
			return join()
		}
		if parts[i].short != "" && parts[i].keep < keepAlways {
			parts[i].text = parts[i].short
		}
	}
	for _, i := range order {
		if fits() {
			return join()
		}
		if parts[i].keep < keepAlways {
			gone[i] = true
		}
	}
	for _, i := range order {
		if fits() {
			return join()
		}
		if parts[i].short != "" {
			parts[i].text = parts[i].short
		}
	}
	return ansi.Truncate(join(), width, "…")
}
