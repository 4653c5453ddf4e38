package list

import (
	"fmt"
	"testing"

	"github.com/bkconsole/bkconsole/tui/list/listbench"
	bubblelist "github.com/charmbracelet/bubbles/list"
)

// apiRows are the benchmark gateway's rows (listbench.Rows) as the list's rows.
func apiRows(n int) []Row {
	rows := make([]Row, n)
	for i, r := range listbench.Rows(n) {
		rows[i] = Row{Key: fmt.Sprint(i), Cells: r[:]}
	}
	return rows
}

func newAPIList(n int) *Model {
	m := New([]Column{{Title: "M", Width: 7}, {Title: "P", Filtered: true}, {Title: "N", Filtered: true}, {Title: "D", Filtered: true}}, []int{1, 2, 3}, Styles{})
	m.SetRows(apiRows(n))
	m.SetSize(120, 40)
	return m
}

// BenchmarkKeystroke measures one more character typed into the filter: narrowing the
// previous result. Per op: one keystroke over 50,000 rows.
func BenchmarkKeystroke(b *testing.B) {
	m := newAPIList(50000)
	listbench.Keystrokes(b, func(typed string) { m.SetFilter(""); m.SetFilter(typed) }, m.SetFilter)
}

// BenchmarkKeystrokeFresh is the same keystroke without narrowing (a full scan).
func BenchmarkKeystrokeFresh(b *testing.B) {
	m := newAPIList(50000)
	listbench.Keystrokes(b, func(string) { m.SetFilter("") }, m.SetFilter)
}

// BenchmarkBubblesDefaultFilter is what bubbles/list gives for free, on the same rows and queries.
func BenchmarkBubblesDefaultFilter(b *testing.B) {
	t := listbench.Targets(50000)
	listbench.Keystrokes(b, nil, func(q string) { _ = bubblelist.DefaultFilter(q, t) })
}

// BenchmarkView renders the visible window: its cost must not grow with the rows.
func BenchmarkView(b *testing.B) {
	for _, n := range []int{1000, 10000, 50000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := newAPIList(n)
			m.SetFilter("user")
			m.Move(n / 3)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_ = m.View()
			}
		})
	}
}

// BenchmarkSetRows prepares the haystacks of 50,000 rows (once per load).
func BenchmarkSetRows(b *testing.B) {
	rows := apiRows(50000)
	m := New([]Column{{Title: "P"}}, []int{1, 2, 3}, Styles{})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.SetRows(rows)
	}
}
