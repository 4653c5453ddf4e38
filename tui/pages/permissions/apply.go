package permissions

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// The fields of the application form; a kind shows only those it has (MCP permissions have no
// validity; the applicant is asked only when the profile names none).
const (
	fieldReason = iota
	fieldApplicant
	fieldValidity
	fieldItems
)

// The form's modes: one at a time.
type applyMode int

const (
	modeEditing    applyMode = iota
	modeConfirming           // "y" sends, anything else goes back to editing
	modeSending              // the one send is under way
	modeChecking             // the answer was lost: the records are being read
	modeDone                 // the application was made
)

// ApplyScreen is the application form of every kind (gateway APIs, a whole gateway, MCP
// servers, components): a reason, a validity where the kind has one, the items to review, a
// confirmation saying what will be sent, and one send. After a lost answer it reads the
// records and counts only a record that this send made. On failure the form stays as it was.
type ApplyScreen struct {
	common.Base
	app       common.ApplyPage
	reason    textarea.Model
	applicant textinput.Model
	validity  int // index into client.ValidityChoices
	focus     int // one of the fields
	cursor    int
	mode      applyMode
	err       error
	records   []int // the records made, once done
	ticketURL string
	via       client.Surface
	prog      common.Progress
	sent      client.Sent // what was sent, to recognise its record after a lost answer
	// sentBy is the backend the application went through, of profile sentAs: its records are
	// the ones to read after a lost answer, even if the profile changed since.
	sentBy backend
	sentAs string
	// afterUnknown is what the records said after an answer that did not tell whether the
	// application was made, shown under the error.
	afterUnknown string
	found        string // how the records proved the application, after a lost answer

	submitKey, removeKey, openKey key.Binding
}

// appliedCheckMsg is the records read after an apply of unknown outcome.
type appliedCheckMsg struct {
	found client.Found
	err   error
}

type appliedMsg struct {
	records []int
	ticket  string
	via     client.Surface
	err     error
	newest  int // the newest record before the send
}

// NewApplyScreen opens the form for an application of any kind.
func NewApplyScreen(c *common.Context, app common.ApplyPage) *ApplyScreen {
	if app.Kind == "" {
		app.Kind = client.KindAPI
	}
	ta := components.NewTextArea(c)
	ta.CharLimit = 0 // over client.MaxReason is refused when sent, whole: a limit here cut a paste silently
	ta.ShowLineNumbers = false
	ta.SetHeight(4)
	app.Items = append([]common.ApplyItem(nil), app.Items...)
	sort.Slice(app.Items, func(i, j int) bool { return app.Items[i].Name < app.Items[j].Name })
	s := &ApplyScreen{Base: common.NewBase(c), app: app, reason: ta, applicant: components.NewTextInput(c), prog: common.NewProgress(c)}
	s.applicant.CharLimit = 64
	if d, ok := c.Cache.Reasons.Get(s.draftKey()); ok {
		s.reason.SetValue(d) // a draft left earlier comes back
	}
	s.build()
	return s
}

// draftKey names a draft by what it applies for: a gateway's APIs and the whole gateway share
// one.
func (s *ApplyScreen) draftKey() string {
	switch s.app.Kind {
	case client.KindAPI, client.KindGateway:
		return s.app.Target
	}
	return string(s.app.Kind) + ":" + s.app.Target
}

func (s *ApplyScreen) build() {
	c := s.Ctx
	s.submitKey = c.Keys.Bind("ctrl+s", "key.submit", "ctrl+s")
	s.removeKey = c.Keys.Bind("x", "key.remove", "x", "delete")
	s.openKey = c.Keys.Bind("enter", "key.open_record", "enter")
	s.reason.Placeholder = c.Theme.Placeholder(c.T("apply.reason_placeholder." + string(s.app.Kind)))
	s.applicant.Prompt = ""
	s.applicant.Placeholder = c.Theme.Placeholder(c.T("apply.applicant_placeholder"))
}

