package profile

import (
	"context"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// ProfileScreen shows the profiles, where each secret lives, the token's age and which
// surface serves each feature; it switches profiles and logs in and out.
type ProfileScreen struct {
	common.Base
	profiles []common.ProfileInfo
	listed   bool // the store answered: no profile then means none is saved
	listErr  error
	table    *list.Model
	report   *client.Report
	checking bool
	form     *loginForm
	// formFor is the profile the form was opened for ("" for a new one): its draft's key.
	formFor string
	// formOnStart opens the login form as soon as the screen starts (from the first-run screen).
	formOnStart bool

	useKey, loginKey, logoutKey, checkKey, forgetKey key.Binding
	loggedIn                                         string // the profile the form just saved, until the switch to it
	// forgetting is the profile whose forgetting is asked (y/N), "" when none is.
	forgetting string
}

// forgotMsg is a profile forgotten (or not: err), and the profiles as they stand after.
type forgotMsg struct {
	name  string
	err   error
	after profilesMsg
}

type profilesMsg struct {
	profiles []common.ProfileInfo
	err      error
}

type reportMsg struct {
	rep client.Report
}

type profileSwitchedMsg struct {
	backend common.Backend
	info    common.ProfileInfo
	err     error
}

type loginDoneMsg struct {
	name string
	err  error
}

// NewProfileScreen opens the profile screen.
func NewProfileScreen(c *common.Context) *ProfileScreen {
	s := &ProfileScreen{Base: common.NewBase(c)}
	s.table = list.New(nil, []int{1}, c.Theme.List)
	s.build()
	return s
}

// NewConnectScreen is the profile screen with its login form open (the first run's "connect").
func NewConnectScreen(c *common.Context) *ProfileScreen {
	s := NewProfileScreen(c)
	s.formOnStart = true
	return s
}

func (s *ProfileScreen) build() {
	c := s.Ctx
	// Narrow, a profile is its name, app, the login's state (it may say to log in again) and
	// where its secret is; where the bk_token is kept gives way (it is where the secret is, most
	// often) rather than all of them becoming stubs.
	s.table.SetColumns([]list.Column{{Title: "", Width: 1}, {Title: c.T("col.profile"), Width: 16, Priority: 5}, {Title: c.T("col.app_code"), Width: 16, Priority: 4},
		{Title: c.T("col.secret"), MinWidth: 12, Priority: 2}, {Title: c.T("col.token"), MinWidth: 12, Priority: 1, HideBelow: 100},
		{Title: c.T("col.token_state"), MinWidth: 12, Priority: 3}})
	s.table.SetStyles(c.Theme.List)
	s.useKey = c.Keys.Bind("enter", "key.use_profile", "enter")
	s.loginKey = c.Keys.Shared().Login
	s.logoutKey = c.Keys.Bind("x", "key.logout", "x")
	s.checkKey = c.Keys.Bind("c", "key.check", "c")
	s.forgetKey = c.Keys.Bind("D", "key.forget_profile", "D")
	s.setRows()
}

func (s *ProfileScreen) setRows() {
	var rows []list.Row
	for _, p := range s.profiles {
		mark := ""
		if p.Name == s.Ctx.Profile.Name { // the one in use: under --profile, not the config's active one
			mark = "*"
		}
		tok, _ := s.tokenText(p)
		rows = append(rows, list.Row{Key: p.Name, Cells: []string{mark, p.Name, p.AppCode, p.Secrets["bk_app_secret"].Text(s.Ctx),
			p.Secrets["bk_token"].Text(s.Ctx), tok}})
	}
	s.table.SetRows(rows)
}

func (s *ProfileScreen) Init() tea.Cmd {
	if s.formOnStart {
		return tea.Batch(s.loadProfiles(), s.openForm(""))
	}
	return tea.Batch(s.loadProfiles(), s.check())
}

func (s *ProfileScreen) loadProfiles() tea.Cmd {
	store := s.Ctx.Profiles
	if store == nil {
		s.profiles = []common.ProfileInfo{s.Ctx.Profile}
		s.setRows()
		return nil
	}
	return s.Own(func() tea.Msg {
		ps, _, err := store.List()
		return profilesMsg{ps, err}
	})
}

func (s *ProfileScreen) check() tea.Cmd {
	s.checking = true
	b := backendOf(s.Ctx)
	ctx, cancel := context.WithTimeout(s.ReqCtx, common.LoadTimeout)
	return tea.Batch(s.Ctx.Clock.Spin(s.Spinner), s.Own(func() tea.Msg {
		defer cancel()
		return reportMsg{b.CheckAll(ctx)}
	}))
}

func (s *ProfileScreen) SetSize(w, h int) {
	s.Width, s.Height = w, h
	s.table.SetSize(w, min(len(s.profiles)+1, max(2, h/3)))
}

func (s *ProfileScreen) Crumb() string { return s.Ctx.T("tui.profile") }

func (s *ProfileScreen) Capturing() bool { return s.form != nil || s.forgetting != "" }

func (s *ProfileScreen) HasDraft() bool { return s.form != nil && s.form.dirty() }

func (s *ProfileScreen) Escape() bool {
	if s.form != nil {
		s.closeForm()
		return true
	}
	return false
}

func (s *ProfileScreen) ShortHelp() []key.Binding {
	if s.form != nil {
		return s.form.help()
	}
	if s.Ctx.Profiles == nil {
		return []key.Binding{s.checkKey}
	}
	if s.forgetting != "" {
		return []key.Binding{s.Ctx.Form.Yes, s.Ctx.Form.No} // what the question takes
	}
	return []key.Binding{s.useKey, s.loginKey, s.logoutKey, s.checkKey, s.forgetKey}
}

func (s *ProfileScreen) FullHelp() [][]key.Binding {
	if s.form != nil {
		return [][]key.Binding{s.form.help()} // k and j type letters there
	}
	return [][]key.Binding{{s.Ctx.Nav.Up, s.Ctx.Nav.Down}, s.ShortHelp()}
}

func (s *ProfileScreen) selected() string {
	r, ok := s.table.Selected()
	if !ok {
		return ""
	}
	return r.Key
}

func (s *ProfileScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case profilesMsg:
		s.profiles, s.listErr, s.listed = msg.profiles, msg.err, true
		s.setRows()
		s.SetSize(s.Width, s.Height)
	case reportMsg:
		s.checking = false
		r := msg.rep
		s.report = &r
		s.setRows() // the active profile's bk_token, as the servers found it
	case profileSwitchedMsg:
		return s, s.switched(msg)
	case loginDoneMsg:
		return s, s.loginDone(msg)
	case forgotMsg:
		s.Update(msg.after) // the list as it stands, then what happened is said
		if msg.err != nil {
			return s, common.Notify(common.ErrorLine(s.Ctx, msg.err), true)
		}
		return s, common.Notify(s.Ctx.T("logout.forgot", msg.name), false)
	case spinner.TickMsg:
		return s, s.Spin(msg, s.checking || s.form != nil && (s.form.state == loginChecking || s.form.state == loginSaving))
	case common.LangChangedMsg:
		s.build()
	case tea.MouseMsg:
		if msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft {
			s.table.Click(msg.Y - 1)
		}
	case draftMsg:
		s.form = newLoginForm(s.Ctx, s.withKept(msg.draft))
		return s, s.form.focus()
	case loginCheckedMsg:
		if s.form != nil {
			return s, s.form.update(msg, s)
		}
	case tea.KeyMsg:
		return s, s.key(msg)
	}
	return s, nil
}

