package list

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// referenceRank is the ranking written plainly, one row at a time from scratch: what the index
// must agree with however it got there (narrowing, a backspace, the CPUs splitting the rows).
func referenceRank(hay, q []byte) int {
	if len(q) == 0 {
		return rankExact
	}
	fields := bytes.Split(hay, []byte{0})
	best := -1
	for f, field := range fields {
		switch {
		case bytes.Equal(field, q) && f == 0:
			return rankExact
		case bytes.Equal(field, q):
			best = rankExactOther
		case bytes.HasPrefix(field, q) && best < 0:
			best = rankFieldPrefix
		}
	}
	if best >= 0 {
		return best
	}
	loss := -1
	if i := bytes.Index(hay, q); i >= 0 {
		nameEnd, word := len(fields[0]), -1
		for j := len(hay) - 1; j >= i; j-- {
			if bytes.HasPrefix(hay[j:], q) && isBoundary(hay, j) {
				word = j
			}
		}
		switch {
		case word >= 0 && word+len(q) <= nameEnd:
			return rankNameWord
		case i+len(q) <= nameEnd:
			return rankNameSubstring
		case word >= 0:
			return rankWord
		}
		run := make([]int, len(q))
		for k := range run {
			run[k] = i + k
		}
		loss = referenceLoss(hay, run)
	}
	if isASCII(q) {
		start := 0
		for _, field := range fields {
			if pos, ok := greedy(field, q); ok {
				for k := range pos {
					pos[k] += start
				}
				if l := referenceLoss(hay, pos); loss < 0 || l < loss {
					loss = l
				}
				break
			}
			start += len(field) + 1
		}
	}
	if loss < 0 {
		return -1
	}
	return rankScored + min(loss, scoredGrades-1)
}

// greedy is where q's characters first occur in order in field.
func greedy(field, q []byte) ([]int, bool) {
	var pos []int
	at := 0
	for _, c := range q {
		k := bytes.IndexByte(field[at:], c)
		if k < 0 {
			return nil, false
		}
		pos = append(pos, at+k)
		at += k + 1
	}
	return pos, true
}

// referenceLoss scores a match at positions pos as fzf does and returns how far below a
// perfect one (every character consecutive from a field's start) it is.
func referenceLoss(hay []byte, pos []int) int {
	score, chunk := 0, 0
	for k, p := range pos {
		b := bonusAt(hay, p)
		switch {
		case k == 0:
			chunk = b
			b *= 2
		case p == pos[k-1]+1:
			if b >= bonusBoundary && b > chunk {
				chunk = b
			} else {
				b = max(b, chunk, bonusConsecutive)
			}
		default:
			score -= gapStart + (p - pos[k-1] - 2)
			chunk = b
		}
		score += b
	}
	perfect := 2*bonusWhite + bonusWhite*(len(pos)-1)
	return perfect - score
}

func referenceOrder(rows []Row, search []int, q string) []string {
	type hit struct {
		key       string
		rank, len int
	}
	var hits []hit
	for _, r := range rows {
		var fields []string
		for _, c := range search {
			fields = append(fields, strings.ToLower(r.Cells[c]))
		}
		hay := []byte(strings.Join(fields, "\x00"))
		if rk := referenceRank(hay, []byte(strings.ToLower(q))); rk >= 0 {
			hits = append(hits, hit{r.Key, rk, min(len(hay), maxTieLen)})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		if q == "" {
			return 0 // no query: the server's order
		}
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		return a.len - b.len
	})
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.key
	}
	return out
}

// Typing and deleting in every order, with rows enough that the CPUs split them, the list shows
// exactly what the plain ranking says.
func TestFilterAgreesWithTheReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"list", "user", "users", "host", "biz", "update", "batch", "_", "/", "api", "v3", "u", "查询", "用户", "-", "{id}", "tenant", "s", "e", "t"}
	word := func() string {
		var b strings.Builder
		for n := 1 + r.IntN(5); n > 0; n-- {
			b.WriteString(words[r.IntN(len(words))])
		}
		return b.String()
	}
	var rows []Row
	for i := range 3 * parallelMin {
		rows = append(rows, Row{Key: fmt.Sprint(i), Cells: []string{"GET", word(), strings.ToUpper(word()), word()}})
	}
	search := []int{1, 2, 3}
	m := New([]Column{{Title: "M"}, {Title: "P"}, {Title: "N"}, {Title: "D"}}, search, Styles{})
	m.SetRows(rows)
	check := func(q string) {
		t.Helper()
		m.SetFilter(q)
		want := referenceOrder(rows, search, q)
		got := keys(m)
		if !slices.Equal(got, want) {
			t.Fatalf("%q: %d rows shown, the reference has %d; first difference at %d", q, len(got), len(want), firstDiff(got, want))
		}
	}
	for range 12 {
		q := []rune(word()) // typed a character at a time
		for i := 1; i <= len(q); i++ {
			check(string(q[:i]))
		}
		for i := len(q) - 1; i >= 0; i-- {
			check(string(q[:i]))
		}
		check(string(q)) // pasted whole
		check(string(q[:len(q)/2]) + "x")
	}
}

// A sort or a status filter (SetOrder) is what the query filters within, in that order.
func TestFilterWithinAnOrder(t *testing.T) {
	var rows []Row
	for i := range 2 * parallelMin {
		rows = append(rows, Row{Key: fmt.Sprint(i), Cells: []string{fmt.Sprintf("list_%d_user", i%97), fmt.Sprintf("/api/v%d/users/", i%3)}})
	}
	m := New([]Column{{Title: "N"}, {Title: "P"}}, []int{0, 1}, Styles{})
	m.SetRows(rows)
	var order []int32
	var sub []Row
	for i := len(rows) - 1; i >= 0; i -= 2 { // every other row, backwards
		order = append(order, int32(i))
		sub = append(sub, rows[i])
	}
	m.SetFilter("us")
	m.SetOrder(order)
	if m.Total() != len(order) {
		t.Fatalf("total %d, want %d", m.Total(), len(order))
	}
	for _, q := range []string{"us", "use", "user", "v2", "lst", ""} {
		m.SetFilter(q)
		if got, want := keys(m), referenceOrder(sub, []int{0, 1}, q); !slices.Equal(got, want) {
			t.Fatalf("%q within the order: %d rows, the reference %d; first difference at %d", q, len(got), len(want), firstDiff(got, want))
		}
	}
	m.SetOrder(nil)
	if m.Total() != len(rows) {
		t.Fatal("SetOrder(nil) shows every row")
	}
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
