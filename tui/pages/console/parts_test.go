package console

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/common/pagetest"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/snippet"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

func snippetFixture(t *testing.T, userKeys map[string][]string) (snippetView, client.Prepared) {
	t.Helper()
	c := newTestContext()
	c.SetUserKeys(userKeys)
	v := newSnippetView(c, "demo-echo", "demo-echo-echo_get")
	prep, err := c.Backend.Prepare(client.CallRequest{Gateway: "demo-echo", Stage: "prod", Method: "GET", Path: "/echo/"})
	if err != nil {
		t.Fatal(err)
	}
	return v, prep
}

// The Snippet tab on its own: l and m cycle the language and the secrets mode and ask for the
// snippet again; the view names the mode and warns of inline secrets; y copies only a snippet.
func TestSnippetViewKeys(t *testing.T) {
	v, prep := snippetFixture(t, nil)
	v.generate(prep, snippet.SDKCall{}, nil)
	if !strings.Contains(v.view(80), "curl") {
		t.Fatalf("first language is curl:\n%s", v.view(80))
	}
	if _, regen, handled := v.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("l")}, 1); !handled || !regen || v.lang != 1 {
		t.Fatalf("l: handled %v regen %v lang %d", handled, regen, v.lang)
	}
	for v.mode = 0; components.SnippetModes[v.mode] != snippet.Inline; {
		if _, regen, _ := v.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("m")}, 1); !regen {
			t.Fatal("m asks for the snippet again")
		}
	}
	v.generate(prep, snippet.SDKCall{}, nil)
	if !strings.Contains(v.view(80), v.ctx.T("snippet.inline_warning")) {
		t.Fatalf("inline secrets are warned of:\n%s", v.view(80))
	}
	if _, _, handled := v.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")}, 1); handled {
		t.Fatal("q is not the tab's key")
	}
	v.generate(client.Prepared{}, snippet.SDKCall{}, errors.New("bad header line"))
	if cmd, _, handled := v.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")}, 1); !handled || cmd != nil {
		t.Fatal("y copies nothing when there is no snippet")
	}
	if !strings.Contains(v.view(80), "bad header line") {
		t.Fatalf("the reason there is no snippet is shown:\n%s", v.view(80))
	}
}

// A rebinding in the config file changes the tab's key and its help.
func TestSnippetViewRebound(t *testing.T) {
	t.Parallel()
	v, prep := snippetFixture(t, map[string][]string{"snippet_lang": {"L"}})
	v.generate(prep, snippet.SDKCall{}, nil)
	if _, _, handled := v.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("l")}, 1); handled {
		t.Fatal("l was rebound away")
	}
	if _, regen, _ := v.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("L")}, 1); !regen {
		t.Fatal("L cycles the language")
	}
	var help []string
	for _, b := range v.keys.ShortHelp() {
		help = append(help, b.Help().Key)
	}
	if !strings.Contains(strings.Join(help, " "), "L") {
		t.Fatalf("help shows the user's key: %v", help)
	}
}

// The Trace tab on its own: what it says before a call, before t, while waiting, when the log
// has nothing, and the log's rows.
func TestTraceView(t *testing.T) {
	c := newTestContext()
	v := newTraceView(c)
	resp := &client.CallResponse{RequestID: "rid-1"}
	for _, step := range []struct {
		do   func()
		resp *client.CallResponse
		want string
	}{
		{func() {}, nil, "nothing sent yet"},
		{func() {}, resp, "press t to look this request up"},
		{v.start, resp, "waiting…"},
		{func() { v.done([]client.LogEntry{}, nil) }, resp, "rid-1"},
		{func() { v.done([]client.LogEntry{{Stage: "prod", Status: "200", ResourceName: "echo_get"}}, nil) }, resp, "echo_get"},
		{func() {}, resp, c.T("trace.status")},
		{func() { v.done(nil, errors.New("log search refused")) }, resp, "log search refused"},
	} {
		step.do()
		if got := v.view(step.resp, "waiting…", 80); !strings.Contains(got, step.want) {
			t.Fatalf("want %q in:\n%s", step.want, got)
		}
	}
	v.done([]client.LogEntry{{Stage: "prod", Status: "403"}}, nil)
	if strings.Contains(v.view(resp, "", 80), "://") {
		t.Fatal("a refused call has no backend row")
	}
	// A long value wraps under itself at the page's width, none of it cut.
	v.done([]client.LogEntry{{Method: "POST", HTTPHost: "127.0.0.1:34191", HTTPPath: "/api/demo-echo/prod/echo/items/long/path/",
		CodeName: "BACKEND_TIMEOUT", Error: "the backend did not answer within 30 seconds"}}, nil)
	got := ansi.Strip(v.view(resp, "", 60))
	for _, l := range strings.Split(got, "\n") {
		if ansi.StringWidth(l) > 60 {
			t.Fatalf("a line wider than 60: %q", l)
		}
	}
	if joined := strings.Join(strings.Fields(got), ""); !strings.Contains(joined, "/api/demo-echo/prod/echo/items/long/path/") || !strings.Contains(joined, "within30seconds") {
		t.Fatalf("cut:\n%s", got)
	}
	if v.keys.ShortHelp()[0].Help().Key != "t" {
		t.Fatal("t traces")
	}
}

