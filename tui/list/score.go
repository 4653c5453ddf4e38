package list

import (
	"bytes"
	"strings"
)

// fuzzyFrom finds q's characters in order within one field, trying fields from the field-th
// on, and leaves in c the field, where the greedy match ended and how it scores.
func fuzzyFrom(hay []byte, fs fields, q []byte, field uint8, c *cand) bool {
	for f := int(field); f < len(fs); f++ {
		if fuzzyIn(hay, int(fs[f]), fs.end(f, hay), q, c) {
			c.field = uint8(f)
			return true
		}
	}
	c.end = -1
	return false
}

// fuzzyIn greedily matches q in hay[s:e] (one field).
func fuzzyIn(hay []byte, s, e int, q []byte, c *cand) bool {
	k := bytes.IndexByte(hay[s:e], q[0])
	if k < 0 {
		return false
	}
	pos := s + k
	b := bonusAt(hay, pos)
	// The first character's bonus counts twice, as in fzf; a perfect one is a field's start.
	c.loss, c.chunk, c.end = uint16(2*(bonusWhite-b)), uint8(b), int32(pos+1)
	for _, ch := range q[1:] {
		if !extend(hay, e, ch, c) {
			return false
		}
	}
	return true
}

// fuzzyStep extends an in-order match by the query's last character b: in the same field when
// it follows there, else in a later field from scratch.
func fuzzyStep(hay []byte, fs fields, q []byte, b byte, c *cand) bool {
	if extend(hay, fs.end(int(c.field), hay), b, c) {
		return true
	}
	return fuzzyFrom(hay, fs, q, c.field+1, c)
}

// extend finds ch in hay[c.end:e] and adds what fzf would deduct for it: a gap's penalty, a
// missing word-start bonus; a character right after the last keeps its run's bonus.
func extend(hay []byte, e int, ch byte, c *cand) bool {
	k := bytes.IndexByte(hay[c.end:e], ch)
	if k < 0 {
		return false
	}
	pos := int(c.end) + k
	b := bonusAt(hay, pos)
	loss := int(c.loss)
	if k == 0 {
		if b >= bonusBoundary && b > int(c.chunk) {
			c.chunk = uint8(b) // a new word starts a new run
		} else {
			b = max(b, int(c.chunk), bonusConsecutive)
		}
	} else {
		loss += gapStart + k - 1
		c.chunk = uint8(b)
	}
	c.loss = uint16(min(loss+bonusWhite-b, 1<<16-1))
	c.end = int32(pos + 1)
	return true
}

// runLoss is how far below perfect fzf scores q's n characters matched together at hay[i:].
func runLoss(hay []byte, i, n int) int {
	b := bonusAt(hay, i)
	loss, chunk := 2*(bonusWhite-b), b
	for j := i + 1; j < i+n; j++ {
		b := bonusAt(hay, j)
		if b >= bonusBoundary && b > chunk {
			chunk = b
		} else {
			b = max(b, chunk, bonusConsecutive)
		}
		loss += bonusWhite - b
	}
	return loss
}

// fzf's scoring, for an in-order match: a character at a word's start earns a bonus (more
// after a space or a field's start, a little less after / , : ; |), a gap costs 3 and 1 more
// per character skipped, a run of consecutive characters keeps its first one's bonus.
const (
	bonusWhite       = 10
	bonusDelimiter   = 9
	bonusBoundary    = 8
	bonusCamel123    = 7
	bonusConsecutive = 4
	gapStart         = 3
)

// Character classes as fzf tells them apart (the haystack is lower-case, so no camelCase).
const (
	classWhite = iota
	classNonWord
	classDelimiter
	classLower
	classLetter
	classNumber
)

var classOf = func() (t [256]uint8) {
	for i := range t {
		c := byte(i)
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			t[i] = classLower
		case c >= '0' && c <= '9':
			t[i] = classNumber
		case c == 0 || strings.IndexByte(" \t\n\v\f\r", c) >= 0:
			t[i] = classWhite // 0 joins fields, as a space joins them in fzf's line
		case strings.IndexByte("/,:;|", c) >= 0:
			t[i] = classDelimiter
		case c >= 0x80:
			t[i] = classLetter
		default:
			t[i] = classNonWord
		}
	}
	return t
}()

// bonusAt is fzf's bonus for a match at hay[i], by the classes of it and the byte before.
func bonusAt(hay []byte, i int) int {
	prev := uint8(classWhite)
	if i > 0 {
		prev = classOf[hay[i-1]]
	}
	class := classOf[hay[i]]
	if class > classNonWord {
		switch prev {
		case classWhite:
			return bonusWhite
		case classDelimiter:
			return bonusDelimiter
		case classNonWord:
			return bonusBoundary
		}
	}
	if prev != classNumber && class == classNumber {
		return bonusCamel123
	}
	switch class {
	case classNonWord, classDelimiter:
		return bonusBoundary
	case classWhite:
		return bonusWhite
	}
	return 0
}
