package tui

import (
	"reflect"
	"slices"
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/pages/browse"
	"github.com/bkconsole/bkconsole/tui/pages/chat"
	"github.com/bkconsole/bkconsole/tui/pages/console"
	"github.com/bkconsole/bkconsole/tui/pages/doc"
	"github.com/bkconsole/bkconsole/tui/pages/esb"
	"github.com/bkconsole/bkconsole/tui/pages/history"
	"github.com/bkconsole/bkconsole/tui/pages/mcp"
	"github.com/bkconsole/bkconsole/tui/pages/palette"
	"github.com/bkconsole/bkconsole/tui/pages/permissions"
	"github.com/bkconsole/bkconsole/tui/pages/profile"
	"github.com/bkconsole/bkconsole/tui/pages/records"
	"github.com/bkconsole/bkconsole/tui/pages/saved"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// pageAt builds the page at an address, and remembers which kind of address it was: a global
// page key returns to a page of its kind already in the stack (openOrReturn).
func (m *Model) pageAt(to common.PageAddress) common.Screen {
	s := m.newPage(to)
	if s != nil {
		if m.openedAs == nil {
			m.openedAs = map[int64]reflect.Type{}
		}
		m.openedAs[s.ID()] = reflect.TypeOf(to)
	}
	return s
}

// newPage is the registry of pages: the one place that knows how each is made.
func (m *Model) newPage(to common.PageAddress) common.Screen {
	c := m.ctx
	switch a := to.(type) {
	case common.GatewaysPage:
		return browse.NewGatewaysScreen(c)
	case common.WelcomePage:
		return profile.NewWelcomeScreen(c)
	case common.GatewayPage:
		return browse.NewGatewayScreen(c, a.Gateway)
	case common.DocPage:
		stages := a.Stages
		if stages == nil {
			stages = browse.ProfileStageNames(c)
		}
		return doc.NewDocScreen(c, a.Gateway, a.Resource, a.Stage, stages...)
	case common.ConsolePage:
		if a.Resource.IsAI() && !a.Raw {
			return chat.New(c, a.Gateway, a.Resource, a.Stage)
		}
		return console.NewConsoleScreen(c, a.Gateway, a.Resource, a.Stage).WithBody(a.Body)
	case common.ApplyPage:
		return permissions.NewApplyScreen(c, a)
	case common.RenewPage:
		return permissions.NewRenewScreen(c, a)
	case common.MyPermsPage:
		return permissions.NewMyPermsScreen(c)
	case common.RecordPage:
		return records.NewRecordPage(c, a)
	case common.MCPServerPage:
		return mcp.NewMCPServerScreen(c, a)
	case common.ComponentsPage:
		return esb.NewComponentsScreen(c, a.System)
	case common.ComponentCallPage:
		return console.NewComponentConsole(c, a.System, a.Component)
	case common.ConnectPage:
		return profile.NewConnectScreen(c)
	case common.ProfilePage:
		return profile.NewProfileScreen(c)
	case common.RecordsPage:
		return records.NewRecordsScreen(c)
	case common.MCPPage:
		return mcp.NewMCPScreen(c)
	case common.SystemsPage:
		return esb.NewSystemsScreen(c)
	case common.HistoryPage:
		return history.NewHistoryScreen(c)
	case common.ImportPage:
		return console.NewImportScreen(c)
	case common.SentPage:
		return console.NewConsoleFromHistory(c, a.Entry)
	case common.SavedPage:
		return saved.NewSavedScreen(c, a.Gateway)
	case common.SavedRequestPage:
		return console.NewConsoleFromSaved(c, a.Request)
	}
	return nil
}

// inTabs puts a console in tabs: another tab of the console shown (added), else tabs of its
// own. Any other screen is as it was.
func (m *Model) inTabs(s common.Screen) (common.Screen, tea.Cmd, bool) {
	cs, ok := s.(*console.ConsoleScreen)
	if !ok {
		return s, nil, false
	}
	if t, ok := m.top().(*console.Tabs); ok {
		return t, t.Add(cs), true
	}
	return console.NewTabs(m.ctx, cs), nil, false
}

// jump replaces the stack above the first screen with the pages at msg's addresses (the
// palette's jumps).
func (m *Model) jump(msg common.JumpMsg) tea.Cmd {
	// A jump replaces the stack above the first screen: no pile of screens, and the
	// breadcrumb says where the user is.
	if len(msg.To) > 0 {
		// Opening a console from the palette while in one: another tab, not a new stack.
		if s, ok := m.top().(*console.Tabs); ok && isConsole(msg.To[len(msg.To)-1]) {
			if cs, ok := m.pageAt(msg.To[len(msg.To)-1]).(*console.ConsoleScreen); ok {
				m.palette = nil
				return s.Add(cs)
			}
		}
	}
	for _, s := range m.stack[1:] {
		m.closeScreen(s)
	}
	m.stack = m.stack[:1]
	var cmds []tea.Cmd
	for _, to := range msg.To {
		s := m.pageAt(to)
		if s == nil {
			continue
		}
		if cs, ok := s.(*console.ConsoleScreen); ok {
			s = console.NewTabs(m.ctx, cs)
		}
		s.SetSize(m.ctx.Width, m.ctx.Height)
		m.stack = append(m.stack, s)
		cmds = append(cmds, s.Init())
	}
	m.palette = nil
	return tea.Batch(cmds...)
}

// isConsole: the page at this address is a console.
func isConsole(to common.PageAddress) bool {
	switch to.(type) {
	case common.ConsolePage, common.SentPage, common.SavedRequestPage, common.ComponentCallPage:
		return true
	}
	return false
}

// indexOnce reads every gateway's APIs in the background for the palette, once a session.
func (m *Model) indexOnce(msg common.GatewaysListedMsg) tea.Cmd {
	if len(msg.Gateways) == 0 || m.indexed == palette.IndexScope(m.ctx) {
		return nil
	}
	m.indexed = palette.IndexScope(m.ctx)
	return tea.Batch(palette.BuildIndex(m.ctx.Backend, msg.Gateways, m.ctx.Stage(), m.indexed, m.ctx.Disk, m.indexed, m.index),
		palette.ReadKinds(m.ctx.Backend, m.indexed))
}

// kindsRead keeps the MCP servers and component systems the palette's background read found,
// where their pages had not listed them already (a page's own read is the fresher).
func (m *Model) kindsRead(msg palette.KindsMsg) {
	if msg.Scope != palette.IndexScope(m.ctx) {
		return // read for the profile before a switch
	}
	c := m.ctx.Cache
	if _, ok := c.MCPServers.Get(); !ok && msg.MCPServers != nil {
		c.MCPServers.Put(msg.MCPServers)
	}
	if _, ok := c.Systems.Get(); !ok && msg.Systems != nil {
		c.Systems.Put(msg.Systems)
	}
	c.NoESB = c.NoESB || msg.NoESB
}

// indexReady takes an index of every gateway's APIs: the disk's at the start, then the one read
// afresh. One that could not read some gateways is read again at the next listing (r).
func (m *Model) indexReady(msg palette.APIIndexMsg) {
	if msg.Scope != palette.IndexScope(m.ctx) || (msg.FromDisk && m.index != nil) {
		return
	}
	m.index, m.indexUnread = msg.Entries, msg.Unread
	if len(msg.Unread) > 0 {
		m.indexed = ""
	}
}

// push puts a screen on top (a console joins the open consoles' tabs instead).
func (m *Model) push(screen common.Screen) tea.Cmd {
	s, cmd, added := m.inTabs(screen)
	if added {
		return cmd
	}
	s.SetSize(m.ctx.Width, m.ctx.Height)
	m.stack = append(m.stack, s)
	m.palette = nil
	return s.Init()
}

// popScreen goes back one screen and tells the one shown again (it may follow what changed
// above it: the stage, say).
func (m *Model) popScreen() tea.Cmd {
	if len(m.stack) <= 1 {
		return nil
	}
	gone := m.top()
	m.closeScreen(gone)
	m.stack = m.stack[:len(m.stack)-1]
	if gone.ID() == m.statusOwner {
		// The notice came down with the user: it is now the shown page's, and a page opened
		// above it does not show it (the console's "saved as …" had stayed on every page after).
		m.statusOwner = m.top().ID()
	}
	_, cmd := m.top().Update(common.ShownAgainMsg{})
	return cmd
}

// profileChanged starts over on another profile: every screen closed, every cache dropped.
func (m *Model) profileChanged(msg common.ProfileChangedMsg) tea.Cmd {
	for _, s := range m.stack {
		m.closeScreen(s)
	}
	m.index, m.indexed = nil, ""
	m.ctx.SetBackend(msg.Backend, msg.Info)
	m.ctx.Backend.SetLang(string(m.ctx.Lang))
	m.ctx.Cache = &common.Cache{}
	m.ctx.Selections = map[string]map[string]client.ResourcePermission{}
	m.watcher = recordWatcher{}
	m.palette = nil
	m.connVia, m.connErr, m.connSaved, m.tokenErr, m.user = "", nil, false, nil, client.UserInfo{}
	m.profileGen++
	m.stack = []common.Screen{m.pageAt(common.GatewaysPage{})}
	m.layout()
	var notes []string
	for _, n := range msg.Info.Notes {
		notes = append(notes, m.ctx.T(n.Key, n.Args...))
	}
	if len(notes) > 0 {
		return tea.Batch(m.top().Init(), m.askWhoAmI(), common.Notify(strings.Join(notes, " · "), true))
	}
	return tea.Batch(m.top().Init(), m.askWhoAmI())
}

// route delivers what is left: a command's result to the screen that asked (common.Reply),
// what concerns every screen (ticks, the record watcher) to each.
func (m *Model) route(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	if m.tokenErr == nil && m.ctx.Backend != nil {
		// A load may have found the login refused: say so once, with where to log in.
		if err := m.ctx.Backend.TokenRefused(); err != nil {
			m.tokenErr = err
			line := m.ctx.T("tui.token_refused_notice", m.ctx.Global.Profile.Help().Key, m.ctx.Keys.Shared().Login.Help().Key)
			if env := m.ctx.Profile.TokenEnv(); env != "" {
				line = m.ctx.T("tui.token_refused_notice_env", env)
			}
			if u := client.LoginURLOf(err); u != "" {
				line += " " + m.ctx.T("token.login_at", untrusted.Line(u))
			}
			cmds = append(cmds, common.Notify(line, true))
		}
	}
	if r, ok := msg.(common.Reply); ok {
		// A result goes to the screen that asked, and only there; a screen that has left the
		// stack asked for nothing any more. A screen holding others (the console's tabs) gets
		// the reply whole, to pass it on.
		for i, s := range m.stack {
			o, owner := s.(common.Owner)
			if s.ID() == r.To || owner && o.Owns(r.To) {
				inner := r.Msg
				if s.ID() != r.To {
					inner = r
				}
				ns, cmd := s.Update(inner)
				m.stack[i] = ns
				return m, tea.Batch(append(cmds, cmd)...)
			}
		}
		return m, tea.Batch(append(cmds, m.toldOutOfSight(r))...)
	}
	for i, s := range m.stack {
		ns, cmd := s.Update(msg)
		m.stack[i] = ns
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// closeScreen cancels a screen leaving the stack and forgets its address; one whose write is
// in flight is kept out of sight instead, so that the write's answer is still told.
func (m *Model) closeScreen(s common.Screen) {
	delete(m.openedAs, s.ID())
	if m.isSending(s) {
		m.sending = append(m.sending, s)
		return
	}
	s.Close()
}

// toldOutOfSight delivers a result to a screen left while it was sending: what it says comes
// as notices and broadcasts (it moves the user nowhere), and once it is no longer sending it
// is closed.
func (m *Model) toldOutOfSight(r common.Reply) tea.Cmd {
	for i, s := range m.sending {
		o, owner := s.(common.Owner)
		if s.ID() != r.To && !(owner && o.Owns(r.To)) {
			continue
		}
		inner := tea.Msg(r)
		if s.ID() == r.To {
			inner = r.Msg // a screen holding others (the console's tabs) gets the reply whole
		}
		ns, cmd := s.Update(inner)
		m.sending[i] = ns
		if !m.isSending(ns) {
			ns.Close()
			m.sending = slices.Delete(m.sending, i, i+1)
		}
		return common.Unseen(cmd)
	}
	return nil // a screen that has left asked for nothing any more
}

// retryOnRefresh: the page is about to read again (r), so a surface given up as out of reach
// is asked again now, not only once its wait is over.
func (m *Model) retryOnRefresh(msg tea.KeyMsg) {
	if key.Matches(msg, m.ctx.Global.Refresh) && m.ctx.Backend != nil {
		m.ctx.Backend.RetryUnreachable()
	}
}
