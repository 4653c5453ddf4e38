package list

import (
	"bytes"
	"runtime"
	"strings"
	"sync"
)

// index answers filter queries over the rows' haystacks within a frame at 50,000 rows:
//   - every haystack lives in one lower-cased byte slice (no slice header per row), with a
//     mask per row of which characters it holds and which start a word, so most rows that
//     cannot match are passed over with one AND;
//   - each query a user passes through is kept on a stack with what it matched, so a backspace
//     is a lookup, and a typed character narrows the previous matches only;
//   - each match remembers where its in-order (fuzzy) match ended, so the next character is
//     one byte search from there, not a new match from the start;
//   - long scans are split across the CPUs, each part in the rows' order, so ranking stays a
//     stable counting sort.
type index struct {
	text    []byte  // every row's haystack: its searched fields, lower-cased, joined by 0
	off     []int32 // row i is text[off[i]:off[i+1]]
	nf      int     // fields per row
	fst     []int32 // where row i's field f starts within the row: fst[i*nf+f]
	present []uint64
	words   []uint64
	tie     []uint8 // each row's length up to maxTieLen, for rankOrder's tie-break
	all     []int32 // 0..n-1
	base    []int32 // the rows shown, in order, when the caller narrowed or sorted them (nil: all)

	byLen []int32 // rankOrder's scratch

	stack []level // queries typed, each extending the one below it
	spare []level // popped levels, whose buffers the next levels reuse
}

// maxLevels bounds the backspace cache: a longer query narrows its top level in place of
// adding one.
const maxLevels = 48

// level is one query's result: its candidates in row order with their match state, and the
// same rows ranked for display.
type level struct {
	q       string
	cands   []cand
	matches []int32
}

// maskBit maps a byte to the bit that says a haystack holds it; 0 for bytes not tracked.
var maskBit = func() (t [256]uint64) {
	n := 0
	set := func(c byte) { t[c] = 1 << n; n++ }
	for c := byte('a'); c <= 'z'; c++ {
		set(c)
	}
	for c := byte('0'); c <= '9'; c++ {
		set(c)
	}
	for _, c := range []byte("_/-.{}: ,()") {
		set(c)
	}
	return t
}()

func maskOf(b []byte) (m uint64) {
	for _, c := range b {
		m |= maskBit[c]
	}
	return m
}

// reset starts preparing n rows' haystacks, searching nf columns each; add them in order,
// then finish.
func (x *index) reset(n, nf int, sizeHint int) {
	x.text = make([]byte, 0, sizeHint)
	x.off = make([]int32, 1, n+1)
	x.nf = max(nf, 1)
	x.fst = make([]int32, 0, n*x.nf)
	x.present = make([]uint64, 0, n)
	x.words = make([]uint64, 0, n)
	x.tie = make([]uint8, 0, n)
	x.all = make([]int32, 0, n)
	x.base = nil
	x.forget()
}

// add prepares the next row's haystack from the cells of the searched columns.
func (x *index) add(cells []string, search []int) {
	start := len(x.text)
	if len(search) == 0 {
		x.fst = append(x.fst, 0)
	}
	for k, c := range search {
		if k > 0 {
			x.text = append(x.text, 0)
		}
		x.fst = append(x.fst, int32(len(x.text)-start))
		if c < len(cells) {
			x.text = appendLower(x.text, cells[c])
		}
	}
	hay := x.text[start:]
	var words uint64
	for j := range hay {
		if isBoundary(hay, j) {
			words |= maskBit[hay[j]]
		}
	}
	x.all = append(x.all, int32(len(x.all)))
	x.off = append(x.off, int32(len(x.text)))
	x.present = append(x.present, maskOf(hay))
	x.words = append(x.words, words)
	x.tie = append(x.tie, uint8(min(len(hay), maxTieLen)))
}

// finish gives back what a guessed size left unused.
func (x *index) finish() {
	if cap(x.text) > len(x.text)+len(x.text)/4+4096 {
		x.text = append([]byte(nil), x.text...)
	}
}

