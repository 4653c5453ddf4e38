package main

import (
	"testing"
	"time"
)

// inPty runs the binary in a pseudo-terminal whose "terminal" answers the background query with
// bg (nil: answers nothing at all, not even the cursor position), and returns how long until
// the screen showed want.
func inPty(t *testing.T, env []string, bg []byte, want string, args ...string) time.Duration {
	t.Helper()
	return startPty(t, answersBackground(bg), binary, env, args...).waitFor(want, 10*time.Second)
}

// In a terminal that never answers its queries no command waits: Bubble Tea's init would ask
// and wait 5 s; the question is settled first, within 100 ms.
func TestNeverAnsweringTerminalDoesNotStall(t *testing.T) {
	h := newHome(t)
	for _, c := range []struct {
		want string
		args []string
	}{
		{"Usage:", []string{"--help"}},
		{"demo-echo", []string{"--sandbox", "gateways"}},
		{"demo-echo", []string{"--sandbox"}}, // the TUI's first frame
	} {
		took := inPty(t, h.env, nil, c.want, c.args...)
		t.Logf("%v: %v", c.args, took)
		if took > 2*time.Second { // the stall is 5 s; a loaded CI machine still passes 2 s
			t.Errorf("%v waited %v for a terminal that never answers", c.args, took)
		}
	}
}

// Where the terminal answers, its background decides the theme.
func TestTerminalBackgroundIsRead(t *testing.T) {
	h := newHome(t, "BKCONSOLE_DEBUG=termbg")
	for _, c := range []struct {
		bg, want string
	}{
		{"rgb:ffff/ffff/ffff", "termbg: dark=false answered=true"},
		{"rgb:1e1e/1e1e/1e1e", "termbg: dark=true answered=true"},
		{"rgb:fd/f6/e3", "termbg: dark=false answered=true"}, // two hex digits a channel (solarized light)
	} {
		inPty(t, h.env, []byte(c.bg), c.want, "--version")
	}
	inPty(t, h.env, nil, "termbg: dark=true answered=false", "--version")
	inPty(t, append(h.env, "COLORFGBG=0;15"), nil, "termbg: dark=false answered=true", "--version")
}
