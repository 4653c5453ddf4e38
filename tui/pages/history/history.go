package history

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/bkconsole/bkconsole/client"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// HistoryScreen lists the requests sent (without secrets) and reopens one in the console.
type HistoryScreen struct {
	components.ListPage
	entries []history.Entry
	err     error
	openKey key.Binding
}

type historyMsg struct {
	entries []history.Entry
	err     error
}

// NewHistoryScreen opens the request history.
func NewHistoryScreen(c *common.Context) *HistoryScreen {
	s := &HistoryScreen{ListPage: components.NewListPage(c, []int{1, 2, 3}, 0)}
	s.build()
	return s
}

func (s *HistoryScreen) build() {
	c := s.Ctx
	s.Listing.SetColumns([]list.Column{{Title: c.T("col.time"), Width: 16}, {Title: c.T("col.called"), Width: 16, Filtered: true},
		{Title: c.T("col.method"), Width: 7}, {Title: c.T("col.path"), MinWidth: 16, Filtered: true}, {Title: c.T("col.status"), Width: 12}}) // "200 1306403": a component's refusal
	s.openKey = c.Keys.Bind("enter", "key.reopen", "enter")
	s.setRows()
}

// sentPath is the path as sent, its parameters and query filled in: three sends of one API with
// other values are three different rows, not one template three times.
func sentPath(e history.Entry) string {
	if e.Component {
		return "ESB " + e.Resource
	}
	if e.MCPTool {
		var b bytes.Buffer
		if json.Compact(&b, []byte(e.Body)) != nil {
			return e.Resource + " " + e.Body
		}
		return e.Resource + " " + b.String()
	}
	p, err := client.FillPath(e.Path, e.PathParams)
	if err != nil {
		p = e.Path
	}
	if len(e.Query) > 0 {
		v := url.Values{}
		for _, kv := range e.Query {
			v.Add(kv.Key, kv.Value)
		}
		p += "?" + v.Encode()
	}
	return p
}

func (s *HistoryScreen) setRows() {
	t := s.Ctx.Theme
	rows := make([]list.Row, len(s.entries))
	for i, e := range s.entries {
		method, status, failed := e.Method, fmt.Sprint(e.Status), e.Status >= 400 || e.Refused != ""
		if e.Refused != "" { // a component's refusal comes with 200: its code says what happened
			status += " " + e.Refused
		}
		rows[i] = list.Row{Key: strconv.Itoa(i), Cells: []string{e.Time.Local().Format("2006-01-02 15:04"), e.Gateway, e.Method,
			strings.TrimSpace(e.Stage + " " + sentPath(e)), status},
			CellStyle: func(col int) lipgloss.Style {
				switch {
				case col == 2:
					return t.MethodStyle(method)
				case col == 4 && failed:
					return t.Error
				case col == 4:
					return t.OK
				}
				return lipgloss.NewStyle()
			}}
	}
	s.Listing.List.SetRows(rows)
}

func (s *HistoryScreen) Init() tea.Cmd {
	h := s.Ctx.History
	if h == nil {
		return nil
	}
	return s.Own(func() tea.Msg {
		es, err := h.List()
		return historyMsg{es, err}
	})
}

func (s *HistoryScreen) Crumb() string { return s.Ctx.T("history.title") }
func (s *HistoryScreen) ShortHelp() []key.Binding {
	if k := s.Listing.FilterKeys(s.openKey); k != nil {
		return k
	}
	return s.Listing.RowKeys(s.openKey, s.Ctx.Nav.Filter)
}

func (s *HistoryScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if handled, cmd := s.ListPage.Update(msg, s.build); handled {
		return s, cmd
	}
	switch msg := msg.(type) {
	case historyMsg:
		s.entries, s.err = msg.entries, msg.err
		s.setRows()
	case tea.KeyMsg:
		if s.Listing.Opens(msg, s.openKey) {
			if r, ok := s.Listing.List.Selected(); ok {
				i, _ := strconv.Atoi(r.Key)
				if e := s.entries[i]; e.MCPTool {
					srv := client.MCPServerPermission{MCPServer: client.MCPServer{ID: e.ServerID, Name: e.Gateway}}
					return s, common.OpenPage(common.MCPServerPage{Server: srv, Tool: e.Resource, Args: e.Body})
				}
				return s, common.OpenPage(common.SentPage{Entry: s.entries[i]})
			}
		}
	}
	return s, nil
}

func (s *HistoryScreen) View() string {
	switch {
	case s.Ctx.History == nil:
		return s.Ctx.Theme.Subtle.Render(s.Ctx.T("history.none"))
	case s.err != nil:
		return common.ErrorView(s.Ctx, s.err)
	case len(s.entries) == 0:
		return s.Ctx.Theme.Subtle.Render(s.Ctx.T("history.empty"))
	}
	return s.Listing.View()
}