// forget drops every remembered query.
func (x *index) forget() {
	x.spare = append(x.spare, x.stack...)
	x.stack = x.stack[:0]
}

// setBase shows only the rows in order, in that order; the filter searches them and keeps
// their order inside a grade. nil shows every row.
func (x *index) setBase(order []int32) {
	x.base = order
	x.forget()
}

// shown is the empty query's answer: the base order, or every row.
func (x *index) shown() []int32 {
	if x.base != nil {
		return x.base
	}
	return x.all
}

// appendLower appends s lower-cased (ASCII fast path).
func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return append(dst, bytes.ToLower([]byte(s))...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

func (x *index) hay(row int32) []byte { return x.text[x.off[row]:x.off[row+1]] }

// fields is where each of row's fields starts within its haystack.
func (x *index) fields(row int32) fields {
	return fields(x.fst[int(row)*x.nf : int(row+1)*x.nf])
}

// fields are the start offsets of a haystack's fields; each ends at the 0 before the next.
type fields []int32

func (fs fields) end(f int, hay []byte) int {
	if f+1 < len(fs) {
		return int(fs[f+1]) - 1
	}
	return len(hay)
}

// query returns the ranked matches of q.
func (x *index) query(q string) []int32 {
	q = strings.ReplaceAll(q, "\x00", "") // 0 joins the fields: never part of a query
	if q == "" {
		x.spare = append(x.spare, x.stack...)
		x.stack = x.stack[:0]
		return x.shown()
	}
	for len(x.stack) > 0 && !strings.HasPrefix(q, x.stack[len(x.stack)-1].q) {
		x.spare = append(x.spare, x.stack[len(x.stack)-1])
		x.stack = x.stack[:len(x.stack)-1]
	}
	if n := len(x.stack); n > 0 && x.stack[n-1].q == q {
		return x.stack[n-1].matches // a backspace back to a query already answered
	}
	var from *level
	if n := len(x.stack); n > 0 {
		from = &x.stack[n-1]
	}
	next := x.newLevel()
	next.q = q
	x.filter(from, &next)
	if len(x.stack) == maxLevels {
		x.spare = append(x.spare, x.stack[1])
		x.stack = append(x.stack[:1], x.stack[2:]...)
	}
	x.stack = append(x.stack, next)
	return next.matches
}

func (x *index) newLevel() level {
	if n := len(x.spare); n > 0 {
		l := x.spare[n-1]
		x.spare = x.spare[:n-1]
		return level{cands: l.cands[:0], matches: l.matches[:0]}
	}
	return level{}
}

// parallelMin is the number of rows below which one goroutine filters alone.
const parallelMin = 8192

// filter fills next with the matches of next.q: narrowing from's candidates, or every row.
func (x *index) filter(from *level, next *level) {
	q := lower(next.q)
	m := matcher{x: x, q: q, ascii: isASCII(q), mask: maskOf(q)}
	m.rows = x.shown()
	n := len(m.rows)
	if from != nil {
		n = len(from.cands)
		m.from, m.ext = from.cands, q[len(from.q):]
	}
	if cap(next.cands) < n {
		next.cands = make([]cand, n)
	}
	out := next.cands[:n]
	parts := min(runtime.GOMAXPROCS(0), 8, 1+n/parallelMin)
	counts := make([]int, parts)
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := n*p/parts, n*(p+1)/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[p] = m.run(lo, hi, out[lo:hi])
		}()
	}
	wg.Wait()
	// Close the gaps between the parts, keeping row order.
	k := 0
	for p := range parts {
		lo := n * p / parts
		k += copy(out[k:], out[lo:lo+counts[p]])
	}
	next.cands = out[:k]
	next.matches = x.rankOrder(x.preferred(next.cands), next.matches)
}

// shortList is the size up to which scattered letters give way to better matches: in a list a
// user can read through, /user should find the rows holding "user", not bk-monitor too.
const shortList = 1000

