package records

import (
	"context"
	"fmt"
	"strings"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// NewRecordPage opens an application record of the kind its address names.
func NewRecordPage(c *common.Context, a common.RecordPage) common.Screen {
	switch a.Kind {
	case client.KindComponent:
		return newRecordScreen(c, a.ID, false, readComponentRecord, componentRecordView)
	case client.KindMCP:
		return newRecordScreen(c, a.ID, false, readMCPRecord, mcpRecordView)
	}
	return newRecordScreen(c, a.ID, true, readGatewayRecord, gatewayRecordView)
}

// applied is a record of any kind: what was applied for, and for what.
type applied interface {
	Applied() (client.Application, string)
}

// RecordScreen shows one application of any kind and follows it while it is pending: a
// gateway's through the records watcher, which says when it is decided; a component's or an
// MCP server's (which the watcher does not follow) by reading it again itself.
type RecordScreen[T applied] struct {
	common.Base
	recID int
	rec   *T
	err   error
	stale common.StaleRead // a read again failed: the record read before stays
	// watched: the records watcher follows this kind (gateway records).
	watched bool
	read    func(ctx context.Context, b backend, id int) (T, client.Surface, error)
	view    func(c *common.Context, r T, width int) string
	pane    components.TextPane
}

type recordMsg[T applied] struct {
	rec T
	via client.Surface
	err error
}

// recordFollowMsg reads a pending record again.
type recordFollowMsg struct{}

func newRecordScreen[T applied](c *common.Context, id int, watched bool, read func(context.Context, backend, int) (T, client.Surface, error),
	view func(*common.Context, T, int) string) *RecordScreen[T] {
	return &RecordScreen[T]{Base: common.NewBase(c), recID: id, watched: watched, read: read, view: view}
}

func readGatewayRecord(ctx context.Context, b backend, id int) (client.RecordDetail, client.Surface, error) {
	return b.Record(ctx, id)
}

func readComponentRecord(ctx context.Context, b backend, id int) (client.ComponentRecordDetail, client.Surface, error) {
	return b.ComponentRecord(ctx, id)
}

func readMCPRecord(ctx context.Context, b backend, id int) (client.MCPServerRecord, client.Surface, error) {
	return b.MCPRecord(ctx, id)
}

func (s *RecordScreen[T]) Init() tea.Cmd {
	if s.watched {
		return tea.Batch(s.load(), func() tea.Msg { return common.WatchRecordsMsg{} })
	}
	return s.load()
}

func (s *RecordScreen[T]) load() tea.Cmd {
	b, rid, read := backendOf(s.Ctx), s.recID, s.read
	ctx, cancel := s.LoadCtx()
	return s.Own(func() tea.Msg {
		defer cancel()
		rec, via, err := read(ctx, b, rid)
		return recordMsg[T]{rec, via, err}
	})
}

func (s *RecordScreen[T]) SetSize(w, h int) { s.Width, s.Height = w, h }
func (s *RecordScreen[T]) Crumb() string    { return s.Ctx.T("records.crumb", s.recID) }
func (s *RecordScreen[T]) Capturing() bool  { return false }
func (s *RecordScreen[T]) ShortHelp() []key.Binding {
	return append([]key.Binding{s.Ctx.Global.Refresh}, s.pane.Help(s.Ctx)...)
}

func (s *RecordScreen[T]) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case recordMsg[T]:
		return s, s.loaded(msg)
	case recordFollowMsg:
		return s, s.load()
	case common.RecordsUpdatedMsg:
		for _, r := range msg.Decided {
			if s.watched && r.ID == s.recID {
				return s, s.load()
			}
		}
	case tea.KeyMsg:
		if key.Matches(msg, s.Ctx.Global.Refresh) {
			return s, s.load()
		}
		s.pane.Update(s.Ctx, msg)
	case tea.MouseMsg:
		s.pane.Update(s.Ctx, msg)
	}
	return s, nil
}

// loaded takes a record read: a kind the watcher does not follow says, as the watcher does of
// a gateway's, when it was decided while the user looks, and is read again while pending.
func (s *RecordScreen[T]) loaded(msg recordMsg[T]) tea.Cmd {
	if msg.err != nil && s.rec != nil {
		was, _ := (*s.rec).Applied()
		return tea.Batch(common.Conn(msg.via, msg.err), s.stale.Failed(s.Ctx, msg.err), s.follow(was))
	}
	s.err = msg.err
	if msg.err != nil {
		return common.Conn(msg.via, msg.err)
	}
	s.stale.Succeeded()
	r := msg.rec
	a, target := r.Applied()
	var told tea.Cmd
	if s.rec != nil && !s.watched {
		if was, _ := (*s.rec).Applied(); was.ApplyStatus == client.RecordPending && a.ApplyStatus != client.RecordPending {
			told = common.Notify(s.Ctx.T("records.decided", a.ID, target, i18n.RecordStatus(s.Ctx.Lang, a.ApplyStatus)), a.ApplyStatus == client.RecordRejected)
		}
	}
	s.rec = &r
	if s.watched {
		return common.Conn(msg.via, nil)
	}
	return tea.Batch(told, s.follow(a))
}

// follow reads the record again while it waits, unless the watcher follows its kind.
func (s *RecordScreen[T]) follow(a client.Application) tea.Cmd {
	return s.Own(s.Ctx.FollowWhile(!s.watched && a.ApplyStatus == client.RecordPending, recordFollowMsg{}))
}

func (s *RecordScreen[T]) View() string {
	switch {
	case s.err != nil:
		return common.RetryView(s.Ctx, s.err)
	case s.rec == nil:
		return s.LoadingView(s.Ctx.T("records.crumb", s.recID))
	}
	return s.pane.View(s.Ctx, s.view(s.Ctx, *s.rec, s.Width), s.Width, s.Height)
}

