package console

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/client/jqfilter"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"
	"github.com/bkconsole/bkconsole/tui/keymap"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// jqBudget bounds one run of the filter as it is typed: the next key must not wait on it.
const jqBudget = 150 * time.Millisecond

// syncDecode is the largest body decoded for the filter while a key waits (under 10 ms: 0.4
// MiB took 22 ms); a larger one is decoded in a command (15.6 MiB took a second on the key that
// asked), and the filter is applied when it is.
const syncDecode = 128 << 10

// bodyDecodedMsg is a large body decoded for the filter; gen tells which answer it was.
type bodyDecodedMsg struct {
	gen int
	doc any
	err error
}

// reader is how the Response tab reads a long answer: a search with every match marked and a
// count, wrapping of long lines, and a jq filter on a JSON body applied as it is typed.
type reader struct {
	wrap   bool
	search components.Search
	ready  bool // made by newReader

	jqIn      textinput.Model
	filtering bool // the expression is being typed
	jqOut     string
	jqErr     error  // the filter's mistake (jqfilter.Message says it in the UI's language)
	jqErrKey  string // or a catalog key for what bkconsole says itself (not JSON, too slow)
	doc       any    // the body decoded, once
	docErr    error
	decoded   bool
	decoding  bool // a large body is being decoded in a command
	gen       int  // the answer's number: a decoding of an earlier one is dropped
	kept      *shownLines
	plain     *plainText // the lines a search reads, for the answer (gen) and filter (jq) shown
	found     foundKey   // what the search's matches were last found in
}

func newReader(c *common.Context) reader {
	in := components.NewTextInput(c)
	in.Prompt = "jq "
	in.CharLimit = 512
	in.Width = components.QueryWidth // the field scrolls: its error stays in sight
	return reader{search: components.NewSearch(c), jqIn: in, ready: true}
}

// reset forgets what depended on the last answer; the wrap setting and the expression stay, so
// the next answer reads the same way (the command decodes a large one for the filter).
func (r *reader) reset(body []byte) tea.Cmd {
	r.doc, r.docErr, r.decoded, r.decoding, r.plain = nil, nil, false, false, nil
	r.gen++
	r.search.Rewind()
	if r.jqIn.Value() != "" {
		return r.runJQ(body)
	}
	return nil
}

// decodedBody takes a large body decoded in a command and applies the filter to it.
func (r *reader) decodedBody(msg bodyDecodedMsg, body []byte) {
	if msg.gen != r.gen {
		return // an earlier answer's
	}
	r.doc, r.docErr, r.decoded, r.decoding = msg.doc, msg.err, true, false
	r.runJQ(body)
}

// typing: a text field of the reader has the keys.
func (r *reader) typing() bool { return r.search.Typing() || r.filtering }

// escape clears what is in force (the search, then the filter); false when nothing was.
func (r *reader) escape() bool {
	switch {
	case r.search.Clear():
		return true
	case r.jqIn.Value() != "":
		r.jqIn.SetValue("")
		r.jqOut, r.jqErr, r.jqErrKey = "", nil, ""
		return true
	}
	return false
}

// key takes a key while a field is typed; body is the answer's, for the filter as typed.
func (r *reader) key(msg tea.KeyMsg, body []byte, f keymap.Form) tea.Cmd {
	if r.search.Typing() {
		return r.search.Key(msg, f)
	}
	if key.Matches(msg, f.Done) || key.Matches(msg, f.Cancel) {
		r.filtering = false
		r.jqIn.Blur()
		return nil
	}
	var cmd tea.Cmd
	r.jqIn, cmd = r.jqIn.Update(msg)
	return tea.Batch(cmd, r.runJQ(body))
}

// stopTyping leaves a field being typed as enter would: the search keeps what was typed.
func (r *reader) stopTyping() {
	r.search.Stop()
	r.filtering = false
	r.jqIn.Blur()
}

func (r *reader) startFilter() tea.Cmd {
	r.filtering = true
	return r.jqIn.Focus()
}

// runJQ filters the body with the expression as it stands; a mistake is said, not applied.
// The command, if any, decodes a large body first (bodyDecodedMsg).
func (r *reader) runJQ(body []byte) tea.Cmd {
	expr := strings.TrimSpace(r.jqIn.Value())
	r.jqOut, r.jqErr, r.jqErrKey = "", nil, ""
	if expr == "" {
		return nil
	}
	if len(bytes.TrimSpace(body)) == 0 { // a HEAD's, a 204's: not broken JSON, none at all
		r.jqErrKey = "console.jq_no_body"
		return nil
	}
	if !r.decoded && len(body) > syncDecode {
		r.jqErrKey = "console.jq_reading"
		if r.decoding {
			return nil
		}
		r.decoding = true
		gen := r.gen
		return func() tea.Msg {
			doc, err := jqfilter.Decode(body)
			return bodyDecodedMsg{gen, doc, err}
		}
	}
	if !r.decoded {
		r.doc, r.docErr = jqfilter.Decode(body)
		r.decoded = true
	}
	if r.docErr != nil {
		r.jqErrKey = "console.jq_not_json"
		return nil
	}
	f, err := jqfilter.Parse(expr)
	if err != nil {
		r.jqErr = err
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), jqBudget)
	defer cancel()
	var out bytes.Buffer
	err = f.Run(ctx, &out, r.doc, components.DisplayLimit)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		r.jqErrKey = "console.jq_too_slow"
	case err != nil && !errors.Is(err, jqfilter.ErrTooLong):
		r.jqErr = err
	}
	if r.jqErr == nil && r.jqErrKey == "" {
		r.jqOut = out.String()
	}
	return nil
}

