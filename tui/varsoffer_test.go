package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// Where no profile keeps variables (the sandbox, the environment alone), the console's
// Variables field and its refusal of a variable without a value offered `bkconsole vars set`,
// which refuses there; with a profile they offer it.
func TestConsoleOffersVarsSetOnlyWithAProfile(t *testing.T) {
	t.Parallel()
	for _, sandboxed := range []bool{false, true} {
		h, _ := realHarness(t)
		h.m.ctx.Profile.Sandbox = sandboxed
		h.openConsole("demo-echo", "echo_post")
		h.keys("tab", "tab") // body
		h.send(tea.KeyMsg{Type: tea.KeyCtrlX})
		typeText(h, `{"who": "{{who}}"}`)
		h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
		v := h.view()
		mustContain(t, v, "no value for who", "BKCONSOLE_VAR_who; nothing")
		if offered := strings.Count(v, "vars set"); offered != map[bool]int{false: 2, true: 0}[sandboxed] {
			t.Errorf("sandbox %v: vars set offered %d times:\n%s", sandboxed, offered, v)
		}
	}
}
