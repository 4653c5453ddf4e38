package profile

import (
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// WelcomeScreen is the first start with no profile: try the embedded sandbox at once, or
// connect to a real BlueKing through the full login form, checked before it is saved.
type WelcomeScreen struct {
	common.Base
	choice  int
	busy    bool
	err     error
	sandbox key.Binding
	connect key.Binding
	pick    key.Binding
}

type sandboxStartedMsg struct {
	backend common.Backend
	info    common.ProfileInfo
	err     error
}

// NewWelcomeScreen opens the first-run screen.
func NewWelcomeScreen(c *common.Context) *WelcomeScreen {
	s := &WelcomeScreen{Base: common.NewBase(c)}
	s.build()
	return s
}

// FirstRun tells whether the console starts with nothing to talk to.
func FirstRun(c *common.Context) bool {
	p := c.Profile
	return c.Profiles != nil && !p.Sandbox && p.Name == "" && p.APIURLTmpl == "" && p.AppCode == ""
}

func (s *WelcomeScreen) build() {
	l := s.Ctx.Keys
	s.sandbox = l.Bind("s", "key.try_sandbox", "s")
	s.connect = l.Bind("c", "key.connect", "c")
	s.pick = l.Bind("enter", "key.choose", "enter")
}

func (s *WelcomeScreen) Init() tea.Cmd            { return nil }
func (s *WelcomeScreen) SetSize(w, h int)         { s.Width, s.Height = w, h }
func (s *WelcomeScreen) Crumb() string            { return s.Ctx.T("welcome.crumb") }
func (s *WelcomeScreen) Capturing() bool          { return false }
func (s *WelcomeScreen) ShortHelp() []key.Binding { return []key.Binding{s.pick, s.sandbox, s.connect} }
func (s *WelcomeScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.Ctx.Nav.Up, s.Ctx.Nav.Down, s.pick, s.sandbox, s.connect}}
}

func (s *WelcomeScreen) startSandbox() tea.Cmd {
	if s.busy {
		return nil
	}
	s.busy, s.err = true, nil
	store := s.Ctx.Profiles
	return tea.Batch(s.Ctx.Clock.Spin(s.Spinner), s.Own(func() tea.Msg {
		b, info, err := store.Sandbox()
		return sandboxStartedMsg{b, info, err}
	}))
}

func (s *WelcomeScreen) openConnect() tea.Cmd {
	return common.OpenPage(common.ConnectPage{})
}

func (s *WelcomeScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sandboxStartedMsg:
		s.busy = false
		if msg.err != nil {
			s.err = msg.err
			return s, nil
		}
		changed := common.ProfileChangedMsg{Backend: msg.backend, Info: msg.info}
		return s, func() tea.Msg { return changed }
	case common.LangChangedMsg:
		s.build()
	case tea.KeyMsg:
		n := s.Ctx.Nav
		switch {
		case key.Matches(msg, n.Up), key.Matches(msg, n.Down):
			s.choice = 1 - s.choice
		case key.Matches(msg, s.sandbox):
			return s, s.startSandbox()
		case key.Matches(msg, s.connect):
			return s, s.openConnect()
		case key.Matches(msg, s.pick):
			if s.choice == 0 {
				return s, s.startSandbox()
			}
			return s, s.openConnect()
		}
	default:
		return s, s.Spin(msg, s.busy)
	}
	return s, nil
}

// View keeps both choices in sight: at a short height the command-line hint gives way, then
// the introduction, then the choices' descriptions (at 60×15 "Connect to my BlueKing" was below
// the screen, and with it the way to a real installation).
func (s *WelcomeScreen) View() string {
	var v string
	for _, parts := range []welcomeParts{{true, true, true}, {true, true, false}, {false, true, false}, {false, false, false}} {
		if v = s.view(parts); s.Height <= 0 || strings.Count(v, "\n")+1 <= s.Height {
			break
		}
	}
	return v
}

// welcomeParts are the parts of the page that may give way to a short screen.
type welcomeParts struct{ intro, descs, shell bool }

func (s *WelcomeScreen) view(p welcomeParts) string {
	c, t := s.Ctx, s.Ctx.Theme
	w := max(20, min(s.Width, 90))
	var b strings.Builder
	b.WriteString(t.Title.Render(c.T("welcome.title")) + "\n\n")
	if p.intro {
		b.WriteString(common.Wrap(c.T("welcome.intro"), w) + "\n\n")
	}
	for i, k := range []string{"welcome.sandbox", "welcome.connect"} {
		mark := "  "
		line := c.T(k)
		if i == s.choice {
			mark = t.Prompt.Render("▸ ")
			line = t.Bold.Render(line)
		}
		b.WriteString(mark + line + "\n")
		if p.descs {
			desc := "    " + strings.ReplaceAll(common.Wrap(c.T(k+"_desc"), w-4), "\n", "\n    ")
			b.WriteString(t.Subtle.Render(desc) + "\n\n")
		}
	}
	if p.shell {
		b.WriteString(t.Subtle.Render(common.Wrap(c.T("welcome.shell"), w)) + "\n")
	}
	if s.busy {
		b.WriteString("\n" + s.Spinner.View() + " " + c.T("welcome.starting"))
	}
	if s.err != nil {
		b.WriteString("\n" + common.ErrorView(c, s.err))
	}
	return strings.TrimRight(b.String(), "\n")
}
