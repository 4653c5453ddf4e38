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
)

// RecordScreen shows one record: reason, applicant, handler, comment, ticket, and each API's
// result. It follows a pending record as the watcher reports.
type RecordScreen struct {
	common.Base
	recID   int
	rec     *client.RecordDetail
	err     error
	loading bool
	pane    components.TextPane
}

type recordLoadedMsg struct {
	rec client.RecordDetail
	via client.Surface
	err error
}

// NewRecordScreen opens one record.
func NewRecordScreen(c *common.Context, id int) *RecordScreen {
	return &RecordScreen{Base: common.NewBase(c), recID: id}
}

func (s *RecordScreen) Init() tea.Cmd {
	return tea.Batch(s.load(), func() tea.Msg { return common.WatchRecordsMsg{} })
}

func (s *RecordScreen) load() tea.Cmd {
	s.loading = true
	b, recID := backendOf(s.Ctx), s.recID
	ctx, cancel := s.LoadCtx()
	return s.Own(func() tea.Msg {
		defer cancel()
		r, via, err := b.Record(ctx, recID)
		return recordLoadedMsg{r, via, err}
	})
}

func (s *RecordScreen) SetSize(w, h int) { s.Width, s.Height = w, h }
func (s *RecordScreen) Crumb() string    { return s.Ctx.T("records.crumb", s.recID) }
func (s *RecordScreen) Capturing() bool  { return false }
func (s *RecordScreen) ShortHelp() []key.Binding {
	return append([]key.Binding{s.Ctx.Global.Refresh}, s.pane.Help(s.Ctx)...)
}

