package client

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// OpenResourceFields is the field set bkconsole asks O for (its default is only id,name).
const OpenResourceFields = "id,name,kind,description,method,path,match_subpath,enable_websocket,is_public,labels,auth_config"

// Open is surface O: the open APIs of the bk-apigateway gateway, callable by any app.
type Open struct{ t *Transport }

// NewOpen returns the surface O client.
func NewOpen(t *Transport) *Open { return &Open{t: t} }

// apigwBase is the bk-apigateway gateway's prod stage, where O and I live.
func apigwBase(t *Transport) string {
	return GatewayBaseURL(t.cfg.APIURLTmpl, "bk-apigateway") + "/prod"
}

func appAuthHeader(t *Transport) http.Header {
	return http.Header{"X-Bkapi-Authorization": {t.cfg.AppAuth().Header()}}
}

func (o *Open) req(method, path string, q url.Values, body any) request {
	return request{method: method, url: apigwBase(o.t) + "/api/v2/open/" + path, query: q, body: body,
		headers: appAuthHeader(o.t), env: envData}
}

// Gateways lists gateways whose name or description contains keyword.
func (o *Open) Gateways(ctx context.Context, keyword string) ([]Gateway, error) {
	return collect(func(each func(Gateway) error) error { return o.EachGateway(ctx, keyword, each) })
}

// EachGateway hands on the gateways matching keyword one at a time, as they are decoded.
func (o *Open) EachGateway(ctx context.Context, keyword string, each func(Gateway) error) error {
	q := url.Values{}
	if keyword != "" {
		q.Set("keyword", keyword)
	}
	return streamList(ctx, o.t, o.req(http.MethodGet, "gateways/", q, nil), each)
}

// GatewayByName finds one gateway by exact name (O has no detail endpoint).
func (o *Open) GatewayByName(ctx context.Context, name string) ([]Gateway, error) {
	var gs []Gateway
	err := o.t.do(ctx, o.req(http.MethodGet, "gateways/", url.Values{"name": {name}, "fuzzy": {"false"}}, nil), &gs)
	return gs, err
}

// Resources lists a gateway's resources with all fields (the editing set, not a released stage).
func (o *Open) Resources(ctx context.Context, gateway, keyword string) ([]Resource, error) {
	return collect(func(each func(Resource) error) error { return o.EachResource(ctx, gateway, keyword, each) })
}

// EachResource hands on a gateway's resources one at a time, normalized.
func (o *Open) EachResource(ctx context.Context, gateway, keyword string, each func(Resource) error) error {
	q := url.Values{"fields": {OpenResourceFields}}
	if keyword != "" {
		q.Set("keyword", keyword)
	}
	return streamList(ctx, o.t, o.req(http.MethodGet, "gateways/"+url.PathEscape(gateway)+"/resources/", q, nil),
		func(r Resource) error {
			r.Normalize()
			return each(r)
		})
}

// ResourceDetail reads a resource released in a stage, with its doc and OpenAPI schema.
func (o *Open) ResourceDetail(ctx context.Context, gateway, resource, stage, lang string) (ResourceDetail, error) {
	r := o.req(http.MethodGet, "gateways/"+url.PathEscape(gateway)+"/resources/"+url.PathEscape(resource)+"/",
		url.Values{"stage_name": {stage}}, nil)
	if lang != "" {
		r.headers.Set("Accept-Language", acceptLanguage(lang))
	}
	var d ResourceDetail
	err := o.t.do(ctx, r, &d)
	d.Normalize()
	return d, err
}

// Apply applies for APIs (or the whole gateway) on behalf of the profile's app and username.
func (o *Open) Apply(ctx context.Context, a ApplyRequest) (ApplyResult, error) {
	if strings.TrimSpace(a.Applicant) == "" { // said as MCP's apply says it: where to name it
		return ApplyResult{}, &ErrUserInput{Key: "input.no_username"}
	}
	if !ValidUsername(a.Applicant) {
		return ApplyResult{}, &ErrUserInput{Key: "input.need_username", Args: []any{a.Applicant}}
	}
	body := map[string]any{
		"target_app_code": o.t.cfg.AppCode,
		"applicant":       a.Applicant,
		"reason":          a.Reason,
		"expire_days":     a.ExpireDays,
	}
	if a.WholeGateway {
		body["grant_dimension"] = "gateway"
	} else {
		body["grant_dimension"] = "resource"
		body["resource_names"] = a.ResourceNames
	}
	var res ApplyResult
	err := o.t.do(ctx, o.req(http.MethodPost, "gateways/"+url.PathEscape(a.Gateway)+"/permissions/apply/", nil, body), &res)
	return res, err
}

// QueryLog reads the gateway's log of one request; [] while it is not indexed yet.
func (o *Open) QueryLog(ctx context.Context, requestID string) ([]LogEntry, error) {
	var es []LogEntry
	err := o.t.do(ctx, o.req(http.MethodGet, "tools/log/query_by_request_id/", url.Values{"request_id": {requestID}}, nil), &es)
	return es, err
}
