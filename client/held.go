package client

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/bkconsole/bkconsole/client/i18n"
)

// HeldPermission is one of the app's permissions as "My permissions" lists them: a gateway
// API's (D/I `gateways/permissions/app-permissions/`) or a component's (E
// `permissions/app-permissions/`), the two kinds the Developer Center's page shows side by side
// and that expire. MCP permissions never expire (spec M), so they are not among them.
type HeldPermission struct {
	Kind Kind `json:"kind"` // KindAPI or KindComponent
	ResourcePermission
	// SystemName and SystemID are a component's system (GatewayName is then empty).
	SystemName string `json:"system_name,omitempty"`
	SystemID   int    `json:"system_id,omitempty"`
}

// Where is the gateway of an API, the system of a component.
func (h HeldPermission) Where() string {
	if h.Kind == KindComponent {
		return h.SystemName
	}
	return h.GatewayName
}

// Key names the permission among all the app's: its kind, where it is and its name.
func (h HeldPermission) Key() string { return string(h.Kind) + "/" + h.Where() + "/" + h.Name }

// ComponentsUnreadError is the component half of the app's permissions that could not be read
// (the gateway half was): the list is shown without them, and the user told why.
type ComponentsUnreadError struct{ Err error }

func (e *ComponentsUnreadError) Error() string {
	return fmt.Sprintf("component permissions could not be read: %v", e.Err)
}
func (e *ComponentsUnreadError) Unwrap() error { return e.Err }

// Missing says which part of the list is missing (PartlyRead).
func (e *ComponentsUnreadError) Missing(lang i18n.Lang) string {
	return i18n.T(lang, "myperms.components_unread_lead")
}

// AppComponents lists every component permission of the app, across systems.
func (p *Planner) AppComponents(ctx context.Context) ([]Component, Surface, error) {
	return route(ctx, p, FeatureComponents, func(s Surface) ([]Component, error) { return p.esb(s).AppComponents(ctx) })
}

// HeldPermissions lists every permission the app holds: the gateway APIs', then, where the
// installation has ESB, the components' (a multi-tenant installation has none: no error). When
// only the components' cannot be read, the gateway APIs' come back with a
// *ComponentsUnreadError; the surface is the gateway APIs'.
func (p *Planner) HeldPermissions(ctx context.Context) ([]HeldPermission, Surface, error) {
	// The two lists are read at once: the page waits for one round trip, not two.
	var cs []Component
	var cerr error
	var read sync.WaitGroup
	read.Go(func() { cs, _, cerr = p.AppComponents(ctx) })
	ps, via, err := p.AppPermissions(ctx)
	read.Wait()
	if err != nil {
		return nil, via, err
	}
	out := make([]HeldPermission, 0, len(ps)+len(cs))
	for _, r := range ps {
		out = append(out, HeldPermission{Kind: KindAPI, ResourcePermission: r})
	}
	err = cerr
	if errors.Is(err, ErrNoESB) {
		return out, via, nil
	}
	if err != nil {
		return out, via, &ComponentsUnreadError{err}
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].SystemName != cs[j].SystemName {
			return cs[i].SystemName < cs[j].SystemName
		}
		return cs[i].Name < cs[j].Name
	})
	for _, c := range cs {
		out = append(out, HeldPermission{Kind: KindComponent, ResourcePermission: ResourcePermission{ID: c.ID, Name: c.Name, Grant: c.Grant},
			SystemName: c.SystemName, SystemID: c.SystemID})
	}
	return out, via, nil
}
