package client

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Feature is something a user does; the planner picks the surface that serves it.
type Feature string

const (
	FeatureGateways    Feature = "gateways"
	FeatureGateway     Feature = "gateway"
	FeatureStages      Feature = "stages"
	FeatureResources   Feature = "resources"
	FeatureDoc         Feature = "doc"
	FeatureSDKs        Feature = "sdks"
	FeaturePermissions Feature = "permissions" // status, records, renew, all my permissions
	FeatureApply       Feature = "apply"
	FeatureCall        Feature = "call"
	FeatureTrace       Feature = "trace"
	FeatureMCP         Feature = "mcp"
	FeatureComponents  Feature = "components"
	// FeatureComponentCall is calling a component at ESB's address: no planner route, only
	// the address (BK_COMPONENT_API_URL) it needs.
	FeatureComponentCall Feature = "component_call"
	// FeatureWhoAmI is the Developer Center's answer to who is logged in.
	FeatureWhoAmI Feature = "whoami"
	// FeatureMCPUser is calling an MCP server whose tools act as a user: no route, only who
	// the user is (a login, the server's own OAuth login, a personal token).
	FeatureMCPUser Feature = "mcp_user"
)

// Route is one row of the spec's table: a feature and the surfaces that serve it, best first.
// SurfaceProfile stands for the profile's own stage list (the stages fallback).
type Route struct {
	Feature  Feature
	Surfaces []Surface
}

// SurfaceProfile is the profile's stage list, the last resort for stages.
const SurfaceProfile Surface = "profile"

// Routes is the spec's feature table, read top to bottom.
var Routes = []Route{
	{FeatureGateways, []Surface{SurfaceHelpCenter, SurfaceOpen}},
	{FeatureGateway, []Surface{SurfaceHelpCenter, SurfaceOpen}},
	{FeatureStages, []Surface{SurfaceHelpCenter, SurfaceProfile}},
	{FeatureResources, []Surface{SurfaceHelpCenter, SurfaceOpen}},
	{FeatureDoc, []Surface{SurfaceHelpCenter, SurfaceOpen}},
	{FeatureSDKs, []Surface{SurfaceHelpCenter}},
	{FeaturePermissions, []Surface{SurfaceDevCenter, SurfaceInner}},
	{FeatureApply, []Surface{SurfaceDevCenter, SurfaceInner, SurfaceOpen}},
	{FeatureCall, []Surface{SurfaceCall}},
	{FeatureTrace, []Surface{SurfaceOpen}},
	{FeatureMCP, []Surface{SurfaceDevCenter, SurfaceInner, SurfaceOpen}},
	{FeatureComponents, []Surface{SurfaceDevCenter, SurfaceInner}},
}

// Requirement keys: what a profile must hold for a surface (catalog keys "need.*").
const (
	NeedHelpCenterURL   = "help_center_url"
	NeedDevCenterURL    = "developer_center_url"
	NeedAPIURLTmpl      = "bk_api_url_tmpl"
	NeedAppCode         = "bk_app_code"
	NeedAppSecret       = "bk_app_secret"
	NeedToken           = "bk_token"
	NeedUsername        = "username"
	NeedInnerGrant      = "inner_grant"
	NeedComponentAPIURL = "bk_component_api_url"
	NeedReachable       = "reachable"        // a configured address that answers
	NeedTrustedCA       = "trusted_ca"       // it answered with a certificate not trusted here
	NeedPlainHTTP       = "plain_http"       // https:// to a server that speaks plain HTTP
	NeedHTTPS           = "https"            // http:// to a server that wants HTTPS
	NeedMCPLogin        = "mcp_login"        // the MCP server's own OAuth login (mcp login)
	NeedPersonalToken   = "personal_token"   // a personal token the server accepts
	NeedFreshToken      = "fresh_bk_token"   // the bk_token given was refused: a new one
	NeedRightSecret     = "right_app_secret" // the app secret given was refused: the right one
)

// tokenNeed is needs with a login asked for as a fresh one where the profile holds a bk_token
// the server refused, and the app secret as the right one where it holds one ("add a login",
// "add the app secret" read as if none had been given).
func (c Config) tokenNeed(needs []string) []string {
	out := slices.Clone(needs)
	for i, n := range out {
		switch {
		case n == NeedToken && c.HasToken():
			out[i] = NeedFreshToken
		case n == NeedAppSecret && c.AppSecret != "":
			out[i] = NeedRightSecret
		}
	}
	return out
}

