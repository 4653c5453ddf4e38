package components

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/bkconsole/bkconsole/tui/common"

	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// FilterList is a table with a filter line above it: "/" starts typing, the table narrows
// as you type, enter or esc leaves the field; esc again clears the filter.
type FilterList struct {
	ctx       *common.Context
	List      *list.Model
	input     textinput.Model
	filtering bool
	// entered: the key last handled was the enter that closed the filter, which also opens
	// the top match (the page's to do: Opens).
	entered bool
	width   int
	height  int
}

var _ common.Component = (*FilterList)(nil)

// NewFilterList is a filter list of these columns, the filter matching the columns in search.
func NewFilterList(c *common.Context, cols []list.Column, search []int) *FilterList {
	in := NewTextInput(c)
	in.Prompt = "/ "
	in.PromptStyle = c.Theme.Prompt
	in.CharLimit = 200
	return &FilterList{ctx: c, List: list.New(cols, search, c.Theme.List), input: in}
}

// SetColumns sets the list's columns anew, in the theme of the moment (a page builds them again
// when the language changes).
func (f *FilterList) SetColumns(cols []list.Column) {
	f.List.SetColumns(cols)
	f.List.SetStyles(f.ctx.Theme.List)
}

// ShortHelp is the filter key; the page names its own keys beside it.
func (f *FilterList) ShortHelp() []key.Binding { return []key.Binding{f.ctx.Nav.Filter} }

// FullHelp is moving through the list and filtering it.
func (f *FilterList) FullHelp() [][]key.Binding {
	n := f.ctx.Nav
	return [][]key.Binding{{n.Up, n.Down, n.PageUp, n.PageDown, n.Top, n.Bottom}, {n.Filter}}
}

// SetSize gives the list its box: the filter line and the rows below it.
func (f *FilterList) SetSize(w, h int) {
	f.width, f.height = w, h
	f.input.Width = max(10, w-30)
	f.List.SetSize(w, max(1, h-1))
}

// Capturing is true while the filter field has focus.
// RowKeys is keys that act on rows, or none when the list holds no row at all (rather than
// none the filter lets through): a footer does not offer to open or filter nothing.
func (f *FilterList) RowKeys(keys ...key.Binding) []key.Binding {
	if f.List.Total() == 0 {
		return nil
	}
	return keys
}

func (f *FilterList) Capturing() bool { return f.filtering }

// FilterKeys are the footer while the filter is typed, nil when it is not: enter, which opens
// the top match on a page that opens rows (open, as that page words it) and else keeps the
// filter, and esc, which keeps it. A page's other keys are letters the field takes: offered
// there, they lied (the MCP list said "A apply" while A was typed).
func (f *FilterList) FilterKeys(open key.Binding) []key.Binding {
	if !f.filtering {
		return nil
	}
	fk, k := f.ctx.Form, f.ctx.Keys
	done := k.As(fk.Done, "key.apply_filter")
	if d := open.Help().Desc; d != "" {
		done = key.NewBinding(key.WithKeys(fk.Done.Keys()...), key.WithHelp(fk.Done.Help().Key, d))
	}
	return []key.Binding{done, k.As(fk.Cancel, "key.apply_filter")}
}

// Escape clears an applied filter; it reports whether it did.
func (f *FilterList) Escape() bool {
	if f.List.Filter() != "" {
		f.input.SetValue("")
		f.List.SetFilter("")
		return true
	}
	return false
}

// Entered says whether the key Update just left to the page was the enter that closed the
// filter: the page opens the top match at once.
func (f *FilterList) Entered() bool { return f.entered }

// Opens says whether msg, a key Update left to the page, asks to open the selected row: the
// page's open key, or the enter that closed the filter.
func (f *FilterList) Opens(msg tea.KeyMsg, open key.Binding) bool {
	return f.entered || key.Matches(msg, open)
}

