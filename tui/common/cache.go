package common

import "github.com/bkconsole/bkconsole/client"

// Cache is the session's data, typed: what one page loaded that another shows or that the
// page shows again on its next visit. The router owns it and starts a new one when the
// language or the profile changes (the servers answer in the language asked, for the profile
// logged in). A page fills and reads it through these fields; what a write made stale (an
// application, a renewal, a decided record) is dropped by its own field's methods.
type Cache struct {
	Gateways Slot[[]client.Gateway]
	// Resources are a gateway's APIs at a stage.
	Resources Shelf[GatewayStage, []client.Resource]
	// Perms is a gateway's permission status; Allow whether the whole gateway may be applied
	// for.
	Perms Shelf[string, []client.ResourcePermission]
	Allow Shelf[string, client.AllowApply]
	// Records are the gateway application records the watcher last saw.
	Records Slot[[]client.Record]
	// MyPerms is the app's permissions of every kind (My permissions).
	MyPerms Slot[[]client.HeldPermission]
	// MCPServers and Systems are the MCP servers and component systems last listed (their
	// pages, or the palette's background read): the palette finds them by name.
	MCPServers Slot[[]client.MCPServerPermission]
	Systems    Slot[[]client.ESBSystem]
	// NoESB marks a session on an installation without ESB (multi-tenant): the palette and E
	// stop offering the components.
	NoESB bool
	// Docs are API docs by DocKey; Rendered is markdown rendered at a width, by its render key.
	Docs     Shelf[DocKey, client.Doc]
	Rendered Shelf[string, string]
	// SDKs are a gateway's SDKs by gateway and language; Usage an SDK's usage text.
	SDKs  Shelf[string, []client.StageSDK]
	Usage Shelf[string, string]
	// Reasons are unsent applications' reasons, by what they apply for.
	Reasons Shelf[string, string]
	// Drafts are what a page leaves for its next visit (the console's request), by a key of
	// that page; only the page that writes one reads it.
	Drafts Shelf[string, any]
}

// InOtherLanguage is the cache for the same session in another language: what the servers said
// is asked again in it; what the user wrote (an application's reason, the console's request)
// stays. A switch of language had dropped a reason typed, unsent.
func (c *Cache) InOtherLanguage() *Cache {
	return &Cache{Reasons: c.Reasons, Drafts: c.Drafts, NoESB: c.NoESB}
}

// GatewayStage names a gateway at a stage.
type GatewayStage struct{ Gateway, Stage string }

// DocKey names an API's doc in a language.
type DocKey struct{ Gateway, Resource, Stage, Lang string }

// DropPerms forgets the permission status of gateways (an application or a renewal changed it,
// or may have): the pages showing it read it afresh.
func (c *Cache) DropPerms(gateways ...string) {
	for _, g := range gateways {
		c.Perms.Drop(g)
	}
	c.MyPerms.Drop()
}

// Slot holds one value, or none.
type Slot[V any] struct {
	v  V
	ok bool
}

func (s *Slot[V]) Get() (V, bool) { return s.v, s.ok }
func (s *Slot[V]) Put(v V)        { s.v, s.ok = v, true }
func (s *Slot[V]) Drop() {
	var zero V
	s.v, s.ok = zero, false
}

// Shelf holds values by key.
type Shelf[K comparable, V any] struct{ m map[K]V }

func (s *Shelf[K, V]) Get(k K) (V, bool) {
	v, ok := s.m[k]
	return v, ok
}

func (s *Shelf[K, V]) Put(k K, v V) {
	if s.m == nil {
		s.m = map[K]V{}
	}
	s.m[k] = v
}

func (s *Shelf[K, V]) Drop(k K) { delete(s.m, k) }

// Each hands over every value, in no order.
func (s *Shelf[K, V]) Each(fn func(K, V)) {
	for k, v := range s.m {
		fn(k, v)
	}
}
