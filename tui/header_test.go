package tui

import (
	"strings"
	"syscall"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
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
