package common

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
)

var screenIDs atomic.Int64

// Base is what every screen has: the context, an id for its messages, a cancel for its
// requests, a spinner.
type Base struct {
	Ctx     *Context
	Addr    int64
	ReqCtx  context.Context
	cancel  context.CancelFunc
	Spinner spinner.Model
	Width   int
	Height  int
}

func NewBase(c *Context) Base {
	rc, cancel := context.WithCancel(context.Background())
	sp := spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(c.Theme.Prompt))
	return Base{Ctx: c, Addr: screenIDs.Add(1), ReqCtx: rc, cancel: cancel, Spinner: sp}
}

func (b *Base) Close() { b.cancel() }

// FullHelp is none of the page's own: the full help then shows the page's short help (a page
// whose keys fit one line need not say them twice).
func (b *Base) FullHelp() [][]key.Binding { return nil }

// LoadTimeout is the deadline of one load.
const LoadTimeout = 30 * time.Second

func (b *Base) LoadCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ReqCtx, LoadTimeout)
}

func (b *Base) LoadingView(what string) string {
	return b.Spinner.View() + " " + b.Ctx.T("tui.loading", what)
}

// Spin turns the spinner on msg (its tick) while busy; once the screen is not busy, the ticks
// stop.
func (b *Base) Spin(msg tea.Msg, busy bool) tea.Cmd {
	if !busy {
		return nil
	}
	var cmd tea.Cmd
	b.Spinner, cmd = b.Spinner.Update(msg)
	return cmd
}

// ID is the screen's address.
func (b *Base) ID() int64 { return b.Addr }

// Own addresses cmd's result to this screen: the root delivers it here and nowhere else.
func (b *Base) Own(cmd tea.Cmd) tea.Cmd { return For(b.Addr, cmd) }
