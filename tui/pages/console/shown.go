package console

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/tui/components"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// shownLines is the body's lines as shown for one text, width and way of reading, kept: a
// 1 MiB answer is some 75,000 lines, and cutting, wrapping and lowering them all again took
// a few hundred milliseconds on every key of a search. A key now redoes only the lines its
// matches are on.
type shownLines struct {
	of    shownKey
	src   []string // the text's lines (plain while searching: marks go on plain text)
	low   []string // src in lower case, while searching
	shown []string // src wrapped to the width (cut lines are cut when drawn: see at)
	first []int    // a source line's first shown line, when wrapped
}

type shownKey struct {
	gen, width  int
	rendered    string // the body as rendered (compared by its pointer first: cheap)
	jq          string // the filter's answer shown instead of the body, if any
	wrap, plain bool
}

// lines are the body's lines for the reader as it stands, from the kept ones when they are
// for the same text, width and way of reading.
func (r *reader) lines(v *responseView, rendered string, width int) *shownLines {
	k := shownKey{gen: r.gen, width: width, rendered: rendered, jq: r.jqOut, wrap: r.wrap, plain: r.search.Query() != ""}
	if r.kept != nil && r.kept.of == k {
		return r.kept
	}
	text := rendered
	if r.jqOut != "" {
		text = components.RenderBody([]byte(r.jqOut), v.ctx.Theme)
		if !json.Valid([]byte(r.jqOut)) {
			text = untrusted.Text(r.jqOut)
		}
	}
	c := &shownLines{of: k}
	switch {
	case k.plain && r.plain != nil && r.plain.gen == r.gen && r.plain.jq == r.jqOut:
		c.src, c.low = r.plain.src, r.plain.low // made in a command when the answer came
	case k.plain:
		p := plainLines(r.gen, r.jqOut, text)
		r.plain, c.src, c.low = &p, p.src, p.low
	default:
		c.src = strings.Split(strings.TrimRight(text, "\n"), "\n")
	}
	if k.wrap { // where each line starts depends on every line before it
		c.first = make([]int, len(c.src))
		c.shown = make([]string, 0, len(c.src))
		for i, l := range c.src {
			c.first[i] = len(c.shown)
			c.shown = append(c.shown, fitLine(l, width, k.wrap)...)
		}
	}
	r.kept = c
	return c
}

// count is the number of shown lines.
func (c *shownLines) count() int {
	if c.of.wrap {
		return len(c.shown)
	}
	return len(c.src)
}

// span is the shown lines of source line i: [from, to).
func (c *shownLines) span(i int) (from, to int) {
	if !c.of.wrap {
		return i, i + 1 // cut, not wrapped: one line each, cut when drawn
	}
	from, to = c.first[i], len(c.shown)
	if i+1 < len(c.first) {
		to = c.first[i+1]
	}
	return from, to
}

// at is shown line n as drawn.
func (c *shownLines) at(n int) string {
	if c.of.wrap {
		return c.shown[n]
	}
	return fitLine(c.src[n], c.of.width, false)[0]
}

// fitLine is one source line as shown: wrapped at the width, or cut with a mark.
func fitLine(l string, width int, wrap bool) []string {
	if wrap {
		return strings.Split(ansi.Hardwrap(l, width, true), "\n")
	}
	// Truncate reads a line to its end (43 ms for a 1.2 MB line of one page): its start is cut
	// first, when that start alone is wider than the screen, styles and all.
	if n := 64*width + 64; len(l) > n && ansi.StringWidth(l[:n]) > width {
		l = l[:n]
	}
	return []string{ansi.Truncate(l, width, "›")}
}

// window is c's shown lines from lo to hi, with the search's matches marked there; the lines
// outside are empty (the viewport holds every line, so its scrolling and percent stay true,
// but only those in sight and near are drawn). Matches are found in every line; only the lines
// in the window a match is on are cut or wrapped again (marks take no width, so each keeps its
// count of shown lines).
func (r *reader) window(v *responseView, c *shownLines, lo, hi int) []string {
	lo, hi = max(0, lo), min(c.count(), hi)
	shown := make([]string, c.count())
	for n := lo; n < hi; n++ {
		shown[n] = c.at(n)
	}
	r.find(c)
	if r.search.Query() == "" {
		return shown
	}
	drawn := func(i int) bool {
		from, to := c.span(i)
		return to > lo && from < hi
	}
	src := c.src
	if !c.of.wrap { // a long line is cut where it is shown: only its start is marked
		src = slices.Clone(c.src)
		for n := lo; n < hi; n++ {
			src[n] = shownStart(src[n], c.of.width)
		}
	}
	for i, marked := range r.search.MarkFound(v.ctx, src, drawn) {
		from, _ := c.span(i)
		for k, l := range fitLine(marked, c.of.width, c.of.wrap) {
			if at := from + k; at >= lo && at < hi {
				shown[at] = l
			}
		}
	}
	return shown
}

// plainText is a text's lines without styles and in lower case, as a search reads them.
type plainText struct {
	gen      int
	jq       string
	src, low []string
}

func plainLines(gen int, jq, text string) plainText {
	p := plainText{gen: gen, jq: jq, src: strings.Split(strings.TrimRight(ansi.Strip(text), "\n"), "\n")}
	p.low = make([]string, len(p.src))
	for i, l := range p.src {
		p.low[i] = strings.ToLower(l)
	}
	return p
}

// plainFrom is the large answer's lines for a search, made in a command as it comes: made on
// the search's first key, they held it some 60 ms for a 1 MiB answer.
func (r *reader) plainFrom(rendered string) tea.Cmd {
	if len(rendered) < 64<<10 {
		return nil
	}
	gen := r.gen
	return func() tea.Msg { return plainReadyMsg(plainLines(gen, "", rendered)) }
}

// plainReadyMsg is an answer's lines for a search, made in a command.
type plainReadyMsg plainText

// plainReady keeps the lines made in a command, when they are the answer's shown now.
func (r *reader) plainReady(msg plainReadyMsg) {
	if p := plainText(msg); p.gen == r.gen && r.plain == nil {
		r.plain = &p
	}
}

// find has the search find its query in c, unless it has since both last changed.
func (r *reader) find(c *shownLines) {
	if k := (foundKey{c, r.search.Query()}); k != r.found {
		r.search.Find(c.src, c.low)
		r.found = k
	}
}

// foundKey is what the search's matches were found in, and for what query.
type foundKey struct {
	in    *shownLines
	query string
}

// shownStart is the start of a plain line that holds its first width cells: eight bytes a
// cell leaves room for combining marks, and more is never shown (a 1 MB one-line page was
// marked whole for the width of a screen).
func shownStart(l string, width int) string {
	n := 8*width + 16
	if len(l) <= n {
		return l
	}
	for n > 0 && !utf8.RuneStart(l[n]) {
		n--
	}
	return l[:n]
}
