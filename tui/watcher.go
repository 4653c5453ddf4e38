package tui

import (
	"context"
	"errors"
	"time"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"

	"github.com/bkconsole/bkconsole/client"
	tea "github.com/charmbracelet/bubbletea"
)

// recordsPolledMsg is one poll's answer.
type recordsPolledMsg struct {
	recs []client.Record
	err  error
}

// recordWatcher polls pending records with a back-off and stops when none is pending, so a
// decision is announced wherever the user is.
type recordWatcher struct {
	running bool
	delay   time.Duration
	gen     int
	pending map[int]bool // records known to be pending
}

type watchTickMsg struct{ gen int }

const (
	watchFirst = 2 * time.Second
	watchMax   = 30 * time.Second
)

func (w *recordWatcher) poll(c *common.Context) tea.Cmd {
	b := c.Backend
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), common.LoadTimeout)
		defer cancel()
		recs, _, err := b.Records(ctx, client.RecordQuery{})
		return recordsPolledMsg{recs, err}
	}
}

func (w *recordWatcher) schedule(c *common.Context) tea.Cmd {
	w.gen++
	gen, d := w.gen, w.delay
	w.delay = min(w.delay*3/2, watchMax)
	return c.Clock.After(d, func(time.Time) tea.Msg { return watchTickMsg{gen} })
}

// handle runs the watcher; it returns the notices and updates for the screens.
func (w *recordWatcher) handle(c *common.Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.WatchRecordsMsg:
		if w.pending == nil {
			w.pending = map[int]bool{}
		}
		if msg.Record != 0 {
			w.pending[msg.Record] = true
		}
		if msg.Reset || !w.running {
			w.delay = watchFirst
		}
		w.running = true
		return w.schedule(c)
	case watchTickMsg:
		if msg.gen != w.gen || !w.running {
			return nil
		}
		return w.poll(c)
	case recordsPolledMsg:
		if msg.err != nil {
			var un *client.ErrUnavailable
			if w.running && !errors.As(msg.err, &un) {
				return w.schedule(c) // try again later; the screens keep what they have
			}
			w.running = false
			return nil
		}
		if w.pending == nil {
			w.pending = map[int]bool{}
		}
		old, _ := c.Cache.Records.Get()
		for _, r := range old {
			if r.ApplyStatus == client.RecordPending {
				w.pending[r.ID] = true
			}
		}
		var decided []client.Record
		pending := false
		for _, r := range msg.recs {
			if w.pending[r.ID] && r.ApplyStatus != client.RecordPending {
				decided = append(decided, r)
				delete(w.pending, r.ID)
			}
			if r.ApplyStatus == client.RecordPending {
				w.pending[r.ID] = true
				pending = true
			}
		}
		c.Cache.Records.Put(msg.recs)
		cmds := []tea.Cmd{func() tea.Msg { return common.RecordsUpdatedMsg{Decided: decided} }}
		for _, r := range decided {
			c.Cache.Perms.Drop(r.GatewayName)
			cmds = append(cmds, common.Notify(c.T("records.decided", r.ID, r.GatewayName, i18n.RecordStatus(c.Lang, r.ApplyStatus)), r.ApplyStatus == client.RecordRejected))
		}
		if pending && w.running {
			cmds = append(cmds, w.schedule(c))
		} else {
			w.running = false
		}
		return tea.Batch(cmds...)
	}
	return nil
}
