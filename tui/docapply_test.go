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
	h.openDoc(100, 30, "demo-echo", "echo_item")
	h.awaitView("not applied")
	for _, c := range []struct {
		api   string
		apply bool
	}{{"echo_item", true}, {"echo_get", false}} { // echo_get needs no permission
		if c.api != "echo_item" {
			h.keys("esc", "esc", "/", c.api, "enter")
			h.awaitView("Request URL")
		}
		offered := strings.Contains(footerOf(h.view()), "A apply")
		h.keys("A")
		form := h.view()
		opened := strings.Contains(form, "› Apply")
		if offered != c.apply || opened != c.apply || (opened && (!strings.Contains(form, c.api) || strings.Contains(form, "echo_get"))) {
			t.Fatalf("%s: apply offered %v, form opened %v, want %v:\n%s", c.api, offered, opened, c.apply, form)
		}
		if opened {
			h.keys("esc")
			h.awaitView("Request URL")
		}
	}
}
