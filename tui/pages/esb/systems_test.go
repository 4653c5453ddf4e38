package esb

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/common/pagetest"
)

// fakeBackend is what the systems page asks: the systems.
type fakeBackend struct {
	common.Backend
	systems []client.ESBSystem
	err     error
}

func (b fakeBackend) Systems(context.Context) ([]client.ESBSystem, client.Surface, error) {
	return b.systems, client.SurfaceInner, b.err
}

// The systems are listed; on an installation without ESB the page says so and the session
// remembers it, so the palette and E stop offering components.
func TestSystemsListedOrAbsent(t *testing.T) {
	t.Parallel()
	c := pagetest.Context(fakeBackend{systems: []client.ESBSystem{{ID: 1, Name: "JOB", Description: "job platform"}, {ID: 2, Name: "CMDB"}}}, i18n.English)
	s := NewSystemsScreen(c)
	pagetest.Start(t, s, 100, 20)
	for _, want := range []string{"JOB", "CMDB", "job platform"} {
		if !strings.Contains(s.View(), want) {
			t.Errorf("%q not listed:\n%s", want, s.View())
		}
	}
	if c.Cache.NoESB {
		t.Error("an installation with systems is marked without ESB")
	}

	c = pagetest.Context(fakeBackend{err: fmt.Errorf("multi-tenant: %w", client.ErrNoESB)}, i18n.Chinese)
	s = NewSystemsScreen(c)
	pagetest.Start(t, s, 100, 20)
	if !c.Cache.NoESB {
		t.Error("an installation without ESB is not remembered")
	}
	if strings.TrimSpace(s.View()) == "" {
		t.Error("the page says nothing without ESB")
	}
}
