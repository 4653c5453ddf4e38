package client_test

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
)

func TestTimeFormats(t *testing.T) {
	for _, s := range []string{`"2025-01-01 00:00:00 +0800"`, `"2025-01-10 15:30:00+0800"`, `"2025-01-01T00:00:00+08:00"`, `"2025-01-01T00:00:00Z"`} {
		var tm client.Time
		if err := json.Unmarshal([]byte(s), &tm); err != nil || tm.IsZero() {
			t.Errorf("%s: %v", s, err)
		}
	}
	var tm client.Time
	if err := json.Unmarshal([]byte(`null`), &tm); err != nil || !tm.IsZero() {
		t.Errorf("null: %v", err)
	}
	b, _ := json.Marshal(client.Time{Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.FixedZone("", 8*3600))})
	if string(b) != `"2025-01-01 00:00:00 +0800"` {
		t.Errorf("encode: %s", b)
	}
}

func TestDecodeNullExpiryAndUnknownFields(t *testing.T) {
	var ps []client.ResourcePermission
	body := `[{"id": 1, "name": "a", "expires_in": null, "new_field": {"x": 1}, "permission_status": "owned"},
	          {"id": 2, "name": "b", "expires_in": 3600, "permission_status": "owned"}]`
	if err := json.Unmarshal([]byte(body), &ps); err != nil {
		t.Fatal(err)
	}
	if ps[0].ExpiresIn != nil || ps[1].ExpiresIn == nil || *ps[1].ExpiresIn != 3600 {
		t.Errorf("expiries: %+v", ps)
	}
}

// serve answers every request with one fixed status, headers and body.
func serve(t *testing.T, status int, hdr map[string]string, body string) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range hdr {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestEveryErrorKind(t *testing.T) {
	cases := []struct {
		name   string
		status int
		hdr    map[string]string
		body   string
		check  func(error) bool
	}{
		{"gateway envelope", 403, map[string]string{"X-Bkapi-Error-Code": "1640301", "X-Bkapi-Request-ID": "r1"},
			`{"code":1640301,"code_name":"APP_NO_PERMISSION","message":"App has no permission to the resource","result":false,"data":null}`,
			func(err error) bool {
				var g *client.GatewayError
				return errors.As(err, &g) && g.RequestID == "r1" && g.Hint().Fix == client.FixApply
			}},
		{"gateway error rewritten to 200", 200, map[string]string{"X-Bkapi-Error-Code": "1640001"},
			`{"code":1640001,"code_name":"INVALID_ARGS","message":"Parameters error [reason=\"user authentication failed, please provide a valid user identity\"]","result":false,"data":null}`,
			func(err error) bool {
				var g *client.GatewayError
				return errors.As(err, &g) && g.Reason != "" && g.Hint().Fix == client.FixToken
			}},
		{"dashboard error", 404, nil, `{"error": {"code": "NOT_FOUND", "message": "gone", "data": null}}`,
			func(err error) bool {
				var d *client.DashboardError
				return errors.As(err, &d) && d.Code == "NOT_FOUND" && d.Status == 404
			}},
		{"html page", 502, map[string]string{"X-Bkapi-Request-ID": "r2"}, `<html><body>502 Bad Gateway</body></html>`,
			func(err error) bool {
				var n *client.NotJSONError
				return errors.As(err, &n) && n.Status == 502 && strings.HasPrefix(n.Head, "<html>") && n.RequestID == "r2"
			}},
		{"truncated success", 200, nil, `{"data": [{"id": 1, "na`,
			func(err error) bool {
				var n *client.NotJSONError
				return errors.As(err, &n) && n.Status == 200
			}},
		{"empty 500", 500, nil, ``,
			func(err error) bool {
				var n *client.NotJSONError
				return errors.As(err, &n) && n.Status == 500
			}},
		{"json but not an envelope", 500, nil, `["boom"]`,
			func(err error) bool {
				var d *client.DashboardError
				return errors.As(err, &d) && d.Status == 500
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u := serve(t, c.status, c.hdr, c.body)
			o := client.NewOpen(mustTransport(t, client.Config{APIURLTmpl: u + "/{api_name}", AppCode: "a", AppSecret: "b", Retries: -1}))
			_, err := o.Gateways(ctx, "")
			if err == nil || !c.check(err) {
				t.Fatalf("got %T %v", err, err)
			}
			if client.HintOf(err).Meaning == "" {
				t.Errorf("no hint for %T", err)
			}
		})
	}
}

// TestDevCenterErrorEnvelope: the Developer Center's own error shape keeps its field details.
func TestDevCenterErrorEnvelope(t *testing.T) {
	u := serve(t, 400, nil, `{"code": "VALIDATION_ERROR", "detail": "reason: required", "fields_detail": {"reason": ["required"]}}`)
	d := client.NewDevCenter(mustTransport(t, client.Config{DeveloperCenterURL: u, AppCode: "a", BkToken: "t", Retries: -1}))
	_, err := d.Gateways(ctx, "")
	var de *client.DevCenterError
	if !errors.As(err, &de) || de.Code != "VALIDATION_ERROR" || len(de.FieldsDetail["reason"]) != 1 {
		t.Fatalf("dev center error: %v", err)
	}
}

// TestTransportErrorKinds: a closed port and a timeout are told apart, each with its hint.
func TestTransportErrorKinds(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	o := client.NewOpen(mustTransport(t, client.Config{APIURLTmpl: "http://" + addr + "/{api_name}", AppCode: "a", AppSecret: "b", Retries: -1}))
	_, err := o.Gateways(ctx, "")
	var te *client.TransportError
	if !errors.As(err, &te) || client.HintOf(err).Meaning != "net.unreachable" {
		t.Fatalf("refused: %v", err)
	}
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	o = client.NewOpen(mustTransport(t, client.Config{APIURLTmpl: slow.URL + "/{api_name}", AppCode: "a", AppSecret: "b", Retries: -1, Timeout: 100 * time.Millisecond}))
	_, err = o.Gateways(ctx, "")
	if !errors.As(err, &te) || client.HintOf(err).Meaning != "net.timeout" {
		t.Fatalf("timeout: %v", err)
	}
}

func TestRequestHeaders(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		w.Write([]byte(`{"data": []}`))
	}))
	defer srv.Close()
	o := client.NewOpen(mustTransport(t, client.Config{APIURLTmpl: srv.URL + "/{api_name}", AppCode: "a", AppSecret: "b", TenantID: "t1", Lang: "en"}))
	if _, err := o.Gateways(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if got.Get("X-Bk-Tenant-Id") != "t1" || got.Get("Accept-Language") != "en" || !strings.HasPrefix(got.Get("User-Agent"), "bkconsole/") {
		t.Errorf("headers: %v", got)
	}
	var auth map[string]string
	if err := json.Unmarshal([]byte(got.Get("X-Bkapi-Authorization")), &auth); err != nil || auth["bk_app_code"] != "a" || auth["bk_app_secret"] != "b" {
		t.Errorf("auth header: %q", got.Get("X-Bkapi-Authorization"))
	}
}