// Needs lists what the config lacks to use a surface at all.
func (c Config) Needs(s Surface) []string {
	var n []string
	add := func(ok bool, k string) {
		if !ok {
			n = append(n, k)
		}
	}
	switch s {
	case SurfaceHelpCenter:
		add(c.HelpCenterURL != "", NeedHelpCenterURL)
		add(c.BkToken != "", NeedToken)
	case SurfaceDevCenter:
		add(c.DeveloperCenterURL != "", NeedDevCenterURL)
		add(c.AppCode != "", NeedAppCode)
		add(c.BkToken != "", NeedToken)
	case SurfaceOpen, SurfaceInner:
		add(c.APIURLTmpl != "", NeedAPIURLTmpl)
		add(c.AppCode != "", NeedAppCode)
		add(c.AppSecret != "", NeedAppSecret)
	case SurfaceCall:
		add(c.APIURLTmpl != "", NeedAPIURLTmpl)
	}
	return n
}

// ErrUnavailable says a feature has no surface the profile can reach, and what would unlock it.
type ErrUnavailable struct {
	Feature Feature
	Needs   []string // requirement keys: every need of every way, once
	// Ways: each is what one surface needs, all together; any one way unlocks the feature.
	Ways   [][]string
	Causes map[Surface]error // why reachable surfaces were given up
}

// Unlock is the ways to unlock the feature, any one of which will do.
func (e *ErrUnavailable) Unlock() [][]string { return unlockWays(e.Ways, e.Needs) }

func (e *ErrUnavailable) Error() string {
	ways := make([]string, 0, len(e.Unlock()))
	for _, w := range e.Unlock() {
		ways = append(ways, strings.Join(w, " and "))
	}
	s := fmt.Sprintf("%s is not available with this profile; add: %s", e.Feature, strings.Join(ways, ", or "))
	for sf, err := range e.Causes {
		s += fmt.Sprintf(" (%s: %v)", sf, err)
	}
	return s
}

// Hint of an unavailable feature.
func (e *ErrUnavailable) Hint() Hint { return Hint{"unavailable." + string(e.Feature), "fix.add"} }

// Planner routes each feature to the best surface the profile can reach and falls back, as the
// spec describes, when a surface turns the credentials away.
type Planner struct {
	Cfg Config
	T   *Transport
	A   *HelpCenter
	O   *Open
	I   *Inner
	D   *DevCenter
	C   *Caller
	// MCPLogins holds the user's logins to MCP servers (nil: none); MCPCredential says which
	// credential MCP servers are called with (MCPCredAuto: a login when there is one).
	MCPLogins     MCPLogins
	MCPCredential string

	// Clock is the time the planner goes by (nil: the wall clock): how long a surface that
	// could not be reached stays given up.
	Clock func() time.Time

	mu   sync.Mutex
	down map[Surface]downMark // surfaces given up this session, with the answer that did it
	who  whoami               // the logged-in user, asked once
}

// downMark is why a surface was given up, and when.
type downMark struct {
	err error
	at  time.Time
}

// unreachableRetry is how long a surface that could not be reached is left alone before it is
// tried again: a console runs for hours, and a moment's outage (a VPN reconnecting, a backend
// restarting) must not send every read elsewhere until it ends. A refusal of the credentials
// stays: the same credentials would be refused again.
const unreachableRetry = 30 * time.Second

// NewPlanner builds every surface client over one transport.
func NewPlanner(cfg Config) (*Planner, error) {
	t, err := NewTransport(cfg)
	if err != nil {
		return nil, err
	}
	return &Planner{Cfg: t.cfg, T: t, A: NewHelpCenter(t), O: NewOpen(t), I: NewInner(t), D: NewDevCenter(t),
		C: NewCaller(t), down: map[Surface]downMark{}}, nil
}

// CloseIdle closes the connections kept for reuse: a planner put aside (another profile's, a
// test's) would hold them until the process ends. Requests under way go on.
func (p *Planner) CloseIdle() { p.T.http.CloseIdleConnections() }

// SetLang switches the language of descriptions and docs asked of the servers.
func (p *Planner) SetLang(l string) { p.T.SetLang(l) }

// RouteOf returns the table row of a feature.
func RouteOf(f Feature) Route {
	for _, r := range Routes {
		if r.Feature == f {
			return r
		}
	}
	return Route{Feature: f}
}

// Down returns why a surface was given up, or nil.
func (p *Planner) Down(s Surface) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	m, ok := p.down[s]
	if !ok {
		return nil
	}
	if unreachable(m.err) && p.now().Sub(m.at) >= unreachableRetry {
		delete(p.down, s)
		return nil
	}
	return m.err
}

