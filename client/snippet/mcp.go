package snippet

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/tailscale/hujson"

	"github.com/bkconsole/bkconsole/client"
)

// An AI client's configuration for one BlueKing MCP server, in the form each client actually
// loads (docs/contract.md, "MCP tools"; checked against each client's documentation): Cursor,
// Claude Desktop (through mcp-remote), Claude Code (a command, or its JSON), VS Code and
// CodeBuddy.

// MCPClient names an AI client.
type MCPClient string

const (
	Cursor MCPClient = "cursor"
	// ClaudeDesktop loads only local (stdio) servers: a remote one goes through npm's mcp-remote.
	ClaudeDesktop MCPClient = "claude-desktop"
	// ClaudeCode is the `claude mcp add` command; ClaudeCodeJSON the same server in Claude
	// Code's files (~/.claude.json, a project's .mcp.json). "claude" is the older name of the
	// latter (the marketplace's "Claude" text is Claude Code's format).
	ClaudeCode     MCPClient = "claude-code"
	ClaudeCodeJSON MCPClient = "claude-code-json"
	VSCode         MCPClient = "vscode"
	CodeBuddy      MCPClient = "codebuddy"
)

// MCPClients are the clients, in the order offered.
var MCPClients = []MCPClient{Cursor, ClaudeDesktop, ClaudeCode, ClaudeCodeJSON, VSCode, CodeBuddy}

// ParseMCPClient reads a client's name ("claude" is taken as claude-code-json).
func ParseMCPClient(name string) (MCPClient, bool) {
	if name == "claude" {
		return ClaudeCodeJSON, true
	}
	for _, c := range MCPClients {
		if string(c) == name {
			return c, true
		}
	}
	return "", false
}

// MCPClientNames is the list for a usage message.
func MCPClientNames() string { return strings.Join(MCPClientList(), ", ") }

// MCPClientList is MCPClients as strings, for a flag's completion.
func MCPClientList() []string {
	names := make([]string, len(MCPClients))
	for i, c := range MCPClients {
		names[i] = string(c)
	}
	return names
}

// MCPTarget is what a configuration points at: the server's name and URL, its transport, and
// the headers (their values already masked, from the environment or inline, as asked).
type MCPTarget struct {
	Name, URL string
	SSE       bool
	Headers   []client.KV // nil: none (an OAuth2 public client on a single-tenant installation)
	// Inputs are VS Code's prompts for the secrets its headers name as ${input:id}.
	Inputs []MCPInput
}

// MCPInput is a VS Code input: asked once, hidden, kept by VS Code rather than in the file.
type MCPInput struct {
	ID, Description string
}

// TargetFor is the one rule for what a configuration of a server holds, for the CLI and the
// console alike: X-Bkapi-Authorization unless the server takes the OAuth2 public client on a
// single-tenant installation (the AI client then logs in itself), and the tenant headers on a
// multi-tenant one.
func TargetFor(srv client.MCPServer, auth client.AuthFields, tenant string, c MCPClient, mode Mode) MCPTarget {
	t := MCPTarget{Name: srv.Name, URL: srv.URL, SSE: srv.ProtocolType == "sse"}
	if srv.OAuth2PublicClientEnabled && tenant == "" {
		// The user route: the /application/ routes take no token.
		t.URL = client.MCPUserURL(srv.URL)
		return t
	}
	t.Headers = []client.KV{{Key: "X-Bkapi-Authorization", Value: MCPAuthValue(auth, mode, c)}}
	if tenant != "" {
		t.Headers = append(t.Headers, client.KV{Key: "X-Bk-Tenant-Id", Value: tenant}, client.KV{Key: "X-Bkapi-Allowed-Headers", Value: "X-Bk-Tenant-Id"})
	}
	if c == VSCode && mode == Inline {
		t.Inputs = vscodeInputs(auth)
	}
	return t
}

