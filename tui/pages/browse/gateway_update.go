package browse

import (
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

func (s *GatewayScreen) selected() (client.Resource, bool) {
	r, ok := s.apis.List.Selected()
	if !ok {
		return client.Resource{}, false
	}
	for _, res := range s.resources {
		if res.Name == r.Key {
			return res, true
		}
	}
	return client.Resource{}, false
}

func (s *GatewayScreen) openDoc() tea.Cmd {
	r, ok := s.selected()
	if !ok {
		return nil
	}
	return common.OpenPage(common.DocPage{Gateway: s.gw, Resource: r, Stage: s.stage(), Stages: s.stageNames()})
}

func (s *GatewayScreen) switchTab(d int) tea.Cmd {
	s.tab = (s.tab + d + tabCount) % tabCount
	s.perms.Show(s.tab == tabPerms)
	s.SetSize(s.Width, s.Height)
	switch s.tab {
	case tabSDKs:
		r, _ := s.selected()
		return s.sdks.Load(s.gw.Name, s.stage(), r.Name, false)
	case tabPerms:
		return s.perms.Load(false)
	}
	return nil
}

func (s *GatewayScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case gatewayDetailMsg:
		return s, s.detailLoaded(msg)
	case common.ShownAgainMsg:
		return s, s.shownAgain()
	case resourcesLoadedMsg:
		return s, s.resourcesLoaded(msg)
	case spinner.TickMsg:
		if s.loadingR || s.sdks.loading {
			var cmd tea.Cmd
			s.Spinner, cmd = s.Spinner.Update(msg)
			s.sdks.spinner = s.Spinner
			return s, cmd
		}
	case common.LangChangedMsg:
		return s, s.langChanged()
	case common.ResizedMsg:
		if s.tab == tabSDKs {
			return s, s.sdks.render()
		}
	case sdksLoadedMsg, sdkUsageMsg, components.RenderedMsg:
		return s, s.sdks.Update(msg)
	case permsLoadedMsg:
		cmd := s.perms.Update(msg)
		s.SetSize(s.Width, s.Height)          // a note above the API list may come or go
		return s, tea.Batch(cmd, s.setRows()) // the API list's badges
	case common.RecordsUpdatedMsg:
		return s, s.recordsUpdated(msg)
	case tea.MouseMsg:
		s.mouse(msg)
	case tea.KeyMsg:
		return s, s.handleKey(msg)
	}
	return s, nil
}

func (s *GatewayScreen) detailLoaded(msg gatewayDetailMsg) tea.Cmd {
	if msg.lang != s.Ctx.Lang {
		return nil // L was pressed again since: the other language's words would stay
	}
	s.detailErr, s.stagesErr = msg.err, msg.stErr
	if msg.err == nil {
		// The page stays the gateway it was opened for: a detail naming another (a hostile or
		// broken server) had retitled it and sent its next reads to that one.
		name := s.gw.Name
		s.gw = msg.gw
		s.gw.Name = name
	}
	if msg.stErr == nil && len(msg.stages) > 0 {
		s.stagesVia = msg.stVia
		cur := s.stage()
		s.stages, s.stageIdx = msg.stages, 0
		s.pickStage(cur)
		if s.stage() != cur { // the chosen stage does not exist here: load the one shown
			s.Ctx.SetStage(s.stage())
			s.SetSize(s.Width, s.Height)
			return s.loadResources(false)
		}
	}
	s.SetSize(s.Width, s.Height)
	return nil
}

func (s *GatewayScreen) shownAgain() tea.Cmd {
	var cmds []tea.Cmd
	if cur := s.stage(); s.Ctx.Stage() != cur {
		s.pickStage(s.Ctx.Stage())
		if s.stage() != cur {
			cmds = append(cmds, s.loadResources(false))
		}
	}
	// An application or a renewal above this screen dropped the cached permissions: the
	// rows refresh by themselves, without r.
	if _, ok := s.Ctx.Cache.Perms.Get(s.gw.Name); !ok && (s.perms.perms != nil || s.perms.err != nil) {
		cmds = append(cmds, s.perms.Load(true))
	}
	return tea.Batch(cmds...)
}

func (s *GatewayScreen) resourcesLoaded(msg resourcesLoadedMsg) tea.Cmd {
	if msg.stage != s.stage() {
		return nil
	}
	if msg.err != nil && s.resources != nil && s.resStage == msg.stage {
		// The stage's APIs read again (r) failed: the list read before stays.
		s.loadingR = false
		return tea.Batch(common.Conn(msg.via, msg.err), s.staleR.Failed(s.Ctx, msg.err))
	}
	s.loadingR, s.errR, s.viaR = false, msg.err, msg.via
	if msg.err == nil {
		s.staleR.Succeeded()
		s.resources, s.resStage = msg.items, msg.stage
		s.Ctx.Cache.Resources.Put(s.cacheKey(), msg.items)
		s.SetSize(s.Width, s.Height)
		return tea.Batch(common.Conn(msg.via, nil), s.setRows())
	}
	s.SetSize(s.Width, s.Height)
	return common.Conn(msg.via, msg.err)
}

