package list

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// painter renders one-line cells as lipgloss would, from a prefix and a suffix found once per
// style: Render rebuilds the terminal's sequences on every call, which was most of a frame's
// time at 50,000 APIs. Styles with layout (width, padding, margins, borders, a transform) and
// text with tabs or line breaks go through Render itself.
type painter struct{ cache map[paintKey][2]string }

type paintKey struct {
	fg, bg lipgloss.TerminalColor
	attrs  uint8
}

func (p *painter) reset() { p.cache = nil }

func (p *painter) paint(st lipgloss.Style, s string) string {
	if !plainStyle(st) || strings.ContainsAny(s, "\t\r\n") {
		return st.Render(s)
	}
	k := paintKey{st.GetForeground(), st.GetBackground(), attrsOf(st)}
	ends, ok := p.cache[k]
	if !ok {
		r := st.Render("\x00")
		i := strings.IndexByte(r, 0)
		if i < 0 {
			return st.Render(s)
		}
		ends = [2]string{r[:i], r[i+1:]}
		if p.cache == nil {
			p.cache = map[paintKey][2]string{}
		}
		p.cache[k] = ends
	}
	return ends[0] + s + ends[1]
}

func attrsOf(st lipgloss.Style) uint8 {
	var a uint8
	for i, on := range []bool{st.GetBold(), st.GetItalic(), st.GetUnderline(), st.GetStrikethrough(), st.GetReverse(), st.GetBlink(), st.GetFaint()} {
		if on {
			a |= 1 << i
		}
	}
	return a
}

// plainStyle tells a style of colours and attributes only.
func plainStyle(st lipgloss.Style) bool {
	t, r, b, l := st.GetPadding()
	mt, mr, mb, ml := st.GetMargin()
	return st.GetWidth() == 0 && st.GetHeight() == 0 && st.GetMaxWidth() == 0 && st.GetMaxHeight() == 0 &&
		t|r|b|l|mt|mr|mb|ml == 0 && !st.GetBorderTop() && !st.GetBorderRight() && !st.GetBorderBottom() &&
		!st.GetBorderLeft() && st.GetTransform() == nil && !st.GetInline() && st.Value() == ""
}