// key handles a key: the login form's, the forgetting's question, else the list's.
func (s *ProfileScreen) key(msg tea.KeyMsg) tea.Cmd {
	if s.form != nil {
		if key.Matches(msg, s.form.keys.Cancel) && s.form.state == loginEditing {
			s.closeForm() // back to the list; nothing was saved
			return nil
		}
		return s.form.update(msg, s)
	}
	if s.forgetting != "" {
		name := s.forgetting
		s.forgetting = ""
		if key.Matches(msg, s.Ctx.Form.Yes) {
			return s.forget(name)
		}
		return nil
	}
	n := s.Ctx.Nav
	switch {
	case key.Matches(msg, n.Up):
		s.table.Move(-1)
	case key.Matches(msg, n.Down):
		s.table.Move(1)
	case key.Matches(msg, s.checkKey), key.Matches(msg, s.Ctx.Global.Refresh):
		return tea.Batch(s.loadProfiles(), s.check())
	case s.Ctx.Profiles == nil:
		if key.Matches(msg, s.loginKey) || key.Matches(msg, s.logoutKey) || key.Matches(msg, s.useKey) || key.Matches(msg, s.forgetKey) {
			return common.Notify(s.Ctx.T("tui.sandbox_no_login"), false)
		}
	case key.Matches(msg, s.useKey):
		return s.switchTo(s.selected())
	case key.Matches(msg, s.loginKey):
		return s.openForm(s.selected())
	case key.Matches(msg, s.logoutKey):
		name, store, id := s.selected(), s.Ctx.Profiles, s.Addr
		if name == "" {
			return nil
		}
		return func() tea.Msg {
			err := store.Logout(name)
			if err != nil {
				return loginDoneMsg{name, err}
			}
			return profilesMsgAfterLogout(store, id)
		}
	case key.Matches(msg, s.forgetKey):
		switch name := s.selected(); {
		case name == s.Ctx.Profile.Name: // the console runs on it: another one is chosen first
			return common.Notify(s.Ctx.T("profile.forget_active", name, s.useKey.Help().Key), true)
		case name != "":
			s.forgetting = name
		}
	}
	return nil
}

