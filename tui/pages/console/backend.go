package console

import (
	"context"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/common"
)

// backend is what the request console ask of the installation: the few methods of common.Backend
// this package calls, so a test fakes only these and a new client call reaches only the
// package that makes it.
type backend interface {
	AuthPreview(withUser bool) string
	Call(ctx context.Context, r client.CallRequest) (*client.CallResponse, client.Prepared, error)
	Components(ctx context.Context, systemID int) ([]client.Component, client.Surface, error)
	PastedAuth(fields map[string]string) (a client.AuthFields, withUser, ok bool)
	Prepare(r client.CallRequest) (client.Prepared, error)
	ResourceDetail(ctx context.Context, gateway, resource, stage, lang string) (client.ResourceDetail, error)
	Resources(ctx context.Context, gateway, stage string) ([]client.Resource, client.Surface, error)
	Systems(ctx context.Context) ([]client.ESBSystem, client.Surface, error)
	Trace(ctx context.Context, requestID string, wait time.Duration) ([]client.LogEntry, error)
}

var _ backend = common.Backend(nil)

// backendOf is the context's backend (behind the untrusted-text guard) as this package uses it.
func backendOf(c *common.Context) backend { return c.Backend }