// TargetWithToken is a server's configuration with a personal token (gateway 1.24): the user
// route, Authorization: Bearer in the mode asked (VS Code's inline is its hidden prompt), and
// the tenant headers on a multi-tenant installation. No X-Bkapi-Authorization: it would win.
func TargetWithToken(srv client.MCPServer, token, tenant string, c MCPClient, mode Mode) MCPTarget {
	t := MCPTarget{Name: srv.Name, URL: client.MCPUserURL(srv.URL), SSE: srv.ProtocolType == "sse"}
	v := "Bearer " + Mask
	switch {
	case mode == Inline && c == VSCode:
		v = "Bearer ${input:bk_personal_token}"
		t.Inputs = []MCPInput{{"bk_personal_token", "BlueKing personal token"}}
	case mode == Inline:
		v = "Bearer " + token
	case mode == Env && (c == Cursor || c == VSCode):
		v = "Bearer ${env:BK_PERSONAL_TOKEN}"
	case mode == Env:
		v = "Bearer ${BK_PERSONAL_TOKEN}"
	}
	t.Headers = []client.KV{{Key: "Authorization", Value: v}}
	if tenant != "" {
		t.Headers = append(t.Headers, client.KV{Key: "X-Bk-Tenant-Id", Value: tenant}, client.KV{Key: "X-Bkapi-Allowed-Headers", Value: "X-Bk-Tenant-Id"})
	}
	return t
}

// vscodeInputs are the prompts for the secrets an auth header holds.
func vscodeInputs(a client.AuthFields) []MCPInput {
	var out []MCPInput
	if a.AppSecret != "" {
		out = append(out, MCPInput{"bk_app_secret", "BlueKing app secret of " + a.AppCode})
	}
	if a.Token != "" {
		out = append(out, MCPInput{"bk_token", "BlueKing login (bk_token)"})
	}
	if a.AccessToken != "" {
		out = append(out, MCPInput{"bk_access_token", "BlueKing access_token"})
	}
	return out
}

// MCPAuthValue is the X-Bkapi-Authorization value in a mode: masked ("****"), from the
// environment (placeholders the client expands) or inline. VS Code never gets a literal
// secret: inline there is its hidden input prompt (${input:…}).
func MCPAuthValue(a client.AuthFields, mode Mode, c MCPClient) string {
	placeholders := func(ref func(env, input string) string) string {
		e := client.AuthFields{AppCode: a.AppCode, TokenName: a.TokenName}
		if a.AppSecret != "" {
			e.AppSecret = ref("BK_APP_SECRET", "bk_app_secret")
		}
		if a.Token != "" {
			e.Token = ref("BK_TOKEN", "bk_token")
		}
		if a.AccessToken != "" {
			e.AccessToken = ref("BK_ACCESS_TOKEN", "bk_access_token")
		}
		return e.Header()
	}
	switch {
	case mode == Inline && c == VSCode:
		return placeholders(func(_, input string) string { return "${input:" + input + "}" })
	case mode == Inline:
		return a.Header()
	case mode == Env:
		return placeholders(func(env, _ string) string {
			if c == Cursor || c == VSCode {
				return "${env:" + env + "}"
			}
			// Claude Code (its files and, single-quoted, its command), CodeBuddy and mcp-remote
			// expand ${NAME} when they run.
			return "${" + env + "}"
		})
	}
	return client.MaskedAuth(a).Header()
}

// transport is the type a client's file (and Claude Code's --transport) names.
func (t MCPTarget) transport() string {
	if t.SSE {
		return "sse"
	}
	return "http"
}

// entry is one server's object in a JSON configuration.
func (t MCPTarget) entry(c MCPClient) orderedJSON {
	if c == ClaudeDesktop {
		return t.mcpRemote()
	}
	var e orderedJSON
	switch c {
	case ClaudeCodeJSON, VSCode:
		e = append(e, kv{"type", t.transport()})
	case CodeBuddy:
		// The CLI reads type; the older IDE plugin read transportType.
		plugin := "streamable-http"
		if t.SSE {
			plugin = "sse"
		}
		e = append(e, kv{"type", t.transport()}, kv{"transportType", plugin})
	}
	e = append(e, kv{"url", t.URL})
	if len(t.Headers) > 0 {
		var h orderedJSON
		for _, x := range t.Headers {
			h = append(h, kv{x.Key, x.Value})
		}
		e = append(e, kv{"headers", h})
	}
	return e
}

