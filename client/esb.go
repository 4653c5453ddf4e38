package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/bkconsole/bkconsole/client/i18n"
)

// ESB component APIs (spec section E): the Developer Center's second tab. D and I share the
// operations under esb/systems/; O has none. A 404 on these routes means a multi-tenant
// installation, where ESB does not exist.

// ComponentApplyRequest applies for components of one system.
type ComponentApplyRequest struct {
	SystemID     int
	ComponentIDs []int
	Reason       string
	ExpireDays   int
}

func (c *perms) esbGet(ctx context.Context, path string, q url.Values, out any) error {
	return esbMissing(c.get(ctx, "esb/systems/"+path, q, out))
}

func (c *perms) esbPost(ctx context.Context, path string, body map[string]any, out any) error {
	return esbMissing(c.post(ctx, "esb/systems/"+path, body, out))
}

// ErrNoESB: the installation has no ESB (multi-tenant): its routes answer 404.
var ErrNoESB = errors.New("this installation has no component APIs (ESB): multi-tenant installations do not")

// esbMissing turns a 404 of the route itself into ErrNoESB: the gateway's API_NOT_FOUND (I),
// or a page that is not JSON (D's Django 404).
func esbMissing(err error) error {
	if StatusOf(err) != http.StatusNotFound {
		return err
	}
	var ge *GatewayError
	var nj *NotJSONError
	if errors.As(err, &ge) && ge.CodeName == "API_NOT_FOUND" || errors.As(err, &nj) {
		return &esbAbsent{err}
	}
	return err
}

type esbAbsent struct{ err error }

func (e *esbAbsent) Error() string        { return ErrNoESB.Error() }
func (e *esbAbsent) Unwrap() []error      { return []error{ErrNoESB, e.err} }
func (e *esbAbsent) Hint() Hint           { return Hint{"esb.absent", FixNone} }
func (e *esbAbsent) StatusCode() int      { return http.StatusNotFound }
func (e *esbAbsent) Is(target error) bool { return target == ErrNoESB }

// Systems lists the ESB systems (I wants user_auth_type and no target_app_code on this one; it
// is harmless there).
func (c *perms) Systems(ctx context.Context) ([]ESBSystem, error) {
	out := []ESBSystem{}
	q := url.Values{}
	if c.surface == SurfaceInner {
		q.Set("user_auth_type", "default")
	}
	err := c.esbGet(ctx, "", q, &out)
	return out, err
}

// Components lists a system's components with this app's permission on each.
func (c *perms) Components(ctx context.Context, systemID int) ([]Component, error) {
	out := []Component{}
	err := c.esbGet(ctx, strconv.Itoa(systemID)+"/permissions/components/", nil, &out)
	return out, err
}

// ComponentApply applies for components of one system.
func (c *perms) ComponentApply(ctx context.Context, a ComponentApplyRequest) (ApplyResult, error) {
	if err := CheckApplication(KindComponent, a.Reason, a.ExpireDays, len(a.ComponentIDs)); err != nil {
		return ApplyResult{}, err
	}
	var r ApplyResult
	err := c.esbPost(ctx, strconv.Itoa(a.SystemID)+"/permissions/apply/",
		map[string]any{"component_ids": a.ComponentIDs, "reason": a.Reason, "expire_days": a.ExpireDays}, &r)
	return r, err
}

// ComponentRenew renews component permissions: max(old expiry, now) + days.
func (c *perms) ComponentRenew(ctx context.Context, ids []int, days int) error {
	if err := checkRenew(ids, days); err != nil {
		return err
	}
	return c.esbPost(ctx, "permissions/renew/", map[string]any{"component_ids": ids, "expire_days": days}, nil)
}

// AppComponents lists every component permission of the app.
func (c *perms) AppComponents(ctx context.Context) ([]Component, error) {
	out := []Component{}
	err := c.esbGet(ctx, "permissions/app-permissions/", nil, &out)
	return out, err
}

// ComponentRecords lists the app's component applications, every page.
func (c *perms) ComponentRecords(ctx context.Context, q RecordQuery) ([]ComponentRecord, error) {
	return followPages(ctx, "esb apply-records", recordQuery(q), func(v url.Values, p *Page[ComponentRecord]) error {
		return c.esbGet(ctx, "permissions/apply-records/", v, p)
	})
}

