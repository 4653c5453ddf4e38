package tui

import (
	"strings"

	"github.com/bkconsole/bkconsole/tui/keymap"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// WelcomeScreen is the first start with no profile: try the embedded sandbox at once, or
// connect to a real BlueKing through the full login form, checked before it is saved.
type WelcomeScreen struct {
	base
	choice  int
	busy    bool
	err     error
	sandbox key.Binding
	connect key.Binding
	pick    key.Binding
}

type sandboxStartedMsg struct {
	id      int64
	backend Backend
	info    ProfileInfo
	err     error
}

// NewWelcomeScreen opens the first-run screen.
func NewWelcomeScreen(c *Context) *WelcomeScreen {
	s := &WelcomeScreen{base: newBase(c)}
	s.build()
	return s
}

// firstRun tells whether the console starts with nothing to talk to.
func firstRun(c *Context) bool {
	p := c.Profile
	return c.Profiles != nil && !p.Sandbox && p.Name == "" && p.APIURLTmpl == "" && p.AppCode == ""
}

func (s *WelcomeScreen) build() {
	l := s.ctx.Lang
	s.sandbox = keymap.Bind(l, "s", "key.try_sandbox", "s")
	s.connect = keymap.Bind(l, "c", "key.connect", "c")
	s.pick = keymap.Bind(l, "enter", "key.choose", "enter")
}

func (s *WelcomeScreen) Init() tea.Cmd            { return nil }
func (s *WelcomeScreen) SetSize(w, h int)         { s.width, s.height = w, h }
func (s *WelcomeScreen) Crumb() string            { return s.ctx.T("welcome.crumb") }
func (s *WelcomeScreen) Capturing() bool          { return false }
func (s *WelcomeScreen) ShortHelp() []key.Binding { return []key.Binding{s.pick, s.sandbox, s.connect} }
func (s *WelcomeScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.ctx.Nav.Up, s.ctx.Nav.Down, s.pick, s.sandbox, s.connect}}
}

func (s *WelcomeScreen) startSandbox() tea.Cmd {
	if s.busy {
		return nil
	}
	s.busy, s.err = true, nil
	store, id := s.ctx.Profiles, s.id
	return tea.Batch(spin(s.spinner), func() tea.Msg {
		b, info, err := store.Sandbox()
		return sandboxStartedMsg{id, b, info, err}
	})
}

func (s *WelcomeScreen) openConnect() tea.Cmd {
	return openPage(connectPage{})
}

func (s *WelcomeScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sandboxStartedMsg:
		if msg.id != s.id {
			return s, nil
		}
		s.busy = false
		if msg.err != nil {
			s.err = msg.err
			return s, nil
		}
		changed := profileChangedMsg{msg.backend, msg.info}
		return s, func() tea.Msg { return changed }
	case langChangedMsg:
		s.build()
	case tea.KeyMsg:
		n := s.ctx.Nav
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
		if s.busy {
			var cmd tea.Cmd
			s.spinner, cmd = s.spinner.Update(msg)
			return s, cmd
		}
	}
	return s, nil
}

func (s *WelcomeScreen) View() string {
	c, t := s.ctx, s.ctx.Theme
	wrap := lipgloss.NewStyle().Width(max(20, min(s.width, 90)))
	var b strings.Builder
	b.WriteString(t.Title.Render(c.T("welcome.title")) + "\n\n")
	b.WriteString(wrap.Render(c.T("welcome.intro")) + "\n\n")
	for i, k := range []string{"welcome.sandbox", "welcome.connect"} {
		mark := "  "
		line := c.T(k)
		if i == s.choice {
			mark = t.Prompt.Render("▸ ")
			line = t.Bold.Render(line)
		}
		b.WriteString(mark + line + "\n")
		desc := lipgloss.NewStyle().PaddingLeft(4).Width(max(20, min(s.width, 90))).Render(c.T(k + "_desc"))
		b.WriteString(t.Subtle.Render(desc) + "\n\n")
	}
	b.WriteString(t.Subtle.Render(wrap.Render(c.T("welcome.shell"))) + "\n")
	if s.busy {
		b.WriteString("\n" + s.spinner.View() + " " + c.T("welcome.starting"))
	}
	if s.err != nil {
		b.WriteString("\n" + errorView(c, s.err))
	}
	return b.String()
}

func (m sandboxStartedMsg) to() int64 { return m.id }
