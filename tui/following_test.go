package tui

import (
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
)

// Following a waiting application goes on through a read that fails, on every page that
// follows one.

// The server page follows a waiting application through a failed read, as the list does: one
// failure had ended the following (the page read "pending" until it was left), the list's
// blanked it for an error page, and the server page opened from the list did not follow.
func TestMCPServerPageFollowsThroughAFailedRead(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 34, func(f *fakeBackend) {
		f.mcp = fakeMCPServers()
		f.mcp[0].Permission.Status = client.MCPPending
	})
	h.keys("M", "enter")
	mustContain(t, h.view(), "Status: pending")
	followThroughAFailure(t, h, "mcp", "Status: pending", func() {
		h.f.mu.Lock()
		h.f.mcp[0].Permission.Status = client.MCPOwned
		h.f.mu.Unlock()
	})
	h.keys("esc") // the list below followed too
	if v := h.view(); strings.Contains(v, "pending") || !strings.Contains(v, "demo-echo-prod-echo") {
		t.Fatalf("the list:\n%s", v)
	}
}

// A read of the records that fails while an MCP application waits keeps the list and goes on
// following: the page had given way to the error and stopped looking.
func TestRecordsFollowThroughAFailedRead(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 130, 34)
	h.keys("R")
	mustContain(t, h.view(), "demo-echo-prod-echo", "pending")
	h.f.mu.Lock()
	h.f.permErr = connectionReset()
	h.f.mu.Unlock()
	h.advance(common.FollowEvery)
	mustContain(t, h.view(), "demo-echo-prod-echo", "pending", "Could not read it again")
	h.f.mu.Lock()
	h.f.permErr = nil
	h.f.mu.Unlock()
	before := h.f.Calls("mcp_records")
	h.advance(common.FollowEvery)
	if h.f.Calls("mcp_records") <= before {
		t.Fatal("the following ended with the failed read")
	}
}

// componentApplied is the components list of CC with an application for its first component
// waiting.
func componentApplied(t *testing.T) *harness {
	h := newHarness(t, i18n.English, 130, 34)
	h.keys("E", "enter", " ", "A")
	typeText(h, "sync")
	h.keys("ctrl+s", "y", "esc")
	mustContain(t, h.view(), "pending")
	return h
}

// A failed read while an application waits keeps the list and follows on.
func TestComponentsFollowThroughAFailedRead(t *testing.T) {
	t.Parallel()
	h := componentApplied(t)
	followThroughAFailure(t, h, "components", "pending", h.f.decideComponents)
	mustContain(t, h.view(), "in 180 days")
}

// followThroughAFailure has the fake's call fail while the page shows want (a waiting
// application), checks that the page keeps it and says the read failed, then decides the
// application and checks that the page shows it without a key.
func followThroughAFailure(t *testing.T, h *harness, call, want string, decide func()) {
	t.Helper()
	h.f.fail(call, connectionReset())
	h.advance(common.FollowEvery)
	mustContain(t, h.view(), want, "Could not read it again")
	h.f.fail(call, nil)
	decide()
	h.advance(common.FollowEvery)
	if v := h.view(); strings.Contains(v, want) {
		t.Fatalf("a failed read ended the following:\n%s", v)
	}
}
