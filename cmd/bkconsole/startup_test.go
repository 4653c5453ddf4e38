package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// firstFrame starts the binary in a pseudo-terminal that answers what a real terminal answers
// (background colour OSC 11, cursor position), and returns the time from exec until the screen
// shows want.
func firstFrame(t testing.TB, env []string, want string, args ...string) time.Duration {
	return firstFrameOf(t, binary, env, want, args...)
}

func firstFrameOf(t testing.TB, program string, env []string, want string, args ...string) time.Duration {
	return startPty(t, answersLikeATerminal, program, env, args...).waitFor(want, 10*time.Second)
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
	// Beside an empty Bubble Tea program drawing one line, in the same pseudo-terminal.
	empty := filepath.Join(t.TempDir(), "emptytea")
	if out, err := exec.Command("go", "build", "-o", empty, "./testdata/emptytea").CombinedOutput(); err != nil {
		t.Fatalf("build the empty program: %v\n%s", err, out)
	}
	var base []time.Duration
	for i := 0; i < 15; i++ {
		base = append(base, firstFrameOf(t, empty, h.env, "empty program ready"))
	}
	e := median(base)
	t.Logf("an empty Bubble Tea program's first frame: median %s; bkconsole's is %.2f× it", e, float64(m)/float64(e))
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

// TestMemoryWith50kAPIs opens a gateway of 50,000 APIs in the console and reads its RSS.
func TestMemoryWith50kAPIs(t *testing.T) {
	srv := newHome(t)
	s := srv.serve("--apis", "50000")
	h := newHome(t, s.as(0, "login", "hc")...)
	r := startPty(t, answersLikeATerminal, binary, h.env)
	r.waitFor("bench-gw", 30*time.Second)
	r.f.Write([]byte("/bench"))
	time.Sleep(100 * time.Millisecond)
	r.forget()
	r.f.Write([]byte("\r"))
	r.waitFor("of 50000", 30*time.Second)
	time.Sleep(300 * time.Millisecond)
	t.Logf("with 50,000 APIs loaded: %s", memory(t, r.cmd.Process.Pid))
	r.f.Write([]byte("\t"))
	time.Sleep(100 * time.Millisecond)
	r.forget()
	r.f.Write([]byte("\t")) // the Permissions tab
	r.waitFor("of 50000", 30*time.Second)
	time.Sleep(300 * time.Millisecond)
	m := memory(t, r.cmd.Process.Pid)
	t.Logf("with its Permissions tab shown: %s (target: peak 100 MB)", m)
	// The target is 100 MB, measured on a quiet machine for docs/performance.md; this is only a
	// regression guard, generous enough for a CI machine that runs other packages' tests at the
	// same time.
	if m.peakKB > 160*1024 {
		t.Errorf("peak %d MB: a regression far over the 100 MB target", m.peakKB/1024)
	}
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

// TestListingAt50kAPIs measures `apis` of a 50,000-API gateway against curl fetching the same
// answer from the same sandbox: time (median of 3) and peak memory. The targets (issue 22:
// --json within 3× curl and 2× the answer's size, the table within 1.5× --json) are logged
// for docs/performance.md; the assertions only catch a return to far worse.
func TestListingAt50kAPIs(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Fatal("curl is needed (the CI installs it)")
	}
	srv := newHome(t)
	s := srv.serve("--apis", "50000")
	h := newHome(t, s.as(0, "login", "hc")...)
	answer := filepath.Join(t.TempDir(), "answer.json")
	type took struct {
		d      time.Duration
		peakKB int64
	}
	run := func(name string, args ...string) took {
		var runs []took
		for range 3 {
			cmd := exec.Command(name, args...)
			cmd.Env = h.env
			cmd.Stdout = io.Discard
			start := time.Now()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// The peak is read from /proc while it runs (VmHWM only grows): the rusage of a
			// child counts the parent's memory it shared until exec.
			var peak int64
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			var err error
		poll:
			for {
				select {
				case err = <-done:
					break poll
				case <-time.After(2 * time.Millisecond):
					if st, e := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)); e == nil {
						for _, line := range strings.Split(string(st), "\n") {
							if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
								kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(v, "kB")), 10, 64)
								peak = max(peak, kb)
							}
						}
					}
				}
			}
			if err != nil {
				t.Fatalf("%s %v: %v", name, args, err)
			}
			runs = append(runs, took{time.Since(start), peak})
		}
		slices.SortFunc(runs, func(a, b took) int { return int(a.d - b.d) })
		return runs[1]
	}
	curl := run("curl", "-sf", "-o", answer, "-H", "Cookie: bk_token="+s.BkToken, s.HelpCenter+"/backend/docs/gateways/bench-gw/resources/?stage_name=prod")
	st, err := os.Stat(answer)
	if err != nil {
		t.Fatal(err)
	}
	size := st.Size()
	js := run(binary, "apis", "bench-gw", "--json")
	table := run(binary, "apis", "bench-gw")
	t.Logf("answer %.1f MB; curl %v; --json %v (%.1f× curl), peak %d MB (%.2f× the answer); table %v (%.2f× --json), peak %d MB",
		float64(size)/1e6, curl.d, js.d, float64(js.d)/float64(curl.d), js.peakKB/1024, float64(js.peakKB*1024)/float64(size),
		table.d, float64(table.d)/float64(js.d), table.peakKB/1024)
	if js.d > 10*curl.d || js.peakKB*1024 > 4*size || table.d > 4*js.d {
		t.Errorf("far over the targets: see the line above")
	}
}