// gatewayRecordView is a gateway application with each API's result, its ticket and scope.
func gatewayRecordView(c *common.Context, r client.RecordDetail, width int) string {
	t := c.Theme
	var extra [][2]string
	if l := r.TicketLink(); l != "" {
		extra = append(extra, [2]string{c.T("col.ticket"), t.Link.Render(l)})
	}
	if r.GrantDimension == "api" {
		extra = append(extra, [2]string{c.T("col.scope"), c.T("record.whole_gateway")})
	}
	items := make([]recordItem, len(r.Resources))
	for i, x := range r.Resources {
		items[i] = recordItem{name: x.Name, status: x.ApplyStatus}
	}
	return applicationView(c, client.KindAPI, r.GatewayName, r.Application, extra, r.ApplyStatus == client.RecordPending, items, width)
}

// componentRecordView is a component application with each component's result, and what each
// does in the reader's language.
func componentRecordView(c *common.Context, r client.ComponentRecordDetail, width int) string {
	items := make([]recordItem, len(r.Components))
	for i, x := range r.Components {
		items[i] = recordItem{name: x.Name, status: x.ApplyStatus, note: client.Described(x.Description, x.DescriptionEn, c.Lang == i18n.English)}
	}
	return applicationView(c, client.KindComponent, r.SystemName, r.Application, nil, r.ApplyStatus == client.RecordPending, items, width)
}

// mcpRecordView is an MCP server application: one server, and the ticket where it is decided.
func mcpRecordView(c *common.Context, r client.MCPServerRecord, width int) string {
	var extra [][2]string
	if u := r.Record.ApprovalURL; u != "" { // cleaned by the context's backend, as every server text
		extra = append(extra, [2]string{c.T("col.ticket"), c.Theme.Link.Render(u)})
	}
	return applicationView(c, client.KindMCP, r.MCPServer.Name, r.Record.Application, extra, r.Record.ApplyStatus == client.RecordPending, nil, width)
}

// recordItem is one API or component of an application, with its own result.
type recordItem struct{ name, status, note string }

// recordWords are a kind's labels on its record: what it is for, and its items.
var recordWords = map[client.Kind]struct{ forKey, itemsKey string }{
	client.KindAPI:       {"col.gateway", "records.apis"},
	client.KindComponent: {"col.system", "records.components"},
	client.KindMCP:       {"col.mcp_server", ""},
}

// applicationView draws an application record of any kind the same way: its number and status,
// what it is for, who applied, when, why and for how long (an MCP server's permission has no
// validity, as bkconsole mcp records says), who decides or decided, when and what they said,
// then each item's result.
func applicationView(c *common.Context, kind client.Kind, forName string, a client.Application, extra [][2]string, watched bool,
	items []recordItem, width int) string {
	t := c.Theme
	var b strings.Builder
	b.WriteString(t.Title.Render(c.T("records.crumb", a.ID)) + "  " + t.RecordStatus[a.ApplyStatus].Render(i18n.RecordStatus(c.Lang, a.ApplyStatus)) + "\n\n")
	// A value wider than the page (a reason of 512 characters, an approver's long comment)
	// wraps under itself; a link (styled) runs on at the width, whole, to be copied, as the MCP
	// server page's address does: it was cut at the page's edge.
	const labelW = 12
	row := func(k, v string) {
		if v == "" {
			return
		}
		if room := max(10, width-labelW-2); strings.Contains(v, "\x1b") {
			v = ansi.Hardwrap(v, room, true)
		} else {
			v = common.Wrap(v, room)
		}
		v = strings.ReplaceAll(v, "\n", "\n"+strings.Repeat(" ", labelW+2))
		b.WriteString(fmt.Sprintf("%s  %s\n", t.Subtle.Render(common.FitLabel(k, labelW)), v))
	}
	words := recordWords[kind]
	row(c.T(words.forKey), forName)
	row(c.T("col.reason"), a.Reason)
	row(c.T("col.applicant"), a.AppliedBy)
	row(c.T("col.applied"), a.AppliedTime.Local().Format("2006-01-02 15:04:05"))
	if kind != client.KindMCP {
		row(c.T("col.validity"), common.ValidityText(c, a.ExpireDays))
	}
	if a.ApplyStatus == client.RecordPending {
		row(c.T("records.approvers"), strings.Join(a.HandledBy, ", "))
	} else {
		row(c.T("col.handler"), strings.Join(a.HandledBy, ", "))
	}
	if !a.HandledTime.IsZero() {
		row(c.T("col.handled"), a.HandledTime.Local().Format("2006-01-02 15:04:05"))
	}
	row(c.T("col.comment"), a.Comment)
	for _, e := range extra {
		row(e[0], e[1])
	}
	if watched {
		b.WriteString("\n" + t.Subtle.Render(c.T("records.watching")) + "\n")
	}
	if len(items) > 0 {
		b.WriteString("\n" + t.Bold.Render(c.T(words.itemsKey)) + "\n")
		for _, x := range items {
			line := "  " + common.FitLabel(x.name, 28) + "  " + t.RecordStatus[x.status].Render(i18n.RecordStatus(c.Lang, x.status))
			if x.note != "" { // whole, under its column: MaxWidth below had cut a long one
				line += "  " + common.WrapHanging(x.note, width, ansi.StringWidth(line)+2, t.Subtle)
			}
			b.WriteString(line + "\n")
		}
	}
	return lipgloss.NewStyle().MaxWidth(width).Render(b.String())
}
