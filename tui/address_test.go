package tui

import (
	"testing"

	"github.com/bkconsole/bkconsole/tui/common"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// probe is a screen that counts what reaches it.
type probe struct {
	common.Base
	got []tea.Msg
}

func (p *probe) Init() tea.Cmd                             { return nil }
func (p *probe) Update(m tea.Msg) (common.Screen, tea.Cmd) { p.got = append(p.got, m); return p, nil }
func (p *probe) View() string                              { return "probe" }
func (p *probe) SetSize(w, h int)                          {}
func (p *probe) Crumb() string                             { return "probe" }
func (p *probe) ShortHelp() []key.Binding                  { return nil }
func (p *probe) FullHelp() [][]key.Binding                 { return nil }
func (p *probe) Capturing() bool                           { return false }

// probeMsg is a command's result.
type probeMsg struct{}

// A command's result reaches the screen that asked, and no other; what concerns every screen
// reaches each.
func TestAddressedMessagesReachOnlyTheirScreen(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 100, 30)
	a, b := &probe{Base: common.NewBase(h.m.ctx)}, &probe{Base: common.NewBase(h.m.ctx)}
	h.send(common.PushMsg{Screen: a})
	h.send(common.PushMsg{Screen: b})
	h.run(a.Own(func() tea.Msg { return probeMsg{} }))
	h.run(b.Own(func() tea.Msg { return probeMsg{} }))
	h.run(common.For(999999, func() tea.Msg { return probeMsg{} })) // from a screen that has gone: delivered nowhere
	count := func(p *probe) (addr, other int) {
		for _, m := range p.got {
			if _, ok := m.(probeMsg); ok {
				addr++
			} else {
				other++
			}
		}
		return
	}
	if n, _ := count(a); n != 1 {
		t.Errorf("a got %d addressed messages, want its own one", n)
	}
	if n, _ := count(b); n != 1 {
		t.Errorf("b got %d addressed messages, want its own one", n)
	}
	h.send(common.LangChangedMsg{}) // a language switch concerns everyone
	if _, o := count(a); o == 0 {
		t.Error("a broadcast did not reach a screen below the top")
	}
}
