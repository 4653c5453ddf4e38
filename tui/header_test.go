package tui

import (
	"strings"
	"syscall"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/sandbox"
	"github.com/bkconsole/bkconsole/tui/common"
)

// The header bar gives way in the order of what matters least: the user's display name, then
// the connection's words (its dot stays), then whole parts; a TLS warning or a refused login
// stays at any width, and only a bar of such parts is ever cut.
func TestHeaderGivesWayLeastFirst(t *testing.T) {
	t.Parallel()
	parts := []headerPart{
		{text: " bkconsole ", keep: keepAlways},
		{text: "profile prod", keep: 5},
		{text: "app my-app", keep: 4},
		{text: "as Zhang San (zhangsan)", short: "as zhangsan", keep: 1},
		{text: "stage prod", keep: 3},
		{text: "● via the Developer Center", short: "●", keep: 6},
		{text: " TLS NOT VERIFIED ", keep: keepAlways},
	}
	for _, c := range []struct {
		width int
		want  string
	}{
		{200, " bkconsole  | profile prod | app my-app | as Zhang San (zhangsan) | stage prod | ● via the Developer Center |  TLS NOT VERIFIED "},
		{96, " bkconsole  | profile prod | app my-app | as zhangsan | stage prod | ● |  TLS NOT VERIFIED "},
		{80, " bkconsole  | profile prod | app my-app | stage prod | ● |  TLS NOT VERIFIED "},
		{60, " bkconsole  | profile prod | ● |  TLS NOT VERIFIED "},
		{34, " bkconsole  |  TLS NOT VERIFIED "},
		{20, " bkconsole  |  TLS …"},
	} {
		got := fitHeader(parts, " | ", c.width)
		if got != c.want {
			t.Errorf("at %d:\n got %q\nwant %q", c.width, got, c.want)
		}
		if len([]rune(got)) > c.width {
			t.Errorf("at %d: %d cells", c.width, len([]rune(got)))
		}
	}
	if strings.Contains(fitHeader(parts, " | ", 60), "stage") {
		t.Error("the stage outlived the profile")
	}
}

// The header's connection state says whether the server answered, not whether the page liked
// the answer: an installation without component APIs turned it to "error" while every list
// still loaded; a load that cannot reach the server still does.
func TestHeaderErrorIsTheConnections(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 30, func(f *fakeBackend) { f.noESB = true })
	h.keys("E")
	mustContain(t, h.view(), "multi-tenant")
	if head := strings.SplitN(h.view(), "\n", 2)[0]; strings.Contains(head, "error") || !strings.Contains(head, "via") {
		t.Fatalf("header: %s", head)
	}
	h = newHarness(t, i18n.English, 120, 30, func(f *fakeBackend) {
		f.systemsErr = &client.TransportError{Method: "GET", URL: "http://x/", Err: syscall.ECONNREFUSED, NotSent: true}
	})
	h.keys("E")
	if head := strings.SplitN(h.view(), "\n", 2)[0]; !strings.Contains(head, "error") {
		t.Fatalf("header after an unreachable server: %s", head)
	}
}

// A refused bk_token that came from the environment is replaced there: the notice and the
// profile page said "P then n: paste a fresh one", and a login saved with a fresh token left the
// environment's refused one in use (it wins over a profile's), so the notice came back.
func TestARefusedEnvironmentTokenIsReplacedThere(t *testing.T) {
	t.Parallel()
	h, _, _ := realHarnessAs(t, sandbox.Options{}, "expired-token")
	h.m.ctx.Profile.Secrets["bk_token"] = common.SecretSource{From: "environment", Var: "BK_TOKEN"}
	h.run(h.m.Init())
	mustContain(t, h.view(), "the bk_token in BK_TOKEN was refused: put a fresh one there")
	h.keys("P")
	mustContain(t, h.view(), "the bk_token in BK_TOKEN was refused: put a fresh one there")
	if v := h.view(); strings.Contains(v, "pastes a fresh one") || strings.Contains(v, "paste a fresh one") {
		t.Fatalf("a login offered for the environment's token:\n%s", v)
	}
}

// A start whose only servers could not be used (a Help Center that spoke plain HTTP at an
// https:// address) left the header saying "connecting" for good, under a page that said why:
// it says error. A feature with no server configured at all is "not connected yet".
func TestHeaderSaysWhenNothingCouldConnect(t *testing.T) {
	t.Parallel()
	h, _, _ := realHarnessWith(t, sandbox.Options{}, func(c *client.Config) {
		c.HelpCenterURL = strings.Replace(c.HelpCenterURL, "http://", "https://", 1)
		c.DeveloperCenterURL, c.APIURLTmpl, c.BkToken = "", "", sandbox.DemoBkToken
	})
	h.run(h.m.Init())
	mustContain(t, h.view(), "an http:// address for that server")
	if head := strings.SplitN(h.view(), "\n", 2)[0]; strings.Contains(head, "connecting") || !strings.Contains(head, "error") {
		t.Fatalf("header: %s", head)
	}
	h.send(common.ConnMsg{Err: &client.ErrUnavailable{Feature: client.FeatureSDKs}}) // nothing was tried
	if head := strings.SplitN(h.view(), "\n", 2)[0]; !strings.Contains(head, "error") {
		t.Fatalf("a later feature without a server took the error back: %s", head)
	}
}

// A notice stays with the page it was said on and comes back down with the user, where it
// becomes that page's: a page opened above does not show it (a console's "saved as …" had
// stayed on every page opened after the console was left).
func TestANoticeComesDownButNotUpAgain(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 30)
	h.keys("/", "demo", "enter", "down", "enter") // a doc, above the gateway page
	h.send(common.StatusMsg{Text: "said on the doc"})
	h.keys("esc")
	mustContain(t, h.view(), "said on the doc")
	h.keys("R") // the records, opened above the gateway page
	if strings.Contains(h.view(), "said on the doc") {
		t.Fatalf("the notice followed onto a page opened above:\n%s", h.view())
	}
	h.keys("esc")
	mustContain(t, h.view(), "said on the doc")
}
