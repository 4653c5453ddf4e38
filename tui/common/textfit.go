package common

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
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

// Wrap breaks text into lines of at most width cells where Unicode allows a line to break
// (UAX #14, by uniseg): between words, and between any two Chinese characters. A wrapper that
// breaks only at spaces takes a Chinese sentence for one long word and moves it whole to the
// next line, leaving ragged half-empty lines. A run wider than a line is broken at the width;
// the text's own line breaks stay. Styles (SGR sequences) ride with the text they colour: the
// breaks are found in the text as read.
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
	for _, sg := range lineSegments(s) {
		seg := strings.TrimRight(sg.text, "\r\n")
		if lineW > 0 && lineW+ansi.StringWidth(strings.TrimRight(seg, " ")) > width {
			flush()
		}
		if lineW == 0 && ansi.StringWidth(strings.TrimRight(seg, " ")) > width {
			rows := strings.Split(ansi.Hardwrap(seg, width, false), "\n")
			for _, r := range rows[:len(rows)-1] {
				out.WriteString(r + "\n")
			}
			seg = rows[len(rows)-1]
		}
		line.WriteString(seg)
		lineW += ansi.StringWidth(seg)
		if sg.must {
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

// WrapHanging is Wrap for text that starts indent cells into its first line (a list's last
// column): the lines after the first start there too, so the column reads as one. Each line is
// drawn in style by itself (lipgloss pads a block's lines to its widest, which would push the
// first past the width). With under 20 cells left the column would read a few words a line:
// the text starts on the next line instead, four cells in.
func WrapHanging(s string, width, indent int, style lipgloss.Style) string {
	lead := ""
	if width-indent < 20 {
		lead, indent = "\n    ", 4
	}
	lines := strings.Split(Wrap(s, max(1, width-indent)), "\n")
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return lead + strings.Join(lines, "\n"+strings.Repeat(" ", indent))
}

// segment is a run of text after which a line may end; must: it ends at a line break.
type segment struct {
	text string
	must bool
}

// lineSegments cuts s where a line may break. The places are found in the text without its
// escape sequences; a sequence goes with the text after it, so a word keeps its colour.
func lineSegments(s string) []segment {
	var plain strings.Builder
	at := make([]int, 0, len(s)+1) // at[i]: where in s the text byte i, with its sequences, starts
	run := -1                      // where the sequences before the next text began
	for i, state := 0, byte(0); i < len(s); {
		seq, width, n, next := ansi.DecodeSequence(s[i:], state, nil)
		state = next
		if width == 0 && ansi.HasEscPrefix(seq) {
			if run < 0 {
				run = i
			}
			i += n
			continue
		}
		if run < 0 {
			run = i
		}
		for k := range n {
			at = append(at, i+k)
		}
		at[len(at)-n] = run
		plain.WriteString(seq)
		i, run = i+n, -1
	}
	at = append(at, len(s))
	var out []segment
	rest, state, pos := plain.String(), -1, 0
	for rest != "" {
		var seg string
		var must bool
		seg, rest, must, state = uniseg.FirstLineSegmentInString(rest, state)
		from, to := at[pos], at[pos+len(seg)]
		if pos == 0 {
			from = 0
		}
		out = append(out, segment{s[from:to], must})
		pos += len(seg)
	}
	return out
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
// form whose question or error is at its end keeps that in sight on a short screen. What
// gives way is first the empty lines between its parts, from the top, then its title: cutting
// the title alone had left the empty line under it as the page's first row.
func KeepEnd(text string, height int) string {
	lines := strings.Split(text, "\n")
	if height <= 0 || len(lines) <= height {
		return text
	}
	for i := 0; i < len(lines)-1 && len(lines) > height; {
		if strings.TrimSpace(ansi.Strip(lines[i])) == "" {
			lines = append(lines[:i], lines[i+1:]...)
			continue
		}
		i++
	}
	return strings.Join(lines[len(lines)-min(height, len(lines)):], "\n")
}
