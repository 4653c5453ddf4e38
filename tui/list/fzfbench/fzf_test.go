// Package fzfbench compares the console's list filter with fzf's matcher on the same rows and
// queries. It is a module of its own so that fzf never enters bkconsole's build graph: run it
// with `cd tui/list/fzfbench && go test -bench . -benchmem` (docs/performance.md).
package fzfbench

import (
	"fmt"
	"testing"

	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/bkconsole/bkconsole/tui/list/listbench"
	"github.com/junegunn/fzf/src/algo"
	"github.com/junegunn/fzf/src/util"
)

// BenchmarkFzfLoop runs fzf's matcher over every row, on the same rows and queries.
func BenchmarkFzfLoop(b *testing.B) {
	t := listbench.Targets(50000)
	chars := make([]util.Chars, len(t))
	for i, s := range t {
		chars[i] = util.ToChars([]byte(s))
	}
	slab := util.MakeSlab(100*1024, 2048)
	listbench.Keystrokes(b, nil, func(q string) {
		pat := []rune(q)
		for j := range chars {
			algo.FuzzyMatchV2(false, false, true, &chars[j], pat, true, slab)
		}
	})
}

// BenchmarkListFilter is the console's list on the same rows, for the side-by-side number.
func BenchmarkListFilter(b *testing.B) {
	t := listbench.Targets(50000)
	rows := make([]list.Row, len(t))
	for i, s := range t {
		rows[i] = list.Row{Key: fmt.Sprint(i), Cells: []string{s}}
	}
	m := list.New([]list.Column{{Title: "T", Filtered: true}}, []int{0}, list.Styles{})
	m.SetRows(rows)
	m.SetSize(120, 40)
	listbench.Keystrokes(b, func(string) { m.SetFilter("\x00") }, m.SetFilter)
}
