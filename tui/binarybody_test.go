package tui

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/bkconsole/bkconsole/client"
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
