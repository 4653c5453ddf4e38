package main

import (
	"bufio"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// ctrl+c says the command was stopped, with exit 130 as a shell reports it: a read in flight
// had said "cannot reach the server … try again later" (exit 1), and a wait two seconds in
// "record 1 is still pending after 30m0s" (exit 3).
func TestCtrlCSaysItWasInterrupted(t *testing.T) {
	waiting := newHome(t).serve("--decide-after", "1h")
	slow := newHome(t).serve("--faults", "latency=20s")
	// A gateway that takes a call and never answers it: ctrl+c comes with the call sent.
	target, _ := url.Parse(strings.TrimSuffix(waiting.APIURLTmpl, "/api/{api_name}"))
	rp := httputil.NewSingleHostReverseProxy(target)
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/api/demo-echo/") {
			select { // bounded: the test's end does not wait on it
			case <-r.Context().Done():
			case <-time.After(3 * time.Second):
			}
			return
		}
		rp.ServeHTTP(w, r)
	}))
	defer func() { hang.CloseClientConnections(); hang.Close() }()
	sent := waiting.as(0, "login", "hc")
	for i, e := range sent {
		sent[i] = strings.ReplaceAll(e, target.String(), hang.URL)
	}
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
		// A call already sent keeps its own report: the backend may have acted on it (exit 1).
		{sent, []string{"call", "demo-echo", "echo_post", "-d", "{}", "-v"}, "> POST ", "the request was sent, but its answer was lost", "en"},
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
		code := ExitInterrupted
		if c.ready == "> POST " {
			code = ExitFailed
		}
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != code || !strings.Contains(seen.String(), c.want) ||
			strings.Contains(seen.String(), "cannot reach") || strings.Contains(seen.String(), "30m0s") {
			t.Errorf("%v: %v\n%s", c.args, err, seen.String())
		}
	}
}
