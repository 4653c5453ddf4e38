package permissions

import (
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"
	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// MyPermsScreen is "all my permissions": gateway APIs' and components', side by side as the
// Developer Center's page shows them, to renew in one batch of one kind.
type MyPermsScreen struct {
	components.ListPage
	perms                            []client.HeldPermission
	selected                         map[string]client.HeldPermission
	err                              error
	stale                            common.StaleRead // read again and failed: the list read before stays
	loading                          bool
	selectKey, renewKey, expiringKey key.Binding
	onlyExpiring                     bool
}

type myPermsMsg struct {
	perms []client.HeldPermission
	via   client.Surface
	err   error
}

// NewMyPermsScreen opens all of the app's permissions.
func NewMyPermsScreen(c *common.Context) *MyPermsScreen {
	s := &MyPermsScreen{ListPage: components.NewListPage(c, []int{1, 2}, 3), selected: map[string]client.HeldPermission{}}
	s.Listing.List.SetMarked(func(k string) bool { _, ok := s.selected[k]; return ok })
	s.build()
	return s
}

func (s *MyPermsScreen) build() {
	c := s.Ctx
	// Narrow, the name and when it ends stay whole (the page is for renewing); the gateway or
	// system takes what is left, and the kind and the action, which repeats what N does, give
	// way below 72 rather than show a stub.
	s.Listing.SetColumns([]list.Column{{Title: c.T("col.kind"), Width: 9, HideBelow: 72}, {Title: c.T("col.gateway_system"), Short: c.T("col.gateway_system_short"), MinWidth: 8, Filtered: true, Priority: 3}, {Title: c.T("col.name"), MinWidth: 14, Filtered: true, Priority: 5},
		{Title: c.T("col.status"), Width: 12, Priority: 4}, {Title: c.T("col.expires"), Width: 22, Priority: 4}, {Title: c.T("col.action"), Width: 11, HideBelow: 72}})
	s.selectKey = c.Keys.Bind("space", "key.select", " ")
	s.renewKey = c.Keys.Bind("N", "key.renew", "N", "enter")
	s.expiringKey = c.Keys.Bind("f", "key.expiring", "f")
	s.setRows() // and the rule's lines in this language
}

// ruleLines are the renewal rule above the list (its formula is what a renewal sets), in the
// room the list leaves: the list keeps eight rows, or all it has when it has fewer, and the
// rule is cut with "…" where it does not fit (at 60×15 it was one cut line above five
// permissions and three empty lines).
func (s *MyPermsScreen) ruleLines() []string {
	rule := s.Ctx.T("renew.rule")
	if s.Width <= 0 {
		return []string{rule}
	}
	list := min(8, s.Listing.List.Total()+2) // its filter line, its heading and its rows
	room := max(1, s.Height-1-list)
	lines := strings.Split(common.Wrap(rule, s.Width), "\n")
	if len(lines) <= room {
		return lines
	}
	lines = lines[:room]
	lines[room-1] = ansi.Truncate(lines[room-1], max(1, s.Width-1), "") + "…"
	return lines
}

func (s *MyPermsScreen) SetSize(w, h int) {
	s.Width, s.Height = w, h
	s.Listing.SetSize(w, max(1, h-1-len(s.ruleLines())))
}

// current is the permission under the cursor.
func (s *MyPermsScreen) current() (client.HeldPermission, bool) {
	if r, ok := s.Listing.List.Selected(); ok {
		for _, p := range s.perms {
			if p.Key() == r.Key {
				return p, true
			}
		}
	}
	return client.HeldPermission{}, false
}

func (s *MyPermsScreen) setRows() {
	t := s.Ctx.Theme
	var rows []list.Row
	for _, p := range s.perms {
		if s.onlyExpiring && !common.IsExpiring(p.Grant) {
			continue
		}
		p := p
		rows = append(rows, list.Row{Key: p.Key(), Cells: []string{s.Ctx.T("kind." + string(p.Kind)), p.Where(), p.Name, i18n.Status(s.Ctx.Lang, p.PermissionStatus), common.ExpiryCell(s.Ctx, p.Grant), p.ActionText(s.Ctx.Lang)},
			CellStyle: func(col int) lipgloss.Style {
				if col == 3 || col == 4 {
					if common.IsExpiring(p.Grant) {
						return t.PermStatus["expiring"]
					}
					return t.PermStatus[p.PermissionStatus]
				}
				return lipgloss.NewStyle()
			}})
	}
	s.Listing.List.SetRows(rows)
	s.SetSize(s.Width, s.Height) // the rule may take the room the rows leave
}

func (s *MyPermsScreen) Init() tea.Cmd {
	if v, ok := s.Ctx.Cache.MyPerms.Get(); ok {
		s.perms = v
		s.setRows()
		return nil
	}
	s.loading = true
	b := backendOf(s.Ctx)
	ctx, cancel := s.LoadCtx()
	return s.Own(func() tea.Msg {
		defer cancel()
		ps, via, err := b.HeldPermissions(ctx)
		return myPermsMsg{ps, via, err}
	})
}

func (s *MyPermsScreen) Crumb() string { return s.Ctx.T("myperms.title") }
func (s *MyPermsScreen) ShortHelp() []key.Binding {
	if k := s.Listing.FilterKeys(key.Binding{}); k != nil {
		return k
	}
	// The expiring-only switch stays: it may be what emptied the list.
	keys := append(s.Listing.RowKeys(s.selectKey, s.renewKey, s.Ctx.Nav.Filter), s.expiringKey, s.Ctx.Global.Refresh)
	return components.ActionsFirst(len(s.selected), keys, s.renewKey)
}

func (s *MyPermsScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if handled, cmd := s.ListPage.Update(msg, s.build); handled {
		return s, cmd
	}
	switch msg := msg.(type) {
	case myPermsMsg:
		return s, s.loaded(msg)
	case common.ShownAgainMsg:
		if _, ok := s.Ctx.Cache.MyPerms.Get(); !ok {
			return s, s.Init() // a renewal above changed the expiries: show the new ones
		}
	case common.RecordsUpdatedMsg:
		if len(msg.Decided) > 0 {
			s.Ctx.Cache.MyPerms.Drop()
			return s, s.Init()
		}
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, s.Ctx.Global.Refresh) && !s.loading:
			s.Ctx.Cache.MyPerms.Drop()
			return s, s.Init()
		case key.Matches(msg, s.selectKey):
			if r, ok := s.Listing.List.Selected(); ok {
				if _, on := s.selected[r.Key]; on {
					delete(s.selected, r.Key)
				} else {
					for _, p := range s.perms {
						if p.Key() == r.Key && p.Renewable() {
							s.selected[r.Key] = p
						}
					}
				}
			}
		case key.Matches(msg, s.expiringKey):
			s.onlyExpiring = !s.onlyExpiring
			s.setRows()
		case key.Matches(msg, s.renewKey):
			return s, s.renew()
		}
	}
	return s, nil
}

