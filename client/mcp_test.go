package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/sandbox"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// The MCP life through D, I and O: list with the app's status, apply for two servers, pending,
// approved after the delay, then tools and a call through the proxy.
func TestMCPServersLifeOnEverySurface(t *testing.T) {
	for _, s := range []client.Surface{client.SurfaceDevCenter, client.SurfaceInner, client.SurfaceOpen} {
		t.Run(string(s), func(t *testing.T) {
			e := newEnv(t, sandbox.Options{DecideAfter: 5 * time.Second})
			cfg := e.cfg()
			switch s {
			case client.SurfaceInner:
				cfg.DeveloperCenterURL = ""
			case client.SurfaceOpen:
				// An app without the inner-API grant and without a login: O alone.
				cfg = e.appOnly(sandbox.VisitorAppCode, sandbox.VisitorAppSecret)
			}
			p := e.planner(t, cfg)
			echo := mcpApplyUntilApproved(t, e, p, s)
			mcpToolsAndCalls(t, p, s, echo)
		})
	}
}

// mcpApplyUntilApproved: listed with the app's status, refused before a permission, applied
// for (a second application refused as each surface refuses it), approved after the delay.
func mcpApplyUntilApproved(t *testing.T, e *env, p *client.Planner, s client.Surface) client.MCPServerPermission {
	list, via, err := p.MCPServers(ctx, "")
	if err != nil || via != s || len(list) < 2 {
		t.Fatalf("list via %s: %v %v %+v", via, err, len(list), list)
	}
	var ids []int
	for _, x := range list { // O too: from its grants and latest records, by upstream's rule
		if x.Permission.Status != client.MCPNeedApply || x.Permission.Action != "apply" {
			t.Errorf("%s: %+v", x.MCPServer.Name, x.Permission)
		}
		if x.MCPServer.URL == "" || x.MCPServer.ToolsCount == 0 {
			t.Errorf("brief form: %+v", x.MCPServer)
		}
		ids = append(ids, x.MCPServer.ID)
	}
	echo, _, err := p.FindMCPServer(ctx, "demo-echo-prod-echo")
	if err != nil {
		t.Fatal(err)
	}
	// Before the permission: the proxy refuses, and says why.
	if _, err := p.MCPConnect(ctx, echo.MCPServer); !isMCPStatus(err, 403) {
		t.Fatalf("without permission: %v", err)
	}
	res, via, err := p.MCPApply(ctx, client.MCPApplyRequest{ServerIDs: ids, AppliedBy: sandbox.DemoUsername, Reason: "agent"})
	if err != nil || via != s {
		t.Fatalf("apply via %s: %v", via, err)
	}
	if s == client.SurfaceDevCenter && res != nil || s != client.SurfaceDevCenter && len(res) != len(ids) {
		t.Errorf("apply results (D: none, 204): %+v", res)
	}
	recs, _, err := p.MCPRecords(ctx)
	if err != nil || len(recs) != len(ids) || recs[0].Record.ApplyStatus != client.MCPPending {
		t.Fatalf("records: %v %+v", err, recs)
	}
	if list, _, _ = p.MCPServers(ctx, "prod-echo"); len(list) != 1 || list[0].Permission.Status != client.MCPPending || list[0].Applicable() {
		t.Fatalf("pending after applying: %+v", list)
	}
	// A second application while one waits is refused (D: an HTML 500, I: 409, O: 400).
	_, _, err = p.MCPApply(ctx, client.MCPApplyRequest{ServerIDs: ids[:1], AppliedBy: sandbox.DemoUsername, Reason: "again"})
	switch {
	case err == nil:
		t.Fatal("a duplicate application was accepted")
	case s == client.SurfaceInner && client.StatusOf(err) != 409:
		t.Errorf("I refuses a duplicate with 409 CONFLICT: %v", err)
	case s == client.SurfaceOpen && client.StatusOf(err) != 400:
		t.Errorf("O refuses a duplicate with 400: %v", err)
	case s == client.SurfaceDevCenter && client.StatusOf(err) != 500:
		t.Errorf("D answers a refusal with an HTML 500: %v", err)
	}
	e.clock.Add(6 * time.Second)
	recs, _, _ = p.MCPRecords(ctx)
	if recs[0].Record.ApplyStatus != client.MCPApproved {
		t.Fatalf("decided: %+v", recs[0].Record)
	}
	list, _, _ = p.MCPServers(ctx, "prod-echo")
	if len(list) != 1 || list[0].Permission.Status != client.MCPOwned {
		t.Fatalf("owned after approval: %+v", list)
	}
	return echo
}