// preferred are the candidates to show: in a short list, those where the query occurs as a
// substring (or better) when any does; the scattered ones only when nothing better matches.
// The candidates themselves stay whole, so a longer query still narrows all of them.
func (x *index) preferred(cands []cand) []cand {
	if len(x.off)-1 > shortList {
		return cands
	}
	n := 0
	for _, c := range cands {
		if c.sub < noSubstring {
			n++
		}
	}
	if n == 0 || n == len(cands) {
		return cands
	}
	out := make([]cand, 0, n)
	for _, c := range cands {
		if c.sub < noSubstring {
			out = append(out, c)
		}
	}
	return out
}

// rankOrder lists cands' rows best rank first; inside a rank the shorter row first (fzf's
// default tie-break: the tighter match is likelier meant), then the rows' order. Two stable
// counting sorts, by length and then by rank, so it is O(n) whatever the ranks.
func (x *index) rankOrder(cands []cand, buf []int32) []int32 {
	if cap(x.byLen) < len(cands) {
		x.byLen = make([]int32, len(cands))
	}
	byLen := x.byLen[:len(cands)]
	var lstart [maxTieLen + 2]int
	var start [rankCount + 1]int
	for _, c := range cands {
		lstart[c.tie+1]++
		start[c.rank+1]++
	}
	for l := 1; l < len(lstart); l++ {
		lstart[l] += lstart[l-1]
	}
	for i, c := range cands {
		byLen[lstart[c.tie]] = int32(i)
		lstart[c.tie]++
	}
	for r := 1; r <= rankCount; r++ {
		start[r] += start[r-1]
	}
	if cap(buf) < len(cands) {
		buf = make([]int32, len(cands))
	}
	buf = buf[:len(cands)]
	for _, i := range byLen {
		c := cands[i]
		buf[start[c.rank]] = c.row
		start[c.rank]++
	}
	return buf
}

// maxTieLen bounds the lengths the tie-break tells apart: longer rows tie with each other.
const maxTieLen = 255

// cand is a matching row and how it matched, for narrowing it by the next character.
type cand struct {
	row   int32
	end   int32  // where the greedy in-order match ended (exclusive), within the row; -1: none
	at    int32  // no later than the query's first occurrence: the longer query's search starts here
	loss  uint16 // the in-order match's score below a perfect one (fzf's scoring)
	rank  uint8  // the display grade
	sub   uint8  // how the query occurs as a substring: rankExact … rankSubstring, or noSubstring
	field uint8  // which field holds the in-order match
	chunk uint8  // the bonus of the run of consecutive characters the in-order match ends with
	tie   uint8  // the row's length, up to maxTieLen: shorter first inside a grade
}

const noSubstring = rankSubstring + 1

// matcher filters one part of the rows for query q.
type matcher struct {
	x     *index
	q     []byte
	ascii bool
	mask  uint64
	rows  []int32 // the rows a fresh scan looks at, in order
	from  []cand  // narrowing these, whose query q extends by ext
	ext   []byte
}

// run matches rows lo..hi (of every row, or of from) into out, returning how many matched.
func (m *matcher) run(lo, hi int, out []cand) int {
	k := 0
	if m.from != nil {
		for i := lo; i < hi; i++ {
			if m.narrow(&m.from[i], &out[k]) {
				k++
			}
		}
		return k
	}
	for i := lo; i < hi; i++ {
		if m.fresh(m.rows[i], &out[k]) {
			k++
		}
	}
	return k
}

// fresh matches row against the whole query into c; false when it does not match.
func (m *matcher) fresh(row int32, c *cand) bool {
	if m.mask&^m.x.present[row] != 0 {
		return false
	}
	hay, fs := m.x.hay(row), m.x.fields(row)
	*c = cand{row: row, end: unknown, tie: m.x.tie[row]}
	c.sub = uint8(m.substring(hay, fs, c, rankExact))
	m.needFuzzy(c, hay, fs)
	return m.grade(c, hay)
}

