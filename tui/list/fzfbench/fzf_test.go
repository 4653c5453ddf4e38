// Package fzfbench compares the console's list filter with fzf's matcher on the same rows and
// queries. It is a module of its own so that fzf never enters bkconsole's build graph: run it
// with `cd tui/list/fzfbench && go test -bench . -benchmem` (docs/performance.md).
package fzfbench

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/junegunn/fzf/src/algo"
	"github.com/junegunn/fzf/src/util"
)

// The same rows as tui/list's benchmarks: method, path, name, description.
func targets(n int) []string {
	nouns := []string{"order", "invoice", "host", "cluster", "bucket", "job", "alert", "ticket", "user", "project", "secret", "node"}
	verbs := []string{"get", "create", "update", "patch", "delete"}
	t := make([]string, n)
	for i := range t {
		noun, verb := nouns[(i/5)%len(nouns)], verbs[i%5]
		t[i] = fmt.Sprintf("/v%d/%ss/%05d/{%s_id}/", 1+i%3, noun, i, noun) + " " + fmt.Sprintf("%s_%s_%05d", verb, noun, i) + " " +
			fmt.Sprintf("%s %s number %d of the benchmark gateway", strings.ToUpper(verb[:1])+verb[1:], noun, i)
	}
	return t
}

var queries = []string{"user", "delete_host", "v2/order", "ticket 42"}

// BenchmarkFzfLoop runs fzf's matcher over every row, on the same rows and queries.
func BenchmarkFzfLoop(b *testing.B) {
	t := targets(50000)
	chars := make([]util.Chars, len(t))
	for i, s := range t {
		chars[i] = util.ToChars([]byte(s))
	}
	slab := util.MakeSlab(100*1024, 2048)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := []rune(queries[i%len(queries)])
		k := 1 + i%(len(q)-1)
		pat := q[:k+1]
		for j := range chars {
			algo.FuzzyMatchV2(false, false, true, &chars[j], pat, true, slab)
		}
	}
}

// BenchmarkListFilter is the console's list on the same rows, for the side-by-side number.
func BenchmarkListFilter(b *testing.B) {
	t := targets(50000)
	rows := make([]list.Row, len(t))
	for i, s := range t {
		rows[i] = list.Row{Key: fmt.Sprint(i), Cells: []string{s}}
	}
	m := list.New([]list.Column{{Title: "T", Filtered: true}}, []int{0}, list.Styles{})
	m.SetRows(rows)
	m.SetSize(120, 40)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := queries[i%len(queries)]
		k := 1 + i%(len(q)-1)
		b.StopTimer()
		m.SetFilter("\x00")
		b.StartTimer()
		m.SetFilter(q[:k+1])
	}
}
