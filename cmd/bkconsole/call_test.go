package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/history"
)

func TestCallSnippetTraceAndHistory(t *testing.T) {
	srv := newHome(t)
	s := srv.serve()
	h := newHome(t, s.as(0)...)
	args := []string{"demo-echo", "any_proxy", "-X", "PATCH", "--path-param", "group=a b", "--path-param", "name=x/y", "-q", "k=v w", "-H", "X-Note: it's", "-d", `{"n": 1}`}
	// No permission yet: the gateway's 403 is explained, exit 1.
	r := h.run("", append([]string{"call"}, args...)...)
	if r.code != 1 || !strings.Contains(r.stderr, "APP_NO_PERMISSION") || !strings.Contains(r.stderr, "apply for permission") {
		t.Fatalf("403: %d %s", r.code, r.stderr)
	}
	r = h.run("", "call", "demo-echo", "echo_post", "-q", "k=v w", "-H", "X-Note: it's", "-d", `{"it's": "$HOME"}`)
	if r.code != 0 || !strings.Contains(r.stdout, `"X-Note":"it's"`) || !strings.Contains(r.stderr, "200 OK") {
		t.Fatalf("call: %d %s %s", r.code, r.stdout, r.stderr)
	}
	rid := regexp.MustCompile(`request id ([0-9a-f]+)`).FindStringSubmatch(r.stderr)
	if rid == nil {
		t.Fatalf("request id on stderr: %s", r.stderr)
	}
	// The env-mode snippet, run by a shell with BK_APP_SECRET set, gets the same answer.
	snip := h.ok("snippet", "demo-echo", "echo_post", "-q", "k=v w", "-H", "X-Note: it's", "-d", `{"it's": "$HOME"}`, "--to", "curl", "--secrets", "env")
	if strings.Contains(snip, s.Apps[0].Secret) {
		t.Fatal("env mode holds no secret")
	}
	cmd := exec.Command("sh", "-c", strings.TrimRight(snip, "\n")+" -s")
	cmd.Env = append(os.Environ(), "BK_APP_SECRET="+s.Apps[0].Secret)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var a, b struct {
		Data struct {
			Body  string              `json:"body"`
			Query map[string][]string `json:"query"`
			Path  string              `json:"path"`
		} `json:"data"`
	}
	json.Unmarshal([]byte(r.stdout), &a)
	json.Unmarshal(out, &b)
	if a.Data.Body != b.Data.Body || a.Data.Path != b.Data.Path || a.Data.Query["k"][0] != b.Data.Query["k"][0] || a.Data.Body == "" {
		t.Fatalf("snippet differs:\n%s\n%s", r.stdout, out)
	}
	// Import: the curl command back into a call.
	file := filepath.Join(h.dir, "cmd.sh")
	os.WriteFile(file, []byte(snip), 0o600)
	r = h.run("", "call", "--from-curl", file)
	if r.code != 0 || !strings.Contains(r.stdout, `\"it's\": \"$HOME\"`) {
		t.Fatalf("from-curl: %d %s %s", r.code, r.stdout, r.stderr)
	}
	// Trace: what the gateway saw, found at once from an id copied with spaces around it.
	tr := h.run("", "trace", " "+rid[1]+"\n", "--wait", "30s")
	if tr.code != 0 || !strings.Contains(tr.stdout, "echo.backend.svc:8080") || !strings.Contains(tr.stdout, "200") || tr.took > 5*time.Second {
		t.Fatalf("trace: %d in %s: %s %s", tr.code, tr.took, tr.stdout, tr.stderr)
	}
	// History keeps each request as the user built it, field by field, never the secret.
	hist, err := os.ReadFile(filepath.Join(h.dir, "state", "bkconsole", "history.json"))
	if err != nil {
		t.Fatal(err)
	}
	var es []history.Entry
	if err := json.Unmarshal(hist, &es); err != nil || len(es) != 3 {
		t.Fatalf("history: %v %s", err, hist)
	}
	imported, sent, refused := es[0], es[1], es[2] // newest first
	want := history.Entry{Gateway: "demo-echo", Stage: "prod", Resource: "echo_post", Method: "POST", Path: "/echo/",
		Query: []client.KV{{Key: "k", Value: "v w"}}, Headers: []client.KV{{Key: "X-Note", Value: "it's"}}, Body: `{"it's": "$HOME"}`,
		Status: 200, RequestID: rid[1]}
	got := sent
	got.Time, got.DurationMS = time.Time{}, 0
	if !reflect.DeepEqual(got, want) || sent.Time.IsZero() || time.Since(sent.Time) > time.Minute || sent.DurationMS < 0 {
		t.Fatalf("history entry of the call:\n got %+v\nwant %+v", sent, want)
	}
	if refused.Method != "PATCH" || refused.Path != "/proxy/{group}/{name}/" || refused.Status != 403 || refused.Stage != "prod" ||
		!reflect.DeepEqual(refused.PathParams, map[string]string{"group": "a b", "name": "x/y"}) || refused.Resource != "any_proxy" {
		t.Fatalf("history entry of the refused call: %+v", refused)
	}
	if imported.Resource != "" || imported.Path != "/echo/" || imported.Method != "POST" || imported.Status != 200 || imported.Stage != "prod" {
		t.Fatalf("history entry of the imported call: %+v", imported)
	}
	grepTree(t, h.dir, s.Apps[0].Secret)
}

