package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Connecting to an MCP server through the gateway's MCP proxy, with the official Go SDK: the
// same client an AI agent would use, so "try it" proves what the agent will see.

// MCPError is the proxy's refusal (403: no permission; 400/401: authentication), or an answer
// that was not MCP.
type MCPError struct {
	Status  int
	Code    string // the proxy's error code (Forbidden, …), when it sent one
	Message string
	Err     error
	// OAuth is the challenge of a refused token (gateway 1.24).
	OAuth OAuthChallenge
	// Refused is bkconsole's own reason not to connect (a catalog key), when it refused.
	Refused string
	// RPC: the refusal is a JSON-RPC error the server answered (an unknown tool, bad
	// parameters), whatever the HTTP status: the request's, not the credentials'.
	RPC bool
	// Server is the server's name; Sent, the token it was sent (MCPCredPersonal, MCPCredLogin,
	// or none: the app's credentials); Logins, that it takes public-client logins. A refused
	// token's fix depends on them: a personal token is renewed, a login is made again.
	Server, Sent string
	Logins       bool
}

func (e *MCPError) Error() string {
	if e.Status > 0 {
		return fmt.Sprintf("MCP server answered %d: %s", e.Status, e.Message)
	}
	return "MCP: " + e.Err.Error()
}

func (e *MCPError) Unwrap() error { return e.Err }

// Explain is Error in the reader's language, the server's words quoted inside.
func (e *MCPError) Explain(l i18n.Lang) string {
	var ex Explained
	switch {
	case e.Status > 0:
		return i18n.T(l, "err.mcp_status", e.Status, e.Message)
	case errors.As(e.Err, &ex):
		return ex.Explain(l)
	}
	return e.Error()
}

// Hint: a 403 is a missing permission (apply), an authentication failure is the credentials'.
func (e *MCPError) Hint() Hint {
	switch {
	case e.Refused != "":
		return Hint{e.Refused, FixCheckURL}
	case e.RPC:
		return Hint{"mcp.request_refused", FixNone}
	case e.OAuth.Error == "invalid_token" && strings.Contains(e.Message, "app code is not allowed"):
		return Hint{"gw.oauth_kind_refused", FixUseApp}
	case e.OAuth.Error == "invalid_token" && e.Sent == MCPCredPersonal:
		return Hint{"gw.oauth_token_invalid", FixRenewPersonalToken}
	case e.OAuth.Error == "invalid_token":
		return Hint{"gw.oauth_token_invalid", FixMCPLogin}
	case e.OAuth.Error == "invalid_audience" && e.Sent == MCPCredPersonal && !e.Logins:
		return Hint{"gw.oauth_audience", FixAudienceMCPToken}
	case e.OAuth.Error == "invalid_audience":
		return Hint{"gw.oauth_audience", FixAudienceMCP}
	case e.Status == http.StatusForbidden && strings.Contains(e.Message, "expired"):
		return Hint{"mcp.permission_expired", FixApplyMCP}
	case e.Status == http.StatusForbidden:
		return Hint{"mcp.no_permission", FixApplyMCP}
	case e.Status == http.StatusUnauthorized || e.Status == http.StatusBadRequest:
		return Hint{"mcp.auth_failed", FixSecret}
	case e.Status == http.StatusNotFound:
		return Hint{"mcp.not_found", FixCheckURL}
	}
	return Hint{"mcp.failed", FixRetryLater}
}

// mcpAuth adds the credentials to requests for the server's own origin, and keeps the first
// refusal's words (the SDK's error says only the status).
type mcpAuth struct {
	base    http.RoundTripper
	origin  string
	headers http.Header
	// server, sent, logins: told in a refusal (see MCPError).
	server, sent string
	logins       bool
	// headerWait bounds the wait for an answer's headers (an event stream's body may then run
	// as long as the session does).
	headerWait time.Duration

	mu      sync.Mutex
	refused *MCPError
	// calling is a tool call under way; callSent, that a request of it may have reached the
	// server (it left, or broke after leaving): its outcome is then unknown if no answer came.
	calling, callSent bool
	// maxBody bounds a JSON answer, which the SDK reads whole (an event stream it bounds event
	// by event); tooLarge is the answer that passed it.
	maxBody  int64
	tooLarge *BodyTooLargeError
}

