package main

import (
	"strings"
	"testing"
	"time"
)

// waitCLI polls a command's output until it holds want (the server decides on its own clock).
func waitCLI(t *testing.T, h *home, want string, args ...string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(h.ok(args...), want) {
		if time.Now().After(deadline) {
			t.Fatalf("%v never showed %q", args, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// afterDecision leaves the sent form, waits until the command line (args) shows the record
// decided (decided), then refreshes the page with r until it shows want.
func (s *tmuxSession) afterDecision(h *home, args []string, decided string, want ...string) {
	s.t.Helper()
	s.keys("Escape")
	s.waitFor("pending", "0 selected")
	waitCLI(s.t, h, decided, args...)
	s.keys("r")
	s.waitFor(want...)
}

// The MCP and component flows in the console, driven as a user would, on a running sandbox:
// apply for an MCP server, try it and call a tool; apply for three components, see them partly
// approved, call the approved one.
func TestTmuxMCPAndComponents(t *testing.T) {
	s := newHome(t).serve("--decide-after", "1s")
	h := newHome(t, s.as(0, "login", "hc", "dc", "BK_USERNAME=demo-user", "esb")...)
	tm := startTmux(t, h, 120, 45, nil)
	tm.waitFor("demo-echo", "? help")

	tm.keys("M")
	tm.waitFor("MCP servers", "demo-echo-prod-echo", "not applied")
	tm.keys("Space")
	tm.waitFor("1 selected")
	tm.applyFor([]string{"Apply for MCP servers", "MCP servers (1)"}, "agent", "Apply for 1 MCP server? (y/N)")
	tm.afterDecision(h, []string{"mcp", "records"}, "approved", "owned")
	tm.keys("g", "Enter")
	tm.waitFor("client config: cursor", "bk_app_secret")
	tm.keys("t")
	tm.waitFor("connected: 3 tools")
	tm.keys("x")
	tm.waitFor("call ")
	tm.keys("C-s")
	tm.waitFor("the tool's answer", `"result": true`)
	tm.keys("Escape")
	tm.waitFor("t try it")
	tm.keys("Escape")
	tm.waitFor("MCP servers", "owned")

	tm.keys("E")
	tm.waitFor("Components", "CC", "JOB")
	tm.keys("Enter")
	tm.waitFor("search_business", "sensitive", "special")
	tm.keys("Space") // space marks in place
	tm.waitFor("1 selected")
	tm.keys("Down", "Space")
	tm.waitFor("2 selected")
	tm.keys("Down", "Space")
	tm.waitFor("3 selected")
	tm.applyFor([]string{"Apply for components: CC", "Components (3)"}, "sync", "Apply for 3 components of CC, valid 6 months? (y/N)")
	tm.afterDecision(h, []string{"components", "records"}, "partially approved", "owned", "rejected")
	tm.keys("g", "c")
	tm.waitFor("POST CC.search_business")
	tm.keys("C-s")
	tm.waitFor(`"result": true`)
}