func TestCallRefusesBadInputBeforeSending(t *testing.T) {
	h := newHome(t)
	for _, args := range [][]string{
		{"--sandbox", "call", "demo-echo", "echo_post", "-d", `{"a": }`},
		{"--sandbox", "call", "demo-echo", "echo_item"},                    // missing path param
		{"--sandbox", "call", "demo-echo", "echo_get", "-q", "novalue"},    // not k=v
		{"--sandbox", "call", "demo-echo", "echo_get", "-H", "NoColon"},    // not K: V
		{"--sandbox", "call", "demo-echo", "echo_get", "--stage", "1-bad"}, // stage pattern
		{"--sandbox", "snippet", "demo-echo", "echo_get", "--to", "perl"},  // unknown language
		{"--sandbox", "trace", " "},                                        // no request id
		{"--sandbox", "trace", "request id 0123abcd"},                      // not one word
		{"--sandbox", "trace", strings.Repeat("a", 5000)},                  // no id is that long
		{"--sandbox", "trace", "a/../b", "--wait", "20s"},                  // not letters, digits and dashes: refused at once
	} {
		r := h.run("", args...)
		if r.code != 2 || len(r.stderr) > 400 { // the refusal quotes what it refuses, not 5,000 characters of it
			t.Errorf("%.80v: exit %d %.500s", args, r.code, r.stderr)
		}
	}
	r := h.run("", "--sandbox", "call", "demo-echo", "echo_post", "-d", "{\n\"a\": }")
	if !strings.Contains(r.stderr, "line 2, column 6") {
		t.Errorf("line and column: %s", r.stderr)
	}
}

// Every number a server sent is printed with the digits it sent.
func TestBigIntegersKeepTheirDigits(t *testing.T) {
	h := newHome(t)
	out := h.ok("--sandbox", "call", "demo-echo", "echo_post", "-d", `{"id": 12345678901234567890, "f": 1.10}`, "--json")
	if !strings.Contains(out, "12345678901234567890") || strings.Contains(out, "12345678901234567000") || !strings.Contains(out, "1.10") {
		t.Fatalf("digits lost:\n%s", out)
	}
}

// trace on a sandbox that lives for this command alone says why no request is there and how
// runs share one, at once: it waited ten seconds to say the log "can take a few seconds".
func TestTraceOnThisCommandsSandbox(t *testing.T) {
	h := newHome(t)
	r := h.run("", "--sandbox", "trace", "0123abcd")
	if r.code != 1 || !strings.Contains(r.stderr, "no request 0123abcd in this sandbox") || !strings.Contains(r.stderr, "bkconsole sandbox serve") || r.took > 5*time.Second {
		t.Fatalf("%d in %s: %s", r.code, r.took, r.stderr)
	}
	// With --json the same exit, and the error as JSON on stderr: it printed [] with exit 0.
	r = h.run("", "--sandbox", "trace", "0123abcd", "--json")
	if r.code != 1 || strings.TrimSpace(r.stdout) != "" || !strings.Contains(r.stderr, `"exit_code":1`) {
		t.Fatalf("--json: %d %q %s", r.code, r.stdout, r.stderr)
	}
}

