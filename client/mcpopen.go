package client

import (
	"context"
	"time"
)

// The open APIs list MCP servers without this app's permission, but they list the app's
// granted servers and its latest application per server: from those two the status is the
// one upstream's permission view gives (owned if granted, else the latest application's
// pending, rejected or approved, else need_apply; action "apply" for rejected and need_apply).
// A listing that did not answer leaves the status unknown, as before: never guessed.

// withOpenStatus fills in each server's permission from O's grants and latest records.
func (p *Planner) withOpenStatus(ctx context.Context, servers []MCPServer) []MCPServerPermission {
	out := make([]MCPServerPermission, len(servers))
	for i, s := range servers {
		out[i] = MCPServerPermission{MCPServer: s}
	}
	grants, err := p.O.MCPGranted(ctx)
	if err != nil {
		return out
	}
	records, err := p.O.MCPRecords(ctx)
	if err != nil {
		return out
	}
	now := time.Now()
	owned := map[int]bool{}
	for _, g := range grants {
		owned[g.MCPServer.ID] = owned[g.MCPServer.ID] || g.Expires.IsZero() || g.Expires.After(now)
	}
	latest := map[int]MCPRecord{}
	for _, r := range records { // newest first: the first of a server is its latest
		if _, seen := latest[r.serverID()]; !seen && r.serverID() != 0 {
			latest[r.serverID()] = r
		}
	}
	for i := range out {
		out[i].Permission = openPermission(owned[out[i].MCPServer.ID], latest[out[i].MCPServer.ID])
	}
	return out
}

// RecordsReadable says whether the records of an application of kind k sent through via can
// be read back there: everywhere but the open APIs, which do list MCP applications (the latest
// per server).
func RecordsReadable(k Kind, via Surface) bool { return via != SurfaceOpen || k == KindMCP }

// StatusUnknown says whether a listing left some server's status unknown (O's listings did
// not answer): what the screens say instead of a status.
func StatusUnknown(list []MCPServerPermission) bool {
	for _, x := range list {
		if x.Permission.Status == MCPUnknown {
			return true
		}
	}
	return false
}

// openPermission is a server's permission by upstream's rule, from whether the app holds a
// grant and its latest application (zero when none).
func openPermission(owned bool, r MCPRecord) MCPPermission {
	status := r.ApplyStatus
	if status == "" {
		status = r.Status // O names it status
	}
	switch {
	case owned:
		return MCPPermission{Status: MCPOwned}
	case status == MCPPending || status == MCPApproved:
		return MCPPermission{Status: status, ApprovalURL: r.ApprovalURL}
	case status == MCPRejected:
		return MCPPermission{Status: MCPRejected, Action: "apply", ApprovalURL: r.ApprovalURL}
	}
	return MCPPermission{Status: MCPNeedApply, Action: "apply"}
}

// serverID is the server an O record is for (0 when it names none).
func (r MCPRecord) serverID() int {
	if r.MCPServer == nil {
		return 0
	}
	return r.MCPServer.ID
}