// all draws every line of a response (the console draws those near the screen).
var all = [2]int{0, math.MaxInt}

// The Response tab on its own: nothing yet, a failed send, an answer with the gateway's
// refusal and its fix among the keys, a saved body; a rebinding shows in its help.
func TestResponseView(t *testing.T) {
	t.Parallel()
	c := newTestContext()
	c.SetUserKeys(map[string][]string{"apply": {"ctrl+a"}})
	v := responseView{ctx: c, keys: newResponseKeys(c.Keys), read: newReader(c)}
	if !strings.Contains(v.view(80, all), "nothing sent yet") {
		t.Fatal("nothing answered yet")
	}
	v.setRendered(nil, errors.New("connection refused"), renderedAnswer{})
	if !strings.Contains(v.view(80, all), "connection refused") {
		t.Fatalf("a failed send says why:\n%s", v.view(80, all))
	}
	refusal := &client.GatewayError{Status: 403, CodeName: "APP_NO_PERMISSION", Code: 1640301, Message: "App has no permission to the resource"}
	answer := &client.CallResponse{Status: 403, RequestID: "rid-9", Body: []byte(`{"ok":false}`), Gateway: refusal}
	v.setRendered(answer, nil, v.render(answer))
	out := v.view(80, all)
	for _, want := range []string{"403", "rid-9", `"ok": false`, "press ctrl+a to apply"} { // the key as bound
		if !strings.Contains(out, want) {
			t.Fatalf("want %q in:\n%s", want, out)
		}
	}
	if v.fix() != client.FixApply {
		t.Fatalf("fix %q", v.fix())
	}
	var keys []string
	for _, b := range v.help(false) {
		keys = append(keys, b.Help().Key)
	}
	if got := strings.Join(keys, " "); keys[0] != "ctrl+a" || strings.Contains(got, "S") {
		t.Fatalf("help: the user's apply key first (a narrow footer keeps it), no keep-credentials key without pasted ones: %s", got)
	}
	v.savedPath = "/tmp/x.body"
	if !strings.Contains(v.view(80, all), "/tmp/x.body") {
		t.Fatal("where the body was saved")
	}
}

// The Request tab on its own: tab moves between fields and the focused one is marked, typing
// goes into it, the user toggle, the method of an ANY API, pretty-printing a body and what is
// wrong with one; a rebinding changes the key and its help.
func TestRequestEditor(t *testing.T) {
	t.Parallel()
	c := newTestContext()
	c.SetUserKeys(map[string][]string{"toggle_user": {"ctrl+t"}})
	e := newRequestEditor(c, client.Resource{Method: "ANY", Path: "/items/{item_id}/"})
	key := pagetest.Key
	if e.method != "GET" || len(e.inputs) != 1 || !strings.Contains(e.fieldsView(c), "▸ item_id") {
		t.Fatalf("an ANY API starts as GET with its path parameter focused:\n%s", e.fieldsView(c))
	}
	e.editKey(key("42"))
	if e.inputs[0].Value() != "42" {
		t.Fatalf("typing goes into the focused field: %q", e.inputs[0].Value())
	}
	e.editKey(key("ctrl+o"))
	if e.method != anyMethods[1] {
		t.Fatalf("the method key cycles an ANY API's method: %s", e.method)
	}
	before := e.withUser
	e.editKey(key("ctrl+u"))
	if e.withUser != before {
		t.Fatal("ctrl+u was rebound away")
	}
	e.editKey(key("ctrl+t"))
	if e.withUser == before {
		t.Fatal("ctrl+t toggles the user's login")
	}
	for range 3 {
		e.editKey(key("tab"))
	}
	if e.focus != 3 || !strings.Contains(e.fieldsView(c), "▸ "+c.T("console.body")) {
		t.Fatalf("tab reaches the body: focus %d", e.focus)
	}
	e.editKey(key(`{"a":`))
	e.editKey(key("ctrl+f"))
	if e.inputErr == nil {
		t.Fatal("pretty-printing a broken body says what is wrong")
	}
	e.body.SetValue(`{"a":1}`)
	e.editKey(key("ctrl+f"))
	if e.inputErr != nil || !strings.Contains(e.body.Value(), "\n  \"a\": 1") {
		t.Fatalf("pretty-printed: %q %v", e.body.Value(), e.inputErr)
	}
	var help []string
	for _, b := range e.edit.help(e.anyAPI) {
		help = append(help, b.Help().Key)
	}
	if got := strings.Join(help, " "); !strings.Contains(got, "ctrl+t") || !strings.Contains(got, "ctrl+o") {
		t.Fatalf("help shows the user's key and the method key of an ANY API: %s", got)
	}
}

