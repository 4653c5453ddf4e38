package common

import (
	"context"
	"encoding/json"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/untrusted"
)

// untrustedBackend cleans every string a server sent of terminal controls before any screen
// sees it: names, descriptions, maintainers, paths, docs, records, log entries, headers. One
// door for all server data, so no screen can forget. Bodies ([]byte) stay exact for saving;
// the response view cleans what it shows.
type untrustedBackend struct{ Backend }

// guard wraps a backend once.
func guard(b Backend) Backend {
	if b == nil {
		return nil
	}
	if _, ok := b.(untrustedBackend); ok {
		return b
	}
	return untrustedBackend{b}
}

func clean[T any](v T, s client.Surface, err error) (T, client.Surface, error) {
	untrusted.Strings(&v)
	return v, s, err
}

func (u untrustedBackend) WhoAmI(ctx context.Context) (client.UserInfo, error) {
	v, err := u.Backend.WhoAmI(ctx)
	untrusted.Strings(&v)
	return v, err
}
func (u untrustedBackend) Gateways(ctx context.Context, k string) ([]client.Gateway, client.Surface, error) {
	return clean(u.Backend.Gateways(ctx, k))
}
func (u untrustedBackend) Gateway(ctx context.Context, n string) (client.Gateway, client.Surface, error) {
	return clean(u.Backend.Gateway(ctx, n))
}
func (u untrustedBackend) Stages(ctx context.Context, g string) ([]client.Stage, client.Surface, error) {
	return clean(u.Backend.Stages(ctx, g))
}
func (u untrustedBackend) Resources(ctx context.Context, g, st string) ([]client.Resource, client.Surface, error) {
	return clean(u.Backend.Resources(ctx, g, st))
}
func (u untrustedBackend) EachResource(ctx context.Context, g, st string, each func(client.Resource) error) (client.Surface, error) {
	return u.Backend.EachResource(ctx, g, st, func(r client.Resource) error {
		untrusted.Strings(&r)
		return each(r)
	})
}
func (u untrustedBackend) Doc(ctx context.Context, g, r, st, l string) (client.Doc, client.Surface, error) {
	return clean(u.Backend.Doc(ctx, g, r, st, l))
}
func (u untrustedBackend) SDKs(ctx context.Context, g, l string) ([]client.StageSDK, client.Surface, error) {
	return clean(u.Backend.SDKs(ctx, g, l))
}
func (u untrustedBackend) SDKUsage(ctx context.Context, g, l, st, r string) (client.Content, client.Surface, error) {
	return clean(u.Backend.SDKUsage(ctx, g, l, st, r))
}
func (u untrustedBackend) CheckAll(ctx context.Context) client.Report {
	r := u.Backend.CheckAll(ctx)
	untrusted.Strings(&r)
	return r
}
func (u untrustedBackend) PermissionStatus(ctx context.Context, g string) ([]client.ResourcePermission, client.Surface, error) {
	return clean(u.Backend.PermissionStatus(ctx, g))
}
func (u untrustedBackend) AllowApplyByGateway(ctx context.Context, g string) (client.AllowApply, client.Surface, error) {
	return clean(u.Backend.AllowApplyByGateway(ctx, g))
}
func (u untrustedBackend) HeldPermissions(ctx context.Context) ([]client.HeldPermission, client.Surface, error) {
	return clean(u.Backend.HeldPermissions(ctx))
}
func (u untrustedBackend) Apply(ctx context.Context, a client.ApplyRequest) (client.ApplyResult, client.Surface, error) {
	return clean(u.Backend.Apply(ctx, a))
}
func (u untrustedBackend) Records(ctx context.Context, q client.RecordQuery) ([]client.Record, client.Surface, error) {
	return clean(u.Backend.Records(ctx, q))
}
func (u untrustedBackend) Record(ctx context.Context, id int) (client.RecordDetail, client.Surface, error) {
	return clean(u.Backend.Record(ctx, id))
}
func (u untrustedBackend) Call(ctx context.Context, r client.CallRequest) (*client.CallResponse, client.Prepared, error) {
	resp, prep, err := u.Backend.Call(ctx, r)
	if resp != nil {
		untrusted.Strings(resp) // headers and the gateway's message; the body stays exact
	}
	return resp, prep, err
}
func (u untrustedBackend) Chat(ctx context.Context, r client.CallRequest, onDelta func(string)) (*client.CallResponse, *client.ChatAnswer, client.Prepared, error) {
	// The answer's pieces are shown as they come: each is cleaned before any page sees it.
	resp, chat, prep, err := u.Backend.Chat(ctx, r, func(d string) { onDelta(untrusted.Text(d)) })
	if resp != nil {
		untrusted.Strings(resp)
	}
	if chat != nil {
		chat.Content, chat.Model, chat.FinishReason = untrusted.Text(chat.Content), untrusted.Line(chat.Model), untrusted.Line(chat.FinishReason)
	}
	return resp, chat, prep, err
}
func (u untrustedBackend) LLMSummary(ctx context.Context, id string, wait time.Duration) (client.LLMSummary, bool, error) {
	s, ok, err := u.Backend.LLMSummary(ctx, id, wait)
	s.Model, s.RequestModel = untrusted.Line(s.Model), untrusted.Line(s.RequestModel)
	return s, ok, err
}
func (u untrustedBackend) Trace(ctx context.Context, id string, wait time.Duration) ([]client.LogEntry, error) {
	es, err := u.Backend.Trace(ctx, id, wait)
	untrusted.Strings(&es)
	return es, err
}
func (u untrustedBackend) ResourceDetail(ctx context.Context, g, r, st, l string) (client.ResourceDetail, error) {
	d, err := u.Backend.ResourceDetail(ctx, g, r, st, l)
	untrusted.Strings(&d)
	return d, err
}

