package snippet

import (
	"context"
	"flag"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bkconsole/bkconsole/client"
)

// FuzzCurlQuoting: whatever the body, header and query, the curl snippet read back by a shell
// parser is the request bkconsole sends (the exec test runs a table through real curl).
func FuzzCurlQuoting(f *testing.F) {
	f.Add(`{"it's": "$HOME"}`, `he said "hi"`, "a b&c=d")
	f.Add("line1\nline2\\\n", "`id` $(id)", "")
	f.Add("@file", "", "ü😀")
	f.Fuzz(func(t *testing.T, body, header, query string) {
		if strings.ContainsRune(header+query, 0) || !utf8.ValidString(header) || !utf8.ValidString(query) {
			return // NUL cannot be a shell argument; invalid UTF-8 is not text a user types (a body that is not text is piped in by printf)
		}
		if strings.ContainsAny(header, "\r\n") {
			return // not a valid header value
		}
		cfg := client.Config{APIURLTmpl: "http://127.0.0.1:1/api/{api_name}", AppCode: "app", AppSecret: "s-1"}
		p, err := cfg.Prepare(client.CallRequest{Gateway: "g", Stage: "prod", Method: "POST", Path: "/x/",
			Query: []client.KV{{Key: "q", Value: query}}, Headers: []client.KV{{Key: "X-H", Value: header}}, Body: []byte(body)})
		if err != nil {
			t.Fatal(err)
		}
		code, _ := Generate(Curl, p, Inline, SDKCall{})
		got, err := ParseCurl(code)
		if err != nil {
			t.Fatalf("%v\n%s", err, code)
		}
		if string(got.Body) != body || got.URL != p.FullURL() || got.Method != "POST" {
			t.Fatalf("body %q url %q, want %q %q", got.Body, got.URL, body, p.FullURL())
		}
		found := false
		for _, h := range got.Headers {
			if h.Key == "X-H" {
				found = h.Value == strings.TrimLeft(header, " ")
			}
		}
		if !found {
			t.Fatalf("header %q lost: %+v", header, got.Headers)
		}
		_ = pyStr(body)
		_ = pyBytes([]byte(body))
	})
}

// FuzzSnippetsExec runs the generated curl (sh -c), Python (python3) and HTTPie (http) for
// fuzzed bodies, headers and queries, and compares what arrived with what bkconsole sends.
func FuzzSnippetsExec(f *testing.F) {
	need(f, "sh", "curl", "python3", "http")
	f.Add(`{"it's": "$HOME \\ `+"`x`"+`"}`, `say "hi" $PATH`, "a b&c=d/é")
	f.Add("multi\nline\tbody 😀", "", "")
	cap := newCapture(f) // closed when the fuzz target ends
	tr, _ := client.NewTransport(client.Config{Timeout: 5 * time.Second})
	caller := client.NewCaller(tr)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, body, header, query string) {
		if strings.ContainsRune(body+header+query, 0) || !utf8.ValidString(body) || !utf8.ValidString(header) || !utf8.ValidString(query) ||
			strings.ContainsAny(header, "\r\n") || strings.TrimSpace(header) != header {
			return // not what an HTTP header or a shell argument can hold
		}
		cfg := client.Config{APIURLTmpl: cap.srv.URL + "/api/{api_name}", AppCode: "app", AppSecret: "s-1"}
		p, err := cfg.Prepare(client.CallRequest{Gateway: "g", Stage: "prod", Method: "POST", Path: "/x/",
			Query: []client.KV{{Key: "q", Value: query}}, Headers: []client.KV{{Key: "Content-Type", Value: "text/plain"}, {Key: "X-H", Value: header}}, Body: []byte(body)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := caller.Do(context.Background(), p, 5*time.Second); err != nil {
			t.Skip("Go's client refuses this request:", err)
		}
		want := cap.take()
		// While fuzzing, one program an input (picked by the input), each run bounded: three
		// interpreters an input could outlast the fuzz engine's patience on a loaded machine
		// and read as a hang. The plain test run executes all three on every seed.
		pick := -1
		if fuzzing() {
			pick = int(crc32.ChecksumIEEE([]byte(body+header+query)) % 3)
		}
		if pick < 0 || pick == 0 {
			c, _ := Generate(Curl, p, Inline, SDKCall{})
			runBounded(t, "curl", []string{"sh", "-c", strings.TrimRight(c, "\n") + " -s -o /dev/null"})
			compare(t, "curl", want, cap.take(), p)
		}
		if pick < 0 || pick == 1 {
			py, _ := Generate(Python, p, Inline, SDKCall{})
			file := filepath.Join(dir, "f.py")
			os.WriteFile(file, []byte(py), 0o600)
			runBounded(t, "python", []string{"python3", file})
			compare(t, "python", want, cap.take(), p)
		}
		if pick < 0 || pick == 2 {
			hp, _ := Generate(HTTPie, p, Inline, SDKCall{})
			runBounded(t, "httpie", []string{"sh", "-c", strings.TrimRight(hp, "\n") + " >/dev/null"})
			compare(t, "httpie", want, cap.take(), p)
		}
	})
}

// fuzzing tells a -fuzz run from the plain run of the seed corpus.
func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}

// runBounded runs a snippet with a deadline: a program that has not finished by then on a
// loaded machine proves nothing about the snippet, so the input is skipped, never hung on.
func runBounded(t *testing.T, name string, args []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	out, err := cmd.CombinedOutput()
	switch {
	case ctx.Err() != nil:
		t.Skipf("%s did not finish within 8s on this machine", name)
	case err != nil:
		t.Fatalf("%s failed: %v\n%s", name, err, out)
	}
}
