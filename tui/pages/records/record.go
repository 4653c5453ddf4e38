package records

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"

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

func (s *RecordScreen) SetSize(w, h int)         { s.Width, s.Height = w, h }
func (s *RecordScreen) Crumb() string            { return s.Ctx.T("records.crumb", s.recID) }
func (s *RecordScreen) Capturing() bool          { return false }
func (s *RecordScreen) ShortHelp() []key.Binding { return []key.Binding{s.Ctx.Global.Refresh} }

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
	var b strings.Builder
	b.WriteString(t.Title.Render(c.T("records.crumb", r.ID)) + "  " + t.RecordStatus[r.ApplyStatus].Render(c.T("record."+r.ApplyStatus)) + "\n\n")
	row := func(k, v string) {
		if v != "" {
			b.WriteString(fmt.Sprintf("%s  %s\n", t.Subtle.Render(common.FitLabel(k, 12)), v))
		}
	}
	row(c.T("col.gateway"), r.GatewayName)
	row(c.T("col.reason"), r.Reason)
	row(c.T("col.applicant"), r.AppliedBy)
	row(c.T("col.applied"), r.AppliedTime.Local().Format("2006-01-02 15:04:05"))
	row(c.T("col.validity"), common.ValidityText(c, r.ExpireDays))
	if r.ApplyStatus == client.RecordPending {
		row(c.T("records.approvers"), strings.Join(r.HandledBy, ", "))
	} else {
		row(c.T("col.handler"), strings.Join(r.HandledBy, ", "))
	}
	if !r.HandledTime.IsZero() {
		row(c.T("col.handled"), r.HandledTime.Local().Format("2006-01-02 15:04:05"))
	}
	row(c.T("col.comment"), r.Comment)
	if l := r.TicketLink(); l != "" {
		row(c.T("col.ticket"), t.Link.Render(l))
	}
	if r.GrantDimension == "api" {
		row(c.T("col.scope"), c.T("record.whole_gateway"))
	}
	if r.ApplyStatus == client.RecordPending {
		b.WriteString("\n" + t.Subtle.Render(c.T("records.watching")) + "\n")
	}
	if len(r.Resources) > 0 {
		b.WriteString("\n" + t.Bold.Render(c.T("records.apis")) + "\n")
		for _, x := range r.Resources {
			b.WriteString(fmt.Sprintf("  %s  %s\n", common.FitLabel(x.Name, 28), t.RecordStatus[x.ApplyStatus].Render(c.T("record."+x.ApplyStatus))))
		}
	}
	return lipgloss.NewStyle().MaxWidth(s.Width).Render(b.String())
}

// ComponentRecordScreen shows one component application with each component's result.
type ComponentRecordScreen struct {
	common.Base
	recID int
	rec   *client.ComponentRecordDetail
	err   error
}

type componentRecordMsg struct {
	rec client.ComponentRecordDetail
	err error
}

// NewComponentRecordScreen opens one component application.
func NewComponentRecordScreen(c *common.Context, id int) *ComponentRecordScreen {
	return &ComponentRecordScreen{Base: common.NewBase(c), recID: id}
}

func (s *ComponentRecordScreen) Init() tea.Cmd {
	b, rid := backendOf(s.Ctx), s.recID
	ctx, cancel := s.LoadCtx()
	return s.Own(func() tea.Msg {
		defer cancel()
		rec, _, err := b.ComponentRecord(ctx, rid)
		return componentRecordMsg{rec, err}
	})
}

func (s *ComponentRecordScreen) SetSize(w, h int)         { s.Width, s.Height = w, h }
func (s *ComponentRecordScreen) Crumb() string            { return "#" + strconv.Itoa(s.recID) }
func (s *ComponentRecordScreen) Capturing() bool          { return false }
func (s *ComponentRecordScreen) ShortHelp() []key.Binding { return nil }

func (s *ComponentRecordScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if m, ok := msg.(componentRecordMsg); ok {
		s.err = m.err
		if m.err == nil {
			r := m.rec
			s.rec = &r
		}
	}
	return s, nil
}

func (s *ComponentRecordScreen) View() string {
	c, t := s.Ctx, s.Ctx.Theme
	switch {
	case s.err != nil:
		return common.ErrorView(c, s.err)
	case s.rec == nil:
		return s.LoadingView("#" + strconv.Itoa(s.recID))
	}
	r := s.rec
	var b strings.Builder
	b.WriteString(t.Title.Render(fmt.Sprintf("#%d %s", r.ID, r.SystemName)) + "  " + t.RecordStatus[r.ApplyStatus].Render(c.T("record."+r.ApplyStatus)) + "\n")
	b.WriteString(t.Subtle.Render(c.T("col.applied")) + " " + r.AppliedTime.Local().Format("2006-01-02 15:04") + " · " + r.AppliedBy + " · " + common.ValidityText(c, r.ExpireDays) + "\n")
	if r.Reason != "" {
		b.WriteString(t.Subtle.Render(c.T("col.reason")) + " " + r.Reason + "\n")
	}
	if r.Comment != "" {
		b.WriteString(t.Subtle.Render(c.T("col.comment")) + " " + r.Comment + "\n")
	}
	b.WriteString("\n")
	for _, x := range r.Components {
		// As the API record lists its APIs, and with what each component does, in the reader's language.
		b.WriteString(fmt.Sprintf("  %s  %s  %s\n", common.FitLabel(x.Name, 28), t.RecordStatus[x.ApplyStatus].Render(c.T("record."+x.ApplyStatus)),
			t.Subtle.Render(client.Described(x.Description, x.DescriptionEn, c.Lang == i18n.English))))
	}
	return lipgloss.NewStyle().MaxWidth(s.Width).Render(b.String())
}
