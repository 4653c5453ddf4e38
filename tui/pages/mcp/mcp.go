package mcp

import (
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/keymap"
	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// MCPScreen lists the MCP servers with this app's status on each; space selects, A applies for
// the selection in one batch (a reason, the profile's username as applicant), enter opens one.
type MCPScreen struct {
	common.Base
	fl       *components.FilterList
	items    []client.MCPServerPermission
	via      client.Surface
	loading  bool
	err      error
	selected map[int]bool
	reason   textinput.Model
	username textinput.Model // asked for when the profile has none: the applicant
	asking   bool            // the reason field is open
	sending  bool
	applyErr error

	openKey, selectKey, applyKey, refreshKey, submitKey key.Binding
}

type mcpServersMsg struct {
	id    int64
	items []client.MCPServerPermission
	via   client.Surface
	err   error
}

type mcpAppliedMsg struct {
	id  int64
	n   int
	res []client.MCPApplyResult
	err error
}

func (m mcpServersMsg) To() int64 { return m.id }

// mcpRefreshMsg reloads the servers while an application waits: the page follows it live.
type mcpRefreshMsg struct{ id int64 }

func (m mcpRefreshMsg) To() int64 { return m.id }

func (m mcpAppliedMsg) To() int64 { return m.id }

// NewMCPScreen opens the MCP servers.
func NewMCPScreen(c *common.Context) *MCPScreen {
	s := &MCPScreen{Base: common.NewBase(c), selected: map[int]bool{}, loading: true}
	s.fl = components.NewFilterList(c, nil, []int{1, 2})
	s.reason = components.NewTextInput()
	s.reason.CharLimit = client.MaxReason
	s.username = components.NewTextInput()
	s.username.CharLimit = 64
	s.build()
	return s
}

// needsUsername: the profile names no applicant, so the form asks.
func (s *MCPScreen) needsUsername() bool { return s.Ctx.Profile.Username == "" }

func (s *MCPScreen) build() {
	c := s.Ctx
	s.fl.List.SetColumns([]list.Column{{Title: "", Width: 2}, {Title: c.T("col.name"), MinWidth: 16, Filtered: true, Priority: 2},
		{Title: c.T("col.title"), MinWidth: 10, Filtered: true, Priority: 1}, {Title: c.T("col.gateway_stage"), MinWidth: 8, Filtered: true},
		{Title: c.T("col.tools"), Width: 6},
		{Title: c.T("col.protocol"), Width: 16}, {Title: c.T("col.markers"), Width: 10}, {Title: c.T("col.status"), Width: 12}})
	s.fl.List.SetStyles(c.Theme.List)
	s.openKey = keymap.Bind(c.Lang, "enter", "key.open", "enter")
	s.selectKey = keymap.Bind(c.Lang, "space", "key.select", " ")
	s.applyKey = keymap.Bind(c.Lang, "A", "key.mcp_apply", "A")
	s.refreshKey = c.Global.Refresh
	s.submitKey = keymap.Bind(c.Lang, "enter", "key.submit", "enter", "ctrl+s")
	s.reason.Prompt = c.T("mcp.reason_prompt") + " "
	s.reason.PromptStyle = c.Theme.Prompt
	s.username.Prompt = c.T("mcp.username_prompt") + " "
	s.username.PromptStyle = c.Theme.Prompt
	s.setRows()
}

func (s *MCPScreen) statusText(p client.MCPPermission) string {
	if p.Status == client.MCPUnknown {
		return "-"
	}
	return s.Ctx.T("mcp.status." + p.Status)
}

func (s *MCPScreen) setRows() {
	t := s.Ctx.Theme
	rows := make([]list.Row, len(s.items))
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
		rows[i] = list.Row{Key: strconv.Itoa(x.MCPServer.ID), Cells: []string{mark, x.MCPServer.Name, x.MCPServer.Title, mcpWhere(x.MCPServer),
			strconv.Itoa(x.MCPServer.ToolsCount.Int()), x.MCPServer.ProtocolType, marks, s.statusText(x.Permission)},
			CellStyle: func(col int) lipgloss.Style {
				if col == 6 {
					return t.Badge
				}
				if col == 7 {
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
				if col == 0 {
					return t.List.Marked
				}
				return lipgloss.NewStyle()
			}}
	}
	s.fl.List.SetRows(rows)
}

func (s *MCPScreen) load() tea.Cmd {
	b, id := s.Ctx.Backend, s.Addr
	ctx, cancel := s.LoadCtx()
	s.loading = true
	return tea.Batch(s.Spinner.Tick, func() tea.Msg {
		defer cancel()
		items, via, err := b.MCPServers(ctx, "")
		return mcpServersMsg{id, items, via, err}
	})
}

func (s *MCPScreen) Init() tea.Cmd { return s.load() }

func (s *MCPScreen) SetSize(w, h int) { s.Width, s.Height = w, h; s.fl.SetSize(w, max(1, h-3)) }
func (s *MCPScreen) Crumb() string    { return s.Ctx.T("mcp.title") }
func (s *MCPScreen) Capturing() bool  { return s.fl.Capturing() || s.asking }
func (s *MCPScreen) Escape() bool {
	if s.asking {
		s.asking = false
		s.reason.Blur()
		return true
	}
	return s.fl.Escape()
}
func (s *MCPScreen) HasDraft() bool { return s.asking && strings.TrimSpace(s.reason.Value()) != "" }

func (s *MCPScreen) ShortHelp() []key.Binding {
	if s.asking {
		return []key.Binding{s.submitKey}
	}
	return []key.Binding{s.openKey, s.selectKey, s.applyKey, s.Ctx.Nav.Filter, s.refreshKey}
}
func (s *MCPScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *MCPScreen) chosen() []int {
	var ids []int
	for id := range s.selected {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	return ids
}

func (s *MCPScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case mcpServersMsg:
		s.loading = false
		s.items, s.via, s.err = msg.items, msg.via, msg.err
		s.setRows()
		waiting := slices.ContainsFunc(msg.items, func(x client.MCPServerPermission) bool { return x.Permission.Status == client.MCPPending })
		return s, tea.Batch(common.Conn(msg.via, msg.err), common.FollowWhile(waiting, mcpRefreshMsg{s.Addr}))
	case mcpRefreshMsg:
		if s.loading {
			return s, nil
		}
		return s, s.load()
	case mcpAppliedMsg:
		s.sending = false
		var unknown *client.OutcomeUnknownError
		if errors.As(msg.err, &unknown) {
			// Sent once and not again (D answers a refusal with an HTML 500): the list, read
			// afresh, shows whether an application now waits.
			s.applyErr, s.asking = nil, false
			return s, tea.Batch(common.Notify(s.Ctx.T("mcp.outcome_unknown"), true), s.load())
		}
		if msg.err != nil {
			s.applyErr = msg.err
			return s, common.Notify(common.ErrorLine(s.Ctx, msg.err), true)
		}
		s.applyErr, s.selected, s.asking = nil, map[int]bool{}, false
		s.reason.SetValue("")
		return s, tea.Batch(common.Notify(s.Ctx.T("mcp.applied", msg.n), false), s.load())
	case common.LangChangedMsg:
		s.build()
	case tea.KeyMsg:
		if s.asking {
			if msg.Type == tea.KeyEsc {
				s.Escape()
				return s, nil
			}
			if key.Matches(msg, s.submitKey) {
				return s, s.apply()
			}
			if msg.Type == tea.KeyTab && s.needsUsername() {
				if s.reason.Focused() {
					s.reason.Blur()
					return s, s.username.Focus()
				}
				s.username.Blur()
				return s, s.reason.Focus()
			}
			var cmd tea.Cmd
			if s.username.Focused() {
				s.username, cmd = s.username.Update(msg)
			} else {
				s.reason, cmd = s.reason.Update(msg)
			}
			return s, cmd
		}
		wasFiltering := s.fl.Capturing()
		if handled, cmd := s.fl.Update(msg); handled {
			return s, cmd
		}
		switch {
		case key.Matches(msg, s.selectKey):
			if components.ToggleMark(s.fl, s.selected) {
				s.setRows()
			}
		case key.Matches(msg, s.applyKey):
			if len(s.selected) == 0 {
				if r, ok := s.fl.List.Selected(); ok {
					id, _ := strconv.Atoi(r.Key)
					s.selected[id] = true
					s.setRows()
				}
			}
			if len(s.selected) > 0 {
				s.asking = true
				return s, s.reason.Focus()
			}
		case key.Matches(msg, s.refreshKey):
			return s, s.load()
		case key.Matches(msg, s.openKey) || wasFiltering && msg.String() == "enter":
			if r, ok := s.fl.List.Selected(); ok {
				for _, x := range s.items {
					if strconv.Itoa(x.MCPServer.ID) == r.Key {
						return s, common.OpenPage(common.MCPServerPage{Server: x})
					}
				}
			}
		}
	default:
		if s.loading {
			var cmd tea.Cmd
			s.Spinner, cmd = s.Spinner.Update(msg)
			return s, cmd
		}
	}
	return s, nil
}

func (s *MCPScreen) apply() tea.Cmd {
	reason := strings.TrimSpace(s.reason.Value())
	if reason == "" {
		return common.Notify(s.Ctx.T("input.empty_reason"), true)
	}
	if s.sending {
		return nil // a write is sent once
	}
	user := strings.TrimSpace(s.username.Value())
	if s.needsUsername() && !client.ValidUsername(user) {
		return tea.Batch(common.Notify(s.Ctx.T("input.no_username"), true), s.focusUsername())
	}
	ids := s.chosen()
	b, id := s.Ctx.Backend, s.Addr
	s.sending = true
	ctx, cancel := s.LoadCtx()
	return func() tea.Msg {
		defer cancel()
		res, _, err := b.MCPApply(ctx, client.MCPApplyRequest{ServerIDs: ids, Reason: reason, AppliedBy: user}) // "": the profile's username
		return mcpAppliedMsg{id, len(ids), res, err}
	}
}

func (s *MCPScreen) View() string {
	t := s.Ctx.Theme
	switch {
	case s.loading && len(s.items) == 0:
		return s.LoadingView(s.Ctx.T("mcp.title"))
	case s.err != nil:
		return common.ErrorView(s.Ctx, s.err)
	}
	head := t.Subtle.Render(s.Ctx.T("mcp.selected", len(s.selected)))
	if s.via == client.SurfaceOpen {
		head += t.Subtle.Render(" · " + s.Ctx.T("mcp.status_needs"))
	}
	var foot string
	if r, ok := s.fl.List.Selected(); ok && !s.asking {
		// The selected server's waiting application: where it is being approved.
		for _, x := range s.items {
			if strconv.Itoa(x.MCPServer.ID) == r.Key && x.Permission.Status == client.MCPPending && x.Permission.ApprovalURL != "" {
				foot = t.Subtle.Render(s.Ctx.T("field.approval")+" ") + t.Link.Render(x.Permission.ApprovalURL)
			}
		}
	}
	if s.asking {
		foot = s.reason.View()
		if s.needsUsername() {
			foot += "\n" + s.username.View() + " " + s.Ctx.Theme.Subtle.Render(s.Ctx.T("mcp.username_why"))
		}
		if s.sending {
			foot += " " + s.Spinner.View()
		}
	}
	if s.applyErr != nil {
		foot += "\n" + common.ErrorView(s.Ctx, s.applyErr)
	}
	return head + "\n" + s.fl.View() + "\n" + foot
}

func (s *MCPScreen) focusUsername() tea.Cmd {
	s.reason.Blur()
	return s.username.Focus()
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
