package list

import (
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// The painter gives what Render gives: the same bytes for colours, bold and the like; for
// underlined text (which Render styles rune by rune) the same text under the same attributes.
func TestPainterIsRender(t *testing.T) {
	for _, prof := range []termenv.Profile{termenv.Ascii, termenv.ANSI, termenv.ANSI256, termenv.TrueColor} {
		lipgloss.SetColorProfile(prof)
		var p painter
		styles := []lipgloss.Style{
			lipgloss.NewStyle(),
			lipgloss.NewStyle().Foreground(lipgloss.Color("111")),
			lipgloss.NewStyle().Foreground(lipgloss.Color("#ff8800")).Background(lipgloss.Color("24")).Bold(true),
			lipgloss.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#000000", Dark: "#ffffff"}).Italic(true).Faint(true),
			lipgloss.NewStyle().Reverse(true),
		}
		for _, st := range styles {
			for _, s := range []string{"", " ", "get_user_info  ", "查询用户 ", "a b"} {
				if got, want := p.paint(st, s), st.Render(s); got != want {
					t.Fatalf("%v %q: painted %q, Render %q", prof, s, got, want)
				}
			}
		}
		u := lipgloss.NewStyle().Underline(true).Foreground(lipgloss.Color("209"))
		if got, want := p.paint(u, "upd ate"), u.Render("upd ate"); ansi.Strip(got) != ansi.Strip(want) {
			t.Fatalf("%v underlined: %q vs %q", prof, got, want)
		}
		// Layout goes through Render itself.
		w := lipgloss.NewStyle().Width(10).Foreground(lipgloss.Color("1"))
		if got, want := p.paint(w, "x"), w.Render("x"); got != want {
			t.Fatalf("%v width: %q vs %q", prof, got, want)
		}
	}
	lipgloss.SetColorProfile(termenv.Ascii)
}
