package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/adrg/xdg"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "bkconsole-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "bkconsole")
	if b := os.Getenv("BKCONSOLE_TEST_BINARY"); b != "" {
		binary = b
	} else if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		fmt.Fprintf(os.Stderr, "build: %s\n%s", err, out)
		os.Exit(1)
	}
	awayFromTheUsersFolders(dir)
	code := m.Run()
	os.RemoveAll(dir) // os.Exit skips deferred calls: remove the binary first
	os.Exit(code)
}

// awayFromTheUsersFolders points the XDG folders of every test, isolated or not, below dir: a
// test that reads no profile read the user's, and --sandbox runs went to the `sandbox serve`
// the user had running (with its faults). Go's build cache stays where it was.
func awayFromTheUsersFolders(dir string) {
	if os.Getenv("GOCACHE") == "" {
		if out, err := exec.Command("go", "env", "GOCACHE").Output(); err == nil {
			os.Setenv("GOCACHE", strings.TrimSpace(string(out)))
		}
	}
	for _, k := range []string{"XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"} {
		os.Setenv(k, filepath.Join(dir, strings.ToLower(k)))
	}
	xdg.Reload()
}

// home is an isolated user: its own config, state and cache folders.
type home struct {
	t   testing.TB
	env []string
	dir string
	// e2e runs its commands as the built binary, not in this process.
	e2e bool
}

func newHome(t testing.TB, extra ...string) *home {
	dir := t.TempDir()
	env := []string{"HOME=" + dir, "XDG_CONFIG_HOME=" + filepath.Join(dir, "config"), "XDG_STATE_HOME=" + filepath.Join(dir, "state"),
		"XDG_CACHE_HOME=" + filepath.Join(dir, "cache"), "PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8"}
	for _, k := range []string{"DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "XDG_DATA_HOME", "PYTHONPATH"} {
		if v := os.Getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	return &home{t: t, env: append(env, extra...), dir: dir}
}

type result struct {
	stdout, stderr string
	code           int
	took           time.Duration
}

// run runs a command line as the home's user: in this process with the home's environment as
// the whole environment and buffers for the streams (a command is an App with injected IO, as
// cli/cli's are), or, for a home marked e2e and for BKCONSOLE_TEST_E2E=1, the built binary.
func (h *home) run(stdin string, args ...string) result {
	h.t.Helper()
	// The keyring's D-Bus connection is made once per process and kept: a home that points at
	// another bus (none, or one dbus-launch would start) runs as a process of its own.
	if h.e2e || os.Getenv("BKCONSOLE_TEST_E2E") != "" || envValue(h.env, "DBUS_SESSION_BUS_ADDRESS") != os.Getenv("DBUS_SESSION_BUS_ADDRESS") {
		return h.runBinary(stdin, args...)
	}
	if !runningHere.TryLock() {
		h.t.Fatal("in-process runs cannot overlap (the environment is the process's): mark the home e2e")
	}
	defer runningHere.Unlock()
	defer swapEnv(h.env)()
	var out, errb bytes.Buffer
	app := &App{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(stdin)}
	start := time.Now()
	code := runApp(app, args)
	return result{stdout: out.String(), stderr: errb.String(), code: code, took: time.Since(start)}
}

// envValue is the value env gives key (the last one, as a process sees it).
func envValue(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}

// runningHere is held while a home runs a command line in this process.
var runningHere sync.Mutex

// swapEnv makes env the process's whole environment (the XDG folders read again) until the
// returned function puts the old one back. The command tests run one at a time.
func swapEnv(env []string) (restore func()) {
	old := os.Environ()
	set := func(kvs []string) {
		os.Clearenv()
		for _, kv := range kvs {
			if k, v, ok := strings.Cut(kv, "="); ok {
				os.Setenv(k, v)
			}
		}
		xdg.Reload()
	}
	set(env)
	return func() { set(old) }
}

// runBinary runs the built binary: the end-to-end path, the process and its exit code real.
func (h *home) runBinary(stdin string, args ...string) result {
	h.t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = h.env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String(), took: time.Since(start)}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		h.t.Fatalf("run %v: %v", args, err)
	}
	return r
}

