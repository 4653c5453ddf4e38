package list

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Column of the table. Every column first gets its natural width (its widest cell) as far
// as the terminal allows: Width caps a column while space is short, MinWidth is what a
// flexible one keeps; Priority orders who gets space first and loses it last.
type Column struct {
	Title string
	// Short is the title where the column is narrower than Title ("GATEWAY/SYSTEM" for
	// "GATEWAY / SYSTEM"), rather than Title cut.
	Short    string
	Width    int
	MinWidth int
	Priority int
	Filtered bool // highlight filter matches in this column
	// HideBelow leaves the column out on a table narrower than this: its cells are not worth
	// cutting the important ones for (an API's labels and description at 80 columns).
	HideBelow int
	// Leftover: the column takes what the others leave once they have their natural widths,
	// and is left out when that is under its MinWidth (a description beside paths that may be
	// short or long: a fixed HideBelow would be wrong for one or the other).
	Leftover bool
}

// shown tells whether column i is drawn at the table's width (and, for a Leftover column,
// with the rows it holds: widths decides).
func (m *Model) shown(i int) bool {
	return (m.cols[i].HideBelow == 0 || m.width >= m.cols[i].HideBelow) && (i >= len(m.leftOut) || !m.leftOut[i])
}

// Row is one line: its cells, a key for the caller, and an optional style per cell.
type Row struct {
	Key   string
	Cells []string
	// CellStyle, when set, styles a cell (method colours, badges).
	CellStyle func(col int) lipgloss.Style
}

// Styles of the table; the tui theme fills them.
type Styles struct {
	Header    lipgloss.Style
	Cell      lipgloss.Style
	Selected  lipgloss.Style
	Match     lipgloss.Style
	Marked    lipgloss.Style
	Scrollbar lipgloss.Style
	// CursorMark, when set, marks the cursor's row in text: where Selected shows nothing.
	CursorMark string
}

// Model is the table's state: every row, the filter's matches, cursor and scroll.
type Model struct {
	cols   []Column
	src    Source // the rows, given or on demand
	index  index  // the searchable text of every row, prepared once per SetRows
	search []int  // columns that the filter searches

	query   string
	matches []int32 // indexes of rows shown, ranked

	cursor, offset int
	width, height  int
	styles         Styles
	natural        []int  // the widest cell of each column, measured when rows are set
	leftOut        []bool // the Leftover columns left out at this width (widths decides)
	marked         func(key string) bool
	styleOf        func(row, col int) (lipgloss.Style, bool)
	paint          painter
}

// SetStyleFunc styles cells by row (its index among SetRows's rows), for lists too long for a
// closure or a map entry per row: it is asked only for the visible rows.
func (m *Model) SetStyleFunc(f func(row, col int) (lipgloss.Style, bool)) { m.styleOf = f }

// New makes a table with columns; search names the columns the filter looks in.
func New(cols []Column, search []int, st Styles) *Model {
	return &Model{cols: cols, search: search, styles: st, src: rowSlice(nil)}
}

// SetMarked sets the function that says whether a row is marked (multi-select).
func (m *Model) SetMarked(f func(key string) bool) { m.marked = f }

// SetStyles replaces the styles (theme or language change).
func (m *Model) SetStyles(st Styles) { m.styles = st; m.paint.reset() }

// SetColumns replaces the column titles and widths.
func (m *Model) SetColumns(cols []Column) { m.cols = cols }

// Source gives a long list's rows on demand, so that 50,000 rows are not kept twice (once
// as the caller's data, once as cells): the list asks for each row once when it is set (to
// index and measure it), then only for the rows it shows or hands back.
type Source interface {
	Len() int
	Row(i int) Row
}

// Keyer is a Source that tells a row's key without building the row (SelectKey).
type Keyer interface{ Key(i int) string }

type rowSlice []Row

func (s rowSlice) Len() int         { return len(s) }
func (s rowSlice) Row(i int) Row    { return s[i] }
func (s rowSlice) Key(i int) string { return s[i].Key }

// SetRows replaces the rows and prepares their haystacks; the filter is re-applied.
func (m *Model) SetRows(rows []Row) {
	size := 0
	for _, r := range rows {
		for _, c := range m.search {
			if c < len(r.Cells) {
				size += len(r.Cells[c]) + 1
			}
		}
	}
	m.setSource(rowSlice(rows), size)
}

// SetSource is SetRows for rows given on demand.
func (m *Model) SetSource(src Source) { m.setSource(src, src.Len()*64) }

