package common

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/rivo/uniseg"
)

// FitLabel pads a label to w cells (wide characters count two).
func FitLabel(s string, w int) string {
	if pad := w - ansi.StringWidth(s); pad > 0 {
		return s + strings.Repeat(" ", pad)
	}
	return s
}

// Pad fills s with spaces to w cells.
func Pad(s string, w int) string { return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s))) }

// Minimum terminal size; below it the program says so instead of drawing garbage.
const (
	MinWidth  = 60
	MinHeight = 15
)

// Wrap breaks plain text into lines of at most width cells where Unicode allows a line to break
// (UAX #14, by uniseg): between words, and between any two Chinese characters. A wrapper that
// breaks only at spaces takes a Chinese sentence for one long word and moves it whole to the
// next line, leaving ragged half-empty lines. A run wider than a line is cut; the text's own
// line breaks stay.
func Wrap(s string, width int) string {
	if width < 1 || s == "" {
		return s
	}
	var out, line strings.Builder
	lineW := 0
	flush := func() {
		out.WriteString(strings.TrimRight(line.String(), " "))
		out.WriteByte('\n')
		line.Reset()
		lineW = 0
	}
	rest, state := s, -1
	for rest != "" {
		var seg string
		var must bool
		seg, rest, must, state = uniseg.FirstLineSegmentInString(rest, state)
		seg = strings.TrimRight(seg, "\r\n")
		if lineW > 0 && lineW+ansi.StringWidth(strings.TrimRight(seg, " ")) > width {
			flush()
		}
		for lineW == 0 && ansi.StringWidth(strings.TrimRight(seg, " ")) > width {
			head := ansi.Truncate(seg, width, "")
			out.WriteString(head + "\n")
			seg = strings.TrimLeft(seg[len(head):], " ")
		}
		line.WriteString(seg)
		lineW += ansi.StringWidth(seg)
		if must {
			flush()
		}
	}
	if line.Len() > 0 {
		flush()
	}
	if strings.HasSuffix(s, "\n") {
		return out.String()
	}
	return strings.TrimSuffix(out.String(), "\n")
}

// Beside puts tail after head, joined by sep, where the line has room for both whole; else on a
// line of its own. For what must never be cut (a request id a user copies).
func Beside(head, sep, tail string, width int) string {
	if ansi.StringWidth(head)+ansi.StringWidth(sep)+ansi.StringWidth(tail) <= width {
		return head + sep + tail
	}
	return head + "\n" + tail
}

// Ask is a question with the answers it takes, as bound: "Delete x? (y/N)", no being what any
// other key means; after a Chinese question mark, no space.
func Ask(c *Context, question string) string {
	no := c.Form.No.Help().Key
	if len(no) == 1 {
		no = strings.ToUpper(no)
	}
	sep := " "
	if strings.HasSuffix(question, "？") {
		sep = ""
	}
	return question + sep + "(" + c.Form.Yes.Help().Key + "/" + no + ")"
}

// InSight is room lines of lines that hold lines first to last (a focused field), centred where
// the rest allows: a form on a short screen keeps the field typed in in sight. All of them when
// they fit.
func InSight(lines []string, first, last, room int) []string {
	room = max(1, room)
	if len(lines) <= room {
		return lines
	}
	start := first - max(0, room-(last-first+1))/2
	start = max(0, min(start, len(lines)-room))
	return lines[start : start+room]
}

// KeepEnd is text's last height lines, or all of it when it fits (or height is not known): a
// form whose question or error is at its end keeps that in sight on a short screen and lets
// its title go instead.
func KeepEnd(text string, height int) string {
	lines := strings.Split(text, "\n")
	if height <= 0 || len(lines) <= height {
		return text
	}
	return strings.Join(lines[len(lines)-height:], "\n")
}
