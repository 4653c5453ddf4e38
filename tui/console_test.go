package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	tea "github.com/charmbracelet/bubbletea"
)

type memHistory struct{ es []history.Entry }

func (m *memHistory) Add(e history.Entry) error {
	m.es = append([]history.Entry{e}, m.es...)
	return nil
}
func (m *memHistory) List() ([]history.Entry, error) { return m.es, nil }

func openConsole(t *testing.T) (*harness, *memHistory) {
	h := newHarness(t, i18n.English, 120, 40)
	mh := &memHistory{}
	h.m.ctx.History = mh
	h.keys("/", "demo", "enter", "down", "enter") // echo_item doc
	h.keys("c")
	mustContain(t, h.view(), "Call echo_item", "item_id", "Request", "Snippet")
	return h, mh
}

func typeText(h *harness, s string) {
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: true})
}

func TestConsoleValidatesSendsAndKeepsHistory(t *testing.T) {
	t.Parallel()
	h, _ := openConsole(t)
	store := &history.Store{Path: filepath.Join(t.TempDir(), "history.json")}
	h.m.ctx.History = store
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "missing path parameter: item_id")
	if h.f.Calls("call") != 0 {
		t.Fatal("nothing is sent with a missing path parameter")
	}
	typeText(h, "7")
	h.keys("tab", "tab") // query, headers: credentials typed by hand must not reach the history
	typeText(h, "X-Bk-Token: tok-typed\nX-Trace: kept\nX-Bkapi-Authorization: {\"bk_app_secret\": \"secret-typed\"}")
	// A typed auth header is refused (it was replaced in silence); the draft stays to be mended.
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "X-Bkapi-Authorization header is made from the profile's credentials", "X-Trace: kept")
	if h.f.Calls("call") != 0 {
		t.Fatal("sent with a typed auth header")
	}
	h.keys("ctrl+a", "ctrl+k") // the line typed last
	h.keys("tab")              // body
	h.send(tea.KeyMsg{Type: tea.KeyCtrlX})
	typeText(h, "{\n  \"a\": 1,\n}")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "invalid JSON at line 3, column 1")
	// The draft survives the error; fix it and format.
	h.send(tea.KeyMsg{Type: tea.KeyCtrlX})
	typeText(h, `{"a":1,"b":"it's"}`)
	h.send(tea.KeyMsg{Type: tea.KeyCtrlF})
	mustContain(t, h.view(), `"b": "it's"`)
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "200 OK", "rid-1", "echo")
	es, _ := store.List()
	if len(es) != 1 || es[0].PathParams["item_id"] != "7" {
		t.Fatalf("history: %+v", es)
	}
	file, _ := os.ReadFile(store.Path)
	for _, secret := range []string{"secret-typed", "tok-typed", "secret-value", "token-value"} {
		if strings.Contains(string(file), secret) {
			t.Fatalf("the history file holds %q:\n%s", secret, file)
		}
	}
	if !strings.Contains(string(file), "X-Trace") {
		t.Fatalf("the other headers are kept:\n%s", file)
	}
	// Snippet: masked by default, env on m, inline with a warning.
	h.keys("tab")
	mustContain(t, h.view(), "curl -X GET", "/items/7/", "****")
	h.keys("m")
	mustContain(t, h.view(), `"$BK_APP_SECRET"`)
	h.keys("m")
	mustContain(t, h.view(), "secret-value", "shows your secrets in full")
	h.keys("l")
	mustContain(t, h.view(), "import requests", "json.dumps({")
	// Trace.
	h.keys("tab", "t")
	mustContain(t, h.view(), "echo.backend", "200")
}

func TestConsoleExplainsNoPermissionAndLeadsToApply(t *testing.T) {
	t.Parallel()
	h, _ := openConsole(t)
	h.f.callResp = &client.CallResponse{Status: 403, RequestID: "rid-403", Body: []byte(`{"code":1640301}`),
		Gateway: &client.GatewayError{Status: 403, Code: 1640301, CodeName: "APP_NO_PERMISSION", Message: "App has no permission to the resource", RequestID: "rid-403"}}
	typeText(h, "7")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "403", "no permission", "rid-403", "press a to apply", "App has no permission to the resource")
	if n := strings.Count(h.view(), "rid-403"); n != 1 {
		t.Fatalf("the request id shows %d times:\n%s", n, h.view())
	}
	h.keys("a")
	mustContain(t, h.view(), "Apply for permissions: demo-echo", "echo_item")
}