// mcpToolsAndCalls: the tools and calls through the proxy, its parameters reaching the resource.
func mcpToolsAndCalls(t *testing.T, p *client.Planner, s client.Surface, echo client.MCPServerPermission) {
	sess, err := p.MCPConnect(ctx, echo.MCPServer)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	tools, err := sess.Tools(ctx)
	if err != nil || len(tools) != echo.MCPServer.ToolsCount.Int() {
		t.Fatalf("tools: %v %d", err, len(tools))
	}
	// The proxy's shape: path_param, query_param (a value may be a list), header_param, body_param.
	out, err := sess.Call(ctx, "echo_post", json.RawMessage(`{"body_param": {"n": 12345678901234567890}, "query_param": {"k": "v"}}`))
	if err != nil || out.IsError {
		t.Fatalf("call: %v %+v", err, out)
	}
	text := out.Content[0].(*mcp.TextContent).Text
	if !strings.Contains(text, `"gateway":"demo-echo"`) || !strings.Contains(text, "12345678901234567890") || !strings.Contains(text, `"k":["v"]`) {
		t.Fatalf("the resource's answer: %s", text)
	}
	out, err = sess.Call(ctx, "echo_item", json.RawMessage(`{"path_param": {"item_id": "a b"}, "query_param": {"fields": ["id", "name"], "page": 2}, "header_param": {"X-Request-Source": "agent"}}`))
	if err != nil || out.IsError {
		t.Fatalf("call with a path parameter: %v %+v", err, out)
	}
	text = out.Content[0].(*mcp.TextContent).Text
	for _, want := range []string{`"path":"/api/demo-echo/prod/items/a%20b/"`, `"fields":["id","name"]`, `"page":["2"]`, `"X-Request-Source":"agent"`} {
		if !strings.Contains(text, want) {
			t.Fatalf("the resource's answer lacks %s: %s", want, text)
		}
	}
	if out, err = sess.Call(ctx, "echo_item", json.RawMessage(`{"query_param": {}}`)); err == nil && !out.IsError {
		t.Fatalf("a call without its required path_param was not refused: %+v", out)
	}
	// O's detail has the tools with their schemas.
	if s == client.SurfaceOpen {
		d, err := p.MCPDetail(ctx, echo.MCPServer.ID)
		if err != nil || len(d.Tools) != 3 || len(d.Tools[0].Schema) == 0 {
			t.Fatalf("detail: %v %+v", err, d.Tools)
		}
	}
}

// isMCPStatus: the proxy's refusal, its message read out of {"error": {code, message, system}}.
func isMCPStatus(err error, status int) bool {
	var me *client.MCPError
	return errors.As(err, &me) && me.Status == status && client.HintOf(err).Fix == client.FixApplyMCP &&
		me.Code == "Forbidden" && strings.HasPrefix(me.Message, "appCode[") && !strings.Contains(me.Message, "{")
}

// The sandbox's MCP endpoint works with the official SDK's own client, not only with bkconsole.
func TestSandboxMCPWithTheSDKsOwnClient(t *testing.T) {
	e := newEnv(t, sandbox.Options{DecideAfter: time.Second})
	p := e.planner(t, e.cfg())
	srv, _, err := p.FindMCPServer(ctx, "bk-user-prod-directory")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := p.MCPApply(ctx, client.MCPApplyRequest{ServerIDs: []int{srv.MCPServer.ID}, AppliedBy: sandbox.DemoUsername, Reason: "r"}); err != nil {
		t.Fatal(err)
	}
	e.clock.Add(2 * time.Second)
	if client.MCPNeedsUser(srv.MCPServer) != true {
		t.Fatalf("bk-user's directory needs a user: %s", srv.MCPServer.URL)
	}
	hc := &http.Client{Transport: headerRT{http.DefaultTransport, `{"bk_app_code":"` + sandbox.DemoAppCode + `","bk_app_secret":"` + sandbox.DemoAppSecret + `","bk_token":"` + sandbox.DemoBkToken + `"}`}}
	c := mcp.NewClient(&mcp.Implementation{Name: "sdk-test", Version: "1"}, nil)
	cs, err := c.Connect(context.Background(), &mcp.StreamableClientTransport{Endpoint: srv.MCPServer.URL, HTTPClient: hc}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	lt, err := cs.ListTools(context.Background(), nil)
	if err != nil || len(lt.Tools) != 3 {
		t.Fatalf("%v %+v", err, lt)
	}
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "list_users", Arguments: map[string]any{}})
	if err != nil || res.IsError {
		t.Fatalf("%v %+v", err, res)
	}
}