// body is the answer's body as the reader shows it, in lines no wider than width: filtered,
// the search's matches marked (the current one apart), then wrapped or cut; drawn from line lo
// to hi, empty elsewhere (see window). Matches are found in whole lines, so a match past the
// cut of a long line is counted and wrapping shows it.
func (r *reader) body(v *responseView, rendered string, width, lo, hi int) []string {
	width = max(10, width)
	c := r.lines(v, rendered, width)
	shown := r.window(v, c, lo, hi)
	r.shownAt(c, width)
	return shown
}

// locate finds the search's matches and where each is shown, drawing nothing.
func (r *reader) locate(v *responseView, rendered string, width int) {
	width = max(10, width)
	c := r.lines(v, rendered, width)
	r.find(c)
	r.shownAt(c, width)
}

// shownAt tells the search on which shown line each match is.
func (r *reader) shownAt(c *shownLines, width int) {
	r.search.SetShown(func(m components.Match) int {
		from, _ := c.span(m.Line)
		if r.wrap {
			return from + m.Col/width
		}
		return from
	})
}

// statusLine says how the body is being read: the search and its count, the filter and its
// error, wrapping.
func (r *reader) statusLine(v *responseView) string {
	c, t := v.ctx, v.ctx.Theme
	parts := r.search.Status(c)
	switch {
	case r.filtering:
		parts = append(parts, r.jqIn.View())
	case r.jqIn.Value() != "":
		parts = append(parts, "jq "+components.ShownQuery(r.jqIn.Value()))
	}
	switch {
	case r.jqErrKey == "console.jq_reading":
		parts = append(parts, t.Subtle.Render(c.T(r.jqErrKey)))
	case r.jqErrKey == "console.jq_too_slow":
		parts = append(parts, t.Error.Render("✗ "+c.T(r.jqErrKey, jqBudget.String())))
	case r.jqErrKey != "":
		parts = append(parts, t.Error.Render("✗ "+c.T(r.jqErrKey)))
	case r.jqErr != nil:
		parts = append(parts, t.Error.Render("✗ "+untrusted.Line(jqfilter.Message(r.jqErr, c.Lang))))
	}
	if r.wrap {
		parts = append(parts, c.T("console.wrap_on"))
	}
	return strings.Join(parts, t.Subtle.Render(" · "))
}

// readKey takes the Response tab's reading keys: the search and filter fields while typed, /,
// n and N, w and f.
func (s *ConsoleScreen) readKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	r, k := &s.response.read, s.response.keys
	var cmd tea.Cmd
	switch {
	case r.typing():
		cmd = s.Own(r.key(msg, s.response.body(), s.Ctx.Form))
	case key.Matches(msg, k.Search):
		cmd = r.search.Start()
	case key.Matches(msg, k.Filter):
		cmd = r.startFilter()
	case key.Matches(msg, k.Wrap):
		r.wrap = !r.wrap
	case key.Matches(msg, k.Next) && r.search.Query() != "":
		r.search.Move(1)
	case key.Matches(msg, k.Prev) && r.search.Query() != "":
		r.search.Move(-1)
	default:
		return nil, false
	}
	if s.response.resp != nil && r.search.Query() != "" {
		// Where the current match is, found without drawing: the view moves there first and
		// is drawn once (drawn, then moved, it was drawn twice).
		r.locate(&s.response, s.response.rendered, s.vp.Width)
		s.showMatch()
	}
	s.refreshViewport()
	s.showMatch()
	return cmd, true
}

// showMatch scrolls so the current match is in view, a third down the screen.
func (s *ConsoleScreen) showMatch() {
	line := s.response.matchLine()
	if line < 0 {
		return
	}
	if line < s.vp.YOffset || line >= s.vp.YOffset+s.vp.Height {
		s.vp.SetYOffset(max(0, line-s.vp.Height/3))
	}
}

// readLine is the line under a tab's content: on the Response tab, how the body is read; on
// every tab, the scroll position when the content is longer than the screen (as the doc's).
func (s *ConsoleScreen) readLine() string {
	var parts []string
	if s.tab == ctabResponse && s.response.resp != nil {
		if l := s.response.read.statusLine(&s.response); l != "" {
			parts = append(parts, l)
		}
	}
	if s.vp.TotalLineCount() > s.vp.Height {
		parts = append(parts, s.Ctx.Theme.Subtle.Render(fmt.Sprintf("%3.0f%%", s.vp.ScrollPercent()*100)))
	}
	return ansi.Truncate(strings.Join(parts, "  "), s.Width, "…")
}
