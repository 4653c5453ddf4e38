package permissions

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/tui/common"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// RenewScreen renews owned permissions of one kind (gateway APIs or components) in one batch,
// showing each new expiry before the user confirms: max(old expiry, now) + the chosen validity.
type RenewScreen struct {
	common.Base
	kind     client.Kind
	systemID int
	perms    []client.ResourcePermission
	// standing is the expiries read after a renewal whose answer was lost (nil before).
	standing  []client.Renewed
	standErr  error
	validity  int
	mode      renewMode
	err       error
	now       func() time.Time
	submitKey key.Binding
	prog      common.Progress
	// sentBy is the backend the renewal went through: its expiries are the ones to read after
	// a lost answer, even if the profile changed since.
	sentBy backend
}

type renewedMsg struct {
	err error
}

// standingMsg is the expiries as they stand after a renewal whose answer was lost.
type standingMsg struct {
	rs  []client.Renewed
	err error
}

// NewRenewScreen opens the renewal of owned permissions.
func NewRenewScreen(c *common.Context, page common.RenewPage) *RenewScreen {
	perms := append([]client.ResourcePermission(nil), page.Perms...)
	kind := page.Kind
	if kind == "" {
		kind = client.KindAPI
	}
	sort.Slice(perms, func(i, j int) bool {
		if perms[i].GatewayName != perms[j].GatewayName {
			return perms[i].GatewayName < perms[j].GatewayName
		}
		return perms[i].Name < perms[j].Name
	})
	s := &RenewScreen{Base: common.NewBase(c), kind: kind, systemID: page.SystemID, perms: perms, validity: 0, now: c.Clock.Now, prog: common.NewProgress(c)}
	s.build()
	return s
}

func (s *RenewScreen) build() {
	s.submitKey = s.Ctx.Keys.Bind("enter", "key.submit", "enter", "ctrl+s")
}

func (s *RenewScreen) Init() tea.Cmd    { return nil }
func (s *RenewScreen) SetSize(w, h int) { s.Width, s.Height = w, h }
func (s *RenewScreen) Crumb() string    { return s.Ctx.T("renew.title") }
func (s *RenewScreen) Capturing() bool  { return s.mode == renewConfirming }
func (s *RenewScreen) ShortHelp() []key.Binding {
	switch s.mode {
	case renewConfirming:
		return []key.Binding{s.Ctx.Form.Yes, s.Ctx.Form.No} // what the question takes
	case renewDone:
		return nil // renewed: only leaving is left (the root's keys)
	}
	return []key.Binding{s.Ctx.Keys.Pair(s.Ctx.Form.Left, s.Ctx.Form.Right, "key.choose"), s.submitKey}
}

func (s *RenewScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case common.LangChangedMsg:
		s.build()
	case spinner.TickMsg:
		return s, s.prog.Update(msg)
	case standingMsg:
		return s, s.stood(msg)
	case renewedMsg:
		return s, s.renewed(msg)
	case tea.KeyMsg:
		return s, s.handleKey(msg)
	}
	return s, nil
}

func (s *RenewScreen) ids() []int {
	var ids []int
	for _, p := range s.perms {
		ids = append(ids, p.ID)
	}
	return ids
}

// told tells every list of this kind that its permissions changed (or may have): one message
// a gateway or system, as My permissions renews those of several at once.
func (s *RenewScreen) told() tea.Cmd {
	var cmds []tea.Cmd
	for i, p := range s.perms { // sorted by gateway or system
		if i > 0 && s.perms[i-1].GatewayName == p.GatewayName {
			continue
		}
		msg := common.AppliedMsg{Kind: s.kind, Target: p.GatewayName}
		for _, q := range s.perms[i:] {
			if q.GatewayName == p.GatewayName {
				msg.Items = append(msg.Items, q.Name)
			}
		}
		cmds = append(cmds, func() tea.Msg { return msg })
	}
	return tea.Batch(cmds...)
}

