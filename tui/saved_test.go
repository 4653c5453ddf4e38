package tui

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client/collection"
	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/sandbox"
	"github.com/bkconsole/bkconsole/tui/pages/console"
	tea "github.com/charmbracelet/bubbletea"
)

// The console keeps a request with a {{variable}} in the collection, the palette finds it and
// opens it in a second tab, it is sent with the variable's value, and its response is read:
// searched with a count, wrapped, filtered with jq as typed. A variable without a value stops
// the send. The file holds no credential.
func TestSavedRequestsVariablesAndReading(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	dir := t.TempDir()
	h.m.ctx.Collection = &collection.Store{Dir: dir}
	mh := &memHistory{}
	h.m.ctx.History = mh
	h.openConsole("demo-echo", "echo_post")
	mustContain(t, h.view(), "Variables")
	h.keys("tab", "tab") // body
	h.send(tea.KeyMsg{Type: tea.KeyCtrlX})
	typeText(h, `{"who": "{{who}}", "long": "`+strings.Repeat("abcdefghij", 30)+`"}`)
	mustContain(t, h.view(), "who: no value")

	// Without a value nothing is sent, and the field says which.
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "no value for who", "(who=…)", "BKCONSOLE_VAR_who; nothing")
	if len(mh.es) != 0 {
		t.Fatal("a request with an unresolved variable was sent")
	}
	mustContain(t, h.view(), "▸ Variables") // where the value is given: the cursor is there
	typeText(h, "who=bob")
	mustContain(t, h.view(), "who = bob (here)")

	// Saved under a name, variables kept, no credential. A name too long is refused whole, with
	// the rule (the field had cut a pasted one to 64 and saved it under what was left).
	h.send(tea.KeyMsg{Type: tea.KeyCtrlG})
	mustContain(t, h.view(), "Save this request of demo-echo as")
	typeText(h, strings.Repeat("g", 70))
	h.keys("enter")
	mustContain(t, h.view(), "is not a request name")
	if _, err := os.Stat(filepath.Join(dir, "demo-echo", strings.Repeat("g", 64)+".yaml")); err == nil {
		t.Fatal("a name too long was cut and saved")
	}
	h.keys("ctrl+u") // the field's own key: what is before the cursor goes
	typeText(h, "greet")
	h.keys("enter")
	mustContain(t, h.view(), "saved as demo-echo/greet")
	file := filepath.Join(dir, "demo-echo", "greet.yaml")
	b, err := os.ReadFile(file)
	if err != nil || !strings.Contains(string(b), "{{who}}") || strings.Contains(string(b), sandbox.DemoAppSecret) || strings.Contains(string(b), "bob") {
		t.Fatalf("saved file (%v):\n%s", err, b)
	}
	// Saving again under the same name asks first.
	h.send(tea.KeyMsg{Type: tea.KeyCtrlG})
	h.keys("enter")
	mustContain(t, h.view(), "demo-echo/greet exists: overwrite it? (y/N)")
	h.keys("n")
	mustContain(t, h.view(), "not overwritten")
	h.keys("esc")

	// Sent with the value; the history holds what was sent.
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "200 OK")
	if len(mh.es) != 1 || !strings.Contains(mh.es[0].Body, `"who": "bob"`) {
		t.Fatalf("history: %+v", mh.es)
	}

	readingTheResponse(t, h)
	savedRequestInASecondTab(t, h)
}

// readingTheResponse: search with a count and n; wrap; jq as typed, with its error inline.
func readingTheResponse(t *testing.T, h *harness) {
	// Reading: search with a count and n; wrap; jq as typed, with its error inline.
	h.keys("/", "a", "b", "c", "enter")
	mustContain(t, h.view(), "/abc", "1 of 60")
	if f := footerOf(h.view()); !strings.Contains(f, "esc clear search") || strings.Contains(f, "esc back") {
		t.Errorf("the footer says esc goes back while it clears the search: %q", f)
	}
	h.keys("n", "n")
	mustContain(t, h.view(), "3 of 60")
	h.keys("N")
	mustContain(t, h.view(), "2 of 60")
	if strings.Contains(h.view(), "abcdefghijabcdefghij\"") {
		t.Fatal("the long line is shown whole before wrapping is asked for")
	}
	h.keys("w")
	mustContain(t, h.view(), "wrapped", "abcdefghij\"")
	h.keys("esc") // clears the search
	if strings.Contains(h.view(), "of 60") {
		t.Fatal("esc clears the search")
	}
	h.keys("f", ".data.json[")
	mustContain(t, h.view(), "✗", "position")
	h.send(tea.KeyMsg{Type: tea.KeyBackspace})
	typeText(h, ".who")
	h.keys("enter")
	mustContain(t, h.view(), "jq .data.json.who", "bob")
	if strings.Contains(h.view(), "app_code") {
		t.Fatal("the filter applies to the body shown")
	}
}