// unknown is the in-order match's end while nobody needs it: a row whose field starts with
// the query or holds it at a word's start is graded by that, so its in-order match is found
// only once it stops holding the query there.
const unknown = -2

// needFuzzy finds c's in-order match when its grade depends on it.
func (m *matcher) needFuzzy(c *cand, hay []byte, fs fields) {
	if m.ascii && c.end == unknown && c.sub > rankWord {
		fuzzyFrom(hay, fs, m.q, 0, c)
	}
}

// narrow matches a previous match against the longer query. A match's substring class can only
// fall as the query grows (an exact name becomes a prefix, a word start a substring), so classes
// better than the previous one are not looked for.
func (m *matcher) narrow(prev, c *cand) bool {
	if m.mask&^m.x.present[prev.row] != 0 {
		return false
	}
	hay, fs := m.x.hay(prev.row), m.x.fields(prev.row)
	*c = *prev
	if m.ascii && c.end >= 0 {
		base := len(m.q) - len(m.ext)
		for i, b := range m.ext {
			if !fuzzyStep(hay, fs, m.q[:base+i+1], b, c) {
				break
			}
		}
	}
	if c.sub < noSubstring {
		c.sub = uint8(m.substring(hay, fs, c, int(c.sub)))
	}
	m.needFuzzy(c, hay, fs)
	return m.grade(c, hay)
}

// grade puts c in its display grade: exact, field prefix and word start first, in the rows'
// order; then every other match by how well fzf would score it (its substring occurrence or its
// in-order match, whichever scores better).
func (m *matcher) grade(c *cand, hay []byte) bool {
	if c.sub <= rankWord {
		c.rank = c.sub
		return true
	}
	loss := -1
	if c.sub == rankSubstring {
		loss = runLoss(hay, int(c.at), len(m.q))
	}
	if m.ascii && c.end >= 0 && (loss < 0 || int(c.loss) < loss) {
		loss = int(c.loss)
	}
	if loss < 0 {
		return false
	}
	c.rank = uint8(rankScored + min(loss, scoredGrades-1))
	return true
}

// substring classes hay's best occurrence of q no better than from: exact field, field prefix,
// a word of the name, the name, another word, substring; noSubstring when q does not occur. It
// searches from c.at and leaves there the first occurrence when it looked for one.
func (m *matcher) substring(hay []byte, fs fields, c *cand, from int) int {
	q := m.q
	if from <= rankFieldPrefix {
		best := noSubstring
		for f, s := range fs {
			e := fs.end(f, hay)
			if e-int(s) >= len(q) && hay[s] == q[0] && string(hay[s:int(s)+len(q)]) == string(q) {
				switch {
				case e-int(s) == len(q) && f == 0:
					return rankExact
				case e-int(s) == len(q):
					best = min(best, rankExactOther)
				default:
					best = min(best, rankFieldPrefix)
				}
			}
		}
		if best < noSubstring {
			return best
		}
	}
	word := -1 // where the first occurrence that starts a word is
	if len(q) == 1 && maskBit[q[0]] != 0 && m.x.words[c.row]&maskBit[q[0]] == 0 {
		// One tracked character that starts no word (the masks say so).
		c.at = int32(bytes.IndexByte(hay, q[0]))
		from = max(from, rankNameSubstring)
	} else {
		i := bytes.Index(hay[c.at:], q)
		if i < 0 {
			return noSubstring
		}
		c.at += int32(i)
		if from <= rankWord {
			word = wordStart(hay, q, int(c.at))
		}
	}
	// The name is the first field, so its occurrences come first.
	nameEnd := fs.end(0, hay)
	switch {
	case word >= 0 && word+len(q) <= nameEnd:
		return rankNameWord
	case from <= rankNameSubstring && int(c.at)+len(q) <= nameEnd:
		return rankNameSubstring
	case word >= 0:
		return rankWord
	}
	return rankSubstring
}
