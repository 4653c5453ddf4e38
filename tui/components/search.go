package components

import (
	"strings"

	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/keymap"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Search is a search in text a page shows (a response's body, an API's doc), as less's /:
// the query typed in a field, every match marked and counted, n and N from one to the next.
type Search struct {
	in      textinput.Model
	typing  bool   // the query is being typed
	query   string // the query in force
	matches []Match
	at      int // the current match
}

// Match is one match: its source line, its byte span and column there, and the line it is
// shown on once lines are wrapped or cut (the page sets Shown).
type Match struct{ Line, Start, End, Col, Shown int }

// SearchKeys are a search's keys: start it, and go to the next and the previous match.
type SearchKeys struct{ Search, Next, Prev key.Binding }

// NewSearchKeys are the search keys, rebindable by their action names (as on every page).
func NewSearchKeys(l keymap.Keys) SearchKeys {
	return SearchKeys{Search: l.Bind("/", "key.search_body", "/"), Next: l.Bind("n", "key.next_match", "n"), Prev: l.Bind("N", "key.prev_match", "N")}
}

func NewSearch(c *common.Context) Search {
	in := NewTextInput(c)
	in.Prompt = "/"
	in.CharLimit = 512
	in.Width = QueryWidth // the field scrolls: the count after it stays in sight
	return Search{in: in}
}

// Typing: the search's field has the keys.
func (s *Search) Typing() bool { return s.typing }

// Query is the query in force ("" for none).
func (s *Search) Query() string { return s.query }

// Start focuses the field for a query.
func (s *Search) Start() tea.Cmd {
	s.typing = true
	return s.in.Focus()
}

// Stop leaves the field as enter would: the query typed stays in force.
func (s *Search) Stop() {
	s.typing = false
	s.in.Blur()
}

// Key takes a key while the query is typed: enter keeps it, esc puts back the one in force.
func (s *Search) Key(msg tea.KeyMsg, f keymap.Form) tea.Cmd {
	switch {
	case key.Matches(msg, f.Done):
		s.Stop()
		return nil
	case key.Matches(msg, f.Cancel):
		s.in.SetValue(s.query)
		s.Stop()
		return nil
	}
	var cmd tea.Cmd
	s.in, cmd = s.in.Update(msg)
	s.query, s.at = s.in.Value(), 0
	return cmd
}

// Clear drops the query in force; false when there was none.
func (s *Search) Clear() bool {
	if s.query == "" {
		return false
	}
	s.query, s.matches, s.at = "", nil, 0
	s.in.SetValue("")
	return true
}

// Rewind makes the first match the current one (new text to search).
func (s *Search) Rewind() { s.at = 0 }

// Move goes to the next (+1) or previous (-1) match, round.
func (s *Search) Move(d int) {
	if n := len(s.matches); n > 0 {
		s.at = (s.at + d + n) % n
	}
}

// Current is the current match, false when there is none.
func (s *Search) Current() (Match, bool) {
	if len(s.matches) == 0 {
		return Match{}, false
	}
	return s.matches[s.at], true
}

// Mark finds the query in src, plain lines, case aside, and styles every match there, the
// current one apart. A line whose lower case changes its length is left unmarked.
func (s *Search) Mark(c *common.Context, src []string) {
	low := make([]string, len(src))
	if s.query != "" {
		for i, l := range src {
			low[i] = strings.ToLower(l)
		}
	}
	s.Find(src, low)
	for i, l := range s.MarkFound(c, src, nil) {
		src[i] = l
	}
}

// Find finds the query in src, already lowered in low (a page keeps them for each key of a
// search), styling nothing: MarkFound does.
func (s *Search) Find(src, low []string) {
	s.matches = s.matches[:0]
	if s.query == "" {
		return
	}
	q := strings.ToLower(s.query)
	for i, l := range src {
		lo := low[i]
		if len(lo) != len(l) {
			continue
		}
		col, at := 0, 0 // the width up to at, kept as the line is gone through: once per line
		for from := 0; from < len(lo); {
			j := strings.Index(lo[from:], q)
			if j < 0 {
				break
			}
			start := from + j
			col += width(l[at:start])
			s.matches = append(s.matches, Match{Line: i, Start: start, End: start + len(q), Col: col})
			col += width(l[start : start+len(q)])
			from, at = start+len(q), start+len(q)
		}
	}
	s.at = min(s.at, max(0, len(s.matches)-1))
}

// MarkFound styles the matches Find found in src, the current one apart, on the lines drawn
// says (nil: every line): the lines so marked, by their index; src is left as it is, and may
// hold only the start of a line that is cut where it is shown. Each line
// is built once, whatever its matches (a search for "a" in a one-line page of 1 MB built it
// again for each of 50,000 matches, and the program froze).
func (s *Search) MarkFound(c *common.Context, src []string, drawn func(line int) bool) map[int]string {
	// Each style's sequences are taken once: a Render per match took half a second on a
	// search for "i" in a 1 MiB answer (45,000 matches).
	match, current := around(c.Theme.Match), around(c.Theme.MatchCurrent)
	marked := map[int]string{}
	for k := 0; k < len(s.matches); { // matches run by line, then by place in it
		line, end := s.matches[k].Line, k
		for end < len(s.matches) && s.matches[end].Line == line {
			end++
		}
		if drawn == nil || drawn(line) {
			l := src[line]
			var b strings.Builder
			b.Grow(len(l) + (end-k)*(len(current[0])+len(current[1])))
			at := 0
			for j := k; j < end; j++ {
				m, st := s.matches[j], match
				if m.End > len(l) {
					break // past what the page gave of the line (cut to what it shows)
				}
				if j == s.at {
					st = current
				}
				b.WriteString(l[at:m.Start])
				b.WriteString(st[0] + l[m.Start:m.End] + st[1])
				at = m.End
			}
			b.WriteString(l[at:])
			marked[line] = b.String()
		}
		k = end
	}
	return marked
}

// width is a plain text's width in cells; printable ASCII's is its length.
func width(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// around is what a style writes before and after a span of plain text on one line.
func around(st lipgloss.Style) [2]string {
	pre, post, _ := strings.Cut(st.Render("x"), "x")
	return [2]string{pre, post}
}

// SetShown says on which line each match is shown, for a page that wraps or offsets lines.
func (s *Search) SetShown(shown func(Match) int) {
	for k := range s.matches {
		s.matches[k].Shown = shown(s.matches[k])
	}
}

// QueryWidth is how many cells of a query (a search's, a jq filter's) a status line shows,
// typed or in force: a long one (a paste) is cut, and what the line says after it (the count,
// an error, the scroll position) stays in sight at 60 columns.
const QueryWidth = 32

// ShownQuery is a query in force as a status line shows it: cleaned, and cut to QueryWidth.
func ShownQuery(q string) string { return ansi.Truncate(untrusted.Line(q), QueryWidth, "…") }

// Status is what the search says under the text: the field while typed, else the query in
// force, and the count ("3 of 12", "no match"); empty when there is no search.
func (s *Search) Status(c *common.Context) []string {
	var parts []string
	switch {
	case s.typing:
		parts = append(parts, s.in.View())
	case s.query != "":
		parts = append(parts, "/"+ShownQuery(s.query))
	}
	switch {
	case s.query == "":
	case len(s.matches) == 0:
		parts = append(parts, c.Theme.Warn.Render(c.T("console.no_match")))
	default:
		parts = append(parts, c.T("console.match_of", s.at+1, len(s.matches)))
	}
	return parts
}
