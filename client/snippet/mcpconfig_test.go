package snippet

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/tailscale/hujson"
)

var (
	testAuth   = client.AuthFields{AppCode: "my-app", AppSecret: "s3cr3t", Token: "tok-1"}
	testServer = client.MCPServer{Name: "g-prod-x", URL: "http://bkapi.example.com/api/bk-apigateway/prod/api/v2/mcp-servers/g-prod-x/mcp/", ProtocolType: "streamable_http"}
)

func config(t *testing.T, c MCPClient, mode Mode) (string, map[string]any) {
	t.Helper()
	text, err := MCPConfig(c, TargetFor(testServer, testAuth, "", c, mode))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if c != ClaudeCode {
		if err := json.Unmarshal([]byte(text), &doc); err != nil {
			t.Fatalf("%s: not JSON: %v\n%s", c, err, text)
		}
	}
	return text, doc
}

func entryOf(doc map[string]any, top string) map[string]any {
	return doc[top].(map[string]any)["g-prod-x"].(map[string]any)
}

// What each client loads (docs/contract.md): the forms differ, and no form from the environment
// or VS Code's holds a secret.
func TestEachClientsOwnForm(t *testing.T) {
	// Claude Desktop: a local server, npx mcp-remote with the header as an argument.
	_, doc := config(t, ClaudeDesktop, Masked)
	e := entryOf(doc, "mcpServers")
	args, _ := json.Marshal(e["args"])
	if e["command"] != "npx" || !strings.Contains(string(args), `"mcp-remote@latest","`+testServer.URL+`","--header","X-Bkapi-Authorization:${BK_AUTH}","--allow-http"`) ||
		!strings.Contains(e["env"].(map[string]any)["BK_AUTH"].(string), `"bk_app_secret": "****"`) || e["url"] != nil {
		t.Errorf("claude-desktop: %v", e)
	}
	if _, doc := config(t, ClaudeDesktop, Env); entryOf(doc, "mcpServers")["env"] != nil {
		t.Errorf("claude-desktop from the environment holds a value: %v", doc)
	}
	// CodeBuddy: type for its CLI, transportType for the older plugin.
	_, doc = config(t, CodeBuddy, Masked)
	if e := entryOf(doc, "mcpServers"); e["type"] != "http" || e["transportType"] != "streamable-http" {
		t.Errorf("codebuddy: %v", e)
	}
	// Claude Code's JSON keeps type; "claude" is its older name.
	if c, ok := ParseMCPClient("claude"); !ok || c != ClaudeCodeJSON {
		t.Errorf("claude is %q", c)
	}
	if _, doc := config(t, ClaudeCodeJSON, Env); entryOf(doc, "mcpServers")["type"] != "http" ||
		!strings.Contains(entryOf(doc, "mcpServers")["headers"].(map[string]any)["X-Bkapi-Authorization"].(string), "${BK_APP_SECRET}") {
		t.Errorf("claude-code-json: %v", doc)
	}
	// VS Code: inline is its hidden input prompt, never the secret.
	text, doc := config(t, VSCode, Inline)
	inputs, _ := doc["inputs"].([]any)
	if strings.Contains(text, "s3cr3t") || strings.Contains(text, "tok-1") || len(inputs) != 2 ||
		inputs[0].(map[string]any)["password"] != true || inputs[0].(map[string]any)["type"] != "promptString" ||
		!strings.Contains(entryOf(doc, "servers")["headers"].(map[string]any)["X-Bkapi-Authorization"].(string), "${input:bk_app_secret}") {
		t.Errorf("vscode inline:\n%s", text)
	}
	// Claude Code's command: the placeholder single-quoted, so the shell stores no secret.
	text, _ = config(t, ClaudeCode, Env)
	if !strings.Contains(text, `--header 'X-Bkapi-Authorization: {"bk_app_code": "my-app", "bk_app_secret": "${BK_APP_SECRET}", "bk_token": "${BK_TOKEN}"}'`) {
		t.Errorf("claude-code:\n%s", text)
	}
	// An OAuth2 public-client server on a single-tenant installation: no header at all.
	pub := testServer
	pub.OAuth2PublicClientEnabled = true
	if tg := TargetFor(pub, testAuth, "", Cursor, Inline); len(tg.Headers) != 0 {
		t.Errorf("public client: %v", tg.Headers)
	}
}

