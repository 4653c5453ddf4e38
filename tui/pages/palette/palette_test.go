package palette

import (
	"reflect"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/collection"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/common/pagetest"
	tea "github.com/charmbracelet/bubbletea"
)

// jumpFor types q into the palette, takes the first row and returns where enter jumps.
func jumpFor(t *testing.T, c *common.Context, index []APIEntry, q string, saved ...collection.Request) []common.PageAddress {
	t.Helper()
	p := NewPalette(c, index, saved)
	p.SetSize(100, 20)
	p.Init() // focuses the input
	for _, r := range q {
		p.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	cmd, done := p.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if !done || cmd == nil {
		t.Fatalf("%q: enter did not jump (done %v)", q, done)
	}
	j, ok := cmd().(common.JumpMsg)
	if !ok {
		t.Fatalf("%q: enter sent no jump", q)
	}
	return j.To
}

// Every screen the palette names opens that screen, in both languages; an API row opens its
// gateway with the API's doc above it, at the stage it was listed under.
func TestPaletteJumpsWhereItsRowsSay(t *testing.T) {
	t.Parallel()
	for _, lang := range []i18n.Lang{i18n.English, i18n.Chinese} {
		c := pagetest.Context(nil, lang)
		for _, x := range screens {
			got := jumpFor(t, c, nil, c.T(x.title))
			if want := []common.PageAddress{x.page}; !reflect.DeepEqual(got, want) {
				t.Errorf("%s %q jumps to %#v, want %#v", lang, c.T(x.title), got, want)
			}
		}
	}
	c := pagetest.Context(nil, i18n.English)
	got := jumpFor(t, c, []APIEntry{{Gateway: "demo-echo", Stage: "test", Name: "echo_get", Method: "GET", Path: "/echo/"}}, "echo_get")
	if len(got) != 2 || got[0].(common.GatewayPage).Gateway.Name != "demo-echo" {
		t.Fatalf("the API row jumps to %#v", got)
	}
	if d := got[1].(common.DocPage); d.Resource.Name != "echo_get" || d.Stage != "test" || c.Stage() != "test" {
		t.Errorf("the API row opens %#v at stage %q", d, c.Stage())
	}
}

// A gateway's exact name opens the gateway, though a saved request of that gateway is shorter
// and matched the name as exactly in its WHERE column: ": demo-echo" enter opened the saved
// request's console.
func TestPaletteExactNameBeforeItsGatewaysRows(t *testing.T) {
	t.Parallel()
	c := pagetest.Context(nil, i18n.English)
	c.Cache.Gateways.Put([]client.Gateway{{Name: "demo-echo", Description: "Demo gateway: every method, path parameters and an echo backend"}})
	saved := collection.Request{Name: "item", Gateway: "demo-echo", Method: "GET", Path: "/items/{item_id}/"}
	got := jumpFor(t, c, nil, "demo-echo", saved)
	if len(got) != 1 || got[0].(common.GatewayPage).Gateway.Name != "demo-echo" {
		t.Errorf("demo-echo jumps to %#v", got)
	}
	if got := jumpFor(t, c, nil, "item", saved); len(got) != 2 {
		t.Errorf("the saved request's name jumps to %#v", got)
	}
}

// A path typed whole opens its own API first, as a name typed whole does: ": /items/" enter
// opened GET /items/{item_id}/ (every API under /items/ held the text alike and the shortest
// row came first), while OPTIONS /items/ was listed last.
func TestAPathTypedWholeOpensItsAPI(t *testing.T) {
	t.Parallel()
	c := pagetest.Context(nil, i18n.English)
	index := []APIEntry{
		{Gateway: "demo-echo", Stage: "prod", Name: "echo_item", Method: "GET", Path: "/items/{item_id}/"},
		{Gateway: "demo-echo", Stage: "prod", Name: "options_items", Method: "OPTIONS", Path: "/items/", Desc: "Ask which methods items allow"},
	}
	for q, want := range map[string]string{"/items/": "options_items", "/items/{item_id}/": "echo_item", "/items/{": "echo_item"} {
		if got := jumpFor(t, c, index, q); got[1].(common.DocPage).Resource.Name != want {
			t.Errorf("%q opens %s, want %s", q, got[1].(common.DocPage).Resource.Name, want)
		}
	}
}

// Part of a screen's Chinese name, past its start, opens that screen: ": 权限" enter opened the
// records, whose description (你的权限申请记录) is shorter, and an API whose description said
// 权限 came before 我的权限 as well. Chinese has no word starts, so only the name tells them apart.
func TestPalettePartOfAChineseNameOpensItsScreen(t *testing.T) {
	t.Parallel()
	c := pagetest.Context(nil, i18n.Chinese)
	index := []APIEntry{{Gateway: "demo-echo", Stage: "prod", Name: "echo_get", Method: "GET", Path: "/echo/", Desc: "回显 GET 请求（无需申请权限）"}}
	tried := 0
	for _, x := range screens {
		title := []rune(c.T(x.title))
		if len(title) < 3 {
			continue
		}
		q := string(title[len(title)-2:])
		if !uniqueTitle(c, q) {
			continue
		}
		tried++
		if got, want := jumpFor(t, c, index, q), []common.PageAddress{x.page}; !reflect.DeepEqual(got, want) {
			t.Errorf("%q (of %s) jumps to %#v, want %#v", q, string(title), got, want)
		}
	}
	if tried < 3 {
		t.Fatalf("only %d screens tried", tried)
	}
}

// uniqueTitle tells whether q stands in one screen's title only.
func uniqueTitle(c *common.Context, q string) bool {
	n := 0
	for _, x := range screens {
		if strings.Contains(c.T(x.title), q) {
			n++
		}
	}
	return n == 1
}
