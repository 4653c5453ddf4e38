// Package list is a filterable, virtualised table: filtering 50,000 rows answers within a frame
// because the haystacks are lower-cased once, a growing query narrows the previous result, and
// View renders only the visible window.
package list

import (
	"bytes"
	"unicode/utf8"
)

// Match quality, best first. Ranking is a counting sort into these grades, so it is O(n) and
// keeps the server's order inside each grade:
//   - the first searched field (the row's name) equal to the query (the exact API name:
//     update_host above batch_update_host), then another searched field equal to it (a row that
//     only stands in the gateway the query names comes after the gateway);
//   - a field that starts with it (the name's prefix; a path fragment at the start of the path);
//   - the query starting a word of the name (after _ / - . and the like), then standing anywhere
//     in the name: what users type is a name, and Chinese has no word starts, so "请求" must find
//     the screen named 已保存的请求 before an API described as "回显 GET 请求";
//   - the query starting a word of another field;
//   - then every substring and in-order (fuzzy) match, graded by how fzf would score it:
//     characters at word starts earn, gaps cost (listusers finds list_users first).
const (
	rankExact = iota
	rankExactOther
	rankFieldPrefix
	rankNameWord
	rankNameSubstring
	rankWord
	rankSubstring
	rankScored   = rankSubstring // first of the scored grades: substrings and in-order matches
	scoredGrades = 250           // a grade per point lost, as fzf orders by score
	rankCount    = rankScored + scoredGrades
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

// wordStart is where q, which first occurs at i, first stands at a word's start; -1: nowhere.
func wordStart(hay, q []byte, i int) int {
	for {
		if isBoundary(hay, i) {
			return i
		}
		k := bytes.Index(hay[i+1:], q)
		if k < 0 {
			return -1
		}
		i += 1 + k
	}
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
