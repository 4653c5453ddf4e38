package records

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

var recordFilters = []string{"", client.RecordPending, client.RecordApproved, client.RecordPartialApproved, client.RecordRejected}

// RecordsScreen lists the app's application records, newest first.
type RecordsScreen struct {
	components.ListPage
	recs                        []client.Record
	others                      []client.ListedRecord // MCP and component records, beside the gateway ones
	loading                     bool
	err                         error
	stale                       common.StaleRead // a read again failed: what was read before stays
	filterIdx                   int
	statusKey, openKey, mineKey key.Binding
	// gatewaysOut: the profile reaches no surface with the gateways' records; the other kinds'
	// are listed (the open APIs list MCP applications) under a note that says so.
	gatewaysOut bool
}

// recordsRefreshMsg looks at the records again while an MCP or component application waits.
type recordsRefreshMsg struct{}

type recordsLoadedMsg struct {
	recs   []client.Record
	others []client.ListedRecord
	// othersErr says which kinds beside the gateways' could not be read (the list goes on
	// without them).
	othersErr error
	via       client.Surface
	err       error
}

// NewRecordsScreen opens the records screen.
func NewRecordsScreen(c *common.Context) *RecordsScreen {
	s := &RecordsScreen{ListPage: components.NewListPage(c, []int{0, 1, 2, 4, 7}, 1)}
	s.build()
	return s
}

func (s *RecordsScreen) build() {
	c := s.Ctx
	// Narrow, a record is its id, what it is for and its status, whole; when it was made, why,
	// who made it and for how long give way in turn (the record's page has them) rather than
	// show stubs: a status can be "partially approved".
	cols := []list.Column{
		{Title: "ID", Width: 6, Priority: 6},
		{Title: c.T("col.kind"), Width: 10, Priority: 5},
		{Title: c.T("col.applied_for"), Width: 22, Filtered: true, Priority: 5}, // a gateway, an MCP server or an ESB system
		{Title: c.T("col.applied"), Width: 16, Priority: 4, HideBelow: 80},
		{Title: c.T("col.applicant"), Width: 12, Filtered: true, Priority: 2, HideBelow: 100},
		{Title: c.T("col.status"), Width: 18, Priority: 6},
		{Title: c.T("col.validity"), Width: 9, Priority: 1, HideBelow: 110},
		{Title: c.T("col.reason"), MinWidth: 10, Filtered: true, HideBelow: 72},
	}
	s.Listing.SetColumns(cols)
	s.statusKey = c.Keys.Bind("f", "key.status_filter", "f")
	s.openKey = c.Keys.Bind("enter", "key.open_record", "enter")
	s.mineKey = c.Keys.Bind("m", "key.my_perms", "m") // M is the global MCP key
	s.setRows()
}

func (s *RecordsScreen) setRows() {
	t := s.Ctx.Theme
	f := recordFilters[s.filterIdx]
	// Newest first, all kinds: by the time itself (two made in one minute keep their order).
	all := append(client.Listed(client.KindGateway, s.recs), s.others...)
	client.NewestFirst(all)
	var rows []list.Row
	for _, o := range all {
		if f != "" && o.ApplyStatus != f {
			continue
		}
		status, validity, kind, rowKey := o.ApplyStatus, common.ValidityText(s.Ctx, o.ExpireDays), s.Ctx.T("kind."+string(o.Kind)), string(o.Kind)+":"+strconv.Itoa(o.ID)
		switch o.Kind {
		case client.KindGateway:
			rowKey = strconv.Itoa(o.ID)
		case client.KindMCP:
			validity = "-"
		}
		rows = append(rows, list.Row{Key: rowKey, Cells: []string{strconv.Itoa(o.ID), kind, o.Target,
			o.AppliedTime.Local().Format("2006-01-02 15:04"), o.AppliedBy, i18n.RecordStatus(s.Ctx.Lang, o.ApplyStatus), validity, o.Reason},
			CellStyle: func(col int) lipgloss.Style {
				if col == 5 {
					return t.RecordStatus[status]
				}
				return lipgloss.NewStyle()
			}})
	}
	s.Listing.List.SetRows(rows)
}