// forget removes a profile and its secrets, then reads the profiles again.
func (s *ProfileScreen) forget(name string) tea.Cmd {
	store := s.Ctx.Profiles
	return s.Own(func() tea.Msg {
		err := store.Forget(name)
		ps, _, lerr := store.List()
		return forgotMsg{name, err, profilesMsg{ps, lerr}}
	})
}

// switched hands a profile switch to the router and says it: "now active", or "logged in"
// after the form saved it, unless the switch has notes (a keyring away, secrets for this run
// only), which the router says: a "now active" arriving after them had put them out of sight.
func (s *ProfileScreen) switched(msg profileSwitchedMsg) tea.Cmd {
	loggedIn := s.loggedIn == msg.info.Name
	s.loggedIn = "" // said once, or not at all: a later switch to it is only a switch
	if msg.err != nil {
		return common.Notify(common.ErrorLine(s.Ctx, msg.err), true)
	}
	changed := common.ProfileChangedMsg{Backend: msg.backend, Info: msg.info}
	said := s.Ctx.T("profile.now_active", msg.info.Name)
	if loggedIn {
		said = s.Ctx.T("tui.login_saved", msg.info.Name)
	}
	if len(msg.info.Notes) > 0 {
		return func() tea.Msg { return changed }
	}
	return tea.Batch(common.Notify(said, false), func() tea.Msg { return changed })
}

func profilesMsgAfterLogout(store common.ProfileStore, id int64) tea.Msg {
	ps, _, err := store.List()
	return profilesMsg{ps, err}
}

func (s *ProfileScreen) switchTo(name string) tea.Cmd {
	if name == "" || s.Ctx.Profiles == nil {
		return nil
	}
	store := s.Ctx.Profiles
	return s.Own(func() tea.Msg {
		b, info, err := store.Use(name)
		return profileSwitchedMsg{b, info, err}
	})
}

// tokenText words a profile's bk_token, and the warning's catalog key when there is one to give:
// what the servers said of it when this page checked the active profile, else what its age
// suggests (it had said "saved under 20 hours ago (not checked)" beside the features the token
// had just unlocked).
func (s *ProfileScreen) tokenText(p common.ProfileInfo) (text, warning string) {
	if p.Name == s.Ctx.Profile.Name && s.report != nil && p.Token != "" && p.Token != "none" {
		if ok := s.report.TokenAccepted(); ok != nil && *ok {
			return s.Ctx.T("token.accepted"), ""
		} else if ok != nil {
			return s.Ctx.T("token.refused"), "tui.token_refused_warning"
		}
	}
	text, old := p.TokenText(s.Ctx)
	if old {
		return text, "tui.token_old_warning"
	}
	return text, ""
}

