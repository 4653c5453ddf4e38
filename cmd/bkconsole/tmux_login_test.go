package main

import (
	"strings"
	"testing"
)

// ctrl+c at login's prompts ends the command, as on any prompt: it had been caught and
// ignored, leaving the user at a hidden prompt that echoed nothing until enter. The terminal
// echoes again afterwards, and the exit is 130.
func TestTmuxCtrlCAtLoginPrompts(t *testing.T) {
	for _, c := range []struct {
		args   []string
		prompt string
	}{
		{[]string{"login"}, "BK_API_URL_TMPL (e.g."},
		{[]string{"login", "--app-code", "x", "--api-url-tmpl", "'http://127.0.0.1:1/api/{api_name}'"}, "App secret (hidden"},
	} {
		h := newHome(t)
		// After the binary, the shell says how it ended and whether the terminal echoes.
		args := append(c.args, "; echo EXIT=$?; stty -a | grep -o -- ' -*echo ' | tr -d ' ' | head -1; sleep 60")
		s := startTmux(t, h, 100, 12, nil, args...)
		s.waitFor(c.prompt)
		s.keys("C-c")
		scr := s.waitFor("EXIT=", "echo\n") // "echo" or "-echo"
		if !strings.Contains(scr, "interrupted (ctrl+c) before it was done") || !strings.Contains(scr, "EXIT=130") ||
			!strings.Contains(scr, "\necho\n") {
			t.Errorf("%v:\n%s", c.args, scr)
		}
	}
}