func (s *RenewScreen) View() string {
	c, t := s.Ctx, s.Ctx.Theme
	var b strings.Builder
	b.WriteString(t.Title.Render(i18n.N(c.Lang, "renew.heading", len(s.perms))) + "\n")
	b.WriteString(t.Subtle.Render(common.Wrap(c.T("renew.rule"), max(20, s.Width))) + "\n\n")
	names := []string{c.T("validity.6m"), c.T("validity.12m"), c.T("validity.permanent")}
	var opts []string
	for i, n := range names {
		if i == s.validity {
			opts = append(opts, t.Chosen.Render("(•) "+n))
		} else {
			opts = append(opts, t.Subtle.Render("( ) "+n))
		}
	}
	b.WriteString(t.Bold.Render(c.T("apply.validity")) + "  " + strings.Join(opts, "  ") + "\n\n")
	now := s.now()
	tail := s.tailView(names[s.validity])
	// The rows left for the permissions: what is written so far ends with its line break, and
	// the tail, when there is one, comes after an empty line (counting those the way lipgloss
	// does had kept three rows of a 60×15 page empty and said "1 more").
	tailRows := 0
	if tail != "" {
		tailRows = lipgloss.Height(tail) + 1
	}
	room := max(1, s.Height-strings.Count(b.String(), "\n")-tailRows)
	nameW := 0 // the names' column: of those that can be in sight, one line each at the most
	for _, p := range s.perms[:min(room, len(s.perms))] {
		nameW = max(nameW, ansi.StringWidth(renewName(p)))
	}
	for i, p := range s.perms {
		entry := s.entryView(p, now, nameW)
		h, last := lipgloss.Height(entry), i == len(s.perms)-1
		if i > 0 && (h > room || !last && h+1 > room) { // the line that says how many more too
			b.WriteString(t.Subtle.Render(c.T("renew.more", len(s.perms)-i)) + "\n")
			break
		}
		room -= h
		b.WriteString(entry + "\n")
	}
	if tail == "" {
		return b.String()
	}
	// The question, progress or error stays in sight; on a short screen the title goes first.
	return common.KeepEnd(b.String()+"\n"+tail, s.Height)
}

func renewName(p client.ResourcePermission) string { return "  " + p.GatewayName + " / " + p.Name }

// entryView is a permission, its expiry and the one renewing gives it: one line, the expiry in
// the column after nameW where it fits there, or two where one line would cut the new date off.
func (s *RenewScreen) entryView(p client.ResourcePermission, now time.Time, nameW int) string {
	c, t := s.Ctx, s.Ctx.Theme
	to := c.T("perm.never_expires")
	if ne := common.NewExpiry(p.Grant, common.ValidityChoices[s.validity], now); !ne.IsZero() {
		to = ne.Format("2006-01-02")
	}
	name := renewName(p)
	expiry := t.Subtle.Render(common.ExpiryText(c, p.Grant)) + " → " + t.OK.Render(to)
	if pad := nameW - ansi.StringWidth(name); pad > 0 && nameW+2+ansi.StringWidth(expiry) <= s.Width {
		name += strings.Repeat(" ", pad)
	}
	if line := name + "  " + expiry; ansi.StringWidth(line) <= s.Width {
		return line
	}
	return ansi.Truncate(name, s.Width, "…") + "\n" + ansi.Truncate("    "+expiry, s.Width, "…")
}

// tailView is what the page says below the permissions: the question, the progress, the error
// with the expiries as they stand; "" while the validity is chosen.
func (s *RenewScreen) tailView(validity string) string {
	c, t := s.Ctx, s.Ctx.Theme
	switch {
	case s.mode == renewSending:
		return t.Prompt.Render(s.prog.View(c.T("apply.sending")))
	case s.mode == renewConfirming:
		q := i18n.N(c.Lang, "renew.confirm", len(s.perms), validity)
		if common.ValidityChoices[s.validity] == 0 {
			q = i18n.N(c.Lang, "renew.confirm_permanent", len(s.perms))
		}
		return t.Warn.Render(common.Wrap(common.Ask(c, q), s.Width))
	case s.err == nil:
		return ""
	}
	var b strings.Builder
	b.WriteString(common.ErrorView(c, s.err))
	if s.standing != nil {
		b.WriteString("\n" + t.Warn.Render(c.T("renew.standing")))
		owners := map[string]bool{}
		for _, r := range s.standing {
			owners[r.Owner] = true
		}
		for _, r := range s.standing {
			name := r.Name
			if len(owners) > 1 { // of several gateways or systems: two may share a name
				name = r.Owner + "/" + r.Name
			}
			b.WriteString("\n  " + i18n.Label(c.Lang, name) + i18n.ExpiryText(c.Lang, r.Expiry) + s.doneText(r))
		}
		if s.standErr != nil {
			b.WriteString("\n" + t.Error.Render(c.T("write.perms_unreadable", common.ErrorLine(c, s.standErr))))
		}
	}
	return b.String()
}

// doneText says whether a permission read after a lost answer was renewed, from its expiry
// before.
func (s *RenewScreen) doneText(r client.Renewed) string {
	for _, p := range s.perms {
		if p.ID == r.ID {
			return i18n.Aside(s.Ctx.Lang, s.Ctx.T(r.Outcome(p.Grant.Expiry())))
		}
	}
	return ""
}

