package permissions

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/keymap"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Focus areas of the application form.
const (
	focusReason = iota
	focusValidity
	focusAPIs
	focusCount
)

// ApplyScreen is the batch application form: a reason, a validity, the chosen APIs to review,
// and a confirmed submit. On failure it stays exactly as the user left it.
type ApplyScreen struct {
	common.Base
	gateway    string
	apis       []client.ResourcePermission
	whole      bool
	reason     textarea.Model
	validity   int // index into validityChoices
	focus      int
	cursor     int
	confirming bool
	sending    bool
	err        error
	result     *client.ApplyResult
	via        client.Surface
	prog       common.Progress
	sentAt     time.Time
	sent       client.Sent // what was sent, to recognise its record after a lost answer
	// afterUnknown is what the records said after an answer that did not tell whether the
	// application was made, shown under the error.
	afterUnknown string

	submitKey, removeKey, openKey key.Binding
}

// appliedCheckMsg is the records read after an apply of unknown outcome.
type appliedCheckMsg struct {
	id    int64
	found client.Found
	err   error
}

type appliedMsg struct {
	id     int64
	res    client.ApplyResult
	via    client.Surface
	err    error
	newest int // the newest record before the send
}

// NewApplyScreen opens the form for chosen APIs of a gateway, or for the whole gateway.
func NewApplyScreen(c *common.Context, gateway string, apis []client.ResourcePermission, whole bool) *ApplyScreen {
	ta := components.NewTextArea()
	ta.Placeholder = c.T("apply.reason_placeholder")
	ta.CharLimit = client.MaxReason
	ta.ShowLineNumbers = false
	ta.SetHeight(4)
	sort.Slice(apis, func(i, j int) bool { return apis[i].Name < apis[j].Name })
	s := &ApplyScreen{Base: common.NewBase(c), gateway: gateway, apis: apis, whole: whole, reason: ta, validity: 0, prog: common.NewProgress(c)}
	if d, ok := c.Cache[common.DraftKey(gateway)].(string); ok {
		s.reason.SetValue(d) // a draft left earlier comes back
	}
	s.build()
	return s
}

func (s *ApplyScreen) build() {
	l := s.Ctx.Lang
	s.submitKey = keymap.Bind(l, "ctrl+s", "key.submit", "ctrl+s")
	s.removeKey = keymap.Bind(l, "x", "key.remove", "x", "delete")
	s.openKey = keymap.Bind(l, "enter", "key.open_record", "enter")
}

func (s *ApplyScreen) Init() tea.Cmd { return s.reason.Focus() }

func (s *ApplyScreen) SetSize(w, h int) {
	s.Width, s.Height = w, h
	s.reason.SetWidth(max(20, min(w-4, 100)))
}

func (s *ApplyScreen) Crumb() string { return s.Ctx.T("apply.title") }

// Capturing while the reason has focus or a confirmation is asked: keys are text then.
func (s *ApplyScreen) Capturing() bool {
	return s.result == nil && (s.focus == focusReason || s.confirming)
}

func (s *ApplyScreen) HasDraft() bool {
	return s.result == nil && strings.TrimSpace(s.reason.Value()) != ""
}

func (s *ApplyScreen) ShortHelp() []key.Binding {
	l := s.Ctx.Lang
	if s.result != nil {
		return []key.Binding{s.openKey}
	}
	b := []key.Binding{keymap.Bind(l, "tab", "key.next_field", "tab"), s.submitKey}
	if s.focus == focusAPIs {
		b = append(b, s.removeKey)
	}
	if s.focus == focusValidity {
		b = append(b, keymap.Bind(l, "←/→", "key.choose", "left", "right"))
	}
	return b
}

func (s *ApplyScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *ApplyScreen) days() int { return common.ValidityChoices[s.validity] }

// validate refuses what the contract would refuse, before anything is sent.
func (s *ApplyScreen) validate() error {
	r := strings.TrimSpace(s.reason.Value())
	switch {
	case r == "":
		return &client.ErrUserInput{Key: "input.empty_reason"}
	case len([]rune(r)) > client.MaxReason:
		return &client.ErrUserInput{Key: "input.reason_too_long"}
	case !s.whole && len(s.apis) == 0:
		return &client.ErrUserInput{Key: "input.no_apis"}
	}
	return nil
}

func (s *ApplyScreen) submit() tea.Cmd {
	s.sending, s.err, s.afterUnknown = true, nil, ""
	s.sentAt = common.Clock()
	req := client.ApplyRequest{Gateway: s.gateway, Reason: strings.TrimSpace(s.reason.Value()), ExpireDays: s.days(), WholeGateway: s.whole}
	for _, a := range s.apis {
		req.ResourceIDs = append(req.ResourceIDs, a.ID)
		req.ResourceNames = append(req.ResourceNames, a.Name)
	}
	kind := client.KindAPI
	if s.whole {
		kind = client.KindGateway
	}
	s.sent = client.Sent{Kind: kind, Target: s.gateway, Items: req.ResourceNames, Reason: req.Reason, At: s.sentAt}
	b, id, sent := s.Ctx.Backend, s.Addr, s.sent
	// A write: not tied to leaving the screen, never retried on its own. The newest record
	// before it is read first, so a record found after a lost answer can be told from older ones.
	return tea.Batch(s.prog.Start(), func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), common.LoadTimeout)
		defer cancel()
		sent.Newest = b.NewestRecord(ctx, sent.Kind, sent.Target)
		res, via, err := b.Apply(ctx, req)
		return appliedMsg{id, res, via, err, sent.Newest}
	})
}

