package esb

import (
	"context"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/common"
)

// backend is what the component pages ask of the installation: the few methods of common.Backend
// this package calls, so a test fakes only these and a new client call reaches only the
// package that makes it.
type backend interface {
	CallComponent(ctx context.Context, r client.ComponentCall) (*client.CallResponse, client.Prepared, error)
	Components(ctx context.Context, systemID int) ([]client.Component, client.Surface, error)
	PrepareComponent(r client.ComponentCall) (client.Prepared, error)
	Systems(ctx context.Context) ([]client.ESBSystem, client.Surface, error)
}

var _ backend = common.Backend(nil)

// backendOf is the context's backend (behind the untrusted-text guard) as this package uses it.
func backendOf(c *common.Context) backend { return c.Backend }
