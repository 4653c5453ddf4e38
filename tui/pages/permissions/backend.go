package permissions

import (
	"context"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/common"
)

// backend is what the application and renewal forms and My permissions ask of the installation: the few methods of common.Backend
// this package calls, so a test fakes only these and a new client call reaches only the
// package that makes it.
type backend interface {
	AfterUnknownRenewal(ctx context.Context, k client.Kind, systemID int, ids []int) ([]client.Renewed, client.Surface, error)
	HeldPermissions(ctx context.Context) ([]client.HeldPermission, client.Surface, error)
	Apply(ctx context.Context, a client.ApplyRequest) (client.ApplyResult, client.Surface, error)
	ComponentApply(ctx context.Context, a client.ComponentApplyRequest) (client.ApplyResult, client.Surface, error)
	ComponentRenew(ctx context.Context, ids []int, days int) (client.Surface, error)
	FindApplication(ctx context.Context, s client.Sent) (client.Found, error)
	MCPApply(ctx context.Context, a client.MCPApplyRequest) ([]client.MCPApplyResult, client.Surface, error)
	NewestRecord(ctx context.Context, k client.Kind, target string) int
	Renew(ctx context.Context, ids []int, days int) (client.Surface, error)
}

var _ backend = common.Backend(nil)

// backendOf is the context's backend (behind the untrusted-text guard) as this package uses it.
func backendOf(c *common.Context) backend { return c.Backend }
