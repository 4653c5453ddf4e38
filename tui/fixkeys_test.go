package tui

import (
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/sandbox"
)

// A refused app secret is fixed in the console's login form, and the console says so with its
// keys: it offered the CLI's "bkconsole login" to a user who has no shell open.
func TestRefusedCredentialsPointToTheLoginForm(t *testing.T) {
	t.Parallel()
	h, _, _ := realHarnessWith(t, sandbox.Options{}, func(c *client.Config) { c.AppSecret = "mistyped" })
	h.run(h.m.Init())
	v := h.view()
	mustContain(t, v, "bk_app_code or bk_app_secret is incorrect", "re-enter the app secret: P, then n (the login form)")
	if strings.Contains(v, "bkconsole login") {
		t.Errorf("the CLI's command offered in the console:\n%s", v)
	}
}
