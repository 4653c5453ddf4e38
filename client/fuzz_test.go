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

// FuzzFillPath: any value fills a {param} so that the URL parses back to that value.
func FuzzFillPath(f *testing.F) {
	f.Add("/items/{id}/", "a b/c?d#e%f")
	f.Add("/{a}/{b}", "ü😀")
	f.Add("/x", "")
	f.Fuzz(func(t *testing.T, path, value string) {
		u, err := CallURL("http://h/api/{api_name}", "g", "prod", "/items/{id}/", map[string]string{"id": value})
		if value == "" {
			if err == nil {
				t.Fatal("an empty path parameter is refused")
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
		seg := strings.TrimSuffix(strings.TrimPrefix(pu.EscapedPath(), "/api/g/prod/items/"), "/")
		got, err := url.PathUnescape(seg)
		if err != nil || got != value {
			t.Fatalf("value %q came back as %q (%v)", value, got, err)
		}
		_, _ = FillPath(path, map[string]string{"a": value, "b": value, "id": value})
		_ = GatewayBaseURL(path, value)
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
