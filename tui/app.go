// Package tui is bkconsole's full-screen console: a root model that routes messages to a stack
// of screens, each owning its state.
package tui

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/pages/palette"
	"github.com/bkconsole/bkconsole/tui/pages/profile"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/collection"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// Model is the root: header, breadcrumb, the top screen, status line and help footer.
type Model struct {
	ctx   *common.Context
	stack []common.Screen
	// sending are screens left while a write of theirs was in flight (common.Sender): out of
	// sight, kept until its answer has been told.
	sending []common.Screen
	// openedAs is the kind of address each screen of the stack was opened at (pageAt).
	openedAs  map[int64]reflect.Type
	width     int
	height    int
	help      help.Model
	showHelp  bool
	palette   *palette.Palette
	status    string
	statusID  int
	isErr     bool
	connVia   client.Surface
	connErr   error
	connSaved bool // what shows came from disk; nothing has been asked yet
	// tokenErr: the bk_token was refused this session and answers come from elsewhere; the
	// header says so until the profile changes.
	tokenErr error
	// user is who is logged in, as the Developer Center says (empty until it has).
	user client.UserInfo
	// statusOwner is the screen a notice was said on: it shows there and on the screens below
	// it (where the user returns after an action), not on a page opened above it.
	statusOwner int64
	// profileGen counts profile changes, so a late answer for an old profile is dropped.
	profileGen int
	confirm    bool // asking whether to quit with a draft
	watcher    recordWatcher
	crash      *CrashError
	// historyWarned: a failed history write is told once, not on every request.
	historyWarned bool
	helpOffset    int // the first line of the full help shown
	// index is every gateway's APIs for the palette; indexed is the scope it was asked for.
	// indexUnread are the gateways whose APIs it could not read (the palette says so).
	index       []palette.APIEntry
	indexed     string
	indexUnread []string
	// saved is the collection's requests, for the palette: read at start and when one changes.
	saved []collection.Request
	// quit ends the program from outside the event loop: a panic in View has no Update to
	// return tea.Quit from. Set by Run.
	quitProgram func()
}

// CrashError is a panic caught in the program: the terminal is restored before it is reported.
type CrashError struct {
	Value   any
	Stack   []byte
	Screens []string
}

func (e *CrashError) Error() string { return fmt.Sprintf("bkconsole crashed: %v", e.Value) }

// crashTestKey makes the program panic on purpose, for the crash-report test only.
var crashTestKey = os.Getenv("BKCONSOLE_CRASH_TEST") != ""

func (m *Model) recovered(r any) {
	var screens []string
	for _, s := range m.stack {
		screens = append(screens, s.Crumb())
	}
	m.crash = &CrashError{Value: r, Stack: debug.Stack(), Screens: screens}
}

// Crash is the panic caught, if any.
func (m *Model) Crash() *CrashError { return m.crash }

// New builds the root model on a context, starting at the gateway list.
func New(c *common.Context) *Model {
	m := &Model{ctx: c, help: help.New()}
	m.help.Styles.ShortKey = c.Theme.Prompt
	m.help.Styles.ShortDesc = c.Theme.Footer
	m.help.Styles.FullKey = c.Theme.Prompt
	m.help.Styles.FullDesc = c.Theme.Footer
	var start common.PageAddress = common.GatewaysPage{}
	if profile.FirstRun(c) {
		start = common.WelcomePage{}
	}
	m.stack = []common.Screen{m.pageAt(start)}
	return m
}

// Init starts the first screen, and brings back the last run's API index for the palette.
func (m *Model) Init() tea.Cmd {
	notices := slices.Clone(m.ctx.Notices)
	for _, n := range m.ctx.Profile.Notes { // what resolving the profile found: a keyring out of reach
		notices = append(notices, m.ctx.T(n.Key, n.Args...))
	}
	if len(notices) > 0 {
		return tea.Batch(m.init(), common.Notify(strings.Join(notices, " · "), true))
	}
	return m.init()
}

