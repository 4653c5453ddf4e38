package tui

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// fitFrame does what lipgloss's Height, MaxHeight and MaxWidth did to every frame.
func TestFitFrameIsLipgloss(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "bc ", "中文", "\x1b[31mred\x1b[0m", "\x1b[1;38;5;208m粗体\x1b[0m", " ", "\t", "─────", "é"}
	for n := range 500 {
		var lines []string
		for range r.IntN(12) {
			var b strings.Builder
			for range r.IntN(14) {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
			lines = append(lines, b.String())
		}
		body := strings.Join(lines, "\n")
		w, h := 1+r.IntN(40), 1+r.IntN(10)
		want := lipgloss.NewStyle().Height(h).MaxHeight(h).MaxWidth(w).Render(body)
		if got := fitFrame(body, w, h); got != want {
			t.Fatalf("case %d (%d×%d) %q:\n got %q\nwant %q", n, w, h, body, got, want)
		}
	}
}
