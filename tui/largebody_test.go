package tui

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	tea "github.com/charmbracelet/bubbletea"
)

// The notes under a large body say what is shown: a jq filter's answer is of the whole body,
// so "only the start is shown" goes with it; a body cut at the read limit says so, and does not
// offer to save "the whole body" it no longer has.
func TestLargeBodyNotesSayWhatIsShown(t *testing.T) {
	t.Parallel()
	var items []string
	for i := 0; i < 40000; i++ {
		items = append(items, fmt.Sprintf(`{"id":%d,"name":"item-%d"}`, i, i))
	}
	body := []byte(`{"data":[` + strings.Join(items, ",") + `]}`)
	h := answeredWith(t, body, "rid-large", "application/json")
	mustContain(t, h.view(), "only the start is shown")
	h.keys("f")
	typeText(h, ".data | length")
	h.keys("enter")
	v := h.view()
	mustContain(t, v, "jq .data | length", "\n40000")
	if strings.Contains(v, "only the start is shown") {
		t.Fatalf("the filter's answer is of the whole body:\n%s", v)
	}

	h, _ = openConsole(t)
	h.f.callResp = &client.CallResponse{Status: 200, Body: body, Truncated: true, Headers: http.Header{"Content-Type": {"application/json"}}}
	typeText(h, "7")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	v = h.view()
	mustContain(t, v, "larger than the read limit (16 MiB) and was cut")
	if strings.Contains(v, "saves the whole body") {
		t.Fatalf("a cut body is offered whole:\n%s", v)
	}
}
