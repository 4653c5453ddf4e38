package tui

import (
	"fmt"
	"strconv"

	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/tui/keymap"
	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// HistoryScreen lists the requests sent (without secrets) and reopens one in the console.
type HistoryScreen struct {
	base
	fl      *filterList
	entries []history.Entry
	err     error
	openKey key.Binding
}

type historyMsg struct {
	id      int64
	entries []history.Entry
	err     error
}

// NewHistoryScreen opens the request history.
func NewHistoryScreen(c *Context) *HistoryScreen {
	s := &HistoryScreen{base: newBase(c)}
	s.fl = newFilterList(c, nil, []int{1, 2, 3})
	s.build()
	return s
}

func (s *HistoryScreen) build() {
	c := s.ctx
	s.fl.list.SetColumns([]list.Column{{Title: c.T("col.time"), Width: 16}, {Title: c.T("col.gateway"), Width: 16, Filtered: true},
		{Title: c.T("col.method"), Width: 7}, {Title: c.T("col.path"), MinWidth: 16, Filtered: true}, {Title: c.T("col.status"), Width: 6}})
	s.fl.list.SetStyles(c.Theme.List)
	s.openKey = keymap.Bind(c.Lang, "enter", "key.reopen", "enter")
	s.setRows()
}

func (s *HistoryScreen) setRows() {
	t := s.ctx.Theme
	rows := make([]list.Row, len(s.entries))
	for i, e := range s.entries {
		method, status := e.Method, e.Status
		rows[i] = list.Row{Key: strconv.Itoa(i), Cells: []string{e.Time.Local().Format("2006-01-02 15:04"), e.Gateway, e.Method,
			e.Stage + " " + e.Path, fmt.Sprint(e.Status)},
			CellStyle: func(col int) lipgloss.Style {
				switch {
				case col == 2:
					return t.MethodStyle(method)
				case col == 4 && status >= 400:
					return t.Error
				case col == 4:
					return t.OK
				}
				return lipgloss.NewStyle()
			}}
	}
	s.fl.list.SetRows(rows)
}

func (s *HistoryScreen) Init() tea.Cmd {
	h, id := s.ctx.History, s.id
	if h == nil {
		return nil
	}
	return func() tea.Msg {
		es, err := h.List()
		return historyMsg{id, es, err}
	}
}

func (s *HistoryScreen) SetSize(w, h int)          { s.width, s.height = w, h; s.fl.SetSize(w, h) }
func (s *HistoryScreen) Crumb() string             { return s.ctx.T("history.title") }
func (s *HistoryScreen) Capturing() bool           { return s.fl.Capturing() }
func (s *HistoryScreen) Escape() bool              { return s.fl.Escape() }
func (s *HistoryScreen) ShortHelp() []key.Binding  { return []key.Binding{s.openKey, s.ctx.Nav.Filter} }
func (s *HistoryScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *HistoryScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case historyMsg:
		if msg.id == s.id {
			s.entries, s.err = msg.entries, msg.err
			s.setRows()
		}
	case langChangedMsg:
		s.build()
	case tea.KeyMsg:
		wasFiltering := s.fl.Capturing()
		if handled, cmd := s.fl.Update(msg); handled {
			return s, cmd
		}
		if key.Matches(msg, s.openKey) || wasFiltering && msg.String() == "enter" {
			if r, ok := s.fl.list.Selected(); ok {
				i, _ := strconv.Atoi(r.Key)
				return s, openPage(sentPage{s.entries[i]})
			}
		}
	}
	return s, nil
}

func (s *HistoryScreen) View() string {
	switch {
	case s.ctx.History == nil:
		return s.ctx.Theme.Subtle.Render(s.ctx.T("history.none"))
	case s.err != nil:
		return errorView(s.ctx, s.err)
	case len(s.entries) == 0:
		return s.ctx.Theme.Subtle.Render(s.ctx.T("history.empty"))
	}
	return s.fl.View()
}

func (m historyMsg) to() int64 { return m.id }