func TestConsoleTokenExpiredOffersPrompt(t *testing.T) {
	t.Parallel()
	h, _ := openConsole(t)
	fp := &fakeProfiles{}
	h.m.ctx.Profiles = fp
	h.f.callResp = &client.CallResponse{Status: 400, Gateway: &client.GatewayError{Status: 400, Code: 1640001, CodeName: "INVALID_ARGS",
		Message: `Parameters error [reason="user authentication failed, please provide a valid user identity"]`, Reason: "user authentication failed"}}
	typeText(h, "7")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "press T to paste a fresh bk_token")
	h.keys("T")
	mustContain(t, h.view(), "Paste a fresh bk_token")
	typeText(h, "new-token")
	if strings.Contains(h.view(), "new-token") {
		t.Fatal("the token is typed hidden")
	}
	before := h.m.ctx.Backend
	h.keys("enter")
	if len(fp.logins) != 1 {
		t.Fatalf("stored through the profile: %v", fp.logins)
	}
	mustContain(t, h.view(), "saved to the profile")
	// The root installed the new credentials' backend (a page never does it itself), and the
	// console stayed.
	if h.m.ctx.Backend == before || len(fp.used) != 1 {
		t.Fatalf("the backend was not replaced by the root: used %v", fp.used)
	}
	mustContain(t, h.view(), "Call")
}

func TestHistoryReopens(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 40)
	h.m.ctx.History = &memHistory{es: []history.Entry{{Gateway: "demo-echo", Stage: "prod", Method: "POST", Path: "/echo/", Body: `{"x": 1}`, Status: 200}}}
	h.keys("H")
	mustContain(t, h.view(), "History", "demo-echo", "POST", "/echo/")
	h.keys("enter")
	mustContain(t, h.view(), "Call /echo/", `{"x": 1}`)
}

// A pasted curl command survives leaving the import page (a stray esc lost a long paste, and
// a command it could not import); one imported leaves the page empty for the next.
func TestImportKeepsThePasteUntilImported(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 40)
	h.m.ctx.Profile.APIURLTmpl = "http://bkapi.example.com/api/{api_name}"
	h.keys("I")
	typeText(h, `curl 'http://elsewhere.example.com/api/demo-echo/prod/items/7/' --data-raw '{"k": "v"}'`)
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "cannot import")
	h.keys("esc", "I")
	mustContain(t, h.view(), "elsewhere.example.com/api/demo-echo/prod/items/7/")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlA}) // to the line's start: the host fixed by hand
	h.keys("ctrl+k")
	typeText(h, `curl 'http://bkapi.example.com/api/demo-echo/prod/items/7/' --data-raw '{"k": "v"}'`)
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "Call /items/7/")
	h.keys("esc", "I")
	if v := h.view(); strings.Contains(v, "items/7") {
		t.Fatalf("an imported command came back:\n%s", v)
	}
}

func TestConsoleDraftComesBackAfterLeaving(t *testing.T) {
	t.Parallel()
	h, _ := openConsole(t)
	typeText(h, "42")
	h.keys("tab", "tab", "tab")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlX})
	typeText(h, `{"draft": true}`)
	h.keys("esc")
	mustContain(t, h.view(), "The English doc")
	h.keys("c")
	mustContain(t, h.view(), "/items/42/", `{"draft": true}`)
}

// The console's loop: send, go back to the request, edit, send again — by shift+tab, by
// ctrl+n round the tabs, and after ctrl+x — without a panic and with the focus marker back.
func TestSendEditResend(t *testing.T) {
	t.Parallel()
	for _, back := range []func(h *harness){
		func(h *harness) { h.send(tea.KeyMsg{Type: tea.KeyShiftTab}) },
		func(h *harness) {
			for i := 0; i < 3; i++ {
				h.send(tea.KeyMsg{Type: tea.KeyCtrlN})
			}
		},
		func(h *harness) {
			h.send(tea.KeyMsg{Type: tea.KeyShiftTab})
			h.send(tea.KeyMsg{Type: tea.KeyCtrlX})
		},
	} {
		h, _ := openConsole(t)
		typeText(h, "7")
		h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
		mustContain(t, h.view(), "200 OK")
		back(h)
		v := h.view()
		mustContain(t, v, "▸ item_id")
		typeText(h, "8")
		h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
		if h.f.Calls("call") != 2 {
			t.Fatalf("sent %d times", h.f.Calls("call"))
		}
		mustContain(t, h.view(), "200 OK")
	}
}