func (m *Model) init() tea.Cmd {
	if d := m.ctx.Disk; d != nil {
		return tea.Batch(m.top().Init(), m.askWhoAmI(), m.readSaved(), palette.LoadIndex(d, palette.IndexScope(m.ctx), palette.IndexScope(m.ctx)))
	}
	return tea.Batch(m.top().Init(), m.askWhoAmI(), m.readSaved())
}

// whoAmIMsg is the Developer Center's answer to who is logged in, for the profile it was asked with.
type whoAmIMsg struct {
	gen  int // the profile generation it was asked in
	user client.UserInfo
}

// askWhoAmI asks once per profile; no answer leaves the header as it was.
func (m *Model) askWhoAmI() tea.Cmd {
	b, gen := m.ctx.Backend, m.profileGen
	if b == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		u, err := b.WhoAmI(ctx)
		if err != nil {
			return nil
		}
		return whoAmIMsg{gen, u}
	}
}

func (m *Model) top() common.Screen { return m.stack[len(m.stack)-1] }

// Context returns the shared context (for tests).
func (m *Model) Context() *common.Context { return m.ctx }

// Top returns the current screen (for tests).
func (m *Model) Top() common.Screen { return m.top() }

// Depth is the number of screens on the stack (for tests).
func (m *Model) Depth() int { return len(m.stack) }

// layout gives the top screen the space between header and footer, measured.
func (m *Model) layout() {
	hh := lipgloss.Height(m.headerView())
	fh := lipgloss.Height(m.footerView())
	m.ctx.Width, m.ctx.Height = m.width, max(1, m.height-hh-fh)
	for _, s := range m.stack {
		s.SetSize(m.ctx.Width, m.ctx.Height)
	}
	if m.palette != nil {
		m.palette.SetSize(m.ctx.Width, m.ctx.Height)
	}
}

// Update catches a panic anywhere below it, so the program can quit cleanly, restore the
// terminal and write a crash report.
func (m *Model) Update(msg tea.Msg) (model tea.Model, cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			m.recovered(r)
			model, cmd = m, tea.Quit
		}
	}()
	if crashTestKey {
		if k, ok := msg.(tea.KeyMsg); ok && k.String() == "!" {
			panic("crash test")
		}
		if k, ok := msg.(tea.KeyMsg); ok && k.String() == "@" {
			m.status = "crash test in view" // the next View panics
			return m, nil
		}
	}
	return m.update(msg)
}

func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m.Update(common.ResizedMsg{})
	case common.OpenPageMsg:
		if s := m.pageAt(msg.To); s != nil {
			return m.update(common.PushMsg{Screen: s})
		}
		return m, nil
	case common.PushMsg:
		return m, m.push(msg.Screen)
	case common.PopMsg:
		return m, m.popScreen()
	case common.JumpMsg:
		return m, m.jump(msg)
	case common.StatusMsg, common.HistoryFailedMsg, clearStatusMsg:
		return m, m.onStatus(msg)
	case common.ConnMsg:
		m.onConn(msg)
		return m, nil
	case whoAmIMsg:
		m.gotUser(msg)
		return m, nil
	case common.WatchRecordsMsg, watchTickMsg, recordsPolledMsg:
		return m, m.watcher.handle(m.ctx, msg)
	case savedReadMsg:
		m.saved = msg.reqs
		return m, nil
	case common.SavedChangedMsg:
		cmds := []tea.Cmd{m.readSaved()}
		for i, s := range m.stack {
			ns, cmd := s.Update(msg)
			m.stack[i] = ns
			cmds = append(cmds, cmd)
		}
		return m, tea.Batch(cmds...)
	case palette.APIIndexMsg:
		m.indexReady(msg)
		return m, nil
	case palette.KindsMsg:
		m.kindsRead(msg)
		return m, nil
	case common.ProfileChangedMsg:
		return m, m.profileChanged(msg)
	case common.CredentialsChangedMsg:
		m.ctx.SetBackend(msg.Backend, msg.Info)
		m.ctx.Backend.SetLang(string(m.ctx.Lang))
		return m, nil
	case common.GatewaysListedMsg:
		return m, m.indexOnce(msg)
	case tea.MouseMsg:
		// Screens get mouse positions relative to their own top-left corner.
		msg.Y -= lipgloss.Height(m.headerView())
		if m.palette != nil {
			return m, nil
		}
		s, cmd := m.top().Update(msg)
		m.stack[len(m.stack)-1] = s
		return m, cmd
	case tea.KeyMsg:
		return m.handleKey(msg)
	}
	if m.palette != nil {
		if _, ok := msg.(palette.PaletteMsg); ok {
			return m, m.palette.Handle(msg)
		}
	}
	return m.route(msg)
}

