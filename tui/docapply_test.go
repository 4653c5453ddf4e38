package tui

import (
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/i18n"
	tea "github.com/charmbracelet/bubbletea"
)

// A user reading the doc of an API their app may not call yet had to go back, open the
// Permissions tab, find the API, select it and press A. The doc page offers A itself where the
// API can be applied for, and opens the one application form on that API; where there is
// nothing to apply for (no permission needed, or owned already) it neither offers nor acts.
func TestApplyFromTheDoc(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.openDoc(100, 30, "demo-echo", "echo_item")
	h.awaitView("not applied")
	for _, c := range []struct {
		api   string
		apply bool
	}{{"echo_item", true}, {"echo_get", false}} { // echo_get needs no permission
		if c.api != "echo_item" {
			h.keys("esc", "esc", "/", c.api, "enter")
			h.awaitView("Request URL")
		}
		offered := strings.Contains(footerOf(h.view()), "A apply")
		h.keys("A")
		form := h.view()
		opened := strings.Contains(form, "› Apply")
		if offered != c.apply || opened != c.apply || (opened && (!strings.Contains(form, c.api) || strings.Contains(form, "echo_get"))) {
			t.Fatalf("%s: apply offered %v, form opened %v, want %v:\n%s", c.api, offered, opened, c.apply, form)
		}
		if opened {
			h.keys("esc")
			h.awaitView("Request URL")
		}
	}
}

// A permanent validity is asked in words that say it: "Renew 2 permissions for permanent?",
// "valid permanent?" and "为 2 个权限续期 永久" had been pieced from the 6-month wording.
func TestPermanentValidityIsAskedInItsOwnWords(t *testing.T) {
	t.Parallel()
	for lang, want := range map[i18n.Lang][]string{i18n.English: {"Make 2 permissions permanent?", "Apply for 1 API of demo-echo, valid permanently?"},
		i18n.Chinese: {"确认将 2 个权限续期为永久有效？", "有效期 永久？"}} {
		h := newHarness(t, lang, 120, 34)
		h.keys("/", "demo", "enter", "tab", "tab", "f", "f", " ", "down", " ", "N", "right", "right", "enter")
		mustContain(t, h.view(), want[0])
		h = newHarness(t, lang, 120, 34)
		h.keys("/", "demo", "enter", "tab", "tab", "/", "echo_item", "enter", " ", "esc", "A")
		typeText(h, "need it")
		h.keys("tab", "right", "right")
		h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
		mustContain(t, h.view(), want[1])
	}
}