func (s *RecordsScreen) Init() tea.Cmd {
	if v, ok := s.Ctx.Cache.Records.Get(); ok {
		s.recs = v
		s.setRows()
	}
	return s.load()
}

func (s *RecordsScreen) load() tea.Cmd {
	s.loading = true
	b := backendOf(s.Ctx)
	ctx, cancel := s.LoadCtx()
	return tea.Batch(s.Ctx.Clock.Spin(s.Spinner), s.Own(func() tea.Msg {
		defer cancel()
		recs, via, err := b.Records(ctx, client.RecordQuery{})
		others, othersErr := client.OtherRecords(ctx, b)
		return recordsLoadedMsg{recs: recs, others: others, othersErr: othersErr, via: via, err: err}
	}))
}

func (s *RecordsScreen) Crumb() string { return s.Ctx.T("tui.records") }
func (s *RecordsScreen) ShortHelp() []key.Binding {
	if k := s.Listing.FilterKeys(s.openKey); k != nil {
		return k
	}
	if s.empty() {
		return []key.Binding{s.mineKey, s.Ctx.Global.Refresh} // nothing to open, filter or move over
	}
	// The status switch stays while the rows load or when it emptied the list.
	return append(s.Listing.RowKeys(s.openKey, s.Ctx.Nav.Filter), s.statusKey, s.mineKey, s.Ctx.Global.Refresh)
}

func (s *RecordsScreen) FullHelp() [][]key.Binding {
	if s.empty() {
		return [][]key.Binding{s.ShortHelp()}
	}
	n := s.Ctx.Nav
	return [][]key.Binding{{n.Up, n.Down, n.PageUp, n.PageDown, n.Top, n.Bottom}, s.ShortHelp()}
}

// empty: the app has no record of any kind; the page says where applications are made.
func (s *RecordsScreen) empty() bool {
	return len(s.recs)+len(s.others) == 0 && !s.loading && s.err == nil
}

func (s *RecordsScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if handled, cmd := s.ListPage.Update(msg, s.build); handled {
		return s, cmd
	}
	switch msg := msg.(type) {
	case recordsLoadedMsg:
		return s, s.loaded(msg)
	case recordsRefreshMsg:
		if s.loading {
			return s, nil
		}
		return s, s.load()
	case common.RecordsUpdatedMsg:
		if v, ok := s.Ctx.Cache.Records.Get(); ok {
			s.recs = v
			s.setRows()
		}
	case tea.MouseMsg:
		s.Listing.Mouse(msg, msg.Y-1)
	case tea.KeyMsg:
		switch {
		case s.Listing.Opens(msg, s.openKey):
			if r, ok := s.Listing.List.Selected(); ok {
				kind, rest, other := strings.Cut(r.Key, ":")
				if !other {
					id, _ := strconv.Atoi(r.Key)
					return s, common.OpenPage(common.RecordPage{ID: id})
				}
				id, _ := strconv.Atoi(rest)
				return s, common.OpenPage(common.RecordPage{Kind: client.Kind(kind), ID: id})
			}
		case key.Matches(msg, s.statusKey):
			s.filterIdx = (s.filterIdx + 1) % len(recordFilters)
			s.setRows()
		case key.Matches(msg, s.mineKey):
			return s, common.OpenPage(common.MyPermsPage{})
		case key.Matches(msg, s.Ctx.Global.Refresh):
			return s, s.load()
		}
	}
	return s, nil
}

