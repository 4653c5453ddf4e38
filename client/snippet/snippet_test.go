package snippet

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/sandbox"
)

// arrival is what the capture server saw of one request.
type arrival struct {
	Method, Path, Query string
	Headers             map[string]string
	Body                string
}

type capture struct {
	mu   sync.Mutex
	last arrival
	srv  *httptest.Server
}

// newCapture listens on 127.0.0.1 and records every request.
func newCapture(t testing.TB) *capture {
	c := &capture{}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		h := map[string]string{}
		for k, v := range r.Header {
			h[k] = strings.Join(v, ",")
		}
		c.mu.Lock()
		c.last = arrival{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery, Headers: h, Body: string(b)}
		c.mu.Unlock()
		w.Header().Set("X-Bkapi-Request-ID", "rid")
		w.Write([]byte(`{"ok": true}`))
	}))
	t.Cleanup(c.srv.Close)
	return c
}

func (c *capture) take() arrival {
	c.mu.Lock()
	defer c.mu.Unlock()
	a := c.last
	c.last = arrival{}
	return a
}

// compare checks what a snippet sent against what bkconsole sent: method, path, query, the
// headers bkconsole set, and the body byte for byte.
func compare(t *testing.T, what string, want, got arrival, p client.Prepared) {
	t.Helper()
	if got.Method != want.Method || got.Path != want.Path || got.Query != want.Query || got.Body != want.Body {
		t.Errorf("%s differs:\n want %s %s ?%s body %q\n got  %s %s ?%s body %q", what, want.Method, want.Path, want.Query, want.Body, got.Method, got.Path, got.Query, got.Body)
	}
	names := []string{"X-Bkapi-Authorization"}
	for _, h := range p.Headers {
		names = append(names, http.CanonicalHeaderKey(h.Key))
	}
	for _, n := range names {
		if got.Headers[n] != want.Headers[n] {
			t.Errorf("%s header %s: want %q got %q", what, n, want.Headers[n], got.Headers[n])
		}
	}
}

type req struct {
	name    string
	method  string
	path    string
	params  map[string]string
	query   []client.KV
	headers []client.KV
	body    string
	user    bool
}

var awkward = `it's "quoted" $HOME ` + "`whoami`" + ` \back\slash\n ünïcødé 😀 100% & <tag> #hash !bang ~tilde *glob? [x] {y} ;semi |pipe`

var requests = []req{
	{name: "get", method: "GET", path: "/echo/"},
	{name: "post json", method: "POST", path: "/echo/", body: `{"name": "demo", "n": 1.5e3, "list": [1, 2], "nested": {"a": null}}`},
	{name: "put awkward body", method: "PUT", path: "/items/{id}/", params: map[string]string{"id": "42"}, body: `{"text": ` + client.PyJSONString(awkward) + `, "raw": "tab\there\nnewline"}`},
	{name: "patch multiline", method: "PATCH", path: "/items/{id}/", params: map[string]string{"id": "a b/c"}, body: "{\n  \"pretty\": true,\n  \"quote\": \"'\"\n}\n"},
	{name: "delete with query", method: "DELETE", path: "/items/{id}/", params: map[string]string{"id": "ü"}, query: []client.KV{{Key: "q", Value: awkward}, {Key: "q", Value: "second"}, {Key: "empty", Value: ""}, {Key: "ключ", Value: "值"}}},
	{name: "head", method: "HEAD", path: "/items/1/"},
	{name: "options", method: "OPTIONS", path: "/items/"},
	{name: "headers", method: "GET", path: "/echo/", headers: []client.KV{{Key: "X-Quote", Value: `he said "hi" and 'bye'`}, {Key: "X-Dollar", Value: "$PATH `id` $(id)"}, {Key: "X-Backslash", Value: `C:\path\n`}, {Key: "X-Empty", Value: ""}}},
	{name: "user auth", method: "POST", path: "/echo/", user: true, body: `[]`},
	{name: "at body", method: "POST", path: "/echo/", body: `@not-a-file`},
	{name: "empty json string", method: "POST", path: "/echo/", body: `""`},
	// A file's bytes (-d @logo.png): a NUL no shell word holds, bytes that are not UTF-8, and
	// printf's own % and \ among them. Last: the tests above take requests by index.
	{name: "binary body", method: "POST", path: "/echo/", headers: []client.KV{{Key: "Content-Type", Value: "application/octet-stream"}},
		body: "\x89PNG\r\n\x1a\n\x00\x00 100% \\n 'q' \xff\xfe\x7f end"},
	{name: "binary body with a dash first", method: "POST", path: "/echo/", headers: []client.KV{{Key: "Content-Type", Value: "application/octet-stream"}},
		body: "-n \x00\xff"},
	// Text with a carriage return and an escape: a shell word would carry them raw into the
	// terminal the snippet is pasted in (and the shell parser read \r\n back as \n).
	{name: "text with control characters", method: "POST", path: "/echo/", headers: []client.KV{{Key: "Content-Type", Value: "text/plain"}},
		body: "a\r\nb \x1b[201~ c\td\n"},
}

