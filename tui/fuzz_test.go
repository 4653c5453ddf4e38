package tui

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/tui/common"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/collection"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/sandbox"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// The keys the fuzzer presses: letters every screen uses, and the special keys.
var (
	fuzzRunes   = []rune("abcdefghijklmnopqrstuvwxyzSARHIPLNWTKMEOy/:? 7{}\"B=.")
	fuzzSpecial = []tea.KeyType{tea.KeyEnter, tea.KeyEsc, tea.KeyTab, tea.KeyShiftTab, tea.KeyUp, tea.KeyDown, tea.KeyLeft,
		tea.KeyRight, tea.KeyPgUp, tea.KeyPgDown, tea.KeyBackspace, tea.KeyCtrlS, tea.KeyCtrlN, tea.KeyCtrlX, tea.KeyCtrlF,
		tea.KeyCtrlU, tea.KeyCtrlO, tea.KeyF1, tea.KeyCtrlP, tea.KeyHome, tea.KeyEnd, tea.KeySpace,
		tea.KeyCtrlG, tea.KeyCtrlT, tea.KeyCtrlW, tea.KeyCtrlLeft, tea.KeyCtrlRight}
)

var (
	fuzzOnce sync.Once
	fuzzURLs sandbox.URLs
)

// fuzzSandbox is one sandbox for every input of the fuzzer (it is safe for concurrent use).
func fuzzSandbox(t testing.TB) sandbox.URLs {
	fuzzOnce.Do(func() {
		sb, err := sandbox.New(sandbox.Options{DecideAfter: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		fuzzURLs = sandbox.URLsFor(httptest.NewServer(sb).URL)
	})
	return fuzzURLs
}

// FuzzRootModel walks the whole program with random keys, clicks, wheel turns, window sizes
// and language switches, on the sandbox backend, delivering commands' messages as the program
// would. After every step nothing panicked and every line fits the width; at the end esc esc
// esc q (and y if a draft asks) ends the program.
func FuzzRootModel(f *testing.F) {
	for _, seed := range fuzzSeeds {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 300 {
			data = data[:300]
		}
		u := fuzzSandbox(t)
		p, _ := client.NewPlanner(client.Config{HelpCenterURL: u.HelpCenterURL, DeveloperCenterURL: u.DeveloperCenterURL, APIURLTmpl: u.APIURLTmpl,
			AppCode: sandbox.DemoAppCode, AppSecret: sandbox.DemoAppSecret, BkToken: sandbox.DemoBkToken, Username: sandbox.DemoUsername,
			Timeout: 2 * time.Second, Retries: -1})
		t.Cleanup(p.CloseIdle) // thousands of inputs share one sandbox: each input's connections go with it
		c := common.NewContext(p, common.ProfileInfo{Name: "fuzz", Stages: []string{"prod", "test"}, APIURLTmpl: u.APIURLTmpl}, i18n.English)
		c.StateDir = t.TempDir()
		c.Collection = &collection.Store{Dir: t.TempDir()}
		m := New(c)
		h := &harness{t: t, m: m, wait: 500 * time.Millisecond}
		h.holdTime()
		w, ht := 100, 30
		h.send(tea.WindowSizeMsg{Width: w, Height: ht})
		h.run(m.Init())
		var trace []string
		step := func(msg tea.Msg) {
			trace = append(trace, fmt.Sprintf("%v", msg))
			h.send(msg)
			if h.m.Crash() != nil {
				t.Fatalf("panic after %v: %v\n%s", trace, h.m.Crash().Value, h.m.Crash().Stack)
			}
			if fault := frameFault(h.m, h.view(), w); fault != "" {
				t.Fatalf("at %dx%d %s, after %v:\n%s", w, ht, fault, trace, h.view())
			}
		}
		// A wall-clock budget per input: a command that waits (a login, a stream) costs the harness
		// its wait on every key, and one slow input must not stall the whole fuzzing run.
		budget := time.Now().Add(4 * time.Second)
		for i := 0; i < len(data) && !h.quit && time.Now().Before(budget); i++ {
			b := data[i]
			switch {
			case b < 128:
				step(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{fuzzRunes[int(b)%len(fuzzRunes)]}})
			case b < 200:
				step(tea.KeyMsg{Type: fuzzSpecial[int(b-128)%len(fuzzSpecial)]})
			case b < 215 && i+2 < len(data):
				step(tea.MouseMsg{X: int(data[i+1]) % w, Y: int(data[i+2]) % ht, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
				i += 2
			case b < 230:
				btn := tea.MouseButtonWheelDown
				if b%2 == 0 {
					btn = tea.MouseButtonWheelUp
				}
				step(tea.MouseMsg{Action: tea.MouseActionPress, Button: btn})
			case b < 245 && i+2 < len(data):
				w, ht = 20+int(data[i+1])%231, 5+int(data[i+2])%66
				step(tea.WindowSizeMsg{Width: w, Height: ht})
				i += 2
			default:
				h.advance(time.Duration(b) * 100 * time.Millisecond) // timers fall due: fades, the watcher
			}
		}
		if h.quit {
			return
		}
		for _, k := range []tea.KeyType{tea.KeyEsc, tea.KeyEsc, tea.KeyEsc} {
			step(tea.KeyMsg{Type: k})
		}
		step(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
		if !h.quit {
			step(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")}) // a draft asked first
		}
		if !h.quit {
			step(tea.KeyMsg{Type: tea.KeyCtrlC})
			step(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")})
		}
		if !h.quit {
			t.Fatalf("esc esc esc q did not end the program after %v:\n%s", trace, h.view())
		}
	})
}

// frameFault is what is wrong with a frame at width w ("" when nothing): a line wider than the
// terminal, a footer offering a key the focused field would take as a letter, or a Chinese
// screen punctuated in English.
func frameFault(m *Model, view string, w int) string {
	for _, line := range strings.Split(view, "\n") {
		if lw := ansi.StringWidth(line); lw > w {
			return fmt.Sprintf("a line of %d cells: %q", lw, line)
		}
	}
	if k := typedKeyOffered(m); k != "" {
		return fmt.Sprintf("the footer offers %q while a field takes the letters", k)
	}
	if m.ctx.Lang == i18n.Chinese {
		if line := i18n.MixedPunctuation(ansi.Strip(view)); line != "" {
			return fmt.Sprintf("English punctuation after Chinese: %q", line)
		}
	}
	return ""
}

// typedKeyOffered is a key the footer offers that the focused field would take as a letter
// (the MCP page's had kept t, x, A… while a file's name was typed); a question's answers are
// the letters it takes.
func typedKeyOffered(m *Model) string {
	if m.palette != nil || m.showHelp || m.confirm || !m.top().Capturing() {
		return ""
	}
	answers := map[string]bool{m.ctx.Form.Yes.Help().Key: true, m.ctx.Form.No.Help().Key: true}
	for _, b := range m.shortHelp() {
		k := b.Help().Key
		if r := []rune(k); len(r) == 1 && r[0] > ' ' && r[0] < 0x7f && !answers[k] {
			return k
		}
	}
	return ""
}

// fuzzSeeds are walks worth keeping: the bugs found by trying the program.
var fuzzSeeds = [][]byte{
	// open demo-echo, an API's console, send, back to the request, type, send again
	append(append([]byte{}, keysOf("/demo-echo")...), append([]byte{128}, append(keysOf("/echo_get"), 128, 128, keysOf("c")[0], 139, 131, keysOf("x")[0], 139, 140, 140, 140, keysOf("x")[0], 141)...)...),
	// the help at 80x24, scrolled
	{230, 60, 19, 145, 133, 133, 133, 132, 129},
	// palette jumps twice
	append(keysOf(":items"), 128, 128),
	// language switch everywhere, tiny window, back to normal
	{keysOf("L")[0], 128, keysOf("L")[0], 230, 0, 0, 230, 80, 20, keysOf("L")[0]},
	// a console saved under a name, two tabs, the Saved page
	append(append(append([]byte{}, keysOf("/demo-echo")...), append([]byte{128}, append(keysOf("/echo_get"), 128, 128, keysOf("c")[0], 150, keysOf("g")[0], 128, 151, 139, 153, 152, 129)...)...), keysOf("B")...),
	// permissions tab, select all, apply form, submit without a reason
	append(keysOf("/bk-user"), 128, 130, 130, keysOf("a")[0], keysOf("A")[0], 139),
	// a response searched: the footer kept t (trace) while the query was typed
	append(append(append(keysOf("/demo-echo"), 128), keysOf("/echo_get")...), 128, 128, keysOf("c")[0], 139, keysOf("/")[0]),
	// a list's filter typed on every list page: the footer offered the page's letters
	append(append(append(keysOf("M/"), 129, 129), keysOf("R/")...), 129, 129, 129, keysOf("E/")[0], keysOf("E/")[1], 129, 129, keysOf("H/")[0], keysOf("H/")[1]),
}

// keysOf encodes text as the fuzzer's key bytes.
func keysOf(s string) []byte {
	var out []byte
	for _, r := range s {
		for i, fr := range fuzzRunes {
			if fr == r {
				out = append(out, byte(i))
				break
			}
		}
	}
	return out
}
