package profile

import (
	"context"
	"errors"
	"strings"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// loginField is one row of the form.
type loginField struct {
	label       string // catalog key
	hidden      bool
	placeholder string // an example of what the field takes; a hidden one says the saved value stays
	get         func(*common.ProfileDraft) *string
}

var loginFields = []loginField{
	{"login.f.name", false, "default", func(d *common.ProfileDraft) *string { return &d.Name }},
	{"login.f.api_url_tmpl", false, "http://bkapi.example.com/api/{api_name}", func(d *common.ProfileDraft) *string { return &d.APIURLTmpl }},
	{"login.f.app_code", false, "", func(d *common.ProfileDraft) *string { return &d.AppCode }},
	{"login.f.app_secret", true, "", func(d *common.ProfileDraft) *string { return &d.AppSecret }},
	{"login.f.help_center", false, "http://apigw.example.com", func(d *common.ProfileDraft) *string { return &d.HelpCenterURL }},
	{"login.f.dev_center", false, "http://bkpaas.example.com", func(d *common.ProfileDraft) *string { return &d.DeveloperCenterURL }},
	{"login.f.component_api", false, "http://bkapi.example.com", func(d *common.ProfileDraft) *string { return &d.ComponentAPIURL }},
	{"login.f.bk_token", true, "", func(d *common.ProfileDraft) *string { return &d.BkToken }},
	{"login.f.personal_token", true, "", func(d *common.ProfileDraft) *string { return &d.PersonalToken }},
	{"login.f.personal_expires", false, "2027-06-30", func(d *common.ProfileDraft) *string { return &d.PersonalTokenExpires }},
	{"login.f.username", false, "", func(d *common.ProfileDraft) *string { return &d.Username }},
	{"login.f.tenant", false, "", func(d *common.ProfileDraft) *string { return &d.TenantID }},
	{"login.f.stages", false, "prod,test", func(d *common.ProfileDraft) *string { return &d.Stages }},
	{"login.f.ca_bundle", false, "/etc/ssl/certs/my-ca.pem", func(d *common.ProfileDraft) *string { return &d.CABundle }},
	{"login.f.token_name", false, "bk_token", func(d *common.ProfileDraft) *string { return &d.TokenName }},
	{"login.f.lang", false, "en / zh", func(d *common.ProfileDraft) *string { return &d.Lang }},
	{"login.f.insecure", false, "no", func(d *common.ProfileDraft) *string { return &d.Insecure }},
}

// loginState is where the form is: typing, asking the servers, showing what they said, saving.
type loginState int

const (
	loginEditing loginState = iota
	loginChecking
	loginChecked
	loginSaving
)

// loginForm asks for every setting of a profile, checks it against the servers (what each
// credential unlocks, a refused bk_token) and saves it only after the user has seen that.
type loginForm struct {
	ctx    *common.Context
	inputs []textinput.Model
	focus_ int
	state  loginState
	report *client.Report
	err    error
	cancel context.CancelFunc
	keys   loginKeys
}

// loginKeys are the form's keys, built once: check and save, save once checked, back to
// editing, stop a check, next field (down too) and previous field (up too).
type loginKeys struct {
	CheckSave, Save, Edit, Stop, Cancel, Next, Prev, Enter key.Binding
}

func newLoginKeys(c *common.Context) loginKeys {
	l, f := c.Keys, c.Form
	return loginKeys{
		CheckSave: l.Bind("ctrl+s", "key.check_save", "ctrl+s"),
		Save:      l.Bind("enter", "key.save", "enter", "ctrl+s"),
		Edit:      l.Bind("esc", "key.edit", "esc"),
		Stop:      l.Bind("esc", "key.stop", "esc"),
		Cancel:    f.Cancel,
		Next:      key.NewBinding(key.WithKeys(append(f.NextField.Keys(), "down")...), key.WithHelp(f.NextField.Help().Key, f.NextField.Help().Desc)),
		Prev:      key.NewBinding(key.WithKeys(append(f.PrevField.Keys(), "up")...), key.WithHelp(f.PrevField.Help().Key, f.PrevField.Help().Desc)),
		Enter:     f.Done,
	}
}

// help is the form's keys for its state.
func (f *loginForm) help() []key.Binding {
	k := f.keys
	switch f.state {
	case loginChecked:
		return []key.Binding{k.Save, k.Edit}
	case loginChecking, loginSaving:
		return []key.Binding{k.Stop}
	}
	return []key.Binding{k.CheckSave, k.Next, k.Cancel}
}

type loginCheckedMsg struct {
	rep client.Report
	err error
}

func newLoginForm(c *common.Context, d common.ProfileDraft) *loginForm {
	f := &loginForm{ctx: c, keys: newLoginKeys(c)}
	for _, fd := range loginFields {
		in := components.NewTextInput(c)
		in.Width = 48
		in.CharLimit = 8 << 10 // a token (a JWT, a long bk_token) is never cut where it was pasted
		in.Placeholder = fd.placeholder
		if c.Theme.Plain && fd.placeholder != "" {
			in.Placeholder = c.T("login.example", fd.placeholder) // not grey there: it read as a value
		}
		if fd.hidden {
			in.EchoMode = textinput.EchoPassword
			in.EchoCharacter = '•'
			if d.Saved {
				in.Placeholder = c.T("tui.keep_saved")
			}
		}
		in.SetValue(*fd.get(&d))
		f.inputs = append(f.inputs, in)
	}
	return f
}

func (f *loginForm) draft() common.ProfileDraft {
	var d common.ProfileDraft
	for i, fd := range loginFields {
		v := f.inputs[i].Value()
		if !fd.hidden {
			v = strings.TrimSpace(v)
		}
		*fd.get(&d) = v
	}
	if d.Name == "" {
		d.Name = "default"
	}
	return d
}

// focusRefused takes the cursor to the field holding the value a refusal quotes (the profile's
// rules say which value, not which field): the field that is that value, else the one that
// holds it among others (a stage in the list). A secret's field is never searched.
func (f *loginForm) focusRefused(err error) tea.Cmd {
	var in *client.ErrUserInput
	if !errors.As(err, &in) {
		return nil
	}
	// What quotes no value names its field: no address at all, a secret too long.
	if label, ok := map[string]string{"login.no_address": "login.f.api_url_tmpl", "login.no_address_tui": "login.f.api_url_tmpl",
		"login.secret_too_long": "login.f.app_secret"}[in.Key]; ok {
		for i, fd := range loginFields {
			if fd.label == label {
				f.focus_ = i
			}
		}
		return f.focus()
	}
	if len(in.Args) == 0 {
		return nil
	}
	v, _ := in.Args[0].(string)
	if v = strings.TrimSpace(v); v == "" {
		return nil
	}
	for _, whole := range []bool{true, false} {
		for i, fd := range loginFields {
			got := strings.TrimSpace(f.inputs[i].Value())
			if !fd.hidden && (got == v || !whole && strings.Contains(got, v)) {
				f.focus_ = i
				return f.focus()
			}
		}
	}
	return nil
}

func (f *loginForm) focus() tea.Cmd {
	for i := range f.inputs {
		if i == f.focus_ {
			f.inputs[i].Focus()
		} else {
			f.inputs[i].Blur()
		}
	}
	return textinput.Blink
}

// dirty: a secret was typed, which closing the form loses (its other fields are kept). By the
// fields' kind, not their places: the bk_token had been read at the component URL's place
// since that field was added.
func (f *loginForm) dirty() bool {
	for i, fd := range loginFields {
		if fd.hidden && f.inputs[i].Value() != "" {
			return true
		}
	}
	return false
}

func (f *loginForm) update(msg tea.Msg, s *ProfileScreen) tea.Cmd {
	switch msg := msg.(type) {
	case loginCheckedMsg:
		if f.state != loginChecking {
			return nil
		}
		f.state, f.err = loginChecked, msg.err
		if msg.err != nil {
			f.state = loginEditing
			var in *client.ErrUserInput
			if errors.As(msg.err, &in) && in.Key == "login.no_address" {
				f.err = &client.ErrUserInput{Key: "login.no_address_tui"} // the CLI's names its flag
			}
			return f.focusRefused(f.err)
		}
		rep := msg.rep
		f.report = &rep
		return nil
	case tea.KeyMsg:
		return f.key(msg, s)
	}
	return nil
}

func (f *loginForm) key(msg tea.KeyMsg, s *ProfileScreen) tea.Cmd {
	switch f.state {
	case loginChecking, loginSaving:
		if key.Matches(msg, f.keys.Stop) && f.cancel != nil {
			f.cancel()
			f.state = loginEditing
		}
		return nil
	case loginChecked:
		switch {
		case key.Matches(msg, f.keys.Save):
			f.state = loginSaving
			d, store := f.draft(), s.Ctx.Profiles
			return s.Own(func() tea.Msg { return loginDoneMsg{d.Name, store.Save(d)} })
		case key.Matches(msg, f.keys.Edit):
			f.state, f.report = loginEditing, nil
			return f.focus()
		}
		return nil
	}
	n := len(f.inputs)
	switch {
	case key.Matches(msg, f.keys.Next):
		f.focus_ = (f.focus_ + 1) % n
		return f.focus()
	case key.Matches(msg, f.keys.Prev):
		f.focus_ = (f.focus_ + n - 1) % n
		return f.focus()
	case key.Matches(msg, f.keys.Enter, f.keys.CheckSave):
		if key.Matches(msg, f.keys.Enter) && f.focus_ < n-1 {
			f.focus_++
			return f.focus()
		}
		// The store applies the profile's rules (the CLI's login's too) before anything is
		// sent: a bad field comes back as the check's error.
		d := f.draft()
		f.err, f.state = nil, loginChecking
		store := s.Ctx.Profiles
		ctx, cancel := context.WithTimeout(s.ReqCtx, common.LoadTimeout)
		f.cancel = cancel
		return tea.Batch(s.Ctx.Clock.Spin(s.Spinner), s.Own(func() tea.Msg {
			defer cancel()
			rep, err := store.Check(ctx, d)
			return loginCheckedMsg{rep, err}
		}))
	}
	var cmd tea.Cmd
	f.inputs[f.focus_], cmd = f.inputs[f.focus_].Update(msg)
	f.report = nil
	return cmd
}

func (f *loginForm) view(s *ProfileScreen) string {
	c, t := f.ctx, f.ctx.Theme
	labelW := 0
	for _, fd := range loginFields {
		labelW = max(labelW, ansi.StringWidth(c.T(fd.label)))
	}
	fields := make([]string, len(loginFields))
	for i, fd := range loginFields {
		label := c.T(fd.label)
		label += strings.Repeat(" ", labelW-ansi.StringWidth(label))
		mark := "  "
		if i == f.focus_ && f.state == loginEditing {
			mark = t.Prompt.Render("▸ ")
		}
		f.inputs[i].Width = max(10, s.Width-labelW-6)
		fields[i] = mark + label + " " + f.inputs[i].View()
	}
	tail := f.tailView(s)
	// A short screen shows the fields around the one typed in, and the tail whole (at 60×15
	// the fields after Username, the focused one among them, were below the screen).
	if s.Height > 0 {
		fields = common.InSight(fields, f.focus_, f.focus_, s.Height-1-strings.Count(tail, "\n"))
	}
	view := t.Title.Render(c.T("tui.login_title")) + "\n" + strings.Join(fields, "\n") + "\n" + tail
	return common.KeepEnd(strings.TrimRight(view, "\n"), s.Height)
}

// tailView is what stands under the fields: how to go on, the check under way, what the servers
// said, or an error.
func (f *loginForm) tailView(s *ProfileScreen) string {
	c, t := f.ctx, f.ctx.Theme
	var b strings.Builder
	switch f.state {
	case loginEditing:
		b.WriteString(t.Subtle.Render(common.Wrap(c.T("tui.login_note", f.keys.Next.Help().Key, f.keys.CheckSave.Help().Key, f.keys.Cancel.Help().Key), max(20, s.Width))) + "\n")
	case loginChecking:
		b.WriteString(s.Spinner.View() + " " + c.T("login.checking", f.keys.Stop.Help().Key) + "\n")
	case loginSaving:
		b.WriteString(s.Spinner.View() + " " + c.T("login.saving") + "\n")
	case loginChecked:
		b.WriteString(reportSummary(c, f.report, s.Width))
		if env := c.Profile.TokenEnv(); env != "" {
			// Saved, this profile's bk_token still gives way to the environment's.
			b.WriteString(t.Warn.Render(common.Wrap(c.T("login.env_token_wins", env), max(20, s.Width))) + "\n")
		}
		b.WriteString(t.Prompt.Render(c.T("login.confirm_save", f.keys.Save.Help().Key, f.keys.Edit.Help().Key)) + "\n")
	}
	if f.err != nil {
		b.WriteString(common.ErrorView(c, f.err) + "\n")
	}
	return b.String()
}

// reportSummary says in a few lines what a profile unlocks, which surfaces refused it and
// why, and what to add for the rest.
func reportSummary(c *common.Context, rep *client.Report, width int) string {
	if rep == nil {
		return ""
	}
	t := c.Theme
	var b strings.Builder
	var ok []string
	missing := map[string][]string{}
	var order []string
	for _, fr := range rep.Features {
		name := c.T("feature." + string(fr.Feature))
		if fr.Surface != "" {
			ok = append(ok, name)
			continue
		}
		k := i18n.Ways(c.Lang, fr.Unlock())
		if _, seen := missing[k]; !seen {
			order = append(order, k)
		}
		missing[k] = append(missing[k], name)
	}
	// Each line is wrapped under its mark: what works and what is missing is read whole.
	line := func(mark, text string) {
		b.WriteString(mark + strings.ReplaceAll(common.Wrap(text, max(10, width-2)), "\n", "\n  ") + "\n")
	}
	if len(ok) > 0 {
		line(t.OK.Render("✓ "), c.T("login.unlocks", i18n.List(c.Lang, ok)))
	}
	for _, k := range order {
		line(t.Warn.Render("✗ "), c.T("login.needs", i18n.List(c.Lang, missing[k]), k))
	}
	for _, s := range client.AllSurfaces {
		pr, has := rep.Surfaces[s]
		if !has || pr.Err == nil {
			continue
		}
		line(t.Error.Render("! "), c.Label("surface."+string(s))+common.ErrorLine(c, pr.Err))
	}
	return b.String()
}
