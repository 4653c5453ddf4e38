package main

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// ctrl+c says the command was stopped, with exit 130 as a shell reports it: a read in flight
// had said "cannot reach the server … try again later" (exit 1), and a wait two seconds in
// "record 1 is still pending after 30m0s" (exit 3).
func TestCtrlCSaysItWasInterrupted(t *testing.T) {
	waiting := newHome(t).serve("--decide-after", "1h")
	slow := newHome(t).serve("--faults", "latency=20s")
	for _, c := range []struct {
		env        []string
		args       []string
		ready      string // what stderr shows once the command is where ctrl+c should find it
		want, lang string
	}{
		{waiting.as(0, "login", "dc"), []string{"apply", "demo-echo", "echo_item", "--reason", "r", "--wait"}, "waiting for record",
			"stopped waiting (ctrl+c): record 1 is still pending; bkconsole records 1 --wait follows it again", "en"},
		{slow.as(0), []string{"apis", "demo-echo", "-v"}, "GET ", "interrupted (ctrl+c) before it was done", "en"},
		{slow.as(0), []string{"apis", "demo-echo", "-v", "--json"}, "GET ", `{"error":{"code":"interrupted","exit_code":130`, "en"},
		{slow.as(0), []string{"apis", "demo-echo", "-v", "--lang", "zh"}, "GET ", "已中断（ctrl+c），操作未完成", "zh"},
	} {
		h := newHome(t, c.env...)
		cmd := exec.Command(binary, c.args...)
		cmd.Env = h.env
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var seen strings.Builder
		r := bufio.NewReader(stderr)
		for !strings.Contains(seen.String(), c.ready) {
			line, err := r.ReadString('\n')
			seen.WriteString(line)
			if err != nil {
				t.Fatalf("%v: ended before %q:\n%s", c.args, c.ready, seen.String())
			}
		}
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		rest, _ := io.ReadAll(r)
		seen.Write(rest)
		err = cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != ExitInterrupted || !strings.Contains(seen.String(), c.want) ||
			strings.Contains(seen.String(), "cannot reach") || strings.Contains(seen.String(), "30m0s") {
			t.Errorf("%v: %v\n%s", c.args, err, seen.String())
		}
	}
}