// mcpRemoteAuthVar holds X-Bkapi-Authorization for mcp-remote, which expands ${NAME} in headers.
const mcpRemoteAuthVar = "BK_AUTH"

// mcpRemote is Claude Desktop's entry: npx mcp-remote with the headers as arguments. The auth
// header's value sits in env (no space after the colon: mcp-remote's form); from the
// environment, BK_AUTH is left to the environment Claude Desktop starts with.
func (t MCPTarget) mcpRemote() orderedJSON {
	args := []string{"mcp-remote@latest", t.URL}
	var env orderedJSON
	for _, h := range t.Headers {
		if credentialHeader(h.Key) {
			// The value goes through a variable: a space or quote in an argument breaks on
			// some platforms ("Bearer …" has one).
			args = append(args, "--header", h.Key+":${"+mcpRemoteAuthVar+"}")
			if !strings.Contains(h.Value, "${") {
				env = append(env, kv{mcpRemoteAuthVar, h.Value})
			}
			continue
		}
		args = append(args, "--header", h.Key+":"+h.Value)
	}
	if t.SSE {
		args = append(args, "--transport", "sse-only")
	}
	if strings.HasPrefix(t.URL, "http://") {
		args = append(args, "--allow-http")
	}
	e := orderedJSON{{"command", "npx"}, {"args", args}}
	if len(env) > 0 {
		e = append(e, kv{"env", env})
	}
	return e
}

// MCPRemoteEnvHint names the variable a Claude Desktop configuration from the environment
// leaves to the environment ("" when the file holds the value, or for another client: Cursor's
// ${env:…} is read by Cursor itself, with no mcp-remote in between).
func MCPRemoteEnvHint(c MCPClient, t MCPTarget) string {
	if c != ClaudeDesktop {
		return ""
	}
	for _, h := range t.Headers {
		if credentialHeader(h.Key) && strings.Contains(h.Value, "${") {
			return mcpRemoteAuthVar
		}
	}
	return ""
}

// credentialHeader: the header that carries the credentials (the app's, or a token).
func credentialHeader(k string) bool { return k == "X-Bkapi-Authorization" || k == "Authorization" }

// topKey is where a client keeps its servers.
func topKey(c MCPClient) string {
	if c == VSCode {
		return "servers"
	}
	return "mcpServers"
}

// inputsJSON is VS Code's inputs list.
func (t MCPTarget) inputsJSON() []orderedJSON {
	var out []orderedJSON
	for _, in := range t.Inputs {
		out = append(out, orderedJSON{{"type", "promptString"}, {"id", in.ID}, {"description", in.Description}, {"password", true}})
	}
	return out
}

// MCPConfig is the configuration text for a client.
func MCPConfig(c MCPClient, t MCPTarget) (string, error) {
	switch c {
	case Cursor, ClaudeDesktop, ClaudeCodeJSON, VSCode, CodeBuddy:
		var doc orderedJSON
		if len(t.Inputs) > 0 {
			doc = append(doc, kv{"inputs", t.inputsJSON()})
		}
		doc = append(doc, kv{topKey(c), orderedJSON{{t.Name, t.entry(c)}}})
		var b bytes.Buffer
		if err := doc.write(&b, ""); err != nil {
			return "", err
		}
		return b.String() + "\n", nil
	case ClaudeCode:
		var b strings.Builder
		fmt.Fprintf(&b, "claude mcp add --transport %s %s %s", t.transport(), shQuote(t.Name), shQuote(t.URL))
		for _, h := range t.Headers {
			// Single quotes: a ${BK_APP_SECRET} stays as written, for Claude Code to expand when
			// it connects, and the shell stores no secret.
			fmt.Fprintf(&b, " \\\n  --header %s", shQuote(h.Key+": "+h.Value))
		}
		return b.String() + "\n", nil
	}
	return "", fmt.Errorf("unknown client %q: %s", c, MCPClientNames())
}