func prepare(t *testing.T, base string, r req) client.Prepared {
	return prepareWith(t, base, r, testSecret, testToken)
}

// Real secrets are letters, digits and dashes; env mode splices them into the JSON header as
// they are. Awkward secrets are tested in inline mode, where they are escaped.
const (
	testSecret = "s3cr3t-4f1c9a7e2b"
	testToken  = "tok-3a9f"
)

func prepareWith(t *testing.T, base string, r req, secret, token string) client.Prepared {
	cfg := client.Config{APIURLTmpl: base + "/api/{api_name}", AppCode: "my-app", AppSecret: secret, BkToken: token, Timeout: 5 * time.Second}
	p, err := cfg.Prepare(client.CallRequest{Gateway: "demo", Stage: "prod", Method: r.method, Path: r.path, PathParams: r.params,
		Query: r.query, Headers: r.headers, Body: []byte(r.body), WithUser: r.user})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func run(t *testing.T, name string, args []string, env []string) {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s failed: %v\n%s", name, err, out)
	}
}

func need(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is needed (.ci/test installs it)", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
}

// TestSnippetsSendWhatBkconsoleSends runs every snippet for real and compares the arrivals.
func TestSnippetsSendWhatBkconsoleSends(t *testing.T) {
	need(t, "sh", "curl", "python3", "http")
	if err := exec.Command("python3", "-c", "import requests").Run(); err != nil {
		t.Fatal("python3 needs requests (.ci/test installs python3-requests)")
	}
	cap := newCapture(t)
	tr, err := client.NewTransport(client.Config{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	caller := client.NewCaller(tr)
	env := []string{"BK_APP_SECRET=" + testSecret, "BK_TOKEN=" + testToken}
	dir := t.TempDir()
	for _, r := range requests {
		t.Run(r.name, func(t *testing.T) {
			p := prepare(t, cap.srv.URL, r)
			if _, err := caller.Do(context.Background(), p, 5*time.Second); err != nil {
				t.Fatal(err)
			}
			want := cap.take()
			for _, mode := range []Mode{Inline, Env} {
				curlCode, _ := Generate(Curl, p, mode, SDKCall{})
				run(t, "curl", []string{"sh", "-c", strings.TrimRight(curlCode, "\n") + " -s -o /dev/null"}, env)
				compare(t, "curl/"+string(mode), want, cap.take(), p)

				py, _ := Generate(Python, p, mode, SDKCall{})
				file := filepath.Join(dir, "snippet.py")
				os.WriteFile(file, []byte(py), 0o600)
				run(t, "python", []string{"python3", file}, env)
				compare(t, "python/"+string(mode), want, cap.take(), p)

				if r.method != "HEAD" { // HTTPie waits for a body on HEAD's Content-Length
					hp, _ := Generate(HTTPie, p, mode, SDKCall{})
					run(t, "httpie", []string{"sh", "-c", strings.TrimRight(hp, "\n") + " >/dev/null"}, env)
					compare(t, "httpie/"+string(mode), want, cap.take(), p)
				}
			}
		})
	}
}

func TestMaskedModeHidesSecrets(t *testing.T) {
	p := prepare(t, "http://127.0.0.1:1", requests[8])
	for _, l := range Langs {
		for _, mode := range []Mode{Masked, Env} {
			s, err := Generate(l, p, mode, SDKCall{Endpoint: "http://127.0.0.1:1/api/demo", Gateway: "demo", Resource: "echo", Stage: "prod", SDKName: "bkapi-demo"})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(s, testSecret) || strings.Contains(s, testToken) {
				t.Errorf("%s/%s shows a secret:\n%s", l, mode, s)
			}
		}
	}
	s, _ := Generate(Python, p, Env, SDKCall{})
	if !strings.Contains(s, `os.environ["BK_APP_SECRET"]`) || !strings.Contains(s, `os.environ["BK_TOKEN"]`) || !strings.Contains(s, "json.dumps({") {
		t.Errorf("python env mode:\n%s", s)
	}
	c, _ := Generate(Curl, p, Env, SDKCall{})
	if !strings.Contains(c, `"$BK_APP_SECRET"`) || !strings.Contains(c, "bk_json") {
		t.Errorf("curl env mode:\n%s", c)
	}
	if _, err := Generate(SDK, p, Masked, SDKCall{}); err != ErrNoSDK {
		t.Errorf("no SDK: %v", err)
	}
	// A call by a path no API takes has no name to call the SDK by ("client.api.()").
	if s, err := Generate(SDK, p, Masked, SDKCall{Endpoint: "http://127.0.0.1:1/api/demo", Gateway: "demo", Stage: "prod", SDKName: "bkapi-demo"}); err != ErrSDKNeedsAPI {
		t.Errorf("no API: %v\n%s", err, s)
	}
}

func TestGoAndJSSnippetsCompileShape(t *testing.T) {
	p := prepare(t, "http://127.0.0.1:1", requests[2])
	g, _ := Generate(Go, p, Env, SDKCall{})
	if !strings.Contains(g, `os.Getenv("BK_APP_SECRET")`) || !strings.Contains(g, "http.NewRequest(\"PUT\"") {
		t.Errorf("go:\n%s", g)
	}
	j, _ := Generate(JS, p, Env, SDKCall{})
	if !strings.Contains(j, "process.env.BK_APP_SECRET") || !strings.Contains(j, `method: "PUT"`) {
		t.Errorf("js:\n%s", j)
	}
}

// TestGoSnippetRuns compiles and runs the Go snippet against the capture server.
func TestGoSnippetRuns(t *testing.T) {
	need(t, "go")
	cap := newCapture(t)
	for _, r := range []req{requests[4], requests[len(requests)-2]} { // awkward query; binary body
		p := prepare(t, cap.srv.URL, r)
		tr, _ := client.NewTransport(client.Config{Timeout: 5 * time.Second})
		client.NewCaller(tr).Do(context.Background(), p, 5*time.Second)
		want := cap.take()
		g, _ := Generate(Go, p, Inline, SDKCall{})
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "main.go"), []byte(g), 0o600)
		cmd := exec.Command("go", "run", "main.go")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=", "GO111MODULE=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go run %s: %v\n%s", r.name, err, out)
		}
		compare(t, "go/"+r.name, want, cap.take(), p)
	}
}

