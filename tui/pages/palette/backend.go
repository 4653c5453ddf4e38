package palette

import (
	"context"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/common"
)

// backend is what the palette ask of the installation: the few methods of common.Backend
// this package calls, so a test fakes only these and a new client call reaches only the
// package that makes it.
type backend interface {
	resourceLister
	kindLister
}

// resourceLister is what the API index reads.
type resourceLister interface {
	EachResource(ctx context.Context, gateway, stage string, each func(client.Resource) error) (client.Surface, error)
}

// kindLister is what the palette's other rows are read with: MCP servers and component systems.
type kindLister interface {
	MCPServers(ctx context.Context, keyword string) ([]client.MCPServerPermission, client.Surface, error)
	Systems(ctx context.Context) ([]client.ESBSystem, client.Surface, error)
}

var _ backend = common.Backend(nil)