// ConfigPath is where a client reads its MCP servers on an operating system (GOOS), as each
// client documents it; "" for Claude Code's command. home is the user's home, appData
// Windows' %APPDATA%.
func ConfigPath(c MCPClient, goos, home, appData string) string {
	switch c {
	case Cursor:
		return filepath.Join(home, ".cursor", "mcp.json")
	case ClaudeDesktop:
		switch goos {
		case "darwin":
			return filepath.Join(home, "Library", "Application Support", "Claude", "claude_desktop_config.json")
		case "windows":
			if appData == "" {
				appData = filepath.Join(home, "AppData", "Roaming")
			}
			return filepath.Join(appData, "Claude", "claude_desktop_config.json")
		}
		return filepath.Join(home, ".config", "Claude", "claude_desktop_config.json")
	case ClaudeCodeJSON:
		return filepath.Join(home, ".claude.json")
	case VSCode:
		return filepath.Join(".vscode", "mcp.json")
	case CodeBuddy:
		return filepath.Join(home, ".codebuddy.json")
	}
	return ""
}

// Installable says whether a configuration works as written: one with masked secrets would
// install **** as the secret (Cursor's one-click link).
func Installable(t MCPTarget) bool {
	for _, h := range t.Headers {
		if credentialHeader(h.Key) && strings.Contains(h.Value, Mask) {
			return false
		}
	}
	return true
}

// CursorInstallLink is Cursor's one-click install link for the server.
func CursorInstallLink(t MCPTarget) string {
	var b bytes.Buffer
	_ = t.entry(Cursor).write(&b, "")
	var compact bytes.Buffer
	_ = json.Compact(&compact, b.Bytes())
	return "cursor://anysphere.cursor-deeplink/mcp/install?name=" + url.QueryEscape(t.Name) +
		"&config=" + base64.StdEncoding.EncodeToString(compact.Bytes())
}

// MergeMCPConfig adds (or replaces) the server in a client's existing configuration and
// keeps everything else as it was: other servers and settings in their order, VS Code's other
// inputs, and in VS Code's file, which is JSONC, the comments. The change is a JSON patch
// applied by github.com/tailscale/hujson, which keeps what it does not touch; plain JSON comes
// back indented as JSON, JSONC as hujson formats it. An empty file starts a new one.
func MergeMCPConfig(existing []byte, c MCPClient, t MCPTarget) ([]byte, error) {
	if c == ClaudeCode {
		return nil, &client.ErrUserInput{Key: "mcp.config_by_command"}
	}
	plain := len(bytes.TrimSpace(existing)) == 0 || client.CheckJSON(existing) == nil
	if len(bytes.TrimSpace(existing)) == 0 {
		existing = []byte("{}")
	}
	// Where the reader stopped, as the JSON reader says it: key is the sentence around it.
	at := func(key string) error {
		var in *client.ErrUserInput
		if cerr := client.CheckJSON(existing); errors.As(cerr, &in) && len(in.Args) >= 2 {
			return &client.ErrUserInput{Key: key, Args: in.Args[:2]}
		}
		return &client.ErrUserInput{Key: "mcp.config_not_object"}
	}
	if !plain && c != VSCode {
		// VS Code's file is JSONC; the other clients' files are read as plain JSON, which a
		// merge that keeps comments and formats as HuJSON (trailing commas) would not give.
		return nil, at("mcp.config_not_plain_json")
	}
	v, err := hujson.Parse(existing)
	if err != nil { // not JSON even with comments
		return nil, at("mcp.config_bad_json")
	}
	// Read as standard JSON from a copy: hujson standardizes in place, comments to spaces.
	std, _ := hujson.Standardize(bytes.Clone(existing))
	doc := map[string]json.RawMessage{}
	if err := json.Unmarshal(std, &doc); err != nil || doc == nil { // null reads as a nil map
		return nil, &client.ErrUserInput{Key: "mcp.config_not_object"}
	}
	var e bytes.Buffer
	if err := t.entry(c).write(&e, ""); err != nil {
		return nil, err
	}
	top := "/" + pointerEscape(topKey(c))
	op := patchOp(top+"/"+pointerEscape(t.Name), e.Bytes())
	if raw := bytes.TrimSpace(doc[topKey(c)]); len(raw) == 0 || string(raw) == "null" {
		name, _ := json.Marshal(t.Name)
		op = patchOp(top, []byte("{"+string(name)+": "+e.String()+"}"))
	} else if raw[0] != '{' {
		return nil, &client.ErrUserInput{Key: "mcp.config_servers_not_object", Args: []any{topKey(c)}}
	}
	ops := []string{op}
	if len(t.Inputs) > 0 {
		inputs, err := mergeInputs(doc["inputs"], t.inputsJSON())
		if err != nil {
			return nil, err
		}
		ops = append(ops, patchOp("/inputs", inputs))
	}
	if err := v.Patch([]byte("[" + strings.Join(ops, ",") + "]")); err != nil {
		return nil, err
	}
	if plain {
		var out bytes.Buffer
		if err := json.Indent(&out, v.Pack(), "", "  "); err != nil {
			return nil, err
		}
		return append(out.Bytes(), '\n'), nil
	}
	v.Format()
	return append(bytes.TrimRight(v.Pack(), "\n"), '\n'), nil
}

