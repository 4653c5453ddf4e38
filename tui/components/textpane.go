package components

import (
	"fmt"
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// TextPane shows a page's text, rendered anew for each frame, in the rows the page has: the
// navigation keys and the wheel scroll it, and when it does not fit a last row says how far
// down the reader is. A record with a long reason or fifty APIs is read to its end, not cut at
// the terminal's last row.
type TextPane struct {
	vp viewport.Model
	// reveal is the start of a line the next frame scrolls into view with revealRows after
	// it: an answer that comes below what the reader looks at and would be off a short page.
	reveal     string
	revealRows int
}

// Reveal asks the next frame to scroll the least that shows the first row holding mark (styles
// aside) and the rows after it.
func (p *TextPane) Reveal(mark string, rows int) { p.reveal, p.revealRows = mark, rows }

// Update scrolls on a navigation key or the wheel, and says whether msg was one.
func (p *TextPane) Update(c *common.Context, msg tea.Msg) bool {
	switch msg := msg.(type) {
	case tea.MouseMsg:
		Pane{VP: &p.vp}.Wheel(msg)
		return true
	case tea.KeyMsg:
		return c.Nav.Scroll(msg, Pane{VP: &p.vp})
	}
	return false
}

// View shows text in width×height cells from where the reader scrolled to; text read again
// (a record decided while it is open) keeps the reader's place.
func (p *TextPane) View(c *common.Context, text string, width, height int) string {
	p.vp.Width, p.vp.Height = width, max(1, height)
	p.vp.SetContent(text)
	if p.vp.TotalLineCount() <= p.vp.Height || height < 2 {
		p.reveal = "" // in view already
		return p.vp.View()
	}
	p.vp.Height = height - 1 // the row that says where the reader is
	p.vp.SetContent(text)
	if mark := p.reveal; mark != "" {
		p.reveal = ""
		for i, l := range strings.Split(text, "\n") {
			if strings.Contains(ansi.Strip(l), mark) {
				p.vp.SetYOffset(revealOffset(p.vp.YOffset, i, p.revealRows, p.vp.Height))
				break
			}
		}
	}
	return p.vp.View() + "\n" + c.Theme.Subtle.Render(fmt.Sprintf("%3.0f%%", p.vp.ScrollPercent()*100))
}

// Help is the scrolling keys, when the last frame's text did not fit.
func (p *TextPane) Help(c *common.Context) []key.Binding {
	if p.vp.TotalLineCount() <= p.vp.Height {
		return nil
	}
	return []key.Binding{c.Nav.Down, c.Nav.Up}
}

// revealOffset is the least scroll from offset that shows the line at i and the rows after
// it in a page of height rows, two lines above it for context at most; what is already in
// view does not move the page.
func revealOffset(offset, i, after, height int) int {
	if i < offset {
		return max(0, i-2)
	}
	return max(offset, min(i-2, i+after-height))
}
