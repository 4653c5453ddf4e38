package snippet

import (
	"strings"
	"testing"
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
		if strings.ContainsRune(body+header+query, 0) || !utf8.ValidString(body) || !utf8.ValidString(header) || !utf8.ValidString(query) {
			return // NUL cannot be a shell argument; invalid UTF-8 is not text a user types
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
