package profile

import (
	"context"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/common"
)

// backend is what the profile pages ask of the installation: the few methods of common.Backend
// this package calls, so a test fakes only these and a new client call reaches only the
// package that makes it.
type backend interface {
	CheckAll(ctx context.Context) client.Report
}

var _ backend = common.Backend(nil)

// backendOf is the context's backend (behind the untrusted-text guard) as this package uses it.
func backendOf(c *common.Context) backend { return c.Backend }
