package mcp

import (
	"slices"
	"strconv"
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// MCPScreen lists the MCP servers with this app's status on each; space selects, A opens the
// application form for the selection (the one form of every kind), enter opens one.
type MCPScreen struct {
	components.ListPage
	items     []client.MCPServerPermission
	via       client.Surface
	loading   bool
	err       error
	stale     common.StaleRead // a read again failed: the list read before stays
	selected  map[int]bool
	showWhere bool // some server says its gateway and stage: the column is shown

	openKey, selectKey, applyKey, refreshKey key.Binding
}

type mcpServersMsg struct {
	items []client.MCPServerPermission
	via   client.Surface
	err   error
}

// mcpRefreshMsg reloads the servers while an application waits: the page follows it live.
type mcpRefreshMsg struct{}

// NewMCPScreen opens the MCP servers.
func NewMCPScreen(c *common.Context) *MCPScreen {
	s := &MCPScreen{ListPage: components.NewListPage(c, []int{colName, colTitle, colWhere}, 3), selected: map[int]bool{}, loading: true}
	s.build()
	return s
}

func (s *MCPScreen) build() {
	c := s.Ctx
	s.setColumns()
	s.openKey = c.Keys.Bind("enter", "key.open", "enter")
	s.selectKey = c.Keys.Bind("space", "key.select", " ")
	s.applyKey = c.Keys.Shared().MCPApply
	s.refreshKey = c.Global.Refresh
	s.setRows()
}

// Columns of the list: the status right after the name and never cut (it decides what can be
// done), the gateway and stage only when the servers say them (the permission lists of some
// surfaces do not). On a narrow screen the tool count and the protocol are left out rather
// than cut to a letter (the server's page shows both).
const (
	colMark = iota
	colName
	colStatus
	colMarkers
	colTitle
	colTools
	colProtocol
	colWhere
)

func (s *MCPScreen) setColumns() {
	c := s.Ctx
	cols := []list.Column{{Title: "", Width: 2}, {Title: c.T("col.name"), MinWidth: 16, Filtered: true, Priority: 3},
		{Title: c.T("col.status"), Width: 12, Priority: 4}, {Title: c.T("col.markers"), Width: 10, Priority: 2},
		{Title: c.T("col.title"), MinWidth: 10, Filtered: true, Priority: 1}, {Title: c.T("col.tools"), Width: 6, HideBelow: 72},
		{Title: c.T("col.protocol"), Width: 16, HideBelow: 90}}
	if s.showWhere {
		cols = append(cols, list.Column{Title: c.T("col.gateway_stage"), MinWidth: 8, Filtered: true})
	}
	s.Listing.SetColumns(cols)
}

func (s *MCPScreen) setRows() {
	t := s.Ctx.Theme
	rows := make([]list.Row, len(s.items))
	showWhere := false
	for _, x := range s.items {
		showWhere = showWhere || mcpWhere(x.MCPServer) != ""
	}
	if showWhere != s.showWhere {
		s.showWhere = showWhere
		s.setColumns()
	}
	for i, x := range s.items {
		mark := ""
		if s.selected[x.MCPServer.ID] {
			mark = "✓"
		}
		status := x.Permission.Status
		marks := ""
		if x.MCPServer.IsOfficial {
			marks = s.Ctx.T("mark.official")
		}
		cells := []string{mark, x.MCPServer.Name, x.Permission.StatusText(s.Ctx.Lang), marks, x.MCPServer.Title,
			strconv.Itoa(x.MCPServer.ToolsCount.Int()), x.MCPServer.ProtocolType}
		if showWhere {
			cells = append(cells, mcpWhere(x.MCPServer))
		}
		rows[i] = list.Row{Key: strconv.Itoa(x.MCPServer.ID), Cells: cells,
			CellStyle: func(col int) lipgloss.Style {
				if col == colMarkers {
					return t.Badge
				}
				if col == colStatus {
					switch status {
					case client.MCPOwned, client.MCPApproved:
						return t.OK
					case client.MCPPending:
						return t.Warn
					case client.MCPRejected:
						return t.Error
					}
					return t.Subtle
				}
				if col == colMark {
					return t.List.Marked
				}
				return lipgloss.NewStyle()
			}}
	}
	s.Listing.List.SetRows(rows)
}

func (s *MCPScreen) load() tea.Cmd {
	b := backendOf(s.Ctx)
	ctx, cancel := s.LoadCtx()
	s.loading = true
	return tea.Batch(s.Ctx.Clock.Spin(s.Spinner), s.Own(func() tea.Msg {
		defer cancel()
		items, via, err := b.MCPServers(ctx, "")
		return mcpServersMsg{items, via, err}
	}))
}

func (s *MCPScreen) Init() tea.Cmd { return s.load() }

// follow reads the list again while an application in it waits.
func (s *MCPScreen) follow() tea.Cmd {
	waiting := slices.ContainsFunc(s.items, func(x client.MCPServerPermission) bool { return x.Permission.Status == client.MCPPending })
	return s.Own(s.Ctx.FollowWhile(waiting, mcpRefreshMsg{}))
}

func (s *MCPScreen) Crumb() string { return s.Ctx.T("mcp.title") }
func (s *MCPScreen) ShortHelp() []key.Binding {
	if k := s.Listing.FilterKeys(s.openKey); k != nil {
		return k
	}
	keys := append(s.Listing.RowKeys(s.openKey, s.selectKey, s.applyKey, s.Ctx.Nav.Filter), s.refreshKey)
	return components.ActionsFirst(len(s.selected), keys, s.applyKey)
}

func (s *MCPScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if handled, cmd := s.ListPage.Update(msg, s.build); handled {
		return s, cmd
	}
	switch msg := msg.(type) {
	case mcpServersMsg:
		s.loading = false
		if msg.err != nil && s.items != nil {
			return s, tea.Batch(common.Conn(msg.via, msg.err), s.stale.Failed(s.Ctx, msg.err), s.follow())
		}
		s.stale.Succeeded()
		s.items, s.via, s.err = msg.items, msg.via, msg.err
		if msg.err == nil {
			s.Ctx.Cache.MCPServers.Put(msg.items) // the palette's rows
		}
		s.setRows()
		return s, tea.Batch(common.Conn(msg.via, msg.err), s.follow())
	case mcpRefreshMsg:
		if s.loading {
			return s, nil
		}
		return s, s.load()
	case common.AppliedMsg:
		if msg.Kind != client.KindMCP {
			return s, nil
		}
		// The application form made (or may have made) an application: the servers it named
		// leave the selection, and the list, read afresh, shows what the server has.
		for _, x := range s.items {
			if slices.Contains(msg.Items, x.MCPServer.Name) {
				delete(s.selected, x.MCPServer.ID)
			}
		}
		s.setRows()
		return s, s.load()
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, s.selectKey):
			if components.ToggleMark(s.Listing, s.selected) {
				s.setRows()
			}
		case key.Matches(msg, s.applyKey):
			items := s.applyItems()
			if len(items) == 0 {
				return s, common.Notify(s.Ctx.T("mcp.none_chosen", s.selectKey.Help().Key), true)
			}
			return s, common.OpenPage(common.ApplyPage{Kind: client.KindMCP, Items: items})
		case key.Matches(msg, s.refreshKey):
			return s, s.load()
		case s.Listing.Opens(msg, s.openKey):
			if r, ok := s.Listing.List.Selected(); ok {
				for _, x := range s.items {
					if strconv.Itoa(x.MCPServer.ID) == r.Key {
						return s, common.OpenPage(common.MCPServerPage{Server: x})
					}
				}
			}
		}
	default:
		return s, s.Spin(msg, s.loading)
	}
	return s, nil
}