func TestURLTemplates(t *testing.T) {
	cases := []struct{ tmpl, gw, stage, path, want string }{
		{"http://bkapi.example.com/api/{api_name}", "bk-user", "prod", "/users/", "http://bkapi.example.com/api/bk-user/prod/users/"},
		{"http://bkapi.example.com/api/{api_name}/", "g", "test", "/x/{id}/", "http://bkapi.example.com/api/g/test/x/a%2Fb%20c/"},
		{"http://{api_name}.apigw.example.com", "bkapi", "prod", "/users/", "http://bkapi.apigw.example.com/prod/users/"},
		{"http://h/{gateway_name}", "g", "prod", "/p", "http://h/g/prod/p"},
	}
	for _, c := range cases {
		got, err := client.CallURL(c.tmpl, c.gw, c.stage, c.path, map[string]string{"id": "a/b c"})
		if err != nil || got != c.want {
			t.Errorf("%s: %s %v, want %s", c.tmpl, got, err, c.want)
		}
	}
	if _, err := client.CallURL("http://h/{api_name}", "g", "1bad", "/", nil); err == nil {
		t.Error("a bad stage is refused")
	}
	// A dot segment, in a parameter, a sub-path or a path typed as such, is refused: the
	// gateway (and curl, which a snippet runs) resolves it away and calls another path, while Go
	// sends it as written. "/items/../" went out as such.
	for _, c := range []struct {
		path   string
		params map[string]string
		key    string
	}{
		{"/items/{id}/", map[string]string{"id": ".."}, "input.dot_segment"},
		{"/items/{id}/", map[string]string{"id": "."}, "input.dot_segment"},
		{"/files/*", map[string]string{client.SubPathParam: "a/../../admin"}, "input.dot_segment"},
		{"/files/a/../../admin", nil, "input.dot_segment_path"},
		{"/./x", nil, "input.dot_segment_path"},
	} {
		var in *client.ErrUserInput
		if u, err := client.CallURL("http://h/{api_name}", "g", "prod", c.path, c.params); !errors.As(err, &in) || in.Key != c.key {
			t.Errorf("%s %v: %s %v", c.path, c.params, u, err)
		}
	}
	for _, ok := range []map[string]string{{"id": "..."}, {"id": ".a"}, {"id": "a.."}} {
		if _, err := client.CallURL("http://h/{api_name}", "g", "prod", "/items/{id}/", ok); err != nil {
			t.Errorf("%v: %v", ok, err)
		}
	}
	// A gateway's name comes from a listing: one that would change the URL's host under a
	// subdomain template (and send the credentials there) is refused.
	for _, gw := range []string{"127.0.0.2/x#", "evil.example:80/", "a@evil.example", "a b", "", "x?y=", `a\b`} {
		if u, err := client.CallURL("http://{api_name}.apigw.example.com", gw, "prod", "/p", nil); err == nil {
			t.Errorf("%q: %s", gw, u)
		}
	}
}