func (m *Model) setSource(src Source, sizeHint int) {
	m.src = src
	n := src.Len()
	m.natural = make([]int, len(m.cols))
	m.index.reset(n, len(m.search), sizeHint)
	for i := range n {
		r := src.Row(i)
		for c := 0; c < len(r.Cells) && c < len(m.natural); c++ {
			m.natural[c] = max(m.natural[c], cellWidth(r.Cells[c]))
		}
		m.index.add(r.Cells, m.search)
	}
	m.index.finish()
	m.apply(m.query)
}

func (m *Model) key(i int32) string {
	if k, ok := m.src.(Keyer); ok {
		return k.Key(int(i))
	}
	return m.src.Row(int(i)).Key
}

// SetFilter filters and ranks rows by q. A query that extends the previous one only looks at
// the previous matches; one that shortens it is remembered.
func (m *Model) SetFilter(q string) {
	if q == m.query && m.matches != nil {
		return
	}
	m.apply(q)
}

func (m *Model) apply(q string) {
	m.matches = m.index.query(q)
	if m.query != q {
		m.cursor, m.offset = 0, 0 // a new query starts at its best match
	}
	m.query = q
	m.clamp()
}

// SetOrder shows only the rows at these indexes (of SetRows's rows), in this order: a status
// filter or a sort without preparing the rows again. The query filters within them. nil shows
// every row in its own order.
func (m *Model) SetOrder(order []int32) {
	m.index.setBase(order)
	m.apply(m.query)
}

// Filter is the current query.
func (m *Model) Filter() string { return m.query }

// Len is the number of rows shown.
func (m *Model) Len() int { return len(m.matches) }

// Total is the number of rows.
func (m *Model) Total() int { return len(m.index.shown()) }

// Selected returns the row under the cursor.
func (m *Model) Selected() (Row, bool) {
	if m.cursor < 0 || m.cursor >= len(m.matches) {
		return Row{}, false
	}
	return m.src.Row(int(m.matches[m.cursor])), true
}

// Visible calls f with the index (among the rows given) of each shown row, in order: "select
// all visible" reads its own data by index, without the list building 50,000 rows.
func (m *Model) Visible(f func(row int)) {
	for _, i := range m.matches {
		f(int(i))
	}
}

// Cursor is the cursor's index among shown rows.
func (m *Model) Cursor() int { return m.cursor }

// SetSize sets the table's size in cells; one line is the header.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.clamp()
}

func (m *Model) pageRows() int {
	if m.height <= 1 {
		return 1
	}
	return m.height - 1
}

func (m *Model) clamp() {
	if m.cursor >= len(m.matches) {
		m.cursor = len(m.matches) - 1
	}
	if m.cursor < 0 {
		m.cursor = 0
	}
	page := m.pageRows()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+page {
		m.offset = m.cursor - page + 1
	}
	if max := len(m.matches) - page; m.offset > max {
		m.offset = max
	}
	if m.offset < 0 {
		m.offset = 0
	}
}

// Move moves the cursor by n rows.
func (m *Model) Move(n int) { m.cursor += n; m.clamp() }

// PageDown and friends move by pages and to the ends.
func (m *Model) PageDown() { m.Move(m.pageRows()) }
func (m *Model) PageUp()   { m.Move(-m.pageRows()) }
func (m *Model) Top()      { m.cursor = 0; m.clamp() }
func (m *Model) Bottom()   { m.cursor = len(m.matches) - 1; m.clamp() }

// Scroll moves the window (mouse wheel) and keeps the cursor inside it.
func (m *Model) Scroll(n int) {
	m.offset += n
	if max := len(m.matches) - m.pageRows(); m.offset > max {
		m.offset = max
	}
	if m.offset < 0 {
		m.offset = 0
	}
	if m.cursor < m.offset {
		m.cursor = m.offset
	}
	if m.cursor >= m.offset+m.pageRows() {
		m.cursor = m.offset + m.pageRows() - 1
	}
	m.clamp()
}

// Click selects the row at line y of the table (0 is the header); ok when a row was hit.
func (m *Model) Click(y int) bool {
	if y < 1 {
		return false
	}
	i := m.offset + y - 1
	if i >= len(m.matches) {
		return false
	}
	m.cursor = i
	return true
}

// SelectKey moves the cursor to the row with key, if shown.
func (m *Model) SelectKey(key string) {
	for i, idx := range m.matches {
		if m.key(idx) == key {
			m.cursor = i
			m.clamp()
			return
		}
	}
}