// y says what really happened to the snippet; w writes it to a file and says where; a saved
// response is named safely whatever request id the server sent.
func TestCopyIsHonestAndSaveAlwaysWorks(t *testing.T) {
	t.Parallel()
	h, _ := openConsole(t)
	h.m.ctx.StateDir = t.TempDir()
	h.f.callResp = &client.CallResponse{Status: 200, Body: []byte(`{"ok": true}`), RequestID: "../../evil/../x"}
	typeText(h, "7")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	h.keys("o")
	files, _ := filepath.Glob(filepath.Join(h.m.ctx.StateDir, "responses", "*"))
	if len(files) != 1 || filepath.Base(files[0]) != "response-evil.x.body" {
		t.Fatalf("saved response: %v", files)
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlN}) // Snippet
	h.keys("y")
	v := h.view()
	if !strings.Contains(v, "could not copy") && !strings.Contains(v, "OSC 52") && !strings.Contains(v, "system clipboard") {
		t.Fatalf("copy says what was done:\n%s", v)
	}
	h.keys("w")
	files, _ = filepath.Glob(filepath.Join(h.m.ctx.StateDir, "snippets", "*"))
	if len(files) != 1 || !strings.HasSuffix(files[0], "demo-echo-echo_item-curl.sh") {
		t.Fatalf("saved snippet: %v", files)
	}
	b, _ := os.ReadFile(files[0])
	if !strings.Contains(string(b), "curl") {
		t.Fatalf("snippet file: %s", b)
	}
	mustContain(t, h.view(), "saved to", "demo-echo-echo_item-curl.sh")
}

// Saving into a folder that cannot be written says which and why in the UI's language (the
// system's "mkdir …: not a directory" had been shown, English in Chinese too).
func TestSavingWhereNothingCanBeWrittenSaysWhy(t *testing.T) {
	t.Parallel()
	h, _ := openConsole(t)
	file := filepath.Join(t.TempDir(), "plain-file")
	os.WriteFile(file, []byte("x"), 0o600)
	h.m.ctx.StateDir = file
	h.resize(240, 40) // the whole notice on its line
	typeText(h, "7")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	h.keys("o")
	mustContain(t, h.view(), "could not save: cannot write "+file+": a part of the path is not a folder")
	h.keys("L", "o")
	mustContain(t, h.view(), "保存失败：无法写入 "+file+"：路径中的某一部分不是目录")
}

// An ANY API's footer offers its method key at 80 columns, in both languages: it came last
// among the request's keys and was cut off, and nothing else said how to choose the method.
func TestAnyAPIOffersItsMethodKey(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.run(h.m.Init())
	h.resize(80, 24)
	h.keys("/", "demo-echo", "enter", "/", "any_proxy", "enter", "c")
	mustContain(t, footerOf(h.view()), "ctrl+o method")
	h.m.ctx.SetLang(i18n.Chinese) // as L does on a page without a text field
	h.send(common.LangChangedMsg{})
	mustContain(t, footerOf(h.view()), "ctrl+o 方法")
}

// Long work moves: sending shows a spinner and the time taken so far, and the last request's
// notice does not stay on while the next one runs, on the Request tab and the Response tab.
// At 60×15 the progress had been drawn below the screen's last row on the Request tab.
func TestSendingShowsProgressAndClearsTheOldNotice(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{120, 30}, {60, 15}} {
		h, _ := openConsole(t)
		h.resize(size[0], size[1])
		h.m.status = "request cancelled"
		typeText(h, "7")
		for _, tab := range []string{"Request", "Response"} {
			block := h.hold(&h.f.callBlock)
			h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
			h.now = h.now.Add(1500 * time.Millisecond)
			if v := h.view(); !strings.Contains(v, "1.5s") || strings.Contains(v, "request cancelled") {
				t.Fatalf("%v %s tab: progress with the elapsed time, no stale notice:\n%s", size, tab, v)
			}
			close(block)
			h.awaitView("200 OK")
		}
	}
}