// applyItems are the servers an application takes (common.Chosen), as its form lists them.
func (s *MCPScreen) applyItems() []common.ApplyItem {
	picked := slices.DeleteFunc(slices.Clone(s.items), func(x client.MCPServerPermission) bool { return !s.selected[x.MCPServer.ID] })
	var out []common.ApplyItem
	for _, x := range common.Chosen(picked, s.current, client.MCPServerPermission.Applicable) {
		out = append(out, common.ApplyItem{ID: x.MCPServer.ID, Name: x.MCPServer.Name, Description: x.MCPServer.Title})
	}
	return out
}

// current is the server under the cursor.
func (s *MCPScreen) current() (client.MCPServerPermission, bool) {
	if r, ok := s.Listing.List.Selected(); ok {
		for _, x := range s.items {
			if strconv.Itoa(x.MCPServer.ID) == r.Key {
				return x, true
			}
		}
	}
	return client.MCPServerPermission{}, false
}

func (s *MCPScreen) View() string {
	t := s.Ctx.Theme
	switch {
	case s.loading && len(s.items) == 0:
		return s.LoadingView(s.Ctx.T("mcp.title"))
	case s.err != nil:
		return common.RetryView(s.Ctx, s.err)
	}
	head := s.Ctx.T("mcp.selected", len(s.selected))
	if client.StatusUnknown(s.items) {
		head += " · " + s.Ctx.T("mcp.status_needs")
	}
	// Two lines at the most (the page keeps one spare beside the list): the note was cut
	// mid-word on a terminal narrower than it.
	lines := strings.Split(common.Wrap(head, max(1, s.Width)), "\n")
	if len(lines) > 2 {
		lines[1] = ansi.Truncate(strings.Join(lines[1:], " "), s.Width, "…")
		lines = lines[:2]
	}
	head = t.Subtle.Render(strings.Join(lines, "\n"))
	var foot string
	if r, ok := s.Listing.List.Selected(); ok {
		// The selected server's waiting application: where it is being approved.
		for _, x := range s.items {
			if strconv.Itoa(x.MCPServer.ID) == r.Key && x.Permission.Status == client.MCPPending && x.Permission.ApprovalURL != "" {
				foot = t.Subtle.Render(s.Ctx.Label("field.approval")) + t.Link.Render(x.Permission.ApprovalURL)
			}
		}
	}
	return head + "\n" + s.Listing.View() + "\n" + foot
}

// mcpWhere is the gateway and stage a server publishes, where the listing says (O's full
// form); D's and I's brief form does not, and a name's hyphens cannot be split reliably.
func mcpWhere(s client.MCPServer) string {
	if s.Gateway == nil || s.Gateway.Name == "" {
		return ""
	}
	if s.Stage != nil && s.Stage.Name != "" {
		return s.Gateway.Name + " · " + s.Stage.Name
	}
	return s.Gateway.Name
}
