package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/i18n"
	tea "github.com/charmbracelet/bubbletea"
)

func TestImportCurlFillsTheConsole(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 40)
	fp := &fakeProfiles{}
	h.m.ctx.Profiles = fp
	h.m.ctx.Profile.APIURLTmpl = "http://bkapi.example.com/api/{api_name}"
	h.keys("I")
	mustContain(t, h.view(), "Import a curl command")
	typeText(h, `curl 'http://bkapi.example.com/api/demo-echo/prod/items/7/?a=1' -H 'X-Bkapi-Authorization: {"bk_app_code": "my-app", "bk_app_secret": "pasted-secret"}' --data-raw '{"k": "v"}'`)
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	v := h.view()
	mustContain(t, v, "Call /items/7/", "POST", `{"k": "v"}`, "a=1")
	if strings.Contains(v, "pasted-secret") {
		t.Fatal("the pasted secret is not shown in the editor")
	}
	if len(fp.logins) != 0 {
		t.Fatalf("the pasted secret was saved without asking: %v", fp.logins)
	}
	mustContain(t, v, "credentials from the pasted command", "X-Bkapi-Authorization: {\"bk_app_code\": \"my-app\", \"bk_app_secret\": \"****\"}")
	h.resize(80, 24) // the warning is wrapped, not cut before the key it names ("(S on the Resp…")
	mustContain(t, strings.Join(strings.Fields(h.view()), " "), "(S on the Response tab saves them to profile test)")
	h.resize(120, 40)
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS}) // send: the pasted credentials go with this request
	h.f.mu.Lock()
	sent := h.f.lastPrep.Auth
	h.f.mu.Unlock()
	if sent.AppSecret != "pasted-secret" {
		t.Fatalf("the request used %+v, not the pasted credentials", sent)
	}
	if len(fp.logins) != 0 {
		t.Fatalf("sending saved the pasted secret: %v", fp.logins)
	}
	h.keys("S", "n") // asked, refused: nothing saved
	if len(fp.logins) != 0 {
		t.Fatalf("saved after a no: %v", fp.logins)
	}
	h.keys("S")
	mustContain(t, h.view(), "Save the pasted credentials to profile test")
	h.keys("y")
	if len(fp.logins) != 1 || fp.logins[0] != "test/my-app" {
		t.Fatalf("a confirmed save goes to the profile: %v", fp.logins)
	}
}

// A pasted curl command comes into the console as curl would send it: -u, -A and a form body
// became no header at all (the credentials' headers were dropped on import, the options
// ignored), so the console sent another request than the one pasted.
func TestImportCurlKeepsWhatCurlSends(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 40)
	h.m.ctx.Profile.APIURLTmpl = "http://bkapi.example.com/api/{api_name}"
	h.keys("I")
	typeText(h, `curl -u ana:pw -A agent/1 -sd 'a=1' http://bkapi.example.com/api/demo-echo/prod/echo/`)
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "Authorization: Basic YW5hOnB3", "User-Agent: agent/1")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	h.f.mu.Lock()
	sent := h.f.lastPrep
	h.f.mu.Unlock()
	var got []string
	for _, kv := range sent.Headers {
		got = append(got, kv.Key+": "+kv.Value)
	}
	for _, want := range []string{"Authorization: Basic YW5hOnB3", "User-Agent: agent/1", "Content-Type: application/x-www-form-urlencoded"} {
		if !slices.Contains(got, want) {
			t.Errorf("sent %q, without %q", got, want)
		}
	}
	if string(sent.Body) != "a=1" {
		t.Errorf("sent body %q", sent.Body)
	}
}
