package snippet

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/bkconsole/bkconsole/client"
)

// An AI client's configuration for one BlueKing MCP server, in the forms the marketplace offers
// (spec section M): Cursor, Claude, VS Code and CodeBuddy take JSON, Claude Code a command.

// MCPClient names an AI client.
type MCPClient string

const (
	Cursor     MCPClient = "cursor"
	Claude     MCPClient = "claude"
	ClaudeCode MCPClient = "claude-code"
	VSCode     MCPClient = "vscode"
	CodeBuddy  MCPClient = "codebuddy"
)

// MCPClients are the clients, in the order offered.
var MCPClients = []MCPClient{Cursor, Claude, ClaudeCode, VSCode, CodeBuddy}

// MCPTarget is what a configuration points at: the server's name and URL, its transport, and
// the headers (their values already masked, from the environment or inline, as asked).
type MCPTarget struct {
	Name, URL string
	SSE       bool
	Headers   []client.KV // nil: none (an OAuth2 public client on a single-tenant installation)
}

// MCPAuthValue is the X-Bkapi-Authorization value in a mode: masked ("****"), from the
// environment (placeholders the client expands) or inline.
func MCPAuthValue(a client.AuthFields, mode Mode, c MCPClient) string {
	switch mode {
	case Inline:
		return a.Header()
	case Env:
		env := func(name string) string {
			switch c {
			case Cursor, VSCode:
				return "${env:" + name + "}"
			case ClaudeCode:
				return "$" + name // expanded by the shell
			}
			return "${" + name + "}"
		}
		e := client.AuthFields{AppCode: a.AppCode, TokenName: a.TokenName}
		if a.AppSecret != "" {
			e.AppSecret = env("BK_APP_SECRET")
		}
		if a.Token != "" {
			e.Token = env("BK_TOKEN")
		}
		if a.AccessToken != "" {
			e.AccessToken = env("BK_ACCESS_TOKEN")
		}
		return e.Header()
	}
	return client.MaskedAuth(a).Header()
}

func (t MCPTarget) transport(c MCPClient) string {
	switch {
	case t.SSE:
		return "sse"
	case c == CodeBuddy:
		return "streamable-http"
	}
	return "http"
}

// entry is one server's object in a JSON configuration.
func (t MCPTarget) entry(c MCPClient) orderedJSON {
	var e orderedJSON
	switch c {
	case Claude, VSCode:
		e = append(e, kv{"type", t.transport(c)})
	case CodeBuddy:
		e = append(e, kv{"transportType", t.transport(c)})
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

// topKey is where a client keeps its servers.
func topKey(c MCPClient) string {
	if c == VSCode {
		return "servers"
	}
	return "mcpServers"
}

// MCPConfig is the configuration text for a client.
func MCPConfig(c MCPClient, t MCPTarget) (string, error) {
	switch c {
	case Cursor, Claude, VSCode, CodeBuddy:
		doc := orderedJSON{{topKey(c), orderedJSON{{t.Name, t.entry(c)}}}}
		var b bytes.Buffer
		if err := doc.write(&b, ""); err != nil {
			return "", err
		}
		return b.String() + "\n", nil
	case ClaudeCode:
		var b strings.Builder
		fmt.Fprintf(&b, "claude mcp add --transport %s %s %s", t.transport(c), shQuote(t.Name), shQuote(t.URL))
		for _, h := range t.Headers {
			v := h.Key + ": " + h.Value
			if strings.Contains(h.Value, "$BK_") {
				// From the environment: double quotes, so the shell fills the variables in.
				fmt.Fprintf(&b, " \\\n  --header \"%s\"", strings.NewReplacer(`\`, `\\`, `"`, `\"`, "`", "\\`").Replace(v))
			} else {
				fmt.Fprintf(&b, " \\\n  --header %s", shQuote(v))
			}
		}
		return b.String() + "\n", nil
	}
	return "", fmt.Errorf("unknown client %q: cursor, claude, claude-code, vscode or codebuddy", c)
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

// MergeMCPConfig adds (or replaces) the server in a client's existing JSON configuration and
// keeps everything else: other servers, other settings. An empty file starts a new one.
func MergeMCPConfig(existing []byte, c MCPClient, t MCPTarget) ([]byte, error) {
	if c == ClaudeCode {
		return nil, fmt.Errorf("claude-code is configured by its command, not a file")
	}
	doc := map[string]json.RawMessage{}
	if len(bytes.TrimSpace(existing)) > 0 {
		if err := json.Unmarshal(existing, &doc); err != nil {
			return nil, fmt.Errorf("the existing configuration is not a JSON object: %w", err)
		}
	}
	servers := map[string]json.RawMessage{}
	if raw, ok := doc[topKey(c)]; ok && len(bytes.TrimSpace(raw)) > 0 && string(bytes.TrimSpace(raw)) != "null" {
		if err := json.Unmarshal(raw, &servers); err != nil {
			return nil, fmt.Errorf("%q in the existing configuration is not an object: %w", topKey(c), err)
		}
	}
	var e bytes.Buffer
	if err := t.entry(c).write(&e, ""); err != nil {
		return nil, err
	}
	servers[t.Name] = e.Bytes()
	raw, err := json.Marshal(servers)
	if err != nil {
		return nil, err
	}
	doc[topKey(c)] = raw
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
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