// loaded takes a read of the records. A read again that fails keeps what was read before on
// screen, and the following of waiting applications goes on.
func (s *RecordsScreen) loaded(msg recordsLoadedMsg) tea.Cmd {
	var un *client.ErrUnavailable
	gatewaysOut := errors.As(msg.err, &un) && len(msg.others) > 0
	if msg.err != nil && !gatewaysOut && (s.recs != nil || s.others != nil) {
		s.loading = false
		return tea.Batch(common.Conn(msg.via, msg.err), s.stale.Failed(s.Ctx, msg.err), s.follow())
	}
	s.loading, s.err, s.gatewaysOut = false, msg.err, gatewaysOut
	if s.gatewaysOut {
		s.err = nil
	}
	s.SetSize(s.Width, s.Height) // the note's lines, or none
	if s.err != nil {
		return common.Conn(msg.via, msg.err)
	}
	s.stale.Succeeded()
	s.recs, s.others = msg.recs, msg.others
	s.Ctx.Cache.Records.Put(msg.recs)
	s.setRows()
	conn := common.Conn(msg.via, nil)
	if s.gatewaysOut {
		conn = nil // no surface answered for the gateways': the header keeps what it knows
	}
	var unread tea.Cmd
	if msg.othersErr != nil && !(s.gatewaysOut && errors.As(msg.othersErr, &un)) {
		// (the note says it where the components' are out of reach as the gateways' are)
		unread = common.Notify(common.ErrorLine(s.Ctx, msg.othersErr), true)
	}
	for _, r := range msg.recs {
		if r.ApplyStatus == client.RecordPending {
			return tea.Batch(conn, s.follow(), unread, func() tea.Msg { return common.WatchRecordsMsg{} })
		}
	}
	return tea.Batch(conn, s.follow(), unread)
}

// follow reads the records again while an MCP or component application waits, as the watcher
// follows gateway ones.
func (s *RecordsScreen) follow() tea.Cmd {
	waiting := slices.ContainsFunc(s.others, func(o client.ListedRecord) bool { return o.ApplyStatus == client.RecordPending })
	return s.Own(s.Ctx.FollowWhile(waiting, recordsRefreshMsg{}))
}

func (s *RecordsScreen) View() string {
	c, t := s.Ctx, s.Ctx.Theme
	var un *client.ErrUnavailable
	switch {
	case errors.As(s.err, &un):
		return t.Warn.Render(common.Wrap(c.T("records.need_login", c.Global.Profile.Help().Key), s.Width)) + "\n\n" + common.ErrorView(c, s.err)
	case s.err != nil:
		return common.RetryView(c, s.err)
	case s.loading && s.recs == nil:
		return s.LoadingView(c.T("tui.records"))
	}
	f := c.T("perm.filter_all")
	if rf := recordFilters[s.filterIdx]; rf != "" {
		f = c.T("record." + rf)
	}
	head := c.Label("perm.showing") + t.Bold.Render(f)
	if s.empty() {
		// None at all: say where applications are made, not an empty table.
		return t.Subtle.Render(common.Wrap(c.T("records.empty", c.Keys.Marks().Apply.Help().Key, c.Global.MCP.Help().Key, c.Global.Components.Help().Key), s.Width))
	}
	var note string
	if lines := s.noteLines(); len(lines) > 0 {
		note = t.Warn.Render(strings.Join(lines, "\n")) + "\n"
	}
	return note + ansi.Truncate(head, s.Width, "…") + "\n" + s.Listing.View()
}

// noteLines say, wrapped, that the gateways' records are out of reach, when they are.
func (s *RecordsScreen) noteLines() []string {
	if !s.gatewaysOut {
		return nil
	}
	return strings.Split(common.Wrap(s.Ctx.T("records.need_login", s.Ctx.Global.Profile.Help().Key), max(1, s.Width)), "\n")
}

// SetSize leaves the note its lines above the list.
func (s *RecordsScreen) SetSize(w, h int) {
	s.ListPage.SetSize(w, h)
	s.Listing.SetSize(w, max(1, h-1-len(s.noteLines())))
}
