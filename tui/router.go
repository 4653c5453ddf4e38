package tui

import (
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/pages/browse"
	"github.com/bkconsole/bkconsole/tui/pages/chat"
	"github.com/bkconsole/bkconsole/tui/pages/console"
	"github.com/bkconsole/bkconsole/tui/pages/doc"
	"github.com/bkconsole/bkconsole/tui/pages/esb"
	"github.com/bkconsole/bkconsole/tui/pages/history"
	"github.com/bkconsole/bkconsole/tui/pages/mcp"
	"github.com/bkconsole/bkconsole/tui/pages/permissions"
	"github.com/bkconsole/bkconsole/tui/pages/profile"
	"github.com/bkconsole/bkconsole/tui/pages/records"
	"github.com/bkconsole/bkconsole/tui/pages/saved"
	tea "github.com/charmbracelet/bubbletea"
)

// pageAt builds the page at an address.
func (m *Model) pageAt(to common.PageAddress) common.Screen {
	c := m.ctx
	switch a := to.(type) {
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
		return records.NewRecordScreen(c, a.ID)
	case common.ComponentRecordPage:
		return records.NewComponentRecordScreen(c, a.ID)
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
		s.Close()
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