// patchOp is one JSON patch "add" (which replaces a member that is there) of value at path;
// written by hand so the value keeps its lines (json.Marshal would compact it).
func patchOp(path string, value []byte) string {
	p, _ := json.Marshal(path)
	return `{"op": "add", "path": ` + string(p) + `, "value": ` + string(value) + `}`
}

// pointerEscape escapes a member name for a JSON pointer (RFC 6901).
func pointerEscape(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// mergeInputs keeps VS Code's other inputs and replaces ours by id.
func mergeInputs(existing json.RawMessage, ours []orderedJSON) (json.RawMessage, error) {
	var list []map[string]any
	if len(bytes.TrimSpace(existing)) > 0 && string(bytes.TrimSpace(existing)) != "null" {
		if err := json.Unmarshal(existing, &list); err != nil {
			return nil, &client.ErrUserInput{Key: "mcp.config_inputs_not_list"}
		}
	}
	for _, o := range ours {
		var b bytes.Buffer
		if err := o.write(&b, ""); err != nil {
			return nil, err
		}
		var m map[string]any
		_ = json.Unmarshal(b.Bytes(), &m)
		replaced := false
		for i := range list {
			if list[i]["id"] == m["id"] {
				list[i], replaced = m, true
			}
		}
		if !replaced {
			list = append(list, m)
		}
	}
	return json.Marshal(list)
}

// orderedJSON writes an object's keys in the order given (a configuration reads as the docs
// show it).
type kv struct {
	k string
	v any
}

type orderedJSON []kv

func (o orderedJSON) write(b *bytes.Buffer, indent string) error {
	b.WriteString("{\n")
	for i, x := range o {
		key, _ := json.Marshal(x.k)
		b.WriteString(indent + "  ")
		b.Write(key)
		b.WriteString(": ")
		switch v := x.v.(type) {
		case orderedJSON:
			if err := v.write(b, indent+"  "); err != nil {
				return err
			}
		case []string: // one a line, as the clients' docs write args
			b.WriteString("[\n")
			for j, x := range v {
				q, _ := json.Marshal(x)
				b.WriteString(indent + "    ")
				b.Write(q)
				if j < len(v)-1 {
					b.WriteByte(',')
				}
				b.WriteByte('\n')
			}
			b.WriteString(indent + "  ]")
		case []orderedJSON:
			b.WriteString("[\n")
			for j, o := range v {
				b.WriteString(indent + "    ")
				if err := o.write(b, indent+"    "); err != nil {
					return err
				}
				if j < len(v)-1 {
					b.WriteByte(',')
				}
				b.WriteByte('\n')
			}
			b.WriteString(indent + "  ]")
		default:
			var s bytes.Buffer
			enc := json.NewEncoder(&s)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(v); err != nil {
				return err
			}
			b.Write(bytes.TrimRight(s.Bytes(), "\n"))
		}
		if i < len(o)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString(indent + "}")
	return nil
}
