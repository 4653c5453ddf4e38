package client

import (
	"encoding/json"
	"strings"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// ToolPart is one item of a tool's result: its text, or, for an item that is not text (an
// image, a sound, a linked or embedded resource), what it is. The CLI and the console had kept
// the text items alone and dropped the others without a word: a tool that answered with an
// image printed nothing and succeeded.
type ToolPart struct {
	Text string `json:"text,omitempty"`
	Kind string `json:"kind,omitempty"` // image, audio, link, resource or other; "" for text
	MIME string `json:"mime_type,omitempty"`
	URI  string `json:"uri,omitempty"`
	Size int    `json:"size,omitempty"` // bytes of data the item carries
}

// ToolParts are a result's items in order; a result with no items but structured content
// (MCP's structuredContent) is that content as indented JSON.
func ToolParts(res *mcp.CallToolResult) []ToolPart {
	var parts []ToolPart
	for _, c := range res.Content {
		switch c := c.(type) {
		case *mcp.TextContent:
			parts = append(parts, ToolPart{Text: c.Text})
		case *mcp.ImageContent:
			parts = append(parts, ToolPart{Kind: "image", MIME: c.MIMEType, Size: len(c.Data)})
		case *mcp.AudioContent:
			parts = append(parts, ToolPart{Kind: "audio", MIME: c.MIMEType, Size: len(c.Data)})
		case *mcp.ResourceLink:
			parts = append(parts, ToolPart{Kind: "link", MIME: c.MIMEType, URI: c.URI})
		case *mcp.EmbeddedResource:
			switch r := c.Resource; {
			case r == nil:
				parts = append(parts, ToolPart{Kind: "other"})
			case r.Blob == nil:
				parts = append(parts, ToolPart{Text: r.Text})
			default:
				parts = append(parts, ToolPart{Kind: "resource", MIME: r.MIMEType, URI: r.URI, Size: len(r.Blob)})
			}
		default:
			parts = append(parts, ToolPart{Kind: "other"})
		}
	}
	if len(parts) == 0 && res.StructuredContent != nil {
		if b, err := json.MarshalIndent(res.StructuredContent, "", "  "); err == nil {
			parts = append(parts, ToolPart{Text: string(b)})
		}
	}
	return parts
}

// RenderToolParts is a result as a person reads it, an item a line: text as it came, any other
// item said in l by what it is, in brackets ("[an image, image/png, 12 KiB]").
func RenderToolParts(parts []ToolPart, l i18n.Lang) string {
	lines := make([]string, len(parts))
	for i, p := range parts {
		if p.Kind == "" {
			lines[i] = p.Text
			continue
		}
		what := nonEmpty(i18n.T(l, "mcp.part."+p.Kind), untrusted.Line(p.MIME), untrusted.Line(p.URI), sizeOf(p.Size))
		lines[i] = "[" + strings.Join(what, i18n.T(l, "mcp.part_sep")) + "]"
	}
	return strings.Join(lines, "\n")
}

func sizeOf(n int) string {
	if n == 0 {
		return ""
	}
	return i18n.Size(n)
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