func (p *Planner) now() time.Time {
	if p.Clock != nil {
		return p.Clock()
	}
	return time.Now()
}

// Reset forgets given-up surfaces (after the user adds a token, say).
func (p *Planner) Reset() {
	p.mu.Lock()
	p.down = map[Surface]downMark{}
	p.mu.Unlock()
}

// unreachable says whether a surface was given up for want of a connection, not refused.
func unreachable(err error) bool {
	var te *TransportError
	return errors.As(err, &te)
}

// RetryUnreachable takes back the surfaces given up because they could not be reached: the
// user asks for a read again (r), and the next one tries them first. Refusals stay.
func (p *Planner) RetryUnreachable() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for s, m := range p.down {
		if unreachable(m.err) {
			delete(p.down, s)
		}
	}
}

// forget takes a given-up surface back.
func (p *Planner) forget(s Surface) {
	p.mu.Lock()
	delete(p.down, s)
	p.mu.Unlock()
}

func (p *Planner) markDown(s Surface, err error) {
	at := p.now()
	p.mu.Lock()
	p.down[s] = downMark{err, at}
	p.mu.Unlock()
}

// Candidates lists the surfaces that may serve a feature now, best first.
func (p *Planner) Candidates(f Feature) []Surface {
	var out []Surface
	for _, s := range RouteOf(f).Surfaces {
		if s == SurfaceProfile {
			out = append(out, s)
			continue
		}
		if len(p.Cfg.Needs(s)) == 0 && p.Down(s) == nil {
			out = append(out, s)
		}
	}
	return out
}

// unavailable builds the error that names what would unlock a feature.
func (p *Planner) unavailable(f Feature) error {
	e := &ErrUnavailable{Feature: f, Causes: map[Surface]error{}}
	for _, s := range RouteOf(f).Surfaces {
		way := p.Cfg.Needs(s)
		if err := p.Down(s); err != nil {
			e.Causes[s] = err
			switch s {
			case SurfaceInner:
				way = append(way, NeedInnerGrant)
			case SurfaceHelpCenter, SurfaceDevCenter:
				fix := whatFixes(s, err) // a refused login asks for a fresh one
				if len(fix) == 0 {
					fix = []string{NeedToken}
				}
				way = append(way, p.Cfg.tokenNeed(fix)...)
			}
		}
		e.Ways = addWay(e.Ways, way)
	}
	e.Needs = needsOf(e.Ways)
	return e
}

// fallsBack says whether an answer from a surface means "this surface is not for you" (so the
// next one is tried) rather than an answer about the thing asked for.
func fallsBack(s Surface, err error) bool {
	if errors.Is(err, ErrNoESB) {
		return false // the installation has no ESB: another surface will not have one either
	}
	var ge *GatewayError
	isGW := errors.As(err, &ge)
	var te *TransportError
	if errors.As(err, &te) && !errors.Is(te.Err, context.Canceled) && !isTimeout(te.Err) && (s == SurfaceHelpCenter || s == SurfaceDevCenter) {
		return true // a separate web backend that cannot be reached (a slow one is not given up)
	}
	switch s {
	case SurfaceHelpCenter:
		return StatusOf(err) == 401
	case SurfaceDevCenter:
		st := StatusOf(err)
		var de *DevCenterError
		if errors.As(err, &de) && strings.Contains(de.Detail, "CSRF") {
			return false
		}
		return st == 401 || st == 403
	case SurfaceInner:
		return isGW && (ge.CodeName == "APP_NO_PERMISSION" || ge.CodeName == "API_NOT_FOUND")
	case SurfaceOpen:
		return isGW && ge.CodeName == "API_NOT_FOUND"
	}
	return false
}

// refusedBeforeActing says whether a write's failure proves that the surface did nothing: it
// turned the credentials away (401, 403, the gateway's APP_NO_PERMISSION or API_NOT_FOUND) or
// no connection could be made. Only then may the same write go to the next surface.
func refusedBeforeActing(s Surface, err error) bool {
	var te *TransportError
	if errors.As(err, &te) {
		return te.NotSent
	}
	var re *RedirectError
	if errors.As(err, &re) {
		return false // the redirect answered a request that was sent
	}
	return fallsBack(s, err)
}

// outcomeKnown says whether a failed write's answer tells what happened: a refusal in the
// contract's shape (4xx with an error body, result false) or nothing sent. A reset, a timeout,
// a cut or oversized body, a 5xx, or a non-JSON answer leaves the outcome unknown.
func outcomeKnown(err error) bool {
	var te *TransportError
	if errors.As(err, &te) {
		return te.NotSent
	}
	var nj *NotJSONError
	var tl *BodyTooLargeError
	if errors.As(err, &nj) || errors.As(err, &tl) {
		return false
	}
	var ge *GatewayError
	if errors.As(err, &ge) {
		return ge.Status < 500
	}
	if st := StatusOf(err); st >= 500 {
		return false
	}
	return true
}