func (h *home) ok(args ...string) string {
	h.t.Helper()
	r := h.run("", args...)
	if r.code != 0 {
		h.t.Fatalf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// serve starts `bkconsole sandbox serve --json` and returns its first line.
type served struct {
	APIURLTmpl string `json:"api_url_tmpl"`
	HelpCenter string `json:"help_center_url"`
	DevCenter  string `json:"developer_center_url"`
	BkToken    string `json:"bk_token"`
	// ComponentAPIURL is ESB's address (BK_COMPONENT_API_URL); AnswerAs release or master.
	ComponentAPIURL string `json:"component_api_url"`
	AnswerAs        string `json:"answer_as"`
	// PersonalTokens are the demo user's personal tokens (valid, narrow, expired, revoked).
	PersonalTokens map[string]string `json:"personal_tokens"`
	Apps           []struct {
		Code         string `json:"bk_app_code"`
		Secret       string `json:"bk_app_secret"`
		InnerGranted bool   `json:"inner_granted"`
	} `json:"apps"`
}

// as is the environment that signs in to the sandbox as its i-th app, with what more names:
// "login" (its bk_token), "hc" and "dc" (the Help Center's and the Developer Center's
// addresses), "esb" (the components' address), or a VAR=value of its own.
func (s served) as(i int, more ...string) []string {
	env := []string{"BK_API_URL_TMPL=" + s.APIURLTmpl, "BK_APP_CODE=" + s.Apps[i].Code, "BK_APP_SECRET=" + s.Apps[i].Secret}
	for _, m := range more {
		switch m {
		case "login":
			m = "BK_TOKEN=" + s.BkToken
		case "hc":
			m = "BKCONSOLE_HELP_CENTER_URL=" + s.HelpCenter
		case "dc":
			m = "BKCONSOLE_DEVELOPER_CENTER_URL=" + s.DevCenter
		case "esb":
			m = "BK_COMPONENT_API_URL=" + strings.TrimSuffix(s.HelpCenter, "/hc")
		}
		env = append(env, m)
	}
	return env
}

func (h *home) serve(args ...string) served {
	h.t.Helper()
	line, err := h.startServing(append([]string{"--json"}, args...)...).ReadString('\n')
	if err != nil {
		h.t.Fatalf("first line: %v", err)
	}
	var s served
	if err := json.Unmarshal([]byte(line), &s); err != nil {
		h.t.Fatalf("first line is one JSON object: %q %v", line, err)
	}
	return s
}

// startServing starts `sandbox serve` on a free port, stopped when the test ends: its output.
func (h *home) startServing(args ...string) *bufio.Reader {
	h.t.Helper()
	cmd := exec.Command(binary, append([]string{"sandbox", "serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = h.env
	out, err := cmd.StdoutPipe()
	if err != nil {
		h.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() })
	return bufio.NewReader(out)
}

func TestSandboxBrowse(t *testing.T) {
	h := newHome(t)
	var gs []map[string]any
	if err := json.Unmarshal([]byte(h.ok("--sandbox", "gateways", "--json")), &gs); err != nil || len(gs) < 4 {
		t.Fatalf("gateways --json: %v %d", err, len(gs))
	}
	for _, k := range []string{"name", "is_official", "is_deprecated", "description", "maintainers"} {
		if _, ok := gs[0][k]; !ok {
			t.Errorf("contract field %q missing", k)
		}
	}
	out := h.ok("--sandbox", "apis", "demo-echo")
	for _, want := range []string{"METHOD", "PATH", "USER", "/items/{item_id}/", "DELETE"} {
		if !strings.Contains(out, want) {
			t.Errorf("apis table lacks %q:\n%s", want, out)
		}
	}
	zh := h.ok("--sandbox", "doc", "demo-echo", "echo_item", "--lang", "zh")
	en := h.ok("--sandbox", "doc", "demo-echo", "echo_item", "--lang", "en")
	if !strings.Contains(zh, "请求地址") || !strings.Contains(en, "Request URL") || !strings.HasPrefix(en, "###") {
		t.Errorf("raw markdown when piped, in both languages:\n%s\n%s", zh[:80], en[:80])
	}
	sdk := h.ok("--sandbox", "sdks", "bk-user")
	if !strings.Contains(sdk, "pip install bkapi-bk-user") {
		t.Errorf("sdks: %s", sdk)
	}
	g := h.ok("--sandbox", "gateway", "bk-user")
	if !strings.Contains(g, "prod, test") {
		t.Errorf("gateway: %s", g)
	}
	if g := h.ok("--sandbox", "gateway", "demo-echo"); !strings.HasPrefix(g, "demo-echo\n") { // no markers, no trailing spaces
		t.Errorf("gateway without markers: %q", g)
	}
	// Chinese tables align by cells.
	zhTable := h.run("", "--sandbox", "--lang", "zh", "apis", "bk-user")
	if !strings.Contains(zhTable.stdout, "方法") {
		t.Errorf("zh headers: %s", zhTable.stdout)
	}
}

func TestUsageAndErrorExitCodes(t *testing.T) {
	h := newHome(t)
	if r := h.run("", "apis"); r.code != 2 {
		t.Errorf("missing arg: exit %d", r.code)
	}
	if r := h.run("", "--nope"); r.code != 2 {
		t.Errorf("unknown flag: exit %d", r.code)
	}
	if r := h.run("", "--sandbox", "apis", "demo-echo", "--stage", "1bad"); r.code != 2 {
		t.Errorf("bad stage: exit %d", r.code)
	}
	// A mistaken value names the flag it was given with.
	for flag, want := range map[string]string{"-q": `--query: write key=value, not "page"`, "-H": `--header: a header is written 'Name: value', not "page"`,
		"--path-param": `--path-param: write key=value, not "page"`} {
		if r := h.run("", "--sandbox", "call", "demo-echo", "echo_get", flag, "page"); r.code != 2 || !strings.Contains(r.stderr, want) {
			t.Errorf("%s page: exit %d %s", flag, r.code, r.stderr)
		}
	}
	// An API not released in the stage named is a name the command line got wrong: exit 2.
	r := h.run("", "--sandbox", "doc", "bk-user", "delete_user", "--stage", "test")
	if r.code != 2 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, "not found") {
		t.Errorf("error: exit %d, one line on stderr: %q", r.code, r.stderr)
	}
}

// The text banner of `sandbox serve` names every credential --json gives: it left out the
// access_token, which another client (bk-cli's `auth login --access_token`) logs in with.
func TestServeBannerNamesEveryDemoCredential(t *testing.T) {
	var banner strings.Builder
	for r := newHome(t).startServing(); !strings.Contains(banner.String(), "app bkc-visitor"); {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("banner: %v\n%s", err, banner.String())
		}
		banner.WriteString(line)
	}
	for _, want := range []string{"bkc-demo-access-token-77c1", "bkc-demo-token-3a9f", "bkc-demo-personal-9d41e7", "bkc-demo-secret-4f1c9a7e2b"} {
		if !strings.Contains(banner.String(), want) {
			t.Errorf("the banner lacks %s:\n%s", want, banner.String())
		}
	}
}

func TestServeJSONAndGatewayAnswers(t *testing.T) {
	h := newHome(t)
	s := h.serve()
	if len(s.Apps) < 2 || !s.Apps[0].InnerGranted || s.Apps[1].InnerGranted || s.BkToken == "" || s.HelpCenter == "" {
		t.Fatalf("serve --json: %+v", s)
	}
	base := strings.Replace(s.APIURLTmpl, "{api_name}", "demo-echo", 1)
	auth := func(code, secret string) string {
		return fmt.Sprintf(`X-Bkapi-Authorization: {"bk_app_code": %q, "bk_app_secret": %q}`, code, secret)
	}
	out, err := exec.Command("curl", "-s", base+"/prod/echo/", "-H", auth(s.Apps[0].Code, s.Apps[0].Secret)).Output()
	if err != nil || !strings.Contains(string(out), `"resource":"echo_get"`) {
		t.Fatalf("curl to the echo backend: %s %v", out, err)
	}
	out, _ = exec.Command("curl", "-s", "-i", base+"/prod/echo/", "-H", auth(s.Apps[0].Code, "wrong")).Output()
	if !strings.Contains(string(out), "400 Bad Request") || !strings.Contains(strings.ToLower(string(out)), "x-bkapi-error-code: 1640001") ||
		!strings.Contains(string(out), "bk_app_code or bk_app_secret is incorrect") || !strings.Contains(string(out), "INVALID_ARGS") {
		t.Fatalf("wrong secret: %s", out)
	}
	inner := strings.Replace(s.APIURLTmpl, "{api_name}", "bk-apigateway", 1) + "/prod/api/v2/inner/gateways/?target_app_code=" + s.Apps[1].Code
	out, _ = exec.Command("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", inner, "-H", auth(s.Apps[1].Code, s.Apps[1].Secret)).Output()
	if string(out) != "403" {
		t.Errorf("second app on I: %s", out)
	}
	out, _ = exec.Command("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", s.DevCenter+"/backend/api/cloudapi-v2/apps/"+s.Apps[0].Code+"/inner/gateways/").Output()
	if string(out) != "401" {
		t.Errorf("D without cookie: %s", out)
	}
}

func TestAppCredentialsOnlyUseOpenAPIs(t *testing.T) {
	h := newHome(t)
	s := h.serve()
	app := newHome(t, s.as(1)...)
	r := app.run("", "gateways")
	if r.code != 0 || !strings.Contains(r.stdout, "bk-user") || !strings.Contains(r.stderr, "open APIs") {
		t.Fatalf("gateways via O: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if out := app.ok("apis", "bk-user"); !strings.Contains(out, "/api/v3/open/tenant/users/") {
		t.Errorf("apis via O: %s", out)
	}
	if out := app.ok("doc", "bk-user", "list_users", "--lang", "en"); !strings.Contains(out, "Request URL") {
		t.Errorf("doc via O: %s", out)
	}
	r = app.run("", "sdks", "bk-user")
	if r.code != 0 || !strings.Contains(r.stdout, "needs a login") {
		t.Errorf("sdks says it needs a login: %d %q %q", r.code, r.stdout, r.stderr)
	}
}

// One error contract: the same exit code in every command and both modes; with --json the
// error is one JSON object on stderr.
func TestExitCodesAndErrorJSON(t *testing.T) {
	h := newHome(t)
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"nosuchcmd"}, ExitUsage},
		{[]string{"--sandbox", "gateway", "nope"}, ExitUsage},
		{[]string{"--sandbox", "gateway", "nope", "--json"}, ExitUsage},
		{[]string{"--sandbox", "call", "demo-echo", "nope"}, ExitUsage},
		{[]string{"--sandbox", "call", "demo-echo", "nope", "--json"}, ExitUsage},
		{[]string{"--sandbox", "apply", "demo-echo", "nope", "--reason", "r"}, ExitUsage},
		{[]string{"--sandbox", "records", "999999"}, ExitUsage},
		{[]string{"--sandbox", "call", "demo-echo", "echo_item", "--path-param", "item_id=1"}, ExitFailed},
		{[]string{"--sandbox", "call", "demo-echo", "echo_item", "--path-param", "item_id=1", "--json"}, ExitFailed},
	} {
		r := h.run("", c.args...)
		if r.code != c.code {
			t.Errorf("%v: exit %d, want %d: %s", c.args, r.code, c.code, r.stderr)
			continue
		}
		jsonMode := c.args[len(c.args)-1] == "--json"
		if jsonMode && c.code != ExitFailed {
			var e struct {
				Error struct {
					Code, Message, Hint, RequestID, Surface string
				} `json:"error"`
			}
			if err := json.Unmarshal([]byte(strings.TrimSpace(r.stderr)), &e); err != nil || e.Error.Message == "" || e.Error.Code == "" {
				t.Errorf("%v: stderr is not one error object: %v %q", c.args, err, r.stderr)
			}
		} else if !jsonMode && strings.Count(strings.TrimSpace(r.stderr), "\n") > 2 {
			t.Errorf("%v: more than a line or two: %q", c.args, r.stderr)
		}
	}
	// A wait that runs out is 3, not a failure of the server.
	s := h.serve("--decide-after", "1h")
	app := newHome(t, s.as(0)...)
	out := app.ok("apply", "bk-user", "list_users", "--reason", "r", "--json")
	var res struct {
		RecordID int `json:"record_id"`
	}
	json.Unmarshal([]byte(out), &res)
	if r := app.run("", "records", fmt.Sprint(res.RecordID), "--wait", "--wait-max", "1s"); r.code != ExitPending || !strings.Contains(r.stderr, fmt.Sprintf("record %d is still pending after 1s", res.RecordID)) {
		t.Fatalf("wait ran out: exit %d %s", r.code, r.stderr)
	}
}

