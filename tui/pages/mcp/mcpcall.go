package mcp

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The call form of an MCP server's page: a tool, its arguments, one send, the answer, and the
// call kept in the history.

func (s *MCPServerScreen) openCall() tea.Cmd {
	if len(s.tools) == 0 {
		// The tools a call needs come from connecting: connect, and open the form once connected.
		s.callAfterTry = true
		return s.try()
	}
	s.form, s.result, s.callErr = formCall, nil, nil
	s.args = components.NewTextArea(s.Ctx)
	s.args.SetWidth(max(20, s.Width-4))
	s.args.SetHeight(6)
	s.args.SetValue(argsSkeleton(s.tools[s.toolIdx].InputSchema))
	if s.reopenTool == "" && s.keptTool != "" {
		s.reopenTool, s.reopenArgs, s.keptTool, s.keptArgs = s.keptTool, s.keptArgs, "", ""
	}
	if s.reopenTool != "" {
		for i, t := range s.tools {
			if t.Name == s.reopenTool {
				s.toolIdx = i
				s.args.SetValue(s.reopenArgs)
			}
		}
		s.reopenTool, s.reopenArgs = "", ""
	}
	s.revealCall()
	return s.args.Focus()
}

// revealCall brings the call form into view whole, its title, editor and hint: it opens below
// the tools and the editor was typed into two rows above the page's end.
func (s *MCPServerScreen) revealCall() {
	s.pane.Reveal(s.Ctx.T("mcp.call_title", s.tools[s.toolIdx].Name), s.args.Height()+2)
}

// call sends the tool call once; arguments that are not a JSON object are refused first.
func (s *MCPServerScreen) call() tea.Cmd {
	if s.sending {
		return nil
	}
	args := strings.TrimSpace(s.args.Value())
	if err := client.CheckToolArgs([]byte(args)); err != nil {
		s.callErr = err
		return nil
	}
	s.sending, s.callErr, s.callStart = true, nil, time.Now()
	b, srv, tool := backendOf(s.Ctx), s.item.MCPServer, s.tools[s.toolIdx].Name
	ctx, cancel := s.LoadCtx()
	return tea.Batch(s.Ctx.Clock.Spin(s.Spinner), s.Own(func() tea.Msg {
		defer cancel()
		res, err := b.MCPCall(ctx, srv, tool, json.RawMessage(args))
		return mcpCalledMsg{tool, json.RawMessage(args), res, err}
	}))
}

// callView is the call form and the last result.
func (s *MCPServerScreen) callView() string {
	t, c := s.Ctx.Theme, s.Ctx
	var b strings.Builder
	b.WriteString(t.Bold.Render(c.T("mcp.call_title", s.tools[s.toolIdx].Name)) + " " + t.Subtle.Render(s.toolDescription(s.tools[s.toolIdx])) + "\n")
	if s.form == formCall {
		b.WriteString(s.args.View() + "\n")
		if h := argsHint(s.tools[s.toolIdx].InputSchema); h != "" {
			b.WriteString(t.Subtle.Render(c.T("mcp.args_optional", h)) + "\n")
		}
	}
	if s.sending {
		b.WriteString(s.Spinner.View() + "\n")
	}
	if s.callErr != nil {
		b.WriteString(common.ErrorView(c, s.callErr) + "\n")
	}
	if s.result != nil {
		label := t.OK.Render("✓ " + c.T("mcp.result"))
		if s.result.IsError {
			label = t.Error.Render("✗ " + c.T("mcp.tool_error", s.tools[s.toolIdx].Name))
		}
		if s.renderedOf != s.result {
			s.rendered, s.renderedOf = components.RenderBody([]byte(s.result.Render(s.Ctx.Lang)), t), s.result
		}
		b.WriteString(label + "\n" + s.rendered + "\n")
	}
	return b.String()
}

// toolDescription is what a tool does as the server's page says it, in the reader's language,
// where the page lists the tool; else as the MCP server itself says it (the proxy's words,
// which had put English under the Chinese list above it).
func (s *MCPServerScreen) toolDescription(tool client.MCPToolInfo) string {
	if s.detail == nil {
		return tool.Description
	}
	return s.detail.ToolDescription(tool.Name, tool.Description)
}

// callFormKey edits a tool call's arguments, switches the tool, sends.
func (s *MCPServerScreen) callFormKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.sendKey):
		return s.call()
	case key.Matches(msg, s.nextTool):
		// Each tool keeps what was typed for it while the form is open (tab had reset it).
		if s.argsOf == nil {
			s.argsOf = map[string]string{}
		}
		s.argsOf[s.tools[s.toolIdx].Name] = s.args.Value()
		s.toolIdx = (s.toolIdx + 1) % len(s.tools)
		if typed, ok := s.argsOf[s.tools[s.toolIdx].Name]; ok {
			s.args.SetValue(typed)
		} else {
			s.args.SetValue(argsSkeleton(s.tools[s.toolIdx].InputSchema))
		}
		s.revealCall()
		return nil
	}
	var cmd tea.Cmd
	s.args, cmd = s.args.Update(msg)
	return cmd
}
