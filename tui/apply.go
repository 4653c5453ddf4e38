package tui

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Validity choices of the application form, as the web form offers them.
var validityChoices = []int{180, 360, 0}

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
	base
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

	submitKey, removeKey, openKey key.Binding
}

type appliedMsg struct {
	id  int64
	res client.ApplyResult
	via client.Surface
	err error
}

func draftKey(gw string) string { return "applydraft/" + gw }

// NewApplyScreen opens the form for chosen APIs of a gateway, or for the whole gateway.
func NewApplyScreen(c *Context, gateway string, apis []client.ResourcePermission, whole bool) *ApplyScreen {
	ta := newTextArea()
	ta.Placeholder = c.T("apply.reason_placeholder")
	ta.CharLimit = 512
	ta.ShowLineNumbers = false
	ta.SetHeight(4)
	sort.Slice(apis, func(i, j int) bool { return apis[i].Name < apis[j].Name })
	s := &ApplyScreen{base: newBase(c), gateway: gateway, apis: apis, whole: whole, reason: ta, validity: 0}
	if d, ok := c.Cache[draftKey(gateway)].(string); ok {
		s.reason.SetValue(d) // a draft left earlier comes back
	}
	s.build()
	return s
}

func (s *ApplyScreen) build() {
	l := s.ctx.Lang
	s.submitKey = bind(l, "ctrl+s", "key.submit", "ctrl+s")
	s.removeKey = bind(l, "x", "key.remove", "x", "delete")
	s.openKey = bind(l, "enter", "key.open_record", "enter")
}

func (s *ApplyScreen) Init() tea.Cmd { return s.reason.Focus() }

func (s *ApplyScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.reason.SetWidth(max(20, min(w-4, 100)))
}

func (s *ApplyScreen) Crumb() string { return s.ctx.T("apply.title") }

// Capturing while the reason has focus or a confirmation is asked: keys are text then.
func (s *ApplyScreen) Capturing() bool {
	return s.result == nil && (s.focus == focusReason || s.confirming)
}

func (s *ApplyScreen) HasDraft() bool {
	return s.result == nil && strings.TrimSpace(s.reason.Value()) != ""
}

func (s *ApplyScreen) ShortHelp() []key.Binding {
	l := s.ctx.Lang
	if s.result != nil {
		return []key.Binding{s.openKey}
	}
	b := []key.Binding{bind(l, "tab", "key.next_field", "tab"), s.submitKey}
	if s.focus == focusAPIs {
		b = append(b, s.removeKey)
	}
	if s.focus == focusValidity {
		b = append(b, bind(l, "←/→", "key.choose", "left", "right"))
	}
	return b
}

func (s *ApplyScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *ApplyScreen) days() int { return validityChoices[s.validity] }

// validate refuses what the contract would refuse, before anything is sent.
func (s *ApplyScreen) validate() error {
	r := strings.TrimSpace(s.reason.Value())
	switch {
	case r == "":
		return &client.ErrUserInput{Key: "input.empty_reason"}
	case len([]rune(r)) > 512:
		return &client.ErrUserInput{Key: "input.reason_too_long"}
	case !s.whole && len(s.apis) == 0:
		return &client.ErrUserInput{Key: "input.no_apis"}
	}
	return nil
}

func (s *ApplyScreen) submit() tea.Cmd {
	s.sending, s.err = true, nil
	req := client.ApplyRequest{Gateway: s.gateway, Reason: strings.TrimSpace(s.reason.Value()), ExpireDays: s.days(), WholeGateway: s.whole}
	for _, a := range s.apis {
		req.ResourceIDs = append(req.ResourceIDs, a.ID)
		req.ResourceNames = append(req.ResourceNames, a.Name)
	}
	b, id := s.ctx.Backend, s.id
	// A write: not tied to leaving the screen, never retried on its own.
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), loadTimeout)
		defer cancel()
		res, via, err := b.Apply(ctx, req)
		return appliedMsg{id, res, via, err}
	}
}

func (s *ApplyScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case appliedMsg:
		if msg.id != s.id {
			return s, nil
		}
		s.sending = false
		if msg.err != nil {
			s.err = msg.err // the form stays as it was
			return s, notify(errorLine(s.ctx, msg.err), true)
		}
		s.result, s.via = &msg.res, msg.via
		delete(s.ctx.Cache, draftKey(s.gateway))
		delete(s.ctx.Cache, cachePerms+s.gateway)
		sel := s.ctx.Selection(s.gateway)
		for _, a := range s.apis {
			delete(sel, a.Name)
		}
		if msg.via == client.SurfaceOpen {
			return s, notify(s.ctx.T("apply.done", msg.res.RecordID), false) // records need a login: nothing to follow
		}
		return s, tea.Batch(notify(s.ctx.T("apply.done", msg.res.RecordID), false), func() tea.Msg { return watchRecordsMsg{reset: true, record: msg.res.RecordID} })
	case langChangedMsg:
		s.build()
	case tea.KeyMsg:
		if s.result != nil {
			if key.Matches(msg, s.openKey) && s.via != client.SurfaceOpen {
				return s, tea.Sequence(pop, push(NewRecordScreen(s.ctx, s.result.RecordID)))
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
			s.ctx.Cache[draftKey(s.gateway)] = s.reason.Value() // keep the draft for next time
			return s, pop
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
			s.ctx.Cache[draftKey(s.gateway)] = s.reason.Value()
			return s, cmd
		case focusValidity:
			switch msg.String() {
			case "left", "h", "up", "k":
				s.validity = (s.validity + len(validityChoices) - 1) % len(validityChoices)
			case "right", "l", "down", "j", " ":
				s.validity = (s.validity + 1) % len(validityChoices)
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
				delete(s.ctx.Selection(s.gateway), removed.Name)
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
	c, t := s.ctx, s.ctx.Theme
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
	b.WriteString(label(focusReason, c.T("apply.reason")) + t.Subtle.Render(fmt.Sprintf("  %d/512", len([]rune(s.reason.Value())))) + "\n")
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
		room := max(1, s.height-lipgloss.Height(b.String())-4)
		start := max(0, s.cursor-room+1)
		for i := start; i < len(s.apis) && i < start+room; i++ {
			a := s.apis[i]
			line := fmt.Sprintf("    %s  %s  %s", a.Name, t.Subtle.Render(LevelText(c, a.PermissionLevel)), t.Subtle.Render(a.Description))
			if s.focus == focusAPIs && i == s.cursor {
				line = t.List.Selected.Render(ansi.Truncate(line, s.width, "…"))
			}
			b.WriteString(ansi.Truncate(line, s.width, "…") + "\n")
		}
	}
	switch {
	case s.sending:
		b.WriteString("\n" + c.T("apply.sending"))
	case s.confirming:
		b.WriteString("\n" + t.Warn.Render(c.T("apply.confirm", len(s.apis), s.gateway, names[s.validity])))
	case s.err != nil:
		b.WriteString("\n" + errorView(c, s.err))
	}
	return b.String()
}