// fields are the form's fields for this kind, in tab order.
func (s *ApplyScreen) fields() []int {
	f := []int{fieldReason}
	if s.needsApplicant() {
		f = append(f, fieldApplicant)
	}
	if s.app.Kind != client.KindMCP {
		f = append(f, fieldValidity)
	}
	return append(f, fieldItems)
}

// needsApplicant: an MCP application, and one through the open APIs, names its applicant, and
// the profile knows none.
func (s *ApplyScreen) needsApplicant() bool {
	return (s.app.Kind == client.KindMCP || s.app.Open) && s.Ctx.Profile.Username == ""
}

func (s *ApplyScreen) Init() tea.Cmd { return s.reason.Focus() }

func (s *ApplyScreen) SetSize(w, h int) {
	s.Width, s.Height = w, h
	s.reason.SetWidth(max(20, min(w-4, 100)))
}

func (s *ApplyScreen) Crumb() string { return s.Ctx.T("apply.title") }

// Capturing while a text field has focus or a confirmation is asked: keys are text then.
func (s *ApplyScreen) Capturing() bool {
	return s.mode == modeConfirming || s.mode == modeEditing && (s.focus == fieldReason || s.focus == fieldApplicant)
}

// Sending while the one send, or the reading of the records after its answer was lost, is
// under way: the root keeps the page until what happened is told.
func (s *ApplyScreen) Sending() bool { return s.mode == modeSending || s.mode == modeChecking }

func (s *ApplyScreen) HasDraft() bool {
	return s.mode != modeDone && strings.TrimSpace(s.reason.Value()) != ""
}

func (s *ApplyScreen) ShortHelp() []key.Binding {
	l := s.Ctx.Keys
	if s.mode == modeDone {
		if s.canOpenRecord() {
			return []key.Binding{s.openBinding()}
		}
		return nil
	}
	if s.mode == modeConfirming {
		return []key.Binding{s.Ctx.Form.Yes, s.Ctx.Form.No} // what the question takes
	}
	// The focused field's own key first: a narrow footer drops from the end (at 60 columns the
	// list's remove key was not shown while the list was gone through).
	// esc leaves (keeping the draft) from every field: said here, since the root's footer
	// leaves it out while a text field has the keys.
	b := []key.Binding{s.submitKey, s.Ctx.Form.NextField, s.Ctx.Global.Back}
	switch s.focus {
	case fieldItems:
		b = append([]key.Binding{s.removeKey}, b...)
	case fieldValidity:
		b = append([]key.Binding{l.Pair(s.Ctx.Form.Left, s.Ctx.Form.Right, "key.choose")}, b...)
	}
	return b
}

func (s *ApplyScreen) days() int {
	if s.app.Kind == client.KindMCP {
		return 0
	}
	return client.ValidityChoices[s.validity]
}

func (s *ApplyScreen) names() []string {
	var out []string
	for _, it := range s.app.Items {
		out = append(out, it.Name)
	}
	return out
}

func (s *ApplyScreen) ids() []int {
	var out []int
	for _, it := range s.app.Items {
		out = append(out, it.ID)
	}
	return out
}

// validate refuses what the contract would refuse, before anything is sent: the checks every
// kind shares (client.CheckApplication) and the applicant an MCP application names.
func (s *ApplyScreen) validate() error {
	if err := client.CheckApplication(s.app.Kind, strings.TrimSpace(s.reason.Value()), s.days(), len(s.app.Items)); err != nil {
		return err
	}
	if s.needsApplicant() && !client.ValidUsername(strings.TrimSpace(s.applicant.Value())) {
		// The form's own field, not the CLI's --username.
		return &client.ErrUserInput{Key: "apply.no_applicant", Args: []any{s.Ctx.T("apply.applicant")}}
	}
	return nil
}

