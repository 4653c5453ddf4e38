package mcp

import (
	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/common"
	tea "github.com/charmbracelet/bubbletea"
)

// mcpStatusMsg is this app's permission on the server, read afresh after an application or
// while one waits; nil when the app's list does not have it, or when the read failed (err).
type mcpStatusMsg struct {
	item *client.MCPServerPermission
	err  error
}

// mcpStatusRefreshMsg reads the status again while an application waits.
type mcpStatusRefreshMsg struct{}

// apply opens the application form for this server, when an application can take it; else
// it says why not (owned, waiting, approved), as mcp apply refuses.
func (s *MCPServerScreen) apply() tea.Cmd {
	srv := s.item.MCPServer
	if !s.item.Applicable() {
		return common.Notify(s.Ctx.T(client.NotApplicableKey(s.item.Permission.Status, false), srv.Name, s.item.Permission.StatusText(s.Ctx.Lang)), true)
	}
	return common.OpenPage(common.ApplyPage{Kind: client.KindMCP,
		Items: []common.ApplyItem{{ID: srv.ID, Name: srv.Name, Description: srv.Title}}})
}

// readStatus reads this app's permission on the server afresh (the list's call, by its name).
func (s *MCPServerScreen) readStatus() tea.Cmd {
	b, srv := backendOf(s.Ctx), s.item.MCPServer
	ctx, cancel := s.LoadCtx()
	return s.Own(func() tea.Msg {
		defer cancel()
		items, _, err := b.MCPServers(ctx, srv.Name)
		for _, x := range items {
			if x.MCPServer.ID == srv.ID {
				return mcpStatusMsg{item: &x}
			}
		}
		return mcpStatusMsg{err: err}
	})
}

// followStatus reads the status again while the app's application waits.
func (s *MCPServerScreen) followStatus() tea.Cmd {
	return s.Own(s.Ctx.FollowWhile(s.item.Permission.Status == client.MCPPending, mcpStatusRefreshMsg{}))
}
