// Package listbench is what the list's benchmarks share, in this module and in fzfbench (a
// module of its own): the benchmark gateway's rows, the queries a user types, the keystroke
// loop and the latency of a sequence of keys.
package listbench

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// Queries are what a user types, one character at a time.
var Queries = []string{"user", "delete_host", "v2/order", "ticket 42"}

// Rows are n API-like rows of the benchmark gateway: method, path, name, description.
func Rows(n int) [][4]string {
	nouns := []string{"order", "invoice", "host", "cluster", "bucket", "job", "alert", "ticket", "user", "project", "secret", "node"}
	verbs := []string{"get", "create", "update", "patch", "delete"}
	methods := []string{"GET", "POST", "PUT", "PATCH", "DELETE"}
	rows := make([][4]string, n)
	for i := range rows {
		noun, verb := nouns[(i/5)%len(nouns)], verbs[i%5]
		rows[i] = [4]string{methods[i%5], fmt.Sprintf("/v%d/%ss/%05d/{%s_id}/", 1+i%3, noun, i, noun),
			fmt.Sprintf("%s_%s_%05d", verb, noun, i), fmt.Sprintf("%s %s number %d of the benchmark gateway", strings.ToUpper(verb[:1])+verb[1:], noun, i)}
	}
	return rows
}

// Targets are the rows as one searchable string each: path, name and description.
func Targets(n int) []string {
	t := make([]string, n)
	for i, r := range Rows(n) {
		t[i] = r[1] + " " + r[2] + " " + r[3]
	}
	return t
}

// Keystrokes times b.N keystrokes: each types one more character of a query. before, when not
// nil, runs untimed first with what was typed so far (to set up a narrowed or a fresh filter).
func Keystrokes(b *testing.B, before func(typed string), key func(query string)) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := Queries[i%len(Queries)]
		k := 1 + i%(len(q)-1)
		if before != nil {
			b.StopTimer()
			before(q[:k])
			b.StartTimer()
		}
		key(q[:k+1])
	}
}

// Latency is a sequence of keys' median, 95th percentile and slowest time.
type Latency struct{ P50, P95, Max time.Duration }

// Measure times n steps, the whole sequence run runs times: a step's time is its median over
// the runs, so that another process taking the CPU for a moment does not count as ours; the
// percentiles are then taken over the steps.
func Measure(n, runs int, step func(i int)) Latency {
	per := make([][]time.Duration, n)
	for range runs {
		for i := range n {
			t0 := time.Now()
			step(i)
			per[i] = append(per[i], time.Since(t0))
		}
	}
	d := make([]time.Duration, n)
	for i, p := range per {
		slices.Sort(p)
		d[i] = p[len(p)/2]
	}
	slices.Sort(d)
	return Latency{d[len(d)/2], d[len(d)*95/100], d[len(d)-1]}
}
