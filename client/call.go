package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/http/httpguts"
)

// GatewayBaseURL fills BK_API_URL_TMPL with a gateway name ({api_name}, or {gateway_name} as
// some tools write it) and strips the trailing slash.
func GatewayBaseURL(tmpl, gateway string) string {
	u := strings.ReplaceAll(tmpl, "{api_name}", gateway)
	u = strings.ReplaceAll(u, "{gateway_name}", gateway)
	return strings.TrimRight(u, "/")
}

var pathParamRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{([^{}/]+)\}`) })

// Methods are the methods a gateway's resource is called with (an ANY resource takes each).
var Methods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}

// SubPathParam names what the user types where a resource path ends in /* (O's display form
// when match_subpath is on: the * is any sub-path, never part of the URL).
const SubPathParam = "subpath"

// PathParams lists the {param} names of a resource path, in order, and SubPathParam last when
// the path ends in /*.
func PathParams(path string) []string {
	var names []string
	for _, m := range pathParamRe().FindAllStringSubmatch(path, -1) {
		names = append(names, paramName(m[1]))
	}
	if strings.HasSuffix(path, "/*") {
		names = append(names, SubPathParam)
	}
	return names
}

// paramName drops a pattern suffix such as {path:.*}.
func paramName(s string) string {
	if i := strings.IndexByte(s, ':'); i >= 0 {
		return s[:i]
	}
	return s
}

// FillPath replaces each {param} with its escaped value. A missing value is refused.
func FillPath(path string, values map[string]string) (string, error) {
	var missing []string
	var dotted error
	out := pathParamRe().ReplaceAllStringFunc(path, func(m string) string {
		name := paramName(m[1 : len(m)-1])
		v, ok := values[name]
		if !ok || v == "" {
			missing = append(missing, name)
			return m
		}
		if isDotSegment(v) {
			dotted = &ErrUserInput{Key: "input.dot_segment", Args: []any{name, v}}
		}
		return url.PathEscape(v)
	})
	if len(missing) > 0 {
		return "", &ErrUserInput{Key: "input.missing_path_param", Args: []any{strings.Join(missing, ", ")}}
	}
	if dotted != nil {
		return "", dotted
	}
	if strings.HasSuffix(out, "/*") {
		// Any sub-path, possibly none: each segment escaped, the slashes kept.
		sub := strings.Trim(values[SubPathParam], "/")
		segs := strings.Split(sub, "/")
		for i, sg := range segs {
			if isDotSegment(sg) {
				return "", &ErrUserInput{Key: "input.dot_segment", Args: []any{SubPathParam, sub}}
			}
			segs[i] = url.PathEscape(sg)
		}
		out = strings.TrimSuffix(out, "*") + strings.Join(segs, "/")
		if sub == "" {
			out = strings.TrimSuffix(out, "*")
		}
	}
	return out, nil
}

// isDotSegment: "." and ".." are not escaped in a URL, and the gateway (as curl, and every
// other client a snippet runs in) resolves them away: another API's path would be called.
func isDotSegment(v string) bool { return v == "." || v == ".." }

var stageRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_-]{0,19}$`) })

// ValidStage checks a stage name against the contract's pattern.
func ValidStage(s string) bool { return stageRe().MatchString(s) }

var appCodeRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`) })

// ValidAppCode checks an app code against the contract's pattern.
func ValidAppCode(s string) bool { return appCodeRe().MatchString(s) }

var usernameRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]{1,30}[a-zA-Z0-9]$`) })

// ValidUsername checks a username against the contract's pattern.
func ValidUsername(s string) bool { return usernameRe().MatchString(s) }

