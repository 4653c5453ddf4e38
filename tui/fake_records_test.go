package tui

import (
	"context"
	"slices"
	"strconv"

	"github.com/bkconsole/bkconsole/client"
)

func (f *fakeBackend) NewestRecord(ctx context.Context, k client.Kind, target string) int {
	newest := 0
	if k == client.KindMCP {
		rs, _, _ := f.MCPRecords(ctx)
		for _, r := range rs {
			newest = max(newest, r.Record.ID)
		}
		return newest
	}
	rs, _, _ := f.Records(ctx, client.RecordQuery{Query: target})
	for _, r := range rs {
		newest = max(newest, r.ID)
	}
	return newest
}

// FindApplication proves an application with a record above the newest before the send, for
// the gateway, with the reason sent (the fake's records hold no items).
func (f *fakeBackend) FindApplication(ctx context.Context, s client.Sent) (client.Found, error) {
	if s.Kind == client.KindMCP {
		rs, via, err := f.MCPRecords(ctx)
		for _, r := range rs {
			if r.Record.ID > s.Newest && slices.Contains(s.Items, r.MCPServer.Name) {
				return client.Found{Proven: true, IDs: []int{r.Record.ID}, Status: r.Record.ApplyStatus, Surface: via}, err
			}
		}
		return client.Found{Surface: via}, err
	}
	rs, via, err := f.Records(ctx, client.RecordQuery{Query: s.Target})
	if err != nil {
		return client.Found{Surface: via}, err
	}
	for _, r := range rs {
		if r.ID > s.Newest && (r.GatewayName == "" || r.GatewayName == s.Target) && (r.Reason == "" || r.Reason == s.Reason) {
			return client.Found{Proven: true, IDs: []int{r.ID}, Status: r.ApplyStatus, Surface: via}, nil
		}
	}
	return client.Found{Surface: via}, nil
}

// AfterUnknownRenewal answers the expiries of the fake's permissions as they stand.
func (f *fakeBackend) AfterUnknownRenewal(ctx context.Context, k client.Kind, systemID int, ids []int) ([]client.Renewed, client.Surface, error) {
	f.count("after_renew")
	var out []client.Renewed
	if k == client.KindComponent {
		cs, s, err := f.Components(ctx, systemID)
		for _, c := range cs {
			if slices.Contains(ids, c.ID) {
				out = append(out, client.Renewed{ID: c.ID, Name: c.Name, Owner: c.SystemName, Expiry: client.ExpiryOf(c.PermissionStatus, c.ExpiresIn)})
			}
		}
		return out, s, err
	}
	return out, client.SurfaceDevCenter, nil
}

func (f *fakeBackend) MCPRecords(ctx context.Context) ([]client.MCPServerRecord, client.Surface, error) {
	f.count("mcp_records")
	return []client.MCPServerRecord{{MCPServer: client.MCPServer{ID: 1, Name: "demo-echo-prod-echo"},
		Record: client.MCPRecord{Application: client.Application{ID: 601, AppliedBy: "me", ApplyStatus: client.MCPPending, Reason: "agent"}, ApprovalURL: "http://itsm/601"}}}, client.SurfaceDevCenter, nil
}

func (f *fakeBackend) MCPRecord(ctx context.Context, id int) (client.MCPServerRecord, client.Surface, error) {
	rs, via, err := f.MCPRecords(ctx)
	for _, r := range rs {
		if r.Record.ID == id {
			return r, via, err
		}
	}
	return client.MCPServerRecord{}, via, &client.ErrNotFound{What: "record", Name: strconv.Itoa(id)}
}

// fail makes the calls named return err (nil: answer again).
func (f *fakeBackend) fail(call string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failing == nil {
		f.failing = map[string]error{}
	}
	f.failing[call] = err
}

func (f *fakeBackend) ComponentRecords(ctx context.Context, q client.RecordQuery) ([]client.ComponentRecord, client.Surface, error) {
	if f.noESB {
		return nil, "", client.ErrNoESB
	}
	return []client.ComponentRecord{{Application: client.Application{ID: 501, AppliedBy: "me", ApplyStatus: client.RecordPartialApproved, ExpireDays: 180, Reason: "sync"}, SystemName: "CC"}}, client.SurfaceDevCenter, nil
}

func (f *fakeBackend) ComponentRecord(ctx context.Context, id int) (client.ComponentRecordDetail, client.Surface, error) {
	d := client.ComponentRecordDetail{ComponentRecord: client.ComponentRecord{Application: client.Application{ID: id, ApplyStatus: client.RecordPartialApproved, Comment: "sensitive rejected"}, SystemName: "CC"}}
	d.Components = []client.ComponentResult{{ID: 1, Name: "search_business", ApplyStatus: "approved"}, {ID: 2, Name: "update_host", ApplyStatus: "rejected"}}
	return d, client.SurfaceDevCenter, nil
}
