package tui

import (
	"fmt"
	"strconv"

	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// filterList is a table with a filter line above it: "/" starts typing, the table narrows
// as you type, enter or esc leaves the field; esc again clears the filter.
type filterList struct {
	ctx       *Context
	list      *list.Model
	input     textinput.Model
	filtering bool
	width     int
	height    int
}

func newFilterList(c *Context, cols []list.Column, search []int) *filterList {
	in := newTextInput()
	in.Prompt = "/ "
	in.PromptStyle = c.Theme.Prompt
	in.CharLimit = 200
	return &filterList{ctx: c, list: list.New(cols, search, c.Theme.List), input: in}
}

func (f *filterList) SetSize(w, h int) {
	f.width, f.height = w, h
	f.input.Width = max(10, w-30)
	f.list.SetSize(w, max(1, h-1))
}

// Capturing is true while the filter field has focus.
func (f *filterList) Capturing() bool { return f.filtering }

// Escape clears an applied filter; it reports whether it did.
func (f *filterList) Escape() bool {
	if f.list.Filter() != "" {
		f.input.SetValue("")
		f.list.SetFilter("")
		return true
	}
	return false
}

// Update handles a key; handled is false when the key is not the list's.
func (f *filterList) Update(msg tea.KeyMsg) (bool, tea.Cmd) {
	n := f.ctx.Nav
	if f.filtering {
		switch msg.String() {
		case "esc", "enter":
			f.filtering = false
			f.input.Blur()
			return msg.String() == "esc", nil
		case "up", "down", "pgup", "pgdown":
			f.navigate(msg)
			return true, nil
		}
		var cmd tea.Cmd
		f.input, cmd = f.input.Update(msg)
		f.list.SetFilter(f.input.Value())
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

func (f *filterList) navigate(msg tea.KeyMsg) bool {
	n := f.ctx.Nav
	switch {
	case key.Matches(msg, n.Up):
		f.list.Move(-1)
	case key.Matches(msg, n.Down):
		f.list.Move(1)
	case key.Matches(msg, n.PageUp):
		f.list.PageUp()
	case key.Matches(msg, n.PageDown):
		f.list.PageDown()
	case key.Matches(msg, n.Top):
		f.list.Top()
	case key.Matches(msg, n.Bottom):
		f.list.Bottom()
	default:
		return false
	}
	return true
}

// Mouse scrolls on the wheel and selects on a click; y is relative to the filter line.
// It reports a click on a row.
func (f *filterList) Mouse(msg tea.MouseMsg, y int) bool {
	switch {
	case msg.Button == tea.MouseButtonWheelUp:
		f.list.Scroll(-3)
	case msg.Button == tea.MouseButtonWheelDown:
		f.list.Scroll(3)
	case msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft:
		return f.list.Click(y - 1)
	}
	return false
}

func (f *filterList) View() string {
	t := f.ctx.Theme
	count := t.Subtle.Render(fmt.Sprintf("  %s", f.ctx.T("tui.count", f.list.Len(), f.list.Total())))
	var line string
	switch {
	case f.filtering:
		line = f.input.View() + count
	case f.list.Filter() != "":
		line = t.Prompt.Render("/ ") + f.list.Filter() + count + t.Subtle.Render("  "+f.ctx.T("tui.esc_clears"))
	default:
		line = t.Subtle.Render(f.ctx.T("tui.filter_hint")) + count
	}
	return line + "\n" + f.list.View()
}

// toggleMark selects or unselects the row under the cursor of a list keyed by numeric id; it
// reports whether there was a row.
func toggleMark(fl *filterList, set map[int]bool) bool {
	r, ok := fl.list.Selected()
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
