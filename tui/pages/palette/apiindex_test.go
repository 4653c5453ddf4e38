package palette

import (
	"context"
	"errors"
	"fmt"
	"slices"
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
	msg := BuildIndex(b, gws, "prod", "s", nil, "", nil)().(APIIndexMsg)
	if len(msg.Entries) != indexMaxAPIs {
		t.Fatalf("%d entries, want the most, %d", len(msg.Entries), indexMaxAPIs)
	}
	if n := b.listed.Load(); n > 10+indexWorkers {
		t.Fatalf("%d gateways listed for an index full after 10", n)
	}
}

// failingFor is manyAPIs whose listing of one gateway fails.
type failingFor struct {
	manyAPIs
	gateway string
}

func (f *failingFor) EachResource(ctx context.Context, gateway, stage string, each func(client.Resource) error) (client.Surface, error) {
	if gateway == f.gateway {
		return client.SurfaceHelpCenter, errors.New("connection reset")
	}
	return f.manyAPIs.EachResource(ctx, gateway, stage, each)
}

// A gateway whose APIs cannot be read keeps what the last index had of it (the disk's copy,
// written again with them); only one that no index had is named unread.
func TestIndexKeepsWhatItHadOfAGatewayThatFails(t *testing.T) {
	gws := []client.Gateway{{Name: "a"}, {Name: "b"}, {Name: "c"}}
	previous := []APIEntry{{Gateway: "b", Name: "old_b"}, {Gateway: "a", Name: "old_a"}}
	msg := BuildIndex(&failingFor{manyAPIs{n: 1}, "b"}, gws, "prod", "s", nil, "", previous)().(APIIndexMsg)
	var names []string
	for _, e := range msg.Entries {
		names = append(names, e.Gateway+"/"+e.Name)
	}
	slices.Sort(names)
	if want := []string{"a/api_0", "b/old_b", "c/api_0"}; !slices.Equal(names, want) || len(msg.Unread) != 0 {
		t.Errorf("entries %v unread %v, want %v and none", names, msg.Unread, want)
	}
	msg = BuildIndex(&failingFor{manyAPIs{n: 1}, "c"}, gws, "prod", "s", nil, "", previous)().(APIIndexMsg)
	if !slices.Equal(msg.Unread, []string{"c"}) {
		t.Errorf("unread %v, want [c]", msg.Unread)
	}
}
