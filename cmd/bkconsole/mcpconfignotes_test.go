package main

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
)

// What mcp config says beside the configuration fits the client and the secrets mode: Cursor's
// one-click link is offered only when what it installs works (with masked secrets it installed
// **** as the secret), and the note about mcp-remote's environment is Claude Desktop's alone (a
// Cursor configuration from the environment was told to set BK_AUTH for Claude Desktop).
func TestMCPConfigNotesFitTheClient(t *testing.T) {
	store, _ := isolate(t)
	config := func(client, mode string) (stdout, stderr string) {
		code, out, errs := inProcess(t, store, "", "--sandbox", "mcp", "config", "demo-echo-prod-echo", "--client", client, "--secrets", mode)
		if code != 0 {
			t.Fatalf("%s %s: %d %s", client, mode, code, errs)
		}
		return out, errs
	}
	_, errs := config("cursor", "masked")
	if strings.Contains(errs, "cursor://") || !strings.Contains(errs, "none while the secrets are masked") || !strings.Contains(errs, "--secrets env") {
		t.Errorf("cursor, masked:\n%s", errs)
	}
	_, errs = config("cursor", "env")
	i := strings.Index(errs, "&config=")
	if i < 0 || strings.Contains(errs, "Claude Desktop") {
		t.Fatalf("cursor, env:\n%s", errs)
	}
	enc, _, _ := strings.Cut(errs[i+len("&config="):], "\n")
	enc, _ = url.QueryUnescape(enc)
	installed, err := base64.StdEncoding.DecodeString(enc)
	if err != nil || !strings.Contains(string(installed), "${env:BK_APP_SECRET}") || strings.Contains(string(installed), "****") {
		t.Errorf("the link installs %s (%v)", installed, err)
	}
	if _, errs = config("claude-desktop", "env"); !strings.Contains(errs, "Claude Desktop starts mcp-remote with its own environment: set BK_AUTH") {
		t.Errorf("claude-desktop, env:\n%s", errs)
	}
}
