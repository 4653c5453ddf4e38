package tui

import (
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/keymap"
	tea "github.com/charmbracelet/bubbletea"
)

// Rebinding an action in the config changes what the key does and what the help says.
func TestUserKeysChangeBehaviourAndHelp(t *testing.T) {
	keymap.SetUser(map[string][]string{"palette": {"ctrl+k"}, "refresh": {"F"}})
	t.Cleanup(func() { keymap.SetUser(nil) })
	h := newHarness(t, i18n.English, 120, 30)
	h.keys(":")
	if h.m.palette != nil {
		t.Fatal("the old key still opens the palette")
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlK})
	if h.m.palette == nil {
		t.Fatal("the new key does not open the palette")
	}
	h.keys("esc")
	mustContain(t, h.view(), "ctrl+k jump to", "F refresh")
	if strings.Contains(h.view(), "r refresh") {
		t.Error("the footer still shows the old key")
	}
	h.keys("?")
	mustContain(t, h.view(), "ctrl+k", "F")
	h.keys("esc")
	before := h.f.Calls("gateways")
	h.keys("F")
	if h.f.Calls("gateways") != before+1 {
		t.Errorf("F does not refresh: %d → %d", before, h.f.Calls("gateways"))
	}
}
