package tui

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/client/i18n"
)

// A binary answer is not drawn as noise (an image's bytes filled the Body with replacement
// characters): the console says what it is and how to keep it, and o saves it byte for byte
// in a file named for its type.
func TestBinaryBodyIsSaidNotDrawn(t *testing.T) {
	t.Parallel()
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x1b]52;c;eA==\x07")
	h := answeredWith(t, png, "rid-bin", "image/png")
	v := h.view()
	mustContain(t, v, "binary body (30 B, image/png): not shown; o saves it to a file")
	if strings.Contains(v, "IHDR") || strings.Contains(v, "\ufffd") {
		t.Fatalf("the body's bytes were drawn:\n%s", v)
	}
	h.keys("o")
	files, _ := filepath.Glob(filepath.Join(h.m.ctx.StateDir, "responses", "*"))
	if len(files) != 1 || filepath.Base(files[0]) != "response-rid-bin.png" {
		t.Fatalf("saved: %v", files)
	}
	if b, _ := os.ReadFile(files[0]); !bytes.Equal(b, png) {
		t.Fatalf("saved %q", b)
	}
}

// A legacy backend's answer in GBK, as its Content-Type says, is read decoded: shown, searched
// and filtered as text; o saves the bytes that came.
func TestGBKBodyIsReadDecoded(t *testing.T) {
	t.Parallel()
	gbk := []byte("{\"name\": \"\xc0\xb6\xbe\xa8\xc5\xe4\xd6\xc3\xc6\xbd\xcc\xa8\"}")
	h := answeredWith(t, gbk, "rid-gbk", "application/json; charset=gbk")
	mustContain(t, h.view(), `"name": "蓝鲸配置平台"`)
	h.keys("f")
	typeText(h, ".name")
	h.keys("enter")
	mustContain(t, h.view(), "jq .name", "\n蓝鲸配置平台")
	h.keys("esc", "o")
	files, _ := filepath.Glob(filepath.Join(h.m.ctx.StateDir, "responses", "*"))
	if b, _ := os.ReadFile(files[0]); len(files) != 1 || !bytes.Equal(b, gbk) {
		t.Fatalf("saved %v %q", files, b)
	}
}

// answeredWith is the console after a send the server answered 200 with body of type ctype;
// saved bodies go to a folder of the test's own.
func answeredWith(t *testing.T, body []byte, requestID, ctype string) *harness {
	h, _ := openConsole(t)
	h.m.ctx.StateDir = t.TempDir()
	h.f.callResp = &client.CallResponse{Status: 200, Body: body, RequestID: requestID, Headers: http.Header{"Content-Type": {ctype}}}
	typeText(h, "7")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	return h
}

// A file's bytes sent once come back from the history as they were sent: kept as base64 in the
// entry (as a JSON string they became U+FFFD, so reopened they sent other bytes), held in the
// console rather than typed into its field, and sent again byte for byte.
func TestBinaryBodyReopensFromHistoryAsSent(t *testing.T) {
	t.Parallel()
	raw := []byte("\x89PNG\x00\xff\xfe end")
	e := history.FromCall(client.CallRequest{Gateway: "demo-echo", Stage: "prod", Method: "POST", Path: "/echo/",
		Headers: []client.KV{{Key: "Content-Type", Value: "image/png"}}, Body: raw}, "echo_post", "prod", nil, time.Now())
	saved, _ := json.Marshal(history.Redact(e))
	var back history.Entry
	if err := json.Unmarshal(saved, &back); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, i18n.English, 120, 40)
	h.m.ctx.History = &memHistory{es: []history.Entry{back}}
	h.keys("H", "enter")
	mustContain(t, h.view(), "Call echo_post", "11 B of bytes that are not text (a file's), held as given")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	h.f.mu.Lock()
	sent := h.f.lastPrep.Body
	h.f.mu.Unlock()
	if !bytes.Equal(sent, raw) {
		t.Fatalf("sent %q, not %q", sent, raw)
	}
}

// The line that says where the body was saved, and a long header's value, were cut at the
// page's edge (the path's end, its request id, lost; the header had no way to be read): they
// wrap, every character on the page.
func TestSavedPathAndHeadersAreShownWhole(t *testing.T) {
	t.Parallel()
	h, _ := openConsole(t)
	h.m.ctx.StateDir = filepath.Join(t.TempDir(), strings.Repeat("deep", 12))
	rid := "2fc3d8ad79312077c8e3aae012b956ff"
	h.f.callResp = &client.CallResponse{Status: 200, Body: []byte(`{"ok": true}`), RequestID: rid,
		Headers: http.Header{"Content-Security-Policy": {strings.Repeat("default-src 'self' ", 12) + "END-OF-VALUE"}}}
	typeText(h, "7")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	h.keys("o")
	files, _ := filepath.Glob(filepath.Join(h.m.ctx.StateDir, "responses", "*"))
	if len(files) != 1 {
		t.Fatalf("saved: %v", files)
	}
	var joined strings.Builder
	for _, l := range strings.Split(ansi.Strip(h.view()), "\n") {
		joined.WriteString(strings.TrimSpace(l))
	}
	if !strings.Contains(joined.String(), files[0]) || !strings.Contains(joined.String(), "END-OF-VALUE") {
		t.Fatalf("the path %s or the header is not whole on the page:\n%s", files[0], h.view())
	}
}