// routeWrite is route for a write: it is sent at most once. It moves on to the next surface
// only when the first refused before acting, and wraps an ambiguous failure in
// OutcomeUnknownError so the caller checks the records instead of guessing.
func routeWrite[T any](ctx context.Context, p *Planner, f Feature, fn func(Surface) (T, error)) (T, Surface, error) {
	var zero T
	for _, s := range p.Candidates(f) {
		v, err := fn(s)
		if err == nil {
			return v, s, nil
		}
		if errors.Is(err, ErrDryRun) {
			return zero, s, err // the write was shown, not sent: no other surface is tried
		}
		if !outcomeKnown(err) {
			return zero, s, &OutcomeUnknownError{Surface: s, Err: err}
		}
		if ctx.Err() != nil || !refusedBeforeActing(s, err) {
			return zero, s, err
		}
		p.markDown(s, err)
	}
	return zero, "", p.unavailable(f)
}

// route runs fn on each candidate surface until one answers for itself.
func route[T any](ctx context.Context, p *Planner, f Feature, fn func(Surface) (T, error)) (T, Surface, error) {
	var zero T
	for _, s := range p.Candidates(f) {
		v, err := fn(s)
		if err == nil {
			return v, s, nil
		}
		if ctx.Err() != nil || !fallsBack(s, err) {
			return zero, s, &surfaced{s, err}
		}
		p.markDown(s, err)
	}
	return zero, "", p.unavailable(f)
}

// surfaced is a read's failure with the surface it came from, which most errors do not name
// (a connection refused, a not-found, a refusal of the open APIs): SurfaceOf reads it, and
// everything else sees through it.
type surfaced struct {
	surface Surface
	error
}

func (e *surfaced) Unwrap() error { return e.error }

// Gateways lists gateways matching keyword.
func (p *Planner) Gateways(ctx context.Context, keyword string) ([]Gateway, Surface, error) {
	return route(ctx, p, FeatureGateways, func(s Surface) ([]Gateway, error) {
		if s == SurfaceHelpCenter {
			return p.A.Gateways(ctx, keyword)
		}
		gs, err := p.O.Gateways(ctx, keyword)
		for i := range gs {
			gs[i].APIURL = GatewayBaseURL(p.Cfg.APIURLTmpl, gs[i].Name)
		}
		return gs, err
	})
}

// EachGateway hands on the gateways matching keyword one at a time, as they arrive: a CLI
// listing of a million gateways streams instead of holding them.
func (p *Planner) EachGateway(ctx context.Context, keyword string, each func(Gateway) error) (Surface, error) {
	_, s, err := route(ctx, p, FeatureGateways, func(s Surface) (struct{}, error) {
		if s == SurfaceHelpCenter {
			return struct{}{}, p.A.EachGateway(ctx, keyword, each)
		}
		return struct{}{}, p.O.EachGateway(ctx, keyword, func(g Gateway) error {
			g.APIURL = GatewayBaseURL(p.Cfg.APIURLTmpl, g.Name)
			return each(g)
		})
	})
	return s, err
}

// EachResource hands on a gateway's APIs one at a time (released in stage on A; the editing
// set on O).
func (p *Planner) EachResource(ctx context.Context, gateway, stage string, each func(Resource) error) (Surface, error) {
	_, s, err := route(ctx, p, FeatureResources, func(s Surface) (struct{}, error) {
		if s == SurfaceHelpCenter {
			return struct{}{}, p.A.EachResource(ctx, gateway, stage, each)
		}
		return struct{}{}, p.O.EachResource(ctx, gateway, "", each)
	})
	return s, p.stageOrGateway(ctx, gateway, stage, s, err)
}

// ErrNotFound is a name that no surface knows: what (gateway, api, doc, record) and which.
// Cause is the server's own answer, when it sent one.
type ErrNotFound struct {
	What, Name string
	// Gateway and Stage are where an API or its doc was looked for (Gateway: the system of a
	// component): the message and the fix name them, so the command it offers runs as given.
	Gateway, Stage string
	// Known are the names there are instead, where bkconsole read them (a gateway's stages).
	Known []string
	Cause error
	// Kind is the workflow kind of a record not found: its fix lists that kind's records.
	// Elsewhere is another kind that has a record of that number (their numbers are their
	// own: `records --all` lists them side by side): its fix shows that one.
	Kind, Elsewhere Kind
}

