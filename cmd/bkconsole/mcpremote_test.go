package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// mcpRemote is npm's mcp-remote, installed by .ci/test (BKCONSOLE_MCP_REMOTE names its binary).
// CI must run this test: without it the check of a real client is missing, which is a failure.
func mcpRemote(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("BKCONSOLE_MCP_REMOTE")
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI drives a real MCP client: .ci/test installs npm's mcp-remote and sets BKCONSOLE_MCP_REMOTE")
		}
		t.Skip("BKCONSOLE_MCP_REMOTE is not set (bash .ci/test installs mcp-remote)")
	}
	return bin
}

// A real client through the config bkconsole wrote: Claude Desktop's entry (npx mcp-remote with
// the header from env) is started as Claude Desktop would start it, and spoken to over stdio:
// initialize, tools/list, one call in the proxy's shape.
func TestClaudeDesktopConfigWithMCPRemote(t *testing.T) {
	bin := mcpRemote(t)
	s := newHome(t).serve("--decide-after", "300ms")
	h := newHome(t, s.as(0, "login", "dc")...)
	h.ok("mcp", "apply", "demo-echo-prod-echo", "--reason", "agent")
	waitCLI(t, h, "approved", "mcp", "records")
	file := filepath.Join(h.dir, "claude_desktop_config.json")
	h.ok("mcp", "config", "demo-echo-prod-echo", "--client", "claude-desktop", "--secrets", "inline", "--write", file)
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Servers map[string]struct {
			Command string            `json:"command"`
			Args    []string          `json:"args"`
			Env     map[string]string `json:"env"`
		} `json:"mcpServers"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("%v\n%s", err, raw)
	}
	e := doc.Servers["demo-echo-prod-echo"]
	if e.Command != "npx" || len(e.Args) < 2 || e.Args[0] != "mcp-remote@latest" || e.Env["BK_AUTH"] == "" {
		t.Fatalf("entry: %+v", e)
	}
	ask := startMCPRemote(t, bin, h.dir, e.Args, e.Env["BK_AUTH"])
	tools := ask(2, "tools/list", map[string]any{})["tools"].([]any)
	if len(tools) != 3 {
		t.Fatalf("tools: %v", tools)
	}
	res := ask(3, "tools/call", map[string]any{"name": "echo_item", "arguments": map[string]any{
		"path_param": map[string]any{"item_id": "7"}, "query_param": map[string]any{"fields": []string{"a", "b"}}}})
	text := res["content"].([]any)[0].(map[string]any)["text"].(string)
	if res["isError"] == true || !strings.Contains(text, "/items/7/") || !strings.Contains(text, `"fields":["a","b"]`) {
		t.Fatalf("call: %v", res)
	}
}

// startMCPRemote runs what npx would run for a Claude Desktop entry (the installed mcp-remote,
// the same arguments, BK_AUTH in its environment), initializes the session over stdio, and
// returns a function asking it one JSON-RPC request. It is stopped when the test ends.
func startMCPRemote(t *testing.T, bin, home string, args []string, auth string, env ...string) func(id int, method string, params any) map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, bin, args[1:]...)
	cmd.Env = append([]string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "BK_AUTH=" + auth}, env...)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := bufio.NewScanner(stdout)
	lines.Buffer(make([]byte, 1<<20), 1<<20)
	ask := func(id int, method string, params any) map[string]any {
		t.Helper()
		b, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
		fmt.Fprintf(stdin, "%s\n", b)
		for lines.Scan() {
			var m map[string]any
			if json.Unmarshal(lines.Bytes(), &m) == nil && m["id"] == float64(id) {
				if m["error"] != nil {
					t.Fatalf("%s: %v\nmcp-remote said: %s", method, m["error"], stderr.String())
				}
				return m["result"].(map[string]any)
			}
		}
		t.Fatalf("%s: no answer (%v)\nmcp-remote said: %s", method, lines.Err(), stderr.String())
		return nil
	}
	ask(1, "initialize", map[string]any{"protocolVersion": "2025-06-18", "capabilities": map[string]any{},
		"clientInfo": map[string]any{"name": "bkconsole-test", "version": "1"}})
	fmt.Fprintln(stdin, `{"jsonrpc": "2.0", "method": "notifications/initialized"}`)
	return ask
}

// A real client with a personal token: the Claude Desktop entry of a server that takes them
// sends Authorization: Bearer (through BK_AUTH, no X-Bkapi-Authorization); mcp-remote lists the
// tools and calls one as the token's user.
func TestClaudeDesktopConfigWithAPersonalToken(t *testing.T) {
	bin := mcpRemote(t)
	s := newHome(t).serve()
	h := newHome(t, s.as(0, "BK_PERSONAL_TOKEN="+s.PersonalTokens["valid"])...)
	file := filepath.Join(h.dir, "claude_desktop_config.json")
	h.ok("mcp", "config", "demo-echo-prod-oauth", "--client", "claude-desktop", "--secrets", "inline", "--credential", "personal", "--write", file)
	raw, e := claudeEntry(t, file, "demo-echo-prod-oauth")
	if e.Env["BK_AUTH"] != "Bearer "+s.PersonalTokens["valid"] || strings.Contains(string(raw), "X-Bkapi-Authorization") ||
		!strings.Contains(strings.Join(e.Args, " "), "--header Authorization:${BK_AUTH}") {
		t.Fatalf("entry:\n%s", raw)
	}
	ask := startMCPRemote(t, bin, h.dir, e.Args, e.Env["BK_AUTH"])
	if tools := ask(2, "tools/list", map[string]any{})["tools"].([]any); len(tools) != 2 {
		t.Fatalf("tools: %v", tools)
	}
	res := ask(3, "tools/call", map[string]any{"name": "echo_get", "arguments": map[string]any{}})
	text := res["content"].([]any)[0].(map[string]any)["text"].(string)
	if res["isError"] == true || !strings.Contains(text, `"app_code":"personal"`) {
		t.Fatalf("call: %v", res)
	}
}

// A real client logs in by itself: the configuration of a server that takes public-client
// logins holds no credential, and mcp-remote does the OAuth flow against the sandbox's bkauth
// (discovery, registration, PKCE; its "browser" here follows the redirects, as the demo user's
// login answers at once), then lists and calls the tools as the logged-in user.
func TestMCPRemoteLogsInByItself(t *testing.T) {
	bin := mcpRemote(t)
	if _, err := exec.LookPath("curl"); err != nil {
		t.Fatal("curl is needed (.ci/test installs it)")
	}
	s := newHome(t).serve()
	h := newHome(t, s.as(0)...)
	file := filepath.Join(h.dir, "claude_desktop_config.json")
	h.ok("mcp", "config", "demo-echo-prod-oauth", "--client", "claude-desktop", "--secrets", "env", "--write", file)
	raw, e := claudeEntry(t, file, "demo-echo-prod-oauth")
	if strings.Contains(string(raw), "X-Bkapi-Authorization") || strings.Contains(string(raw), "--header") || len(e.Env) != 0 {
		t.Fatalf("a public-client server's entry carries a credential:\n%s", raw)
	}
	browser := filepath.Join(t.TempDir(), "browser")
	os.WriteFile(browser, []byte("#!/bin/sh\ncurl -s -L -o /dev/null \"$1\" &\n"), 0o700)
	ask := startMCPRemote(t, bin, h.dir, e.Args, "", "BROWSER="+browser)
	if tools := ask(2, "tools/list", map[string]any{})["tools"].([]any); len(tools) != 2 {
		t.Fatalf("tools: %v", tools)
	}
	res := ask(3, "tools/call", map[string]any{"name": "echo_get", "arguments": map[string]any{}})
	text := res["content"].([]any)[0].(map[string]any)["text"].(string)
	if res["isError"] == true || !strings.Contains(text, `"app_code":"public"`) || !strings.Contains(text, `"username":"demo-user"`) {
		t.Fatalf("call: %v", res)
	}
}

// claudeEntry reads one server's entry of a Claude Desktop configuration, and the file.
func claudeEntry(t *testing.T, file, name string) ([]byte, struct {
	Args []string          `json:"args"`
	Env  map[string]string `json:"env"`
}) {
	t.Helper()
	raw, _ := os.ReadFile(file)
	var doc struct {
		Servers map[string]struct {
			Args []string          `json:"args"`
			Env  map[string]string `json:"env"`
		} `json:"mcpServers"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("%v\n%s", err, raw)
	}
	return raw, doc.Servers[name]
}
