package tui

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
)

var screenIDs atomic.Int64

// base is what every screen has: the context, an id for its messages, a cancel for its
// requests, a spinner.
type base struct {
	ctx     *Context
	id      int64
	reqCtx  context.Context
	cancel  context.CancelFunc
	spinner spinner.Model
	width   int
	height  int
}

func newBase(c *Context) base {
	rc, cancel := context.WithCancel(context.Background())
	sp := spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(c.Theme.Prompt))
	return base{ctx: c, id: screenIDs.Add(1), reqCtx: rc, cancel: cancel, spinner: sp}
}

func (b *base) Close() { b.cancel() }

// timeout is the deadline of one load.
const loadTimeout = 30 * time.Second

func (b *base) loadCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.reqCtx, loadTimeout)
}

func (b *base) loadingView(what string) string {
	return b.spinner.View() + " " + b.ctx.T("tui.loading", what)
}

// ID is the screen's address.
func (b *base) ID() int64 { return b.id }
