package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/sandbox"
)

// One permission workflow from the binary: for every kind, an application whose answer is lost
// is sent once and reported the same way, with the same exit code: created (0, the record it
// made) when it reached the server, unknown (1, the command to check again) when it did not,
// even with an older record of the same target at hand.
func TestEveryKindReportsALostAnswerAlike(t *testing.T) {
	s := newHome(t).serve("--decide-after", "1h")
	target, _ := url.Parse(strings.TrimSuffix(s.APIURLTmpl, "/api/{api_name}"))
	for _, kind := range []struct {
		name, check string
		earlier     []string // an older application of the same target, for other items
		apply       []string
	}{
		{"gateway API", "bkconsole records --gateway demo-echo",
			[]string{"apply", "demo-echo", "echo_item", "--reason", "earlier"},
			[]string{"apply", "demo-echo", "patch_item", "--reason", "lost answer"}},
		{"MCP server", "bkconsole mcp records",
			[]string{"mcp", "apply", "bk-user-prod-directory", "--reason", "earlier"},
			[]string{"mcp", "apply", "demo-echo-prod-echo", "--reason", "lost answer"}},
		{"component", "bkconsole components records --system CC",
			[]string{"components", "apply", "CC", "search_business", "--reason", "earlier"},
			[]string{"components", "apply", "CC", "search_host", "--reason", "lost answer"}},
	} {
		for _, reached := range []bool{false, true} {
			var posts, spoil atomic.Int32
			rp := httputil.NewSingleHostReverseProxy(target)
			proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodPost || spoil.Load() == 0 {
					rp.ServeHTTP(w, r)
					return
				}
				posts.Add(1)
				if !reached { // an HTML 500 from something in front of the server
					w.Header().Set("Content-Type", "text/html")
					w.WriteHeader(500)
					io.WriteString(w, "<html><h1>502 Bad Gateway</h1></html>")
					return
				}
				rp.ServeHTTP(httptest.NewRecorder(), r) // done, then the connection drops
				conn, _, _ := w.(http.Hijacker).Hijack()
				conn.Close()
			}))
			base := proxy.URL
			h := newHome(t, "BK_API_URL_TMPL="+base+"/api/{api_name}", "BK_APP_CODE="+s.Apps[0].Code, "BK_APP_SECRET="+s.Apps[0].Secret,
				"BK_TOKEN="+s.BkToken, "BKCONSOLE_DEVELOPER_CENTER_URL="+base+"/dc", "BK_COMPONENT_API_URL="+base)
			if !reached {
				h.ok(kind.earlier...)
			}
			spoil.Store(1)
			r := h.run("", kind.apply...)
			proxy.Close()
			if posts.Load() != 1 {
				t.Errorf("%s: the application was posted %d times", kind.name, posts.Load())
			}
			if !strings.Contains(r.stderr, "outcome is unknown") || !strings.Contains(r.stderr, "not sent again") {
				t.Errorf("%s: %s", kind.name, r.stderr)
			}
			// A lost answer is told once, by what broke; a write is never "tried again later".
			if reached && (!strings.Contains(r.stderr, "the connection broke before the whole answer came") ||
				strings.Contains(r.stderr, "try again later") || strings.Contains(r.stderr, "cannot reach") ||
				strings.Count(r.stderr, "outcome") != 1) {
				t.Errorf("%s, reached the server: how the answer was lost\n%s", kind.name, r.stderr)
			}
			switch {
			case reached && (r.code != 0 || !strings.Contains(r.stdout, "the application was created: record")):
				t.Errorf("%s, reached the server: exit %d\n%s%s", kind.name, r.code, r.stdout, r.stderr)
			case !reached && (r.code != 1 || strings.Contains(r.stdout, "created") ||
				!strings.Contains(r.stderr, "most likely not created") || !strings.Contains(r.stderr, "check again: "+kind.check)):
				t.Errorf("%s, never reached the server: exit %d\n%s%s", kind.name, r.code, r.stdout, r.stderr)
			}
		}
	}
}