func (e *ErrNotFound) Error() string { return fmt.Sprintf("%s %q not found", e.What, e.Name) }
func (e *ErrNotFound) Unwrap() error { return e.Cause }

// notFound turns a 404 answer about name into ErrNotFound, and so the Developer Center's HTML
// 500, which is how it passes on the gateway's 404; other errors pass.
func notFound(what, name string, err error) error {
	var nj *NotJSONError
	if errors.As(err, &nj) && nj.Status == 500 && strings.Contains(nj.URL, "/backend/api/cloudapi-v2/") {
		return &ErrNotFound{What: what, Name: name, Cause: err}
	}
	if err != nil && StatusOf(err) == 404 {
		var ge *GatewayError
		if errors.As(err, &ge) && ge.CodeName == "API_NOT_FOUND" {
			return err // the bk-apigateway API itself is missing: an older installation
		}
		return &ErrNotFound{What: what, Name: name, Cause: err}
	}
	return err
}

// listFixes say, per kind of thing, where the names that exist are listed.
var listFixes = map[string]string{"gateway": FixListGateways, "record": FixListRecords, "api": FixListAPIs,
	"doc": FixListAPIs, "mcp": FixListMCP, "system": FixListSystems, "stage": FixPickStage, "perm": FixListPerms,
	"component": FixListComponents, "tool": FixListTools}

// recordNotFound is notFound for an application record of kind k.
func recordNotFound(k Kind, id int, err error) error {
	err = notFound("record", strconv.Itoa(id), err)
	var nf *ErrNotFound
	if errors.As(err, &nf) {
		nf.Kind = k
	}
	return err
}

// Hint of a missing thing: where to find the right name.
func (e *ErrNotFound) Hint() Hint {
	if e.What == "record" && e.Elsewhere != "" {
		return Hint{"notfound.record", map[Kind]string{KindAPI: "fix.record_is_api", KindMCP: "fix.record_is_mcp", KindComponent: "fix.record_is_component"}[e.Elsewhere]}
	}
	if e.What == "record" && (e.Kind == KindMCP || e.Kind == KindComponent) {
		return Hint{"notfound.record", map[Kind]string{KindMCP: FixListMCPRecords, KindComponent: FixListComponentRecords}[e.Kind]}
	}
	if fix, ok := listFixes[e.What]; ok {
		return Hint{"notfound." + e.What, fix}
	}
	return Hint{"notfound." + e.What, FixCheckPath}
}

// Gateway reads one gateway's detail.
func (p *Planner) Gateway(ctx context.Context, name string) (Gateway, Surface, error) {
	return route(ctx, p, FeatureGateway, func(s Surface) (Gateway, error) {
		if s == SurfaceHelpCenter {
			g, err := p.A.Gateway(ctx, name)
			return g, notFound("gateway", name, err)
		}
		gs, err := p.O.GatewayByName(ctx, name)
		if err != nil {
			return Gateway{}, err
		}
		for _, g := range gs {
			if g.Name == name {
				g.APIURL = GatewayBaseURL(p.Cfg.APIURLTmpl, g.Name)
				return g, nil
			}
		}
		return Gateway{}, &ErrNotFound{What: "gateway", Name: name}
	})
}

// Stages lists a gateway's stages, or the profile's stage list.
func (p *Planner) Stages(ctx context.Context, gateway string) ([]Stage, Surface, error) {
	return route(ctx, p, FeatureStages, func(s Surface) ([]Stage, error) {
		if s == SurfaceHelpCenter {
			return p.A.Stages(ctx, gateway)
		}
		var st []Stage
		for _, n := range p.Cfg.StageList() {
			st = append(st, Stage{Name: n})
		}
		return st, nil
	})
}

// Resources lists a gateway's APIs (released in stage on A; the editing set on O).
func (p *Planner) Resources(ctx context.Context, gateway, stage string) ([]Resource, Surface, error) {
	rs, s, err := route(ctx, p, FeatureResources, func(s Surface) ([]Resource, error) {
		if s == SurfaceHelpCenter {
			return p.A.Resources(ctx, gateway, stage)
		}
		return p.O.Resources(ctx, gateway, "")
	})
	return rs, s, p.stageOrGateway(ctx, gateway, stage, s, err)
}