// The jq filter on a body that is not JSON says so in the catalog's words, not gojq's.
func TestReaderFilterOnAPlainBody(t *testing.T) {
	r := newReader(newTestContext())
	r.jqIn.SetValue(".a")
	r.runJQ([]byte("plain text"))
	if r.jqErrKey != "console.jq_not_json" || r.jqOut != "" {
		t.Fatalf("key %q, out %q", r.jqErrKey, r.jqOut)
	}
	r.reset([]byte(`{"a": "x"}`)) // the next answer: decoded afresh, the filter kept
	if r.jqErrKey != "" || r.jqOut != "x\n" {
		t.Fatalf("key %q, out %q", r.jqErrKey, r.jqOut)
	}
	// No body at all (a HEAD) is not a body that is not JSON.
	r.reset(nil)
	if r.jqErrKey != "console.jq_no_body" || r.jqOut != "" {
		t.Fatalf("no body: key %q, out %q", r.jqErrKey, r.jqOut)
	}
}

// A filter's mistake is said in the UI's language, where it is (it was gojq's English).
func TestReaderFilterMistakeInChinese(t *testing.T) {
	c := common.NewContext(stubBackend{}, common.ProfileInfo{Name: "t"}, i18n.Chinese)
	v := &responseView{ctx: c, read: newReader(c)}
	v.read.jqIn.SetValue(".[")
	v.read.runJQ([]byte(`{"a": 1}`))
	if line := ansi.Strip(v.read.statusLine(v)); !strings.Contains(line, "jq 表达式第 3 个字符处有误：.[⟨此处⟩") {
		t.Fatalf("status line: %s", line)
	}
}

// A path parameter's field is as wide as the fields below it, so its description is read
// whole (it was 30 cells at any width).
func TestPathParameterFieldTakesTheWidth(t *testing.T) {
	t.Parallel()
	c := newTestContext()
	s := NewConsoleScreen(c, "demo-echo", client.Resource{Name: "echo_item", Method: "GET", Path: "/items/{item_id}/"}, "prod")
	s.SetSize(100, 30)
	desc := "the item's id, as the list of items returns it"
	s.applySchema(map[string]any{"parameters": []any{map[string]any{"name": "item_id", "in": "path", "required": true, "description": desc}}})
	if v := s.fieldsView(c); !strings.Contains(v, desc) {
		t.Errorf("the description is cut at 100 columns:\n%s", v)
	}
	// The label names the parameter and says it is required; the placeholder does not name it
	// again ("item_id   item_id* the item's id").
	if v := ansi.Strip(s.fieldsView(c)); !strings.Contains(v, "item_id*") || strings.Count(v, "item_id") != 1 {
		t.Errorf("the parameter's name:\n%s", v)
	}
}