// History shows each send with its values: the path filled in and the query, so sends of one
// API with other values are told apart.
func TestHistoryShowsTheValuesSent(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 140, 30)
	h.m.ctx.History = &memHistory{es: []history.Entry{
		{Gateway: "demo-echo", Stage: "prod", Method: "GET", Path: "/proxy/{group}/{name}/", PathParams: map[string]string{"group": "a", "name": "b"}, Status: 200},
		{Gateway: "demo-echo", Stage: "prod", Method: "GET", Path: "/proxy/{group}/{name}/", PathParams: map[string]string{"group": "c", "name": "d"},
			Query: []client.KV{{Key: "k", Value: "v"}}, Status: 200}}}
	h.keys("H")
	mustContain(t, h.view(), "prod /proxy/a/b/", "prod /proxy/c/d/?k=v")
	if strings.Contains(h.view(), "{group}") {
		t.Fatalf("the history shows the template:\n%s", h.view())
	}
}

// At 80×24 the body takes the rows the other fields leave: no block of empty rows under a
// body cut to 3 lines (issue 32 item 17).
func TestBodyFillsTheRoomAt80x24(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 80, 24)
	h.keys("/", "demo", "enter", "down", "enter", "c")
	mustContain(t, h.view(), "Call echo_item", "Body")
	if most := mostBlankRows(h.view()); most > 3 {
		t.Fatalf("%d empty rows in a row:\n%s", most, h.view())
	}
}

// At 80×24 the Response tab takes the rows there are: no block of empty rows under a body cut
// short (h-7 left five; issue 32 item 17).
func TestResponseFillsTheRoomAt80x24(t *testing.T) {
	t.Parallel()
	long := "[" + strings.TrimSuffix(strings.Repeat(`{"n": 1},`+"\n", 60), ",\n") + "]"
	h := newHarness(t, i18n.English, 80, 24, func(f *fakeBackend) {
		f.callResp = &client.CallResponse{Status: 200, Body: []byte(long), RequestID: "rid-1", Headers: map[string][]string{"Content-Type": {"application/json"}}}
	})
	h.keys("/", "demo", "enter", "down", "enter", "c")
	h.keys("1")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "200")
	if most := mostBlankRows(h.view()); most > 2 {
		t.Fatalf("%d empty rows in a row:\n%s", most, h.view())
	}
}

func mostBlankRows(v string) int {
	blank, most := 0, 0
	for _, l := range strings.Split(v, "\n") {
		if strings.TrimSpace(l) == "" {
			blank++
			most = max(most, blank)
		} else {
			blank = 0
		}
	}
	return most
}

// A command that cannot be imported is refused in the reader's language: the reason was the
// parser's English inside the Chinese sentence ("无法导入：… does not match BK_API_URL_TMPL").
func TestImportCurlRefusedInChinese(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.Chinese, 120, 40)
	h.m.ctx.Profile.APIURLTmpl = "http://bkapi.example.com/api/{api_name}"
	h.keys("I")
	typeText(h, `curl 'http://elsewhere.example/api/demo-echo/prod/echo/'`)
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "无法导入：http://elsewhere.example/api/demo-echo/prod/echo/ 与 BK_API_URL_TMPL（")
	if strings.Contains(h.view(), "does not match") {
		t.Fatalf("English inside the Chinese refusal:\n%s", h.view())
	}
}

// A call cancelled once sent may have been acted on: the notice says so, not "request
// cancelled" alone.
func TestCancellingASentCallSaysItMayHaveActed(t *testing.T) {
	t.Parallel()
	h, _ := openConsole(t)
	typeText(h, "7") // the item id
	defer close(h.hold(&h.f.callBlock))
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "esc cancels")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlC}) // quitting asks, and says why
	mustContain(t, h.view(), "a write is in flight: quit and not know its outcome? (y/N)")
	h.keys("n")
	h.keys("esc")
	h.awaitView("request cancelled after it was sent: the server may have acted on it")
}