// gatewayNameRe is what a gateway's name may hold to be put in a URL: upstream's names are
// lowercase letters, digits and -; this is wider (so no real name is refused) but holds nothing
// that ends a host or a path segment.
var gatewayNameRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`) })

// ValidGatewayName checks a gateway's name before it is put in a URL.
func ValidGatewayName(s string) bool { return gatewayNameRe().MatchString(s) }

// CallURL builds the URL of a resource: template + stage + filled path. The gateway's name
// may come from a listing: one that would move the URL to another host under a subdomain
// template ("evil.example/x#" in http://{api_name}.apigw.example.com) is refused.
func CallURL(tmpl, gateway, stage, path string, params map[string]string) (string, error) {
	if !ValidGatewayName(gateway) {
		return "", &ErrUserInput{Key: "input.bad_gateway", Args: []any{gateway}}
	}
	if !ValidStage(stage) {
		return "", &ErrUserInput{Key: "input.bad_stage", Args: []any{stage}}
	}
	p, err := FillPath(path, params)
	if err != nil {
		return "", err
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if slices.ContainsFunc(strings.Split(p, "/"), isDotSegment) { // a path typed as such
		return "", &ErrUserInput{Key: "input.dot_segment_path", Args: []any{p}}
	}
	return GatewayBaseURL(tmpl, gateway) + "/" + stage + p, nil
}

// AuthFields is what goes in X-Bkapi-Authorization, in the order snippets print it.
type AuthFields struct {
	AppCode     string
	AppSecret   string
	TokenName   string // bk_token or bk_ticket
	Token       string
	AccessToken string
}

// Pairs lists the header's keys and values in a stable order.
func (a AuthFields) Pairs() [][2]string {
	var p [][2]string
	if a.AccessToken != "" {
		p = append(p, [2]string{"access_token", a.AccessToken})
	}
	if a.AppCode != "" {
		p = append(p, [2]string{"bk_app_code", a.AppCode})
	}
	if a.AppSecret != "" {
		p = append(p, [2]string{"bk_app_secret", a.AppSecret})
	}
	if a.Token != "" {
		name := a.TokenName
		if name == "" {
			name = "bk_token"
		}
		p = append(p, [2]string{name, a.Token})
	}
	return p
}

// Header is the X-Bkapi-Authorization value: a JSON object string, written as Python's
// json.dumps writes it, so snippets reproduce it exactly.
func (a AuthFields) Header() string {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kv := range a.Pairs() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(PyJSONString(kv[0]))
		b.WriteString(": ")
		b.WriteString(PyJSONString(kv[1]))
	}
	b.WriteByte('}')
	return b.String()
}

// AppAuth is the app-only header fields of a config.
func (c Config) AppAuth() AuthFields {
	return AuthFields{AppCode: c.AppCode, AppSecret: c.AppSecret}
}

// UserAuth adds the user's login state (or access_token) to the app's.
func (c Config) UserAuth() AuthFields {
	a := c.AppAuth()
	a.TokenName, a.Token, a.AccessToken = c.tokenName(), c.BkToken, c.AccessToken
	return a
}

// KV is one ordered key/value row (query parameter or header).
type KV struct{ Key, Value string }

// CallRequest is a test request to any gateway API.
type CallRequest struct {
	Gateway    string
	Stage      string
	Method     string
	Path       string // the resource path, with {param} parts
	PathParams map[string]string
	Query      []KV
	Headers    []KV
	Body       []byte
	WithUser   bool
	// Bearer sends the profile's personal token as Authorization: Bearer instead of
	// X-Bkapi-Authorization (which would win over it at the gateway: never both).
	Bearer bool
	// AI: the API is an AI resource; its answer may stream (server-sent events).
	AI      bool
	Timeout time.Duration
	// Auth, when set, is the credentials for this request only (a pasted curl command's); the
	// profile's are used otherwise. It is never written to history or a file.
	Auth *AuthFields
	// Component, when set, makes this a call of an ESB component instead of a gateway API:
	// the URL is BK_COMPONENT_API_URL's, and the answer's envelope decides (spec section E).
	Component *ComponentRef
}

// ComponentRef names an ESB component.
type ComponentRef struct{ System, Name string }

// PastedAuth turns the X-Bkapi-Authorization fields of a pasted command into credentials for
// one request: what the paste lacks (the app code, say) comes from the profile. withUser is
// true when the paste carries a user's token. ok is false when the paste carries no secret.
func (c Config) PastedAuth(fields map[string]string) (a AuthFields, withUser, ok bool) {
	a = AuthFields{AppCode: fields["bk_app_code"], AppSecret: fields["bk_app_secret"], TokenName: c.tokenName(),
		AccessToken: fields["access_token"]}
	if a.AppCode == "" {
		a.AppCode = c.AppCode
	}
	if a.AppSecret == "" && fields["bk_app_code"] == "" {
		a.AppSecret = c.AppSecret
	}
	switch {
	case fields["bk_token"] != "":
		a.TokenName, a.Token = "bk_token", fields["bk_token"]
	case fields["bk_ticket"] != "":
		a.TokenName, a.Token = "bk_ticket", fields["bk_ticket"]
	}
	withUser = a.Token != "" || a.AccessToken != ""
	ok = fields["bk_app_secret"] != "" || withUser
	return a, withUser, ok
}

// Prepared is a CallRequest resolved to what goes on the wire; snippets print exactly this.
type Prepared struct {
	Method  string
	URL     string // without the query
	Query   []KV
	Headers []KV // the user's headers, then X-Bkapi-Authorization last
	Auth    AuthFields
	// Bearer is the personal token sent as Authorization: Bearer; Auth is then empty.
	Bearer string
	Body   []byte
}

// FullURL is the URL with the query string, encoded as it is sent.
func (p Prepared) FullURL() string {
	if len(p.Query) == 0 {
		return p.URL
	}
	return p.URL + "?" + EncodeQuery(p.Query)
}

// EncodeQuery encodes ordered rows the way url.Values would, but keeping the order given.
func EncodeQuery(q []KV) string {
	var b strings.Builder
	for i, kv := range q {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(kv.Key))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(kv.Value))
	}
	return b.String()
}

// Prepare resolves a call request with the config's credentials; input errors come back
// before anything is sent.
func (c Config) Prepare(r CallRequest) (Prepared, error) {
	if r.Stage == "" {
		r.Stage = c.StageList()[0]
	}
	var u string
	var err error
	if r.Component != nil {
		if c.ComponentAPIURL == "" {
			return Prepared{}, &ErrUnavailable{Feature: FeatureComponentCall, Needs: []string{NeedComponentAPIURL}}
		}
		u = ComponentURL(c.ComponentAPIURL, r.Component.System, r.Component.Name)
	} else if u, err = CallURL(c.APIURLTmpl, r.Gateway, r.Stage, r.Path, r.PathParams); err != nil {
		return Prepared{}, err
	}
	m := strings.ToUpper(r.Method)
	if m == "" || m == "ANY" {
		m = http.MethodGet
	}
	auth := c.AppAuth()
	if r.WithUser {
		auth = c.UserAuth()
	}
	if r.Auth != nil {
		auth = *r.Auth
	}
	p := Prepared{Method: m, URL: u, Query: r.Query, Auth: auth, Body: r.Body}
	if r.Bearer {
		if r.Component != nil {
			return Prepared{}, &ErrUserInput{Key: "input.bearer_component"}
		}
		if c.PersonalToken == "" {
			return Prepared{}, &ErrUserInput{Key: "input.no_personal_token"}
		}
		p.Auth, p.Bearer = AuthFields{}, c.PersonalToken
	}
	for _, h := range r.Headers {
		// Refused, not dropped: a header the user wrote and bkconsole replaced in silence would
		// be sent as other credentials than the ones they see.
		switch {
		case strings.EqualFold(h.Key, "X-Bkapi-Authorization"):
			return Prepared{}, &ErrUserInput{Key: "input.auth_header"}
		case p.Bearer != "" && strings.EqualFold(h.Key, "Authorization"):
			return Prepared{}, &ErrUserInput{Key: "input.bearer_header"}
		}
		p.Headers = append(p.Headers, h)
	}
	if len(r.Body) > 0 && !hasHeader(p.Headers, "Content-Type") {
		p.Headers = append(p.Headers, KV{"Content-Type", "application/json"})
	}
	if c.TenantID != "" && !hasHeader(p.Headers, "X-Bk-Tenant-Id") {
		p.Headers = append(p.Headers, KV{"X-Bk-Tenant-Id", c.TenantID})
	}
	return p, checkSendable(p)
}

// checkSendable refuses what Go's client would refuse only once it is sending (a method that
// is not a token, a header with a line break or another control byte): a write refused there
// read as sent with its answer lost.
func checkSendable(p Prepared) error {
	if !slices.Contains(Methods, p.Method) {
		return &ErrUserInput{Key: "input.bad_http_method", Args: []any{p.Method, strings.Join(Methods, ", ")}}
	}
	for _, h := range p.Headers {
		if !httpguts.ValidHeaderFieldName(h.Key) {
			return &ErrUserInput{Key: "input.bad_header_name", Args: []any{h.Key}}
		}
		if !httpguts.ValidHeaderFieldValue(h.Value) {
			return &ErrUserInput{Key: "input.bad_header_value", Args: []any{h.Key}}
		}
	}
	return nil
}

func hasHeader(h []KV, name string) bool {
	for _, kv := range h {
		if strings.EqualFold(kv.Key, name) {
			return true
		}
	}
	return false
}

// CallResponse is what came back from a test call.
type CallResponse struct {
	Status    int
	Proto     string
	Headers   http.Header
	Body      []byte
	Truncated bool // the body was larger than the read limit (CallBodyLimit)
	Partial   bool // the body broke off (timeout, reset): what arrived is kept, marked
	// NotFollowed is where a redirect to another scheme, host or port pointed: it was not
	// followed, so the credentials did not go there; the 3xx itself is the response.
	NotFollowed string
	Duration    time.Duration
	RequestID   string
	Gateway     *GatewayError // set when the gateway itself made the answer
	RateLimit   [3]string     // limit, remaining, reset
	SentMethod  string
	SentURL     string
}

// Took is how long the call took, as Rounded says it.
func (r *CallResponse) Took() time.Duration { return Rounded(r.Duration) }

// Rounded is a duration to the millisecond, or to the microsecond under one (a loopback
// answer read "0s"): every place that says how long a request took says it so.
func Rounded(d time.Duration) time.Duration {
	switch {
	case d < time.Microsecond:
		return d
	case d < time.Millisecond:
		return d.Round(time.Microsecond)
	}
	return d.Round(time.Millisecond)
}

// Caller sends test requests (surface C).
type Caller struct {
	t    *Transport
	http *http.Client
}

// NewCaller returns the surface C client. Its redirects: followed within the same origin;
// to another one, the 3xx is shown as the answer and nothing is sent there.
func NewCaller(t *Transport) *Caller {
	hc := *t.http
	hc.Timeout = 0 // the call's own timeout bounds it, body included
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if origin(req.URL) != origin(via[0].URL) {
			return http.ErrUseLastResponse
		}
		if len(via) >= maxRedirects {
			return &RedirectError{From: redactQuery(via[0].URL), To: redactQuery(req.URL), TooMany: true}
		}
		return nil
	}
	return &Caller{t: t, http: &hc}
}

// CallBodyLimit bounds the body kept in memory; more is reported as truncated.
const CallBodyLimit = 16 << 20

// Do sends the prepared request once (a test call is a write: never retried).
func (c *Caller) Do(ctx context.Context, p Prepared, timeout time.Duration) (*CallResponse, error) {
	resp, _, err := c.do(ctx, p, timeout, nil)
	return resp, err
}

// DoChat sends a call to an AI resource once. When the answer is a stream of server-sent
// events, onDelta gets each piece of the answer as it arrives and the timeout bounds the wait
// for the answer to begin and each silence within it, not the whole answer (a model may write
// for minutes). The answer, whole, comes back beside the response (nil when it was not a
// Chat Completions answer: a provider's error passes through unwrapped, and is the body).
func (c *Caller) DoChat(ctx context.Context, p Prepared, timeout time.Duration, onDelta func(string)) (*CallResponse, *ChatAnswer, error) {
	if onDelta == nil {
		onDelta = func(string) {}
	}
	return c.do(ctx, p, timeout, onDelta)
}

// idleTimer cancels a context after a silence of d; every sign of life pushes it back.
type idleTimer struct {
	t     *time.Timer
	d     time.Duration
	fired chan struct{}
}

func newIdleTimer(d time.Duration, cancel context.CancelFunc) *idleTimer {
	it := &idleTimer{d: d, fired: make(chan struct{})}
	it.t = time.AfterFunc(d, func() { close(it.fired); cancel() })
	return it
}

// alive, stop and expired take a nil timer (no timeout): nothing to do, never expired.
func (it *idleTimer) alive() {
	if it != nil {
		it.t.Reset(it.d)
	}
}

func (it *idleTimer) stop() {
	if it != nil {
		it.t.Stop()
	}
}

func (it *idleTimer) expired() bool {
	if it == nil {
		return false
	}
	select {
	case <-it.fired:
		return true
	default:
		return false
	}
}

// httpRequest is the request p describes, with its credential: a personal token alone, or
// the app's (and the user's) in X-Bkapi-Authorization.
func (p Prepared) httpRequest(ctx context.Context) (*http.Request, error) {
	var body io.Reader
	if len(p.Body) > 0 {
		body = bytes.NewReader(p.Body)
	}
	req, err := http.NewRequestWithContext(ctx, p.Method, p.FullURL(), body)
	if err != nil {
		return nil, err
	}
	for _, h := range p.Headers {
		req.Header.Add(h.Key, h.Value)
	}
	if !hasHeader(p.Headers, "User-Agent") {
		req.Header.Set("User-Agent", "bkconsole/"+Version)
	}
	switch {
	case p.Bearer != "":
		req.Header.Set("Authorization", "Bearer "+p.Bearer)
	case len(p.Auth.Pairs()) > 0:
		req.Header.Set("X-Bkapi-Authorization", p.Auth.Header())
	}
	return req, nil
}

// readAnswer reads a response's body, bounded: a chat's event stream as it comes (each piece
// to onDelta, what arrived kept as the body too), anything else whole.
func readAnswer(resp *http.Response, idle *idleTimer, timeout time.Duration, onDelta func(string)) (raw []byte, chat *ChatAnswer, rerr error) {
	if onDelta == nil || resp.StatusCode != http.StatusOK || !IsEventStream(resp.Header.Get("Content-Type")) {
		raw, rerr = io.ReadAll(io.LimitReader(resp.Body, CallBodyLimit+1))
		if onDelta != nil && rerr == nil {
			if a, err := ParseChatAnswer(raw); err == nil {
				chat = &a
			}
		}
		return raw, chat, rerr
	}
	var kept bytes.Buffer
	tee := io.TeeReader(io.LimitReader(resp.Body, CallBodyLimit), &kept)
	a, err := ReadChatStream(tee, CallBodyLimit, func(d string) { idle.alive(); onDelta(d) })
	chat, raw, rerr = &a, kept.Bytes(), err
	if tl := (*BodyTooLargeError)(nil); errors.As(rerr, &tl) && resp.Request != nil {
		tl.URL = resp.Request.URL.Redacted()
	}
	if rerr == nil && !a.Done {
		rerr = io.ErrUnexpectedEOF // the stream ended without [DONE]: the answer may be cut
	}
	if errors.Is(rerr, ErrNotChat) {
		chat, rerr = nil, nil // not a chat stream after all: the body says what it is
	}
	if idle.expired() {
		rerr = fmt.Errorf("no event in %s: %w", timeout, context.DeadlineExceeded)
	}
	return raw, chat, rerr
}

func (c *Caller) do(ctx context.Context, p Prepared, timeout time.Duration, onDelta func(string)) (*CallResponse, *ChatAnswer, error) {
	var idle *idleTimer
	switch {
	case timeout > 0 && onDelta != nil:
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		idle = newIdleTimer(timeout, cancel)
		defer idle.stop()
	case timeout > 0:
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	u := p.FullURL()
	req, err := p.httpRequest(ctx)
	if err != nil {
		return nil, nil, &TransportError{Method: p.Method, URL: u, Err: err, NotSent: true} // never built: nothing left
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		var re *RedirectError
		if errors.As(err, &re) {
			return nil, nil, re
		}
		if errors.Is(err, ErrDryRun) {
			return nil, nil, err
		}
		if idle.expired() {
			err = fmt.Errorf("no answer in %s: %w", timeout, context.DeadlineExceeded)
		}
		return nil, nil, &TransportError{Method: p.Method, URL: u, Err: err, NotSent: notSent(err)}
	}
	defer resp.Body.Close()
	raw, chat, rerr := readAnswer(resp, idle, timeout, onDelta)
	out := &CallResponse{
		Status: resp.StatusCode, Proto: resp.Proto, Headers: resp.Header, Body: raw,
		Duration: time.Since(start), RequestID: resp.Header.Get("X-Bkapi-Request-ID"),
		SentMethod: p.Method, SentURL: u,
		RateLimit: [3]string{resp.Header.Get("X-Bkapi-RateLimit-Limit"),
			resp.Header.Get("X-Bkapi-RateLimit-Remaining"), resp.Header.Get("X-Bkapi-RateLimit-Reset")},
	}
	if len(raw) > CallBodyLimit {
		out.Body, out.Truncated = raw[:CallBodyLimit], true
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		if loc, err := resp.Location(); err == nil && origin(loc) != origin(req.URL) {
			out.NotFollowed = redactQuery(loc)
		}
	}
	out.Gateway = gatewayErrorOf(resp.StatusCode, resp.Header, raw)
	if out.Gateway != nil {
		out.Gateway.Bearer = p.Bearer != ""
	}
	if rerr != nil {
		// The answer broke off: a timeout or a reset is an error, whatever the status said.
		out.Partial = true
		return out, chat, &TransportError{Method: p.Method, URL: u, Err: rerr}
	}
	return out, chat, nil
}

// SortedHeaderNames lists response header names in order, for stable display.
func SortedHeaderNames(h http.Header) []string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// IsJSONBody: a request's body is JSON unless a Content-Type header says otherwise (bkconsole
// sends JSON by default), so it is checked as JSON before it is sent.
func IsJSONBody(hs []KV) bool {
	for _, h := range hs {
		if strings.EqualFold(h.Key, "Content-Type") {
			return strings.Contains(strings.ToLower(h.Value), "json")
		}
	}
	return true
}

// ParseExpiry reads a personal token's expiry as its page shows it: a date (the end of that
// day in loc) or an RFC 3339 time.
func ParseExpiry(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		return time.Time{}, err
	}
	return d.Add(24*time.Hour - time.Second).UTC(), nil
}
