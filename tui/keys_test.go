package tui

import (
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/i18n"
	tea "github.com/charmbracelet/bubbletea"
)

// Rebinding an action in the config changes what the key does and what the help says.
func TestUserKeysChangeBehaviourAndHelp(t *testing.T) {
	SetUserKeys(map[string][]string{"palette": {"ctrl+k"}, "refresh": {"F"}})
	t.Cleanup(func() { SetUserKeys(nil) })
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

func TestCheckUserKeysReportsConflictsAndUnknownActions(t *testing.T) {
	p := CheckUserKeys(map[string][]string{"palette": {"r"}, "nosuch": {"x"}, "help": {}, "send": {"ctrl+g"}})
	if !strings.Contains(p["palette"], `"r"`) || !strings.Contains(p["palette"], "refresh") {
		t.Errorf("conflict: %q", p["palette"])
	}
	if !strings.Contains(p["nosuch"], "unknown action") || !strings.Contains(p["help"], "no keys") {
		t.Errorf("%v", p)
	}
	if _, bad := p["send"]; bad || len(p) != 3 {
		t.Errorf("a good rebinding reported: %v", p)
	}
	if userKeys.Load() != nil {
		t.Error("checking installed the rebindings")
	}
}