// loaded shows the permissions read; when only the components' could not be read, the gateway
// APIs' are listed and the status line says what is missing.
func (s *MyPermsScreen) loaded(msg myPermsMsg) tea.Cmd {
	var unread *client.ComponentsUnreadError
	if msg.err != nil && !errors.As(msg.err, &unread) && s.perms != nil {
		// Read again (r, after a renewal) and failed: the list read before stays.
		s.loading = false
		return tea.Batch(common.Conn(msg.via, msg.err), s.stale.Failed(s.Ctx, msg.err))
	}
	s.loading, s.err = false, msg.err
	if msg.err != nil && !errors.As(msg.err, &unread) {
		return common.Conn(msg.via, msg.err)
	}
	s.err = nil
	s.stale.Succeeded()
	s.perms = msg.perms
	if unread == nil {
		s.Ctx.Cache.MyPerms.Put(msg.perms) // a partial list is not kept: shown again, it is read again
	}
	s.setRows()
	if unread != nil {
		return tea.Batch(common.Conn(msg.via, nil), common.Notify(common.ErrorLine(s.Ctx, unread), true))
	}
	return common.Conn(msg.via, nil)
}

// renew opens the renewal of the marked permissions, or of the one under the cursor: one kind
// at a time, as each kind is renewed by its own request.
func (s *MyPermsScreen) renew() tea.Cmd {
	ps := common.Chosen(slices.Collect(maps.Values(s.selected)), s.current, client.HeldPermission.Renewable)
	if len(ps) == 0 {
		return common.Notify(s.Ctx.T("perm.nothing_to_renew", s.selectKey.Help().Key), false)
	}
	kind := ps[0].Kind
	page := common.RenewPage{Kind: kind}
	for _, p := range ps {
		if p.Kind != kind {
			return common.Notify(s.Ctx.T("myperms.one_kind"), true)
		}
		r := p.ResourcePermission
		if kind == client.KindComponent {
			r.GatewayName = p.SystemName // the renewal page names a component's system there
		}
		page.Perms = append(page.Perms, r)
	}
	s.selected = map[string]client.HeldPermission{}
	return common.OpenPage(page)
}

func (s *MyPermsScreen) View() string {
	c, t := s.Ctx, s.Ctx.Theme
	if s.err != nil {
		return common.RetryView(c, s.err)
	}
	if s.loading {
		return c.T("tui.loading", c.T("myperms.title"))
	}
	head := t.Subtle.Render(strings.Join(s.ruleLines(), "\n")) + "\n" +
		t.Prompt.Render(c.T("perm.selected_count", len(s.selected)))
	if s.onlyExpiring {
		head += "  " + t.Bold.Render(i18n.N(c.Lang, "perm.filter_expiring", common.ExpiringDays))
	}
	return head + "\n" + s.Listing.View()
}
