// Package markdown lays out API docs in the terminal, in the user's theme. goldmark parses the
// document (with GitHub's tables, strikethrough and autolinks); each block is drawn here:
// headings, paragraphs wrapped at word boundaries, lists, quotes, rules, code blocks (JSON ones
// highlighted as a response body is) and tables at their natural widths. Nothing else is loaded:
// no lexer registry and no style sheets, which cost every command of the binary 36 ms at start-up
// when glamour drew the docs (docs/performance.md).
package markdown

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/styles"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/lipgloss/table"
	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

var parser = goldmark.New(goldmark.WithExtensions(east.Table, east.Strikethrough, east.Linkify)).Parser()

// Render draws src at width (8 columns at the least) in th's styles; no line is wider than width.
func Render(src string, width int, th *styles.Theme) string {
	r := renderer{src: []byte(src), th: th}
	doc := parser.Parse(text.NewReader(r.src))
	return r.blocks(doc, max(8, width)) + "\n"
}

// RenderForCopy draws src as Render does, except that code blocks keep their lines whole: a
// doc printed to a terminal, whose example a user copies (a curl command broken at the width
// with an indent was no longer one command); the terminal wraps a long line and copies it whole.
func RenderForCopy(src string, width int, th *styles.Theme) string {
	r := renderer{src: []byte(src), th: th, wholeCode: true}
	doc := parser.Parse(text.NewReader(r.src))
	return r.blocks(doc, max(8, width)) + "\n"
}

type renderer struct {
	src       []byte
	th        *styles.Theme
	wholeCode bool // code lines are not broken at the width (RenderForCopy)
}

// blocks draws n's children, a blank line between two.
func (r *renderer) blocks(n ast.Node, width int) string { return r.children(n, width, "\n\n") }

// tightBlocks draws a tight list item's blocks with no blank line between them.
func (r *renderer) tightBlocks(n ast.Node, width int) string { return r.children(n, width, "\n") }

func (r *renderer) children(n ast.Node, width int, sep string) string {
	var out []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if s := r.block(c, width); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}

func (r *renderer) block(n ast.Node, width int) string {
	th := r.th
	switch n := n.(type) {
	case *ast.Heading:
		st := th.Title
		if n.Level > 2 {
			st = th.Bold
		}
		// The level's marks stay: without colour (NO_COLOR, a pipe) they are what tells a heading.
		return wrap(st.Render(strings.Repeat("#", n.Level))+" "+r.inline(n, st), width)
	case *ast.Paragraph, *ast.TextBlock:
		return wrap(r.inline(n, lipgloss.NewStyle()), width)
	case *ast.List:
		return r.list(n, width)
	case *ast.Blockquote:
		bar := th.Subtle.Render("│ ")
		return prefixLines(r.blocks(n, width-2), bar, bar)
	case *ast.ThematicBreak:
		return th.Subtle.Render(strings.Repeat("─", min(width, 40)))
	case *ast.FencedCodeBlock:
		return r.code(n, string(n.Language(r.src)), width)
	case *ast.CodeBlock:
		return r.code(n, "", width)
	case *extast.Table:
		return r.table(n, width)
	case *ast.HTMLBlock:
		var b strings.Builder
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			b.Write(seg.Value(r.src))
		}
		return wrap(words(stripTags(b.String()), lipgloss.NewStyle()), width)
	}
	return r.blocks(n, width)
}

// list draws a list's items under their markers, each item's lines indented past its marker.
func (r *renderer) list(n *ast.List, width int) string {
	var items []string
	i := n.Start
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		marker := "• "
		if n.IsOrdered() {
			marker = strconv.Itoa(i) + ". "
			i++
		}
		indent := ansi.StringWidth(marker)
		var body string
		if n.IsTight {
			body = r.tightBlocks(c, width-indent)
		} else {
			body = r.blocks(c, width-indent) + "\n"
		}
		items = append(items, prefixLines(body, r.th.Prompt.Render(marker), strings.Repeat(" ", indent)))
	}
	return strings.TrimRight(strings.Join(items, "\n"), "\n")
}

// code draws a code block indented, JSON highlighted, long lines broken at the width (but for
// RenderForCopy).
func (r *renderer) code(n ast.Node, lang string, width int) string {
	var b strings.Builder
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		b.Write(seg.Value(r.src))
	}
	// Broken at the width first, then coloured: each line's styles open and close on it.
	src := strings.TrimRight(b.String(), "\n")
	if !r.wholeCode {
		src = ansi.Hardwrap(src, width-2, true)
	}
	var out string
	if lang == "json" || lang == "" && looksJSON(src) {
		out = HighlightJSON(src, r.th)
	} else {
		out = strings.Join(styleLines(src, r.th.Warn), "\n")
	}
	return prefixLines(out, "  ", "  ")
}

