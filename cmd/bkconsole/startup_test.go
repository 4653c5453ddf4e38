package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// firstFrame starts the binary in a pseudo-terminal that answers what a real terminal answers
// (background colour OSC 11, cursor position), and returns the time from exec until the screen
// shows want.
func firstFrame(t testing.TB, env []string, want string, args ...string) time.Duration {
	cmd := exec.Command(binary, args...)
	cmd.Env = append(env, "TERM=xterm-256color", "COLORTERM=truecolor")
	start := time.Now()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: 100})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
		f.Close()
	}()
	var seen bytes.Buffer
	buf := make([]byte, 32*1024)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		f.SetReadDeadline(time.Now().Add(2 * time.Second))
		n, err := f.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			seen.Write(chunk)
			if bytes.Contains(chunk, []byte("\x1b]11;?")) {
				f.Write([]byte("\x1b]11;rgb:1e1e/1e1e/1e1e\x1b\\"))
			}
			if bytes.Contains(chunk, []byte("\x1b[6n")) {
				f.Write([]byte("\x1b[1;1R"))
			}
			if bytes.Contains(seen.Bytes(), []byte(want)) {
				return time.Since(start)
			}
		}
		if err != nil && !os.IsTimeout(err) {
			break
		}
	}
	t.Fatalf("no frame with %q; saw %q", want, tail(seen.String(), 400))
	return 0
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func median(ds []time.Duration) time.Duration {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2]
}

// TestStartupFirstFrame measures exec → the first frame with the gateway list on the sandbox.
// The target is 50ms (median); the assertion is looser so a loaded CI machine does not fail it,
// and the measured median is logged (docs/performance.md keeps a run).
func TestStartupFirstFrame(t *testing.T) {
	h := newHome(t)
	var runs []time.Duration
	for i := 0; i < 15; i++ {
		runs = append(runs, firstFrame(t, h.env, "demo-echo", "--sandbox"))
	}
	m := median(runs)
	t.Logf("first frame with the gateway list: median %s over %d runs", m, len(runs))
	if m > 500*time.Millisecond {
		t.Errorf("startup median %s", m)
	}
	// A second start shows the gateway list from the on-disk cache, then refreshes it.
	if _, err := os.Stat(h.dir + "/cache/bkconsole"); err != nil {
		t.Errorf("the gateway list is cached on disk: %v", err)
	}
}

func BenchmarkStartupFirstFrame(b *testing.B) {
	h := newHome(b)
	for i := 0; i < b.N; i++ {
		firstFrame(b, h.env, "demo-echo", "--sandbox")
	}
}

var _ = strings.Contains

// TestMemoryWith50kAPIs opens a gateway of 50,000 APIs in the console and reads its RSS.
func TestMemoryWith50kAPIs(t *testing.T) {
	srv := newHome(t)
	s := srv.serve("--apis", "50000")
	h := newHome(t, "BK_API_URL_TMPL="+s.APIURLTmpl, "BK_APP_CODE="+s.Apps[0].Code, "BK_APP_SECRET="+s.Apps[0].Secret,
		"BK_TOKEN="+s.BkToken, "BKCONSOLE_HELP_CENTER_URL="+s.HelpCenter)
	cmd := exec.Command(binary)
	cmd.Env = append(h.env, "TERM=xterm-256color")
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: 100})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait(); f.Close() }()
	var seen bytes.Buffer
	buf := make([]byte, 64*1024)
	step := 0
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		f.SetReadDeadline(time.Now().Add(time.Second))
		n, _ := f.Read(buf)
		chunk := buf[:n]
		seen.Write(chunk)
		if bytes.Contains(chunk, []byte("\x1b]11;?")) {
			f.Write([]byte("\x1b]11;rgb:1e1e/1e1e/1e1e\x1b\\"))
		}
		if bytes.Contains(chunk, []byte("\x1b[6n")) {
			f.Write([]byte("\x1b[1;1R"))
		}
		switch {
		case step == 0 && bytes.Contains(seen.Bytes(), []byte("bench-gw")):
			f.Write([]byte("/bench"))
			time.Sleep(100 * time.Millisecond)
			f.Write([]byte("\r"))
			step, seen = 1, bytes.Buffer{}
		case step == 1 && bytes.Contains(seen.Bytes(), []byte("of 50000")):
			time.Sleep(300 * time.Millisecond)
			t.Logf("with 50,000 APIs loaded: %s", memory(t, cmd.Process.Pid))
			f.Write([]byte("\t"))
			time.Sleep(100 * time.Millisecond)
			f.Write([]byte("\t")) // the Permissions tab
			step, seen = 2, bytes.Buffer{}
		case step == 2 && bytes.Contains(seen.Bytes(), []byte("of 50000")):
			time.Sleep(300 * time.Millisecond)
			mem := memory(t, cmd.Process.Pid)
			t.Logf("with its Permissions tab shown: %s (target: peak 100 MB)", mem)
			// The target is 100 MB, measured on a quiet machine for docs/performance.md; this is
			// only a regression guard, generous enough for a CI machine that runs other
			// packages' tests at the same time.
			if mem.peakKB > 160*1024 {
				t.Errorf("peak %d MB: a regression far over the 100 MB target", mem.peakKB/1024)
			}
			return
		}
	}
	t.Fatalf("never loaded the 50,000 APIs: %q", tail(seen.String(), 300))
}

func itoa(i int) string { return strconv.Itoa(i) }

// mem is a process's resident memory now and at its peak (VmRSS, VmHWM).
type mem struct{ rssKB, peakKB int }

func (m mem) String() string {
	return fmt.Sprintf("RSS %d MB, peak %d MB", m.rssKB/1024, m.peakKB/1024)
}

func memory(t *testing.T, pid int) mem {
	t.Helper()
	status, err := os.ReadFile("/proc/" + itoa(pid) + "/status")
	if err != nil {
		t.Fatal(err)
	}
	var m mem
	for _, line := range strings.Split(string(status), "\n") {
		for name, to := range map[string]*int{"VmRSS:": &m.rssKB, "VmHWM:": &m.peakKB} {
			if v, ok := strings.CutPrefix(line, name); ok {
				if *to, err = strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(v, "kB"))); err != nil {
					t.Fatalf("unreadable %q: %v", line, err)
				}
			}
		}
	}
	if m.rssKB <= 0 || m.peakKB <= 0 {
		t.Fatalf("no VmRSS or VmHWM in /proc/%d/status", pid)
	}
	return m
}