// onStatus keeps the status line: a page's notice, the one warning that history cannot be
// written, and the fade that clears a notice unless a newer one replaced it.
func (m *Model) onStatus(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.StatusMsg:
		m.statusID++
		m.status, m.isErr, m.statusOwner = msg.Text, msg.IsErr, m.top().ID()
		id := m.statusID
		return m.ctx.Clock.After(statusFade, func(_ time.Time) tea.Msg { return clearStatusMsg{id} })
	case common.HistoryFailedMsg:
		if m.historyWarned {
			return nil
		}
		m.historyWarned = true
		return common.Notify(m.ctx.T("history.write_failed", i18n.FileWriteProblem(m.ctx.Lang, msg.Err)), true)
	case clearStatusMsg:
		if msg.id == m.statusID {
			m.status = ""
		}
	}
	return nil
}

func (m *Model) handleKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	// Fast typing (or a terminal multiplexer) can deliver several runes in one message; each is
	// a key of its own, so "/" then "echo" filters rather than being one unknown key.
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
		var cmds []tea.Cmd
		for _, r := range msg.Runes {
			_, cmd := m.handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt})
			cmds = append(cmds, cmd)
		}
		return m, tea.Batch(cmds...)
	}
	g := m.ctx.Global
	if key.Matches(msg, g.ForceQuit) {
		return m, m.quit()
	}
	if key.Matches(msg, g.Suspend) {
		return m, tea.Suspend // the screen comes back as it was on fg
	}
	if m.confirm {
		m.confirm = false
		if key.Matches(msg, m.ctx.Form.Yes) {
			return m, tea.Quit
		}
		return m, nil
	}
	if m.width < common.MinWidth || m.height < common.MinHeight {
		if key.Matches(msg, g.Quit) {
			return m, m.quit()
		}
		return m, nil
	}
	if key.Matches(msg, g.HelpAnywhere) && !m.showHelp {
		m.showHelp = true
		return m, nil
	}
	if m.showHelp {
		m.helpKey(msg)
		return m, nil
	}
	if m.palette != nil {
		cmd, done := m.palette.Update(msg)
		if done {
			m.palette = nil
		}
		return m, cmd
	}
	if !m.top().Capturing() {
		if cmd, handled := m.globalKey(msg); handled {
			return m, cmd
		}
		m.retryOnRefresh(msg)
	}
	s, cmd := m.top().Update(msg)
	m.stack[len(m.stack)-1] = s
	return m, cmd
}

// helpKey: arrows scroll a help longer than the screen; any other key closes it.
func (m *Model) helpKey(msg tea.KeyMsg) {
	n := m.ctx.Nav
	switch {
	case key.Matches(msg, n.Down, n.PageDown):
		m.helpOffset++
	case key.Matches(msg, n.Up, n.PageUp):
		m.helpOffset = max(0, m.helpOffset-1)
	default:
		m.showHelp, m.helpOffset = false, 0
	}
}

