package tui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	tea "github.com/charmbracelet/bubbletea"
)

// On a terminal without colour (NO_COLOR, TERM=dumb) the row under the cursor, the active tab
// and the shown stage were told apart by colour alone: every row looked alike, so the user
// could not see which gateway enter would open. The theme marks them in text there.
func TestWithoutColourTheCursorAndTheActiveTabAreMarked(t *testing.T) {
	t.Parallel()
	h := colourlessHarness(t, i18n.English)
	cursorOn := func(name string) {
		t.Helper()
		if rows := regexp.MustCompile(`(?m)^▸ (\S+)`).FindAllStringSubmatch(h.view(), -1); len(rows) != 1 || rows[0][1] != name {
			t.Fatalf("the cursor's row: %v, want %s:\n%s", rows, name, h.view())
		}
	}
	cursorOn("bk-user")
	h.keys("j")
	cursorOn("demo-echo")
	h.keys("enter")
	mustContain(t, h.view(), "[APIs]  │  SDKs", "Stages: [prod] test")
	cursorOn("GET")
	h.keys("tab", "tab")
	mustContain(t, h.view(), "APIs  │  SDKs  │  [Permissions]")
	h.keys("j", " ", "k")
	mustContain(t, h.view(), "\n● echo_item")
	h.keys("j")
	mustContain(t, h.view(), "\n▸●echo_item")
	h.keys("/")
	mustContain(t, h.view(), "\x1b[7m \x1b[27m") // the filter's cursor: it had been an unmarked space
	h.keys("e", "c", "h", "o")
	mustContain(t, h.view(), "▸ \x1b[4mecho\x1b[24m_get") // what matched

	// The same screens in colour carry no marks: colour tells them apart there.
	plain := newHarness(t, i18n.English, 100, 30)
	plain.keys("enter")
	plain.keys("/")
	if v := plain.view(); regexp.MustCompile(`▸ GET|\[APIs\]|\[prod\]|\x1b\[7m`).MatchString(v) {
		t.Fatalf("marks on a colour terminal:\n%s", v)
	}
}

// colourlessHarness is the root model as Run makes it on a colourless terminal, 100×30.
func colourlessHarness(t *testing.T, lang i18n.Lang) *harness {
	f := newFake()
	c := common.NewContext(f, common.ProfileInfo{Name: "test", AppCode: "my-app", Stages: []string{"prod", "test"}}, lang)
	c.Theme.WithoutColour() // what Run does on a colourless terminal
	h := &harness{t: t, m: New(c), f: f}
	h.holdTime()
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	h.run(h.m.Init())
	return h
}

// The fields' grey hints read as values where there is no grey ("CA bundle >
// /etc/ssl/certs/my-ca.pem" looked set, "item_id  path parameter item_id" looked typed): there
// the login form's examples say they are examples, and the other hints are bracketed.
func TestWithoutColourTheFieldsHintsSaySo(t *testing.T) {
	t.Parallel()
	for lang, want := range map[i18n.Lang]string{i18n.English: "> e.g. /etc/ssl/certs/my-ca.pem", i18n.Chinese: "> 例如 /etc/ssl/certs/my-ca.pem"} {
		h := colourlessHarness(t, lang)
		h.m.ctx.Profiles = &fakeProfiles{} // profiles that can be saved: the sandbox's cannot
		h.keys("P", "n")
		mustContain(t, h.view(), want)
	}
	h := colourlessHarness(t, i18n.English)
	h.openConsole("demo-echo", "echo_item")
	mustContain(t, h.view(), "item_id)", "(Name: value, one per line)", "(name=value, one a line")
	h = newHarness(t, i18n.English, 100, 30)
	h.m.ctx.Profiles = &fakeProfiles{}
	h.keys("P", "n")
	if v := h.view(); !strings.Contains(v, "> /etc/ssl/certs/my-ca.pem") {
		t.Errorf("in colour the example is grey, without words:\n%s", v)
	}
}
