package palette

import (
	"context"
	"errors"

	"github.com/bkconsole/bkconsole/client"
	tea "github.com/charmbracelet/bubbletea"
)

// KindsMsg carries the MCP servers and component systems read in the background beside the API
// index, so the palette finds them by name before their pages are opened. A list that could not
// be read is nil: the palette leaves its kind out, and its page says why when opened.
type KindsMsg struct {
	Scope      string // the profile it was read for (IndexScope): another's is dropped
	MCPServers []client.MCPServerPermission
	Systems    []client.ESBSystem
	// NoESB: the installation has no component APIs (multi-tenant).
	NoESB bool
}

// ReadKinds reads the MCP servers and the component systems, each once, within indexPerGW.
func ReadKinds(b kindLister, scope string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), indexPerGW)
		defer cancel()
		msg := KindsMsg{Scope: scope}
		if xs, _, err := b.MCPServers(ctx, ""); err == nil {
			msg.MCPServers = xs
		}
		systems, _, err := b.Systems(ctx)
		msg.NoESB = errors.Is(err, client.ErrNoESB)
		if err == nil {
			msg.Systems = systems
		}
		return msg
	}
}
