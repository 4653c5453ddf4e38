package tui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/collection"
	"github.com/bkconsole/bkconsole/client/i18n"
	tea "github.com/charmbracelet/bubbletea"
)

// Rebinding an action in the config changes what the key does and what the help says.
func TestUserKeysChangeBehaviourAndHelp(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 30)
	h.rebind(map[string][]string{"palette": {"ctrl+k"}, "refresh": {"F"}})
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

// The keys of forms and prompts are the keymap's too: a rebound "yes", field key and tab
// cycle answer to their new keys, the old ones no longer do, and the footers say so.
func TestRebindingFormKeys(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.rebind(map[string][]string{"yes": {"o"}, "next_field": {"ctrl+down"}, "cycle_tab": {"ctrl+l"}})
	dir := t.TempDir()
	store := collection.Store{Dir: dir}
	if _, err := store.Save(collection.Request{Name: "one", Gateway: "demo-echo", API: "echo_get", Method: "GET", Path: "/echo/"}, false); err != nil {
		t.Fatal(err)
	}
	h.m.ctx.Collection = &store
	h.openConsole("demo-echo", "echo_get")
	mustContain(t, h.view(), "▸ Query", "ctrl+down next field", "ctrl+l next tab")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlDown})
	mustContain(t, h.view(), "▸ Headers")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlN})
	mustContain(t, h.view(), "▸ Headers") // the old tab key is no longer bound
	h.send(tea.KeyMsg{Type: tea.KeyCtrlL})
	mustContain(t, h.view(), "nothing sent yet")
	h.keys("esc")
	h.keys("esc", "esc", "B")
	mustContain(t, h.view(), "Saved requests", "one")
	h.keys("d")
	mustContain(t, h.view(), "delete demo-echo/one? (o/N)", "o yes") // the question names the rebound key too
	h.keys("y")
	if _, err := os.Stat(filepath.Join(dir, "demo-echo", "one.yaml")); err != nil {
		t.Fatal("the old yes key deleted the request")
	}
	h.keys("d", "o")
	mustContain(t, h.view(), "removed demo-echo/one")
	// The validity's choice shows left and right as bound, and takes them (the footer had a
	// "choose" binding of its own that said ←/→ whatever they were).
	r, _ := realHarness(t)
	r.rebind(map[string][]string{"left": {"alt+j"}, "right": {"alt+k"}})
	r.keys("R", "m", " ", "N")
	mustContain(t, r.view(), "alt+j/alt+k choose", "(•) 6 months")
	r.keys("alt+k")
	mustContain(t, r.view(), "(•) 12 months")
}

// At 80×24 every key can be found: the footer always ends with the way to the help, never
// names a key twice, and the help lists every key (scrolling when it is longer than the screen).
func TestEveryKeyReachableAt80x24(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {60, 15}} {
		h := newHarness(t, i18n.English, size[0], size[1])
		walk := [][]string{{}, {"down", "enter"}, {"enter"}, {"c"}}
		for _, step := range walk {
			h.keys(step...)
			v := h.view()
			lines := strings.Split(v, "\n")
			footer := lines[len(lines)-1]
			if !strings.Contains(footer, "? help") && !strings.Contains(footer, "f1 help") {
				t.Fatalf("%v: the footer hides the help: %q", size, footer)
			}
			seen := map[string]bool{}
			for _, part := range strings.Split(footer, " • ") {
				k := strings.Fields(part)[0]
				if seen[k] {
					t.Fatalf("%v: %q twice in the footer %q", size, k, footer)
				}
				seen[k] = true
			}
			if h.m.Top().Capturing() && strings.Contains(footer, ": jump") {
				t.Fatalf("%v: the footer offers : where a field types it: %q", size, footer)
			}
			h.send(tea.KeyMsg{Type: tea.KeyF1})
			var help strings.Builder
			for i := 0; i < 80; i++ {
				help.WriteString(h.view())
				h.keys("down")
			}
			wants := []string{"esc", ":", "R ", "H ", "I ", "P ", "L ", "? ", "q ", "ctrl+c"}
			if h.m.Top().Capturing() {
				// A field has the keys (the console's request): the letters type, so the help
				// lists only the keys that still work, and not the ones that would type.
				wants = []string{"esc", "f1", "ctrl+c"}
				if strings.Contains(help.String(), "records") {
					t.Fatalf("%v: help offers R while a field types it:\n%s", size, h.view())
				}
				if regexp.MustCompile(`(^|\s)tab +next tab`).MatchString(help.String()) {
					t.Fatalf("%v: help says tab moves between tabs where it moves between fields:\n%s", size, h.view())
				}
			}
			for _, want := range wants {
				if !strings.Contains(help.String(), want) {
					t.Fatalf("%v: help lacks %q:\n%s", size, want, h.view())
				}
			}
			h.keys("x") // closes the help
			if strings.Contains(h.view(), "Keys\n") {
				t.Fatal("help stays open")
			}
		}
		mustContain(t, h.view(), "Call echo_")
	}
}