// savedRequestInASecondTab: the palette finds the saved request and opens it in a second tab,
// sent with another value; ctrl+t and ctrl+w open and close tabs.
func savedRequestInASecondTab(t *testing.T, h *harness) {
	// The palette finds the saved request and opens it in a second tab.
	h.keys(":")
	typeText(h, "greet")
	mustContain(t, h.view(), "saved", "greet")
	h.keys("enter")
	tabs, ok := h.m.Top().(*console.Tabs)
	if !ok || tabs.Len() != 2 {
		t.Fatalf("the saved request opens in a second tab: %T", h.m.Top())
	}
	mustContain(t, h.view(), "1 greet 200", "2 greet") // the first tab took the name it was saved under
	h.keys("tab", "tab", "tab")                        // Variables of the new tab
	typeText(h, "who=carol")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "2 greet 200", `"carol"`)
	h.send(tea.KeyMsg{Type: tea.KeyCtrlLeft})
	mustContain(t, h.view(), "jq .data.json.who", "bob")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlT})
	if tabs.Len() != 3 {
		t.Fatalf("ctrl+t opens a tab: %d", tabs.Len())
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlW})
	h.send(tea.KeyMsg{Type: tea.KeyCtrlW})
	if tabs.Len() != 1 {
		t.Fatalf("ctrl+w closes a tab: %d", tabs.Len())
	}
}

// The Saved page lists a gateway's requests, renames one (never over another) and deletes one
// after asking; the collection's other files still load beside a broken one, which is named.
func TestSavedPageRenamesAndDeletes(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	dir := t.TempDir()
	store := collection.Store{Dir: dir}
	for _, n := range []string{"one", "two"} {
		if _, err := store.Save(collection.Request{Name: n, Gateway: "demo-echo", API: "echo_get", Method: "GET", Path: "/echo/"}, false); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "demo-echo", "broken.yaml"), []byte("method: GET\npath: [\n"), 0o644)
	h.m.ctx.Collection = &store
	h.run(h.m.Init())
	h.keys("/", "demo-echo", "enter", "b")
	mustContain(t, h.view(), "Saved requests of demo-echo", "one", "two", "broken.yaml", "line")
	h.keys("n")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlU})
	typeText(h, "two")
	h.keys("enter")
	mustContain(t, h.view(), "demo-echo/two already exists")
	h.keys("n")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlU})
	typeText(h, "uno")
	h.keys("enter")
	mustContain(t, h.view(), "renamed demo-echo/one to uno", "uno")
	if _, err := os.Stat(filepath.Join(dir, "demo-echo", "uno.yaml")); err != nil {
		t.Fatal(err)
	}
	// A file gone behind the page's back is said in the UI's language, not the system's
	// "rename …: no such file or directory".
	os.Remove(filepath.Join(dir, "demo-echo", "uno.yaml"))
	h.keys("n")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlU})
	typeText(h, "otro")
	h.keys("enter")
	mustContain(t, h.view(), "cannot write "+filepath.Join(dir, "demo-echo"), "uno.yaml: no such file")
	store.Save(collection.Request{Name: "uno", Gateway: "demo-echo", API: "echo_get", Method: "GET", Path: "/echo/"}, false)
	h.keys("d")
	mustContain(t, h.view(), "delete demo-echo/uno? (y/N)")
	h.keys("n")
	if _, err := os.Stat(filepath.Join(dir, "demo-echo", "uno.yaml")); err != nil {
		t.Fatal("n keeps it")
	}
	h.keys("d", "y")
	mustContain(t, h.view(), "removed demo-echo/uno")
	if _, err := os.Stat(filepath.Join(dir, "demo-echo", "uno.yaml")); err == nil {
		t.Fatal("y deletes it")
	}
	h.keys("enter")
	mustContain(t, h.view(), "Call echo_get")
}

