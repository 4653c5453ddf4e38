package tui

import (
	"context"
	"fmt"
	"go/token"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/common/pagetest"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
)

// harness drives the root model: it runs commands as the program would. Time stands still:
// timers (status fades, the record watcher) wait in a list until the test moves the clock with
// advance, and spinners do not spin. A command still running after wait (a request the test
// keeps in flight) goes on in the background; its answer is delivered at the next step.
type harness struct {
	t      testing.TB
	m      *Model
	f      *fakeBackend
	wait   time.Duration // how long a command may run before the harness goes on; 2s
	now    time.Time
	timers []pendingTimer
	late   chan tea.Msg // answers of commands that outlived wait
	quit   bool         // the program asked to end
	// onEachMsg, when set, runs after every message the model takes: a test looks at the
	// screens between them (a streamed answer drawn piece by piece).
	onEachMsg func()
}

type pendingTimer struct {
	at time.Time
	fn func(time.Time) tea.Msg
}

// timerMsg is a timer the program set, caught by the harness.
type timerMsg pendingTimer

func init() {
	// Every context a test makes keeps its spinners still; a harness also holds its time.
	common.NewClock = func() common.Clock {
		c := common.RealClock()
		c.Spin = func(spinner.Model) tea.Cmd { return nil }
		c.Cursor = cursor.CursorStatic
		return c
	}
}

// holdTime makes the program's timers the harness's.
func (h *harness) holdTime() {
	h.now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	h.late = make(chan tea.Msg, 64)
	h.m.ctx.Clock = common.Clock{
		Now: func() time.Time { return h.now },
		After: func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
			at := h.now.Add(d)
			return func() tea.Msg { return timerMsg{at, fn} }
		},
		Spin: func(spinner.Model) tea.Cmd { return nil },
		// No blinking: a focused field would otherwise keep a timer running on every key.
		Cursor: cursor.CursorStatic,
	}
}

// advance moves the clock and fires the timers that fall due, in order.
func (h *harness) advance(d time.Duration) {
	h.now = h.now.Add(d)
	for {
		sort.SliceStable(h.timers, func(i, j int) bool { return h.timers[i].at.Before(h.timers[j].at) })
		if len(h.timers) == 0 || h.timers[0].at.After(h.now) {
			return
		}
		t := h.timers[0]
		h.timers = h.timers[1:]
		h.send(t.fn(t.at))
	}
}

func newHarness(t testing.TB, lang i18n.Lang, w, h int, setup ...func(*fakeBackend)) *harness {
	f := newFake()
	for _, fn := range setup {
		fn(f)
	}
	c := common.NewContext(f, common.ProfileInfo{Name: "test", AppCode: "my-app", Stages: []string{"prod", "test"}}, lang)
	m := New(c)
	hs := &harness{t: t, m: m, f: f}
	hs.holdTime()
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(m.Init())
	return hs
}