type headerRT struct {
	base http.RoundTripper
	auth string
}

func (h headerRT) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Bkapi-Authorization", h.auth)
	return h.base.RoundTrip(r)
}

// A listing that points an MCP server at another host gets no credentials: bkconsole refuses
// to connect, and the foreign host (127.0.0.2) sees nothing.
func TestMCPCredentialsOnlyToTheGateway(t *testing.T) {
	foreign := foreignHost(t)
	e := newEnv(t, sandbox.Options{})
	p := e.planner(t, e.cfg())
	srv := client.MCPServer{Name: "evil", ProtocolType: "streamable_http", URL: foreign.URL + "/api/bk-apigateway/prod/api/v2/mcp-servers/evil/mcp/"}
	if _, err := p.MCPConnect(ctx, srv); err == nil || !strings.Contains(err.Error(), "not at the gateway") {
		t.Fatalf("connected to another host: %v", err)
	}
	if n := foreign.count(); n != 0 {
		t.Fatalf("the foreign host got %d requests", n)
	}
	// The refusal is said in the reader's language, the addresses after it.
	_, err := p.MCPConnect(ctx, srv)
	if pr := client.Present(err, i18n.Chinese); pr.Message != "MCP 服务的地址不在网关上：不会向其发送凭证" || !strings.Contains(pr.Detail, foreign.URL) {
		t.Fatalf("presented: %+v", pr)
	}
}

// Through the open APIs a server's status comes from the app's grants and latest records;
// when the grants do not answer, it stays unknown (never guessed as "not applied") and may be
// applied for, and StatusUnknown tells the screens to say why.
func TestMCPStatusOnTheOpenAPIsUnknownWhenTheGrantsFail(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	inner := e.srv.Config.Handler
	e.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/open/mcp-servers/permissions/") {
			http.Error(w, "upstream down", http.StatusBadGateway)
			return
		}
		inner.ServeHTTP(w, r)
	})
	p := e.planner(t, e.appOnly(sandbox.VisitorAppCode, sandbox.VisitorAppSecret))
	list, via, err := p.MCPServers(ctx, "")
	if err != nil || via != client.SurfaceOpen || len(list) == 0 || !client.StatusUnknown(list) {
		t.Fatalf("via %s: %v %+v", via, err, list)
	}
	for _, x := range list {
		if x.Permission.Status != client.MCPUnknown || !x.Applicable() {
			t.Errorf("%s: %+v", x.MCPServer.Name, x.Permission)
		}
	}
}

// A server whose tools act as a user, called by an app with no login, says each way to say who
// the user is: a login, or the server's own OAuth login or a personal token where it takes
// them (a login alone was named, hiding the two the server offered).
func TestMCPUserServerNamesEachWay(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	p := e.planner(t, e.appOnly(sandbox.VisitorAppCode, sandbox.VisitorAppSecret))
	for name, want := range map[string][][]string{
		"bk-user-prod-login":  {{client.NeedToken}, {client.NeedMCPLogin}},
		"bk-user-prod-tokens": {{client.NeedToken}, {client.NeedPersonalToken}},
	} {
		s, _, err := p.FindMCPServer(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.MCPConnect(ctx, s.MCPServer)
		var un *client.ErrUnavailable
		if !errors.As(err, &un) || un.Feature != client.FeatureMCPUser || !reflect.DeepEqual(un.Unlock(), want) {
			t.Errorf("%s: %v (ways %v), want %v", name, err, un, want)
		}
	}
}
