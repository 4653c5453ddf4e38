package tui

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/tui/common"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/sandbox"
	tea "github.com/charmbracelet/bubbletea"
)

// realHarness drives the root model on the real planner against a sandbox whose faults the
// test switches on and off.
func realHarness(t *testing.T) (*harness, *sandbox.Sandbox) {
	h, sb, _ := realHarnessPlanner(t)
	return h, sb
}

// realHarnessPlanner is realHarness with the planner, for a test to look at the sandbox as
// another client would.
func realHarnessPlanner(t *testing.T, opts ...sandbox.Options) (*harness, *sandbox.Sandbox, *client.Planner) {
	opts = append(opts, sandbox.Options{})
	return realHarnessAs(t, opts[0], sandbox.DemoBkToken)
}

// realHarnessAs is realHarnessPlanner with the bk_token the profile holds.
func realHarnessAs(t *testing.T, opts sandbox.Options, bkToken string) (*harness, *sandbox.Sandbox, *client.Planner) {
	return realHarnessWith(t, opts, func(c *client.Config) { c.BkToken = bkToken })
}

// realHarnessWith is realHarnessPlanner with the planner's configuration edited first.
func realHarnessWith(t *testing.T, opts sandbox.Options, edit func(*client.Config)) (*harness, *sandbox.Sandbox, *client.Planner) {
	sb, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	u := sandbox.URLsFor(srv.URL)
	cfg := client.Config{HelpCenterURL: u.HelpCenterURL, DeveloperCenterURL: u.DeveloperCenterURL, APIURLTmpl: u.APIURLTmpl,
		ComponentAPIURL: u.ComponentAPIURL,
		AppCode:         sandbox.DemoAppCode, AppSecret: sandbox.DemoAppSecret, Timeout: time.Second, Retries: -1,
		Lang:          "en", // as the binary asks, in the UI's language
		PersonalToken: sandbox.PersonalTokens["valid"]}
	edit(&cfg)
	p, _ := client.NewPlanner(cfg)
	c := common.NewContext(p, common.ProfileInfo{Name: "f", Stages: []string{"prod"}, APIURLTmpl: u.APIURLTmpl, Token: "aging",
		Secrets: map[string]common.SecretSource{"bk_token": {From: "keyring"}}}, i18n.English)
	m := New(c)
	h := &harness{t: t, m: m, f: newFake(), wait: 3 * time.Second}
	h.holdTime()
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	return h, sb, p
}

func TestFaultsShowAMessageAndLoseNothing(t *testing.T) {
	t.Parallel()
	for _, fc := range []struct {
		name  string
		fault sandbox.Faults
		want  string
	}{
		{"html", sandbox.Faults{HTMLRate: 1}, "not JSON"},
		{"5xx", sandbox.Faults{ErrorRate: 1}, "SERVICE_UNAVAILABLE"},
		{"reset", sandbox.Faults{ResetRate: 1}, "the connection broke"},
		{"truncated", sandbox.Faults{Truncate: 1}, "not JSON"},
		{"slow", sandbox.Faults{Latency: 2 * time.Second}, "timed out"},
	} {
		t.Run(fc.name, func(t *testing.T) {
			h, sb := realHarness(t)
			sb.SetFaults(fc.fault)
			h.run(h.m.Init())
			mustContain(t, h.view(), fc.want, "press r")
			sb.SetFaults(sandbox.Faults{})
			h.keys("r")
			mustContain(t, h.view(), "demo-echo")

			// A draft in the application form survives the fault on submit.
			h.keys("/", "demo-echo", "enter", "tab", "tab")
			mustContain(t, h.view(), "echo_item")
			h.keys("/", "echo_item", "enter", " ", "esc", "A")
			typeText(h, "the draft reason")
			sb.SetFaults(fc.fault)
			h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
			h.keys("y")
			v := h.view()
			mustContain(t, v, "the draft reason", "APIs (1)", "echo_item")
			if strings.Contains(v, "applied: record") {
				t.Fatal("nothing was applied")
			}
			sb.SetFaults(sandbox.Faults{})
			h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
			h.keys("y")
			// A write that timed out may still have reached the server: then the honest answer
			// to sending it again is that it is pending.
			if v := h.view(); !strings.Contains(v, "applied: record") && !(fc.name == "slow" && strings.Contains(v, "is pending")) {
				t.Fatalf("after the fault:\n%s", v)
			}
		})
	}
}

func TestConsoleDraftSurvivesAFault(t *testing.T) {
	t.Parallel()
	h, sb := realHarness(t)
	h.openConsole("demo-echo", "echo_post")
	h.keys("tab", "tab")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlX})
	typeText(h, `{"keep": "me"}`)
	sb.SetFaults(sandbox.Faults{ResetRate: 1})
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	// The reset came after the request was sent: its outcome is unknown, and it was not resent.
	mustContain(t, h.view(), `{"keep": "me"}`, "answer was lost", "not sent again")
	sb.SetFaults(sandbox.Faults{})
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "200 OK", `"keep": "me"`)
}

// The profile page says of the active profile's bk_token what the servers said when it checked
// it: it had said "over 20 hours old: likely to expire soon" and asked for a fresh token beside
// the features that token had just unlocked, and nothing when the server refused it.
func TestProfilePageSaysWhatTheServerSaidOfTheToken(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		token, want, not string
	}{
		{sandbox.DemoBkToken, "the server accepts it", "may have expired"},
		{"expired-token", "the server refused the saved bk_token: n pastes a fresh one", "accepts"},
	} {
		h, _, _ := realHarnessAs(t, sandbox.Options{}, c.token)
		h.send(common.OpenPageMsg{To: common.ProfilePage{}})
		if v := h.view(); !strings.Contains(v, c.want) || strings.Contains(v, c.not) {
			t.Errorf("%s: want %q, not %q:\n%s", c.token, c.want, c.not, v)
		}
	}
}

// A tab, a doc or a record that failed to load says which key loads it again, and the footer
// offers that key first (the APIs tab's footer had left it out: the error said "try again
// later" and no key).
func TestFailedPagesOfferTheKeyThatLoadsThemAgain(t *testing.T) {
	t.Parallel()
	h, sb := realHarness(t)
	h.rebind(map[string][]string{"refresh": {"f5"}})
	h.run(h.m.Init())
	sb.SetFaults(sandbox.Faults{ErrorRate: 1})
	h.keys("/", "demo-echo", "enter")
	for _, tab := range []string{"APIs", "SDKs", "Permissions"} {
		if v := h.view(); !strings.Contains(v, "press f5 to try again") || !strings.HasPrefix(footerOf(v), "f5 refresh") {
			t.Fatalf("%s tab:\n%s", tab, v)
		}
		h.keys("tab")
	}
	sb.SetFaults(sandbox.Faults{})
	h.keys("f5")
	h.awaitView("echo_item")
	sb.SetFaults(sandbox.Faults{ErrorRate: 1})
	h.keys("/", "echo_get", "enter")
	v := h.view()
	if !strings.Contains(v, "press f5 to try again") || !strings.HasPrefix(footerOf(v), "f5 refresh") {
		t.Fatalf("doc:\n%s", v)
	}
	sb.SetFaults(sandbox.Faults{})
	h.keys("f5")
	mustContain(t, h.view(), "Request URL")
}