// checkRecords reads the records after an apply whose outcome is unknown: only a record made
// after the send, for exactly these APIs and this reason, proves it was made.
func (s *ApplyScreen) checkRecords() tea.Cmd {
	b, id, sent := s.Ctx.Backend, s.Addr, s.sent
	return tea.Batch(s.prog.Start(), func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), common.LoadTimeout)
		defer cancel()
		found, err := b.FindApplication(ctx, sent)
		return appliedCheckMsg{id, found, err}
	})
}

// applied shows an application made: the result, the selection and draft dropped, the
// permissions to be read again, and the record followed.
func (s *ApplyScreen) applied(res client.ApplyResult, via client.Surface) tea.Cmd {
	s.result, s.via = &res, via
	delete(s.Ctx.Cache, common.DraftKey(s.gateway))
	delete(s.Ctx.Cache, common.CachePerms+s.gateway)
	sel := s.Ctx.Selection(s.gateway)
	for _, a := range s.apis {
		delete(sel, a.Name)
	}
	if via == client.SurfaceOpen {
		return common.Notify(s.Ctx.T("apply.done", res.RecordID), false) // records need a login: nothing to follow
	}
	return tea.Batch(common.Notify(s.Ctx.T("apply.done", res.RecordID), false), func() tea.Msg { return common.WatchRecordsMsg{Reset: true, Record: res.RecordID} })
}

func (s *ApplyScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case appliedMsg:
		if msg.id != s.Addr {
			return s, nil
		}
		s.sending = false
		s.prog.Stop()
		var unknown *client.OutcomeUnknownError
		if errors.As(msg.err, &unknown) {
			s.sent.Newest = msg.newest
			s.err, s.sending = msg.err, true // not sent again: the records tell what happened
			return s, s.checkRecords()
		}
		if msg.err != nil {
			s.err = msg.err // the form stays as it was
			return s, common.Notify(common.ErrorLine(s.Ctx, msg.err), true)
		}
		return s, s.applied(msg.res, msg.via)
	case appliedCheckMsg:
		if msg.id != s.Addr {
			return s, nil
		}
		s.sending = false
		s.prog.Stop()
		if msg.err != nil {
			s.afterUnknown = s.Ctx.T("write.records_unreadable", common.ErrorLine(s.Ctx, msg.err))
			return s, nil
		}
		if f := msg.found; f.Proven {
			s.err = nil
			return s, tea.Batch(s.applied(client.ApplyResult{RecordID: f.IDs[0]}, ""),
				common.Notify(s.Ctx.T("write.record_found", f.IDs[0], s.Ctx.T("record."+f.Status)), false))
		}
		s.afterUnknown = s.Ctx.T("write.not_proven") + " " + s.Ctx.T("write.check_again", "R")
		return s, nil
	case spinner.TickMsg:
		return s, s.prog.Update(msg)
	case common.LangChangedMsg:
		s.build()
	case tea.KeyMsg:
		if s.result != nil {
			if key.Matches(msg, s.openKey) && s.via != client.SurfaceOpen {
				return s, tea.Sequence(common.Pop, common.OpenPage(common.RecordPage{ID: s.result.RecordID}))
			}
			return s, nil
		}
		if s.sending {
			return s, nil
		}
		if s.confirming {
			s.confirming = false
			if msg.String() == "y" || msg.String() == "Y" {
				return s, s.submit()
			}
			return s, nil
		}
		switch {
		case msg.String() == "esc":
			s.Ctx.Cache[common.DraftKey(s.gateway)] = s.reason.Value() // keep the draft for next time
			return s, common.Pop
		case key.Matches(msg, s.submitKey):
			if err := s.validate(); err != nil {
				s.err = err
				return s, nil
			}
			s.err = nil
			s.confirming = true
			return s, nil
		case msg.String() == "tab":
			s.setFocus((s.focus + 1) % focusCount)
			return s, nil
		case msg.String() == "shift+tab":
			s.setFocus((s.focus + focusCount - 1) % focusCount)
			return s, nil
		}
		switch s.focus {
		case focusReason:
			var cmd tea.Cmd
			s.reason, cmd = s.reason.Update(msg)
			s.Ctx.Cache[common.DraftKey(s.gateway)] = s.reason.Value()
			return s, cmd
		case focusValidity:
			switch msg.String() {
			case "left", "h", "up", "k":
				s.validity = (s.validity + len(common.ValidityChoices) - 1) % len(common.ValidityChoices)
			case "right", "l", "down", "j", " ":
				s.validity = (s.validity + 1) % len(common.ValidityChoices)
			}
		case focusAPIs:
			switch {
			case msg.String() == "up" || msg.String() == "k":
				s.cursor = max(0, s.cursor-1)
			case msg.String() == "down" || msg.String() == "j":
				s.cursor = min(len(s.apis)-1, s.cursor+1)
			case key.Matches(msg, s.removeKey) && len(s.apis) > 0:
				removed := s.apis[s.cursor]
				s.apis = append(s.apis[:s.cursor], s.apis[s.cursor+1:]...)
				delete(s.Ctx.Selection(s.gateway), removed.Name)
				s.cursor = max(0, min(s.cursor, len(s.apis)-1))
			}
		}
	}
	return s, nil
}

