// Package list is a filterable, virtualised table: filtering 50,000 rows answers within a frame
// because the haystacks are lower-cased once, a growing query narrows the previous result, and
// View renders only the visible window.
package list

import (
	"bytes"
	"unicode/utf8"
)

// Match quality buckets, best first: ranking is a stable partition, not a sort, so it is O(n).
const (
	rankPrefix    = iota // the query starts a word
	rankSubstring        // the query is a substring
	rankFuzzy            // the query's characters appear in order
	rankCount
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

// rank scores hay against q (both lower-case); -1 means no match. Allocation-free.
func rank(hay, q []byte, ascii bool) int {
	if len(q) == 0 {
		return rankPrefix
	}
	i := bytes.Index(hay, q)
	if i >= 0 {
		for j := i; j >= 0; {
			if isBoundary(hay, j) {
				return rankPrefix
			}
			k := bytes.Index(hay[j+1:], q)
			if k < 0 {
				break
			}
			j = j + 1 + k
		}
		return rankSubstring
	}
	if !ascii {
		// A byte subsequence could match across multi-byte runes: only substrings count.
		return -1
	}
	pos := 0
	for _, c := range q {
		k := bytes.IndexByte(hay[pos:], c)
		if k < 0 {
			return -1
		}
		pos += k + 1
	}
	return rankFuzzy
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
