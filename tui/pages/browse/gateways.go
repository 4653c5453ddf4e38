package browse

import (
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// GatewaysScreen lists every gateway.
type GatewaysScreen struct {
	components.ListPage
	items   []client.Gateway
	loading bool
	err     error
	byName  bool
	sortKey key.Binding
	openKey key.Binding
}

type GatewaysLoadedMsg struct {
	Items    []client.Gateway
	via      client.Surface
	Err      error
	FromDisk bool
	fresh    bool // the disk copy is young enough that no refresh is needed
}

// diskMaxAge is how long the on-disk gateway list is used without asking again.
const diskMaxAge = 30 * time.Second

// NewGatewaysScreen makes the gateway list.
func NewGatewaysScreen(c *common.Context) *GatewaysScreen {
	s := &GatewaysScreen{ListPage: components.NewListPage(c, []int{0, 2, 1}, 0)}
	s.build()
	return s
}

func (s *GatewaysScreen) build() {
	c := s.Ctx
	cols := []list.Column{
		{Title: c.T("col.name"), Width: 24, Filtered: true},
		{Title: c.T("col.markers"), Width: 14, Filtered: true}, // "AI" finds the AI gateways
		{Title: c.T("col.description"), MinWidth: 10, Filtered: true},
	}
	s.Listing.SetColumns(cols)
	s.sortKey = c.Keys.Bind("s", "key.sort_name", "s")
	s.openKey = c.Nav.Open
	s.setRows()
}

func (s *GatewaysScreen) Init() tea.Cmd {
	if v, ok := s.Ctx.Cache.Gateways.Get(); ok {
		s.items = v
		s.setRows()
		return nil
	}
	if d := s.Ctx.Disk; d != nil {
		// The last run's list shows at once; the network refreshes it behind.
		key := s.Ctx.DiskKey("gateways")
		s.loading = true
		return s.Own(func() tea.Msg {
			var gs []client.Gateway
			at, ok := d.Load(key, &gs)
			if !ok {
				return GatewaysLoadedMsg{FromDisk: true, Err: errNoDiskCopy}
			}
			untrusted.Strings(&gs) // a file on disk is no more trusted than the server it came from
			return GatewaysLoadedMsg{Items: gs, FromDisk: true, fresh: time.Since(at) < diskMaxAge}
		})
	}
	return s.load()
}

var errNoDiskCopy = errors.New("no copy on disk")

func (s *GatewaysScreen) load() tea.Cmd {
	s.loading, s.err = true, nil
	b := backendOf(s.Ctx)
	ctx, cancel := s.LoadCtx()
	return tea.Batch(s.Ctx.Clock.Spin(s.Spinner), s.Own(func() tea.Msg {
		defer cancel()
		items, via, err := b.Gateways(ctx, "")
		return GatewaysLoadedMsg{Items: items, via: via, Err: err}
	}))
}

func (s *GatewaysScreen) markers(g client.Gateway) string {
	m := g.Markers()
	for i, key := range m {
		m[i] = s.Ctx.T(key)
	}
	return strings.Join(m, " ")
}

func (s *GatewaysScreen) setRows() {
	items := append([]client.Gateway{}, s.items...)
	if s.byName {
		sort.SliceStable(items, func(i, j int) bool { return items[i].Name < items[j].Name })
	}
	t := s.Ctx.Theme
	rows := make([]list.Row, len(items))
	for i, g := range items {
		g := g
		rows[i] = list.Row{Key: g.Name, Cells: []string{g.Name, s.markers(g), g.Description},
			CellStyle: func(col int) lipgloss.Style {
				if col == 1 && g.IsDeprecated {
					return t.Warn
				}
				if col == 1 && g.IsOfficial {
					return t.Badge
				}
				return lipgloss.NewStyle()
			}}
	}
	s.Listing.List.SetRows(rows)
}

func (s *GatewaysScreen) Crumb() string { return s.Ctx.T("tui.gateways") }

func (s *GatewaysScreen) ShortHelp() []key.Binding {
	if k := s.Listing.FilterKeys(s.openKey); k != nil {
		return k
	}
	return append(s.Listing.RowKeys(s.openKey, s.Ctx.Nav.Filter, s.sortKey), s.Ctx.Global.Refresh)
}

func (s *GatewaysScreen) FullHelp() [][]key.Binding {
	n := s.Ctx.Nav
	return [][]key.Binding{{n.Up, n.Down, n.PageUp, n.PageDown, n.Top, n.Bottom}, {s.openKey, n.Filter, s.sortKey, s.Ctx.Global.Refresh}}
}

func (s *GatewaysScreen) open() tea.Cmd {
	r, ok := s.Listing.List.Selected()
	if !ok {
		return nil
	}
	for _, g := range s.items {
		if g.Name == r.Key {
			return common.OpenPage(common.GatewayPage{Gateway: g})
		}
	}
	return nil
}

func (s *GatewaysScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if handled, cmd := s.ListPage.Update(msg, s.build); handled {
		return s, cmd
	}
	switch msg := msg.(type) {
	case GatewaysLoadedMsg:
		if msg.FromDisk {
			if msg.Err != nil {
				return s, s.load()
			}
			s.items = msg.Items
			s.setRows()
			if msg.fresh {
				s.loading = false
				s.Ctx.Cache.Gateways.Put(msg.Items)
				return s, func() tea.Msg { return common.ConnMsg{Saved: true} }
			}
			return s, s.load()
		}
		s.loading, s.err = false, msg.Err
		if msg.Err != nil {
			return s, common.Conn(msg.via, msg.Err)
		}
		s.items = msg.Items
		s.Ctx.Cache.Gateways.Put(msg.Items)
		s.setRows()
		listed := common.GatewaysListedMsg{Gateways: msg.Items}
		cmds := []tea.Cmd{common.Conn(msg.via, nil), func() tea.Msg { return listed }}
		if d := s.Ctx.Disk; d != nil {
			items, key := msg.Items, s.Ctx.DiskKey("gateways")
			cmds = append(cmds, func() tea.Msg { _ = d.Save(key, items); return nil })
		}
		return s, tea.Batch(cmds...)
	case spinner.TickMsg:
		return s, s.Spin(msg, s.loading)
	case common.LangChangedMsg:
		return s, s.load() // the rows were rebuilt; the descriptions come in the new language
	case tea.MouseMsg:
		s.Listing.Mouse(msg, msg.Y) // the filter line is the screen's first line
	case tea.KeyMsg:
		switch {
		case s.Listing.Opens(msg, s.openKey):
			return s, s.open()
		case key.Matches(msg, s.sortKey):
			s.byName = !s.byName
			s.setRows()
		case key.Matches(msg, s.Ctx.Global.Refresh):
			return s, s.load()
		}
	}
	return s, nil
}

func (s *GatewaysScreen) View() string {
	switch {
	case s.loading && len(s.items) == 0:
		return s.LoadingView(s.Ctx.T("tui.gateways"))
	case s.err != nil && len(s.items) == 0:
		return common.RetryView(s.Ctx, s.err)
	}
	v := s.Listing.View()
	if s.err != nil {
		v = common.ErrorView(s.Ctx, s.err) + "\n" + v
	}
	return v
}
