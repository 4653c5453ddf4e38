package browse

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"
	"github.com/bkconsole/bkconsole/tui/keymap"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Status filters of the permissions tab, in the order "f" cycles them.
var permFilters = []string{"", client.StatusNeedApply, client.StatusOwned, "expiring", client.StatusPending, client.StatusRejected, client.StatusExpired, client.StatusUnlimited}

// permsPane is the Permissions tab: every API that takes applications with its status, a
// multi-selection that survives filtering and leaving, and the actions the contract allows.
type permsPane struct {
	ctx       *common.Context
	byName    map[string]int // name → index in perms, built on first use after a load
	owner     int64
	parent    context.Context
	gateway   string
	fl        *components.FilterList
	perms     []client.ResourcePermission
	allow     *client.AllowApply
	allowErr  error
	stale     common.StaleRead // read again and failed: the statuses read before stay
	loading   bool
	err       error
	statusOff bool // status needs a login: rows come from the API list, status unknown
	filterIdx int
	sortIdx   int
	visible   bool // rows are built only while the tab is shown (50,000 APIs are not free)
	dirty     bool
	rowsBuilt bool // the list holds a row for each of perms, in this language
	width     int
	height    int

	marks                                          keymap.Marks
	allKey, clearKey, wholeKey, statusKey, sortKey key.Binding
}

type permsLoadedMsg struct {
	perms []client.ResourcePermission
	allow *client.AllowApply
	via   client.Surface
	err   error
	// allowErr is why whether the gateway takes whole-gateway applications is unknown.
	allowErr error
}

func newPermsPane(c *common.Context, owner int64, parent context.Context, gateway string) *permsPane {
	p := &permsPane{ctx: c, owner: owner, parent: parent, gateway: gateway}
	p.fl = components.NewFilterList(c, nil, []int{0, 5})
	p.fl.List.SetMarked(func(k string) bool { _, ok := p.ctx.Selection(p.gateway)[k]; return ok })
	p.build()
	return p
}

func (p *permsPane) build() {
	c := p.ctx
	p.rowsBuilt = false // a language's texts
	cols := []list.Column{
		{Title: c.T("col.name"), MinWidth: 14, Filtered: true, Priority: 9},
		{Title: c.T("col.status"), Width: 16, Priority: 8},
		{Title: c.T("col.level"), Width: 10, Priority: 5},
		{Title: c.T("col.expires"), Width: 20, Priority: 7},
		{Title: c.T("col.action"), Width: 11, Priority: 6}, // "apply/renew" for an expired one
		// Narrower than 80 the description would be a stub of three cells: left out (the doc
		// has it); the filter still searches it.
		{Title: c.T("col.description"), MinWidth: 10, Filtered: true, HideBelow: 80},
	}
	p.fl.SetColumns(cols)
	l := c.Keys
	p.marks = l.Marks()
	p.allKey = l.Bind("a", "key.select_all", "a")
	p.clearKey = l.Bind("c", "key.clear_selection", "c")
	p.wholeKey = l.Bind("W", "key.apply_gateway", "W")
	p.statusKey = l.Bind("f", "key.status_filter", "f")
	p.sortKey = l.Bind("o", "key.sort", "o")
	p.setRows()
	if p.width > 0 {
		p.SetSize(p.width, p.height) // the rows above the list, in this language
	}
}

// Load fetches permission status and whether the whole gateway may be applied for.
func (p *permsPane) Load(force bool) tea.Cmd {
	if v, ok := p.ctx.Cache.Perms.Get(p.gateway); ok && !force {
		p.setPerms(v)
		p.err = nil
		if a, ok := p.ctx.Cache.Allow.Get(p.gateway); ok {
			p.allow = &a
		}
		p.setRows()
		p.SetSize(p.width, p.height) // the rows above the list say what the gateway allows
		return nil
	}
	p.loading, p.err = true, nil
	b, gw, owner, parent, stage := backendOf(p.ctx), p.gateway, p.owner, p.parent, p.ctx.Stage()
	return common.For(owner, func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, common.LoadTimeout)
		defer cancel()
		ps, via, err := b.PermissionStatus(ctx, gw)
		common.ReleaseMemory(len(ps))
		var un *client.ErrUnavailable
		if errors.As(err, &un) {
			// Status needs a login or a grant; the APIs can still be applied for through O.
			rs, _, rerr := b.Resources(ctx, gw, stage)
			if rerr != nil {
				return permsLoadedMsg{err: rerr}
			}
			for _, r := range rs {
				if r.ResourcePermRequired {
					ps = append(ps, client.ResourcePermission{ID: r.ID, Name: r.Name, GatewayName: gw, Grant: client.Grant{Description: r.Description, PermissionStatus: "unknown", PermissionAction: client.ActionApply, PermissionLevel: "normal"}})
				}
			}
			return permsLoadedMsg{perms: ps, via: via, err: err}
		}
		if err != nil {
			return permsLoadedMsg{via: via, err: err}
		}
		var allow *client.AllowApply
		a, _, aerr := b.AllowApplyByGateway(ctx, gw)
		if aerr == nil {
			allow = &a
		}
		return permsLoadedMsg{perms: ps, allow: allow, via: via, allowErr: aerr}
	})
}

