package fzfbench

import (
	"fmt"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/tui/list/listbench"
	bubblelist "github.com/charmbracelet/bubbles/list"
	"github.com/junegunn/fzf/src/algo"
	"github.com/junegunn/fzf/src/util"
)

// realistic is the query set typed a character at a time and then deleted: API names, path
// fragments and fuzzy abbreviations, as users type them.
var realistic = []string{
	"update_host", "list_biz_hosts", "search_business", "get_job_instance_log", "list_users",
	"/api/v3/hosts", "tenant/users", "bk-tokens/verify", "resources/sync",
	"listusers", "gjil", "srchbiz", "fastexec", "sendmail", "lbh",
}

// keystrokes is every query a user passes through: typing each realistic query, then deleting it.
func keystrokes() []string {
	var ks []string
	for _, q := range realistic {
		for i := 1; i <= len(q); i++ {
			ks = append(ks, q[:i])
		}
		for i := len(q) - 1; i >= 1; i-- {
			ks = append(ks, q[:i])
		}
		ks = append(ks, "")
	}
	return ks
}

// fzfSearch is what fzf does per keystroke: FuzzyMatchV2 over every row, then the matches
// sorted by score (ties: shorter first, then the server's order), as its default tiebreak.
type fzfSearch struct {
	chars []util.Chars
	lens  []int
	slab  *util.Slab
	out   []fzfHit
}

type fzfHit struct{ idx, score, length int }

func newFzf(apis []api) *fzfSearch {
	algo.Init("default")
	f := &fzfSearch{slab: util.MakeSlab(100*1024, 2048)}
	for _, a := range apis {
		t := text(a)
		f.chars = append(f.chars, util.ToChars([]byte(t)))
		f.lens = append(f.lens, len([]rune(t)))
	}
	return f
}

func (f *fzfSearch) search(q string) []fzfHit {
	f.out = f.out[:0]
	pat := []rune(q)
	for i := range f.chars {
		if len(pat) == 0 {
			f.out = append(f.out, fzfHit{i, 0, f.lens[i]})
			continue
		}
		r, _ := algo.FuzzyMatchV2(false, true, true, &f.chars[i], pat, false, f.slab)
		if r.Start >= 0 {
			f.out = append(f.out, fzfHit{i, r.Score, f.lens[i]})
		}
	}
	sort.Slice(f.out, func(a, b int) bool {
		x, y := f.out[a], f.out[b]
		if x.score != y.score {
			return x.score > y.score
		}
		if x.length != y.length {
			return x.length < y.length
		}
		return x.idx < y.idx
	})
	return f.out
}

// measure times every keystroke of ks (listbench.Measure).
func measure(ks []string, runs int, step func(q string)) listbench.Latency {
	return listbench.Measure(len(ks), runs, func(i int) { step(ks[i]) })
}

// TestKeystrokeLatency measures every keystroke of the realistic query set at 50,000 APIs, in
// the same run, for bkconsole's list, bubbles/list's DefaultFilter and fzf, and prints the table
// docs/performance.md reports. With BKCONSOLE_LATENCY_TARGETS=1 it also holds bkconsole to
// issue 22's targets (p95 ≤ 2 ms, max ≤ 4 ms); that is left to a quiet machine, not CI.
func TestKeystrokeLatency(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	apis := gateway(50000 - len(planted))
	ks := keystrokes()

	m := newList(apis)
	m.SetFilter("warm")
	m.SetFilter("")
	ours := measure(ks, 5, func(q string) { m.SetFilter(q) })
	// A deleted character is answered from memory; typed ones are the work, shown on their own.
	var typed []string
	for _, q := range realistic {
		for i := 1; i <= len(q); i++ {
			typed = append(typed, q[:i])
		}
	}
	m.SetFilter("")
	typing := measure(typed, 5, func(q string) {
		if len(q) == 1 {
			m.SetFilter("")
		}
		m.SetFilter(q)
	})

	f := newFzf(apis)
	fz := measure(ks, 1, func(q string) { f.search(q) })

	targets := make([]string, len(apis))
	for i, a := range apis {
		targets[i] = text(a)
	}
	bubbles := measure(ks, 1, func(q string) { bubblelist.DefaultFilter(q, targets) })

	row := func(name string, l listbench.Latency) string {
		return fmt.Sprintf("| %s | %.2f ms | %.2f ms | %.2f ms | %.0f× |", name, ms(l.P50), ms(l.P95), ms(l.Max), float64(l.P95)/float64(ours.P95))
	}
	t.Logf("%d keystrokes over %d APIs (bkconsole: each keystroke's median of 5 runs; fzf and bubbles: one run)\n| what | median | p95 | max | p95 vs bkconsole |\n|---|---|---|---|---|\n%s\n%s\n%s\n%s",
		len(ks), len(apis), row("bkconsole (tui/list)", ours), row("bkconsole, typed characters only", typing), row("fzf FuzzyMatchV2 + sort by score", fz), row("bubbles/list DefaultFilter", bubbles))
	if os.Getenv("BKCONSOLE_LATENCY_TARGETS") != "" && (ours.P95 > 2*time.Millisecond || ours.Max > 4*time.Millisecond) {
		t.Errorf("bkconsole: p95 %v, max %v: over issue 22's targets (2 ms, 4 ms)", ours.P95, ours.Max)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