func (s *GatewayScreen) langChanged() tea.Cmd {
	s.build()
	s.perms.build()
	s.sdks.Relayout()
	s.SetSize(s.Width, s.Height)
	r, _ := s.selected()
	cmds := []tea.Cmd{s.loadDetail(), s.loadResources(true), s.perms.Load(true)}
	if s.tab == tabSDKs {
		cmds = append(cmds, s.sdks.Load(s.gw.Name, s.stage(), r.Name, true))
	}
	return tea.Batch(cmds...)
}

func (s *GatewayScreen) recordsUpdated(msg common.RecordsUpdatedMsg) tea.Cmd {
	for _, r := range msg.Decided {
		if r.GatewayName == s.gw.Name {
			return s.perms.Load(true)
		}
	}
	if _, ok := s.Ctx.Cache.Perms.Get(s.gw.Name); !ok {
		return s.perms.Load(true)
	}
	return nil
}

func (s *GatewayScreen) mouse(msg tea.MouseMsg) {
	y := msg.Y - lipgloss.Height(s.headerView()) // the body's first line
	if s.tab == tabAPIs {
		y -= len(s.apisNotes()) // the lines above the list
	}
	switch s.tab {
	case tabAPIs:
		s.apis.Mouse(msg, y)
	case tabPerms:
		s.perms.Mouse(msg, y)
	default:
		s.sdks.Mouse(msg)
	}
}

// handleKey gives a key to the tab shown first, then takes the page's own.
func (s *GatewayScreen) handleKey(msg tea.KeyMsg) tea.Cmd {
	if handled, cmd := s.tabKey(msg); handled {
		return cmd
	}
	n := s.Ctx.Nav
	switch {
	case key.Matches(msg, n.NextTab):
		return s.switchTab(1)
	case key.Matches(msg, n.PrevTab):
		return s.switchTab(-1)
	case key.Matches(msg, s.stageKey):
		s.stageIdx = (s.stageIdx + 1) % len(s.stages)
		s.Ctx.SetStage(s.stage())
		cmds := []tea.Cmd{s.loadResources(false), common.Notify(s.Ctx.T("tui.stage_now", s.stage()), false)}
		if s.tab == tabSDKs {
			r, _ := s.selected()
			cmds = append(cmds, s.sdks.Load(s.gw.Name, s.stage(), r.Name, false))
		}
		return tea.Batch(cmds...)
	case key.Matches(msg, s.Ctx.Global.Refresh):
		r, _ := s.selected()
		return tea.Batch(s.loadDetail(), s.loadResources(true), s.sdks.Load(s.gw.Name, s.stage(), r.Name, true), s.perms.Load(true))
	case s.tab == tabAPIs && key.Matches(msg, s.openKey):
		return s.openDoc()
	case key.Matches(msg, s.savedKey):
		return common.OpenPage(common.SavedPage{Gateway: s.gw.Name})
	case s.tab == tabAPIs && key.Matches(msg, s.callKey):
		if r, ok := s.selected(); ok {
			return common.OpenPage(common.ConsolePage{Gateway: s.gw.Name, Resource: r, Stage: s.stage()})
		}
	}
	return nil
}

// tabKey offers a key to the tab shown: the API list (and its filter), the permissions, the SDKs.
func (s *GatewayScreen) tabKey(msg tea.KeyMsg) (bool, tea.Cmd) {
	switch s.tab {
	case tabAPIs:
		if handled, cmd := s.apis.Update(msg); handled {
			return true, cmd
		}
		if s.apis.Entered() {
			return true, s.openDoc()
		}
	case tabPerms:
		return s.perms.HandleKey(msg)
	default:
		if s.sdks.HandleKey(msg) {
			if s.sdks.reload {
				s.sdks.reload = false
				r, _ := s.selected()
				return true, s.sdks.Load(s.gw.Name, s.stage(), r.Name, false)
			}
			return true, nil
		}
	}
	return false, nil
}

func (s *GatewayScreen) View() string {
	var body string
	switch {
	case s.tab == tabSDKs:
		body = s.sdks.View()
	case s.tab == tabPerms:
		body = s.perms.View()
	case s.loadingR && len(s.resources) == 0:
		body = s.LoadingView(s.Ctx.T("tab.apis"))
	case s.errR != nil:
		body = common.RetryView(s.Ctx, s.errR)
	default:
		body = strings.Join(append(s.apisNotes(), s.apis.View()), "\n")
	}
	return s.headerView() + "\n" + body
}
