package tui

// pageAt builds the page at an address.
func (m *Model) pageAt(to pageAddress) Screen {
	c := m.ctx
	switch a := to.(type) {
	case gatewayPage:
		return NewGatewayScreen(c, a.gateway)
	case docPage:
		stages := a.stages
		if stages == nil {
			stages = profileStageNames(c)
		}
		return NewDocScreen(c, a.gateway, a.resource, a.stage, stages...)
	case consolePage:
		return NewConsoleScreen(c, a.gateway, a.resource, a.stage)
	case applyPage:
		return NewApplyScreen(c, a.gateway, a.apis, a.whole)
	case renewPage:
		return NewRenewScreen(c, a.perms)
	case myPermsPage:
		return NewMyPermsScreen(c)
	case recordPage:
		return NewRecordScreen(c, a.id)
	case componentRecordPage:
		return NewComponentRecordScreen(c, a.id)
	case mcpServerPage:
		return NewMCPServerScreen(c, a.server)
	case componentsPage:
		return NewComponentsScreen(c, a.system)
	case componentCallPage:
		return NewComponentConsole(c, a.system, a.component)
	case connectPage:
		ps := NewProfileScreen(c)
		ps.formOnStart = true
		return ps
	case profilePage:
		return NewProfileScreen(c)
	case recordsPage:
		return NewRecordsScreen(c)
	case mcpPage:
		return NewMCPScreen(c)
	case systemsPage:
		return NewSystemsScreen(c)
	case historyPage:
		return NewHistoryScreen(c)
	case importPage:
		return NewImportScreen(c)
	case sentPage:
		return NewConsoleFromHistory(c, a.entry)
	}
	return nil
}