func TestConfigPathsPerSystem(t *testing.T) {
	for _, c := range []struct {
		client    MCPClient
		goos      string
		home, app string
		want      string
	}{
		{ClaudeDesktop, "darwin", "/Users/a", "", "/Users/a/Library/Application Support/Claude/claude_desktop_config.json"},
		{ClaudeDesktop, "linux", "/home/a", "", "/home/a/.config/Claude/claude_desktop_config.json"},
		{ClaudeDesktop, "windows", "/home/a", "/appdata", "/appdata/Claude/claude_desktop_config.json"},
		{CodeBuddy, "linux", "/home/a", "", "/home/a/.codebuddy.json"},
		{ClaudeCodeJSON, "linux", "/home/a", "", "/home/a/.claude.json"},
		{ClaudeCode, "linux", "/home/a", "", ""},
	} {
		if got := ConfigPath(c.client, c.goos, c.home, c.app); got != c.want {
			t.Errorf("%s on %s: %q, want %q", c.client, c.goos, got, c.want)
		}
	}
}

// Merging into VS Code's file keeps the other inputs and servers.
func TestMergeKeepsVSCodeInputs(t *testing.T) {
	old := []byte(`{"inputs": [{"type": "promptString", "id": "other", "password": true}], "servers": {"x": {"url": "http://a/"}}}`)
	out, err := MergeMCPConfig(old, VSCode, TargetFor(testServer, testAuth, "", VSCode, Inline))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Inputs  []map[string]any          `json:"inputs"`
		Servers map[string]map[string]any `json:"servers"`
	}
	if err := json.Unmarshal(out, &doc); err != nil || len(doc.Inputs) != 3 || doc.Servers["x"] == nil || doc.Servers["g-prod-x"] == nil {
		t.Fatalf("%v\n%s", err, out)
	}
}

// Merging keeps the file as the user wrote it: other settings in their order (a map had sorted
// them), and in VS Code's file, which is JSONC, the comments and the rest; it had been refused
// whole ("a rewrite would lose what is not").
func TestMergeKeepsOrderAndComments(t *testing.T) {
	plain := []byte("{\n  \"zeta\": 1,\n  \"mcpServers\": {\n    \"a\": {\"url\": \"http://a/\"}\n  },\n  \"alpha\": true\n}\n")
	out, err := MergeMCPConfig(plain, Cursor, TargetFor(testServer, testAuth, "", Cursor, Env))
	if err != nil {
		t.Fatal(err)
	}
	z, m, a := bytes.Index(out, []byte(`"zeta"`)), bytes.Index(out, []byte(`"mcpServers"`)), bytes.Index(out, []byte(`"alpha"`))
	if !(z >= 0 && z < m && m < a) || !bytes.Contains(out, []byte(`"g-prod-x": {`)) || !bytes.Contains(out, []byte(`"a": {`)) || !json.Valid(out) {
		t.Errorf("plain JSON:\n%s", out)
	}
	jsonc := []byte("{\n  // my servers\n  \"servers\": {\n    \"other\": {\"type\": \"http\", \"url\": \"http://x/\"}, // keep me\n  },\n  \"inputs\": [],\n}\n")
	out, err = MergeMCPConfig(jsonc, VSCode, TargetFor(testServer, testAuth, "", VSCode, Inline))
	if err != nil {
		t.Fatal(err)
	}
	std, err := hujson.Standardize(bytes.Clone(out)) // in place: a copy
	var doc struct {
		Servers map[string]map[string]any `json:"servers"`
		Inputs  []map[string]any          `json:"inputs"`
	}
	if err != nil || json.Unmarshal(std, &doc) != nil || doc.Servers["other"] == nil || doc.Servers["g-prod-x"] == nil || len(doc.Inputs) != 2 ||
		!bytes.Contains(out, []byte("// my servers")) || !bytes.Contains(out, []byte("// keep me")) {
		t.Errorf("JSONC:\n%s", out)
	}
	// Written again, the server is replaced, not added twice.
	again, err := MergeMCPConfig(out, VSCode, TargetFor(testServer, testAuth, "", VSCode, Inline))
	if err != nil || bytes.Count(again, []byte(`"g-prod-x"`)) != 1 || len(regexp.MustCompile(`"id":\s*"bk_app_secret"`).FindAll(again, -1)) != 1 {
		t.Errorf("again: %v\n%s", err, again)
	}
}