func (s *ApplyScreen) setFocus(f int) {
	s.focus = f
	if f == focusReason {
		s.reason.Focus()
	} else {
		s.reason.Blur()
	}
}

func (s *ApplyScreen) View() string {
	c, t := s.Ctx, s.Ctx.Theme
	var b strings.Builder
	title := c.T("apply.heading", s.gateway)
	b.WriteString(t.Title.Render(title) + "\n\n")
	if s.result != nil {
		b.WriteString(t.OK.Render("✓ "+c.T("apply.done", s.result.RecordID)) + "\n")
		if s.result.ITSMTicketURL != "" {
			b.WriteString(c.T("apply.ticket", t.Link.Render(s.result.ITSMTicketURL)) + "\n")
		}
		if s.via == client.SurfaceOpen {
			b.WriteString("\n" + t.Warn.Render(c.T("apply.via_open")) + "\n")
		} else {
			b.WriteString("\n" + t.Subtle.Render(c.T("apply.enter_opens")) + "\n")
		}
		return b.String()
	}
	label := func(f int, text string) string {
		if s.focus == f {
			return t.Prompt.Render("▸ " + text)
		}
		return t.Bold.Render("  " + text)
	}
	b.WriteString(label(focusReason, c.T("apply.reason")) + t.Subtle.Render(fmt.Sprintf("  %d/%d", len([]rune(s.reason.Value())), client.MaxReason)) + "\n")
	b.WriteString(s.reason.View() + "\n\n")
	var opts []string
	names := []string{c.T("validity.6m"), c.T("validity.12m"), c.T("validity.permanent")}
	for i, n := range names {
		if i == s.validity {
			opts = append(opts, t.TabActive.Render("(•) "+n))
		} else {
			opts = append(opts, t.Subtle.Render("( ) "+n))
		}
	}
	b.WriteString(label(focusValidity, c.T("apply.validity")) + "  " + strings.Join(opts, "  ") + "\n\n")
	if s.whole {
		b.WriteString(label(focusAPIs, c.T("apply.scope")) + "  " + c.T("record.whole_gateway") + "\n")
	} else {
		b.WriteString(label(focusAPIs, c.T("apply.apis", len(s.apis))) + "\n")
		room := max(1, s.Height-lipgloss.Height(b.String())-4)
		start := max(0, s.cursor-room+1)
		for i := start; i < len(s.apis) && i < start+room; i++ {
			a := s.apis[i]
			line := fmt.Sprintf("    %s  %s  %s", a.Name, t.Subtle.Render(common.LevelText(c, a.PermissionLevel)), t.Subtle.Render(permDescription(c, a)))
			if s.focus == focusAPIs && i == s.cursor {
				line = t.List.Selected.Render(ansi.Truncate(line, s.Width, "…"))
			}
			b.WriteString(ansi.Truncate(line, s.Width, "…") + "\n")
		}
	}
	switch {
	case s.sending && s.err != nil: // reading the records after an unknown outcome
		b.WriteString("\n" + common.ErrorView(c, s.err) + "\n" + t.Prompt.Render(s.prog.View(c.T("apply.checking_records"))))
	case s.sending:
		b.WriteString("\n" + t.Prompt.Render(s.prog.View(c.T("apply.sending"))))
	case s.confirming:
		b.WriteString("\n" + t.Warn.Render(i18n.N(c.Lang, "apply.confirm", len(s.apis), s.gateway, names[s.validity])))
	case s.err != nil:
		b.WriteString("\n" + common.ErrorView(c, s.err))
		if s.afterUnknown != "" {
			b.WriteString("\n" + t.Warn.Render(s.afterUnknown) + "\n" + t.Subtle.Render(c.T("apply.check_again")))
		}
	}
	return b.String()
}

// permDescription is an API's description in the UI language (the English one when the UI is
// English and the server sent it).
func permDescription(c *common.Context, p client.ResourcePermission) string {
	if c.Lang == i18n.English && p.DescriptionEn != "" {
		return p.DescriptionEn
	}
	return p.Description
}

func (m appliedCheckMsg) To() int64 { return m.id }

func (m appliedMsg) To() int64 { return m.id }