// stageOrGateway tells a missing stage from a missing gateway: the Help Center answers 404 for
// both, and the gateway's stages say which (with them, the user can pick one).
func (p *Planner) stageOrGateway(ctx context.Context, gateway, stage string, s Surface, err error) error {
	err = notFound("gateway", gateway, err)
	var nf *ErrNotFound
	if s != SurfaceHelpCenter || stage == "" || !errors.As(err, &nf) {
		return err
	}
	stages, serr := p.A.Stages(ctx, gateway)
	if serr != nil || len(stages) == 0 {
		return err
	}
	var names []string
	for _, st := range stages {
		if st.Name == stage {
			return err
		}
		names = append(names, st.Name)
	}
	return &ErrNotFound{What: "stage", Name: stage, Known: names, Cause: nf.Cause}
}

// Doc reads a resource's markdown doc in lang ("zh" or "en").
func (p *Planner) Doc(ctx context.Context, gateway, resource, stage, lang string) (Doc, Surface, error) {
	d, s, err := p.doc(ctx, gateway, resource, stage, lang)
	err = notFound("doc", resource, err)
	var nf *ErrNotFound
	if errors.As(err, &nf) && nf.What == "doc" {
		nf.Gateway, nf.Stage = gateway, stage
		// The doc's 404 does not tell a missing gateway from a missing API: asked, the gateway
		// is said missing itself ("nosuch has no doc for x" sent the user to list nosuch's APIs).
		var gone *ErrNotFound
		if _, _, gerr := p.Gateway(ctx, gateway); errors.As(gerr, &gone) && gone.What == "gateway" {
			return d, s, gerr
		}
	}
	return d, s, err
}

func (p *Planner) doc(ctx context.Context, gateway, resource, stage, lang string) (Doc, Surface, error) {
	return route(ctx, p, FeatureDoc, func(s Surface) (Doc, error) {
		if s == SurfaceHelpCenter {
			return p.A.Doc(ctx, gateway, resource, stage, lang)
		}
		d, err := p.O.ResourceDetail(ctx, gateway, resource, stage, lang)
		if err != nil {
			return Doc{}, err
		}
		if d.Doc == nil {
			return Doc{Type: "markdown"}, nil
		}
		return *d.Doc, nil
	})
}

// SDKs lists a gateway's SDKs for a language (A only).
func (p *Planner) SDKs(ctx context.Context, gateway, language string) ([]StageSDK, Surface, error) {
	return route(ctx, p, FeatureSDKs, func(Surface) ([]StageSDK, error) {
		sdks, err := p.A.SDKs(ctx, gateway, language)
		return sdks, notFound("gateway", gateway, err) // said as for every other command on a gateway
	})
}

// SDKUsage reads the SDK usage example (A only).
func (p *Planner) SDKUsage(ctx context.Context, gateway, language, stage, resource string) (Content, Surface, error) {
	return route(ctx, p, FeatureSDKs, func(Surface) (Content, error) {
		return p.A.SDKUsage(ctx, gateway, language, stage, resource)
	})
}

// SDKDoc reads an SDK family's manual (A only).
func (p *Planner) SDKDoc(ctx context.Context, language string) (Content, Surface, error) {
	return route(ctx, p, FeatureSDKs, func(Surface) (Content, error) { return p.A.SDKDoc(ctx, language) })
}

func (p *Planner) perms(s Surface) Permissions {
	if s == SurfaceDevCenter {
		return p.D
	}
	return p.I
}

// PermissionStatus lists a gateway's APIs with the app's permission state.
func (p *Planner) PermissionStatus(ctx context.Context, gateway string) ([]ResourcePermission, Surface, error) {
	return route(ctx, p, FeaturePermissions, func(s Surface) ([]ResourcePermission, error) {
		ps, err := p.perms(s).Status(ctx, gateway)
		return ps, notFound("gateway", gateway, err)
	})
}

// AllowApplyByGateway says whether the whole gateway may be applied for.
func (p *Planner) AllowApplyByGateway(ctx context.Context, gateway string) (AllowApply, Surface, error) {
	return route(ctx, p, FeaturePermissions, func(s Surface) (AllowApply, error) {
		return p.perms(s).AllowApplyByGateway(ctx, gateway)
	})
}

// AppPermissions lists all the app's permissions across gateways.
func (p *Planner) AppPermissions(ctx context.Context) ([]ResourcePermission, Surface, error) {
	return route(ctx, p, FeaturePermissions, func(s Surface) ([]ResourcePermission, error) {
		return p.perms(s).AppPermissions(ctx)
	})
}

// Records lists the app's application records, newest first, all pages.
func (p *Planner) Records(ctx context.Context, q RecordQuery) ([]Record, Surface, error) {
	return route(ctx, p, FeaturePermissions, func(s Surface) ([]Record, error) { return p.perms(s).Records(ctx, q) })
}

