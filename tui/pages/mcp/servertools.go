package mcp

import (
	"fmt"
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// toolsView lists the server's tools and prompts.
func (s *MCPServerScreen) toolsView(b *strings.Builder) {
	t, c, srv := s.Ctx.Theme, s.Ctx, s.item.MCPServer
	b.WriteString("\n" + t.Bold.Render(c.T("col.tools")) + "\n")
	switch {
	case s.detail != nil && len(s.detail.Tools) > 0:
		nameW := 0
		for _, tool := range s.detail.Tools {
			nameW = max(nameW, min(40, ansi.StringWidth(tool.Name)))
		}
		for _, tool := range s.detail.Tools { // names in one column, as the apply form's
			name := ansi.Truncate(tool.Name, nameW, "…")
			name += strings.Repeat(" ", max(0, nameW-ansi.StringWidth(name)))
			desc := common.WrapHanging(tool.Description, s.Width, 2+6+1+nameW+2, t.Subtle)
			b.WriteString("  " + t.MethodStyle(tool.Method).Render(fmt.Sprintf("%-6s", tool.Method)) + " " + name + "  " + desc + "\n")
		}
	case len(srv.ToolNames) > 0:
		b.WriteString("  " + strings.Join(srv.ToolNames, ", ") + "\n")
	}
	if s.detail != nil && len(s.detail.Prompts) > 0 {
		b.WriteString("\n" + t.Bold.Render(c.T("mcp.prompts")) + "\n")
		for _, p := range s.detail.Prompts {
			content := p.Content
			if !p.IsPublic {
				content = t.Subtle.Render(c.T("mcp.prompt_private"))
			}
			b.WriteString("  " + p.Name + " " + t.Subtle.Render(p.Code) + "\n")
			if content != "" {
				b.WriteString("    " + common.WrapHanging(content, s.Width, 4, lipgloss.NewStyle()) + "\n")
			}
		}
	}
}
