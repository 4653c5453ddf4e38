package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/keystore/keyringtest"
)

// tmuxSession runs the real binary in a tmux pane of a fixed size.
//
// Every key waits for what it causes: keys remembers the screen before it sends, and the next
// waitFor wants a different screen as well as its texts, so a text that was already on screen
// cannot be mistaken for the key's effect. After an Esc nothing is sent until the program has
// visibly handled it and escGap has passed: an Esc followed at once by another key reaches the
// program as one alt+key.
type tmuxSession struct {
	t      *testing.T
	name   string
	before string    // the screen before the last keys, until a waitFor saw it change
	escAt  time.Time // when an Esc was last sent
}

// escGap is the least time between an Esc and the next key.
const escGap = 100 * time.Millisecond

// startTmux runs the binary with args in a tmux session of w×hgt cells, as a 256-colour terminal
// does, with h's environment and env on top.
func startTmux(t *testing.T, h *home, w, hgt int, env []string, args ...string) *tmuxSession {
	t.Helper()
	env = append([]string{"TERM=xterm-256color"}, env...)
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
	sock, _ := s.tmux("display-message", "-p", "#{socket_path}")
	t.Cleanup(func() {
		s.tmux("kill-server")
		if p := strings.TrimSpace(string(sock)); p != "" {
			os.Remove(p) // no socket left behind in /tmp
		}
	})
	return s
}

// onSandbox starts the console on its embedded sandbox and waits for the gateway list.
func onSandbox(t *testing.T, h *home, w, hgt int, env ...string) *tmuxSession {
	t.Helper()
	s := startTmux(t, h, w, hgt, env, "--sandbox")
	s.waitFor("demo-echo")
	return s
}

// applyFor sends the application form every kind shares: A opens it (showing form), the reason
// is typed, ctrl+s asks confirm, y sends it once.
func (s *tmuxSession) applyFor(form []string, reason, confirm string) {
	s.t.Helper()
	s.keys("A")
	s.waitFor(form...)
	s.keys(reason)
	s.waitFor(reason)
	s.keys("C-s")
	s.waitFor(confirm)
	s.keys("y")
	s.waitFor("✓ applied: ") // a record number, or for MCP where the records list it
}

func (s *tmuxSession) tmux(args ...string) ([]byte, error) {
	return exec.Command("tmux", append([]string{"-L", s.name}, args...)...).CombinedOutput()
}

func (s *tmuxSession) screen() string {
	out, _ := s.tmux("capture-pane", "-t", s.name, "-p")
	return string(out)
}