// --wait follows an application of any kind until it is decided, with the exit codes of
// `records ID --wait`: 0 approved, 4 rejected, 5 partly approved, 3 still pending after
// --wait-max; a decision comes with the approvers' comments.
func TestEveryKindWaitsForItsDecision(t *testing.T) {
	s := newHome(t).serve("--decide-after", "1s")
	h := newHome(t, s.as(0, "login", "dc", "esb")...)
	for _, c := range []struct {
		args []string
		code int
		said string
	}{
		{[]string{"apply", "demo-echo", "echo_item", "--reason", "wait", "--wait"}, 0, "approved"},
		{[]string{"mcp", "apply", "demo-echo-prod-echo", "--reason", "wait", "--wait"}, 0, "approved"},
		// Several records, listed as the reader's language lists ("记录 4、5", not "4, 5").
		{[]string{"--lang", "zh", "mcp", "apply", "bk-user-prod-directory", "demo-echo-prod-oauth", "--reason", "wait", "--wait"}, 0, "、"},
		// A refusal says why: the approver's comment (it said only "record 2: rejected").
		{[]string{"apply", "demo-echo", "delete_item", "--reason", "wait", "--wait"}, 4, "the approver's comment: 敏感接口需要说明具体使用场景，请补充后重新申请 / sensitive APIs need a concrete use case"},
		{[]string{"components", "apply", "CC", "search_business", "update_host", "--reason", "wait", "--wait"}, 5, "partially approved"},
		{[]string{"components", "apply", "JOB", "get_job_instance_log", "--reason", "wait", "--wait", "--wait-max", "1ms"}, 3, "still pending"},
	} {
		r := h.run("", c.args...)
		if r.code != c.code || !strings.Contains(r.stderr, c.said) {
			t.Errorf("%v: exit %d, want %d and %q\n%s%s", c.args, r.code, c.code, c.said, r.stdout, r.stderr)
		}
	}
}

// Every kind's records command is one command: a record by its ID, --status, the target's
// filter, and --wait, which exits with the decision as apply --wait does (0 approved, 5 partly
// approved).
func TestEveryKindsRecordsCommand(t *testing.T) {
	s := newHome(t).serve("--decide-after", "1s")
	h := newHome(t, s.as(0, "login", "hc", "dc", "BK_USERNAME=demo-user", "esb")...)
	for _, kind := range []struct {
		group          []string // the kind's command group
		apply          []string
		filter, target string
		id             func(listed []byte) int
		decided        string
		exit           int
	}{
		{nil, []string{"apply", "demo-echo", "echo_item", "--reason", "r"}, "--gateway", "demo-echo",
			func(b []byte) int {
				var rs []client.Record
				json.Unmarshal(b, &rs)
				return firstID(len(rs), func() int { return rs[0].ID })
			},
			"approved", 0},
		{[]string{"components"}, []string{"components", "apply", "CC", "search_business", "update_host", "--reason", "r"}, "--system", "CC",
			func(b []byte) int {
				var rs []client.ComponentRecord
				json.Unmarshal(b, &rs)
				return firstID(len(rs), func() int { return rs[0].ID })
			},
			"partially approved", ExitPartial},
		{[]string{"mcp"}, []string{"mcp", "apply", "demo-echo-prod-echo", "--reason", "r"}, "--server", "demo-echo-prod-echo",
			func(b []byte) int {
				var rs []client.MCPServerRecord
				json.Unmarshal(b, &rs)
				return firstID(len(rs), func() int { return rs[0].Record.ID })
			},
			"approved", 0},
	} {
		records := func(args ...string) []string { return append(append(slices.Clone(kind.group), "records"), args...) }
		h.ok(kind.apply...)
		id := kind.id([]byte(h.ok(records("--json", "--status", "pending", kind.filter, kind.target)...)))
		if id == 0 {
			t.Fatalf("%v: no pending record of %s", kind.group, kind.target)
		}
		if other := h.ok(records("--json", kind.filter, "no-such-target")...); strings.TrimSpace(other) != "[]" {
			t.Errorf("%v: the filter kept %s", kind.group, other)
		}
		r := h.run("", records(strconv.Itoa(id), "--wait", "--wait-max", "30s")...)
		if r.code != kind.exit || !strings.Contains(r.stdout, kind.decided) || !strings.Contains(r.stdout, "demo-user") {
			t.Errorf("%v records %d --wait: exit %d\n%s%s", kind.group, id, r.code, r.stdout, r.stderr)
		}
		if pending := h.ok(records("--json", "--status", "pending", kind.filter, kind.target)...); strings.TrimSpace(pending) != "[]" {
			t.Errorf("%v: still pending after the decision: %s", kind.group, pending)
		}
		if r := h.run("", records("999999")...); r.code != ExitUsage {
			t.Errorf("%v: an unknown record: exit %d %s", kind.group, r.code, r.stderr)
		}
	}
}