func (s *RenewScreen) renewed(msg renewedMsg) tea.Cmd {
	s.mode = renewChoosing
	s.prog.Stop()
	if msg.err != nil {
		s.err = msg.err
		var unknown *client.OutcomeUnknownError
		if errors.As(msg.err, &unknown) {
			// It may have been done: the expiries are read afresh wherever they are shown.
			for _, p := range s.perms {
				s.Ctx.Cache.DropPerms(p.GatewayName)
			}
			// Not sent again: the expiries as they stand tell whether it was done.
			s.mode = renewSending
			b, kind, sys, ids := s.sentBy, s.kind, s.systemID, s.ids()
			return tea.Batch(common.Notify(common.ErrorLine(s.Ctx, msg.err), true), s.told(), s.prog.Start(), s.Own(func() tea.Msg {
				ctx, cancel := context.WithTimeout(context.Background(), common.LoadTimeout)
				defer cancel()
				rs, _, err := b.AfterUnknownRenewal(ctx, kind, sys, ids)
				return standingMsg{rs, err}
			}))
		}
		return common.Notify(common.ErrorLine(s.Ctx, msg.err), true)
	}
	s.mode = renewDone
	for _, p := range s.perms {
		s.Ctx.Cache.DropPerms(p.GatewayName)
		delete(s.Ctx.Selection(p.GatewayName), p.Name)
	}
	return tea.Batch(common.Notify(i18n.N(s.Ctx.Lang, "renew.done", len(s.perms)), false), s.told(), common.Pop)
}

// Sending while the renewal, or the reading of the expiries after its answer was lost, is under
// way: the root keeps the page until what happened is told.
func (s *RenewScreen) Sending() bool { return s.mode == renewSending }

// stood shows the expiries as they stand after a renewal whose answer was lost, and says on
// the status line how many were renewed: told where the user is, the page left or not.
func (s *RenewScreen) stood(msg standingMsg) tea.Cmd {
	s.mode = renewChoosing
	s.prog.Stop()
	s.standing, s.standErr = msg.rs, msg.err
	if s.standing == nil {
		s.standing = []client.Renewed{}
	}
	if msg.err != nil {
		return common.Notify(s.Ctx.T("write.perms_unreadable", common.ErrorLine(s.Ctx, msg.err)), true)
	}
	before := make(map[int]client.Expiry, len(s.perms))
	for _, p := range s.perms {
		before[p.ID] = p.Grant.Expiry()
	}
	done := client.RenewedCount(s.standing, before)
	if done == len(s.perms) { // renewed, as the expiries prove: nothing is left to send
		s.mode = renewDone
		for _, p := range s.perms {
			delete(s.Ctx.Selection(p.GatewayName), p.Name)
		}
	}
	return common.Notify(s.Ctx.T("renew.standing_count", done, len(s.perms)), done < len(s.perms))
}

// renewMode is what the renewal form is doing: one state, each handled in its own function.
type renewMode int

const (
	renewChoosing   renewMode = iota // the validity is chosen; ctrl+s asks to confirm
	renewConfirming                  // y sends, anything else goes back
	renewSending                     // keys wait for the answer
	renewDone                        // renewed (or proven so after a lost answer): nothing to send
)

func (s *RenewScreen) handleKey(msg tea.KeyMsg) tea.Cmd {
	switch s.mode {
	case renewConfirming:
		return s.confirmKey(msg)
	case renewChoosing:
		return s.chooseKey(msg)
	}
	return nil
}

// confirmKey: y sends the renewal, once; any other key goes back to choosing.
func (s *RenewScreen) confirmKey(msg tea.KeyMsg) tea.Cmd {
	s.mode = renewChoosing
	if !key.Matches(msg, s.Ctx.Form.Yes) {
		return nil
	}
	s.mode = renewSending
	s.sentBy = backendOf(s.Ctx)
	b, ids, days, kind := s.sentBy, s.ids(), common.ValidityChoices[s.validity], s.kind
	return tea.Batch(s.prog.Start(), s.Own(func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), common.LoadTimeout)
		defer cancel()
		renew := b.Renew
		if kind == client.KindComponent {
			renew = b.ComponentRenew
		}
		_, err := renew(ctx, ids, days)
		return renewedMsg{err}
	}))
}

// chooseKey moves the validity, or asks to confirm when it makes a renewal.
func (s *RenewScreen) chooseKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.Ctx.Form.Left, s.Ctx.Form.PrevField):
		s.validity = (s.validity + len(common.ValidityChoices) - 1) % len(common.ValidityChoices)
	case key.Matches(msg, s.Ctx.Form.Right, s.Ctx.Form.NextField):
		s.validity = (s.validity + 1) % len(common.ValidityChoices)
	case key.Matches(msg, s.submitKey):
		if err := client.CheckRenewal(s.ids(), common.ValidityChoices[s.validity]); err != nil {
			s.err = err
			return nil
		}
		s.mode = renewConfirming
	}
	return nil
}