var statusOrder = map[string]int{client.StatusNeedApply: 0, client.StatusRejected: 1, client.StatusExpired: 2, client.StatusPending: 3, client.StatusOwned: 4, client.StatusUnlimited: 5, "unknown": 6}

// Show marks the tab shown or hidden; a hidden tab builds its rows when it is shown.
func (p *permsPane) Show(on bool) {
	p.visible = on
	if on && p.dirty {
		p.setRows()
	}
}

func (p *permsPane) setRows() {
	if !p.visible {
		p.dirty = true
		return
	}
	p.dirty = false
	if !p.rowsBuilt {
		p.buildRows()
	}
	// The status filter and the sort choose and order rows already prepared: 50,000 rows are
	// not built, measured and indexed again for a key.
	filter := permFilters[p.filterIdx]
	order := make([]int32, 0, len(p.perms))
	for i, x := range p.perms {
		switch {
		case filter == "":
		case filter == "expiring" && !common.IsExpiring(x.Grant):
			continue
		case filter != "expiring" && x.PermissionStatus != filter:
			continue
		}
		order = append(order, int32(i))
	}
	switch p.sortIdx {
	case 1:
		keys := make([]int, len(p.perms))
		for i, x := range p.perms {
			keys[i] = statusOrder[x.PermissionStatus]
		}
		slices.SortStableFunc(order, func(a, b int32) int { return keys[a] - keys[b] })
	case 2:
		days := make([]int64, len(p.perms))
		for i, x := range p.perms {
			days[i] = common.ExpiresDays(x.Grant)
		}
		slices.SortStableFunc(order, func(a, b int32) int {
			da, db := days[a], days[b]
			if (da < 0) != (db < 0) { // no expiry last
				if da >= 0 {
					return -1
				}
				return 1
			}
			return cmp.Compare(da, db)
		})
	}
	p.fl.List.SetOrder(order)
}

// buildRows gives the list a row for every permission, once per load and language.
func (p *permsPane) buildRows() {
	p.rowsBuilt = true
	c, t := p.ctx, p.ctx.Theme
	src := &permRows{c: c, perms: p.perms, text: map[string]string{}}
	perms := p.perms
	p.fl.List.SetStyleFunc(func(row, col int) (lipgloss.Style, bool) {
		x := perms[row]
		switch col {
		case 1, 3:
			if common.IsExpiring(x.Grant) {
				return t.PermStatus["expiring"], true
			}
			if col == 1 {
				return t.PermStatus[x.PermissionStatus], true
			}
		case 2:
			if x.PermissionLevel == "sensitive" {
				return t.Warn, true
			}
			return t.Subtle, true
		}
		return lipgloss.Style{}, false
	})
	p.fl.List.SetSource(src)
}

// permRows gives the Permissions tab its rows from the permissions themselves, built for the
// rows shown: 50,000 permissions are not kept a second time as cells.
type permRows struct {
	c     *common.Context
	perms []client.ResourcePermission
	text  map[string]string // status, level and action texts, translated once
}

func (r *permRows) Len() int         { return len(r.perms) }
func (r *permRows) Key(i int) string { return r.perms[i].Name }

func (r *permRows) translated(key string, f func() string) string {
	if v, ok := r.text[key]; ok {
		return v
	}
	v := f()
	r.text[key] = v
	return v
}

func (r *permRows) Row(i int) list.Row {
	c, x := r.c, r.perms[i]
	desc := x.Describe(c.Lang == i18n.English)
	status := r.translated("s/"+x.PermissionStatus, func() string { return i18n.Status(c.Lang, x.PermissionStatus) })
	level := r.translated("l/"+x.PermissionLevel, func() string { return common.LevelText(c, x.PermissionLevel) })
	action := r.translated("a/"+x.PermissionStatus+"/"+x.PermissionAction, func() string { return x.ActionText(c.Lang) })
	return list.Row{Key: x.Name, Cells: []string{x.Name, status, level, common.ExpiryCell(c, x.Grant), action, desc}}
}

