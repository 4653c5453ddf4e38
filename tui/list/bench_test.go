package list

import (
	"fmt"
	"strings"
	"testing"

	bubblelist "github.com/charmbracelet/bubbles/list"
)

// apiRows makes n API-like rows: method, path, name, description (as the sandbox's size knob).
func apiRows(n int) []Row {
	nouns := []string{"order", "invoice", "host", "cluster", "bucket", "job", "alert", "ticket", "user", "project", "secret", "node"}
	verbs := []string{"get", "create", "update", "patch", "delete"}
	methods := []string{"GET", "POST", "PUT", "PATCH", "DELETE"}
	rows := make([]Row, n)
	for i := range rows {
		noun, verb := nouns[(i/5)%len(nouns)], verbs[i%5]
		rows[i] = Row{Key: fmt.Sprint(i), Cells: []string{methods[i%5], fmt.Sprintf("/v%d/%ss/%05d/{%s_id}/", 1+i%3, noun, i, noun),
			fmt.Sprintf("%s_%s_%05d", verb, noun, i), fmt.Sprintf("%s %s number %d of the benchmark gateway", strings.ToUpper(verb[:1])+verb[1:], noun, i)}}
	}
	return rows
}

func newAPIList(n int) *Model {
	m := New([]Column{{Title: "M", Width: 7}, {Title: "P", Filtered: true}, {Title: "N", Filtered: true}, {Title: "D", Filtered: true}}, []int{1, 2, 3}, Styles{})
	m.SetRows(apiRows(n))
	m.SetSize(120, 40)
	return m
}

// queries a user types, one character at a time.
var queries = []string{"user", "delete_host", "v2/order", "ticket 42"}

// BenchmarkKeystroke measures one more character typed into the filter: narrowing the
// previous result. Per op: one keystroke over 50,000 rows.
func BenchmarkKeystroke(b *testing.B) {
	m := newAPIList(50000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := queries[i%len(queries)]
		k := 1 + i%(len(q)-1)
		b.StopTimer()
		m.SetFilter("")
		m.SetFilter(q[:k])
		b.StartTimer()
		m.SetFilter(q[:k+1])
	}
}

// BenchmarkKeystrokeFresh is the same keystroke without narrowing (a full scan).
func BenchmarkKeystrokeFresh(b *testing.B) {
	m := newAPIList(50000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := queries[i%len(queries)]
		k := 1 + i%(len(q)-1)
		b.StopTimer()
		m.SetFilter("") // from nothing: the next is a full scan
		b.StartTimer()
		m.SetFilter(q[:k+1])
	}
}

func targets(n int) []string {
	rows := apiRows(n)
	t := make([]string, n)
	for i, r := range rows {
		t[i] = r.Cells[1] + " " + r.Cells[2] + " " + r.Cells[3]
	}
	return t
}

// BenchmarkBubblesDefaultFilter is what bubbles/list gives for free, on the same rows and queries.
func BenchmarkBubblesDefaultFilter(b *testing.B) {
	t := targets(50000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := queries[i%len(queries)]
		k := 1 + i%(len(q)-1)
		_ = bubblelist.DefaultFilter(q[:k+1], t)
	}
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
