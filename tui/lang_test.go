package tui

import (
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/collection"
	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/charmbracelet/x/ansi"
)

// Every page follows L: after the switch, none of its keys is still described in English (its
// footer and help are rebuilt), whichever page the user was on.
func TestEveryPageFollowsTheLanguageSwitch(t *testing.T) {
	t.Parallel()
	english := map[string]bool{} // key help that reads differently in Chinese
	for _, k := range i18n.Keys() {
		if en, zh := i18n.T(i18n.English, k), i18n.T(i18n.Chinese, k); strings.HasPrefix(k, "key.") && en != zh {
			english[en] = true
		}
	}
	pages := everyPage()
	for name, addr := range pages {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, i18n.English, 120, 40)
			h.send(common.OpenPageMsg{To: addr})
			top := h.m.top()
			h.m.ctx.SetLang(i18n.Chinese) // what L does, without the key: a page with a text field keeps L for it
			h.send(common.LangChangedMsg{})
			if h.m.top() != top {
				t.Fatalf("the page closed on a language switch")
			}
			var still []string
			for _, group := range append(top.FullHelp(), top.ShortHelp()) {
				for _, b := range group {
					if english[b.Help().Desc] {
						still = append(still, b.Help().Desc)
					}
				}
			}
			if len(still) > 0 {
				t.Errorf("still in English after the switch: %q", still)
			}
		})
	}
}

// everyPage is an address of every page there is, with what it needs to show itself.
func everyPage() map[string]common.PageAddress {
	perm := client.ResourcePermission{ID: 1, Name: "echo_item", GatewayName: "demo-echo", Grant: client.Grant{PermissionStatus: client.StatusOwned, PermissionLevel: "normal"}}
	return map[string]common.PageAddress{
		"gateway":    common.GatewayPage{Gateway: client.Gateway{Name: "demo-echo"}},
		"doc":        common.DocPage{Gateway: client.Gateway{Name: "demo-echo"}, Resource: client.Resource{Name: "echo_item", Method: "GET", Path: "/items/{item_id}/"}, Stage: "prod"},
		"console":    common.ConsolePage{Gateway: "demo-echo", Resource: client.Resource{Name: "echo_item", Method: "GET", Path: "/items/{item_id}/"}, Stage: "prod"},
		"apply":      common.ApplyPage{Target: "demo-echo", Items: common.APIItems([]client.ResourcePermission{perm})},
		"apply mcp":  common.ApplyPage{Kind: client.KindMCP, Items: []common.ApplyItem{{ID: 1, Name: "demo-mcp"}}},
		"apply comp": common.ApplyPage{Kind: client.KindComponent, Target: "CC", SystemID: 1, Items: []common.ApplyItem{{ID: 1, Name: "search_business"}}},
		"renew":      common.RenewPage{Perms: []client.ResourcePermission{perm}},
		"my perms":   common.MyPermsPage{},
		"record":     common.RecordPage{ID: 1},
		"comp rec":   common.RecordPage{Kind: client.KindComponent, ID: 501},
		"mcp rec":    common.RecordPage{Kind: client.KindMCP, ID: 601},
		"mcp server": common.MCPServerPage{Server: fakeMCPServers()[1]},
		"components": common.ComponentsPage{System: client.ESBSystem{ID: 1, Name: "CC"}},
		"comp call":  common.ComponentCallPage{System: "CC", Component: client.Component{ID: 1, Name: "search_business"}},
		"connect":    common.ConnectPage{},
		"profile":    common.ProfilePage{},
		"records":    common.RecordsPage{},
		"mcp":        common.MCPPage{},
		"systems":    common.SystemsPage{},
		"history":    common.HistoryPage{},
		"import":     common.ImportPage{},
		"chat":       common.ConsolePage{Gateway: "bkai-demo", Resource: client.Resource{Name: "chat_completions", Method: "POST", Path: "/v1/chat/completions", Kind: client.KindAI}, Stage: "prod"},
		"gateways":   common.GatewaysPage{},
		"welcome":    common.WelcomePage{},
		"sent":       common.SentPage{Entry: history.Entry{Gateway: "demo-echo", Resource: "echo_get", Method: "GET", Path: "/echo/", Stage: "prod"}},
		"saved":      common.SavedPage{},
		"saved one":  common.SavedRequestPage{Request: collection.Request{Name: "mine", Gateway: "demo-echo", API: "echo_get", Method: "GET", Path: "/echo/", Stage: "prod"}},
	}
}

// A Chinese screen is punctuated in Chinese: labels composed in code had put "环境: prod" and
// "访问地址: …" beside the catalog's "来源：…", and clauses were joined with "; ".
func TestEveryPageIsPunctuatedInChinese(t *testing.T) {
	t.Parallel()
	for name, addr := range everyPage() {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, i18n.Chinese, 120, 40)
			h.send(common.OpenPageMsg{To: addr})
			if line := i18n.MixedPunctuation(ansi.Strip(h.view())); line != "" {
				t.Errorf("English punctuation after Chinese: %q", line)
			}
		})
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
		h.keys("ctrl+s")
		mustContain(t, h.view(), want[1])
	}
}
