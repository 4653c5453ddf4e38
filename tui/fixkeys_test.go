package tui

import (
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/sandbox"
	"github.com/bkconsole/bkconsole/tui/common"
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

// A secret from the environment is used over any profile's: a login would not replace it, so
// the fix names the variable.
func TestARefusedSecretFromTheEnvironmentIsReplacedThere(t *testing.T) {
	t.Parallel()
	h, _, _ := realHarnessWith(t, sandbox.Options{}, func(c *client.Config) { c.AppSecret = "mistyped" })
	h.m.ctx.Profile.Secrets["bk_app_secret"] = common.SecretSource{From: "environment", Var: "BK_APP_SECRET"}
	h.run(h.m.Init())
	mustContain(t, h.view(), "put the right app secret in BK_APP_SECRET")
}