// send is the one write of this kind; it answers the records made (sent: as it was sent, for
// an MCP application's records that its answer does not name).
func (s *ApplyScreen) send(ctx context.Context, b backend, reason string, sent client.Sent) (records []int, ticket string, via client.Surface, err error) {
	a := s.app
	switch a.Kind {
	case client.KindMCP:
		res, v, err := b.MCPApply(ctx, client.MCPApplyRequest{ServerIDs: s.ids(), Reason: reason, AppliedBy: strings.TrimSpace(s.applicant.Value())}) // "": the profile's username
		for _, r := range res {
			if ticket == "" {
				ticket = r.ApprovalURL
			}
		}
		if err == nil {
			records = client.MCPRecordsMade(ctx, b, sent, res)
		}
		return records, ticket, v, err
	case client.KindComponent:
		res, v, err := b.ComponentApply(ctx, client.ComponentApplyRequest{SystemID: a.SystemID, ComponentIDs: s.ids(), Reason: reason, ExpireDays: s.days()})
		return []int{res.RecordID}, res.ITSMTicketURL, v, err
	default:
		req := client.ApplyRequest{Gateway: a.Target, Reason: reason, ExpireDays: s.days(), WholeGateway: a.Kind == client.KindGateway,
			Applicant: strings.TrimSpace(s.applicant.Value())} // "": the profile's username
		if a.Kind == client.KindAPI {
			req.ResourceIDs, req.ResourceNames = s.ids(), s.names()
		}
		res, v, err := b.Apply(ctx, req)
		return []int{res.RecordID}, res.ITSMTicketURL, v, err
	}
}

func (s *ApplyScreen) submit() tea.Cmd {
	s.mode, s.err, s.afterUnknown = modeSending, nil, ""
	reason := strings.TrimSpace(s.reason.Value())
	s.sent = client.Sent{Kind: s.app.Kind, Target: s.app.Target, Reason: reason, At: s.Ctx.Clock.Now()}
	if s.app.Kind != client.KindGateway {
		s.sent.Items = s.names()
	}
	s.sentBy, s.sentAs = backendOf(s.Ctx), s.Ctx.Profile.Name
	b, sent := s.sentBy, s.sent
	// A write: not tied to leaving the screen, never retried on its own. The newest record
	// before it is read first, so a record found after a lost answer can be told from older ones.
	return tea.Batch(s.prog.Start(), s.Own(func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), common.LoadTimeout)
		defer cancel()
		newest := b.NewestRecord(ctx, sent.Kind, sent.Target)
		sent.Newest = newest
		records, ticket, via, err := s.send(ctx, b, reason, sent)
		return appliedMsg{records, ticket, via, err, newest}
	}))
}

// checkRecords reads the records after an apply whose outcome is unknown: only a record made
// after the send, for exactly these items and this reason, proves it was made.
func (s *ApplyScreen) checkRecords() tea.Cmd {
	b, sent := s.sentBy, s.sent
	return tea.Batch(s.prog.Start(), s.Own(func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), common.LoadTimeout)
		defer cancel()
		found, err := b.FindApplication(ctx, sent)
		return appliedCheckMsg{found, err}
	}))
}

// applied shows an application made: the result, the draft dropped, every list of this kind
// told (it reads its permissions afresh and drops the items from its selection), and the
// records followed.
func (s *ApplyScreen) applied(records []int, ticket string, via client.Surface, notice string) tea.Cmd {
	s.mode, s.records, s.ticketURL, s.via = modeDone, records, ticket, via
	s.Ctx.Cache.Reasons.Drop(s.draftKey())
	if s.app.Kind == client.KindAPI || s.app.Kind == client.KindGateway {
		s.Ctx.Cache.DropPerms(s.app.Target)
		sel := s.Ctx.Selection(s.app.Target)
		for _, it := range s.app.Items {
			delete(sel, it.Name)
		}
	}
	told := common.AppliedMsg{Kind: s.app.Kind, Target: s.app.Target, Items: s.names()}
	cmds := []tea.Cmd{common.Notify(notice, false), func() tea.Msg { return told }}
	if s.app.Kind == client.KindAPI || s.app.Kind == client.KindGateway {
		// O's records need a login: nothing to follow; nor under another profile than the one
		// it was sent with (the watcher reads the profile's records).
		if via != client.SurfaceOpen && len(records) > 0 && s.sentAs == s.Ctx.Profile.Name {
			cmds = append(cmds, func() tea.Msg { return common.WatchRecordsMsg{Reset: true, Record: records[0]} })
		}
	}
	return tea.Batch(cmds...)
}

