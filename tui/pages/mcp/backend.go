package mcp

import (
	"context"
	"encoding/json"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/common"
)

// backend is what the MCP pages ask of the installation: the few methods of common.Backend
// this package calls, so a test fakes only these and a new client call reaches only the
// package that makes it.
type backend interface {
	MCPAuthFields(s client.MCPServer) client.AuthFields
	CheckMCPURL(s client.MCPServer) error
	MCPCall(ctx context.Context, s client.MCPServer, tool string, args json.RawMessage) (client.MCPCallResult, error)
	MCPDetail(ctx context.Context, id int) (client.MCPServer, error)
	MCPLoggedIn(ctx context.Context, server string) bool
	MCPLogin(ctx context.Context, s client.MCPServer, tell func(url string)) (time.Time, error)
	MCPLogout(ctx context.Context, server string) (bool, error)
	MCPServers(ctx context.Context, keyword string) ([]client.MCPServerPermission, client.Surface, error)
	MCPTools(ctx context.Context, s client.MCPServer) ([]client.MCPToolInfo, error)
	TenantID() string
}

var _ backend = common.Backend(nil)

// backendOf is the context's backend (behind the untrusted-text guard) as this package uses it.
func backendOf(c *common.Context) backend { return c.Backend }
