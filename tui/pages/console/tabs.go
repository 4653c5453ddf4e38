package console

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// maxTabs bounds the consoles open at once: each holds a response of up to the display limit.
const maxTabs = 9

// Tabs is several consoles open at once, one shown: each has its own request and response,
// and the strip above names each one's API and last status. It is one screen of the stack;
// the results of a console's commands still reach that console (Owns).
type Tabs struct {
	common.Base
	tabs []*ConsoleScreen
	cur  int
	keys tabKeys
}

// tabKeys are the tabs' keys, rebindable by their action names in the config file.
type tabKeys struct{ New, Close, Next, Prev key.Binding }

func (k tabKeys) ShortHelp() []key.Binding  { return []key.Binding{k.New, k.Close, k.Next, k.Prev} }
func (k tabKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// NewTabs holds a first console.
func NewTabs(c *common.Context, first *ConsoleScreen) *Tabs {
	t := &Tabs{Base: common.NewBase(c), tabs: []*ConsoleScreen{first}}
	t.build()
	return t
}

func (t *Tabs) build() {
	l := t.Ctx.Keys
	t.keys = tabKeys{
		New:   l.Bind("ctrl+t", "key.tab_new", "ctrl+t"),
		Close: l.Bind("ctrl+w", "key.tab_close", "ctrl+w"),
		Next:  l.Bind("ctrl+→", "key.tab_next", "ctrl+right"),
		Prev:  l.Bind("ctrl+←", "key.tab_prev", "ctrl+left"),
	}
}

// Add opens a console in a new tab and shows it; at maxTabs it says so and opens nothing.
func (t *Tabs) Add(s *ConsoleScreen) tea.Cmd {
	if len(t.tabs) >= maxTabs {
		s.Close()
		return common.Notify(t.Ctx.T("console.tabs_full", maxTabs, t.keys.Close.Help().Key), true)
	}
	t.tabs = append(t.tabs, s)
	t.cur = len(t.tabs) - 1
	t.SetSize(t.Width, t.Height)
	return s.Init()
}

// Owns says whether a message addressed to id is one of this screen's consoles'.
func (t *Tabs) Owns(id int64) bool {
	for _, s := range t.tabs {
		if s.ID() == id {
			return true
		}
	}
	return false
}

// Len is the number of consoles open (for tests).
func (t *Tabs) Len() int { return len(t.tabs) }

func (t *Tabs) current() *ConsoleScreen { return t.tabs[t.cur] }

func (t *Tabs) Init() tea.Cmd { return t.current().Init() }

// SetSize gives each console the space under the strip (shown with two tabs or more).
func (t *Tabs) SetSize(w, h int) {
	t.Width, t.Height = w, h
	if len(t.tabs) > 1 {
		h = max(1, h-1)
	}
	for _, s := range t.tabs {
		s.SetSize(w, h)
	}
}

func (t *Tabs) Crumb() string   { return t.current().Crumb() }
func (t *Tabs) Capturing() bool { return t.current().Capturing() }
func (t *Tabs) Escape() bool    { return t.current().Escape() }

// Sending while a call of any tab is under way (common.Sender).
func (t *Tabs) Sending() bool { return slices.ContainsFunc(t.tabs, (*ConsoleScreen).Sending) }

func (t *Tabs) HasDraft() bool {
	for _, s := range t.tabs {
		if s.HasDraft() {
			return true
		}
	}
	return false
}

func (t *Tabs) Close() {
	for _, s := range t.tabs {
		s.Close()
	}
	t.Base.Close()
}

func (t *Tabs) ShortHelp() []key.Binding {
	b := t.current().ShortHelp()
	if t.current().busy() {
		return b
	}
	return append(b, t.keys.New, t.keys.Next)
}

func (t *Tabs) FullHelp() [][]key.Binding {
	return append(t.current().FullHelp(), t.keys.ShortHelp())
}

func (t *Tabs) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if cmd, ok := t.tabKey(msg); ok {
			return t, cmd
		}
		_, cmd := t.current().Update(msg)
		return t, cmd
	case tea.MouseMsg:
		if len(t.tabs) > 1 {
			msg.Y--
		}
		_, cmd := t.current().Update(msg)
		return t, cmd
	case common.LangChangedMsg:
		t.build()
	}
	if r, ok := msg.(common.Reply); ok {
		for _, s := range t.tabs {
			if s.ID() == r.To {
				_, cmd := s.Update(r.Msg)
				return t, cmd
			}
		}
		return t, nil
	}
	cmds := make([]tea.Cmd, 0, len(t.tabs))
	for _, s := range t.tabs {
		_, cmd := s.Update(msg)
		cmds = append(cmds, cmd)
	}
	return t, tea.Batch(cmds...)
}

// tabKey takes the tabs' own keys; a console asking something (a prompt, a send) keeps them.
func (t *Tabs) tabKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	if t.current().busy() {
		return nil, false
	}
	switch {
	case key.Matches(msg, t.keys.New):
		return t.Add(t.current().duplicate()), true
	case key.Matches(msg, t.keys.Close):
		if len(t.tabs) == 1 {
			return common.Pop, true
		}
		t.current().Close()
		t.tabs = append(t.tabs[:t.cur], t.tabs[t.cur+1:]...)
		t.cur = min(t.cur, len(t.tabs)-1)
		t.SetSize(t.Width, t.Height)
		return nil, true
	case key.Matches(msg, t.keys.Next):
		t.cur = (t.cur + 1) % len(t.tabs)
		return nil, true
	case key.Matches(msg, t.keys.Prev):
		t.cur = (t.cur + len(t.tabs) - 1) % len(t.tabs)
		return nil, true
	}
	return nil, false
}

// strip is one label a tab: its number, its API and its last status.
func (t *Tabs) strip() string {
	labels := make([]string, len(t.tabs))
	room := max(8, t.Width/len(t.tabs)-5)
	for i, s := range t.tabs {
		label := strconv.Itoa(i+1) + " " + s.tabLabel()
		if r := s.response.resp; r != nil {
			label += fmt.Sprintf(" %d", r.Status)
		} else if s.response.err != nil {
			label += " ✗"
		}
		labels[i] = ansi.Truncate(label, room, "…")
	}
	return ansi.Truncate(components.TabBar(t.Ctx.Theme, labels, t.cur), t.Width, "…")
}

func (t *Tabs) View() string {
	if len(t.tabs) == 1 {
		return t.current().View()
	}
	return t.strip() + "\n" + t.current().View()
}