// doneText says an application was made: by its records where they are known (neither the
// Developer Center's answer to an MCP application nor its records may tell: the records page
// lists it then).
func (s *ApplyScreen) doneText(ids []int) string {
	if len(ids) == 0 {
		return s.Ctx.T("apply.done_unnumbered", s.Ctx.Global.Records.Help().Key)
	}
	return s.Ctx.T("apply.done", i18n.Records(s.Ctx.Lang, ids))
}

// canOpenRecord: enter opens the record where the kind has a record page and the surface
// lets the records be read.
func (s *ApplyScreen) canOpenRecord() bool {
	return len(s.records) > 0 && s.records[0] > 0 && client.RecordsReadable(s.app.Kind, s.via)
}

// openBinding is the open key, said as what it opens: the record, or with several (one a
// server) the records list, where they stand first (it opened the first alone).
func (s *ApplyScreen) openBinding() key.Binding {
	if len(s.records) > 1 {
		return s.Ctx.Keys.As(s.openKey, "key.open_records")
	}
	return s.openKey
}

func (s *ApplyScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case appliedMsg:
		return s, s.onApplied(msg)
	case appliedCheckMsg:
		return s, s.onChecked(msg)
	case spinner.TickMsg:
		return s, s.prog.Update(msg)
	case common.LangChangedMsg:
		s.build()
	case tea.KeyMsg:
		switch s.mode {
		case modeDone:
			if key.Matches(msg, s.openKey) && s.canOpenRecord() {
				var page common.PageAddress = common.RecordPage{Kind: s.app.Kind, ID: s.records[0]}
				if len(s.records) > 1 {
					page = common.RecordsPage{} // newest first: these at the top
				}
				return s, tea.Sequence(common.Pop, common.OpenPage(page))
			}
		case modeConfirming:
			s.mode = modeEditing
			if key.Matches(msg, s.Ctx.Form.Yes) {
				return s, s.submit()
			}
		case modeEditing:
			return s, s.editKey(msg)
		}
	}
	return s, nil
}

func (s *ApplyScreen) onApplied(msg appliedMsg) tea.Cmd {
	s.prog.Stop()
	var unknown *client.OutcomeUnknownError
	if errors.As(msg.err, &unknown) {
		s.sent.Newest = msg.newest
		s.err, s.mode = msg.err, modeChecking // not sent again: the records tell what happened
		return s.checkRecords()
	}
	var input *client.ErrUserInput
	if errors.As(msg.err, &input) && input.Key == "input.no_username" && !s.app.Open {
		// Only the open APIs were left, and they name the applicant: nothing was sent; the
		// form asks for it where it is typed (a page that opened the form did not know).
		s.app.Open, s.mode = true, modeEditing
		s.err = &client.ErrUserInput{Key: "apply.no_applicant", Args: []any{s.Ctx.T("apply.applicant")}}
		return s.setFocus(fieldApplicant)
	}
	if msg.err != nil {
		s.err, s.mode = msg.err, modeEditing // the form stays as it was
		return common.Notify(common.ErrorLine(s.Ctx, msg.err), true)
	}
	return s.applied(msg.records, msg.ticket, msg.via, s.doneText(msg.records))
}

