package main

import (
	"strings"
	"testing"
)

// ctrl+c while the command reads the terminal (login's prompts, a body given as -d @-) ends it:
// it had been caught and ignored, leaving the user at a hidden prompt that echoed nothing until
// enter. The terminal echoes again afterwards, the message is on a line of its own, and the
// exit is 130. A body read from the terminal says how to end it.
func TestTmuxCtrlCWhileReadingTheTerminal(t *testing.T) {
	for _, c := range []struct {
		args   []string
		prompt string
	}{
		{[]string{"login"}, "BK_API_URL_TMPL (e.g."},
		{[]string{"login", "--app-code", "x", "--api-url-tmpl", "'http://127.0.0.1:1/api/{api_name}'"}, "App secret (hidden"},
		{[]string{"--sandbox", "call", "demo-echo", "echo_post", "-d", "@-"}, "then ctrl-d on a line of its own"},
	} {
		h := newHome(t)
		// After the binary, the shell says how it ended and whether the terminal echoes.
		args := append(c.args, "; echo EXIT=$?; stty -a | grep -o -- ' -*echo ' | tr -d ' ' | head -1; sleep 60")
		s := startTmux(t, h, 100, 12, nil, args...)
		s.waitFor(c.prompt)
		s.keys("C-c")
		scr := s.waitFor("EXIT=", "echo\n") // "echo" or "-echo"
		if !strings.Contains(scr, "\nbkconsole: interrupted (ctrl+c) before it was done") || !strings.Contains(scr, "EXIT=130") ||
			!strings.Contains(scr, "\necho\n") {
			t.Errorf("%v:\n%s", c.args, scr)
		}
	}
}