// cappedAnswer fails the reading of an answer once it passes the bound, and tells the session.
type cappedAnswer struct {
	io.ReadCloser
	left int64
	over func()
}

func (c *cappedAnswer) Read(p []byte) (int, error) {
	if c.left < 0 {
		c.over()
		return 0, errBodyCap
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1] // one byte past the bound tells it was passed
	}
	n, err := c.ReadCloser.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		c.over()
		return 0, errBodyCap
	}
	return n, err
}

// startCall and endCall frame one tool call; endCall says whether a request of it may have
// reached the server.
func (a *mcpAuth) startCall() {
	a.mu.Lock()
	a.calling, a.callSent = true, false
	a.mu.Unlock()
}

func (a *mcpAuth) endCall() (sent bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.calling = false
	return a.callSent
}

// sawSend notes a request that may have reached the server while a tool call is under way.
func (a *mcpAuth) sawSend(req *http.Request, err error) {
	if req.Method != http.MethodPost || err != nil && notSent(err) {
		return
	}
	a.mu.Lock()
	if a.calling {
		a.callSent = true
	}
	a.mu.Unlock()
}

func (a *mcpAuth) RoundTrip(req *http.Request) (*http.Response, error) {
	if origin(req.URL) == a.origin {
		req = req.Clone(req.Context())
		for k, vs := range a.headers {
			req.Header[k] = vs
		}
	}
	if a.headerWait > 0 {
		ctx, cancel := context.WithCancel(req.Context())
		timer := time.AfterFunc(a.headerWait, cancel)
		req = req.WithContext(ctx)
		resp, err := a.base.RoundTrip(req)
		a.sawSend(req, err)
		if !timer.Stop() && err != nil {
			err = fmt.Errorf("no answer within %v: %w", a.headerWait, err)
		}
		if err != nil {
			cancel()
			return nil, err
		}
		resp.Body = cancelOnClose{resp.Body, cancel}
		return a.check(resp)
	}
	resp, err := a.base.RoundTrip(req)
	a.sawSend(req, err)
	if err != nil {
		return nil, err
	}
	return a.check(resp)
}

// cancelOnClose ends a request's context when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c cancelOnClose) Close() error { err := c.ReadCloser.Close(); c.cancel(); return err }

// check keeps the first refusal's words, and bounds a JSON answer.
func (a *mcpAuth) check(resp *http.Response) (*http.Response, error) {
	var err error
	if a.maxBody > 0 && resp.StatusCode < 400 && !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		u, status := resp.Request.URL.String(), resp.StatusCode
		resp.Body = &cappedAnswer{ReadCloser: resp.Body, left: a.maxBody, over: func() {
			a.mu.Lock()
			a.tooLarge = &BodyTooLargeError{Status: status, URL: u, Limit: a.maxBody}
			a.mu.Unlock()
		}}
	}
	if resp.StatusCode >= 400 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(b))
		msg := strings.TrimSpace(string(b))
		code, rpc := "", false
		if m, c, ok := rpcError(b); ok {
			msg, code, rpc = m, c, true
		} else if m, c, ok := proxyRefusal(b); ok {
			msg, code = m, c
		}
		a.mu.Lock()
		if a.refused == nil {
			a.refused = &MCPError{Status: resp.StatusCode, Code: code, Message: msg, RPC: rpc, OAuth: ParseChallenge(resp.Header.Get("WWW-Authenticate")),
				Server: a.server, Sent: a.sent, Logins: a.logins}
		}
		a.mu.Unlock()
	}
	return resp, err
}