// globalKey takes the keys that mean the same on every page (when no text field has focus).
func (m *Model) globalKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	g := m.ctx.Global
	for _, p := range m.globalPages() {
		if key.Matches(msg, p.key) {
			return m.openOrReturn(p.to), true
		}
	}
	switch {
	case key.Matches(msg, g.Quit):
		return m.quit(), true
	case key.Matches(msg, g.Help):
		m.showHelp = true
		return nil, true
	case key.Matches(msg, g.Palette):
		m.palette = palette.NewPalette(m.ctx, m.index, m.saved)
		m.palette.Unread = m.indexUnread
		m.palette.SetSize(m.ctx.Width, m.ctx.Height)
		return m.palette.Init(), true
	case key.Matches(msg, g.Lang):
		// Descriptions come from the servers in the asked language: ask again.
		m.ctx.SetLang(m.ctx.Lang.Other())
		m.ctx.Backend.SetLang(string(m.ctx.Lang))
		m.ctx.Cache = m.ctx.Cache.InOtherLanguage()
		m.layout()
		_, cmd := m.Update(common.LangChangedMsg{})
		return cmd, true
	case key.Matches(msg, g.Import):
		return common.OpenPage(common.ImportPage{}), true
	case key.Matches(msg, g.Components):
		if m.ctx.Cache.NoESB {
			return common.Notify(m.ctx.T("esb.absent"), true), true
		}
		return m.openOrReturn(common.SystemsPage{}), true
	case key.Matches(msg, g.Back):
		if e, ok := m.top().(common.Escaper); ok && e.Escape() {
			return nil, true // the screen used esc itself (clearing its filter)
		}
		return m.popScreen(), true
	}
	return nil, false
}

// globalPages are the pages a global key opens from anywhere.
func (m *Model) globalPages() []struct {
	key key.Binding
	to  common.PageAddress
} {
	g := m.ctx.Global
	return []struct {
		key key.Binding
		to  common.PageAddress
	}{
		{g.Records, common.RecordsPage{}},
		{g.Saved, common.SavedPage{}},
		{g.History, common.HistoryPage{}},
		{g.MCP, common.MCPPage{}},
		{g.Profile, common.ProfilePage{}},
	}
}

// openOrReturn opens a page, or, when one opened at the same kind of address is already in
// the stack, goes back to it: pressing the global page keys in turn never piles up the same
// pages.
func (m *Model) openOrReturn(to common.PageAddress) tea.Cmd {
	kind := reflect.TypeOf(to)
	for i := len(m.stack) - 1; i >= 0; i-- {
		if m.openedAs[m.stack[i].ID()] != kind {
			continue
		}
		if i == len(m.stack)-1 {
			return nil // already there
		}
		for _, s := range m.stack[i+1:] {
			m.closeScreen(s)
		}
		m.stack = m.stack[:i+1]
		_, cmd := m.top().Update(common.ShownAgainMsg{})
		return cmd
	}
	return common.OpenPage(to)
}

// quit asks first when a screen holds a draft or a write of one is in flight (its outcome would
// not be known).
func (m *Model) quit() tea.Cmd {
	all := append(slices.Clone(m.stack), m.sending...)
	for _, s := range all {
		if d, ok := s.(common.Drafter); ok && d.HasDraft() || m.isSending(s) {
			m.confirm = true
			return nil
		}
	}
	for _, s := range all {
		s.Close()
	}
	return tea.Quit
}

// isSending: a write of the screen is in flight.
func (m *Model) isSending(s common.Screen) bool {
	w, ok := s.(common.Sender)
	return ok && w.Sending()
}

// quitQuestion is what quitting asks: whether a write is in flight, or input would be lost.
func (m *Model) quitQuestion() string {
	if len(m.sending) > 0 || slices.ContainsFunc(m.stack, m.isSending) {
		return m.ctx.T("tui.confirm_quit_sending")
	}
	return m.ctx.T("tui.confirm_quit")
}

func (m *Model) gotUser(msg whoAmIMsg) {
	if msg.gen == m.profileGen { // not an answer for a profile left since
		m.user = msg.user
		if m.connVia == "" && m.connErr == nil { // the Developer Center answered: no need to wait for a page
			m.connVia, m.connSaved = client.SurfaceDevCenter, false
		}
		if m.ctx.Profile.Username == "" && client.ValidUsername(msg.user.Username) {
			// The applicant of an application is then known: no page asks for it.
			m.ctx.Profile.Username = msg.user.Username
		}
	}
}