func TestParseCurlRoundTrip(t *testing.T) {
	for _, r := range requests {
		p := prepare(t, "http://127.0.0.1:9/x", r) // a binary body is piped in by printf, and read back from it
		code, _ := Generate(Curl, p, Inline, SDKCall{})
		got, err := ParseCurl(code)
		if err != nil {
			t.Fatalf("%s: %v\n%s", r.name, err, code)
		}
		if got.Method != p.Method || got.URL != p.FullURL() || string(got.Body) != string(p.Body) {
			t.Errorf("%s: %+v", r.name, got)
		}
		if got.Auth["bk_app_secret"] != testSecret {
			t.Errorf("%s: auth %v", r.name, got.Auth)
		}
		var hk []string
		for _, h := range got.Headers {
			hk = append(hk, h.Key+"="+h.Value)
		}
		var wk []string
		for _, h := range p.Headers {
			wk = append(wk, h.Key+"="+h.Value)
		}
		sort.Strings(hk)
		sort.Strings(wk)
		if strings.Join(hk, "|") != strings.Join(wk, "|") {
			t.Errorf("%s headers: %v vs %v", r.name, hk, wk)
		}
	}
}

func TestParseBrowserCurl(t *testing.T) {
	cmd := `curl 'http://bkapi.example.com/api/demo-echo/prod/items/7/?a=1&b=x%20y' \
  -H 'accept: application/json' \
  -H 'X-Bkapi-Authorization: {"bk_app_code": "app", "bk_app_secret": "sec", "bk_token": "tok"}' \
  --data-raw $'{"k":"it\'s"}' \
  --compressed`
	p, err := ParseCurl(cmd)
	if err != nil {
		t.Fatal(err)
	}
	if p.Method != "POST" || string(p.Body) != `{"k":"it's"}` || p.Auth["bk_token"] != "tok" || len(p.Headers) != 1 {
		t.Fatalf("%+v", p)
	}
	r, err := Recognise("http://bkapi.example.com/api/{api_name}", p.URL)
	if err != nil || r.Gateway != "demo-echo" || r.Stage != "prod" || r.Path != "/items/7/" || len(r.Query) != 2 || r.Query[1].Value != "x y" {
		t.Fatalf("%+v %v", r, err)
	}
	r, err = Recognise("http://{api_name}.apigw.example.com", "http://bkapi.apigw.example.com/prod/users/")
	if err != nil || r.Gateway != "bkapi" || r.Path != "/users/" {
		t.Fatalf("subdomain: %+v %v", r, err)
	}
	if _, err := ParseCurl("curl -d @file http://x"); err == nil {
		t.Error("a file body is refused")
	}
	if _, err := ParseCurl(`curl "http://x/$(id)"`); err == nil {
		t.Error("a command substitution is refused")
	}
	if _, err := ParseCurl(`curl "http://x/$BKCONSOLE_SURELY_UNSET"`); err == nil {
		t.Error("an unset variable is refused")
	}
	t.Setenv("BK_APP_SECRET", "from-env")
	p, err = ParseCurl(`curl http://x -H 'X-Bkapi-Authorization: {"bk_app_code": "a", "bk_app_secret": "'"$BK_APP_SECRET"'"}'`)
	if err != nil || p.Auth["bk_app_secret"] != "from-env" {
		t.Errorf("an env-mode snippet comes back: %v %v", p.Auth, err)
	}
}