// A pasted curl command is the API its method and path go to: the console is titled by it,
// its path parameter filled, and a refusal's application names it (the form had listed one
// API with no name).
func TestImportedCurlIsItsAPI(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.run(h.m.Init())
	base := strings.Replace(h.m.ctx.Profile.APIURLTmpl, "{api_name}", "demo-echo", 1)
	h.send(common.OpenPageMsg{To: common.ImportPage{}})
	typeText(h, "curl '"+base+"/prod/items/42/?fields=a'")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "Call echo_item", "item_id*   42", "fields=a")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "403 Forbidden", "press a to apply")
	h.keys("a")
	mustContain(t, h.view(), "Apply for permissions: demo-echo", "APIs (1)", "echo_item")
}

// A call by path reopened from the history (the CLI's `call demo-echo /items/42/` keeps no API
// name) applies for the API the path goes to.
func TestReopenedCallByPathAppliesForItsAPI(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.m.ctx.History = &memHistory{es: []history.Entry{{Gateway: "demo-echo", Stage: "prod", Method: "GET", Path: "/items/42/", Status: 403}}}
	h.run(h.m.Init())
	h.keys("H", "enter")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "403 Forbidden", "press a to apply")
	h.keys("a")
	mustContain(t, h.view(), "Apply for permissions: demo-echo", "APIs (1)", "echo_item")
}

// The Snippet tab keeps its snippet when the language is switched on it: it went blank until
// another key regenerated it.
func TestSnippetStaysAcrossALanguageSwitch(t *testing.T) {
	t.Parallel()
	h, _ := openConsole(t)
	typeText(h, "7")
	h.keys("ctrl+n", "ctrl+n")
	mustContain(t, h.view(), "curl -X GET")
	h.keys("L")
	mustContain(t, h.view(), "密钥", "curl -X GET")
}

// A request refused before sending takes the cursor to the field at fault: ctrl+s from the body
// with the path parameter empty said "missing path parameter" and left the cursor in the body,
// where what was typed next went.
func TestConsoleRefusalFocusesTheFieldAtFault(t *testing.T) {
	t.Parallel()
	h, _ := openConsole(t)
	h.keys("tab", "tab", "tab") // the body
	mustContain(t, h.view(), "▸ Body")
	h.keys("ctrl+s")
	mustContain(t, h.view(), "missing path parameter: item_id", "▸ item_id")
	typeText(h, "7")
	mustContain(t, h.view(), "/items/7/")
	h.keys("tab", "tab") // the headers
	typeText(h, "no colon here")
	h.keys("tab", "tab") // the variables
	h.keys("ctrl+s")
	mustContain(t, h.view(), "▸ Headers")
	if h.f.Calls("call") != 0 {
		t.Fatal("a refused request was sent")
	}
}

// An ANY API starts as GET, which has no body: the body the API's schema describes is offered
// when the method becomes one that carries a body, and taken back, untouched, when it does not
// (a GET had gone out with the skeleton as its body, unasked). A body the user wrote stays.
func TestAnyAPIOffersTheBodyWhereTheMethodTakesOne(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.openConsole("demo-echo", "any_proxy")
	skeleton := `"tags": []`
	if v := h.view(); !strings.Contains(v, "GET http") || strings.Contains(v, skeleton) {
		t.Fatalf("a GET with a body:\n%s", v)
	}
	h.keys("ctrl+o") // POST
	mustContain(t, h.view(), "POST http", skeleton)
	h.keys("ctrl+o", "ctrl+o") // PUT, PATCH
	mustContain(t, h.view(), "PATCH http", skeleton)
	h.keys("ctrl+o") // DELETE
	if v := h.view(); !strings.Contains(v, "DELETE http") || strings.Contains(v, skeleton) {
		t.Fatalf("a DELETE kept the untouched skeleton:\n%s", v)
	}
	h.keys("ctrl+o", "ctrl+o", "ctrl+o", "ctrl+o") // HEAD, OPTIONS, GET, POST
	mustContain(t, h.view(), "POST http", skeleton)
	h.keys("tab", "tab", "tab", "tab", "ctrl+x") // the body, cleared
	typeText(h, `{"mine": 1}`)
	h.keys("ctrl+o", "ctrl+o", "ctrl+o", "ctrl+o") // PUT, PATCH, DELETE, HEAD
	mustContain(t, h.view(), "HEAD http", `{"mine": 1}`)
}
