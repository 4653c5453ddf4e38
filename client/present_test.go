package client_test

import (
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
)

// One value explains a failure to the CLI and the TUI alike, in either language, with the
// server's words cleaned.
func TestPresentOneValueBothFacesBothLanguages(t *testing.T) {
	ge := &client.GatewayError{Status: 403, Code: 1640301, CodeName: "APP_NO_PERMISSION", RequestID: "rid-9",
		Message: "App has no permission to the resource [reason=\"no permission\x1b[2J\"]", Reason: "no permission\x1b[2J"}
	for _, lang := range []i18n.Lang{i18n.English, i18n.Chinese} {
		p := client.Present(ge, lang)
		if p.Code == "" || p.Fix != client.FixApply || p.Hint != i18n.T(lang, client.FixApply) || p.RequestID != "rid-9" || p.Gateway == "" {
			t.Fatalf("%s: %+v", lang, p)
		}
		line, short := p.Line(lang), p.Short(lang)
		for _, s := range []string{line, short} {
			if !strings.Contains(s, p.Message) || !strings.Contains(s, p.Hint) || !strings.Contains(s, "rid-9") || strings.Contains(s, "\x1b") {
				t.Errorf("%s: %q lacks the meaning, the fix or the request id", lang, s)
			}
		}
		if strings.Contains(p.Reason, "\x1b") {
			t.Errorf("reason not cleaned: %q", p.Reason)
		}
	}
	// Input refused before sending: the message alone, no fix.
	in := client.Present(&client.ErrUserInput{Key: "input.empty_reason"}, i18n.Chinese)
	if !in.Input || in.Line(i18n.Chinese) != i18n.T(i18n.Chinese, "input.empty_reason") || in.Hint != "" {
		t.Errorf("input: %+v", in)
	}
	// D's 401 gives where to log in.
	d := client.Present(&client.DevCenterError{Status: 401, Code: "Unauthorized", Detail: "x", LoginURL: "http://login/"}, i18n.English)
	if d.LoginURL != "http://login/" || !strings.Contains(d.Short(i18n.English), "http://login/") || !strings.Contains(d.Line(i18n.English), "http://login/") {
		t.Errorf("login url: %+v", d)
	}
}

// A name not found quotes the server's words after bkconsole's sentence: in Chinese the
// full-width brackets carry their own space, so none stands between two of them.
func TestNotFoundQuotesTheServerInEachLanguage(t *testing.T) {
	err := &client.ErrNotFound{What: "stage", Name: "nope", Known: []string{"prod"},
		Cause: &client.DashboardError{Status: 404, Message: "not found"}}
	if l := client.Present(err, i18n.Chinese).Line(i18n.Chinese); strings.Contains(l, "） （") || !strings.Contains(l, "（服务器返回：") {
		t.Errorf("zh: %s", l)
	}
	if l := client.Present(err, i18n.English).Line(i18n.English); !strings.Contains(l, ") (the server said: ") {
		t.Errorf("en: %s", l)
	}
}
