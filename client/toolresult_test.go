package client

import (
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Every item of a tool's result is kept in order: text as it came, any other item by what it
// is; a result with structured content alone is that content.
func TestToolPartsKeepWhatIsNotText(t *testing.T) {
	size := int64(9)
	res := &mcp.CallToolResult{Content: []mcp.Content{
		&mcp.TextContent{Text: "found 2"},
		&mcp.ImageContent{Data: make([]byte, 1536), MIMEType: "image/png"},
		&mcp.AudioContent{Data: make([]byte, 10), MIMEType: "audio/wav"},
		&mcp.ResourceLink{URI: "file:///a.csv", Name: "a", Size: &size},
		&mcp.EmbeddedResource{Resource: &mcp.ResourceContents{URI: "mem://note", Text: "a note"}},
		&mcp.EmbeddedResource{Resource: &mcp.ResourceContents{URI: "mem://blob", MIMEType: "application/zip", Blob: []byte("PK")}},
	}}
	want := "found 2\n[an image, image/png, 1.5 KiB]\n[a sound, audio/wav, 10 B]\n[a link to a resource, file:///a.csv]\na note\n[a resource, application/zip, mem://blob, 2 B]"
	if got := RenderToolParts(ToolParts(res), i18n.English); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := RenderToolParts(ToolParts(res), i18n.Chinese); got == want || !strings.Contains(got, "[图片，image/png，1.5 KiB]") {
		t.Errorf("zh: %s", got)
	}
	structured := &mcp.CallToolResult{StructuredContent: map[string]any{"count": 2}}
	if got := RenderToolParts(ToolParts(structured), i18n.English); got != "{\n  \"count\": 2\n}" {
		t.Errorf("structured: %q", got)
	}
}
