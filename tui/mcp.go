package tui

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/snippet"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/keystore"
	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// MCPScreen lists the MCP servers with this app's status on each; space selects, A applies for
// the selection in one batch (a reason, the profile's username as applicant), enter opens one.
type MCPScreen struct {
	base
	fl       *filterList
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

func (m mcpServersMsg) to() int64 { return m.id }

// mcpRefreshMsg reloads the servers while an application waits: the page follows it live.
type mcpRefreshMsg struct{ id int64 }

func (m mcpRefreshMsg) to() int64 { return m.id }

// mcpFollowEvery is how often a waiting application is looked at again.
const mcpFollowEvery = 3 * time.Second

func (m mcpAppliedMsg) to() int64 { return m.id }

// NewMCPScreen opens the MCP servers.
func NewMCPScreen(c *Context) *MCPScreen {
	s := &MCPScreen{base: newBase(c), selected: map[int]bool{}, loading: true}
	s.fl = newFilterList(c, nil, []int{1, 2})
	s.reason = newTextInput()
	s.reason.CharLimit = 512
	s.username = newTextInput()
	s.username.CharLimit = 64
	s.build()
	return s
}

// needsUsername: the profile names no applicant, so the form asks.
func (s *MCPScreen) needsUsername() bool { return s.ctx.Profile.Username == "" }

func (s *MCPScreen) build() {
	c := s.ctx
	s.fl.list.SetColumns([]list.Column{{Title: "", Width: 2}, {Title: c.T("col.name"), MinWidth: 16, Filtered: true, Priority: 2},
		{Title: c.T("col.title"), MinWidth: 10, Filtered: true, Priority: 1}, {Title: c.T("col.gateway_stage"), MinWidth: 8, Filtered: true},
		{Title: c.T("col.tools"), Width: 6},
		{Title: c.T("col.protocol"), Width: 16}, {Title: c.T("col.markers"), Width: 10}, {Title: c.T("col.status"), Width: 12}})
	s.fl.list.SetStyles(c.Theme.List)
	s.openKey = bind(c.Lang, "enter", "key.open", "enter")
	s.selectKey = bind(c.Lang, "space", "key.select", " ")
	s.applyKey = bind(c.Lang, "A", "key.mcp_apply", "A")
	s.refreshKey = c.Global.Refresh
	s.submitKey = bind(c.Lang, "enter", "key.submit", "enter", "ctrl+s")
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
	return s.ctx.T("mcp.status." + p.Status)
}

func (s *MCPScreen) setRows() {
	t := s.ctx.Theme
	rows := make([]list.Row, len(s.items))
	for i, x := range s.items {
		mark := ""
		if s.selected[x.MCPServer.ID] {
			mark = "✓"
		}
		status := x.Permission.Status
		marks := ""
		if x.MCPServer.IsOfficial {
			marks = s.ctx.T("mark.official")
		}
		rows[i] = list.Row{Key: strconv.Itoa(x.MCPServer.ID), Cells: []string{mark, x.MCPServer.Name, x.MCPServer.Title, mcpWhere(x.MCPServer),
			strconv.Itoa(x.MCPServer.ToolsCount), x.MCPServer.ProtocolType, marks, s.statusText(x.Permission)},
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
	s.fl.list.SetRows(rows)
}

func (s *MCPScreen) load() tea.Cmd {
	b, id := s.ctx.Backend, s.id
	ctx, cancel := s.loadCtx()
	s.loading = true
	return tea.Batch(s.spinner.Tick, func() tea.Msg {
		defer cancel()
		items, via, err := b.MCPServers(ctx, "")
		return mcpServersMsg{id, items, via, err}
	})
}

func (s *MCPScreen) Init() tea.Cmd { return s.load() }

func (s *MCPScreen) SetSize(w, h int) { s.width, s.height = w, h; s.fl.SetSize(w, max(1, h-3)) }
func (s *MCPScreen) Crumb() string    { return s.ctx.T("mcp.title") }
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
	return []key.Binding{s.openKey, s.selectKey, s.applyKey, s.ctx.Nav.Filter, s.refreshKey}
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

func (s *MCPScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case mcpServersMsg:
		s.loading = false
		s.items, s.via, s.err = msg.items, msg.via, msg.err
		s.setRows()
		cmds := []tea.Cmd{conn(msg.via, msg.err)}
		for _, x := range msg.items {
			if x.Permission.Status == client.MCPPending {
				id := s.id
				cmds = append(cmds, after(mcpFollowEvery, func(time.Time) tea.Msg { return mcpRefreshMsg{id} }))
				break
			}
		}
		return s, tea.Batch(cmds...)
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
			return s, tea.Batch(notify(s.ctx.T("mcp.outcome_unknown"), true), s.load())
		}
		if msg.err != nil {
			s.applyErr = msg.err
			return s, notify(errorLine(s.ctx, msg.err), true)
		}
		s.applyErr, s.selected, s.asking = nil, map[int]bool{}, false
		s.reason.SetValue("")
		return s, tea.Batch(notify(s.ctx.T("mcp.applied", msg.n), false), s.load())
	case langChangedMsg:
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
			if toggleMark(s.fl, s.selected) {
				s.setRows()
				s.fl.list.Move(1)
			}
		case key.Matches(msg, s.applyKey):
			if len(s.selected) == 0 {
				if r, ok := s.fl.list.Selected(); ok {
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
			if r, ok := s.fl.list.Selected(); ok {
				for _, x := range s.items {
					if strconv.Itoa(x.MCPServer.ID) == r.Key {
						return s, push(NewMCPServerScreen(s.ctx, x))
					}
				}
			}
		}
	default:
		if s.loading {
			var cmd tea.Cmd
			s.spinner, cmd = s.spinner.Update(msg)
			return s, cmd
		}
	}
	return s, nil
}

func (s *MCPScreen) apply() tea.Cmd {
	reason := strings.TrimSpace(s.reason.Value())
	if reason == "" {
		return notify(s.ctx.T("input.empty_reason"), true)
	}
	if s.sending {
		return nil // a write is sent once
	}
	user := strings.TrimSpace(s.username.Value())
	if s.needsUsername() && !client.ValidUsername(user) {
		return tea.Batch(notify(s.ctx.T("input.no_username"), true), s.focusUsername())
	}
	ids := s.chosen()
	b, id := s.ctx.Backend, s.id
	s.sending = true
	ctx, cancel := s.loadCtx()
	return func() tea.Msg {
		defer cancel()
		res, _, err := b.MCPApply(ctx, client.MCPApplyRequest{ServerIDs: ids, Reason: reason, AppliedBy: user}) // "": the profile's username
		return mcpAppliedMsg{id, len(ids), res, err}
	}
}

func (s *MCPScreen) View() string {
	t := s.ctx.Theme
	switch {
	case s.loading && len(s.items) == 0:
		return s.loadingView(s.ctx.T("mcp.title"))
	case s.err != nil:
		return errorView(s.ctx, s.err)
	}
	head := t.Subtle.Render(s.ctx.T("mcp.selected", len(s.selected)))
	if s.via == client.SurfaceOpen {
		head += t.Subtle.Render(" · " + s.ctx.T("mcp.status_needs"))
	}
	var foot string
	if r, ok := s.fl.list.Selected(); ok && !s.asking {
		// The selected server's waiting application: where it is being approved.
		for _, x := range s.items {
			if strconv.Itoa(x.MCPServer.ID) == r.Key && x.Permission.Status == client.MCPPending && x.Permission.ApprovalURL != "" {
				foot = t.Subtle.Render(s.ctx.T("field.approval")+" ") + t.Link.Render(x.Permission.ApprovalURL)
			}
		}
	}
	if s.asking {
		foot = s.reason.View()
		if s.needsUsername() {
			foot += "\n" + s.username.View() + " " + s.ctx.Theme.Subtle.Render(s.ctx.T("mcp.username_why"))
		}
		if s.sending {
			foot += " " + s.spinner.View()
		}
	}
	if s.applyErr != nil {
		foot += "\n" + errorView(s.ctx, s.applyErr)
	}
	return head + "\n" + s.fl.View() + "\n" + foot
}

// MCPServerScreen is one server: what it is, its tools, how to connect, the AI client's
// configuration to copy, and "try it" (connect with the SDK and list the tools).
type MCPServerScreen struct {
	base
	item     client.MCPServerPermission
	detail   *client.MCPServer
	detErr   error
	client   int
	mode     int
	tools    []client.MCPToolInfo
	trying   bool
	tryErr   error
	tried    bool
	offset   int
	copyKey  key.Binding
	clientKy key.Binding
	modeKey  key.Binding
	tryKey   key.Binding
	// The call form: a tool (tab cycles) and its arguments, started from its input schema.
	calling  bool
	toolIdx  int
	args     textarea.Model
	sending  bool
	result   *client.MCPCallResult
	callErr  error
	callKey  key.Binding
	sendKey  key.Binding
	nextTool key.Binding
	// Writing the config into the client's file: the path, asked with a default.
	writing  bool
	path     textinput.Model
	writeKey key.Binding
}

type mcpWrittenMsg struct {
	id     int64
	path   string
	backup string
	err    error
}

func (m mcpWrittenMsg) to() int64 { return m.id }

// defaultConfigPath is where a client keeps its MCP servers, as a starting point the user edits.
func defaultConfigPath(cl string) string {
	home, _ := os.UserHomeDir()
	switch cl {
	case "cursor":
		return filepath.Join(home, ".cursor", "mcp.json")
	case "claude":
		return filepath.Join(home, ".claude.json")
	case "vscode":
		return filepath.Join(".vscode", "mcp.json")
	case "codebuddy":
		return filepath.Join(home, ".codebuddy", "mcp.json")
	}
	return ""
}

// writeConfig merges the server into the file in a command: other servers and settings are
// kept, the old file is copied aside, the new one replaces it atomically.
func writeConfig(id int64, path string, cl snippet.MCPClient, t snippet.MCPTarget) tea.Cmd {
	return func() tea.Msg {
		old, err := os.ReadFile(path)
		if err != nil && !os.IsNotExist(err) {
			return mcpWrittenMsg{id: id, err: err}
		}
		merged, err := snippet.MergeMCPConfig(old, cl, t)
		if err != nil {
			return mcpWrittenMsg{id: id, err: err}
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return mcpWrittenMsg{id: id, err: err}
		}
		backup := ""
		if len(old) > 0 {
			backup = path + ".bak-" + time.Now().Format("20060102-150405")
			if err := os.WriteFile(backup, old, 0o600); err != nil {
				return mcpWrittenMsg{id: id, err: err}
			}
		}
		if err := keystore.WriteFileAtomic(path, merged, 0o600); err != nil {
			return mcpWrittenMsg{id: id, err: err}
		}
		return mcpWrittenMsg{id: id, path: path, backup: backup}
	}
}

type mcpDetailMsg struct {
	id  int64
	d   client.MCPServer
	err error
}

type mcpToolsMsg struct {
	id    int64
	tools []client.MCPToolInfo
	err   error
}

type mcpCalledMsg struct {
	id  int64
	res client.MCPCallResult
	err error
}

func (m mcpCalledMsg) to() int64 { return m.id }

func (m mcpDetailMsg) to() int64 { return m.id }
func (m mcpToolsMsg) to() int64  { return m.id }

// NewMCPServerScreen opens one server.
func NewMCPServerScreen(c *Context, x client.MCPServerPermission) *MCPServerScreen {
	s := &MCPServerScreen{base: newBase(c), item: x}
	s.build()
	return s
}

func (s *MCPServerScreen) build() {
	l := s.ctx.Lang
	s.copyKey = bind(l, "y", "key.copy", "y")
	s.clientKy = bind(l, "c", "key.mcp_client", "c")
	s.modeKey = bind(l, "m", "key.secrets_mode", "m")
	s.tryKey = bind(l, "t", "key.mcp_try", "t")
	s.callKey = bind(l, "x", "key.mcp_call", "x")
	s.sendKey = bind(l, "ctrl+s", "key.send", "ctrl+s")
	s.nextTool = bind(l, "tab", "key.mcp_next_tool", "tab")
	s.writeKey = bind(l, "w", "key.mcp_write", "w")
}

// argsSkeleton starts a tool's arguments from its input schema.
func argsSkeleton(schema json.RawMessage) string {
	var m any
	if json.Unmarshal(schema, &m) != nil {
		return "{}"
	}
	b, err := json.MarshalIndent(skeleton(m, 0), "", "  ")
	if err != nil || string(b) == "null" {
		return "{}"
	}
	return string(b)
}

func (s *MCPServerScreen) openCall() tea.Cmd {
	if len(s.tools) == 0 {
		return notify(s.ctx.T("mcp.try_first"), true)
	}
	s.calling, s.result, s.callErr = true, nil, nil
	s.args = newTextArea()
	s.args.SetWidth(max(20, s.width-4))
	s.args.SetHeight(6)
	s.args.SetValue(argsSkeleton(s.tools[s.toolIdx].InputSchema))
	return s.args.Focus()
}

func (s *MCPServerScreen) Init() tea.Cmd {
	b, id, srvID := s.ctx.Backend, s.id, s.item.MCPServer.ID
	ctx, cancel := s.loadCtx()
	return func() tea.Msg {
		defer cancel()
		d, err := b.MCPDetail(ctx, srvID)
		return mcpDetailMsg{id, d, err}
	}
}

func (s *MCPServerScreen) SetSize(w, h int) { s.width, s.height = w, h }
func (s *MCPServerScreen) Crumb() string    { return s.item.MCPServer.Name }
func (s *MCPServerScreen) Capturing() bool  { return s.calling || s.writing }
func (s *MCPServerScreen) Escape() bool {
	if s.writing {
		s.writing = false
		s.path.Blur()
		return true
	}
	if s.calling {
		s.calling = false
		s.args.Blur()
		return true
	}
	return false
}
func (s *MCPServerScreen) ShortHelp() []key.Binding {
	if s.calling {
		return []key.Binding{s.sendKey, s.nextTool}
	}
	return []key.Binding{s.tryKey, s.callKey, s.clientKy, s.modeKey, s.copyKey, s.writeKey}
}
func (s *MCPServerScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

var mcpClients = []string{"cursor", "claude", "claude-code", "vscode", "codebuddy"}

// configText is the chosen client's configuration in the chosen secrets mode.
func (s *MCPServerScreen) configText() string {
	text, err := mcpConfigText(s.ctx.Backend, s.item.MCPServer, snippet.MCPClient(mcpClients[s.client]), snippetModes[s.mode])
	if err != nil {
		return err.Error()
	}
	return text
}

func (s *MCPServerScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case mcpDetailMsg:
		if msg.err == nil {
			d := msg.d
			s.detail = &d
		}
		s.detErr = msg.err
	case mcpToolsMsg:
		s.trying, s.tried, s.tools, s.tryErr = false, true, msg.tools, msg.err
		if msg.err != nil {
			return s, notify(errorLine(s.ctx, msg.err), true)
		}
		return s, notify(s.ctx.T("mcp.try_ok", len(msg.tools)), false)
	case mcpWrittenMsg:
		s.writing = false
		if msg.err != nil {
			return s, notify(s.ctx.T("mcp.write_failed", untrusted.Line(msg.err.Error())), true)
		}
		done := s.ctx.T("mcp.written", s.item.MCPServer.Name, msg.path)
		if msg.backup != "" {
			done += " · " + s.ctx.T("mcp.backup", msg.backup)
		}
		return s, notify(done, false)
	case mcpCalledMsg:
		s.sending = false
		s.callErr = msg.err
		if msg.err == nil {
			r := msg.res
			s.result = &r
		}
		if msg.err != nil {
			return s, notify(errorLine(s.ctx, msg.err), true)
		}
	case tea.KeyMsg:
		if s.writing {
			switch msg.Type {
			case tea.KeyEsc:
				s.Escape()
				return s, nil
			case tea.KeyEnter:
				path := strings.TrimSpace(s.path.Value())
				if path == "" {
					return s, nil
				}
				cl := snippet.MCPClient(mcpClients[s.client])
				return s, writeConfig(s.id, path, cl, s.target(cl))
			}
			var cmd tea.Cmd
			s.path, cmd = s.path.Update(msg)
			return s, cmd
		}
		if s.calling {
			switch {
			case msg.Type == tea.KeyEsc:
				s.Escape()
				return s, nil
			case key.Matches(msg, s.sendKey):
				return s, s.call()
			case key.Matches(msg, s.nextTool):
				s.toolIdx = (s.toolIdx + 1) % len(s.tools)
				s.args.SetValue(argsSkeleton(s.tools[s.toolIdx].InputSchema))
				return s, nil
			}
			var cmd tea.Cmd
			s.args, cmd = s.args.Update(msg)
			return s, cmd
		}
		switch {
		case key.Matches(msg, s.callKey):
			return s, s.openCall()
		case key.Matches(msg, s.writeKey):
			cl := mcpClients[s.client]
			if cl == "claude-code" || snippetModes[s.mode] == snippet.Masked {
				return s, notify(s.ctx.T("mcp.write_needs_tui"), true)
			}
			s.writing = true
			s.path = newTextInput()
			s.path.Prompt = s.ctx.T("mcp.write_prompt") + " "
			s.path.PromptStyle = s.ctx.Theme.Prompt
			s.path.SetValue(defaultConfigPath(cl))
			return s, s.path.Focus()
		case key.Matches(msg, s.clientKy):
			s.client = (s.client + 1) % len(mcpClients)
		case key.Matches(msg, s.modeKey):
			s.mode = (s.mode + 1) % len(snippetModes)
			if snippetModes[s.mode] == "inline" {
				return s, notify(s.ctx.T("snippet.inline_warning"), true)
			}
		case key.Matches(msg, s.copyKey):
			return s, copyCmd(s.configText(), s.ctx.T("mcp.config"))
		case key.Matches(msg, s.tryKey):
			if s.trying {
				return s, nil
			}
			s.trying = true
			b, id, srv := s.ctx.Backend, s.id, s.item.MCPServer
			ctx, cancel := s.loadCtx()
			return s, tea.Batch(s.spinner.Tick, func() tea.Msg {
				defer cancel()
				ts, err := b.MCPTools(ctx, srv)
				return mcpToolsMsg{id, ts, err}
			})
		case key.Matches(msg, s.ctx.Nav.Down):
			s.offset++
		case key.Matches(msg, s.ctx.Nav.Up):
			s.offset = max(0, s.offset-1)
		}
	default:
		if s.trying {
			var cmd tea.Cmd
			s.spinner, cmd = s.spinner.Update(msg)
			return s, cmd
		}
	}
	return s, nil
}

func (s *MCPServerScreen) View() string {
	t, c := s.ctx.Theme, s.ctx
	srv := s.item.MCPServer
	var b strings.Builder
	title := srv.Title
	if srv.IsOfficial {
		title += " " + t.Badge.Render(c.T("mark.official"))
	}
	b.WriteString(t.Title.Render(title) + "  " + t.Subtle.Render(srv.Name) + "\n")
	if srv.Description != "" {
		b.WriteString(srv.Description + "\n")
	}
	status := "-"
	if s.item.Permission.Status != client.MCPUnknown {
		status = c.T("mcp.status." + s.item.Permission.Status)
	}
	b.WriteString(fmt.Sprintf("%s %s · %s %s\n", t.Subtle.Render(c.T("col.status")), status, t.Subtle.Render(c.T("col.protocol")), srv.ProtocolType))
	b.WriteString(t.Subtle.Render(c.T("field.url")) + " " + srv.URL + "\n")
	if u := s.item.Permission.ApprovalURL; u != "" {
		b.WriteString(t.Subtle.Render(c.T("field.approval")) + " " + t.Link.Render(u) + "\n")
	}
	b.WriteString("\n" + t.Bold.Render(c.T("col.tools")) + "\n")
	switch {
	case s.detail != nil && len(s.detail.Tools) > 0:
		for _, tool := range s.detail.Tools {
			b.WriteString("  " + t.MethodStyle(tool.Method).Render(fmt.Sprintf("%-6s", tool.Method)) + " " + tool.Name + " " + t.Subtle.Render(tool.Description) + "\n")
		}
	case len(srv.ToolNames) > 0:
		b.WriteString("  " + strings.Join(srv.ToolNames, ", ") + "\n")
	}
	if s.trying {
		b.WriteString(s.spinner.View() + " " + c.T("mcp.trying") + "\n")
	} else if s.tried && s.tryErr != nil {
		b.WriteString(errorView(c, s.tryErr) + "\n")
	} else if s.tried {
		names := make([]string, 0, len(s.tools))
		for _, x := range s.tools {
			names = append(names, x.Name)
		}
		b.WriteString(t.OK.Render("✓ "+c.T("mcp.try_ok", len(s.tools))) + " " + strings.Join(names, ", ") + "\n")
	}
	if s.calling || s.result != nil {
		b.WriteString("\n" + s.callView())
	}
	b.WriteString("\n" + t.Bold.Render(c.T("mcp.config")+": "+mcpClients[s.client]) + " " + t.Subtle.Render("("+c.T("mode."+string(snippetModes[s.mode]))+")") + "\n")
	if s.writing {
		b.WriteString(s.path.View() + "\n") // above the text it writes, so it is in view
	}
	b.WriteString(s.configText())
	if mcpClients[s.client] == "cursor" {
		b.WriteString(t.Subtle.Render(c.T("mcp.cursor_link", snippet.CursorInstallLink(s.target(snippet.Cursor)))) + "\n")
	}
	// Long lines (a URL, a header) wrap rather than lose their ends: ↑/↓ scroll.
	lines := strings.Split(ansi.Hardwrap(b.String(), max(20, s.width), true), "\n")
	if s.offset > len(lines)-1 {
		s.offset = max(0, len(lines)-1)
	}
	lines = lines[s.offset:]
	if s.height > 0 && len(lines) > s.height {
		lines = lines[:s.height]
	}
	return strings.Join(lines, "\n")
}

// target is the server as the chosen client's configuration points at it.
func (s *MCPServerScreen) target(cl snippet.MCPClient) snippet.MCPTarget {
	return mcpTarget(s.ctx.Backend, s.item.MCPServer, cl, snippetModes[s.mode])
}

// mcpConfigText is an AI client's configuration for the server, as `bkconsole mcp config` writes it.
func mcpConfigText(b Backend, srv client.MCPServer, cl snippet.MCPClient, mode snippet.Mode) (string, error) {
	return snippet.MCPConfig(cl, mcpTarget(b, srv, cl, mode))
}

func mcpTarget(b Backend, srv client.MCPServer, cl snippet.MCPClient, mode snippet.Mode) snippet.MCPTarget {
	t := snippet.MCPTarget{Name: srv.Name, URL: srv.URL, SSE: srv.ProtocolType == "sse"}
	tenant := b.TenantID()
	if !srv.OAuth2PublicClientEnabled || tenant != "" {
		t.Headers = []client.KV{{Key: "X-Bkapi-Authorization", Value: snippet.MCPAuthValue(b.MCPAuthFields(srv), mode, cl)}}
		if tenant != "" {
			t.Headers = append(t.Headers, client.KV{Key: "X-Bk-Tenant-Id", Value: tenant}, client.KV{Key: "X-Bkapi-Allowed-Headers", Value: "X-Bk-Tenant-Id"})
		}
	}
	return t
}

// call sends the tool call once; arguments that are not a JSON object are refused first.
func (s *MCPServerScreen) call() tea.Cmd {
	if s.sending {
		return nil
	}
	args := strings.TrimSpace(s.args.Value())
	var obj map[string]json.RawMessage
	if args != "" {
		if err := json.Unmarshal([]byte(args), &obj); err != nil {
			s.callErr = &client.ErrUserInput{Key: "input.bad_args", Args: []any{err.Error()}}
			return nil
		}
	}
	s.sending, s.callErr = true, nil
	b, id, srv, tool := s.ctx.Backend, s.id, s.item.MCPServer, s.tools[s.toolIdx].Name
	ctx, cancel := s.loadCtx()
	return tea.Batch(s.spinner.Tick, func() tea.Msg {
		defer cancel()
		res, err := b.MCPCall(ctx, srv, tool, json.RawMessage(args))
		return mcpCalledMsg{id, res, err}
	})
}

// callView is the call form and the last result.
func (s *MCPServerScreen) callView() string {
	t, c := s.ctx.Theme, s.ctx
	var b strings.Builder
	b.WriteString(t.Bold.Render(c.T("mcp.call_title", s.tools[s.toolIdx].Name)) + " " + t.Subtle.Render(s.tools[s.toolIdx].Description) + "\n")
	if s.calling {
		b.WriteString(s.args.View() + "\n")
	}
	if s.sending {
		b.WriteString(s.spinner.View() + "\n")
	}
	if s.callErr != nil {
		b.WriteString(errorView(c, s.callErr) + "\n")
	}
	if s.result != nil {
		label := t.OK.Render("✓ " + c.T("mcp.result"))
		if s.result.IsError {
			label = t.Error.Render("✗ " + c.T("mcp.tool_error", s.tools[s.toolIdx].Name))
		}
		b.WriteString(label + "\n" + renderBody([]byte(s.result.Text), false, t.Highlight) + "\n")
	}
	return b.String()
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