// Update handles a key; handled is false when the key is not the list's.
func (f *FilterList) Update(msg tea.KeyMsg) (bool, tea.Cmd) {
	n := f.ctx.Nav
	f.entered = false
	if f.filtering {
		fk := f.ctx.Form
		switch {
		case key.Matches(msg, fk.Cancel, fk.Done): // enter is left to the page: it opens the row
			f.filtering = false
			f.input.Blur()
			f.entered = !key.Matches(msg, fk.Cancel)
			return !f.entered, nil
		case key.Matches(msg, fk.ArrowUp):
			f.List.Move(-1)
			return true, nil
		case key.Matches(msg, fk.ArrowDown):
			f.List.Move(1)
			return true, nil
		case key.Matches(msg, fk.ArrowPageUp):
			f.List.PageUp()
			return true, nil
		case key.Matches(msg, fk.ArrowPageDown):
			f.List.PageDown()
			return true, nil
		}
		var cmd tea.Cmd
		f.input, cmd = f.input.Update(msg)
		f.List.SetFilter(f.input.Value())
		return true, cmd
	}
	switch {
	case key.Matches(msg, n.Filter):
		f.filtering = true
		return true, f.input.Focus()
	case f.navigate(msg):
		return true, nil
	}
	return false, nil
}

func (f *FilterList) navigate(msg tea.KeyMsg) bool { return f.ctx.Nav.Scroll(msg, f.List) }

// Mouse scrolls on the wheel and selects on a click; y is relative to the filter line.
// It reports a click on a row.
func (f *FilterList) Mouse(msg tea.MouseMsg, y int) bool {
	switch {
	case msg.Button == tea.MouseButtonWheelUp:
		f.List.Scroll(-3)
	case msg.Button == tea.MouseButtonWheelDown:
		f.List.Scroll(3)
	case msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft:
		return f.List.Click(y - 1)
	}
	return false
}

func (f *FilterList) View() string {
	t := f.ctx.Theme
	count := t.Subtle.Render(fmt.Sprintf("  %s", f.ctx.T("tui.count", f.List.Len(), f.List.Total())))
	var line string
	switch {
	case f.filtering:
		line = f.input.View() + count
	case f.List.Filter() != "":
		// A long query (a paste) is cut, not the count and the key that clears it.
		clears := t.Subtle.Render("  " + f.ctx.T("tui.esc_clears", f.ctx.Global.Back.Help().Key))
		room := max(10, f.width-2-lipgloss.Width(count)-lipgloss.Width(clears))
		line = t.Prompt.Render("/ ") + ansi.Truncate(f.List.Filter(), room, "…") + count + clears
	default:
		line = t.Subtle.Render(f.ctx.T("tui.filter_hint", f.ctx.Nav.Filter.Help().Key)) + count
	}
	return line + "\n" + f.List.View()
}

// ToggleMark selects or unselects the row under the cursor of a list keyed by numeric id; it
// reports whether there was a row.
func ToggleMark(fl *FilterList, set map[int]bool) bool {
	r, ok := fl.List.Selected()
	if !ok {
		return false
	}
	id, _ := strconv.Atoi(r.Key)
	if set[id] {
		delete(set, id)
	} else {
		set[id] = true
	}
	return true
}

// ActionsFirst puts, once rows are marked, the keys that act on the marked rows (apply,
// renew) before a page's other keys: a narrow footer drops keys from the end, and at 60
// columns the MCP list with two servers marked offered "space select" but not "A apply".
func ActionsFirst(marked int, keys []key.Binding, actions ...key.Binding) []key.Binding {
	if marked == 0 || len(keys) == 0 {
		return keys
	}
	isAction := func(b key.Binding) bool {
		return slices.ContainsFunc(actions, func(a key.Binding) bool { return a.Help().Key == b.Help().Key })
	}
	first := slices.DeleteFunc(slices.Clone(keys), func(b key.Binding) bool { return !isAction(b) })
	return append(first, slices.DeleteFunc(slices.Clone(keys), isAction)...)
}