// rpcError reads a JSON-RPC error answer, {"jsonrpc": "2.0", "error": {"code": -32602,
// "message": ...}}: the Go SDK's server answers an unknown tool or bad parameters so, with an
// HTTP 400.
func rpcError(b []byte) (message, code string, ok bool) {
	var j struct {
		Version string `json:"jsonrpc"`
		Error   *struct {
			Code    int64  `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(b, &j) != nil || j.Version != "2.0" || j.Error == nil {
		return "", "", false
	}
	return j.Error.Message, strconv.FormatInt(j.Error.Code, 10), true
}

// proxyRefusal reads the proxy's refusal: {"error": {"code", "message", "system"}}
// (src/mcp-proxy), or an older plain {"error": "..."} or {"message": "..."}.
func proxyRefusal(b []byte) (message, code string, ok bool) {
	var j struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
	}
	if json.Unmarshal(b, &j) != nil {
		return "", "", false
	}
	var obj struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	var text string
	switch {
	case json.Unmarshal(j.Error, &obj) == nil && (obj.Message != "" || obj.Code != ""):
		if obj.Message == "" {
			obj.Message = obj.Code
		}
		return obj.Message, obj.Code, true
	case json.Unmarshal(j.Error, &text) == nil && text != "":
		return text, "", true
	case j.Message != "":
		return j.Message, "", true
	}
	return "", "", false
}

// MCPHeaders are the headers an MCP client sends to the gateway's proxy: the credentials (and
// the tenant on a multi-tenant installation).
func (c Config) MCPHeaders(withUser bool) http.Header {
	auth := c.AppAuth()
	if withUser {
		auth = c.UserAuth()
	}
	h := http.Header{"X-Bkapi-Authorization": {auth.Header()}}
	if c.TenantID != "" {
		h.Set("X-Bk-Tenant-Id", c.TenantID)
		h.Set("X-Bkapi-Allowed-Headers", "X-Bk-Tenant-Id")
	}
	return h
}

// MCPNeedsUser tells whether a server's URL is the user form (not /application/).
func MCPNeedsUser(s MCPServer) bool { return !strings.Contains(s.URL, "/application/") }

// MCPUserURL is a server's user route: the one that takes OAuth2 tokens (gateway 1.24; the
// /application/ routes never do).
func MCPUserURL(u string) string { return strings.Replace(u, "/application/", "/", 1) }

// How an MCP server is called: the app's X-Bkapi-Authorization, the token of a login (mcp
// login), or the profile's personal token; auto takes a login when there is one.
const (
	MCPCredAuto     = ""
	MCPCredApp      = "app"
	MCPCredLogin    = "login"
	MCPCredPersonal = "personal"
)

// MCPLogins are the user's logins to MCP servers (mcp login): MCPToken gives a login's access
// token, refreshed when it is about to expire (ok is false when there is none); MCPLogin logs in
// (tell shows the URL to open); MCPLogout revokes and forgets (was: there was a login).
type MCPLogins interface {
	MCPToken(ctx context.Context, server string) (token string, ok bool, err error)
	MCPLogin(ctx context.Context, s MCPServer, tell func(url string)) (expiry time.Time, err error)
	MCPLogout(ctx context.Context, server string) (was bool, err error)
}

// errNoLogins: this run keeps no logins (a planner built without them).
var errNoLogins = errors.New("this run keeps no MCP logins")

// MCPLogin logs in to an MCP server that takes public-client logins (MCPLogins.MCPLogin).
func (p *Planner) MCPLogin(ctx context.Context, s MCPServer, tell func(url string)) (time.Time, error) {
	if !s.OAuth2PublicClientEnabled {
		return time.Time{}, &ErrUserInput{Key: "mcp.no_public_login", Args: []any{s.Name}}
	}
	if p.MCPLogins == nil {
		return time.Time{}, errNoLogins
	}
	return p.MCPLogins.MCPLogin(ctx, s, tell)
}

// MCPLogout revokes and forgets the login to a server.
func (p *Planner) MCPLogout(ctx context.Context, server string) (bool, error) {
	if p.MCPLogins == nil {
		return false, errNoLogins
	}
	return p.MCPLogins.MCPLogout(ctx, server)
}

// MCPLoggedIn tells whether there is a login to a server (its token is not asked for).
func (p *Planner) MCPLoggedIn(ctx context.Context, server string) bool {
	if p.MCPLogins == nil {
		return false
	}
	_, ok, err := p.MCPLogins.MCPToken(ctx, server)
	return ok && err == nil
}

// mcpBearer picks the token an MCP server is called with ("" for the app's credentials), and
// says which it is (MCPCredPersonal or MCPCredLogin).
func (p *Planner) mcpBearer(ctx context.Context, s MCPServer) (token, kind string, err error) {
	login := func() (string, bool, error) {
		if p.MCPLogins == nil {
			return "", false, nil
		}
		return p.MCPLogins.MCPToken(ctx, s.Name)
	}
	switch p.MCPCredential {
	case MCPCredApp:
		return "", "", nil
	case MCPCredPersonal:
		if p.Cfg.PersonalToken == "" {
			return "", "", &ErrUserInput{Key: "input.no_personal_token"}
		}
		if err := NoPersonalTokens(s); err != nil {
			return "", "", err
		}
		return p.Cfg.PersonalToken, MCPCredPersonal, nil
	case MCPCredLogin:
		tok, ok, err := login()
		if err == nil && !ok {
			err = &ErrUserInput{Key: "mcp.not_logged_in", Args: []any{s.Name}}
		}
		return tok, MCPCredLogin, err
	}
	tok, _, err := login()
	return tok, MCPCredLogin, err
}

// NoPersonalTokens refuses a server that takes no personal token, naming what it takes instead:
// a login where it offers one, else the app's credentials.
func NoPersonalTokens(s MCPServer) error {
	switch {
	case s.OAuth2PersonalClientEnabled:
		return nil
	case s.OAuth2PublicClientEnabled:
		return &ErrUserInput{Key: "mcp.no_personal_tokens", Args: []any{s.Name}}
	}
	return &ErrUserInput{Key: "mcp.no_personal_tokens_app", Args: []any{s.Name}}
}

// HTTPClient is a client over the profile's transport (its CA bundle, TLS settings, -v), for
// exchanges of its own such as an OAuth login.
func (p *Planner) HTTPClient() *http.Client {
	return &http.Client{Transport: p.C.http.Transport, Timeout: p.Cfg.Timeout}
}

// MCPSession is a connection to one MCP server.
type MCPSession struct {
	*mcp.ClientSession
	auth *mcpAuth
}

// explain turns an SDK failure into the proxy's own refusal where there was one.
func (s *MCPSession) explain(err error) error { return s.auth.explain(err) }

func (a *mcpAuth) explain(err error) error {
	if err == nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.tooLarge != nil {
		return a.tooLarge // the SDK's error says only that the body could not be read
	}
	if a.refused != nil {
		r := *a.refused
		r.Err = err
		return &r
	}
	var wire *jsonrpc.Error
	if serverAnswered(err) && errors.As(err, &wire) { // over SSE, a refusal comes on the stream
		return &MCPError{Code: strconv.FormatInt(wire.Code, 10), Message: wire.Message, RPC: true, Err: err}
	}
	return &MCPError{Err: err}
}

// CheckMCPURL refuses a server whose URL is not at the gateway the profile names (where the MCP
// proxy lives). The URL comes from the server's listing: the credentials go nowhere else,
// neither sent by bkconsole nor written into an AI client's configuration, which would send
// them on every start.
func (p *Planner) CheckMCPURL(s MCPServer) error {
	u, err := url.Parse(s.URL)
	if err != nil || u.Host == "" {
		return &MCPError{Err: fmt.Errorf("the server's URL %q is not usable", s.URL), Refused: "mcp.url_unusable"}
	}
	if gw, err := url.Parse(GatewayBaseURL(p.Cfg.APIURLTmpl, "bk-apigateway")); err != nil || origin(gw) != origin(u) {
		want := ""
		if gw != nil {
			want = origin(gw)
		}
		return &MCPError{Err: fmt.Errorf("the server's URL points at %s, not at the gateway %s: its credentials are not sent there", origin(u), want),
			Refused: "mcp.url_foreign"}
	}
	return nil
}

// MCPConnect opens a session with the server at its URL (SSE or streamable HTTP, as the URL
// and protocol say), sending the profile's credentials to that origin only.
func (p *Planner) MCPConnect(ctx context.Context, s MCPServer) (*MCPSession, error) {
	if err := p.CheckMCPURL(s); err != nil {
		return nil, err
	}
	u, _ := url.Parse(s.URL) // parsed by the check
	bearer, sent, err := p.mcpBearer(ctx, s)
	if err != nil {
		return nil, err
	}
	headers := p.Cfg.MCPHeaders(MCPNeedsUser(s))
	if bearer != "" {
		// A token alone, on the user route: X-Bkapi-Authorization would win over it.
		s.URL = MCPUserURL(s.URL)
		headers.Del("X-Bkapi-Authorization")
		headers.Set("Authorization", "Bearer "+bearer)
	} else {
		if err := p.mcpUnreachable(s); err != nil {
			return nil, err
		}
	}
	maxBody, _ := p.Cfg.bodyLimits()
	if bearer == "" {
		sent = ""
	}
	auth := &mcpAuth{base: p.C.http.Transport, origin: origin(u), headers: headers, headerWait: p.Cfg.Timeout, maxBody: maxBody,
		server: s.Name, sent: sent, logins: s.OAuth2PublicClientEnabled}
	if auth.base == nil {
		auth.base = http.DefaultTransport
	}
	hc := &http.Client{Transport: auth, CheckRedirect: sameOriginRedirects}
	var t mcp.Transport
	if s.ProtocolType == "sse" || strings.HasSuffix(strings.TrimSuffix(u.Path, "/"), "/sse") {
		t = &mcp.SSEClientTransport{Endpoint: s.URL, HTTPClient: hc}
	} else {
		t = &mcp.StreamableClientTransport{Endpoint: s.URL, HTTPClient: hc, DisableStandaloneSSE: true}
	}
	c := mcp.NewClient(&mcp.Implementation{Name: "bkconsole", Version: Version}, nil)
	cs, err := c.Connect(ctx, t, nil)
	if err != nil {
		return nil, auth.explain(err)
	}
	return &MCPSession{ClientSession: cs, auth: auth}, nil
}

// Tools lists the server's tools.
func (s *MCPSession) Tools(ctx context.Context) ([]*mcp.Tool, error) {
	var out []*mcp.Tool
	for t, err := range s.ClientSession.Tools(ctx, nil) {
		if err != nil {
			return out, s.explain(err)
		}
		out = append(out, t)
		if len(out) >= 10_000 {
			break // bounded, whatever the server says
		}
	}
	return out, nil
}

// CheckToolArgs refuses a tool's arguments that are not a JSON object (empty is none), saying
// why in the reader's language: where the JSON is broken, or what it is instead of an object.
// The CLI, the console and the session check through here.
func CheckToolArgs(args []byte) error {
	args = bytes.TrimSpace(args)
	if len(args) == 0 {
		return nil
	}
	if err := CheckJSON(args); err != nil {
		var at *ErrUserInput
		if errors.As(err, &at) {
			return &ErrUserInput{Key: "input.bad_args", Args: []any{i18n.Phrase{Key: at.Key, Args: at.Args}}}
		}
		return err
	}
	if args[0] != '{' {
		return &ErrUserInput{Key: "input.args_not_object", Args: []any{i18n.Phrase{Key: jsonKind(args[0])}}}
	}
	return nil
}

// jsonKind names what a valid JSON value starting with c is (not an object).
func jsonKind(c byte) string {
	switch c {
	case '[':
		return "json.kind.array"
	case '"':
		return "json.kind.string"
	case 't', 'f':
		return "json.kind.bool"
	case 'n':
		return "json.kind.null"
	}
	return "json.kind.number"
}

// Call calls one tool with JSON arguments.
func (s *MCPSession) Call(ctx context.Context, tool string, args json.RawMessage) (*mcp.CallToolResult, error) {
	// The arguments go as typed, byte for byte: a number keeps every digit.
	var a any = map[string]any{}
	if len(bytes.TrimSpace(args)) > 0 {
		if err := CheckToolArgs(args); err != nil {
			return nil, err
		}
		a = json.RawMessage(args)
	}
	s.auth.startCall()
	res, err := s.CallTool(ctx, &mcp.CallToolParams{Name: tool, Arguments: a})
	sent := s.auth.endCall()
	if err == nil {
		return res, nil
	}
	err = s.explain(err)
	// Sent and not answered (no refusal, no JSON-RPC error from the server): the tool may have
	// acted. A tool call is a call of the API behind it: said so, not sent again.
	var refused *MCPError
	if sent && !serverAnswered(err) && errors.As(err, &refused) && refused.Status == 0 {
		return nil, &OutcomeUnknownError{Surface: SurfaceCall, Err: err}
	}
	return nil, err
}

// serverAnswered: the error is a JSON-RPC error the server sent, not one the SDK made of a
// failed send (it wraps those in "rejected by transport", -32005, or "client is closing").
func serverAnswered(err error) bool {
	var wire *jsonrpc.Error
	return errors.As(err, &wire) && wire.Code != -32005 && wire.Code != -32003
}

// MCPToolInfo is a tool as a server lists it.
type MCPToolInfo struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	InputSchema json.RawMessage `json:"input_schema,omitempty"`
}

// MCPCallResult is a tool's answer: its items, and whether the tool reported an error.
type MCPCallResult struct {
	Parts   []ToolPart `json:"parts"`
	IsError bool       `json:"is_error"`
}

// Render is the answer as a person reads it, in l (RenderToolParts).
func (r MCPCallResult) Render(l i18n.Lang) string { return RenderToolParts(r.Parts, l) }

// MCPTools connects, lists the tools and disconnects (the console's "try it").
func (p *Planner) MCPTools(ctx context.Context, s MCPServer) ([]MCPToolInfo, error) {
	sess, err := p.MCPConnect(ctx, s)
	if err != nil {
		return nil, err
	}
	defer sess.Close()
	ts, err := sess.Tools(ctx)
	out := make([]MCPToolInfo, 0, len(ts))
	for _, t := range ts {
		schema, _ := json.Marshal(t.InputSchema)
		out = append(out, MCPToolInfo{Name: t.Name, Description: t.Description, InputSchema: schema})
	}
	return out, err
}

// MCPCall connects, calls one tool and disconnects.
func (p *Planner) MCPCall(ctx context.Context, s MCPServer, tool string, args json.RawMessage) (MCPCallResult, error) {
	sess, err := p.MCPConnect(ctx, s)
	if err != nil {
		return MCPCallResult{}, err
	}
	defer sess.Close()
	res, err := sess.Call(ctx, tool, args)
	if err != nil {
		return MCPCallResult{}, err
	}
	return MCPCallResult{Parts: ToolParts(res), IsError: res.IsError}, nil
}

// MCPAuthFields is what an AI client's config carries for a server: the app, and the user when
// the server's tools need one.
func (p *Planner) MCPAuthFields(s MCPServer) AuthFields {
	if MCPNeedsUser(s) {
		return p.Cfg.UserAuth()
	}
	return p.Cfg.AppAuth()
}

// TenantID is the profile's tenant (multi-tenant installations), for an AI client's headers.
func (p *Planner) TenantID() string { return p.Cfg.TenantID }

// mcpUnreachable says what a call to s without a bearer token lacks: app credentials, and for
// a server whose tools act as a user, who the user is. That may be a login (bk_token) beside
// the app, or, where the server takes them, its own OAuth login or a personal token: each a
// way of its own ("a login (bk_token)" alone had hidden the two the server offered).
func (p *Planner) mcpUnreachable(s MCPServer) error {
	app := p.Cfg.Needs(SurfaceOpen)
	if !MCPNeedsUser(s) || p.Cfg.HasToken() || p.Cfg.AccessToken != "" {
		if len(app) == 0 {
			return nil
		}
		return &ErrUnavailable{Feature: FeatureMCP, Needs: app, Ways: [][]string{app}}
	}
	ways := [][]string{append(slices.Clone(app), NeedToken)}
	if s.OAuth2PublicClientEnabled {
		ways = append(ways, []string{NeedMCPLogin})
	}
	if s.OAuth2PersonalClientEnabled {
		ways = append(ways, []string{NeedPersonalToken})
	}
	return &ErrUnavailable{Feature: FeatureMCPUser, Needs: needsOf(ways), Ways: ways}
}