// headerLines are the rows above the list: what the gateway allows (up to two rows: the
// gateway's reason for refusing whole-gateway applications is its own words) and the filter.
func (p *permsPane) headerLines() int { return len(p.infoLines()) + 1 }

var _ common.Component = (*permsPane)(nil)

func (p *permsPane) SetSize(w, h int) {
	p.width, p.height = w, h
	p.fl.SetSize(w, max(1, h-p.headerLines()))
}

func (p *permsPane) Capturing() bool { return p.fl.Capturing() }

func (p *permsPane) Escape() bool { return p.fl.Escape() }

func (p *permsPane) ShortHelp() []key.Binding {
	if k := p.fl.FilterKeys(key.Binding{}); k != nil {
		return k
	}
	// The status filter stays: it may be what emptied the list.
	keys := append(p.fl.RowKeys(p.marks.Select, p.allKey, p.marks.Apply, p.marks.Renew, p.ctx.Nav.Filter), p.statusKey)
	return components.ActionsFirst(len(p.ctx.Selections[p.gateway]), keys, p.marks.Apply, p.marks.Renew)
}

func (p *permsPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{{p.marks.Select, p.allKey, p.clearKey, p.marks.Apply, p.wholeKey, p.marks.Renew, p.statusKey, p.sortKey, p.ctx.Nav.Filter}}
}

// find looks a row up by name through an index built once per load: select-all and the
// selection's refresh call it for every row, so a scan here was quadratic (seconds at 50,000).
func (p *permsPane) find(name string) (client.ResourcePermission, bool) {
	if p.byName == nil {
		p.byName = make(map[string]int, len(p.perms))
		for i, x := range p.perms {
			if _, dup := p.byName[x.Name]; !dup {
				p.byName[x.Name] = i
			}
		}
	}
	if i, ok := p.byName[name]; ok && i < len(p.perms) {
		return p.perms[i], true
	}
	return client.ResourcePermission{}, false
}

// setPerms installs a load's rows and drops the old index.
func (p *permsPane) setPerms(ps []client.ResourcePermission) {
	p.perms, p.byName, p.rowsBuilt = ps, nil, false
}

// Update takes this pane's loads; it reports a message to show, if any.
func (p *permsPane) Update(msg tea.Msg) tea.Cmd {
	m, ok := msg.(permsLoadedMsg)
	if !ok {
		return nil
	}
	p.loading = false
	var un *client.ErrUnavailable
	if m.err != nil && !errors.As(m.err, &un) && p.perms != nil {
		// Read again (r, after an application) and failed: the statuses read before stay.
		return tea.Batch(common.Conn(m.via, m.err), p.stale.Failed(p.ctx, m.err))
	}
	p.statusOff = errors.As(m.err, &un)
	if m.err != nil && !p.statusOff {
		p.err = m.err
		return common.Conn(m.via, m.err)
	}
	p.err = m.err
	p.stale.Succeeded()
	p.setPerms(m.perms)
	p.allow, p.allowErr = m.allow, m.allowErr
	p.SetSize(p.width, p.height) // the rows above the list say what the gateway allows
	if !p.statusOff {
		p.ctx.Cache.Perms.Put(p.gateway, m.perms)
		if m.allow != nil {
			p.ctx.Cache.Allow.Put(p.gateway, *m.allow)
		}
	}
	// Keep the selection's rows fresh (a status may have changed).
	sel := p.ctx.Selection(p.gateway)
	for name := range sel {
		if x, ok := p.find(name); ok {
			sel[name] = x
		}
	}
	p.setRows()
	return nil
}