// cellWidth is a cell's width in terminal cells; plain ASCII is counted without decoding.
func cellWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] < 0x20 {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// cellSpaces makes a cell one line of known width: newline and tab become a space.
var cellSpaces = strings.NewReplacer("\n", " ", "\t", " ")

// fit truncates s to w cells and pads it; cell widths, so wide characters line up.

func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = cellSpaces.Replace(s) // a server's tab would expand past the cell's width
	n := cellWidth(s)
	if n > w {
		s = ansi.Truncate(s, w, "…")
		n = cellWidth(s)
	}
	if pad := w - n; pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// highlight styles the runes of s that match the filter.
func (m *Model) highlight(s string, w int, base lipgloss.Style) string {
	plain := fit(s, w)
	pos := Positions(strings.TrimRight(plain, " "), m.query)
	if len(pos) == 0 {
		return m.paint.paint(base, plain)
	}
	var b strings.Builder
	rs := []rune(plain)
	match := m.styles.Match.Inherit(base)
	// Runs of matched and unmatched characters, one Render each.
	start, k := 0, 0
	for start < len(rs) {
		end := start
		if k < len(pos) && pos[k] == start {
			for k < len(pos) && pos[k] == end {
				end++
				k++
			}
			b.WriteString(m.paint.paint(match, string(rs[start:end])))
		} else {
			end = len(rs)
			if k < len(pos) {
				end = pos[k]
			}
			b.WriteString(m.paint.paint(base, string(rs[start:end])))
		}
		start = end
	}
	return b.String()
}

// marker is a row's first two cells: "●" for a marked row, and the cursor's mark when the
// styles have one ("▸ ", "▸●").
func (m *Model) marker(key string, selected bool, base lipgloss.Style) string {
	marked := m.marked != nil && m.marked(key)
	if selected && m.styles.CursorMark != "" {
		rest := " "
		if marked {
			rest = m.paint.paint(m.styles.Marked.Inherit(base), "●")
		}
		return m.paint.paint(base, m.styles.CursorMark) + rest
	}
	if marked {
		return m.paint.paint(m.styles.Marked.Inherit(base), "● ")
	}
	return m.paint.paint(base, "  ")
}

// View renders the header and the visible rows only: its work does not grow with the rows.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	w := m.widths()
	var b strings.Builder
	var hdr []string
	last := -1 // the last column drawn: no space after it
	for i, c := range m.cols {
		if m.shown(i) {
			title := c.Title
			if c.Short != "" && ansi.StringWidth(title) > w[i] {
				title = c.Short
			}
			hdr = append(hdr, fit(title, w[i]))
			last = i
		}
	}
	b.WriteString(m.styles.Header.Render(fit("  "+strings.Join(hdr, " "), m.width)))
	page := m.pageRows()
	end := min(m.offset+page, len(m.matches))
	// A scrollbar thumb shows where the window is in a long list.
	thumbStart, thumbLen := -1, 0
	if n := len(m.matches); n > page {
		thumbLen = max(1, page*page/n)
		thumbStart = m.offset * (page - thumbLen) / max(1, n-page)
	}
	for i := m.offset; i < end; i++ {
		b.WriteByte('\n')
		r := m.src.Row(int(m.matches[i]))
		selected := i == m.cursor
		base := m.styles.Cell
		if selected {
			base = m.styles.Selected
		}
		b.WriteString(m.marker(r.Key, selected, base))
		for c := range m.cols {
			if !m.shown(c) {
				continue
			}
			cell := ""
			if c < len(r.Cells) {
				cell = r.Cells[c]
			}
			st := base
			if r.CellStyle != nil {
				st = r.CellStyle(c).Inherit(base)
			} else if m.styleOf != nil {
				if cs, ok := m.styleOf(int(m.matches[i]), c); ok {
					st = cs.Inherit(base)
				}
			}
			if m.cols[c].Filtered && m.query != "" {
				b.WriteString(m.highlight(cell, w[c], st))
			} else {
				b.WriteString(m.paint.paint(st, fit(cell, w[c])))
			}
			if c < last {
				b.WriteString(m.paint.paint(base, " "))
			}
		}
		line := i - m.offset
		bar := " "
		if thumbStart >= 0 && line >= thumbStart && line < thumbStart+thumbLen {
			bar = "┃"
		}
		b.WriteString(m.paint.paint(m.styles.Scrollbar, bar))
	}
	return b.String()
}
