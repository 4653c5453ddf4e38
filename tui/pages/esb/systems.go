package esb

import (
	"errors"
	"strconv"
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// SystemsScreen lists the ESB systems (the Developer Center's "Component API" tab); enter
// opens a system's components. On a multi-tenant installation it says there is no ESB.
type SystemsScreen struct {
	components.ListPage
	items   []client.ESBSystem
	loading bool
	err     error
	stale   common.StaleRead // read again (r) and failed: the list read before stays
	openKey key.Binding
}

type systemsMsg struct {
	items []client.ESBSystem
	via   client.Surface
	err   error
}

type componentsMsg struct {
	items []client.Component
	via   client.Surface
	err   error
}

// componentsRefreshMsg reloads the components while an application waits: the list follows it
// until it is decided, as the gateway's Permissions tab and the MCP servers do.
type componentsRefreshMsg struct{}

// NewSystemsScreen opens the component systems.
func NewSystemsScreen(c *common.Context) *SystemsScreen {
	s := &SystemsScreen{ListPage: components.NewListPage(c, []int{0, 1}, 0), loading: true}
	s.build()
	return s
}

func (s *SystemsScreen) build() {
	c := s.Ctx
	s.Listing.SetColumns([]list.Column{{Title: c.T("col.name"), MinWidth: 8, Filtered: true, Priority: 2},
		{Title: c.T("col.description"), MinWidth: 16, Filtered: true, Priority: 1}, {Title: c.T("col.maintainers"), MinWidth: 10},
		{Title: c.T("col.tag"), Width: 6}})
	s.openKey = c.Keys.Bind("enter", "key.open", "enter")
	rows := make([]list.Row, len(s.items))
	for i, x := range s.items {
		rows[i] = list.Row{Key: strconv.Itoa(x.ID), Cells: []string{x.Name, x.Describe(c.Lang == i18n.English), strings.Join(x.Maintainers, ", "), x.Tag}}
	}
	s.Listing.List.SetRows(rows)
}

func (s *SystemsScreen) Init() tea.Cmd {
	s.loading = true
	b := backendOf(s.Ctx)
	ctx, cancel := s.LoadCtx()
	return tea.Batch(s.Ctx.Clock.Spin(s.Spinner), s.Own(func() tea.Msg {
		defer cancel()
		items, via, err := b.Systems(ctx)
		return systemsMsg{items, via, err}
	}))
}

func (s *SystemsScreen) Crumb() string { return s.Ctx.T("comp.title") }
func (s *SystemsScreen) ShortHelp() []key.Binding {
	if k := s.Listing.FilterKeys(s.openKey); k != nil {
		return k
	}
	return append(s.Listing.RowKeys(s.openKey, s.Ctx.Nav.Filter), s.Ctx.Global.Refresh)
}

func (s *SystemsScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if handled, cmd := s.ListPage.Update(msg, s.build); handled {
		return s, cmd
	}
	switch msg := msg.(type) {
	case systemsMsg:
		if msg.err != nil && s.items != nil && !errors.Is(msg.err, client.ErrNoESB) {
			s.loading = false
			return s, tea.Batch(common.Conn(msg.via, msg.err), s.stale.Failed(s.Ctx, msg.err))
		}
		s.stale.Succeeded()
		s.loading, s.items, s.err = false, msg.items, msg.err
		if errors.Is(msg.err, client.ErrNoESB) {
			s.Ctx.Cache.NoESB = true // the palette and E stop offering the page
		} else if msg.err == nil {
			s.Ctx.Cache.Systems.Put(msg.items) // the palette's rows
		}
		s.build()
		return s, common.Conn(msg.via, msg.err)
	case tea.KeyMsg:
		if key.Matches(msg, s.Ctx.Global.Refresh) && !s.loading {
			return s, s.Init()
		}
		if s.Listing.Opens(msg, s.openKey) {
			if r, ok := s.Listing.List.Selected(); ok {
				for _, x := range s.items {
					if strconv.Itoa(x.ID) == r.Key {
						return s, common.OpenPage(common.ComponentsPage{System: x})
					}
				}
			}
		}
	default:
		return s, s.Spin(msg, s.loading)
	}
	return s, nil
}

func (s *SystemsScreen) View() string {
	switch {
	case s.loading && len(s.items) == 0:
		return s.LoadingView(s.Ctx.T("comp.title"))
	case errors.Is(s.err, client.ErrNoESB):
		return s.Ctx.Theme.Warn.Render("! " + s.Ctx.T("esb.absent"))
	case s.err != nil:
		return common.RetryView(s.Ctx, s.err)
	}
	return s.Listing.View()
}