// A list that failed to load offers no keys over rows it does not have, says which key loads
// it again as that key is bound, and that key does: the component systems had no refresh at
// all, and the gateways said "press r" whatever r was bound to.
func TestFailedListOffersTheRetryKeyAsBound(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 80, 24, func(f *fakeBackend) { f.systemsErr = os.ErrDeadlineExceeded })
	h.rebind(map[string][]string{"refresh": {"F"}})
	h.keys("E")
	v, before := h.view(), h.f.Calls("systems") // the palette's background read, and the page's
	mustContain(t, v, "press F to try again", "F refresh")
	if strings.Contains(v, "enter open") || strings.Contains(v, "/ filter") {
		t.Fatalf("row keys over a failed list:\n%s", v)
	}
	h.f.systemsErr = nil
	h.keys("F")
	mustContain(t, h.view(), "CMDB", "enter open")
	if h.f.Calls("systems") != before+1 {
		t.Fatalf("systems read %d times", h.f.Calls("systems"))
	}
}

// A sentence that names a key names it as bound: the empty records page's apply, MCP and
// components keys, the console's send key on its empty Response tab (they were written into
// the catalog's text, and went on naming the old keys after a rebinding), and a page's key that
// another page names.
func TestTextsNameKeysAsBound(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.rebind(map[string][]string{"apply": {"alt+a"}, "mcp": {"alt+m"}, "components": {"alt+e"}, "send": {"alt+s"},
		"save_request": {"alt+g"}, "mcp_apply": {"alt+p"}})
	h.keys("R")
	mustContain(t, h.view(), "Permissions tab (alt+a)", "MCP server (alt+m)", "component (alt+e)")
	// A page that names another page's key: the saved requests name the console's.
	h.m.ctx.Collection = &collection.Store{Dir: t.TempDir()}
	h.keys("esc", "B")
	mustContain(t, h.view(), "alt+g saves the request")
	// An error's fix that a page's key does: the refused MCP server's, as the TUI words it on the
	// server's page, where it shows (it said "on its page" there).
	h.keys("esc", "alt+m", "enter", "t")
	mustContain(t, h.view(), "press alt+p here", "list (alt+m) and press")
	h.keys("esc", "esc")
	h.openConsole("demo-echo", "echo_get")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlN})
	mustContain(t, h.view(), "nothing sent yet: alt+s sends")
	// A list's filter hint.
	g := newHarness(t, i18n.English, 80, 24)
	g.rebind(map[string][]string{"filter": {"alt+f"}})
	mustContain(t, g.view(), "alt+f to filter")
	// What a gateway allows, on its Permissions tab: the whole-gateway key as bound (it was "W").
	w, _ := realHarness(t)
	w.rebind(map[string][]string{"apply_gateway": {"alt+w"}})
	w.keys("/", "demo-echo", "enter", "tab", "tab")
	mustContain(t, w.view(), "accepts whole-gateway applications: alt+w")
}

// Once rows are marked, the footer offers what acts on them first: a narrow one drops keys
// from the end, and at 60 columns the MCP list with servers marked said "space select" but
// not "A apply" (the component list likewise hid apply and renew behind its console key).
func TestMarkedRowsPutTheirActionsFirst(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		walk []string
		want []string
	}{
		{[]string{"L", "M", " "}, []string{"A 申请"}}, // in Chinese, whose words are wider
		{[]string{"L", "E", "enter", " "}, []string{"A 申请", "N 续期"}},
	} {
		h, _ := realHarness(t)
		h.resize(60, 18)
		h.keys(c.walk[:len(c.walk)-1]...)
		before := footerOf(h.view())
		h.keys(c.walk[len(c.walk)-1])
		after := footerOf(h.view())
		for _, want := range c.want {
			if strings.Contains(before, want) || !strings.Contains(after, want) {
				t.Errorf("%v: %q before marking: %q; after: %q", c.walk, want, before, after)
			}
		}
	}
}

func footerOf(view string) string {
	lines := strings.Split(view, "\n")
	return lines[len(lines)-1]
}

// Every form says how to leave it, whichever field has the focus: the application form said
// "esc back" on its list of items but not while its reason field had the focus, where esc
// left it all the same (keeping the draft); at 60 columns it went when the list had the focus.
// The chat page never said it.
func TestFormsSayHowToLeave(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		walk   []string
		marker string // on the form, not on the page esc goes back to
	}{
		{[]string{"/", "demo-echo", "enter", "tab", "tab", " ", "A"}, "▸ Reason"},
		{[]string{"M", " ", "A"}, "▸ Reason"},
		{[]string{"E", "enter", " ", "A"}, "▸ Reason"},
		{[]string{"/", "bkai-demo", "enter", "c"}, "Chat with"},
	} {
		h, _ := realHarness(t)
		h.run(h.m.Init())
		h.resize(60, 18) // narrow: a footer drops keys from its end, never the way back
		h.keys(c.walk...)
		mustContain(t, h.view(), c.marker)
		for range 3 {
			if f := footerOf(h.view()); !strings.Contains(f, "esc back") {
				t.Fatalf("%v: the footer does not say how to leave: %q\n%s", c.walk, f, h.view())
			}
			h.keys("tab")
		}
		h.keys("esc")
		if strings.Contains(h.view(), c.marker) {
			t.Fatalf("%v: esc did not leave the form", c.walk)
		}
	}
}

// At 80 columns a gateway's Permissions tab offers renewal beside apply, in both languages:
// English dropped "N renew" behind "a select all applicable".
func TestPermissionsTabOffersRenewAt80(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ lang, want string }{{"", "N renew"}, {"L", "N 续期"}} {
		h, _ := realHarness(t)
		h.run(h.m.Init())
		h.resize(80, 24)
		if c.lang != "" {
			h.keys(c.lang)
		}
		h.keys("/", "demo-echo", "enter", "tab", "tab")
		mustContain(t, footerOf(h.view()), c.want)
	}
}