func TestLogEntryAcceptsNumbersStringsAndNulls(t *testing.T) {
	var es []client.LogEntry
	body := `[{"request_id": "r", "status": 200, "request_duration": "12.5", "backend_duration": null, "timestamp": 1735689600, "resource_id": "7", "extra": {"x": 1}}]`
	if err := json.Unmarshal([]byte(body), &es); err != nil {
		t.Fatal(err)
	}
	if es[0].Status != "200" || es[0].RequestDuration != "12.5" || es[0].BackendDuration != "" || es[0].Timestamp != "1735689600" || es[0].ResourceID != "7" {
		t.Fatalf("%+v", es[0])
	}
}

// expires_in comes as an integer, a float (upstream's total_seconds()) or a numeric string, for
// gateway APIs and components alike; anything else is an answer not read, never a guess.
func TestExpiresInAsFloatOrString(t *testing.T) {
	body := `[{"id": 1, "expires_in": 15551999.7, "name": "a"}, {"id": 2, "expires_in": "86400"}, {"id": 3, "expires_in": null}, {"id": 4, "expires_in": 5}]`
	var ps []client.ResourcePermission
	if err := json.Unmarshal([]byte(body), &ps); err != nil {
		t.Fatal(err)
	}
	if *ps[0].ExpiresIn != 15551999 || ps[0].Name != "a" || *ps[1].ExpiresIn != 86400 || ps[2].ExpiresIn != nil || *ps[3].ExpiresIn != 5 {
		t.Fatalf("%+v", ps)
	}
	var cs []client.Component
	if err := json.Unmarshal([]byte(body), &cs); err != nil {
		t.Fatal(err)
	}
	if *cs[0].ExpiresIn != 15551999 || cs[0].Name != "a" || *cs[1].ExpiresIn != 86400 || cs[2].ExpiresIn != nil || *cs[3].ExpiresIn != 5 {
		t.Fatalf("%+v", cs)
	}
	for _, bad := range []string{`[{"expires_in": "soon"}]`, `[{"expires_in": true}]`, `[{"expires_in": [1]}]`} {
		if err := json.Unmarshal([]byte(bad), &cs); err == nil {
			t.Errorf("%s read as %+v", bad, cs)
		}
	}
}

// What can be done about a permission reads the same for every kind and face: the server's
// suggested action, both apply and renew for an expired one, and renew for an owned one that
// expires in more than 360 days, for which the server suggests nothing (the spec: the action is
// a hint, the real page offers renew on every owned row that expires); a permanent one has none.
func TestGrantActionText(t *testing.T) {
	for _, c := range []struct {
		g      client.Grant
		en, zh string
	}{
		{client.Grant{PermissionStatus: client.StatusExpired, PermissionAction: client.ActionApply}, "apply/renew", "申请/续期"},
		{client.Grant{PermissionStatus: client.StatusOwned, PermissionAction: client.ActionRenew}, "renew", "续期"},
		{client.Grant{PermissionStatus: client.StatusNeedApply, PermissionAction: client.ActionApply}, "apply", "申请"},
		{client.Grant{PermissionStatus: client.StatusUnlimited}, "", ""},
		{client.Grant{PermissionStatus: client.StatusOwned, ExpiresIn: client.In(400 * 86400)}, "renew", "续期"},
		{client.Grant{PermissionStatus: client.StatusOwned}, "", ""},
	} {
		if en, zh := c.g.ActionText(i18n.English), c.g.ActionText(i18n.Chinese); en != c.en || zh != c.zh {
			t.Errorf("%+v: %q %q", c.g, en, zh)
		}
	}
}