// A refusal for want of permission names the command that fixes it, names filled in, in the
// error's own line and in --json's hint: it was a line of its own before a line whose fix said
// "bkconsole mcp apply NAME".
func TestRefusalsNameTheCommandThatFixesThem(t *testing.T) {
	store, _ := isolate(t)
	for _, c := range []struct {
		args []string
		fix  string
	}{
		{[]string{"call", "demo-echo", "echo_item", "--path-param", "item_id=1"}, "to apply: bkconsole apply demo-echo echo_item --reason '…'"},
		// A call by path is named by its API (`apply demo-echo /items/42/` had been offered: refused).
		{[]string{"call", "demo-echo", "/items/42/"}, "to apply: bkconsole apply demo-echo echo_item --reason '…'"},
		{[]string{"components", "call", "CC", "search_host"}, "to apply: bkconsole components apply CC search_host --reason '…'"},
		{[]string{"mcp", "tools", "demo-echo-prod-echo"}, "to apply: bkconsole mcp apply demo-echo-prod-echo --reason '…'"},
	} {
		code, _, stderr := inProcess(t, store, "", append([]string{"--sandbox"}, c.args...)...)
		if code != 1 || !regexp.MustCompile(`(?m)^bkconsole: .* — `+regexp.QuoteMeta(c.fix)).MatchString(stderr) || strings.Contains(stderr, "\nto apply:") || strings.HasPrefix(stderr, "to apply:") {
			t.Errorf("%v: %d\n%s", c.args, code, stderr)
		}
		_, _, stderr = inProcess(t, store, "", append([]string{"--sandbox"}, append(c.args, "--json")...)...)
		if !strings.Contains(stderr, `"hint":"`+c.fix+`"`) {
			t.Errorf("%v --json: %s", c.args, stderr)
		}
	}
}

// The SDK calls an API by its name: a snippet of a call by path names the API the path goes to,
// with the parameters the path fills (it read "client.api.()", no program), and a path no API
// takes is refused, saying why.
func TestSDKSnippetOfACallByPath(t *testing.T) {
	store, _ := isolate(t)
	code, stdout, stderr := inProcess(t, store, "", "--sandbox", "snippet", "demo-echo", "/items/42/", "--to", "sdk")
	if code != 0 || !strings.Contains(stdout, "result = client.api.echo_item(") || !strings.Contains(stdout, `path_params={"item_id": "42"}`) {
		t.Errorf("a path an API takes: %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = inProcess(t, store, "", "--sandbox", "snippet", "demo-echo", "/nothing/", "--to", "sdk")
	if code != 2 || stdout != "" || !strings.Contains(stderr, "calls an API by its name") {
		t.Errorf("a path no API takes: %d\n%s%s", code, stdout, stderr)
	}
	// A gateway without an SDK says which form prints the same call (it said only that).
	code, _, stderr = inProcess(t, store, "", "--sandbox", "snippet", "bkai-demo", "chat_completions", "--to", "sdk")
	if code != 1 || !strings.Contains(stderr, "publishes no Python SDK: --to python prints the same call") {
		t.Errorf("a gateway without an SDK: %d %s", code, stderr)
	}
}

// --jq's mistakes are said in the UI's language, where they are (gojq's own words after): they
// were English under a Chinese UI.
func TestJQMistakesInTheUILanguage(t *testing.T) {
	store, _ := isolate(t)
	for _, c := range []struct {
		expr string
		code int
		want string
	}{
		{".[", 2, "--jq: jq 表达式第 3 个字符处有误：.[⟨此处⟩（unexpected EOF）"},
		{".foo", 1, "--jq: jq 过滤器无法处理此 JSON：expected an object but got: array"},
	} {
		code, _, stderr := inProcess(t, store, "", "--sandbox", "--lang", "zh", "gateways", "--jq", c.expr)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: %d\n%s", c.expr, code, stderr)
		}
	}
	// An answer without a body (a HEAD) has nothing to filter: it said the JSON "ends before it
	// is complete" at line 1, column 1.
	for lang, want := range map[string]string{"en": "--jq: the answer has no body, so nothing was filtered", "zh": "--jq: 响应没有响应体，未做过滤"} {
		code, _, stderr := inProcess(t, store, "", "--sandbox", "--lang", lang, "call", "demo-echo", "head_item", "--path-param", "item_id=1", "--jq", ".x")
		if code != 1 || !strings.Contains(stderr, want) || strings.Contains(stderr, "column") || strings.Contains(stderr, "列") {
			t.Errorf("--jq on a HEAD in %s: %d\n%s", lang, code, stderr)
		}
	}
}

// A call whose answer did not come in time said "the request was sent, but its answer was lost
// or unreadable … — GET …/slow/3/": it did not say it timed out. It does, in both languages,
// and the request is still not sent again.
func TestTimedOutCallSaysSo(t *testing.T) {
	_, urls := isolate(t)
	asDemoApp(t, urls)
	for lang, want := range map[string]string{"en": "/slow/3/: timed out", "zh": "/slow/3/：请求超时"} {
		code, _, stderr := inProcess(t, nil, "", "--lang", lang, "call", "demo-echo", "slow_echo", "--path-param", "seconds=3", "--timeout", "300ms")
		if code != ExitFailed || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d %s", lang, code, stderr)
		}
	}
}
