package tui

import (
	"strings"
	"testing"
)

// A user reading the doc of an API their app may not call yet had to go back, open the
// Permissions tab, find the API, select it and press A. The doc page offers A itself where the
// API can be applied for, and opens the one application form on that API; where there is
// nothing to apply for (no permission needed, or owned already) it neither offers nor acts.
func TestApplyFromTheDoc(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.resize(100, 30)
	h.run(h.m.Init())
	h.keys("/", "demo-echo", "enter", "/", "echo_item", "enter")
	h.awaitView("Request URL")
	h.awaitView("not applied")
	mustContain(t, footerOf(h.view()), "A apply")
	h.keys("A")
	v := h.view()
	mustContain(t, v, "› Apply", "echo_item")
	if strings.Contains(v, "echo_get") {
		t.Fatalf("the form holds another API:\n%s", v)
	}
	h.keys("esc")
	h.awaitView("Request URL")

	h.keys("esc", "esc", "/", "echo_get", "enter") // permission-free: nothing to apply for
	h.awaitView("Request URL")
	if f := footerOf(h.view()); strings.Contains(f, "apply") {
		t.Fatalf("a permission-free API offers apply: %q", f)
	}
	h.keys("A")
	if v := h.view(); strings.Contains(v, "› Apply") {
		t.Fatalf("A opened a form for a permission-free API:\n%s", v)
	}
}
