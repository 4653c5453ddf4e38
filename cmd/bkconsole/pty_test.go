package main

import (
	"bytes"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/creack/pty"
)

// ptyRun is a program in a pseudo-terminal of 100×30 and what it has drawn so far. The
// "terminal" answers queries as its answer function says; the run is killed when the test ends.
type ptyRun struct {
	t      testing.TB
	cmd    *exec.Cmd
	f      *os.File
	answer func(chunk []byte) []byte
	seen   bytes.Buffer
	start  time.Time
}

// startPty starts program with env (and a colour terminal's TERM) on a terminal of 100 columns.
func startPty(t testing.TB, answer func(chunk []byte) []byte, program string, env []string, args ...string) *ptyRun {
	t.Helper()
	return startPtyWide(t, 100, answer, program, env, args...)
}

// startPtyWide is startPty on a terminal of cols columns.
func startPtyWide(t testing.TB, cols uint16, answer func(chunk []byte) []byte, program string, env []string, args ...string) *ptyRun {
	t.Helper()
	cmd := exec.Command(program, args...)
	cmd.Env = append(env, "TERM=xterm-256color", "COLORTERM=truecolor")
	r := &ptyRun{t: t, cmd: cmd, answer: answer, start: time.Now()}
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: cols})
	if err != nil {
		t.Fatal(err)
	}
	r.f = f
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		f.Close()
	})
	return r
}

// answersLikeATerminal answers the background query (dark) and the cursor position.
func answersLikeATerminal(chunk []byte) []byte {
	var out []byte
	if bytes.Contains(chunk, []byte("\x1b]11;?")) {
		out = append(out, "\x1b]11;rgb:1e1e/1e1e/1e1e\x1b\\"...)
	}
	if bytes.Contains(chunk, []byte("\x1b[6n")) {
		out = append(out, "\x1b[1;1R"...)
	}
	return out
}

// answersBackground answers the background query with bg, and nothing at all for nil (a
// terminal that never answers, not even the cursor position).
func answersBackground(bg []byte) func([]byte) []byte {
	return func(chunk []byte) []byte {
		if bg == nil || !bytes.Contains(chunk, []byte("\x1b]11;?")) {
			return nil
		}
		return append(append([]byte("\x1b]11;"), bg...), "\x1b\\\x1b[1;1R"...)
	}
}

// waitFor reads until the screen has shown want since the last forget, answering queries on the
// way, and says how long since the start that took; it fails the test after within.
func (r *ptyRun) waitFor(want string, within time.Duration) time.Duration {
	r.t.Helper()
	buf := make([]byte, 64*1024)
	deadline := time.Now().Add(within)
	if bytes.Contains(r.seen.Bytes(), []byte(want)) { // read with what an earlier wait waited for
		return time.Since(r.start)
	}
	for time.Now().Before(deadline) {
		r.f.SetReadDeadline(time.Now().Add(time.Second))
		n, err := r.f.Read(buf)
		if n > 0 {
			r.seen.Write(buf[:n])
			if a := r.answer(buf[:n]); len(a) > 0 {
				r.f.Write(a)
			}
			if bytes.Contains(r.seen.Bytes(), []byte(want)) {
				return time.Since(r.start)
			}
		}
		if err != nil && !os.IsTimeout(err) {
			break
		}
	}
	r.t.Fatalf("never showed %q; saw %q", want, tail(r.seen.String(), 400))
	return 0
}

// forget drops what was drawn, so the next waitFor sees only what comes after.
func (r *ptyRun) forget() { r.seen.Reset() }

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