// table draws a table at its natural width, wrapped only when wider than width.
func (r *renderer) table(n *extast.Table, width int) string {
	var header []string
	var rows [][]string
	for row := n.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []string
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			cells = append(cells, ansi.Strip(r.inline(cell, lipgloss.NewStyle())))
		}
		if _, isHeader := row.(*extast.TableHeader); isHeader {
			header = cells
		} else {
			rows = append(rows, cells)
		}
	}
	cols := len(header)
	for _, c := range rows {
		cols = max(cols, len(c))
	}
	norm := func(c []string) []string {
		for len(c) < cols {
			c = append(c, "")
		}
		return c[:cols]
	}
	th := r.th
	build := func(cell func(col int, text string) string) *table.Table {
		tb := table.New().Border(lipgloss.NormalBorder()).BorderStyle(th.Subtle).
			StyleFunc(func(row, col int) lipgloss.Style {
				st := lipgloss.NewStyle().Padding(0, 1)
				if row == table.HeaderRow {
					return st.Inherit(th.Bold)
				}
				return st
			})
		tb.Headers(mapCells(norm(header), cell)...)
		for _, c := range rows {
			tb.Row(mapCells(norm(c), cell)...)
		}
		return tb
	}
	same := func(_ int, text string) string { return text }
	out := build(same).String()
	if lipgloss.Width(out) <= width {
		return out
	}
	// Wider than the page: the widest columns give way first, and each cell is wrapped at its
	// column's width where Unicode allows (lipgloss's own Width cut a table a little too wide at
	// its right border, and wrapped a Chinese cell at spaces only).
	if ws := fitColumns(naturalWidths(header, rows, cols), width-(cols+1)); ws != nil {
		out = build(func(col int, text string) string { return common.Wrap(text, ws[col]) }).String()
	}
	return ansi.Hardwrap(out, width, true)
}

func mapCells(cells []string, f func(col int, text string) string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = f(i, c)
	}
	return out
}

// naturalWidths is each column's widest line, header included.
func naturalWidths(header []string, rows [][]string, cols int) []int {
	ws := make([]int, cols)
	for _, r := range append([][]string{header}, rows...) {
		for i, c := range r[:min(len(r), cols)] {
			for _, l := range strings.Split(c, "\n") {
				ws[i] = max(ws[i], ansi.StringWidth(l))
			}
		}
	}
	return ws
}

// fitColumns narrows the widest columns until the text and each column's padding (2) fit
// room: the narrow ones stay whole. nil when not even a character a column fits.
func fitColumns(natural []int, room int) []int {
	room -= 2 * len(natural)
	if room < len(natural) {
		return nil
	}
	total := func(limit int) int {
		sum := 0
		for _, w := range natural {
			sum += min(w, limit)
		}
		return sum
	}
	limit := slices.Max(natural)
	for limit > 1 && total(limit) > room {
		limit--
	}
	ws := make([]int, len(natural))
	spare := room - total(limit)
	for i, w := range natural {
		ws[i] = max(1, min(w, limit))
		if w > limit && spare > 0 { // what the limit's step left over goes to the cut columns
			ws[i]++
			spare--
		}
	}
	return ws
}

// inline draws n's inline content in base, each word styled on its own so that wrapping never
// carries a style into the next line's start.
func (r *renderer) inline(n ast.Node, base lipgloss.Style) string {
	var b strings.Builder
	r.inlines(n, base, &b)
	return strings.TrimSpace(b.String())
}

func (r *renderer) inlines(n ast.Node, st lipgloss.Style, b *strings.Builder) {
	th := r.th
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.WriteString(words(string(c.Segment.Value(r.src)), st))
			switch {
			case c.HardLineBreak():
				b.WriteString("\n")
			case c.SoftLineBreak():
				b.WriteString(" ")
			}
		case *ast.String:
			b.WriteString(words(string(c.Value), st))
		case *ast.CodeSpan:
			var code strings.Builder
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if s, ok := t.(*ast.Text); ok {
					code.Write(s.Segment.Value(r.src))
				}
			}
			b.WriteString(words(code.String(), th.Warn))
		case *ast.Emphasis:
			es := st.Italic(true)
			if c.Level > 1 {
				es = st.Bold(true)
			}
			r.inlines(c, es, b)
		case *extast.Strikethrough:
			r.inlines(c, st.Strikethrough(true), b)
		case *ast.Link:
			before := b.Len()
			r.inlines(c, th.Link, b)
			if dest := string(c.Destination); dest != "" && !strings.Contains(b.String()[before:], dest) {
				b.WriteString(" " + words("("+dest+")", th.Subtle))
			}
		case *ast.AutoLink:
			b.WriteString(words(string(c.URL(r.src)), th.Link))
		case *ast.Image:
			r.inlines(c, th.Subtle, b)
		case *ast.RawHTML:
			for i := 0; i < c.Segments.Len(); i++ {
				seg := c.Segments.At(i)
				if tag := strings.ToLower(string(seg.Value(r.src))); strings.HasPrefix(tag, "<br") {
					b.WriteString("\n")
				}
			}
		default:
			r.inlines(c, st, b)
		}
	}
}

// words styles each run of text between spaces (and lines) on its own.
func words(s string, st lipgloss.Style) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		parts := strings.Split(l, " ")
		for j, p := range parts {
			if p != "" {
				parts[j] = st.Render(p)
			}
		}
		lines[i] = strings.Join(parts, " ")
	}
	return strings.Join(lines, "\n")
}

func styleLines(s string, st lipgloss.Style) []string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = st.Render(l)
		}
	}
	return lines
}

// wrap breaks text where Unicode allows (between words, between two Chinese characters: a
// Chinese sentence between two English words is not moved whole, leaving a ragged line), and
// inside a run longer than the width.
func wrap(s string, width int) string { return common.Wrap(s, width) }

// prefixLines puts first before the first line and rest before every other.
func prefixLines(s, first, rest string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		p := rest
		if i == 0 {
			p = first
		}
		if l == "" && i > 0 {
			lines[i] = strings.TrimRight(p, " ")
			continue
		}
		lines[i] = p + l
	}
	return strings.Join(lines, "\n")
}

var tags = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<[^>]*>`) })

func stripTags(s string) string {
	return strings.TrimSpace(tags().ReplaceAllString(strings.NewReplacer("<br>", "\n", "<br/>", "\n", "<br />", "\n").Replace(s), ""))
}

func looksJSON(s string) bool {
	t := strings.TrimSpace(s)
	return strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") || strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]")
}
