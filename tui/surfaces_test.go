package tui

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/sandbox"
)

// The gateway page says which of its details it could not read: a failed read of the stages had
// left only the profile's stage listed, so S could not reach the others and nothing said why.
func TestGatewayPageSaysWhatItCouldNotRead(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ path, want string }{
		{"/gateways/bk-cmdb/stages/", "The gateway's stages could not be read"},
		{"/gateways/bk-cmdb/", "The gateway's details could not be read"},
	} {
		h, _, _ := realHarnessWith(t, sandbox.Options{}, func(cfg *client.Config) {
			cfg.BkToken = sandbox.DemoBkToken
			cfg.HelpCenterURL = failingPath(t, cfg.HelpCenterURL, c.path)
		})
		h.resize(80, 24)
		h.run(h.m.Init())
		h.keys("enter")
		v := h.view()
		mustContain(t, v, c.want, "r retries", "search_business")
		if n := strings.Count(v, "\n") + 1; n != 24 {
			t.Errorf("%s: %d lines on a 24-line terminal:\n%s", c.path, n, v)
		}
	}
}

// Without a login the stages listed are the profile's, and the page says so: they had read as
// the gateway's own.
func TestStagesFromTheProfileAreMarked(t *testing.T) {
	t.Parallel()
	h := visitorHarness(t, 80, 24)
	h.keys("enter")
	mustContain(t, h.view(), "Stages (profile): prod", "search_business")
}

// A surface given up because it could not be reached is asked again at r: a moment's outage of
// the Help Center had sent every read to the open APIs until the console ended, r included.
func TestAnUnreachableHelpCenterIsTriedAgain(t *testing.T) {
	t.Parallel()
	var down atomic.Bool
	down.Store(true)
	h, _, _ := realHarnessWith(t, sandbox.Options{}, func(cfg *client.Config) {
		cfg.BkToken = sandbox.DemoBkToken
		cfg.HelpCenterURL = unreachableWhile(t, cfg.HelpCenterURL, &down)
	})
	h.resize(120, 24) // the header has room to say where the list came from
	h.run(h.m.Init())
	mustContain(t, h.view(), "via the open APIs", "bk-cmdb")
	down.Store(false)
	h.keys("r")
	if v := h.view(); strings.Contains(v, "via the open APIs") || !strings.Contains(v, "via the API Help Center") {
		t.Errorf("the Help Center answers again, and r does not read it:\n%s", v)
	}
}

// unreachableWhile is u's server behind a proxy that drops every connection while down is set.
func unreachableWhile(t *testing.T, u string, down *atomic.Bool) string {
	return behindProxy(t, u, func(w http.ResponseWriter, r *http.Request) bool {
		if !down.Load() {
			return false
		}
		if c, _, err := w.(http.Hijacker).Hijack(); err == nil {
			c.Close()
		}
		return true
	})
}

// The permissions tab says when it could not read whether the gateway takes whole-gateway
// applications: the line had stayed blank.
func TestPermissionsTabSaysWhenWholeGatewayIsUnknown(t *testing.T) {
	t.Parallel()
	h, _, _ := realHarnessWith(t, sandbox.Options{}, func(cfg *client.Config) {
		cfg.BkToken = sandbox.DemoBkToken
		cfg.DeveloperCenterURL = failingPath(t, cfg.DeveloperCenterURL, "/allow-apply-by-gateway/")
		cfg.APIURLTmpl = failingPath(t, cfg.APIURLTmpl, "/allow-apply-by-gateway/")
	})
	h.resize(80, 24)
	h.run(h.m.Init())
	h.keys("enter", "tab", "tab")
	mustContain(t, h.view(), "Whole-gateway applications: unknown", "W still sends one", "add_host_to_resource")
}

// The SDK tab shows the usage example of the API it names: another API's stood under this
// one's name while it loaded, and for good when its read failed, with nothing said.
func TestSDKTabNamesOnlyItsOwnUsageExample(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 30)
	h.keys("down", "enter", "tab")
	mustContain(t, h.view(), "client.api.echo_get()")
	h.f.fail("sdk_usage", connectionReset())
	h.keys("shift+tab", "down", "tab")
	v := h.view()
	mustContain(t, v, "The usage example of echo_item could not be read")
	if strings.Contains(v, "client.api.echo_get()") {
		t.Errorf("echo_get's example under echo_item:\n%s", v)
	}
}