func (h *harness) send(msg tea.Msg) {
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

// run executes commands breadth first, as the program's event loop interleaves them, and feeds
// their messages back.
func (h *harness) run(cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	if h.late != nil {
		for len(h.late) > 0 {
			msg := <-h.late
			queue = append(queue, func() tea.Msg { return msg })
		}
	}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			h.t.Fatal("commands never settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		ch := make(chan tea.Msg, 1)
		go func() { ch <- c() }()
		var msg tea.Msg
		select {
		case msg = <-ch:
		case <-time.After(h.waitFor()):
			if h.late != nil {
				late := h.late
				go func() { late <- <-ch }()
			}
			continue
		}
		if r, ok := msg.(common.Reply); ok {
			if tm, ok := r.Msg.(timerMsg); ok {
				// A page's own timer: it falls due addressed, as the real one would.
				to, fn := r.To, tm.fn
				msg = timerMsg{tm.at, func(t time.Time) tea.Msg { return common.Reply{To: to, Msg: fn(t)} }}
			}
		}
		h.checkAddressed(msg)
		switch m := msg.(type) {
		case nil:
		case tea.QuitMsg:
			h.quit = true
		case timerMsg:
			h.timers = append(h.timers, pendingTimer(m))
		case tea.BatchMsg:
			queue = append(queue, m...)
		default:
			if fmt.Sprintf("%T", msg) == "tea.sequenceMsg" {
				queue = append(queue, seqCmds(msg)...)
				continue
			}
			_, next := h.m.Update(msg)
			queue = append(queue, next)
			if h.onEachMsg != nil {
				h.onEachMsg()
			}
		}
	}
}

func (h *harness) keys(ks ...string) {
	for _, k := range ks {
		h.send(pagetest.Key(k))
	}
}

// openConsole starts the program and walks to the request console of a gateway's API:
// filter the gateways, open one, filter its APIs, c on the API.
func (h *harness) openConsole(gateway, api string) {
	h.t.Helper()
	h.run(h.m.Init())
	h.keys("/", gateway, "enter", "/", api, "enter", "c")
	mustContain(h.t, h.view(), "Call "+api)
}

// openDoc starts the program at width×height and walks to the doc of a gateway's API.
func (h *harness) openDoc(width, height int, gateway, api string) {
	h.t.Helper()
	h.resize(width, height)
	h.run(h.m.Init())
	h.keys("/", gateway, "enter", "/", api, "enter")
	h.awaitView("Request URL")
}

// rebind gives the session the config file's rebindings and has every screen build its keys
// again, as a language switch does.
func (h *harness) rebind(user map[string][]string) {
	h.m.ctx.SetUserKeys(user)
	h.send(common.LangChangedMsg{})
}

func (h *harness) view() string { return h.m.View() }

// awaitView waits for answers still in flight (h.late) until the view says want.
func (h *harness) awaitView(want string) {
	h.t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(h.view(), want) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		h.run(nil) // a late answer arrives
	}
	mustContain(h.t, h.view(), want)
}

// resize is the terminal changing size.
func (h *harness) resize(w, ht int) { h.send(tea.WindowSizeMsg{Width: w, Height: ht}) }

// checkAddressed fails on a page's own result that reached the root unaddressed: it would be
// broadcast to every screen, and a second page of the same kind would take it as its own.
// The pages' exported messages (what the router or other pages read) may travel bare.
func (h *harness) checkAddressed(msg tea.Msg) {
	t := reflect.TypeOf(msg)
	if t == nil || !strings.Contains(t.PkgPath(), "/tui/pages/") || token.IsExported(t.Name()) {
		return
	}
	h.t.Errorf("%s.%s reached the root without an address: wrap the command in Base.Own", t.PkgPath(), t.Name())
}

// seqCmds opens tea.Sequence's unexported message (a slice of commands).
func seqCmds(msg tea.Msg) []tea.Cmd {
	v := reflect.ValueOf(msg)
	var out []tea.Cmd
	for i := 0; i < v.Len(); i++ {
		if c, ok := v.Index(i).Interface().(tea.Cmd); ok {
			out = append(out, c)
		}
	}
	return out
}

func (h *harness) waitFor() time.Duration {
	if h.wait > 0 {
		return h.wait
	}
	return 2 * time.Second
}

// hold sets the gate (one of the fake's blocks) and returns it: the request it holds stays in
// flight until it is closed, and the harness moves on without its answer meanwhile.
func (h *harness) hold(gate *chan struct{}) chan struct{} {
	block := make(chan struct{})
	h.f.mu.Lock()
	*gate = block
	h.f.mu.Unlock()
	h.wait = 50 * time.Millisecond
	return block
}

// waitWhileHeld waits until the gate, when one is set, is closed, or ctx is done (its error).
func (f *fakeBackend) waitWhileHeld(ctx context.Context, gate *chan struct{}) error {
	f.mu.Lock()
	block := *gate
	f.mu.Unlock()
	if block == nil {
		return nil
	}
	select {
	case <-block:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
