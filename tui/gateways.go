package tui

import (
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/tui/keymap"
	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// GatewaysScreen lists every gateway.
type GatewaysScreen struct {
	base
	fl      *filterList
	items   []client.Gateway
	loading bool
	err     error
	byName  bool
	sortKey key.Binding
	openKey key.Binding
}

type gatewaysLoadedMsg struct {
	id       int64
	items    []client.Gateway
	via      client.Surface
	err      error
	fromDisk bool
	fresh    bool // the disk copy is young enough that no refresh is needed
}

// diskMaxAge is how long the on-disk gateway list is used without asking again.
const diskMaxAge = 30 * time.Second

// NewGatewaysScreen makes the gateway list.
func NewGatewaysScreen(c *Context) *GatewaysScreen {
	s := &GatewaysScreen{base: newBase(c)}
	s.build()
	return s
}

func (s *GatewaysScreen) build() {
	c := s.ctx
	cols := []list.Column{
		{Title: c.T("col.name"), Width: 24, Filtered: true},
		{Title: c.T("col.markers"), Width: 14},
		{Title: c.T("col.description"), MinWidth: 10, Filtered: true},
	}
	if s.fl == nil {
		s.fl = newFilterList(c, cols, []int{0, 2})
	} else {
		s.fl.list.SetColumns(cols)
		s.fl.list.SetStyles(c.Theme.List)
	}
	s.sortKey = keymap.Bind(c.Lang, "s", "key.sort_name", "s")
	s.openKey = c.Nav.Open
	s.setRows()
}

func (s *GatewaysScreen) Init() tea.Cmd {
	if v, ok := s.ctx.Cache[cacheGateways].([]client.Gateway); ok {
		s.items = v
		s.setRows()
		return nil
	}
	if d := s.ctx.Disk; d != nil {
		// The last run's list shows at once; the network refreshes it behind.
		id, key := s.id, s.ctx.diskKey(cacheGateways)
		s.loading = true
		return func() tea.Msg {
			var gs []client.Gateway
			at, ok := d.Load(key, &gs)
			if !ok {
				return gatewaysLoadedMsg{id: id, fromDisk: true, err: errNoDiskCopy}
			}
			untrusted.Strings(&gs) // a file on disk is no more trusted than the server it came from
			return gatewaysLoadedMsg{id: id, items: gs, fromDisk: true, fresh: time.Since(at) < diskMaxAge}
		}
	}
	return s.load()
}

var errNoDiskCopy = errors.New("no copy on disk")

func (s *GatewaysScreen) load() tea.Cmd {
	s.loading, s.err = true, nil
	b, id := s.ctx.Backend, s.id
	ctx, cancel := s.loadCtx()
	return tea.Batch(spin(s.spinner), func() tea.Msg {
		defer cancel()
		items, via, err := b.Gateways(ctx, "")
		return gatewaysLoadedMsg{id: id, items: items, via: via, err: err}
	})
}

func (s *GatewaysScreen) markers(g client.Gateway) string {
	var m []string
	if g.IsOfficial {
		m = append(m, s.ctx.T("mark.official"))
	}
	if g.IsDeprecated {
		m = append(m, s.ctx.T("mark.deprecated"))
	}
	return strings.Join(m, " ")
}

func (s *GatewaysScreen) setRows() {
	items := append([]client.Gateway{}, s.items...)
	if s.byName {
		sort.SliceStable(items, func(i, j int) bool { return items[i].Name < items[j].Name })
	}
	t := s.ctx.Theme
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
	s.fl.list.SetRows(rows)
}

func (s *GatewaysScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.fl.SetSize(w, h)
}

func (s *GatewaysScreen) Crumb() string { return s.ctx.T("tui.gateways") }

func (s *GatewaysScreen) Capturing() bool { return s.fl.Capturing() }

func (s *GatewaysScreen) Escape() bool { return s.fl.Escape() }

func (s *GatewaysScreen) ShortHelp() []key.Binding {
	if s.fl.Capturing() {
		return []key.Binding{keymap.Bind(s.ctx.Lang, "enter", "key.open", "enter"), keymap.Bind(s.ctx.Lang, "esc", "key.apply_filter", "esc")}
	}
	return []key.Binding{s.openKey, s.ctx.Nav.Filter, s.sortKey, s.ctx.Global.Refresh}
}

func (s *GatewaysScreen) FullHelp() [][]key.Binding {
	n := s.ctx.Nav
	return [][]key.Binding{{n.Up, n.Down, n.PageUp, n.PageDown, n.Top, n.Bottom}, {s.openKey, n.Filter, s.sortKey, s.ctx.Global.Refresh}}
}

func (s *GatewaysScreen) open() tea.Cmd {
	r, ok := s.fl.list.Selected()
	if !ok {
		return nil
	}
	for _, g := range s.items {
		if g.Name == r.Key {
			return openPage(gatewayPage{g})
		}
	}
	return nil
}

func (s *GatewaysScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case gatewaysLoadedMsg:
		if msg.id != s.id {
			return s, nil
		}
		if msg.fromDisk {
			if msg.err != nil {
				return s, s.load()
			}
			s.items = msg.items
			s.setRows()
			if msg.fresh {
				s.loading = false
				s.ctx.Cache[cacheGateways] = msg.items
				return s, nil
			}
			return s, s.load()
		}
		s.loading, s.err = false, msg.err
		if msg.err == nil {
			s.items = msg.items
			s.ctx.Cache[cacheGateways] = msg.items
			s.setRows()
			if d := s.ctx.Disk; d != nil {
				items, key := msg.items, s.ctx.diskKey(cacheGateways)
				return s, tea.Batch(conn(msg.via, nil), func() tea.Msg { _ = d.Save(key, items); return nil })
			}
		}
		return s, conn(msg.via, msg.err)
	case spinner.TickMsg:
		if s.loading {
			var cmd tea.Cmd
			s.spinner, cmd = s.spinner.Update(msg)
			return s, cmd
		}
	case langChangedMsg:
		s.build()
		return s, s.load()
	case tea.MouseMsg:
		s.fl.Mouse(msg, msg.Y) // the filter line is the screen's first line
	case tea.KeyMsg:
		wasFiltering := s.fl.Capturing()
		if handled, cmd := s.fl.Update(msg); handled {
			return s, cmd
		}
		if wasFiltering && msg.String() == "enter" {
			return s, s.open()
		}
		switch {
		case key.Matches(msg, s.openKey):
			return s, s.open()
		case key.Matches(msg, s.sortKey):
			s.byName = !s.byName
			s.setRows()
		case key.Matches(msg, s.ctx.Global.Refresh):
			return s, s.load()
		}
	}
	return s, nil
}

func (s *GatewaysScreen) View() string {
	switch {
	case s.loading && len(s.items) == 0:
		return s.loadingView(s.ctx.T("tui.gateways"))
	case s.err != nil && len(s.items) == 0:
		return errorView(s.ctx, s.err) + "\n\n" + s.ctx.Theme.Subtle.Render(s.ctx.T("tui.press_r"))
	}
	v := s.fl.View()
	if s.err != nil {
		v = errorView(s.ctx, s.err) + "\n" + v
	}
	return v
}

func (m gatewaysLoadedMsg) to() int64 { return m.id }
