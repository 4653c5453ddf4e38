package tui

import (
	"errors"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/charmbracelet/x/ansi"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
)

const (
	seqClip     = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
	title       = "\x1b]0;pwned\x1b\\"
	clear       = "\x1b[2J"
	bidi        = "\u202e"
	osc8        = "\x1b]8;;http://evil.example\x1b\\"
	bell        = "\x07"
	hostileSeqs = seqClip + title + clear + osc8 + bell
)

// noControls fails when a frame holds anything but text (the tests' colour profile is ASCII,
// so even our own styling adds no escape sequence).
func noControls(t *testing.T, where, view string) {
	t.Helper()
	for _, bad := range []string{"\x1b", "\x07", "\u009b", bidi} {
		if strings.Contains(view, bad) {
			t.Fatalf("%s: %q reached the terminal:\n%q", where, bad, view)
		}
	}
}

// Every string a server sends is stripped before the TUI shows it: names, descriptions,
// maintainers, paths, docs, permission rows, records, errors.
func TestServerTextNeverControlsTheTerminal(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 40)
	f := h.f
	f.gateways = []client.Gateway{{Name: "evil" + clear, Description: "desc" + seqClip + " tail" + bidi + "x",
		Maintainers: []string{"m" + title}, APIURL: "http://x/" + osc8}}
	f.res["evil"] = []client.Resource{{ID: 1, Name: "api" + seqClip, Method: "GET", Path: "/p" + clear + "/", Description: "d" + title}}
	f.res["evil"+clear] = f.res["evil"]
	f.doc = "# Doc " + seqClip + "\n\nbody " + title + " text " + osc8 + "link\n"
	for i := range f.perms {
		f.perms[i].Name += hostileSeqs
		f.perms[i].GatewayName = "evil"
	}
	h.keys("r") // reload the list from the hostile backend
	v := h.view()
	noControls(t, "gateways", v)
	mustContain(t, v, "evil", "desc tail<U+202E>x")
	h.keys("enter")
	v = h.view()
	noControls(t, "gateway", v)
	mustContain(t, v, "/p/", "Maintainers: m")
	h.keys("enter")
	v = h.view()
	noControls(t, "doc", v)
	mustContain(t, v, "body", "text")

	f.err = errors.New("refused" + seqClip + title)
	h.keys("esc", "r")
	noControls(t, "error", h.view())
}

// The last guard: whatever a screen lets through, the frame keeps only colours.
func TestFrameGuard(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 100, 30)
	h.m.status = "status" + hostileSeqs
	noControls(t, "status line", h.view())
}

// A panic inside View ends the program as one in Update does.
func TestPanicInViewEndsTheProgram(t *testing.T) {
	h := newHarness(t, i18n.English, 100, 30)
	quit := false
	h.m.quitProgram = func() { quit = true }
	h.m.stack = append(h.m.stack, panicky{h.m.top()})
	_ = h.view()
	if h.m.Crash() == nil || !quit {
		t.Fatalf("crash %v, quit %v", h.m.Crash(), quit)
	}
}

// panicky is a screen whose View panics.
type panicky struct{ common.Screen }

func (panicky) View() string { panic("view panics") }

// An error panel wraps at the body's width: no line is cut at the edge.
func TestErrorPanelWraps(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 60, 20)
	long := &client.TransportError{Method: "GET", URL: "http://127.0.0.1:1/a/very/long/path/that/goes/on/and/on", Err: errors.New(strings.Repeat("the keyring said something long ", 6))}
	out := common.ErrorView(h.m.ctx, long)
	for _, l := range strings.Split(out, "\n") {
		if w := ansi.StringWidth(l); w > h.m.ctx.Width {
			t.Fatalf("a line of %d cells at %d:\n%s", w, h.m.ctx.Width, out)
		}
	}
	if !strings.Contains(ansi.Strip(out), "something") {
		t.Fatalf("the message is lost:\n%s", out)
	}
}

// A gateway's detail that names another gateway does not turn the page into that one: the
// crumb, and what the page reads next (the APIs, the permissions), stay the gateway opened.
func TestGatewayDetailCannotRenameThePage(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 100, 30, func(f *fakeBackend) { f.detailNamed = "bk-user" })
	h.keys("/", "demo", "enter")
	h.keys("r")
	if v := h.view(); !strings.Contains(v, "Gateways › demo-echo") || !strings.Contains(v, "echo_item") {
		t.Errorf("the page of demo-echo:\n%s", v)
	}
}