func (s *RecordScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case recordLoadedMsg:
		s.loading, s.err = false, msg.err
		if msg.err == nil {
			r := msg.rec
			s.rec = &r
		}
		return s, common.Conn(msg.via, msg.err)
	case common.RecordsUpdatedMsg:
		for _, r := range msg.Decided {
			if r.ID == s.recID {
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

func (s *RecordScreen) View() string {
	c, t := s.Ctx, s.Ctx.Theme
	if s.err != nil {
		return common.ErrorView(c, s.err)
	}
	if s.rec == nil {
		return c.T("tui.loading", c.T("records.crumb", s.recID))
	}
	r := s.rec
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
	// The watcher follows a gateway's pending record and says when it is decided.
	v := applicationView(c, "col.gateway", r.GatewayName, r.Application, extra, r.ApplyStatus == client.RecordPending, "records.apis", items, s.Width)
	return s.pane.View(c, v, s.Width, s.Height)
}

// NewRecordPage opens an application record of the kind its address names.
func NewRecordPage(c *common.Context, a common.RecordPage) common.Screen {
	switch a.Kind {
	case client.KindComponent:
		return newKindRecordScreen(c, a.ID, readComponentRecord, componentRecordView)
	case client.KindMCP:
		return newKindRecordScreen(c, a.ID, readMCPRecord, mcpRecordView)
	}
	return NewRecordScreen(c, a.ID)
}

// applied is a record of a kind the records watcher does not follow: a component or an MCP
// server application.
type applied interface {
	Applied() (client.Application, string)
}

// KindRecordScreen shows one component or MCP server application and follows it while it is
// pending: the records watcher follows gateway records only, so this page follows its own.
type KindRecordScreen[T applied] struct {
	common.Base
	recID int
	rec   *T
	err   error
	read  func(ctx context.Context, b backend, id int) (T, error)
	view  func(c *common.Context, r T, width int) string
	pane  components.TextPane
}

type kindRecordMsg[T applied] struct {
	rec T
	err error
}

// kindRecordFollowMsg reads a pending record again.
type kindRecordFollowMsg struct{}

func newKindRecordScreen[T applied](c *common.Context, id int, read func(context.Context, backend, int) (T, error),
	view func(*common.Context, T, int) string) *KindRecordScreen[T] {
	return &KindRecordScreen[T]{Base: common.NewBase(c), recID: id, read: read, view: view}
}

func readComponentRecord(ctx context.Context, b backend, id int) (client.ComponentRecordDetail, error) {
	r, _, err := b.ComponentRecord(ctx, id)
	return r, err
}

func readMCPRecord(ctx context.Context, b backend, id int) (client.MCPServerRecord, error) {
	r, _, err := b.MCPRecord(ctx, id)
	return r, err
}

func (s *KindRecordScreen[T]) Init() tea.Cmd { return s.load() }

func (s *KindRecordScreen[T]) load() tea.Cmd {
	b, rid, read := backendOf(s.Ctx), s.recID, s.read
	ctx, cancel := s.LoadCtx()
	return s.Own(func() tea.Msg {
		defer cancel()
		rec, err := read(ctx, b, rid)
		return kindRecordMsg[T]{rec, err}
	})
}

func (s *KindRecordScreen[T]) SetSize(w, h int) { s.Width, s.Height = w, h }
func (s *KindRecordScreen[T]) Crumb() string    { return s.Ctx.T("records.crumb", s.recID) }
func (s *KindRecordScreen[T]) Capturing() bool  { return false }
func (s *KindRecordScreen[T]) ShortHelp() []key.Binding {
	return append([]key.Binding{s.Ctx.Global.Refresh}, s.pane.Help(s.Ctx)...)
}

func (s *KindRecordScreen[T]) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case kindRecordMsg[T]:
		s.err = msg.err
		if msg.err != nil {
			return s, nil
		}
		r := msg.rec
		a, target := r.Applied()
		var told tea.Cmd
		if s.rec != nil {
			if was, _ := (*s.rec).Applied(); was.ApplyStatus == client.RecordPending && a.ApplyStatus != client.RecordPending {
				// As the watcher says of a gateway's record: decided, while the user looks.
				told = common.Notify(s.Ctx.T("records.decided", a.ID, target, s.Ctx.T("record."+a.ApplyStatus)), a.ApplyStatus == client.RecordRejected)
			}
		}
		s.rec = &r
		return s, tea.Batch(told, s.Own(s.Ctx.FollowWhile(a.ApplyStatus == client.RecordPending, kindRecordFollowMsg{})))
	case kindRecordFollowMsg:
		return s, s.load()
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

func (s *KindRecordScreen[T]) View() string {
	switch {
	case s.err != nil:
		return common.ErrorView(s.Ctx, s.err)
	case s.rec == nil:
		return s.LoadingView(s.Ctx.T("records.crumb", s.recID))
	}
	return s.pane.View(s.Ctx, s.view(s.Ctx, *s.rec, s.Width), s.Width, s.Height)
}

// componentRecordView is a component application with each component's result, and what each
// does in the reader's language.
func componentRecordView(c *common.Context, r client.ComponentRecordDetail, width int) string {
	items := make([]recordItem, len(r.Components))
	for i, x := range r.Components {
		items[i] = recordItem{name: x.Name, status: x.ApplyStatus, note: client.Described(x.Description, x.DescriptionEn, c.Lang == i18n.English)}
	}
	return applicationView(c, "col.system", r.SystemName, r.Application, nil, r.ApplyStatus == client.RecordPending, "records.components", items, width)
}

// mcpRecordView is an MCP server application: one server, and the ticket where it is decided.
func mcpRecordView(c *common.Context, r client.MCPServerRecord, width int) string {
	var extra [][2]string
	if u := r.Record.ApprovalURL; u != "" { // cleaned by the context's backend, as every server text
		extra = append(extra, [2]string{c.T("col.ticket"), c.Theme.Link.Render(u)})
	}
	return applicationView(c, "col.mcp_server", r.MCPServer.Name, r.Record.Application, extra, r.Record.ApplyStatus == client.RecordPending, "", nil, width)
}

// recordItem is one API or component of an application, with its own result.
type recordItem struct{ name, status, note string }

// applicationView draws an application record of any kind the same way: its number and status,
// what it is for, who applied, when, why and for how long, who decides or decided, when and
// what they said, then each item's result.
func applicationView(c *common.Context, forKey, forName string, a client.Application, extra [][2]string, watched bool,
	itemsKey string, items []recordItem, width int) string {
	t := c.Theme
	var b strings.Builder
	b.WriteString(t.Title.Render(c.T("records.crumb", a.ID)) + "  " + t.RecordStatus[a.ApplyStatus].Render(c.T("record."+a.ApplyStatus)) + "\n\n")
	// A value wider than the page (a reason of 512 characters, an approver's long comment)
	// wraps under itself; a styled one (a link) stays whole, so the terminal still knows it.
	const labelW = 12
	row := func(k, v string) {
		if v == "" {
			return
		}
		if !strings.Contains(v, "\x1b") {
			v = strings.ReplaceAll(common.Wrap(v, max(10, width-labelW-2)), "\n", "\n"+strings.Repeat(" ", labelW+2))
		}
		b.WriteString(fmt.Sprintf("%s  %s\n", t.Subtle.Render(common.FitLabel(k, labelW)), v))
	}
	row(c.T(forKey), forName)
	row(c.T("col.reason"), a.Reason)
	row(c.T("col.applicant"), a.AppliedBy)
	row(c.T("col.applied"), a.AppliedTime.Local().Format("2006-01-02 15:04:05"))
	row(c.T("col.validity"), common.ValidityText(c, a.ExpireDays))
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
		b.WriteString("\n" + t.Bold.Render(c.T(itemsKey)) + "\n")
		for _, x := range items {
			line := "  " + common.FitLabel(x.name, 28) + "  " + t.RecordStatus[x.status].Render(c.T("record."+x.status))
			if x.note != "" {
				line += "  " + t.Subtle.Render(x.note)
			}
			b.WriteString(line + "\n")
		}
	}
	return lipgloss.NewStyle().MaxWidth(width).Render(b.String())
}
