package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The MCP flow from the binary: list → apply for two servers → pending → approved without a
// keypress → tools → a call answering with the resource's answer → configs that parse and hold
// the right URL and header. Through D (login), and with app credentials only, through O.
func TestMCPFlowFromTheCLI(t *testing.T) {
	s := newHome(t).serve("--decide-after", "1s")
	if s.ComponentAPIURL == "" || s.AnswerAs != "release" {
		t.Fatalf("sandbox serve --json names component_api_url and answers as a release: %+v", s)
	}
	for _, c := range []struct {
		surface string
		env     []string
	}{
		// App credentials and a bk_token, no username: the Developer Center says who applies.
		{"Developer Center", s.as(0, "login", "hc", "dc")},
		{"open APIs", s.as(1, "BK_USERNAME=demo-user")}, // the visitor: app credentials only
	} {
		t.Run(c.surface, func(t *testing.T) {
			h := newHome(t, c.env...)
			list := mcpApplyAndCall(t, h, c.surface)
			mcpConfigsPointAtTheServer(t, h, list)
			mcpConfigWrittenIntoAFile(t, h, s)
		})
	}
}

// mcpListed is what mcp list --json says of a server.
type mcpListed []struct {
	MCPServer struct {
		ID   int    `json:"id"`
		Name string `json:"name"`
		URL  string `json:"url"`
	} `json:"mcp_server"`
	Permission struct {
		Status string `json:"status"`
	} `json:"permission"`
}