func (u untrustedBackend) MCPServers(ctx context.Context, k string) ([]client.MCPServerPermission, client.Surface, error) {
	return clean(u.Backend.MCPServers(ctx, k))
}
func (u untrustedBackend) MCPDetail(ctx context.Context, id int) (client.MCPServer, error) {
	d, err := u.Backend.MCPDetail(ctx, id)
	untrusted.Strings(&d)
	return d, err
}
func (u untrustedBackend) MCPApply(ctx context.Context, a client.MCPApplyRequest) ([]client.MCPApplyResult, client.Surface, error) {
	return clean(u.Backend.MCPApply(ctx, a))
}
func (u untrustedBackend) MCPTools(ctx context.Context, s client.MCPServer) ([]client.MCPToolInfo, error) {
	ts, err := u.Backend.MCPTools(ctx, s)
	untrusted.Strings(&ts)
	return ts, err
}

func (u untrustedBackend) AfterUnknownRenewal(ctx context.Context, k client.Kind, systemID int, ids []int) ([]client.Renewed, client.Surface, error) {
	return clean(u.Backend.AfterUnknownRenewal(ctx, k, systemID, ids))
}
func (u untrustedBackend) Systems(ctx context.Context) ([]client.ESBSystem, client.Surface, error) {
	return clean(u.Backend.Systems(ctx))
}
func (u untrustedBackend) Components(ctx context.Context, id int) ([]client.Component, client.Surface, error) {
	return clean(u.Backend.Components(ctx, id))
}
func (u untrustedBackend) ComponentRecords(ctx context.Context, q client.RecordQuery) ([]client.ComponentRecord, client.Surface, error) {
	return clean(u.Backend.ComponentRecords(ctx, q))
}
func (u untrustedBackend) ComponentRecord(ctx context.Context, id int) (client.ComponentRecordDetail, client.Surface, error) {
	return clean(u.Backend.ComponentRecord(ctx, id))
}
func (u untrustedBackend) MCPRecords(ctx context.Context) ([]client.MCPServerRecord, client.Surface, error) {
	return clean(u.Backend.MCPRecords(ctx))
}

func (u untrustedBackend) MCPRecord(ctx context.Context, id int) (client.MCPServerRecord, client.Surface, error) {
	return clean(u.Backend.MCPRecord(ctx, id))
}
func (u untrustedBackend) MCPLogin(ctx context.Context, s client.MCPServer, tell func(string)) (time.Time, error) {
	// The login URL comes from the server's metadata: cleaned before any page shows it.
	return u.Backend.MCPLogin(ctx, s, func(url string) { tell(untrusted.Line(url)) })
}
func (u untrustedBackend) MCPCall(ctx context.Context, s client.MCPServer, tool string, args json.RawMessage) (client.MCPCallResult, error) {
	r, err := u.Backend.MCPCall(ctx, s, tool, args)
	untrusted.Strings(&r)
	return r, err
}