func firstID(n int, id func() int) int {
	if n == 0 {
		return 0
	}
	return id()
}

// An MCP application through the inner APIs, which name the records they make, says which to
// follow, as every kind's does (it had said "bkconsole mcp records" with the numbers at hand);
// several records are followed in the listing.
func TestMCPApplicationNamesItsRecord(t *testing.T) {
	_, urls := isolate(t)
	for k, v := range map[string]string{"BK_APP_CODE": sandbox.DemoAppCode, "BK_APP_SECRET": sandbox.DemoAppSecret,
		"BK_API_URL_TMPL": urls.APIURLTmpl, "BK_USERNAME": "demo-user"} {
		t.Setenv(k, v)
	}
	code, _, stderr := inProcess(t, nil, "", "mcp", "apply", "demo-echo-prod-echo", "--reason", "for the agent")
	if code != 0 || !strings.Contains(stderr, "follow it: bkconsole mcp records 1 --wait") || !strings.Contains(stderr, "via the inner APIs") {
		t.Fatalf("one server: %d %s", code, stderr)
	}
	code, _, stderr = inProcess(t, nil, "", "mcp", "apply", "demo-echo-prod-oauth", "bk-user-prod-directory", "--reason", "for the agent")
	if code != 0 || !strings.Contains(stderr, "follow it: bkconsole mcp records\n") {
		t.Fatalf("two servers: %d %s", code, stderr)
	}
}

// A renewal says where its answer came from last, as every command does (it said it first, above
// the new expiries, on a terminal where the two streams are one).
func TestRenewalSaysWhereItCameFromLast(t *testing.T) {
	isolate(t)
	var both bytes.Buffer
	app := &App{Stdout: &both, Stderr: &both, Stdin: strings.NewReader("")}
	if code := runApp(app, []string{"--sandbox", "renew", "bk-legacy-job", "execute_job", "--days", "180"}); code != 0 {
		t.Fatalf("renew: %d %s", code, both.String())
	}
	lines := strings.Split(strings.TrimSpace(both.String()), "\n")
	if last := lines[len(lines)-1]; last != "(via the Developer Center)" || !strings.HasPrefix(lines[0], "execute_job: ") {
		t.Fatalf("renew's output:\n%s", both.String())
	}
}