// Record reads one record with its APIs.
func (p *Planner) Record(ctx context.Context, id int) (RecordDetail, Surface, error) {
	return route(ctx, p, FeaturePermissions, func(s Surface) (RecordDetail, error) {
		r, err := p.perms(s).Record(ctx, id)
		return r, notFound("record", fmt.Sprint(id), err)
	})
}

// Renew renews owned permissions.
func (p *Planner) Renew(ctx context.Context, ids []int, days int) (Surface, error) {
	if err := checkRenew(ids, days); err != nil {
		return "", err
	}
	_, s, err := routeWrite(ctx, p, FeaturePermissions, func(s Surface) (struct{}, error) {
		return struct{}{}, p.perms(s).Renew(ctx, ids, days)
	})
	return s, asRenewal(err)
}

// Apply applies for permissions. O needs resource names and the applicant's username.
func (p *Planner) Apply(ctx context.Context, a ApplyRequest) (ApplyResult, Surface, error) {
	if err := checkApply(a); err != nil {
		return ApplyResult{}, "", err
	}
	return routeWrite(ctx, p, FeatureApply, func(s Surface) (ApplyResult, error) {
		if s == SurfaceOpen {
			if a.Applicant == "" { // only O names the applicant: ask who is logged in then
				a.Applicant = p.applicant(ctx)
			}
			return p.O.Apply(ctx, a)
		}
		return p.perms(s).Apply(ctx, a)
	})
}

// QueryLog reads the gateway's log of one request.
func (p *Planner) QueryLog(ctx context.Context, requestID string) ([]LogEntry, Surface, error) {
	return route(ctx, p, FeatureTrace, func(Surface) ([]LogEntry, error) { return p.O.QueryLog(ctx, requestID) })
}

// Trace polls the gateway's log until the request shows up or the wait runs out.
func (p *Planner) Trace(ctx context.Context, requestID string, wait time.Duration) ([]LogEntry, error) {
	deadline := time.Now().Add(wait)
	for delay := 300 * time.Millisecond; ; delay = min(delay*2, 2*time.Second) {
		es, _, err := p.QueryLog(ctx, requestID)
		left := time.Until(deadline)
		if err != nil || len(es) > 0 || left <= 0 {
			return es, err
		}
		// The last look is at the deadline: "waited 10s" had been said after 8.
		if err := sleepCtx(ctx, min(delay, left)); err != nil {
			return nil, err
		}
	}
}

// Call sends a test request.
func (p *Planner) Call(ctx context.Context, r CallRequest) (*CallResponse, Prepared, error) {
	// A component's call needs BK_COMPONENT_API_URL, not the gateway's template: Prepare says so.
	if n := p.Cfg.Needs(SurfaceCall); len(n) > 0 && r.Component == nil {
		return nil, Prepared{}, &ErrUnavailable{Feature: FeatureCall, Needs: n}
	}
	prep, err := p.Cfg.Prepare(r)
	if err != nil {
		return nil, prep, err
	}
	timeout := r.Timeout
	if timeout == 0 {
		timeout = p.Cfg.Timeout
	}
	resp, err := p.C.Do(ctx, prep, timeout)
	err = lostAfterSending(err)
	if resp != nil && resp.Gateway != nil {
		resp.Gateway.NeedsUser = r.WithUser
	}
	if err == nil && r.Component != nil {
		return resp, prep, envelopeOutcome(resp, prep.Method) // the request console's component call
	}
	return resp, prep, err
}

// Chat sends a call to an AI resource (Call's checks and outcomes), streaming the answer's
// pieces to onDelta as they arrive (Caller.DoChat).
func (p *Planner) Chat(ctx context.Context, r CallRequest, onDelta func(string)) (*CallResponse, *ChatAnswer, Prepared, error) {
	if n := p.Cfg.Needs(SurfaceCall); len(n) > 0 {
		return nil, nil, Prepared{}, &ErrUnavailable{Feature: FeatureCall, Needs: n}
	}
	prep, err := p.Cfg.Prepare(r)
	if err != nil {
		return nil, nil, prep, err
	}
	timeout := r.Timeout
	if timeout == 0 {
		timeout = p.Cfg.Timeout
	}
	resp, chat, err := p.C.DoChat(ctx, prep, timeout, onDelta)
	err = lostAfterSending(err)
	if resp != nil && resp.Gateway != nil {
		resp.Gateway.NeedsUser = r.WithUser
	}
	return resp, chat, prep, err
}

