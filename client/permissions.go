package client

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// Permissions is the permission surface: the same operations on the inner APIs (I) and on the
// Developer Center backend (D), which differ only in URL, envelope and authentication.
type Permissions interface {
	Surface() Surface
	Gateways(ctx context.Context, name string) ([]Gateway, error)
	Gateway(ctx context.Context, name string) (Gateway, error)
	Status(ctx context.Context, gateway string) ([]ResourcePermission, error)
	AllowApplyByGateway(ctx context.Context, gateway string) (AllowApply, error)
	Apply(ctx context.Context, a ApplyRequest) (ApplyResult, error)
	Renew(ctx context.Context, resourceIDs []int, expireDays int) error
	AppPermissions(ctx context.Context) ([]ResourcePermission, error)
	Records(ctx context.Context, q RecordQuery) ([]Record, error)
	Record(ctx context.Context, id int) (RecordDetail, error)
}

// ValidExpireDays are the validity choices the contract accepts.
func ValidExpireDays(d int) bool { return d == 0 || d == 180 || d == 360 }

func checkApply(a ApplyRequest) error {
	k, n := KindAPI, max(len(a.ResourceIDs), len(a.ResourceNames))
	if a.WholeGateway {
		k = KindGateway
	}
	return CheckApplication(k, a.Reason, a.ExpireDays, n)
}

func checkRenew(ids []int, days int) error { return CheckRenewal(ids, days) }

func applyBody(a ApplyRequest) map[string]any {
	ids := a.ResourceIDs
	dim := "resource"
	if a.WholeGateway {
		dim, ids = "api", []int{}
	}
	return map[string]any{"resource_ids": ids, "reason": a.Reason, "expire_days": a.ExpireDays, "grant_dimension": dim}
}

func recordQuery(q RecordQuery) url.Values {
	v := url.Values{}
	if q.AppliedBy != "" {
		v.Set("applied_by", q.AppliedBy)
	}
	if q.Start > 0 && q.End > 0 {
		v.Set("applied_time_start", strconv.FormatInt(q.Start, 10))
		v.Set("applied_time_end", strconv.FormatInt(q.End, 10))
	}
	if q.ApplyStatus != "" {
		v.Set("apply_status", q.ApplyStatus)
	}
	if q.Query != "" {
		v.Set("query", q.Query)
	}
	return v
}

// pagedRecords follows every page of the records listing.
func pagedRecords(ctx context.Context, q url.Values, get func(url.Values, *Page[Record]) error) ([]Record, error) {
	return followPages(ctx, "apply-records", q, get)
}

// perms is the one implementation of the permission operations. I and D differ only in their
// door (URL, envelope, authentication: get and post) and in two paths; each surface below
// supplies those and nothing else.
type perms struct {
	surface              Surface
	t                    *Transport
	read                 func(path string, q url.Values) request // a GET through the door
	get                  func(ctx context.Context, path string, q url.Values, out any) error
	post                 func(ctx context.Context, path string, body map[string]any, out any) error
	allowPath, applyPath string // under gateways/{g}/
	fuzzyFlag            bool   // I matches names exactly unless asked; D is fuzzy by default
}

func (c *perms) Surface() Surface { return c.surface }

func gwPath(gateway, rest string) string { return "gateways/" + url.PathEscape(gateway) + "/" + rest }

func (c *perms) Gateways(ctx context.Context, name string) ([]Gateway, error) {
	q := url.Values{}
	if name != "" {
		q.Set("name", name)
		if c.fuzzyFlag {
			q.Set("fuzzy", "true")
		}
	}
	var gs []Gateway
	err := c.get(ctx, "gateways/", q, &gs)
	return gs, err
}

func (c *perms) Gateway(ctx context.Context, name string) (Gateway, error) {
	var g Gateway
	err := c.get(ctx, gwPath(name, ""), nil, &g)
	return g, err
}