// A renewal whose answer is lost after the server renewed is not sent again; the expiries read
// afterwards say, each, that it was renewed (the user had to compare dates: 400 days before,
// 580 after). Proven so for every permission, the renewal is done: exit 0, as an application
// found in the records is, and as the console's renewal page (it had exited 1 saying "check
// again" while the console said renewed).
func TestRenewalAnswerLostSaysItWasDone(t *testing.T) {
	store, urls := isolate(t, sandbox.Options{Faults: sandbox.Faults{LoseWrites: 1}})
	loginDemo(t, store, urls, "--developer-center-url", urls.DeveloperCenterURL)
	for _, lang := range []string{"en", "zh"} {
		code, stdout, stderr := inProcess(t, store, "", "renew", "bk-legacy-job", "execute_job", "fast_push_file", "--days", "180", "--lang", lang)
		want := map[string][]string{"en": {"(renewed)", "2 of 2 permissions renewed, as their expiries show"}, "zh": {"（已续期）", "2 个权限中 2 个已续期"}}[lang]
		if code != 0 || !strings.Contains(stdout, "execute_job") || !strings.Contains(stdout, want[0]) || !strings.Contains(stderr, want[1]) ||
			strings.Contains(stderr, "check again") || strings.Contains(stderr, "再次查看") {
			t.Fatalf("%s: exit %d\n%s%s", lang, code, stdout, stderr)
		}
	}
}

// With --json, a write whose answer was lost and that the records (or the expiries) then prove
// printed sentences on stdout ("the application was created: record 1 (pending)"), which broke
// the script reading it: stdout is JSON, the record or the renewal, marked answer_lost.
func TestLostAnswerKeepsJSONOnStdout(t *testing.T) {
	store, urls := isolate(t, sandbox.Options{Faults: sandbox.Faults{LoseWrites: 1}})
	loginDemo(t, store, urls, "--developer-center-url", urls.DeveloperCenterURL, "--username", "demo-user")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"apply", "demo-echo", "echo_item", "--reason", "lost"}, "record_id"},
		{[]string{"mcp", "apply", "demo-echo-prod-echo", "--reason", "lost"}, "record_id"},
		{[]string{"components", "apply", "CC", "search_host", "--reason", "lost"}, "record_id"},
		{[]string{"renew", "bk-legacy-job", "execute_job"}, "renewed"},
	} {
		code, stdout, stderr := inProcess(t, store, "", append(c.args, "--json")...)
		var got map[string]any
		if err := json.Unmarshal([]byte(stdout), &got); code != 0 || err != nil || got["answer_lost"] != true || got[c.want] == nil {
			t.Errorf("%v: exit %d, %v\nstdout: %s\nstderr: %s", c.args, code, err, stdout, stderr)
		}
	}
}

// Not proven (an HTML 502 in front of the server, which never saw the write), --json's error
// object names the command to check again, as the text form does: its hint had been the general
// "look at the records before applying again".
func TestUnprovenLostAnswerNamesTheCheckInJSON(t *testing.T) {
	store, urls := isolate(t)
	target, _ := url.Parse(urls.ComponentAPIURL)
	rp := httputil.NewSingleHostReverseProxy(target)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			io.WriteString(w, "<html>502 Bad Gateway</html>")
			return
		}
		rp.ServeHTTP(w, r)
	}))
	defer proxy.Close()
	via := sandbox.URLsFor(proxy.URL)
	loginDemo(t, store, via, "--developer-center-url", via.DeveloperCenterURL, "--username", "demo-user")
	for _, c := range []struct {
		args  []string
		check string
	}{
		{[]string{"apply", "demo-echo", "echo_item", "--reason", "lost"}, "check again: bkconsole records --gateway demo-echo"},
		{[]string{"renew", "bk-legacy-job", "execute_job"}, "check again: bkconsole perms bk-legacy-job"},
	} {
		code, stdout, stderr := inProcess(t, store, "", append(c.args, "--json")...)
		var e struct {
			Error struct{ Code, Hint string }
		}
		if err := json.Unmarshal([]byte(stderr), &e); code != 1 || stdout != "" || err != nil || e.Error.Code != "write.unknown" || e.Error.Hint != c.check {
			t.Errorf("%v: exit %d, %v\nstdout: %s\nstderr: %s", c.args, code, err, stdout, stderr)
		}
	}
}