// LLMSummary waits (up to wait) for the gateway's log of an AI call and reads its token
// summary; ok is false when the log has none (yet).
func (p *Planner) LLMSummary(ctx context.Context, requestID string, wait time.Duration) (LLMSummary, bool, error) {
	deadline := time.Now().Add(wait)
	for delay := 300 * time.Millisecond; ; delay = min(delay*2, 2*time.Second) {
		es, err := p.Trace(ctx, requestID, time.Until(deadline))
		if err != nil {
			return LLMSummary{}, false, err
		}
		for _, e := range es {
			if s, ok := e.LLM(); ok {
				return s, true, nil
			}
		}
		left := time.Until(deadline)
		if left <= 0 {
			return LLMSummary{}, false, nil
		}
		if err := sleepCtx(ctx, min(delay, left)); err != nil { // the last look at the deadline, as Trace's
			return LLMSummary{}, false, err
		}
	}
}

// lostAfterSending: a test call is a write too. A connection that failed before the request
// left says nothing was sent; one that broke after it (a reset, a timeout, a cut body) leaves
// the outcome unknown: the backend may have acted on it.
func lostAfterSending(err error) error {
	var te *TransportError
	if errors.As(err, &te) && !te.NotSent {
		return &OutcomeUnknownError{Surface: SurfaceCall, Err: err}
	}
	return err
}

// Prepare resolves a call request with the profile's credentials, without sending it.
func (p *Planner) Prepare(r CallRequest) (Prepared, error) { return p.Cfg.Prepare(r) }

// ResourceDetail reads a resource's OpenAPI schema and doc (O only).
func (p *Planner) ResourceDetail(ctx context.Context, gateway, resource, stage, lang string) (ResourceDetail, error) {
	if n := p.Cfg.Needs(SurfaceOpen); len(n) > 0 {
		return ResourceDetail{}, &ErrUnavailable{Feature: FeatureDoc, Needs: n}
	}
	return p.O.ResourceDetail(ctx, gateway, resource, stage, lang)
}

// AuthPreview is the X-Bkapi-Authorization a request would carry, with secrets masked.
func (p *Planner) AuthPreview(withUser bool) string {
	a := p.Cfg.AppAuth()
	if withUser {
		a = p.Cfg.UserAuth()
	}
	return MaskedAuth(a).Header()
}

// MaskedAuth is a with every secret shown as ****.
func MaskedAuth(a AuthFields) AuthFields {
	m := AuthFields{AppCode: a.AppCode, TokenName: a.TokenName}
	if a.AppSecret != "" {
		m.AppSecret = "****"
	}
	if a.Token != "" {
		m.Token = "****"
	}
	if a.AccessToken != "" {
		m.AccessToken = "****"
	}
	return m
}

// AfterUnknownApply looks at the records after an apply whose outcome is unknown: the records
// of the gateway applied since `since` (a minute earlier, for clock skew), newest first. An
// empty list means no application appeared (yet). O has no records: its unavailability is
// returned as is.
func (p *Planner) AfterUnknownApply(ctx context.Context, gateway string, since time.Time) ([]Record, Surface, error) {
	rs, s, err := p.Records(ctx, RecordQuery{Query: gateway})
	if err != nil {
		return nil, s, err
	}
	var out []Record
	for _, r := range rs {
		if r.GatewayName != "" && r.GatewayName != gateway {
			continue
		}
		if !r.AppliedTime.IsZero() && r.AppliedTime.Before(since.Add(-time.Minute)) {
			continue
		}
		out = append(out, r)
	}
	return out, s, nil
}

// AfterUnknownRenew reads the permissions of the ids after a renewal whose outcome is
// unknown, so the user sees the expiries as they stand.
func (p *Planner) AfterUnknownRenew(ctx context.Context, ids []int) ([]ResourcePermission, Surface, error) {
	all, s, err := p.AppPermissions(ctx)
	if err != nil {
		return nil, s, err
	}
	want := make(map[int]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	var out []ResourcePermission
	for _, r := range all {
		if want[r.ID] {
			out = append(out, r)
		}
	}
	return out, s, nil
}

// PastedAuth is Config.PastedAuth for the planner's profile.
func (p *Planner) PastedAuth(fields map[string]string) (AuthFields, bool, bool) {
	return p.Cfg.PastedAuth(fields)
}

// TokenRefused is the answer of the login surfaces (A, D) that turned the bk_token away this
// run, if one did: the planner fell back quietly, the user must still hear that the login
// expired.
func (p *Planner) TokenRefused() error {
	for _, s := range []Surface{SurfaceHelpCenter, SurfaceDevCenter} {
		if err := p.Down(s); err != nil && StatusOf(err) == 401 {
			return err
		}
	}
	return nil
}
