package palette

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/bkconsole/bkconsole/client"
)

// manyAPIs is a backend of gateways with n APIs each, counting the gateways listed.
type manyAPIs struct {
	n      int
	listed atomic.Int32
}

func (m *manyAPIs) EachResource(ctx context.Context, gateway, stage string, each func(client.Resource) error) (client.Surface, error) {
	m.listed.Add(1)
	for i := 0; i < m.n; i++ {
		if err := each(client.Resource{Name: fmt.Sprintf("api_%d", i), Method: "GET", Path: "/x/"}); err != nil {
			return client.SurfaceOpen, err
		}
	}
	return client.SurfaceOpen, nil
}

// Once the index holds its most, no other gateway is listed: the full index went on fetching
// and decoding every gateway left (a hostile server's 15,000 gateways of 15,000 APIs each kept
// four workers busy for its two minutes, and keys waited on the starved program).
func TestIndexStopsListingWhenFull(t *testing.T) {
	b := &manyAPIs{n: indexMaxAPIs / 10}
	var gws []client.Gateway
	for i := 0; i < 100; i++ {
		gws = append(gws, client.Gateway{Name: fmt.Sprintf("gw-%d", i)})
	}
	msg := BuildIndex(b, gws, "prod", "s", nil, "")().(APIIndexMsg)
	if len(msg.Entries) != indexMaxAPIs {
		t.Fatalf("%d entries, want the most, %d", len(msg.Entries), indexMaxAPIs)
	}
	if n := b.listed.Load(); n > 10+indexWorkers {
		t.Fatalf("%d gateways listed for an index full after 10", n)
	}
}
