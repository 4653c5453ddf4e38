package tui

import (
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/pages/browse"
	"github.com/bkconsole/bkconsole/tui/pages/console"
	"github.com/bkconsole/bkconsole/tui/pages/doc"
	"github.com/bkconsole/bkconsole/tui/pages/esb"
	"github.com/bkconsole/bkconsole/tui/pages/history"
	"github.com/bkconsole/bkconsole/tui/pages/mcp"
	"github.com/bkconsole/bkconsole/tui/pages/permissions"
	"github.com/bkconsole/bkconsole/tui/pages/profile"
	"github.com/bkconsole/bkconsole/tui/pages/records"
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
		return console.NewConsoleScreen(c, a.Gateway, a.Resource, a.Stage)
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
		return mcp.NewMCPServerScreen(c, a.Server)
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
	}
	return nil
}