// HandleKey handles the tab's keys; the returned command may push the apply or renew form.
func (p *permsPane) HandleKey(msg tea.KeyMsg) (bool, tea.Cmd) {
	if handled, cmd := p.fl.Update(msg); handled {
		return true, cmd
	}
	if p.fl.Entered() {
		return true, nil
	}
	sel := p.ctx.Selection(p.gateway)
	switch {
	case key.Matches(msg, p.marks.Select):
		r, ok := p.fl.List.Selected()
		if !ok {
			return true, nil
		}
		x, _ := p.find(r.Key)
		if _, on := sel[r.Key]; on {
			delete(sel, r.Key)
		} else if x.PermissionAction != "" || x.Renewable() || x.PermissionStatus == client.StatusExpired {
			sel[r.Key] = x
		} else {
			return true, common.Notify(p.ctx.T("perm.not_selectable", x.Name, i18n.Status(p.ctx.Lang, x.PermissionStatus)), false)
		}
		return true, nil
	case key.Matches(msg, p.allKey):
		n := 0
		p.fl.List.Visible(func(row int) {
			if x := p.perms[row]; x.Applicable() {
				sel[x.Name] = x
				n++
			}
		})
		return true, common.Notify(p.ctx.T("perm.selected_n", n), false)
	case key.Matches(msg, p.clearKey):
		p.ctx.Selections[p.gateway] = nil
		return true, nil
	case key.Matches(msg, p.statusKey):
		p.filterIdx = (p.filterIdx + 1) % len(permFilters)
		p.setRows()
		return true, nil
	case key.Matches(msg, p.sortKey):
		p.sortIdx = (p.sortIdx + 1) % 3
		p.setRows()
		return true, nil
	case key.Matches(msg, p.marks.Apply):
		chosen := p.chosen(client.ResourcePermission.Applicable)
		if len(chosen) == 0 {
			return true, common.Notify(p.ctx.T("perm.nothing_to_apply", p.marks.Select.Help().Key, p.allKey.Help().Key), false)
		}
		return true, common.OpenPage(common.ApplyPage{Target: p.gateway, Items: common.APIItems(chosen), Open: p.statusOff})
	case key.Matches(msg, p.wholeKey):
		if p.allow != nil && !p.allow.AllowApplyByGateway {
			return true, common.Notify(p.ctx.T("perm.whole_gateway_no", p.allow.Reason), true)
		}
		return true, common.OpenPage(common.ApplyPage{Kind: client.KindGateway, Target: p.gateway, Open: p.statusOff})
	case key.Matches(msg, p.marks.Renew):
		owned := p.chosen(func(x client.ResourcePermission) bool { return x.Renewable() })
		if len(owned) == 0 {
			return true, common.Notify(p.ctx.T("perm.nothing_to_renew", p.marks.Select.Help().Key), false)
		}
		return true, common.OpenPage(common.RenewPage{Perms: owned})
	}
	return false, nil
}

// chosen is what an action on the tab takes (common.Chosen).
func (p *permsPane) chosen(fits func(client.ResourcePermission) bool) []client.ResourcePermission {
	return common.Chosen(slices.Collect(maps.Values(p.ctx.Selection(p.gateway))), func() (client.ResourcePermission, bool) {
		if r, ok := p.fl.List.Selected(); ok {
			return p.find(r.Key)
		}
		return client.ResourcePermission{}, false
	}, fits)
}

func (p *permsPane) Mouse(msg tea.MouseMsg, y int) { p.fl.Mouse(msg, y-p.headerLines()) }

func (p *permsPane) View() string {
	c, t := p.ctx, p.ctx.Theme
	if p.loading && len(p.perms) == 0 {
		return c.T("tui.loading", c.T("tab.perms"))
	}
	if p.err != nil && !p.statusOff {
		return common.RetryView(c, p.err)
	}
	filter := c.T("perm.filter_all")
	if f := permFilters[p.filterIdx]; f == "expiring" {
		filter = i18n.N(c.Lang, "perm.filter_expiring", common.ExpiringDays)
	} else if f != "" {
		filter = c.T("status." + f)
	}
	sorts := []string{c.T("perm.sort_level"), c.T("perm.sort_status"), c.T("perm.sort_expiry")}
	line := fmt.Sprintf("%s%s · %s%s · %s", c.Label("perm.showing"), t.Bold.Render(filter), c.Label("perm.sorted"), sorts[p.sortIdx],
		t.Prompt.Render(c.T("perm.selected_count", len(c.Selection(p.gateway)))))
	return strings.Join(p.infoLines(), "\n") + "\n" + ansi.Truncate(line, p.width, "…") + "\n" + p.fl.View()
}

// infoLines say what the gateway allows, wrapped to two rows at the most.
func (p *permsPane) infoLines() []string {
	c, t := p.ctx, p.ctx.Theme
	var info string
	style := t.Subtle
	switch {
	case p.statusOff:
		info, style = c.T("perm.status_needs_login", c.Global.Profile.Help().Key), t.Warn
	case p.allow != nil && p.allow.AllowApplyByGateway:
		info = c.T("perm.whole_ok_key", p.wholeKey.Help().Key) // the key as bound, never a written "W"
	case p.allow != nil:
		info = c.T("perm.whole_gateway_no", p.allow.Reason)
	case p.allowErr != nil: // the gateway decides when an application comes
		info, style = c.T("perm.whole_unknown", p.wholeKey.Help().Key, common.ErrorLine(c, p.allowErr)), t.Warn
	}
	lines := strings.Split(common.Wrap(info, max(1, p.width)), "\n")
	if len(lines) > 2 {
		lines = []string{lines[0], ansi.Truncate(lines[1], p.width-1, "") + "…"}
	}
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return lines
}
