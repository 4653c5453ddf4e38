package browse

import (
	"context"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/common"
)

// backend is what the gateway pages ask of the installation: the few methods of common.Backend
// this package calls, so a test fakes only these and a new client call reaches only the
// package that makes it.
type backend interface {
	AllowApplyByGateway(ctx context.Context, gateway string) (client.AllowApply, client.Surface, error)
	Gateway(ctx context.Context, name string) (client.Gateway, client.Surface, error)
	Gateways(ctx context.Context, keyword string) ([]client.Gateway, client.Surface, error)
	PermissionStatus(ctx context.Context, gateway string) ([]client.ResourcePermission, client.Surface, error)
	Resources(ctx context.Context, gateway, stage string) ([]client.Resource, client.Surface, error)
	SDKUsage(ctx context.Context, gateway, language, stage, resource string) (client.Content, client.Surface, error)
	SDKs(ctx context.Context, gateway, language string) ([]client.StageSDK, client.Surface, error)
	Stages(ctx context.Context, gateway string) ([]client.Stage, client.Surface, error)
}

var _ backend = common.Backend(nil)

// backendOf is the context's backend (behind the untrusted-text guard) as this package uses it.
func backendOf(c *common.Context) backend { return c.Backend }
