package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/sandbox"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// A tool whose answer holds an image beside its text: mcp call prints the text and says what
// the image is (it printed the text alone, as if nothing else came), in the reader's language;
// --json keeps the whole result.
func TestMCPCallSaysWhatIsNotText(t *testing.T) {
	store, _ := isolate(t)
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	server := mcp.NewServer(&mcp.Implementation{Name: "shots", Version: "1"}, nil)
	mcp.AddTool(server, &mcp.Tool{Name: "list_users"}, func(context.Context, *mcp.CallToolRequest, map[string]any) (*mcp.CallToolResult, any, error) {
		return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: "taken"}, &mcp.ImageContent{Data: make([]byte, 2048), MIMEType: "image/png"}}}, nil, nil
	})
	tools := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server }, &mcp.StreamableHTTPOptions{Stateless: true})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/mcp-servers/bk-user-prod-directory/") {
			tools.ServeHTTP(w, r)
			return
		}
		sb.ServeHTTP(w, r)
	}))
	defer srv.Close()
	asDemoApp(t, sandbox.URLsFor(srv.URL))
	code, stdout, stderr := inProcess(t, store, "", "--lang", "zh", "mcp", "call", "bk-user-prod-directory", "list_users", "{}")
	if code != 0 || stdout != "taken\n[图片，image/png，2.0 KiB]\n" {
		t.Errorf("exit %d %q %s", code, stdout, stderr)
	}
	if code, stdout, _ = inProcess(t, store, "", "mcp", "call", "bk-user-prod-directory", "list_users", "{}", "--json"); code != 0 || !strings.Contains(stdout, `"type": "image"`) {
		t.Errorf("--json: exit %d %s", code, stdout)
	}
}
