package records

import (
	"context"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/common"
)

// backend is what the records pages ask of the installation: the few methods of common.Backend
// this package calls, so a test fakes only these and a new client call reaches only the
// package that makes it.
type backend interface {
	ComponentRecord(ctx context.Context, id int) (client.ComponentRecordDetail, client.Surface, error)
	ComponentRecords(ctx context.Context, q client.RecordQuery) ([]client.ComponentRecord, client.Surface, error)
	MCPRecord(ctx context.Context, id int) (client.MCPServerRecord, client.Surface, error)
	MCPRecords(ctx context.Context) ([]client.MCPServerRecord, client.Surface, error)
	Record(ctx context.Context, id int) (client.RecordDetail, client.Surface, error)
	Records(ctx context.Context, q client.RecordQuery) ([]client.Record, client.Surface, error)
}

var _ backend = common.Backend(nil)

// backendOf is the context's backend (behind the untrusted-text guard) as this package uses it.
func backendOf(c *common.Context) backend { return c.Backend }