// A server whose listing points elsewhere than the gateway gets no client configuration: it
// would send the app's credentials there on every start of the AI client. Trying it was
// refused already; the config, its copy and its write were not.
func TestMCPConfigRefusedForAForeignURL(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 40, func(f *fakeBackend) {
		f.mcp = fakeMCPServers()
		f.mcp[1].MCPServer.URL = "http://127.0.0.2:1/api/bk-apigateway/prod/api/v2/mcp-servers/bk-user-prod-directory/mcp/"
	})
	h.keys("M", "down", "enter")
	v := h.view()
	mustContain(t, v, "the MCP server's address is not on the gateway")
	if strings.Contains(v, "X-Bkapi-Authorization") || strings.Contains(v, "mcpServers") {
		t.Errorf("a config for a foreign host:\n%s", v)
	}
	h.keys("y")
	mustContain(t, h.view(), "not on the gateway")
	if copyReported(h.view(), "client config") {
		t.Errorf("copied:\n%s", h.view())
	}
	h.keys("m", "w") // a mode that writes
	if v := h.view(); !strings.Contains(v, "not on the gateway") || strings.Contains(v, "merge into:") {
		t.Errorf("w offered to write it:\n%s", v)
	}
}

// Without a login the permissions tab lists the APIs from the API list; a read again of that
// list that fails keeps them too.
func TestPermissionsTabWithoutStatusKeepsItsRows(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 30, func(f *fakeBackend) {
		f.permErr = &client.ErrUnavailable{Feature: client.FeaturePermissions}
	})
	h.keys("down", "enter", "tab", "tab")
	mustContain(t, h.view(), "echo_item", "delete_item")
	h.f.err = connectionReset()
	h.keys("r")
	mustContain(t, h.view(), "echo_item", "delete_item", "Could not read it again")
}

// The palette says whose APIs its index could not read, and r on the gateway list reads them
// again: a gateway that failed was left out of every search without a word until the next start.
func TestPaletteSaysWhoseAPIsItCouldNotRead(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 30, func(f *fakeBackend) {
		f.fail("resources/demo-echo", connectionReset())
	})
	h.keys(":")
	if v := strings.Join(strings.Fields(h.view()), " "); !strings.Contains(v, "the APIs of demo-echo could not be read: r on the gateway list reads them again") {
		t.Fatalf("the palette does not say it:\n%s", h.view())
	}
	typeText(h, "echo_item")
	if strings.Contains(h.view(), "/items/{item_id}/") {
		t.Fatalf("found in an index that could not read it:\n%s", h.view())
	}
	h.keys("esc")
	h.f.fail("resources/demo-echo", nil)
	h.keys("r", ":")
	typeText(h, "echo_item")
	v := h.view()
	mustContain(t, v, "/items/{item_id}/")
	if strings.Contains(v, "could not be read") {
		t.Errorf("still said after the read again:\n%s", v)
	}
}

// The console says when the API's parameters could not be read: it offered none, and the body
// started empty, without a word.
func TestConsoleSaysWhenTheParametersCouldNotBeRead(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 30, func(f *fakeBackend) {
		f.fail("detail", connectionReset())
	})
	h.openConsole("demo-echo", "echo_item")
	mustContain(t, h.view(), "the API's parameters could not be read")
}

// Both of the gateway's reads failing is said once, in two lines at most: at 60×15 four lines
// of notes had left the list one row of three.
func TestGatewayPageKeepsRoomForItsAPIsWhenItsDetailsFail(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.Chinese, 60, 15)
	h.keys("down", "enter")
	h.f.err = connectionReset()
	h.keys("r")
	mustContain(t, h.view(), "无法读取网关详情与环境列表", "echo_get", "echo_item", "delete_item")
}

// Of many gateways the index could not read, the palette names three and counts the rest: a
// hundred names would have pushed its list off the screen.
func TestPaletteNamesThreeUnreadGateways(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 60, 15)
	h.m.indexUnread = []string{"a-gw", "b-gw", "c-gw", "d-gw", "e-gw"}
	h.keys(":")
	v := h.view()
	if flat := strings.Join(strings.Fields(v), " "); !strings.Contains(flat, "a-gw, b-gw, c-gw and 2 more gateways could not be read") || strings.Contains(flat, "d-gw") {
		t.Errorf("the hint:\n%s", v)
	}
	mustContain(t, v, "Records", "My permissions")
}

// The SDK tab in Chinese: the sandbox's Help Center said that a gateway's golang SDK is not
// built in English whatever the language asked (as a release answers in the reader's).
func TestSDKUsageInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.run(h.m.Init())
	h.keys("/", "bk-user", "enter", "tab", "l")
	h.awaitView("The golang SDK of gateway bk-user is not built yet.")
	h.keys("L")
	h.awaitView("网关 bk-user 的 golang SDK 尚未生成。")
}
