package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/bkconsole/bkconsole/client/i18n"
)

// MCP servers (spec section M): listing with this app's permission, applying in batch and the
// records, on D (cookie login), I (granted app) and O (any app). The connection itself is in
// mcpconn.go.

// MCPApplyRequest applies for MCP servers.
type MCPApplyRequest struct {
	ServerIDs []int
	AppliedBy string // the applicant's username (required)
	Reason    string
}

func checkMCPApply(a MCPApplyRequest) error {
	if err := CheckApplication(KindMCP, a.Reason, 0, len(a.ServerIDs)); err != nil {
		return err
	}
	if strings.TrimSpace(a.AppliedBy) == "" {
		return &ErrUserInput{Key: "input.no_username"}
	}
	return nil
}

// mcpPaths are where D and I keep the MCP operations (their paths differ, the rest is the
// permission surface's door).
type mcpPaths struct{ list, granted, apply, records string }

var (
	mcpPathsD = mcpPaths{"mcp-servers/", "mcp-servers/permissions/", "mcp-servers/permissions/apply/", "mcp-servers/permissions/apply-records/"}
	mcpPathsI = mcpPaths{"mcp-server/permissions/", "mcp-server/permissions/app-permissions/", "mcp-server/permissions/apply/", "mcp-server/permissions/apply-records/"}
)

func (c *perms) mcp() mcpPaths {
	if c.surface == SurfaceDevCenter {
		return mcpPathsD
	}
	return mcpPathsI
}

// MCPServers lists the public, active servers with this app's permission on each.
func (c *perms) MCPServers(ctx context.Context, keyword string) ([]MCPServerPermission, error) {
	q := url.Values{}
	if keyword != "" {
		q.Set("keyword", keyword)
	}
	out := []MCPServerPermission{}
	err := c.get(ctx, c.mcp().list, q, &out)
	return out, err
}

// MCPGranted lists the servers this app holds.
func (c *perms) MCPGranted(ctx context.Context) ([]MCPServerPermission, error) {
	out := []MCPServerPermission{}
	err := c.get(ctx, c.mcp().granted, nil, &out)
	return out, err
}

// MCPApply applies for servers in one batch. D answers 204 without a body: no results.
func (c *perms) MCPApply(ctx context.Context, a MCPApplyRequest) ([]MCPApplyResult, error) {
	if err := checkMCPApply(a); err != nil {
		return nil, err
	}
	body := map[string]any{"mcp_server_ids": a.ServerIDs, "applied_by": a.AppliedBy, "reason": a.Reason}
	if c.surface == SurfaceDevCenter {
		return nil, c.post(ctx, c.mcp().apply, body, nil)
	}
	var out []MCPApplyResult
	err := c.post(ctx, c.mcp().apply, body, &out)
	return out, err
}

// MCPRecords lists this app's MCP applications, newest first (not paginated on D and I).
func (c *perms) MCPRecords(ctx context.Context) ([]MCPServerRecord, error) {
	out := []MCPServerRecord{}
	err := c.get(ctx, c.mcp().records, nil, &out)
	return out, err
}

// MCPServers lists the public servers (O: the full form, no permission), every page.
func (o *Open) MCPServers(ctx context.Context, keyword string) ([]MCPServer, error) {
	q := url.Values{}
	if keyword != "" {
		q.Set("keyword", keyword)
	}
	return followPages(ctx, "mcp-servers", q, func(v url.Values, p *Page[MCPServer]) error {
		return o.t.do(ctx, o.req(http.MethodGet, "mcp-servers/", v, nil), p)
	})
}

// MCPServer reads one server with its tools and guideline (O only).
func (o *Open) MCPServer(ctx context.Context, id int) (MCPServer, error) {
	var s MCPServer
	err := o.t.do(ctx, o.req(http.MethodGet, "mcp-servers/"+strconv.Itoa(id)+"/", nil, nil), &s)
	return s, err
}

// MCPApply applies through O, for the calling app.
func (o *Open) MCPApply(ctx context.Context, a MCPApplyRequest) ([]MCPApplyResult, error) {
	if err := checkMCPApply(a); err != nil {
		return nil, err
	}
	body := map[string]any{"bk_app_code": o.t.cfg.AppCode, "mcp_server_ids": a.ServerIDs, "applied_by": a.AppliedBy, "reason": a.Reason}
	var out []MCPApplyResult
	err := o.t.do(ctx, o.req(http.MethodPost, "mcp-servers/permissions/apply/", nil, body), &out)
	return out, err
}

// MCPGranted lists the servers the app holds (O).
func (o *Open) MCPGranted(ctx context.Context) ([]MCPAppGrant, error) {
	return followPages(ctx, "mcp-servers/permissions", url.Values{"bk_app_code": {o.t.cfg.AppCode}}, func(v url.Values, p *Page[MCPAppGrant]) error {
		return o.t.do(ctx, o.req(http.MethodGet, "mcp-servers/permissions/", v, nil), p)
	})
}

// MCPRecords is O's latest application per server for the app.
func (o *Open) MCPRecords(ctx context.Context) ([]MCPRecord, error) {
	return followPages(ctx, "mcp-servers/permissions/apply-records", url.Values{"bk_app_code": {o.t.cfg.AppCode}}, func(v url.Values, p *Page[MCPRecord]) error {
		return o.t.do(ctx, o.req(http.MethodGet, "mcp-servers/permissions/apply-records/", v, nil), p)
	})
}