// waitFor polls the pane until every text shows on a screen that differs from the one before
// the last keys (no fixed sleeps).
func (s *tmuxSession) waitFor(texts ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		scr := s.screen()
		ok := s.before == "" || scr != s.before
		for _, x := range texts {
			if !strings.Contains(scr, x) {
				ok = false
			}
		}
		if ok {
			s.before = ""
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("screen never showed %q (after a change caused by the last keys):\n%s", texts, scr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// filterOpen filters the list on the screen for query, waits for the filter line, opens the
// first match and waits for want.
func (s *tmuxSession) filterOpen(query string, want ...string) string {
	s.t.Helper()
	s.keys("/", query)
	s.waitFor("/ " + query)
	s.keys("Enter")
	return s.waitFor(want...)
}

func (s *tmuxSession) keys(keys ...string) {
	s.t.Helper()
	if !s.escAt.IsZero() {
		if s.before != "" {
			s.waitFor() // the Esc has not been seen to act yet: wait for its change first
		}
		if d := escGap - time.Since(s.escAt); d > 0 {
			time.Sleep(d)
		}
		s.escAt = time.Time{}
	}
	s.before = s.screen()
	if out, err := s.tmux(append([]string{"send-keys", "-t", s.name}, keys...)...); err != nil {
		s.t.Fatalf("send-keys: %v %s", err, out)
	}
	if keys[len(keys)-1] == "Escape" {
		s.escAt = time.Now()
	}
}

func TestTmuxBrowseWalk(t *testing.T) {
	for _, size := range [][2]int{{100, 30}, {200, 50}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			h := newHome(t)
			s := startTmux(t, h, size[0], size[1], nil, "--sandbox")
			s.waitFor("demo-echo", "bk-user", "? help")
			s.keys("/", "echo")
			s.waitFor("/ echo", "1 of 6") // the gateway that holds "echo"; scattered letters give way
			s.keys("Enter")
			s.waitFor("Gateways › demo-echo", "/items/{item_id}/")
			s.filterOpen("items/{item_id}", "echo_item", "Request URL", "Public request parameters")
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
			scr := s.waitFor("官方", "6 / 6")
			if strings.Contains(scr, "Gateways") {
				t.Errorf("everything in Chinese after L:\n%s", scr)
			}
			s.keys("q")
		})
	}
}

// With NO_COLOR the cursor's row and the active tab are marked in text: colour was all that
// told them apart, so every row looked alike.
func TestTmuxWithoutColourTheCursorShows(t *testing.T) {
	s := onSandbox(t, newHome(t), 100, 30, "NO_COLOR=1")
	s.waitFor("▸ bk-cmdb")
	s.keys("j")
	s.waitFor("▸ bk-user")
	s.filterOpen("demo-echo", "Gateways › demo-echo", "[APIs]  │  SDKs", "Stages: [prod] test", "▸ GET     /echo/")
	s.keys("q")
}

func TestTmuxChineseWalkAligned(t *testing.T) {
	h := newHome(t)
	s := startTmux(t, h, 100, 30, []string{"LANG=zh_CN.UTF-8"}, "--sandbox")
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

// applyWalk is one application from the Permissions tab: select each of w.apis, apply with a
// reason, confirm; with w.follow, open the record and let the watcher follow it until it is
// decided (no key pressed), then check the approved ones are owned.
type applyWalk struct {
	apis    []string
	onTab   []string // what the Permissions tab shows first
	applied []string // what the page says once the application is sent, beside its record
	follow  bool
}

func (w applyWalk) run(t *testing.T, s *tmuxSession, gw string) {
	s.waitFor(gw)
	s.filterOpen(gw, "Gateways › "+gw)
	s.keys("Tab")
	s.waitFor("Language")
	s.keys("Tab")
	s.waitFor(w.onTab...)
	for i, api := range w.apis {
		s.filterOpen(api, "esc clears")
		s.keys("Space")
		s.waitFor(fmt.Sprintf("%d selected", i+1))
		s.keys("Escape")
		s.waitFor("/ to filter")
	}
	s.applyFor([]string{"Apply for permissions: " + gw, fmt.Sprintf("APIs (%d)", len(w.apis))}, "nightly sync of users", "(y/N)")
	s.waitFor(w.applied...)
	if !w.follow {
		return
	}
	s.keys("Enter")
	s.waitFor("pending", "nightly sync of users")
	// The record's page reads the record when it opens; the watcher polls on its own back-off
	// (2 s, then longer): a record decided before the page opened shows decided a few seconds
	// before the watcher's notice says it.
	s.waitFor("partially approved", "rejected", "sensitive APIs rejected", "was decided")
	s.keys("Escape")
	// Back on the Permissions tab, refreshed by the decision; the footer, drawn last, says the
	// frame is whole (a capture in the middle of one cut the row at the expiry).
	scr := s.waitFor("Gateways › "+gw, "LEVEL", "owned", "rejected", " in 1", "q quit")
	if !strings.Contains(scr, " in 180 days") && !strings.Contains(scr, " in 179 days") {
		t.Errorf("owned with about 180 days:\n%s", scr)
	}
}

// An application through each surface that takes one: the Developer Center (the sandbox's own
// login), the inner APIs (an app account on a gateway's address), and the open API (a second
// app with only a username: it applies, but status and records need a login). Three APIs, one
// of them sensitive, where the records can be followed.
func TestTmuxApplyThroughEachSurface(t *testing.T) {
	three := applyWalk{apis: []string{"list_users", "retrieve_user", "create_user"},
		onTab: []string{"STATUS", "LEVEL", "list_users"}, follow: true}
	// app signs in as the sandbox's i-th app, on a sandbox served apart.
	app := func(t *testing.T, i int, extra ...string) []string {
		sb := newHome(t).serve("--decide-after", "2s")
		return sb.as(i, extra...)
	}
	for _, c := range []struct {
		name, surface string
		env           func(*testing.T) []string
		args          []string
		walk          applyWalk
	}{
		{"DeveloperCenter", "via the Developer Center", func(*testing.T) []string { return nil }, []string{"--sandbox"}, three},
		{"InnerAPIs", "via the inner APIs", func(t *testing.T) []string { return app(t, 0) }, nil, three},
		{"OpenAPI", "", func(t *testing.T) []string { return app(t, 1, "BK_USERNAME=demo-user") }, nil,
			applyWalk{apis: []string{"list_users"}, onTab: []string{"Permission status needs a login", "unknown"},
				applied: []string{"status and records need a login"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := startTmux(t, newHome(t), 120, 40, c.env(t), c.args...)
			c.walk.run(t, s, "bk-user")
			if !strings.Contains(s.screen(), c.surface) {
				t.Errorf("header names the surface:\n%s", s.screen())
			}
		})
	}
}

// openDoc walks from the gateway list to an API's doc: filter the gateways, open one, filter its
// APIs, open the API.
func (s *tmuxSession) openDoc(gateway, api string) {
	s.t.Helper()
	s.filterOpen(gateway, "Gateways › "+gateway, api)
	s.filterOpen(api, api, "Request URL")
}

// TestTmuxConsoleWalk: fill a path parameter and a JSON body, send, read the echo, copy the
// curl snippet in env mode, run it in a shell, get the same answer; then a 403 leads to applying.
func TestTmuxConsoleWalk(t *testing.T) {
	h := newHome(t)
	s := startTmux(t, h, 120, 40, nil, "--sandbox")
	s.tmux("set", "-g", "set-clipboard", "on")
	s.waitFor("demo-echo")
	s.openDoc("demo-echo", "any_proxy")
	s.keys("c")
	s.waitFor("Call any_proxy", "group")
	s.keys("grp")
	s.keys("Tab")
	s.keys("n m")
	s.keys("C-s")
	// No permission: explained, and one key leads to the application form.
	s.waitFor("APP_NO_PERMISSION", "press a to apply")
	s.keys("a")
	s.waitFor("Apply for permissions: demo-echo", "any_proxy")
	s.keys("Escape")
	s.waitFor("Call any_proxy")
	s.keys("Escape")
	s.waitFor("Request URL")
	s.keys("Escape")
	s.waitFor("Gateways › demo-echo")
	s.keys("Escape")
	s.waitFor("/ to filter")
	s.filterOpen("echo_post", "POST")
	s.keys("c")
	s.waitFor("Call echo_post")
	s.keys("Tab", "Tab")
	s.keys("C-x")
	s.keys(`{"it's": "$HOME"}`)
	s.waitFor(`{"it's": "$HOME"}`)
	s.keys("C-s")
	s.waitFor("200 OK", `"resource": "echo_post"`)
	scr := s.screen()
	s.keys("Tab")
	s.waitFor("curl -X POST")
	s.keys("m")
	s.waitFor(`"$BK_APP_SECRET"`)
	s.keys("y")
	s.waitFor("OSC 52")
	buf, err := s.tmux("show-buffer")
	if err != nil || !strings.Contains(string(buf), "curl -X POST") {
		t.Fatalf("the snippet reached the clipboard (OSC 52): %v %q", err, buf)
	}
	cmd := exec.Command("sh", "-c", strings.TrimRight(string(buf), "\n")+" -s")
	cmd.Env = append(os.Environ(), "BK_APP_SECRET=bkc-demo-secret-4f1c9a7e2b")
	out, err := cmd.Output()
	if err != nil || !strings.Contains(string(out), `"body":"{\"it's\": \"$HOME\"}"`) {
		t.Fatalf("the pasted snippet gets the same answer: %v %s\nconsole showed:\n%s", err, out, scr)
	}
}

// TestTmuxPanicRestoresTerminalAndReports: a panic (in Update with "!", in View with "@")
// restores the terminal, writes a crash report without secrets to the state directory and
// says where it is.
func TestTmuxPanicRestoresTerminalAndReports(t *testing.T) {
	for _, k := range []string{"!", "@"} {
		t.Run(k, func(t *testing.T) { panicWalk(t, k) })
	}
}

func panicWalk(t *testing.T, k string) {
	h := newHome(t)
	s := startTmux(t, h, 100, 30, []string{"BKCONSOLE_CRASH_TEST=1"}, "--sandbox", "; echo EXITED $?; sleep 30")
	s.waitFor("demo-echo")
	s.keys(k)
	scr := s.waitFor("crash report", "EXITED 1")
	if strings.Contains(scr, "official") {
		t.Errorf("the alternate screen was left:\n%s", scr)
	}
	files, _ := filepath.Glob(filepath.Join(h.dir, "state", "bkconsole", "crash-*.txt"))
	if len(files) != 1 {
		t.Fatalf("crash report: %v", files)
	}
	b, _ := os.ReadFile(files[0])
	if !strings.Contains(string(b), "crash test") || strings.Contains(string(b), "bkc-demo-secret") || strings.Contains(string(b), "bkc-demo-token") {
		t.Errorf("report:\n%s", b)
	}
	out, _ := s.tmux("display", "-p", "-t", s.name, "#{alternate_on}")
	if strings.TrimSpace(string(out)) != "0" {
		t.Errorf("alternate screen still on: %q", out)
	}
}

// TestTmuxSendEditResend: the console's everyday loop against the binary — send, back to the
// request, edit, send again — by shift+tab and by ctrl+n.
func TestTmuxSendEditResend(t *testing.T) {
	h := newHome(t)
	s := onSandbox(t, h, 120, 40)
	s.openDoc("demo-echo", "echo_get")
	s.keys("c")
	s.waitFor("Call echo_get", "▸ Query")
	s.keys("C-s")
	s.waitFor("200 OK")
	s.keys("BTab")
	s.waitFor("▸ Query")
	s.keys("round=1")
	s.waitFor("round=1")
	s.keys("C-s")
	s.waitFor("200 OK", `"round"`)
	s.keys("C-n", "C-n", "C-n")
	s.waitFor("▸ Query")
	s.keys("Enter", "again=2") // a new line below round=1
	s.waitFor("again=2")
	s.keys("C-s")
	s.waitFor("200 OK", `"again"`)
}

// TestTmuxFirstRunConnect: a new user with no profile connects to a BlueKing from the TUI:
// the form checks the credentials with the servers, saves them (secrets to the keyring), and
// the gateway list comes from that installation.
func TestTmuxFirstRunConnect(t *testing.T) {
	keyringtest.Require(t)
	srv := newHome(t)
	sb := srv.serve()
	h := newHome(t)
	s := startTmux(t, h, 100, 30, nil)
	s.waitFor("Welcome to bkconsole", "Connect to my BlueKing")
	s.keys("c")
	s.waitFor("BK_API_URL_TMPL", "▸ Profile")
	s.keys("C-u", "firstrun", "Tab")
	s.waitFor("▸ BK_API_URL_TMPL")
	s.keys("C-u", sb.APIURLTmpl, "Tab")
	s.waitFor("▸ bk_app_code")
	s.keys(sb.Apps[0].Code, "Tab")
	s.waitFor("▸ bk_app_secret")
	s.keys(sb.Apps[0].Secret, "Tab")
	s.waitFor("▸ Help Center URL")
	s.keys("C-u", sb.HelpCenter, "Tab")
	s.waitFor("▸ Developer Center URL")
	s.keys("C-u", sb.DevCenter, "Tab")
	s.waitFor("▸ BK_COMPONENT_API_URL")
	s.keys("C-u", sb.ComponentAPIURL, "Tab")
	s.waitFor("▸ bk_token")
	s.keys("not-a-valid-token", "C-s")
	scr := s.waitFor("works:", "enter saves")
	if !strings.Contains(scr, "not logged in") {
		t.Errorf("a wrong bk_token is reported before saving:\n%s", scr)
	}
	s.keys("Escape")
	s.waitFor("▸ bk_token")
	s.keys("C-u", sb.BkToken, "C-s")
	scr = s.waitFor("works:", "enter saves")
	if strings.Contains(scr, "not logged in") {
		t.Errorf("the right token is accepted:\n%s", scr)
	}
	s.keys("Enter")
	s.waitFor("profile firstrun", "bk-user", "demo-echo")
	if out := h.ok("profiles"); !strings.Contains(out, "firstrun") || !strings.Contains(out, "keyring") {
		t.Errorf("the profile and its secrets are saved:\n%s", out)
	}
	// ESB's address was saved with it: the profile calls components.
	if out := h.ok("components", "call", "CC", "get_biz_location", "-d", "{}"); !strings.Contains(out, `"result":true`) {
		t.Errorf("a component call from the profile made in the form: %s", out)
	}
	if out := h.ok("logout", "--profile", "firstrun", "--forget"); !strings.Contains(out, "firstrun") {
		t.Errorf("logout: %s", out)
	}
}

// A saved profile whose keyring is out of reach: the console says so on its first screen (it
// was printed before the full screen took the terminal, where nobody could read it), and
// again on the terminal once the console ends.
func TestTmuxKeyringOutOfReachIsSaid(t *testing.T) {
	sb := newHome(t).serve()
	h := newHome(t, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bkconsole-test-bus")
	cfg := fmt.Sprintf(`{"active": "p", "profiles": [{"name": "p", "bk_app_code": %q, "bk_api_url_tmpl": %q, "help_center_url": %q, "developer_center_url": %q}]}`,
		sb.Apps[0].Code, sb.APIURLTmpl, sb.HelpCenter, sb.DevCenter)
	if err := os.MkdirAll(filepath.Join(h.dir, "config", "bkconsole"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h.dir, "config", "bkconsole", "config.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startTmux(t, h, 200, 30, nil)
	s.waitFor("profile p", "the OS keyring is not reachable")
}