// ComponentRecord reads one application with its components' results.
func (c *perms) ComponentRecord(ctx context.Context, id int) (ComponentRecordDetail, error) {
	var r ComponentRecordDetail
	err := c.get(ctx, "esb/systems/permissions/apply-records/"+strconv.Itoa(id)+"/", nil, &r)
	return r, err
}

// esbSurface is what D and I offer of ESB.
type esbSurface interface {
	Systems(ctx context.Context) ([]ESBSystem, error)
	Components(ctx context.Context, systemID int) ([]Component, error)
	ComponentApply(ctx context.Context, a ComponentApplyRequest) (ApplyResult, error)
	ComponentRenew(ctx context.Context, ids []int, days int) error
	AppComponents(ctx context.Context) ([]Component, error)
	ComponentRecords(ctx context.Context, q RecordQuery) ([]ComponentRecord, error)
	ComponentRecord(ctx context.Context, id int) (ComponentRecordDetail, error)
}

func (p *Planner) esb(s Surface) esbSurface { return p.perms(s).(esbSurface) }

// Systems lists ESB systems.
func (p *Planner) Systems(ctx context.Context) ([]ESBSystem, Surface, error) {
	return route(ctx, p, FeatureComponents, func(s Surface) ([]ESBSystem, error) { return p.esb(s).Systems(ctx) })
}

// FindSystem finds a system by name or id.
func (p *Planner) FindSystem(ctx context.Context, name string) (ESBSystem, Surface, error) {
	ss, via, err := p.Systems(ctx)
	if err != nil {
		return ESBSystem{}, via, err
	}
	for _, s := range ss {
		if strings.EqualFold(s.Name, name) || strconv.Itoa(s.ID) == name {
			return s, via, nil
		}
	}
	return ESBSystem{}, via, &ErrNotFound{What: "system", Name: name}
}

// Components lists a system's components with this app's permission.
func (p *Planner) Components(ctx context.Context, systemID int) ([]Component, Surface, error) {
	return route(ctx, p, FeatureComponents, func(s Surface) ([]Component, error) { return p.esb(s).Components(ctx, systemID) })
}

// ComponentApply applies for components; a write, sent once.
func (p *Planner) ComponentApply(ctx context.Context, a ComponentApplyRequest) (ApplyResult, Surface, error) {
	if err := CheckApplication(KindComponent, a.Reason, a.ExpireDays, len(a.ComponentIDs)); err != nil {
		return ApplyResult{}, "", err // refused before anything is sent, on every surface alike
	}
	return routeWrite(ctx, p, FeatureComponents, func(s Surface) (ApplyResult, error) { return p.esb(s).ComponentApply(ctx, a) })
}

// ComponentRenew renews component permissions; a write, sent once.
func (p *Planner) ComponentRenew(ctx context.Context, ids []int, days int) (Surface, error) {
	if err := CheckRenewal(ids, days); err != nil {
		return "", err
	}
	_, s, err := routeWrite(ctx, p, FeatureComponents, func(s Surface) (struct{}, error) {
		return struct{}{}, p.esb(s).ComponentRenew(ctx, ids, days)
	})
	return s, asRenewal(err)
}

// ComponentRecords lists the app's component applications.
func (p *Planner) ComponentRecords(ctx context.Context, q RecordQuery) ([]ComponentRecord, Surface, error) {
	return route(ctx, p, FeatureComponents, func(s Surface) ([]ComponentRecord, error) { return p.esb(s).ComponentRecords(ctx, q) })
}

// ComponentRecord reads one component application.
func (p *Planner) ComponentRecord(ctx context.Context, id int) (ComponentRecordDetail, Surface, error) {
	return route(ctx, p, FeatureComponents, func(s Surface) (ComponentRecordDetail, error) {
		r, err := p.esb(s).ComponentRecord(ctx, id)
		return r, recordNotFound(KindComponent, id, err)
	})
}

// ESBAnswer is a component's answer: always HTTP 200, the envelope says how it went.
type ESBAnswer struct {
	Result    bool            `json:"result"`
	Code      Flex            `json:"code"`
	Message   string          `json:"message"`
	Data      json.RawMessage `json:"data"`
	RequestID string          `json:"request_id"`
}