func (s *ApplyScreen) onChecked(msg appliedCheckMsg) tea.Cmd {
	s.prog.Stop()
	s.mode = modeEditing
	if msg.err != nil {
		s.afterUnknown = s.Ctx.T("write.records_unreadable", common.ErrorLine(s.Ctx, msg.err))
		return common.Notify(s.afterUnknown, true) // told where the user is, the page left or not
	}
	if f := msg.found; f.Proven {
		s.err = nil
		s.found = s.Ctx.T("write.record_found", i18n.Records(s.Ctx.Lang, f.IDs), i18n.RecordStatus(s.Ctx.Lang, f.Status))
		return s.applied(f.IDs, "", f.Surface, s.found)
	}
	// The page says where to look on a line of its own; the status line, seen from any page, says
	// it after the outcome. The records page lists every kind.
	s.afterUnknown = s.Ctx.T("write.not_proven")
	notice := s.afterUnknown + " → " + s.Ctx.T("write.check_again", s.Ctx.Global.Records.Help().Key)
	// Every list of this kind reads afresh: what the server has is shown where the user looks.
	told := common.AppliedMsg{Kind: s.app.Kind, Target: s.app.Target}
	return tea.Batch(common.Notify(notice, true), func() tea.Msg { return told })
}

func (s *ApplyScreen) editKey(msg tea.KeyMsg) tea.Cmd {
	fields := s.fields()
	at := max(0, slices.Index(fields, s.focus))
	f, nav := s.Ctx.Form, s.Ctx.Nav
	switch {
	case key.Matches(msg, s.Ctx.Global.Back):
		s.Ctx.Cache.Reasons.Put(s.draftKey(), s.reason.Value()) // keep the draft for next time
		return common.Pop
	case key.Matches(msg, s.submitKey):
		if err := s.validate(); err != nil {
			s.err = err
			if ue, ok := err.(*client.ErrUserInput); ok { // where the answer is typed
				switch ue.Key {
				case "apply.no_applicant":
					return s.setFocus(fieldApplicant)
				case "input.empty_reason", "input.reason_too_long":
					return s.setFocus(fieldReason)
				}
			}
			return nil
		}
		s.err, s.mode = nil, modeConfirming
		return nil
	case key.Matches(msg, f.NextField):
		return s.setFocus(fields[(at+1)%len(fields)])
	case key.Matches(msg, f.PrevField):
		return s.setFocus(fields[(at+len(fields)-1)%len(fields)])
	}
	switch s.focus {
	case fieldReason:
		var cmd tea.Cmd
		s.reason, cmd = s.reason.Update(msg)
		s.Ctx.Cache.Reasons.Put(s.draftKey(), s.reason.Value())
		return cmd
	case fieldApplicant:
		var cmd tea.Cmd
		s.applicant, cmd = s.applicant.Update(msg)
		return cmd
	case fieldValidity:
		n := len(client.ValidityChoices)
		switch {
		case key.Matches(msg, f.Left, nav.Up):
			s.validity = (s.validity + n - 1) % n
		case key.Matches(msg, f.Right, nav.Down, f.Select):
			s.validity = (s.validity + 1) % n
		}
	case fieldItems:
		items := s.app.Items
		switch {
		case key.Matches(msg, nav.Up):
			s.cursor = max(0, s.cursor-1)
		case key.Matches(msg, nav.Down):
			s.cursor = min(len(items)-1, s.cursor+1)
		case key.Matches(msg, s.removeKey) && len(items) > 0:
			removed := items[s.cursor]
			s.app.Items = append(items[:s.cursor], items[s.cursor+1:]...)
			if s.app.Kind == client.KindAPI {
				delete(s.Ctx.Selection(s.app.Target), removed.Name)
			}
			s.cursor = max(0, min(s.cursor, len(s.app.Items)-1))
		}
	}
	return nil
}

func (s *ApplyScreen) setFocus(f int) tea.Cmd {
	s.focus = f
	s.reason.Blur()
	s.applicant.Blur()
	switch f {
	case fieldReason:
		return s.reason.Focus()
	case fieldApplicant:
		return s.applicant.Focus()
	}
	return nil
}