// A body too large for the field is held as given and sent whole: a 7 MB body from $EDITOR
// froze the console for seconds and every key after it took more, and the field kept at most
// 10,000 lines and refused a 100th typed one, cutting what was sent without a word.
func TestLargeBodyIsHeldAndSentWhole(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	mh := &memHistory{}
	h.m.ctx.History = mh
	sent := func() string { // what the last call sent, as the history keeps it
		t.Helper()
		if len(mh.es) == 0 {
			t.Fatal("nothing was sent")
		}
		return mh.es[0].Body // newest first
	}
	h.openConsole("demo-echo", "echo_post")
	h.keys("tab", "tab") // body
	h.send(tea.KeyMsg{Type: tea.KeyCtrlX})
	// 150 lines typed one by one: the field takes every line.
	typeText(h, "[")
	for i := range 150 {
		h.send(tea.KeyMsg{Type: tea.KeyEnter})
		typeText(h, fmt.Sprintf(`"%d",`, i))
	}
	typeText(h, `"last"]`)
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	if got := strings.Count(sent(), "\n"); got != 150 {
		t.Fatalf("a typed body of 150 lines was sent with %d", got)
	}
	toBody := func() { // back to the request, on the body
		t.Helper()
		for i := 0; i < 4 && !strings.Contains(h.view(), "▸ Body"); i++ {
			h.keys("ctrl+n")
		}
		mustContain(t, h.view(), "▸ Body")
	}
	toBody()
	h.send(tea.KeyMsg{Type: tea.KeyCtrlX})
	var big strings.Builder
	big.WriteString("[\n")
	for i := range 12000 {
		fmt.Fprintf(&big, "  {\"id\": %d, \"name\": \"n%d\"},\n", i, i)
	}
	big.WriteString("  {}\n]")
	start := time.Now()
	typeText(h, big.String())
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("pasting %d bytes took %v", big.Len(), took)
	}
	mustContain(t, h.view(), "held as given", "(12003 lines)", "ctrl+e edits it in $EDITOR")
	typeText(h, "x") // not typed into: said how it is edited
	mustContain(t, h.view(), "the body is too large to type into")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlF}) // formatted, still whole
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	var items []map[string]any
	if err := json.Unmarshal([]byte(sent()), &items); err != nil || len(items) != 12001 {
		t.Fatalf("the held body was not sent whole: %v, %d items", err, len(items))
	}
	toBody()
	h.send(tea.KeyMsg{Type: tea.KeyCtrlX}) // cleared: the field takes typing again
	typeText(h, `{"a": 1}`)
	mustContain(t, h.view(), `{"a": 1}`)
}

// An entry whose body the history did not keep reopens saying so: the console had opened with an
// empty body, ready to send it as if it were the request sent before.
func TestReopenedEntryWithoutItsBodySaysSo(t *testing.T) {
	t.Parallel()
	h := newHarness(t, i18n.English, 120, 40)
	mh := &memHistory{es: []history.Entry{history.Redact(history.Entry{Gateway: "demo-echo", Stage: "prod", Resource: "echo_post", Method: "POST", Path: "/echo/",
		Body: `{"x": "` + strings.Repeat("a", history.MaxBody) + `"}`, Status: 200})}}
	h.m.ctx.History = mh
	h.run(h.m.Init())
	h.keys("H", "enter")
	mustContain(t, h.view(), "Call echo_post", "its body (64.0 KiB) was too large for the history and was not kept")
}

// Keys stay fast beside a held body: every frame had checked the body's JSON and measured its
// first line whole (a 7 MB body of one line took 660 ms a key).
func TestKeysStayFastBesideAHeldBody(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.openConsole("demo-echo", "echo_post")
	h.keys("tab", "tab") // body
	h.send(tea.KeyMsg{Type: tea.KeyCtrlX})
	typeText(h, `["`+strings.Repeat("abcdefgh", 3<<17)+`"]`) // 3 MiB on one line
	mustContain(t, h.view(), "3.0 MiB (one line), held as given")
	h.keys("shift+tab") // headers
	start := time.Now()
	for range 5 {
		typeText(h, "a")
		_ = h.view()
	}
	if each := time.Since(start) / 5; each > 150*time.Millisecond {
		t.Errorf("a key and its frame took %v beside a held body", each)
	}
	// Its snippet is drawn from its start: wrapping all of it froze the console.
	h.send(tea.KeyMsg{Type: tea.KeyCtrlX}) // the headers typed above
	start = time.Now()
	h.keys("ctrl+n", "ctrl+n")
	mustContain(t, h.view(), "curl python httpie", `curl -X POST`)
	h.keys("l")
	mustContain(t, h.view(), "import requests")
	limit := 10 * time.Second // about a second; under -race a few, more on a loaded machine; forever before
	if raceEnabled {
		limit = time.Minute
	}
	if took := time.Since(start); took > limit {
		t.Errorf("the Snippet tab took %v", took)
	}
	// Megabytes are not copied through the terminal (one escape sequence of them, beside the
	// console's frames, garbles the screen); with no system clipboard (as here) it says so.
	h.keys("y")
	mustContain(t, h.view(), "is 3.0 MiB, too large to copy through the terminal")
	// Too large to keep in the collection: said in the UI's words, not the catalog's key.
	h.m.ctx.Collection = &collection.Store{Dir: t.TempDir()}
	h.wait = 20 * time.Second // writing 3 MiB out as YAML passed the harness's 2 s under -race on a loaded machine
	h.send(tea.KeyMsg{Type: tea.KeyCtrlG})
	typeText(h, "big")
	h.keys("enter")
	mustContain(t, h.view(), "could not save: this request would be a file of")
}