// The request id is what a user copies: on a narrow screen it moves to a line of its own
// rather than being cut, in either language.
func TestResponseRequestIDIsNeverCut(t *testing.T) {
	t.Parallel()
	c := newTestContext()
	v := responseView{ctx: c, keys: newResponseKeys(c.Keys), read: newReader(c)}
	rid := "2fc3d8ad79312077c8e3aae012b956ff"
	answer := &client.CallResponse{Status: 200, RequestID: rid, Body: []byte(`{}`)}
	v.setRendered(answer, nil, v.render(answer))
	for _, w := range []int{50, 60, 120} {
		lines := strings.Split(ansi.Strip(v.view(w, all)), "\n")
		if !strings.Contains(lines[0], rid) && !strings.Contains(lines[1], rid) {
			t.Fatalf("width %d: the id is not whole:\n%s", w, strings.Join(lines[:3], "\n"))
		}
		for _, l := range lines[:2] {
			if ansi.StringWidth(l) > w {
				t.Fatalf("width %d: %q is wider", w, l)
			}
		}
	}
	if lines := strings.Split(ansi.Strip(v.view(120, all)), "\n"); !strings.Contains(lines[0], "200 OK") || !strings.Contains(lines[0], rid) {
		t.Fatalf("with room, one line: %q", lines[0])
	}
}

// A body larger than syncDecode is decoded for the filter in a command, not on the key that
// asked (16 MiB took most of a second there): the status says it is being read, the filter
// applies when the decoding comes back, and a decoding of an earlier answer is dropped.
func TestReaderDecodesALargeBodyInACommand(t *testing.T) {
	r := newReader(newTestContext())
	body := []byte(`{"a": "` + strings.Repeat("x", syncDecode) + `", "n": 7}`)
	r.jqIn.SetValue(".n")
	decode := r.runJQ(body)
	if decode == nil || r.decoded || r.jqOut != "" || r.jqErrKey != "console.jq_reading" {
		t.Fatalf("decoded on the key: cmd %v, out %q, key %q", decode != nil, r.jqOut, r.jqErrKey)
	}
	if again := r.runJQ(body); again != nil {
		t.Fatal("a second key started a second decoding")
	}
	msg := decode().(bodyDecodedMsg)
	r.decodedBody(msg, body)
	if r.jqOut != "7\n" || r.jqErrKey != "" {
		t.Fatalf("out %q, key %q", r.jqOut, r.jqErrKey)
	}
	stale := r.reset(body) // the next answer: the decoding of this one is its own
	r.decodedBody(msg, body)
	if stale == nil || r.decoded {
		t.Fatalf("an earlier answer's decoding was taken (cmd %v)", stale != nil)
	}
}

// A long line is cut from its start as the whole line would be, styles, wide characters and
// all, without reading it to its end.
func TestLongLineCutAsTheWholeLine(t *testing.T) {
	for _, l := range []string{strings.Repeat("\x1b[31mab\x1b[0m <a href='x'>", 50000), strings.Repeat("蓝鲸\x1b[1m配置\x1b[0m平台 ", 40000), strings.Repeat("\x1b[38;2;1;2;3m\x1b[0m", 9000) + "tail"} {
		got, want := fitLine(l, 80, false)[0], ansi.Truncate(l, 80, "›")
		if ansi.Strip(got) != ansi.Strip(want) || ansi.StringWidth(got) != ansi.StringWidth(want) {
			t.Errorf("cut %q, want %q", ansi.Strip(got), ansi.Strip(want))
		}
	}
}

// The Response tab draws the body only in the window it is given: the lines outside are empty,
// so a key beside a long answer draws what is near the screen, not all of it.
func TestResponseDrawsOnlyItsWindow(t *testing.T) {
	c := newTestContext()
	v := responseView{ctx: c, keys: newResponseKeys(c.Keys), read: newReader(c)}
	var items []string
	for i := 0; i < 2000; i++ {
		items = append(items, fmt.Sprintf(`{"name": "item-%d"}`, i))
	}
	answer := &client.CallResponse{Status: 200, Body: []byte("[" + strings.Join(items, ", ") + "]")}
	v.setRendered(answer, nil, v.render(answer))
	whole := strings.Split(v.view(80, all), "\n")
	near := strings.Split(v.view(80, [2]int{3000, 3100}), "\n")
	if len(near) != len(whole) {
		t.Fatalf("%d lines drawn in a window, %d whole: the scroll would change", len(near), len(whole))
	}
	for i := range whole {
		inside := i >= 3000 && i < 3100
		if i < v.bodyStart || strings.TrimSpace(whole[i]) == "" {
			continue
		}
		if inside && near[i] != whole[i] || !inside && near[i] != "" && i > v.bodyStart+10 && i < len(whole)-3 {
			t.Fatalf("line %d (window 3000–3100): %q, whole %q", i, near[i], whole[i])
		}
	}
}