func TestInlineModeAwkwardSecret(t *testing.T) {
	need(t, "sh", "curl", "python3")
	cap := newCapture(t)
	tr, _ := client.NewTransport(client.Config{Timeout: 5 * time.Second})
	r := req{name: "user", method: "POST", path: "/echo/", user: true, body: "{}"}
	p := prepareWith(t, cap.srv.URL, r, `s3'"$x\ü😀`, "t`o$k")
	client.NewCaller(tr).Do(context.Background(), p, 5*time.Second)
	want := cap.take()
	c, _ := Generate(Curl, p, Inline, SDKCall{})
	run(t, "curl", []string{"sh", "-c", strings.TrimRight(c, "\n") + " -s -o /dev/null"}, nil)
	compare(t, "curl", want, cap.take(), p)
	py, _ := Generate(Python, p, Inline, SDKCall{})
	file := filepath.Join(t.TempDir(), "s.py")
	os.WriteFile(file, []byte(py), 0o600)
	run(t, "python", []string{"python3", file}, nil)
	compare(t, "python", want, cap.take(), p)
}

// In env mode every language puts the secret into the JSON header with a real JSON escaper at
// run time: a secret holding " \ $ and a space still makes a valid X-Bkapi-Authorization
// that carries exactly that secret.
func TestEnvModeEscapesAwkwardSecrets(t *testing.T) {
	need(t, "sh", "sed", "curl", "python3", "http", "go", "node")
	const secret = `a"b\c$HOME d`
	const token = `t"o\k`
	cap := newCapture(t)
	p := prepareWith(t, cap.srv.URL, req{name: "awkward", method: "POST", path: "/echo/", user: true, body: `{"x": 1}`}, "placeholder", "placeholder")
	env := []string{"BK_APP_SECRET=" + secret, "BK_TOKEN=" + token}
	dir := t.TempDir()
	check := func(lang string) {
		t.Helper()
		got := cap.take()
		var auth map[string]string
		if err := json.Unmarshal([]byte(got.Headers["X-Bkapi-Authorization"]), &auth); err != nil {
			t.Fatalf("%s: X-Bkapi-Authorization is not JSON: %v %q", lang, err, got.Headers["X-Bkapi-Authorization"])
		}
		if auth["bk_app_secret"] != secret || auth["bk_token"] != token || auth["bk_app_code"] != "my-app" {
			t.Fatalf("%s: sent %q", lang, auth)
		}
	}
	for _, l := range []Lang{Curl, HTTPie} {
		code, _ := Generate(l, p, Env, SDKCall{})
		run(t, string(l), []string{"sh", "-c", strings.TrimRight(code, "\n") + " >/dev/null"}, env)
		check(string(l))
	}
	py, _ := Generate(Python, p, Env, SDKCall{})
	os.WriteFile(filepath.Join(dir, "s.py"), []byte(py), 0o600)
	run(t, "python", []string{"python3", filepath.Join(dir, "s.py")}, env)
	check("python")
	js, _ := Generate(JS, p, Env, SDKCall{})
	os.WriteFile(filepath.Join(dir, "s.mjs"), []byte(js), 0o600)
	run(t, "node", []string{"node", filepath.Join(dir, "s.mjs")}, env)
	check("js")
	goRun(t, p, Env, env)
	check("go")
}

// The JavaScript snippet runs with node and sends what bkconsole sends.
func TestJSSnippetRuns(t *testing.T) {
	need(t, "node")
	cap := newCapture(t)
	for _, r := range requests {
		if r.method == "HEAD" {
			continue
		}
		p := prepare(t, cap.srv.URL, r)
		tr, _ := client.NewTransport(client.Config{Timeout: 5 * time.Second})
		client.NewCaller(tr).Do(context.Background(), p, 5*time.Second)
		want := cap.take()
		js, _ := Generate(JS, p, Inline, SDKCall{})
		file := filepath.Join(t.TempDir(), "s.mjs")
		os.WriteFile(file, []byte(js), 0o600)
		run(t, "node", []string{"node", file}, nil)
		compare(t, "js/"+r.name, want, cap.take(), p)
	}
}

