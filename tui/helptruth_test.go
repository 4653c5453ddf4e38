package tui

import (
	"testing"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/charmbracelet/bubbles/key"
)

// The help overlay tells what each key does where the user is: no key listed twice with two
// meanings (the permissions tab listed c as "call" and as "clear selection"), and on each tab of
// a gateway only what that tab acts on (enter "open doc" and c "call" do nothing on the
// permissions or SDK tab). What the overlay shows: the page's keys and the global ones.
func TestHelpGivesEachKeyOneMeaning(t *testing.T) {
	t.Parallel()
	check := func(t *testing.T, where string, groups [][]key.Binding) map[string]string {
		t.Helper()
		meaning := map[string]string{}
		for _, g := range groups {
			for _, b := range g {
				if !b.Enabled() {
					continue
				}
				for _, k := range b.Keys() {
					if was, ok := meaning[k]; ok && was != b.Help().Desc {
						t.Errorf("%s: %q is both %q and %q", where, k, was, b.Help().Desc)
					}
					meaning[k] = b.Help().Desc
				}
			}
		}
		return meaning
	}
	for name, addr := range everyPage() {
		h := newHarness(t, i18n.English, 120, 40)
		h.send(common.OpenPageMsg{To: addr})
		check(t, name, h.m.fullHelp())
	}
	h := newHarness(t, i18n.English, 120, 40)
	h.keys("/", "demo", "enter")
	for _, tab := range []string{"APIs", "SDKs", "Permissions"} {
		m := check(t, tab, h.m.fullHelp())
		if tab == "APIs" && (m["enter"] != i18n.T(i18n.English, "key.open_doc") || m["c"] != i18n.T(i18n.English, "key.console")) {
			t.Errorf("the API list's help lacks enter and c: %v", m)
		}
		if tab != "APIs" {
			for _, desc := range []string{i18n.T(i18n.English, "key.open_doc"), i18n.T(i18n.English, "key.console")} {
				for k, d := range m {
					if d == desc {
						t.Errorf("%s tab: the help lists %s %q, which acts only on the API list", tab, k, d)
					}
				}
			}
		}
		h.keys("tab")
	}
}
