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

// A list read but for a part says what is missing before why, on the CLI's line and the status
// line alike, whatever form the reason takes (a feature out of reach, a transport failure).
func TestPartlyReadSaysWhatIsMissingFirst(t *testing.T) {
	unavailable := &client.ErrUnavailable{Feature: client.FeatureMCP, Needs: []string{client.NeedToken}}
	lost := &client.TransportError{Method: "GET", URL: "http://esb.example/x", Err: errString("connection refused")}
	for _, c := range []struct {
		err    error
		lang   i18n.Lang
		starts string
	}{
		{&client.OtherRecordsUnreadError{Kinds: []client.Kind{client.KindMCP}, Err: unavailable}, i18n.English, "MCP records could not be read: "},
		{&client.OtherRecordsUnreadError{Kinds: []client.Kind{client.KindMCP, client.KindComponent}, Err: lost}, i18n.Chinese, "无法读取MCP、组件申请记录："},
		{&client.ComponentsUnreadError{Err: lost}, i18n.English, "component permissions could not be read: "},
	} {
		p := client.Present(c.err, c.lang)
		for face, line := range map[string]string{"line": p.Line(c.lang), "short": p.Short(c.lang)} {
			if !strings.HasPrefix(line, c.starts) || len(line) <= len(c.starts) {
				t.Errorf("%s %s: %q, want it to start %q and say why", c.lang, face, line, c.starts)
			}
			if strings.Count(line, c.starts) > 1 || strings.Contains(line, "could not be read") && c.lang == i18n.Chinese {
				t.Errorf("%s %s says what is missing twice: %q", c.lang, face, line)
			}
		}
	}
}

type errString string

func (e errString) Error() string { return string(e) }

// Every error bkconsole words from an answer frames it in the reader's language, the server's
// words quoted inside: their frames were English inside the Chinese line.
func TestAnswerErrorsFrameInTheReadersLanguage(t *testing.T) {
	for _, c := range []struct {
		err  error
		zh   string
		kept string // the server's words, or what names the request, as they came
	}{
		{&client.GatewayError{Status: 403, Code: 1640301, CodeName: "APP_NO_PERMISSION", Message: "no way"}, "网关错误 403", "no way"},
		{&client.ESBError{Code: "1306403", Message: "no way"}, "组件返回错误码 1306403", "no way"},
		{&client.MCPError{Status: 403, Message: "no way"}, "MCP 服务返回 403", "no way"},
		{&client.NotJSONError{Status: 502, Head: "<html>"}, "应答不是 JSON", "<html>"},
		{&client.ResultFalseError{Status: 200, Code: "9", Message: "no way"}, "result 为 false", "no way"},
		{&client.UnexpectedAnswerError{Status: 200, URL: "http://h/x", Head: "[]"}, "的应答不符合约定", "http://h/x"},
		{&client.BodyTooLargeError{Status: 200, URL: "http://h/x", Limit: 64 << 20}, "超过 bkconsole 的上限 64 MiB", "http://h/x"},
		{&client.TooManyPagesError{URL: "http://h/x", Pages: 1000, Items: 100000}, "服务器一直在分页", "http://h/x"},
		{&client.RedirectError{From: "http://h/x", To: "http://evil/"}, "未跟随从", "http://evil/"},
	} {
		zh, en := client.Present(c.err, i18n.Chinese).Detail, client.Present(c.err, i18n.English).Detail
		if !strings.Contains(zh, c.zh) || !strings.Contains(zh, c.kept) || zh == en || !strings.Contains(en, c.kept) {
			t.Errorf("%T: zh %q, en %q", c.err, zh, en)
		}
	}
}