// mcpApplyAndCall: listed, refused before a permission, applied for, approved, its tools listed
// and called (the proxy's path, query and header parameters reaching the resource), kept in the
// history.
func mcpApplyAndCall(t *testing.T, h *home, surface string) mcpListed {
	var list mcpListed
	r := h.run("", "mcp", "list", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &list); r.code != 0 || err != nil || len(list) < 2 || !strings.Contains(r.stderr, surface) {
		t.Fatalf("list: %d %v %s %s", r.code, err, r.stdout, r.stderr)
	}
	// Before a permission the proxy refuses: exit 1, the reason and the command that fixes it.
	r = h.run("", "mcp", "tools", "demo-echo-prod-echo")
	if r.code != 1 || !strings.Contains(r.stderr, "no permission") || !strings.Contains(r.stderr, "bkconsole mcp apply demo-echo-prod-echo") {
		t.Fatalf("tools without permission: %d %s", r.code, r.stderr)
	}
	if out := h.ok("mcp", "apply", "demo-echo-prod-echo", "bk-user-prod-directory", "--reason", "agent"); !strings.Contains(out, "applied for 2 MCP servers") {
		t.Errorf("mcp apply: %q", out) // it said "2 MCP server(s)"
	} else if surface == "Developer Center" && !strings.Contains(out, "applied for 2 MCP servers: records 1, 2\n") { // its answer names none: its records do
		t.Errorf("mcp apply through the Developer Center names no record: %q", out)
	} else if surface == "open APIs" {
		// The open APIs name each ticket by the server's id: it said "server 1: approval at".
		for _, name := range []string{"demo-echo-prod-echo", "bk-user-prod-directory"} {
			if !strings.Contains(out, "server "+name+": approval at http") {
				t.Errorf("mcp apply does not name %s's ticket: %q", name, out)
			}
		}
	}
	if recs := h.ok("mcp", "records"); strings.Count(recs, "pending") != 2 || strings.Count(recs, "demo-user") != 2 {
		t.Fatalf("pending, applied by demo-user: %s", recs)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(h.ok("mcp", "records"), "approved") {
		if time.Now().After(deadline) {
			t.Fatal("never approved")
		}
		time.Sleep(200 * time.Millisecond)
	}
	toolsListed(t, h)
	out := h.ok("mcp", "call", "demo-echo-prod-echo", "echo_post", "--args", `{"body_param": {"id": 12345678901234567890}}`)
	if !strings.Contains(out, `"resource":"echo_post"`) || !strings.Contains(out, "12345678901234567890") {
		t.Fatalf("call: %s", out)
	}
	// The proxy's shape: a path parameter, a query list and a header reach the resource. The
	// object may follow the tool, as a shell user writes it, in place of --args.
	out = h.ok("mcp", "call", "demo-echo-prod-echo", "echo_item",
		`{"path_param": {"item_id": "42"}, "query_param": {"fields": ["id", "name"]}, "header_param": {"X-Request-Source": "cli"}}`)
	for _, want := range []string{`/items/42/`, `"fields":["id","name"]`, `"X-Request-Source":"cli"`} {
		if !strings.Contains(out, want) {
			t.Fatalf("call with path_param, query_param, header_param lacks %s: %s", want, out)
		}
	}
	if r := h.run("", "mcp", "call", "demo-echo-prod-echo", "echo_post", "{}", "--args", "{}"); r.code != 2 || !strings.Contains(r.stderr, "not both") {
		t.Errorf("arguments given twice: exit %d %s", r.code, r.stderr)
	}
	if r := h.run("", "mcp", "call", "demo-echo-prod-echo", "echo_post", "--args", `[1]`); r.code != 2 {
		t.Errorf("arguments that are not an object: exit %d", r.code)
	}
	// Both tool calls are in the history the console's H shows (the refused one was never sent).
	if b, _ := os.ReadFile(filepath.Join(h.dir, "state", "bkconsole", "history.json")); strings.Count(string(b), `"mcp_tool": true`) != 2 ||
		!strings.Contains(string(b), `"resource": "echo_item"`) {
		t.Errorf("history: %s", b)
	}
	// A tool the server does not have is a name not found (exit 2), with its list and those most
	// like it; over SSE (the refusal on the stream) as over streamable HTTP (an HTTP 400). It had
	// said "try again later", "re-enter the app secret", then "the MCP server refused the
	// request" (exit 1). The directory's tools need a user: only with the login.
	typos := map[string]string{"demo-echo-prod-echo": "echo_gett"}
	if surface == "Developer Center" {
		typos["bk-user-prod-directory"] = "list_user"
	}
	for server, typo := range typos {
		r := h.run("", "mcp", "call", server, typo)
		if r.code != 2 || !strings.Contains(r.stderr, "MCP server "+server+" has no tool") || !strings.Contains(r.stderr, "bkconsole mcp tools "+server) || !strings.Contains(r.stderr, "did you mean") ||
			strings.Contains(r.stderr, "secret") || strings.Contains(r.stderr, "try again later") {
			t.Errorf("%s %s: exit %d\n%s", server, typo, r.code, r.stderr)
		}
	}
	return list
}

// mcpConfigsPointAtTheServer: every client's configuration is JSON naming the server's URL and
// the masked credentials.
func mcpConfigsPointAtTheServer(t *testing.T, h *home, list mcpListed) {
	for _, cl := range []string{"cursor", "claude", "vscode", "codebuddy"} {
		conf := h.ok("mcp", "config", "demo-echo-prod-echo", "--client", cl)
		var doc map[string]map[string]struct {
			Type    string            `json:"type"`
			URL     string            `json:"url"`
			Headers map[string]string `json:"headers"`
		}
		if err := json.Unmarshal([]byte(conf), &doc); err != nil {
			t.Fatalf("%s config is not JSON: %v\n%s", cl, err, conf)
		}
		top := "mcpServers"
		if cl == "vscode" {
			top = "servers"
		}
		e := doc[top]["demo-echo-prod-echo"]
		if e.URL != list[0].MCPServer.URL && e.URL != list[1].MCPServer.URL || !strings.Contains(e.URL, "/mcp-servers/demo-echo-prod-echo/application/sse/") {
			t.Errorf("%s url: %q", cl, e.URL)
		}
		var auth map[string]string
		if err := json.Unmarshal([]byte(e.Headers["X-Bkapi-Authorization"]), &auth); err != nil || auth["bk_app_secret"] != "****" {
			t.Errorf("%s header: %v %q", cl, err, e.Headers)
		}
		if cl == "claude" && e.Type != "sse" {
			t.Errorf("claude type: %q", e.Type)
		}
	}
}

// mcpConfigWrittenIntoAFile: other servers kept, a backup made, secrets only as environment
// references.
func mcpConfigWrittenIntoAFile(t *testing.T, h *home, s served) {
	visitor := s.Apps[1]
	// Written into an existing config: other servers kept, a backup made, real values on request.
	file := filepath.Join(h.dir, "mcp.json")
	os.WriteFile(file, []byte(`{"mcpServers": {"other": {"url": "http://127.0.0.1:1/x"}}, "theme": "dark"}`), 0o600)
	h.ok("mcp", "config", "bk-user-prod-directory", "--client", "cursor", "--secrets", "env", "--write", file)
	b, _ := os.ReadFile(file)
	var merged struct {
		Servers map[string]struct {
			URL     string            `json:"url"`
			Headers map[string]string `json:"headers"`
		} `json:"mcpServers"`
		Theme string `json:"theme"`
	}
	if err := json.Unmarshal(b, &merged); err != nil || merged.Theme != "dark" || merged.Servers["other"].URL == "" ||
		!strings.Contains(merged.Servers["bk-user-prod-directory"].Headers["X-Bkapi-Authorization"], "${env:BK_APP_SECRET}") {
		t.Fatalf("merged: %v %s", err, b)
	}
	backups, _ := filepath.Glob(file + ".bak-*")
	if len(backups) != 1 {
		t.Errorf("backups: %v", backups)
	}
	for _, secret := range []string{s.Apps[0].Secret, visitor.Secret, s.BkToken} {
		if strings.Contains(string(b), secret) {
			t.Fatal("env mode wrote a secret")
		}
	}
}

// toolsListed: each tool says what it does in the reader's language, as `mcp show` and the
// console do (the server's English stood under Chinese headings); --json keeps the server's words.
func toolsListed(t *testing.T, h *home) {
	t.Helper()
	tools := h.ok("mcp", "tools", "demo-echo-prod-echo")
	for _, want := range []string{"echo_get", "echo_post", "echo_item"} {
		if !strings.Contains(tools, want) {
			t.Errorf("tools: %s", tools)
		}
	}
	if zh := h.ok("--lang", "zh", "mcp", "tools", "demo-echo-prod-echo"); !strings.Contains(zh, "读取条目") || strings.Contains(zh, "Read an item") {
		t.Errorf("tools in Chinese: %s", zh)
	}
	if js := h.ok("--lang", "zh", "mcp", "tools", "demo-echo-prod-echo", "--json"); !strings.Contains(js, "Read an item") {
		t.Errorf("tools --json: %s", js)
	}
}
