package list

import (
	"sort"

	"github.com/charmbracelet/x/ansi"
)

// leaveOut marks the Leftover columns the others' natural widths leave too little room.
func (m *Model) leaveOut(natural []int) {
	m.leftOut = make([]bool, len(m.cols))
	for i, c := range m.cols {
		if !c.Leftover || !m.shown(i) {
			continue
		}
		room, count := m.width-3, 0 // marker (2), scrollbar (1)
		for j, o := range m.cols {
			if !m.shown(j) {
				continue
			}
			count++
			if j != i {
				room -= natural[j]
				if o.Width > 0 {
					room += natural[j] - min(natural[j], o.Width)
				}
			}
		}
		if room-(count-1) < c.MinWidth {
			m.leftOut[i] = true
		}
	}
}

// widths lays the columns out at the table's width: floors, then natural widths by priority,
// then what is left to the last flexible column (see the passes beyond the caps).
func (m *Model) widths() []int {
	n := len(m.cols)
	w := make([]int, n)
	natural := make([]int, n)
	for i, c := range m.cols {
		natural[i] = ansi.StringWidth(c.Title)
		if i < len(m.natural) {
			natural[i] = max(natural[i], m.natural[i])
		}
	}
	m.leaveOut(natural)
	hidden := 0
	for i := range m.cols {
		if !m.shown(i) {
			hidden++
		}
	}
	avail := m.width - 3 - (n - hidden - 1) // marker (2), scrollbar (1), one space between columns
	// Floors: short important columns (method, status) whole, every other one a few cells.
	used := 0
	for i, c := range m.cols {
		if !m.shown(i) {
			natural[i] = 0 // a hidden column takes nothing and is given nothing
			continue
		}
		if c.Width > 0 && c.Priority > 0 {
			w[i] = min(natural[i], c.Width)
		} else {
			w[i] = min(natural[i], 3)
		}
		used += w[i]
	}
	order := make([]int, n) // by priority, best first; ties keep the column order
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return m.cols[order[a]].Priority > m.cols[order[b]].Priority })
	grow := func(i, target int) {
		if g := min(target-w[i], avail-used); g > 0 {
			w[i] += g
			used += g
		}
	}
	// Most important first: natural widths within the caps (a flexible column its MinWidth,
	// so one column's long text does not leave another a stub), then beyond them.
	for _, i := range order {
		target := natural[i]
		if c := m.cols[i]; c.Width > 0 {
			target = min(target, c.Width)
		} else {
			target = min(c.MinWidth, natural[i])
		}
		grow(i, target)
	}
	m.growBeyondCaps(order, natural, grow)
	// Too narrow even for the floors: the least important give way.
	for k := n - 1; k >= 0 && used > avail; k-- {
		i := order[k]
		if w[i] <= 1 {
			continue // hidden, or already down to one cell
		}
		cut := min(w[i]-1, used-avail)
		w[i] -= cut
		used -= cut
	}
	// What is still free goes to the last flexible column, so the table spans the width.
	if used < avail {
		for i := n - 1; i >= 0; i-- {
			if m.cols[i].Width == 0 && m.shown(i) {
				w[i] += avail - used
				break
			}
		}
	}
	return w
}

// growBeyondCaps grows the columns past their caps, by priority: a capped column to twice its
// cap and a flexible one to its natural width, and only then any further (one server's
// 3,000-character name had taken every cell the description could have had, in every row).
func (m *Model) growBeyondCaps(order, natural []int, grow func(i, target int)) {
	for _, i := range order {
		if c := m.cols[i]; c.Width > 0 {
			grow(i, min(natural[i], 2*c.Width))
		} else {
			grow(i, natural[i])
		}
	}
	for _, i := range order {
		grow(i, natural[i])
	}
}
