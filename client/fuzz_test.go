package client

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// FuzzDecodeAnswer feeds any status, gateway header and body to the decoder of every envelope:
// it never panics, and a failure is always one of the typed errors.
func FuzzDecodeAnswer(f *testing.F) {
	f.Add(200, false, []byte(`{"data": [{"id": 1, "name": "g"}]}`))
	f.Add(200, false, []byte(`{"count": 1, "results": [{"id": 1}]}`))
	f.Add(403, true, []byte(`{"code":1640301,"code_name":"APP_NO_PERMISSION","message":"m","result":false,"data":null}`))
	f.Add(401, false, []byte(`{"error": {"code": "UNAUTHENTICATED", "message": "x", "data": {"login_url": "u"}}}`))
	f.Add(400, false, []byte(`{"code": "VALIDATION_ERROR", "detail": "d", "fields_detail": {"a": ["b"]}}`))
	f.Add(502, false, []byte(`<html>bad gateway</html>`))
	f.Add(200, false, []byte(`{"data": [{"id": 1, "na`))
	f.Add(200, false, []byte(`{"data": null}`))
	f.Fuzz(func(t *testing.T, status int, gw bool, body []byte) {
		if status < 100 || status > 999 {
			status = 200
		}
		h := http.Header{}
		if gw {
			h.Set("X-Bkapi-Error-Code", "1640001")
		}
		for _, env := range []envelope{envData, envPlain} {
			var gs []Gateway
			var rec RecordDetail
			for _, out := range []any{&gs, &rec, nil} {
				err := decodeAnswer(status, h, body, env, "http://x", out)
				if err == nil {
					continue
				}
				var ge *GatewayError
				var de *DashboardError
				var ve *DevCenterError
				var nj *NotJSONError
				var ua *UnexpectedAnswerError
				var rf *ResultFalseError
				if !errors.As(err, &ge) && !errors.As(err, &de) && !errors.As(err, &ve) && !errors.As(err, &nj) && !errors.As(err, &ua) && !errors.As(err, &rf) {
					t.Fatalf("untyped error %T: %v", err, err)
				}
				_ = HintOf(err)
				_ = err.Error()
			}
		}
	})
}

// FuzzFillPath: in any path template, every {param} filled with any value comes back as that
// value once the URL is parsed, and the template's literal parts stay as they were.
func FuzzFillPath(f *testing.F) {
	f.Add("/items/{id}/", "a b/c?d#e%f")
	f.Add("/{a}/{b}", "ü😀")
	f.Add("/x", "")
	f.Add("/users/{name:.*}/files/{id}", "../..")
	f.Add("/{a}x{b}/", "}{")
	f.Fuzz(func(t *testing.T, path, value string) {
		if !utf8Valid(path) || !utf8Valid(value) || strings.HasSuffix(path, "/*") {
			return // the sub-path form has its own test
		}
		if len(path) > 512 || len(value) > 512 {
			return // the filled path grows as their product: bound what each run builds
		}
		values := map[string]string{}
		for _, m := range pathParamRe().FindAllStringSubmatch(path, -1) {
			values[paramName(m[1])] = value
		}
		out, err := FillPath(path, values)
		if (value == "" || value == "." || value == "..") && len(values) > 0 {
			if err == nil {
				t.Fatal("an empty path parameter, or a dot segment, is refused")
			}
			return
		}
		if err != nil {
			t.Fatalf("FillPath(%q): %v", path, err)
		}
		// Literals exact; each {param} one segment that cannot end the path or start a query.
		seg := url.PathEscape(value)
		if strings.ContainsAny(seg, "/?#") {
			t.Fatalf("value %q escapes to %q, which spills out of its segment", value, seg)
		}
		if got, err := url.PathUnescape(seg); err != nil || got != value {
			t.Fatalf("value %q came back as %q (%v)", value, got, err)
		}
		var want strings.Builder
		last := 0
		for _, loc := range pathParamRe().FindAllStringIndex(path, -1) {
			want.WriteString(path[last:loc[0]] + seg)
			last = loc[1]
		}
		want.WriteString(path[last:])
		if out != want.String() {
			t.Fatalf("template %q filled with %q gave %q, want %q", path, value, out, want.String())
		}
		// Through a whole URL too: the segment survives parsing.
		u, err := CallURL("http://h/api/{api_name}", "g", "prod", "/items/{id}/", map[string]string{"id": value})
		if value == "" || isDotSegment(value) {
			if value != "" && err == nil {
				t.Fatalf("the dot segment %q is taken", value)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		pu, err := url.Parse(u)
		if err != nil {
			t.Fatalf("%q does not parse: %v", u, err)
		}
		seg = strings.TrimSuffix(strings.TrimPrefix(pu.EscapedPath(), "/api/g/prod/items/"), "/")
		if got, err := url.PathUnescape(seg); err != nil || got != value {
			t.Fatalf("value %q came back as %q (%v)", value, got, err)
		}
	})
}

// FuzzParseTime: any time string either parses or is refused; never a panic.
func FuzzParseTime(f *testing.F) {
	f.Add("2025-01-01 00:00:00 +0800")
	f.Add("2025-01-10 15:30:00+0800")
	f.Add("2025-01-01T00:00:00Z")
	f.Fuzz(func(t *testing.T, s string) {
		var tm Time
		_ = tm.UnmarshalJSON([]byte(`"` + s + `"`))
		_ = tm.UnmarshalJSON([]byte(s))
	})
}

// FuzzAuthHeader: the header bkconsole sends is valid JSON holding exactly the values.
func FuzzAuthHeader(f *testing.F) {
	f.Add("app", "s3cr3t'\"\\ü😀\x01", "tok")
	f.Fuzz(func(t *testing.T, app, secret, token string) {
		if !utf8Valid(app) || !utf8Valid(secret) || !utf8Valid(token) {
			return
		}
		a := AuthFields{AppCode: app, AppSecret: secret, Token: token}
		var m map[string]string
		if err := jsonUnmarshal(a.Header(), &m); err != nil {
			t.Fatalf("%q: %v", a.Header(), err)
		}
		if (app != "" && m["bk_app_code"] != app) || (secret != "" && m["bk_app_secret"] != secret) || (token != "" && m["bk_token"] != token) {
			t.Fatalf("%q decoded to %v", a.Header(), m)
		}
	})
}