func TestVersion(t *testing.T) {
	out := newHome(t).ok("--version")
	if !strings.HasPrefix(out, "bkconsole ") || !strings.Contains(out, "go1.") {
		t.Fatalf("--version: %q", out)
	}
}

// --sandbox runs chain through a running `sandbox serve`: a request id of one run is traced
// by the next, and a snippet printed by one reaches the same sandbox.
func TestSandboxRunsChain(t *testing.T) {
	h := newHome(t)
	first := strings.TrimSuffix(h.serve().APIURLTmpl, "/api/{api_name}")
	// A second sandbox on the same address says one already serves; on a port another program
	// holds, says so: both printed the socket's "bind: address already in use".
	if r := h.run("", "sandbox", "serve", "--addr", strings.Replace(first, "http://127.0.0.1", "localhost", 1)); r.code != 1 || !strings.Contains(r.stderr, "a sandbox is already serving on "+first) {
		t.Fatalf("serve on the same address: %d %s", r.code, r.stderr)
	}
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	if r := h.run("", "--lang", "zh", "sandbox", "serve", "--addr", taken.Addr().String()); r.code != 1 || !strings.Contains(r.stderr, "已被其他程序占用") {
		t.Fatalf("serve on a taken address: %d %s", r.code, r.stderr)
	}
	// One served beside it leaves the runs to the first (it took them over, and on leaving left
	// them with no sandbox at all).
	h.serve()
	r := h.run("", "--sandbox", "call", "demo-echo", "echo_get")
	if r.code != 0 {
		t.Fatalf("call: %d %s", r.code, r.stderr)
	}
	i := strings.Index(r.stderr, "request id ")
	if i < 0 {
		t.Fatalf("no request id: %s", r.stderr)
	}
	rid := strings.Fields(r.stderr[i+len("request id "):])[0]
	if tr := h.run("", "--sandbox", "trace", rid, "--wait", "5s"); tr.code != 0 || !strings.Contains(tr.stdout, "echo_get") {
		t.Fatalf("trace in the next run: %d %s %s", tr.code, tr.stdout, tr.stderr)
	}
	snip := h.ok("--sandbox", "snippet", "demo-echo", "echo_get", "--to", "curl", "--secrets", "inline")
	out, err := exec.Command("sh", "-c", strings.TrimRight(snip, "\n")+" -s").Output()
	if err != nil || !strings.Contains(string(out), `"resource":"echo_get"`) || !strings.Contains(snip, first+"/") {
		t.Fatalf("the printed snippet reaches the sandbox: %v %s", err, out)
	}
}