func (s *ProfileScreen) View() string {
	c, t := s.Ctx, s.Ctx.Theme
	var b strings.Builder
	if s.form != nil {
		return s.form.view(s)
	}
	b.WriteString(t.Title.Render(c.T("tui.profiles")) + "\n")
	if s.listErr != nil {
		b.WriteString(common.ErrorView(c, s.listErr) + "\n")
	}
	b.WriteString(s.table.View() + "\n\n")
	if s.listed && len(s.profiles) == 0 && s.listErr == nil && !FirstRun(c) {
		// Headings over no row, while every page ran on the environment: say so, and how to keep it.
		b.WriteString(t.Subtle.Render(common.Wrap(c.T("tui.env_only_profile", s.loginKey.Help().Key), s.Width)) + "\n\n")
	}
	if s.forgetting != "" { // the question in sight, under the profile it is about
		b.WriteString(t.Warn.Render(common.Wrap(common.Ask(c, c.T("profile.forget_confirm", s.forgetting)), s.Width)) + "\n\n")
	}
	p := c.Profile
	if p.Insecure {
		b.WriteString(t.Insecure.Render(" "+c.T("tui.insecure_long")+" ") + "\n")
	}
	for _, src := range p.Secrets {
		if src.From == "session" { // the one place that says why, and how to keep them
			b.WriteString(t.Warn.Render(common.Wrap(c.T("tui.session_secrets", s.loginKey.Help().Key), s.Width)) + "\n")
			break
		}
	}
	if _, warn := s.tokenText(p); warn != "" {
		line := c.T(warn, s.loginKey.Help().Key)
		if env := p.TokenEnv(); env != "" && warn == "tui.token_refused_warning" {
			line = c.T("tui.token_refused_notice_env", env) // a login would not replace it
		}
		b.WriteString(t.Warn.Render(common.Wrap(line, s.Width)) + "\n")
	}
	if line, expired, ok := personalTokenLine(c, p); ok {
		style := t.Subtle
		if expired {
			style = t.Warn
		}
		b.WriteString(style.Render(common.Wrap(line, s.Width)) + "\n")
	}
	b.WriteString(t.Title.Render(c.T("tui.features")) + "  ")
	if s.checking {
		b.WriteString(s.Spinner.View() + " " + c.T("tui.checking"))
	}
	b.WriteString("\n")
	if s.report != nil {
		b.WriteString(s.featuresView(s.Height - strings.Count(b.String(), "\n")))
	}
	return lipgloss.NewStyle().MaxWidth(s.Width).Render(b.String())
}

// openForm starts the login form for a profile (a new one when name is empty), filled with
// its settings, else with the environment BlueKing injects (read in a command: it is I/O).
func (s *ProfileScreen) openForm(name string) tea.Cmd {
	if s.Ctx.Profiles == nil {
		return common.Notify(s.Ctx.T("tui.sandbox_no_login"), false)
	}
	store := s.Ctx.Profiles
	s.formFor = name
	return s.Own(func() tea.Msg { return draftMsg{store.Draft(name)} })
}

type draftMsg struct {
	draft common.ProfileDraft
}

// personalTokenLine says where the profile's personal token is and when it expires (gateway
// 1.24); ok is false when the profile holds none.
func personalTokenLine(c *common.Context, p common.ProfileInfo) (line string, expired, ok bool) {
	src := p.Secrets["personal_token"]
	// A keyring that did not answer leaves it unknown: said only of a profile that saved one.
	if src.From == "" || src.From == "missing" || src.From == "keyring_unreachable" && p.PersonalExpires.IsZero() {
		return "", false, false
	}
	line = c.Label("auth.personal_token") + src.Text(c) + " · "
	switch e := p.PersonalExpires; {
	case e.IsZero():
		line += c.T("personal.expiry_unknown_tui")
	case !time.Now().Before(e):
		line += c.T("personal.expired", e.Local().Format(time.DateOnly))
		expired = true
	default:
		line += i18n.N(c.Lang, "personal.expires", int(time.Until(e).Hours()/24), e.Local().Format(time.DateOnly))
	}
	return line + " · " + c.T("personal.accepted_tui", c.Keys.Shared().Bearer.Help().Key), expired, true
}

func (s *ProfileScreen) loginDone(msg loginDoneMsg) tea.Cmd {
	if msg.err != nil {
		if s.form != nil {
			// The form stays as the user left it, checked: esc edits it again.
			s.form.err, s.form.state = msg.err, loginChecked
		}
		return common.Notify(common.ErrorLine(s.Ctx, msg.err), true)
	}
	s.form = nil
	s.Ctx.Cache.Drafts.Drop(loginDraftKey(s.formFor)) // saved: nothing left to keep
	s.loggedIn = msg.name                             // said once the switch is made, after anything the switch has to say
	return tea.Batch(s.loadProfiles(), s.switchTo(msg.name))
}