// The SDK snippet calls the operation as the SDK's generated clients take it: path_params,
// params, headers, and data as a Python object (the SDK JSON-encodes it; bytes would not
// encode). It is valid Python.
func TestSDKSnippetShape(t *testing.T) {
	need(t, "python3")
	cfg := client.Config{APIURLTmpl: "http://127.0.0.1:1/api/{api_name}", AppCode: "my-app", AppSecret: testSecret}
	p, err := cfg.Prepare(client.CallRequest{Gateway: "demo-echo", Stage: "prod", Method: "POST", Path: "/items/{item_id}/",
		PathParams: map[string]string{"item_id": "7"}, Query: []client.KV{{Key: "a", Value: "1"}, {Key: "a", Value: "2"}},
		Headers: []client.KV{{Key: "X-Note", Value: "n"}}, Body: []byte(`{"id": 12345678901234567890}`)})
	if err != nil {
		t.Fatal(err)
	}
	code, err := Generate(SDK, p, Env, SDKCall{Endpoint: "http://127.0.0.1:1/api/demo-echo", Gateway: "demo-echo", Resource: "update_item",
		Stage: "prod", SDKName: "bkapi-demo-echo", PathParams: map[string]string{"item_id": "7"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`path_params={"item_id": "7"}`, `params=[("a", "1"), ("a", "2")]`, `headers={"X-Note": "n"}`,
		`data=json.loads("{\"id\": 12345678901234567890}")`, "import json", `os.environ["BK_APP_SECRET"]`} {
		if !strings.Contains(code, want) {
			t.Errorf("SDK snippet lacks %s:\n%s", want, code)
		}
	}
	if strings.Contains(code, `b"`) {
		t.Errorf("bytes for data:\n%s", code)
	}
	cmd := exec.Command("python3", "-c", "import ast, sys; ast.parse(sys.stdin.read())")
	cmd.Stdin = strings.NewReader(code)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("not valid Python: %v %s\n%s", err, out, code)
	}
	// A call with nothing to pass is one line.
	p, err = cfg.Prepare(client.CallRequest{Gateway: "demo-echo", Stage: "prod", Method: "GET", Path: "/echo/"})
	if err != nil {
		t.Fatal(err)
	}
	code, err = Generate(SDK, p, Masked, SDKCall{Endpoint: "http://127.0.0.1:1/api/demo-echo", Gateway: "demo-echo", Resource: "echo_get",
		Stage: "prod", SDKName: "bkapi-demo-echo"})
	if err != nil || !strings.Contains(code, "result = client.api.echo_get()\n") {
		t.Errorf("a call without arguments: %v\n%s", err, code)
	}
	// The SDK puts a path parameter into the URL as it is given (str.format, no escaping): the
	// value goes escaped as bkconsole sends it, or "a/b" would call /items/a/b/, another path.
	p, err = cfg.Prepare(client.CallRequest{Gateway: "demo-echo", Stage: "prod", Method: "GET", Path: "/items/{item_id}/",
		PathParams: map[string]string{"item_id": "a/b c?"}})
	if err != nil {
		t.Fatal(err)
	}
	call := SDKCall{Endpoint: "http://127.0.0.1:1/api/demo-echo", Gateway: "demo-echo", Resource: "echo_item", Stage: "prod",
		SDKName: "bkapi-demo-echo", Path: "/items/{item_id}/", PathParams: map[string]string{"item_id": "a/b c?"}}
	if code, err = Generate(SDK, p, Masked, call); err != nil || !strings.Contains(code, `path_params={"item_id": "a%2Fb%20c%3F"}`) ||
		!strings.Contains(p.URL, "/items/a%2Fb%20c%3F/") {
		t.Errorf("a path parameter with a slash: %v %s\n%s", err, p.URL, code)
	}
	// An API that matches every sub-path: the SDK's operation has no place for one.
	p, err = cfg.Prepare(client.CallRequest{Gateway: "demo-echo", Stage: "prod", Method: "GET", Path: "/files/*",
		PathParams: map[string]string{client.SubPathParam: "a/b"}})
	if err != nil {
		t.Fatal(err)
	}
	call = SDKCall{Endpoint: "http://127.0.0.1:1/api/demo-echo", Gateway: "demo-echo", Resource: "files", Stage: "prod",
		SDKName: "bkapi-demo-echo", Path: "/files/*", PathParams: map[string]string{client.SubPathParam: "a/b"}}
	if _, err := Generate(SDK, p, Masked, call); err != ErrSDKSubPath {
		t.Errorf("a sub-path through the SDK: %v", err)
	}
	call.PathParams = map[string]string{client.SubPathParam: ""}
	if code, err := Generate(SDK, p, Masked, call); err != nil || strings.Contains(code, "path_params") {
		t.Errorf("no sub-path: %v\n%s", err, code)
	}
}

// A call with the personal token sends Authorization: Bearer and no X-Bkapi-Authorization;
// every form's snippet, run for real with the token inline and from the environment, sends the
// same, and masked shows no token. The SDK form says why it cannot.
func TestBearerSnippetsSendWhatBkconsoleSends(t *testing.T) {
	need(t, "sh", "curl", "python3", "http", "go", "node")
	const token = "bkpt-7f3a.9c_e-01"
	cap := newCapture(t)
	cfg := client.Config{APIURLTmpl: cap.srv.URL + "/api/{api_name}", AppCode: "my-app", AppSecret: testSecret, PersonalToken: token, Timeout: 5 * time.Second}
	req := client.CallRequest{Gateway: "demo", Stage: "prod", Method: "POST", Path: "/echo/", Body: []byte(`{"a": 1}`),
		Headers: []client.KV{{Key: "Authorization", Value: "Basic typed"}}, Bearer: true}
	var ui *client.ErrUserInput
	if _, err := cfg.Prepare(req); !errors.As(err, &ui) || ui.Key != "input.bearer_header" {
		t.Fatalf("a typed Authorization beside the token is refused (it was dropped in silence): %v", err)
	}
	req.Headers = nil
	p, err := cfg.Prepare(req)
	if err != nil {
		t.Fatal(err)
	}
	tr, _ := client.NewTransport(client.Config{Timeout: 5 * time.Second})
	if _, err := client.NewCaller(tr).Do(context.Background(), p, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	want := cap.take()
	if want.Headers["Authorization"] != "Bearer "+token || want.Headers["X-Bkapi-Authorization"] != "" {
		t.Fatalf("bkconsole sent Authorization %q, X-Bkapi-Authorization %q", want.Headers["Authorization"], want.Headers["X-Bkapi-Authorization"])
	}
	env := []string{"BK_PERSONAL_TOKEN=" + token}
	dir := t.TempDir()
	check := func(what string) {
		t.Helper()
		got := cap.take()
		compare(t, what, want, got, p)
		if got.Headers["Authorization"] != want.Headers["Authorization"] {
			t.Errorf("%s: Authorization %q", what, got.Headers["Authorization"])
		}
	}
	for _, mode := range []Mode{Inline, Env} {
		for _, l := range []Lang{Curl, HTTPie} {
			code, _ := Generate(l, p, mode, SDKCall{})
			run(t, string(l), []string{"sh", "-c", strings.TrimRight(code, "\n") + " >/dev/null"}, env)
			check(string(l) + "/" + string(mode))
		}
		py, _ := Generate(Python, p, mode, SDKCall{})
		os.WriteFile(filepath.Join(dir, "s.py"), []byte(py), 0o600)
		run(t, "python", []string{"python3", filepath.Join(dir, "s.py")}, env)
		check("python/" + string(mode))
		js, _ := Generate(JS, p, mode, SDKCall{})
		os.WriteFile(filepath.Join(dir, "s.mjs"), []byte(js), 0o600)
		run(t, "node", []string{"node", filepath.Join(dir, "s.mjs")}, env)
		check("js/" + string(mode))
		goRun(t, p, mode, env)
		check("go/" + string(mode))
	}
	for _, l := range []Lang{Curl, HTTPie, Python, Go, JS} {
		s, _ := Generate(l, p, Masked, SDKCall{})
		if strings.Contains(s, token) || strings.Contains(s, testSecret) || !strings.Contains(s, "Bearer ****") {
			t.Errorf("%s masked:\n%s", l, s)
		}
	}
	if _, err := Generate(SDK, p, Masked, SDKCall{SDKName: "bkapi-demo", Gateway: "demo"}); err != ErrSDKBearer {
		t.Errorf("SDK with a personal token: %v", err)
	}
}

// goRun writes the Go snippet of p and runs it with the environment env.
func goRun(t *testing.T, p client.Prepared, mode Mode, env []string) {
	t.Helper()
	g, _ := Generate(Go, p, mode, SDKCall{})
	gdir := t.TempDir()
	os.WriteFile(filepath.Join(gdir, "main.go"), []byte(g), 0o600)
	cmd := exec.Command("go", "run", "main.go")
	cmd.Dir = gdir
	cmd.Env = append(os.Environ(), append(env, "GOFLAGS=", "GO111MODULE=off")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run: %v\n%s\n%s", err, out, g)
	}
}

// An AI resource's streamed answer: every form's snippet asks for it as bkconsole does and
// prints the events as they come, through [DONE] (run against the sandbox's AI gateway).
func TestStreamingSnippetsPrintTheEvents(t *testing.T) {
	need(t, "sh", "curl", "python3", "http", "go", "node")
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	defer srv.Close()
	cfg := client.Config{APIURLTmpl: sandbox.URLsFor(srv.URL).APIURLTmpl, AppCode: sandbox.DemoAppCode, AppSecret: sandbox.DemoAppSecret}
	p, err := cfg.Prepare(client.CallRequest{Gateway: "bkai-demo", Stage: "prod", Method: "POST", Path: "/v1/chat/completions", AI: true,
		Body: []byte(`{"messages": [{"role": "user", "content": "ping"}], "stream": true}`)})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	output := func(lang Lang) string {
		code, _ := Generate(lang, p, Inline, SDKCall{})
		var cmd *exec.Cmd
		switch lang {
		case Curl, HTTPie:
			cmd = exec.Command("sh", "-c", strings.TrimRight(code, "\n"))
		case Python:
			os.WriteFile(filepath.Join(dir, "s.py"), []byte(code), 0o600)
			cmd = exec.Command("python3", filepath.Join(dir, "s.py"))
		case JS:
			os.WriteFile(filepath.Join(dir, "s.mjs"), []byte(code), 0o600)
			cmd = exec.Command("node", filepath.Join(dir, "s.mjs"))
		case Go:
			gdir := t.TempDir()
			os.WriteFile(filepath.Join(gdir, "main.go"), []byte(code), 0o600)
			cmd = exec.Command("go", "run", "main.go")
			cmd.Dir = gdir
			cmd.Env = append(os.Environ(), "GOFLAGS=", "GO111MODULE=off")
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s\n%s", lang, err, out, code)
		}
		return string(out)
	}
	for _, l := range []Lang{Curl, HTTPie, Python, Go, JS} {
		out := output(l)
		for _, want := range []string{`"content":"Hello "`, `"content":"ping"`, "data: [DONE]"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s printed no %s:\n%s", l, want, out)
			}
		}
	}
}

// No shell snippet holds a control character but newline and tab, whatever the request: pasted
// into a terminal, a raw escape is the terminal's to act on (an end of bracketed paste, then
// the rest typed as commands).
func TestShellSnippetsHoldNoControlCharacters(t *testing.T) {
	for _, r := range requests {
		p := prepare(t, "http://127.0.0.1:9/x", r)
		for _, lang := range []Lang{Curl, HTTPie} {
			code, _ := Generate(lang, p, Inline, SDKCall{})
			if i := strings.IndexFunc(code, func(c rune) bool { return c != '\n' && c != '\t' && unicode.IsControl(c) }); i >= 0 {
				t.Errorf("%s %s: control character %q at %d:\n%q", r.name, lang, code[i], i, code)
			}
		}
	}
}

// A pipe bkconsole does not read is refused naming its start, not all of it: a pasted
// megabyte of printf format came back whole in the message.
func TestRefusedPipeIsNamedByItsStart(t *testing.T) {
	for _, cmd := range []string{"printf '" + strings.Repeat(`\001`, 100000) + "%s' x | curl --data-binary @- http://x/", "cat body.json | curl --data-binary @- http://x/"} {
		_, err := ParseCurl(cmd)
		var in *client.ErrUserInput
		if !errors.As(err, &in) || in.Key != "curl.pipe" || len(fmt.Sprint(in.Args...)) > 100 {
			t.Fatalf("%d bytes: %v", len(fmt.Sprint(err)), in)
		}
	}
}

// curl's options that take a value are read as curl reads them: -F's "file=@x" was taken as
// the URL ("://file=@/etc/hostname does not match BK_API_URL_TMPL"), and -u, -A, -e and -b
// were dropped without a word, so the imported request was not what curl sends.
func TestParseCurlOptionsAsCurlReadsThem(t *testing.T) {
	const u = "http://x/api/g/prod/echo/"
	for _, c := range []struct {
		cmd     string
		method  string
		body    string
		headers string // "K: V" joined by "|"
	}{
		{`curl -u ana:pw ` + u, "GET", "", "Authorization: Basic YW5hOnB3"},
		{`curl -A agent/1 -e http://ref/ -b 'a=1; b=2' ` + u, "GET", "", "User-Agent: agent/1|Referer: http://ref/|Cookie: a=1; b=2"},
		{`curl --data-urlencode 'q=a b&c' --data-urlencode '=x/y' --data-urlencode plain+text ` + u, "POST", "q=a%20b%26c&x%2Fy&plain%2Btext", "Content-Type: application/x-www-form-urlencoded"},
		{`curl -d '{"a": 1}' ` + u, "POST", `{"a": 1}`, ""}, // JSON, as the gateway docs pass it
		{`curl -sSLXPOST -HX-A:1 -sd'{"k":1}' ` + u, "POST", `{"k":1}`, "X-A: 1"},
		{`curl -o /dev/null -m 5 --cacert ca.pem --retry 2 -w '%{http_code}' ` + u, "GET", "", ""},
		{`curl -G -d a=1 --oauth2-bearer tok -r 0-9 ` + u, "GET", "", "Authorization: Bearer tok|Range: bytes=0-9"},
		{`curl -sI ` + u, "HEAD", "", ""},
	} {
		p, err := ParseCurl(c.cmd)
		if err != nil {
			t.Errorf("%s: %v", c.cmd, err)
			continue
		}
		var hs []string
		for _, h := range p.Headers {
			hs = append(hs, h.Key+": "+h.Value)
		}
		if p.Method != c.method || string(p.Body) != c.body || strings.Join(hs, "|") != c.headers || !strings.HasPrefix(p.URL, u) {
			t.Errorf("%s:\n got %s %s body %q headers %q\nwant %s body %q headers %q", c.cmd, p.Method, p.URL, p.Body, strings.Join(hs, "|"), c.method, c.body, c.headers)
		}
	}
	for cmd, key := range map[string]string{
		`curl -F 'file=@/etc/hostname' ` + u:        "curl.unsupported",
		`curl --form-string a=b ` + u:               "curl.unsupported",
		`curl -T up.bin ` + u:                       "curl.unsupported",
		`curl -K opts.txt ` + u:                     "curl.unsupported",
		`curl --digest -u a:b ` + u:                 "curl.unsupported",
		`curl -u ana ` + u:                          "curl.user_no_password",
		`curl -b cookies.txt ` + u:                  "curl.reads_file",
		`curl --data-urlencode name@file ` + u:      "curl.reads_file",
		`curl -H @headers.txt ` + u:                 "curl.reads_file",
		`curl --some-new-option value ` + u:         "curl.two_urls",
		`curl ` + u + ` http://y/api/g/prod/other/`: "curl.two_urls",
		`curl -d`: "curl.needs_value",
	} {
		_, err := ParseCurl(cmd)
		var in *client.ErrUserInput
		if !errors.As(err, &in) || in.Key != key {
			t.Errorf("%s: %v, want %s", cmd, err, key)
		}
	}
}

// A request's own headers that carry a credential (a browser's "Copy as cURL" brings Cookie:
// bk_token=…; an Authorization; a secret-named header) were written as they are in masked and
// env snippets, beside a masked X-Bkapi-Authorization: they are masked as --dry-run and -v mask
// them, and written as they are only when the secrets are asked for inline.
func TestMaskedSnippetsHideHeaderCredentials(t *testing.T) {
	secrets := []string{"bk_token=tok-in-cookie", "Basic dXNlcjpwdw==", "key-value-9"}
	p := prepare(t, "http://127.0.0.1:1", req{name: "pasted", method: "POST", path: "/echo/", body: `{}`, headers: []client.KV{
		{Key: "Cookie", Value: secrets[0] + "; lang=zh"}, {Key: "Authorization", Value: secrets[1]}, {Key: "X-Api-Key", Value: secrets[2]}, {Key: "Accept", Value: "application/json"}}})
	sdk := SDKCall{Endpoint: "http://127.0.0.1:1/api/demo", Gateway: "demo", Resource: "echo", Stage: "prod", SDKName: "bkapi-demo", Path: "/echo/"}
	for _, l := range Langs {
		for _, mode := range []Mode{Masked, Env, Inline} {
			s, err := Generate(l, p, mode, sdk)
			if err != nil {
				t.Fatal(err)
			}
			for _, secret := range secrets {
				if shown := strings.Contains(s, secret); shown != (mode == Inline) {
					t.Errorf("%s/%s: %q shown %v:\n%s", l, mode, secret, shown, s)
				}
			}
			if !strings.Contains(s, "application/json") || !strings.Contains(s, "Cookie") {
				t.Errorf("%s/%s lost the other headers:\n%s", l, mode, s)
			}
		}
	}
}
