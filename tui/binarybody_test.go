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
	h, _ := openConsole(t)
	h.m.ctx.StateDir = t.TempDir()
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x1b]52;c;eA==\x07")
	h.f.callResp = &client.CallResponse{Status: 200, Body: png, RequestID: "rid-bin", Headers: http.Header{"Content-Type": {"image/png"}}}
	typeText(h, "7")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
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