// ESBError is a component's refusal inside an HTTP 200.
type ESBError struct {
	Code      string
	Message   string
	RequestID string
}

func (e *ESBError) Error() string {
	return withRequestID(fmt.Sprintf("component answered code %s: %s", e.Code, e.Message), e.RequestID)
}

// Explain is Error in the reader's language, without the request id (told apart).
func (e *ESBError) Explain(l i18n.Lang) string {
	return i18n.T(l, "err.component_code", e.Code, e.Message)
}

// Hint: 1306403 the app lacks the permission (apply), 1306402 the user lacks one in the system,
// 1306406 bad arguments.
func (e *ESBError) Hint() Hint {
	switch e.Code {
	case "1306403":
		return Hint{"esb.app_no_permission", FixApply}
	case "1306402":
		return Hint{"esb.user_no_permission", FixAskOwner}
	case "1306406":
		return Hint{"esb.bad_arguments", FixCheckPath}
	}
	return Hint{"esb.failed", FixNone}
}

// ComponentURL is where a component is called.
func ComponentURL(base, system, component string) string {
	return strings.TrimRight(base, "/") + "/api/c/compapi/v2/" + url.PathEscape(strings.ToLower(system)) + "/" + url.PathEscape(component) + "/"
}

// ESBEnvelope reads a component's answer: an error when result is false, whatever the status.
func ESBEnvelope(body []byte) (ESBAnswer, error) {
	var a ESBAnswer
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&a); err != nil {
		return a, &NotJSONError{Status: 200, Head: head(body), Err: err}
	}
	if !a.Result {
		return a, &ESBError{Code: string(a.Code), Message: a.Message, RequestID: a.RequestID}
	}
	return a, nil
}

// ComponentCall is a call of a component: the system and component, the method, the query,
// headers and a JSON body; WithUser adds the user's bk_token.
type ComponentCall struct {
	System, Component, Method string
	Query, Headers            []KV
	Body                      []byte
	WithUser                  bool
}

// Request is the component call as the call request every call is prepared and sent from (the
// request console's component calls too): one place decides what goes on the wire. A call
// without a method is a POST when it has a body, else a GET, as ESB's components expect.
func (r ComponentCall) Request() CallRequest {
	m := r.Method
	if m == "" {
		m = http.MethodGet
		if len(r.Body) > 0 {
			m = http.MethodPost
		}
	}
	return CallRequest{Component: &ComponentRef{System: r.System, Name: r.Component}, Method: m,
		Query: r.Query, Headers: r.Headers, Body: r.Body, WithUser: r.WithUser}
}

// PrepareComponent is the request a component call sends: for snippets and a dry run alike.
func (c Config) PrepareComponent(r ComponentCall) (Prepared, error) {
	return c.Prepare(r.Request())
}

// CallComponent calls a component once (a write, never retried) and reads the ESB envelope:
// resp is always returned when the call was answered; err is an *ESBError when result is false.
func (p *Planner) CallComponent(ctx context.Context, r ComponentCall) (*CallResponse, Prepared, error) {
	return p.Call(ctx, r.Request())
}

// envelopeOutcome reads a component's answer: always a 200, its envelope says whether it
// worked (and holds the request id). A 200 with no envelope (a proxy's page, a cut body) to a
// write leaves the outcome unknown: the component may have acted, as after a lost answer.
func envelopeOutcome(resp *CallResponse, method string) error {
	env, eerr := ESBEnvelope(resp.Body)
	if resp.RequestID == "" {
		resp.RequestID = env.RequestID // ESB says it in the envelope, not in a header
	}
	if resp.Status != http.StatusOK || eerr == nil {
		return nil
	}
	var nj *NotJSONError
	if errors.As(eerr, &nj) && method != http.MethodGet && method != http.MethodHead {
		return &OutcomeUnknownError{Surface: SurfaceCall, Err: eerr}
	}
	return eerr
}

// PrepareComponent is the request a component call would send (snippets).
func (p *Planner) PrepareComponent(r ComponentCall) (Prepared, error) {
	return p.Cfg.PrepareComponent(r)
}
