package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// A personal token from the console, against the sandbox's 1.24 gateway: the API list and the
// doc say which APIs accept one; ctrl+r switches the call to Authorization: Bearer (and says so,
// masked); an API that accepts it answers as the token's user, one that does not is refused and
// the refusal is explained with its fix; the snippet carries the Bearer header, masked.
func TestConsoleCallsWithAPersonalToken(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.run(h.m.Init())
	h.keys("/", "demo-echo", "enter", "/", "token_whoami")
	mustContain(t, h.view(), "token_whoami", "token")
	h.keys("enter")
	mustContain(t, h.view(), "accepts personal tokens")
	h.keys("c")
	mustContain(t, h.view(), "Call token_whoami", "X-Bkapi-Authorization")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlR})
	mustContain(t, h.view(), "personal token (Authorization: Bearer", "Authorization: Bearer ****")
	if strings.Contains(h.view(), "does not say it accepts personal tokens") {
		t.Fatal("warned on an API that accepts personal tokens")
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "200 OK", `"app_code": "personal"`, `"username": "demo-user"`)
	h.send(tea.KeyMsg{Type: tea.KeyCtrlN}) // from the Response tab to the Snippet tab
	mustContain(t, h.view(), "Authorization: Bearer ****")
	if strings.Contains(h.view(), "X-Bkapi-Authorization") {
		t.Fatalf("the snippet sends both credentials:\n%s", h.view())
	}
}

func TestConsolePersonalTokenRefusedIsExplained(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.openConsole("demo-echo", "client_whoami")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlR})
	mustContain(t, h.view(), "does not say it accepts personal tokens", "ctrl+r switches back")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "401", "does not accept this kind of OAuth2 token", "call with the app credentials instead")
}
