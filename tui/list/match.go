// Package list is a filterable, virtualised table: filtering 50,000 rows answers within a frame
// because the haystacks are lower-cased once, a growing query narrows the previous result, and
// View renders only the visible window.
package list

import (
	"bytes"
	"unicode/utf8"
)

// Match quality, best first. Ranking is a stable partition into buckets, not a sort, so it
// is O(n) and keeps the server's order inside each bucket:
//   - a searched field equal to the query (the exact API name: update_host above batch_update_host);
//   - a field that starts with it (the name's prefix; a path fragment at the start of the path);
//   - the query starting a word (after _ / - . and the like);
//   - any substring;
//   - the query's characters in order (fuzzy), graded by how scattered they are, as fzf
//     grades: fewer gaps first, a gap that lands on a word start costs less (listusers finds
//     list_users first).
const (
	rankExact = iota
	rankFieldPrefix
	rankWord
	rankSubstring
	rankFuzzy   // first of the fuzzy grades
	fuzzyGrades = 32
	rankCount   = rankFuzzy + fuzzyGrades
)

// isBoundary tells whether position i of hay starts a word.
func isBoundary(hay []byte, i int) bool {
	if i == 0 {
		return true
	}
	switch hay[i-1] {
	case ' ', '/', '_', '-', '.', '{', '}', 0, ':', ',', '(', ')':
		return true
	}
	return false
}

// rank scores hay (searched fields joined by 0 bytes) against q, both lower-case; -1 means no
// match. Allocation-free.
func rank(hay, q []byte, ascii bool) int {
	if len(q) == 0 {
		return rankExact
	}
	i := bytes.Index(hay, q)
	if i >= 0 {
		best := rankSubstring
		for j := i; j >= 0; {
			start := j == 0 || hay[j-1] == 0
			end := j+len(q) == len(hay) || hay[j+len(q)] == 0
			switch {
			case start && end:
				return rankExact
			case start:
				best = rankFieldPrefix
			case best > rankWord && isBoundary(hay, j):
				best = rankWord
			}
			k := bytes.Index(hay[j+1:], q)
			if k < 0 {
				break
			}
			j = j + 1 + k
		}
		return best
	}
	if !ascii {
		// A byte subsequence could match across multi-byte runes: only substrings count.
		return -1
	}
	// Greedy in-order match within one field, graded: each gap costs 2, or 1 when the next
	// character starts a word, plus a third of its length.
	for f := 0; f < len(hay); {
		end := bytes.IndexByte(hay[f:], 0)
		if end < 0 {
			end = len(hay)
		} else {
			end += f
		}
		if cost, ok := fuzzyCost(hay[f:end], q); ok {
			return rankFuzzy + min(cost, fuzzyGrades-1)
		}
		f = end + 1
	}
	return -1
}

// fuzzyCost is the cost of q's characters in order in field, or false.
func fuzzyCost(field, q []byte) (int, bool) {
	k := bytes.IndexByte(field, q[0])
	if k < 0 {
		return 0, false
	}
	cost := 0
	if !isBoundary(field, k) {
		cost++
	}
	pos := k + 1
	for _, c := range q[1:] {
		k := bytes.IndexByte(field[pos:], c)
		if k < 0 {
			return 0, false
		}
		if k > 0 {
			// A gap costs more when it is long, less when it lands on a word's start.
			cost += k / 3
			if isBoundary(field, pos+k) {
				cost++
			} else {
				cost += 2
			}
		}
		pos += k + 1
	}
	return cost, true
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lower returns the lower-case form of s as bytes (ASCII fast path).
func lower(s string) []byte {
	b := []byte(s)
	if isASCII(b) {
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		return b
	}
	return bytes.ToLower(b)
}

// Positions returns the rune indexes of text to highlight for query q: the first substring
// occurrence, else a greedy in-order match; nil when q does not match text.
func Positions(text, q string) []int {
	if q == "" {
		return nil
	}
	tr := []rune(string(bytes.ToLower([]byte(text))))
	qr := []rune(string(bytes.ToLower([]byte(q))))
	if len(tr) != len([]rune(text)) {
		return nil // lower-casing changed the rune count: do not guess
	}
outer:
	for i := 0; i+len(qr) <= len(tr); i++ {
		for j := range qr {
			if tr[i+j] != qr[j] {
				continue outer
			}
		}
		out := make([]int, len(qr))
		for j := range qr {
			out[j] = i + j
		}
		return out
	}
	var out []int
	k := 0
	for i, r := range tr {
		if k < len(qr) && r == qr[k] {
			out = append(out, i)
			k++
		}
	}
	if k < len(qr) {
		return nil
	}
	return out
}