// MCP statuses of an app on a server.
const (
	MCPOwned     = "owned"
	MCPPending   = "pending"
	MCPRejected  = "rejected"
	MCPApproved  = "approved"
	MCPNeedApply = "need_apply"
	// MCPUnknown: O lists servers without the app's permission; D or I would say.
	MCPUnknown = ""
)

// Applicable tells whether an application for the server can be taken: not while one waits
// or after one was approved (I answers 409, the Developer Center an error page). Where the
// surface does not say (O), it may be.
func (p MCPPermission) Applicable() bool {
	return p.Status != MCPOwned && p.Status != MCPPending && p.Status != MCPApproved
}

// Applicable: the server's permission's (MCPPermission.Applicable).
func (x MCPServerPermission) Applicable() bool { return x.Permission.Applicable() }

// StatusText is the permission's status in l: "-" where the surface does not say (O).
func (p MCPPermission) StatusText(l i18n.Lang) string {
	switch p.Status {
	case MCPUnknown:
		return "-"
	case MCPOwned, MCPPending, MCPRejected, MCPApproved, MCPNeedApply:
		return i18n.T(l, "mcp.status."+p.Status)
	}
	return p.Status // one the catalog does not know, as the server sent it (not the catalog's key)
}

// MCPServers lists the servers with this app's permission (D, I), else without it (O).
func (p *Planner) MCPServers(ctx context.Context, keyword string) ([]MCPServerPermission, Surface, error) {
	return route(ctx, p, FeatureMCP, func(s Surface) ([]MCPServerPermission, error) {
		if s == SurfaceOpen {
			ss, err := p.O.MCPServers(ctx, keyword)
			if err != nil {
				return nil, err
			}
			return p.withOpenStatus(ctx, ss), nil
		}
		return p.perms(s).(mcpSurface).MCPServers(ctx, keyword)
	})
}

// mcpSurface is what D and I offer of MCP.
type mcpSurface interface {
	MCPServers(ctx context.Context, keyword string) ([]MCPServerPermission, error)
	MCPGranted(ctx context.Context) ([]MCPServerPermission, error)
	MCPApply(ctx context.Context, a MCPApplyRequest) ([]MCPApplyResult, error)
	MCPRecords(ctx context.Context) ([]MCPServerRecord, error)
}

// FindMCPServer finds a server by name (or id) among the listed ones.
func (p *Planner) FindMCPServer(ctx context.Context, name string) (MCPServerPermission, Surface, error) {
	all, via, err := p.MCPServers(ctx, "")
	if err != nil {
		return MCPServerPermission{}, via, err
	}
	for _, x := range all {
		if x.MCPServer.Name == name || strconv.Itoa(x.MCPServer.ID) == name {
			return x, via, nil
		}
	}
	return MCPServerPermission{}, via, &ErrNotFound{What: "mcp", Name: name}
}

// MCPDetail reads a server's tools (O), when O is reachable.
func (p *Planner) MCPDetail(ctx context.Context, id int) (MCPServer, error) {
	if n := p.Cfg.Needs(SurfaceOpen); len(n) > 0 {
		return MCPServer{}, &ErrUnavailable{Feature: FeatureMCP, Needs: n}
	}
	return p.O.MCPServer(ctx, id)
}

// MCPApply applies for servers; a write: sent once (routeWrite).
func (p *Planner) MCPApply(ctx context.Context, a MCPApplyRequest) ([]MCPApplyResult, Surface, error) {
	if a.AppliedBy == "" { // the profile's username, else the logged-in user's
		a.AppliedBy = p.applicant(ctx)
	}
	if err := checkMCPApply(a); err != nil {
		return nil, "", err
	}
	return routeWrite(ctx, p, FeatureMCP, func(s Surface) ([]MCPApplyResult, error) {
		if s == SurfaceOpen {
			return p.O.MCPApply(ctx, a)
		}
		return p.perms(s).(mcpSurface).MCPApply(ctx, a)
	})
}

// MCPRecords lists this app's MCP applications, newest first, in one shape whatever the surface.
func (p *Planner) MCPRecords(ctx context.Context) ([]MCPServerRecord, Surface, error) {
	return route(ctx, p, FeatureMCP, func(s Surface) ([]MCPServerRecord, error) {
		if s == SurfaceOpen {
			rs, err := p.O.MCPRecords(ctx)
			out := make([]MCPServerRecord, 0, len(rs))
			for _, r := range rs {
				var srv MCPServer
				if r.MCPServer != nil {
					srv = *r.MCPServer
				}
				if r.ApplyStatus == "" { // O names them status and status_display
					r.ApplyStatus, r.ApplyStatusDisplay = r.Status, r.StatusDisplay
				}
				out = append(out, MCPServerRecord{MCPServer: srv, Record: r})
			}
			return out, err
		}
		return p.perms(s).(mcpSurface).MCPRecords(ctx)
	})
}

// MCPRecord reads one of the app's MCP applications. No released installation reads one
// alone on every surface, so it is found in the app's list.
func (p *Planner) MCPRecord(ctx context.Context, id int) (MCPServerRecord, Surface, error) {
	rs, via, err := p.MCPRecords(ctx)
	if err != nil {
		return MCPServerRecord{}, via, err
	}
	for _, r := range rs {
		if r.Record.ID == id {
			return r, via, nil
		}
	}
	return MCPServerRecord{}, via, &ErrNotFound{What: "record", Name: strconv.Itoa(id), Kind: KindMCP}
}