func (c *perms) Status(ctx context.Context, gateway string) ([]ResourcePermission, error) {
	// Decoded as it arrives: a 50,000-API gateway's answer is never held whole beside its
	// decoded permissions.
	ps := []ResourcePermission{}
	err := streamList(ctx, c.t, c.read(gwPath(gateway, "permissions/resources/"), nil), func(p ResourcePermission) error {
		ps = append(ps, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ps, nil
}

func (c *perms) AllowApplyByGateway(ctx context.Context, gateway string) (AllowApply, error) {
	var a AllowApply
	err := c.get(ctx, gwPath(gateway, c.allowPath), nil, &a)
	return a, err
}

func (c *perms) Apply(ctx context.Context, a ApplyRequest) (ApplyResult, error) {
	if err := checkApply(a); err != nil {
		return ApplyResult{}, err
	}
	var r ApplyResult
	err := c.post(ctx, gwPath(a.Gateway, c.applyPath), applyBody(a), &r)
	return r, err
}

func (c *perms) Renew(ctx context.Context, ids []int, days int) error {
	if err := checkRenew(ids, days); err != nil {
		return err
	}
	return c.post(ctx, "gateways/permissions/renew/", map[string]any{"resource_ids": ids, "expire_days": days}, nil)
}

func (c *perms) AppPermissions(ctx context.Context) ([]ResourcePermission, error) {
	var ps []ResourcePermission
	err := c.get(ctx, "gateways/permissions/app-permissions/", nil, &ps)
	return ps, err
}

func (c *perms) Records(ctx context.Context, q RecordQuery) ([]Record, error) {
	return pagedRecords(ctx, recordQuery(q), func(v url.Values, p *Page[Record]) error {
		return c.get(ctx, "gateways/permissions/apply-records/", v, p)
	})
}

func (c *perms) Record(ctx context.Context, id int) (RecordDetail, error) {
	var r RecordDetail
	err := c.get(ctx, "gateways/permissions/apply-records/"+strconv.Itoa(id)+"/", nil, &r)
	return r, err
}

// Inner is surface I: /api/v2/inner/ of bk-apigateway, for apps an administrator granted. Every
// call carries target_app_code; answers are wrapped in data.
type Inner struct {
	perms
	t *Transport
}

// NewInner returns the surface I client.
func NewInner(t *Transport) *Inner {
	c := &Inner{t: t}
	c.perms = perms{surface: SurfaceInner, t: t, read: c.readRequest, get: c.doGet, post: c.doPost, fuzzyFlag: true,
		allowPath: "permissions/app-permissions/allow-apply-by-gateway/", applyPath: "permissions/app-permissions/apply/"}
	return c
}

func (c *Inner) readRequest(path string, q url.Values) request {
	if q == nil {
		q = url.Values{}
	}
	q.Set("target_app_code", c.t.cfg.AppCode)
	return request{method: http.MethodGet, url: apigwBase(c.t) + "/api/v2/inner/" + path, query: q,
		headers: appAuthHeader(c.t), env: envData}
}

func (c *Inner) doGet(ctx context.Context, path string, q url.Values, out any) error {
	return c.t.do(ctx, c.readRequest(path, q), out)
}

func (c *Inner) doPost(ctx context.Context, path string, body map[string]any, out any) error {
	body["target_app_code"] = c.t.cfg.AppCode
	return c.t.do(ctx, request{method: http.MethodPost, url: apigwBase(c.t) + "/api/v2/inner/" + path, body: body,
		headers: appAuthHeader(c.t), env: envData}, out)
}

// DevCenter is surface D: the Developer Center backend the real "Cloud API permissions" page
// calls, with the user's bk_token cookie and, on POST, Django's CSRF cookie and header. The app
// code is in the path; answers are not wrapped.
type DevCenter struct {
	perms
	t    *Transport
	csrf string
}

// NewDevCenter returns the surface D client with a CSRF token of its own choosing.
func NewDevCenter(t *Transport) *DevCenter {
	c := &DevCenter{t: t, csrf: newCSRFToken()}
	c.perms = perms{surface: SurfaceDevCenter, t: t, read: c.readRequest, get: c.doGet, post: c.doPost,
		allowPath: "permissions/allow-apply-by-gateway/", applyPath: "permissions/apply/"}
	return c
}

// newCSRFToken makes 32 letters and digits, which Django accepts when cookie and header agree.
func newCSRFToken() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func (c *DevCenter) base() string {
	return joinURL(c.t.cfg.DeveloperCenterURL, fmt.Sprintf("/backend/api/cloudapi-v2/apps/%s/inner/", url.PathEscape(c.t.cfg.AppCode)))
}

func (c *DevCenter) origin() string {
	u, err := url.Parse(c.t.cfg.DeveloperCenterURL)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

func (c *DevCenter) readRequest(path string, q url.Values) request {
	return request{method: http.MethodGet, url: c.base() + path, query: q, env: envPlain,
		cookies: []*http.Cookie{{Name: c.t.cfg.tokenName(), Value: c.t.cfg.BkToken}}}
}

func (c *DevCenter) doGet(ctx context.Context, path string, q url.Values, out any) error {
	return c.t.do(ctx, c.readRequest(path, q), out)
}

func (c *DevCenter) doPost(ctx context.Context, path string, body map[string]any, out any) error {
	o := c.origin()
	return c.t.do(ctx, request{method: http.MethodPost, url: c.base() + path, body: body, env: envPlain,
		headers: http.Header{"X-Csrftoken": {c.csrf}, "Origin": {o}, "Referer": {o + "/"}},
		cookies: []*http.Cookie{{Name: c.t.cfg.tokenName(), Value: c.t.cfg.BkToken}, {Name: "bk_paas3_csrftoken", Value: c.csrf}}}, out)
}
