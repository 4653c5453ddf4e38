package tui

import (
	"os"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

func TestScratchBigSend(t *testing.T) {
	h, _ := realHarness(t)
	h.wait = 60 * time.Second
	mh := &memHistory{}
	h.m.ctx.History = mh
	h.openConsole("demo-echo", "echo_post")
	h.keys("tab", "tab")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlX})
	b, _ := os.ReadFile("/tmp/big.json")
	t0 := time.Now()
	typeText(h, string(b))
	t.Logf("paste %v", time.Since(t0))
	t0 = time.Now()
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	t.Logf("send %v", time.Since(t0))
	t0 = time.Now()
	_ = h.view()
	t.Logf("view %v", time.Since(t0))
}
