package mcp

import (
	"errors"
	"os"
	"runtime"
	"time"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/snippet"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/tui/common"
	tea "github.com/charmbracelet/bubbletea"
)

// Writing the chosen client's configuration into its file, from the server's page.

type mcpWrittenMsg struct {
	path   string
	backup string
	err    error
}

// defaultConfigPath is where a client keeps its MCP servers on this system, as a starting point
// the user edits.
func defaultConfigPath(cl snippet.MCPClient) string {
	home, _ := os.UserHomeDir()
	return snippet.ConfigPath(cl, runtime.GOOS, home, os.Getenv("APPDATA"))
}

// writeConfig merges the server into the file in a command: other servers and settings are
// kept, the old file is copied aside, the new one replaces it atomically.
func writeConfig(id int64, path string, cl snippet.MCPClient, t snippet.MCPTarget) tea.Cmd {
	return common.For(id, func() tea.Msg {
		backup, err := snippet.WriteMCPConfig(path, cl, t, time.Now())
		if err != nil {
			return mcpWrittenMsg{err: err}
		}
		return mcpWrittenMsg{path: path, backup: backup}
	})
}

func (s *MCPServerScreen) written(msg mcpWrittenMsg) tea.Cmd {
	s.form = formNone
	if msg.err != nil {
		why := i18n.FileWriteProblem(s.Ctx.Lang, msg.err)
		var me *snippet.MergeError
		if errors.As(msg.err, &me) { // the file's fault, said in the reader's language
			why = untrusted.Line(me.Path) + ": " + common.ErrorLine(s.Ctx, me.Err)
		}
		return common.Notify(s.Ctx.T("mcp.write_failed", why), true)
	}
	done := s.Ctx.T("mcp.written", s.item.MCPServer.Name, msg.path)
	if msg.backup != "" {
		done += " · " + s.Ctx.T("mcp.backup", msg.backup)
	}
	return common.Notify(done, false)
}
