package main

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// tmuxSession runs the real binary in a tmux pane of a fixed size.
type tmuxSession struct {
	t    *testing.T
	name string
}

func startTmux(t *testing.T, h *home, w, hgt int, env []string, args ...string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is needed for the end-to-end test (.ci/test installs it)")
	}
	name := fmt.Sprintf("bkc-e2e-%d", time.Now().UnixNano())
	cmdline := "env"
	for _, e := range append(h.env, env...) {
		cmdline += " '" + strings.ReplaceAll(e, "'", `'\''`) + "'"
	}
	cmdline += " " + binary
	for _, a := range args {
		cmdline += " " + a
	}
	s := &tmuxSession{t: t, name: name}
	// A server of its own (-L): sessions of other tests, ending, cannot take it down.
	out, err := s.tmux("new-session", "-d", "-s", name, "-x", fmt.Sprint(w), "-y", fmt.Sprint(hgt), cmdline)
	if err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	t.Cleanup(func() { s.tmux("kill-server") })
	return s
}

func (s *tmuxSession) tmux(args ...string) ([]byte, error) {
	return exec.Command("tmux", append([]string{"-L", s.name}, args...)...).CombinedOutput()
}

func (s *tmuxSession) screen() string {
	out, _ := s.tmux("capture-pane", "-t", s.name, "-p")
	return string(out)
}

// waitFor polls the pane until every text shows (no fixed sleeps).
func (s *tmuxSession) waitFor(texts ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		scr := s.screen()
		ok := true
		for _, x := range texts {
			if !strings.Contains(scr, x) {
				ok = false
			}
		}
		if ok {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("screen never showed %q:\n%s", texts, scr)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

func (s *tmuxSession) keys(keys ...string) {
	s.t.Helper()
	if out, err := s.tmux(append([]string{"send-keys", "-t", s.name}, keys...)...); err != nil {
		s.t.Fatalf("send-keys: %v %s", err, out)
	}
}

func TestTmuxBrowseWalk(t *testing.T) {
	for _, size := range [][2]int{{100, 30}, {200, 50}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			h := newHome(t)
			s := startTmux(t, h, size[0], size[1], []string{"TERM=xterm-256color"}, "--sandbox")
			s.waitFor("demo-echo", "bk-user", "? help")
			s.keys("/", "echo")
			s.waitFor("/ echo", "2 of 5")
			s.keys("Enter")
			s.waitFor("Gateways › demo-echo", "/items/{item_id}/")
			s.keys("/", "items/{item_id}")
			s.waitFor("/ items/{item_id}")
			s.keys("Enter")
			s.waitFor("echo_item", "Request URL", "Public request parameters")
			s.keys("l")
			s.waitFor("请求地址", "公共请求参数")
			s.keys("Escape")
			s.waitFor("Gateways › demo-echo")
			s.keys("Tab")
			s.waitFor("pip install bkapi-demo-echo==1.3.0")
			s.keys("L")
			s.waitFor("网关 › demo-echo", "演示网关", "安装命令")
			s.keys("Escape")
			s.waitFor("网关", "帮助")
			s.keys("Escape")
			scr := s.waitFor("官方", "5 / 5")
			if strings.Contains(scr, "Gateways") {
				t.Errorf("everything in Chinese after L:\n%s", scr)
			}
			s.keys("q")
		})
	}
}

func TestTmuxChineseWalkAligned(t *testing.T) {
	h := newHome(t)
	s := startTmux(t, h, 100, 30, []string{"TERM=xterm-256color", "LANG=zh_CN.UTF-8"}, "--sandbox")
	scr := s.waitFor("网关", "蓝鲸配置平台", "? 帮助")
	// Every description starts in the same column although names and marks hold wide characters.
	col := -1
	for _, line := range strings.Split(scr, "\n") {
		for _, desc := range []string{"蓝鲸配置平台", "蓝鲸用户管理", "蓝鲸监控平台", "演示网关"} {
			if i := strings.Index(line, desc); i >= 0 {
				w := cellWidth(line[:i])
				if col >= 0 && w != col {
					t.Errorf("description of %q at cell %d, others at %d:\n%s", desc, w, col, scr)
				}
				col = w
			}
		}
	}
	if col < 0 {
		t.Fatalf("no descriptions:\n%s", scr)
	}
	s.keys("Enter")
	s.waitFor("接口", "方法", "路径")
	s.keys("q")
}

// cellWidth counts terminal cells: CJK characters take two.
func cellWidth(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf) || (r >= 0xac00 && r <= 0xd7a3) || (r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff60) || (r >= 0xffe0 && r <= 0xffe6)) {
			w += 2
		} else {
			w++
		}
	}
	return w
}
