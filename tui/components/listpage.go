package components

import (
	"github.com/bkconsole/bkconsole/tui/common"
	tea "github.com/charmbracelet/bubbletea"
)

// ListPage is what every page whose body is one filter list shares, embedded as soft-serve's
// pages embed theirs: the list takes the page's size less the page's header lines, its filter
// captures the keys while it is open and takes the first Esc. A page that does more (a form
// over the list, a header that grows) defines its own method.
type ListPage struct {
	common.Base
	Listing *FilterList
	header  int
}

// NewListPage is a page's base with a filter list searching the columns search, under header
// lines of the page's own.
func NewListPage(c *common.Context, search []int, header int) ListPage {
	return ListPage{Base: common.NewBase(c), Listing: NewFilterList(c, nil, search), header: header}
}

func (p *ListPage) SetSize(w, h int) {
	p.Width, p.Height = w, h
	p.Listing.SetSize(w, max(1, h-p.header))
}

func (p *ListPage) Capturing() bool { return p.Listing.Capturing() }
func (p *ListPage) Escape() bool    { return p.Listing.Escape() }

// Update does what every list page does with msg before its own work: a change of language
// rebuilds the rows (build is the page's own; the page may do more with the message), and a
// key the filter list owns (its filter open, the cursor's moves) is the list's alone: handled.
func (p *ListPage) Update(msg tea.Msg, build func()) (handled bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case common.LangChangedMsg:
		build()
	case tea.KeyMsg:
		return p.Listing.Update(msg)
	}
	return false, nil
}
