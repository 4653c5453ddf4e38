package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"

	"github.com/bkconsole/bkconsole/client/i18n"
)

// Hint is what an error means and what the user can do about it. Both are keys of the
// message catalog (see package i18n), so the TUI and the CLI show them in the user's language.
type Hint struct {
	Meaning string
	Fix     string
}

// Fix keys that screens act on: the request console opens the matching prompt.
const (
	FixLogin       = "fix.login"
	FixSecret      = "fix.secret"
	FixToken       = "fix.token"
	FixAccessToken = "fix.access_token"
	// Personal tokens (gateway 1.24): renew it on bkauth's page, give it the API's audience,
	// or call with the app credentials instead.
	FixRenewPersonalToken   = "fix.renew_personal_token"
	FixAudience             = "fix.audience"
	FixUseApp               = "fix.use_app"
	FixMCPLogin             = "fix.mcp_login"
	FixAudienceMCP          = "fix.audience_mcp"
	FixAudienceMCPToken     = "fix.audience_mcp_token" // a server that takes no login: the audience, or the app
	FixReport               = "fix.report"
	FixApply                = "fix.apply"
	FixApplyMCP             = "fix.apply_mcp" // an MCP server's permission: applied for on the MCP servers' list
	FixCheckPath            = "fix.check_path"
	FixSmaller              = "fix.smaller"
	FixWait                 = "fix.wait"
	FixFewer                = "fix.fewer"
	FixRetryLater           = "fix.retry_later"
	FixAskOwner             = "fix.ask_owner"
	FixOlderInst            = "fix.older_installation"
	FixCheckURL             = "fix.check_url"
	FixCheckAddress         = "fix.check_address"
	FixUseHTTP              = "fix.use_http"  // the address says https://, the server speaks plain HTTP
	FixUseHTTPS             = "fix.use_https" // the address says http://, the server wants HTTPS
	FixRenew                = "fix.renew"
	FixTryInner             = "fix.try_inner"
	FixListGateways         = "fix.list_gateways"
	FixListRecords          = "fix.list_records"
	FixListMCPRecords       = "fix.list_mcp_records"
	FixListTools            = "fix.list_tools"
	FixListComponentRecords = "fix.list_component_records"
	FixListAPIs             = "fix.list_apis"
	FixListPerms            = "fix.list_perms"
	FixListComponents       = "fix.list_components"
	FixListMCP              = "fix.list_mcp"
	FixListSystems          = "fix.list_systems"
	FixPickStage            = "fix.pick_stage"
	FixCheckAppCode         = "fix.check_app_code"
	FixNarrow               = "fix.narrow"
	FixCheckRecords         = "fix.check_records"
	// FixCheckExpiries: a renewal's outcome is told by the expiries as they stand.
	FixCheckExpiries = "fix.check_expiries"
	FixNone          = ""
)

// GatewayError is an error made by the gateway itself (it carries X-Bkapi-Error-Code):
// {"code": int, "code_name": NAME, "message": text, "result": false, "data": null}.
type GatewayError struct {
	Status    int
	Code      int    `json:"code"`
	CodeName  string `json:"code_name"`
	Message   string `json:"message"`
	Reason    string // the part in [reason="..."], if any
	RequestID string
	// NeedsUser is set by the caller when the API needs a user: then any refusal reason is
	// the login service's, and a fresh bk_token is the fix.
	NeedsUser bool
	// OAuth is the WWW-Authenticate challenge of a refused OAuth2 token (gateway 1.24).
	OAuth OAuthChallenge
	// Bearer: the request carried a personal token and no X-Bkapi-Authorization.
	Bearer bool
}

// OAuthChallenge is a WWW-Authenticate: Bearer header's parameters.
type OAuthChallenge struct {
	Error            string // invalid_request, invalid_token, invalid_audience
	Description      string
	ResourceMetadata string // where the protected resource's metadata is
}

func (e *GatewayError) Error() string {
	return withRequestID(fmt.Sprintf("gateway error %d %s (%d): %s", e.Status, e.CodeName, e.Code, e.Message), e.RequestID)
}

// Explain is Error in the reader's language, without the request id (told apart).
func (e *GatewayError) Explain(l i18n.Lang) string {
	return i18n.T(l, "err.gateway_code", e.Status, e.CodeName, e.Code, e.Message)
}

// reasonOf pulls reason="..." out of a gateway message.
func reasonOf(msg string) string {
	const k = `reason="`
	i := strings.Index(msg, k)
	if i < 0 {
		return ""
	}
	rest := msg[i+len(k):]
	j := strings.LastIndex(rest, `"`)
	if j < 0 {
		return rest
	}
	return rest[:j]
}

// Hint classifies the gateway error by code and message, as the spec's tables say.
func (e *GatewayError) Hint() Hint {
	msg := strings.ToLower(e.Message + " " + e.Reason)
	switch {
	case e.CodeName == "INVALID_ARGS" || e.Code == 1640001:
		switch {
		case e.Bearer && (strings.Contains(msg, "app code cannot be empty") || strings.Contains(msg, "user authentication failed")):
			// The token went unread: the API does not accept OAuth2 tokens at all.
			return Hint{"gw.bearer_ignored", FixUseApp}
		case strings.Contains(msg, "app code cannot be empty"),
			strings.Contains(msg, "please provide bk_app_secret or bk_signature"):
			return Hint{"gw.no_app_credentials", FixLogin}
		case strings.Contains(msg, "bk_app_code or bk_app_secret is incorrect"):
			return Hint{"gw.wrong_secret", FixSecret}
		case strings.Contains(msg, "user authentication failed"):
			return Hint{"gw.user_auth_failed", FixToken}
		case strings.Contains(msg, "bk_token is not valid"):
			return Hint{"gw.token_invalid", FixToken}
		case strings.Contains(msg, "app not found"):
			return Hint{"gw.app_not_found", FixCheckAppCode}
		case strings.Contains(msg, "the user indicated by bk_username is not verified"):
			return Hint{"gw.username_not_verified", FixToken}
		case strings.Contains(msg, "access_token is invalid"):
			return Hint{"gw.access_token_invalid", FixAccessToken}
		case strings.Contains(msg, "is not a valid json"):
			return Hint{"gw.bad_auth_header", FixReport}
		case strings.Contains(msg, "parameters error") && e.Reason == "":
			return Hint{"gw.params_error_user", FixToken}
		case e.Reason != "" && e.NeedsUser:
			// The login service's own words (often Chinese) on an API that needs a user.
			return Hint{"gw.login_refused", FixToken}
		}
		return Hint{"gw.invalid_args", FixNone}
	case e.Code == 1640100 || e.CodeName == "UNAUTHORIZED":
		switch {
		case e.OAuth.Error == "invalid_token" && strings.Contains(msg, "app code is not allowed"):
			return Hint{"gw.oauth_kind_refused", FixUseApp}
		case e.OAuth.Error == "invalid_token":
			return Hint{"gw.oauth_token_invalid", FixRenewPersonalToken}
		case e.OAuth.Error == "invalid_request" || strings.Contains(msg, "no valid authentication header"):
			return Hint{"gw.oauth_no_credentials", FixUseApp}
		}
		return Hint{"gw.unauthorized_oauth", FixAccessToken}
	case e.OAuth.Error == "invalid_audience":
		return Hint{"gw.oauth_audience", FixAudience}
	case e.Code == 1640301 || e.CodeName == "APP_NO_PERMISSION":
		if strings.Contains(msg, "expired") {
			return Hint{"gw.permission_expired", FixRenew}
		}
		return Hint{"gw.app_no_permission", FixApply}
	case e.Code == 1640302 || e.CodeName == "IP_NOT_ALLOWED" || e.CodeName == "CROSS_TENANT_FORBIDDEN":
		return Hint{"gw.ip_or_tenant", FixAskOwner}
	case e.Code == 1640303 || e.Code == 1640304 || e.CodeName == "BK_USER_NOT_ALLOWED" || e.CodeName == "BK_TENANT_NOT_ALLOWED":
		return Hint{"gw.user_or_tenant", FixAskOwner}
	case e.Code == 1640401 || e.CodeName == "API_NOT_FOUND":
		return Hint{"gw.api_not_found", FixCheckPath}
	case e.Code == 1641301 || e.Code == 1641401:
		return Hint{"gw.too_large", FixSmaller}
	case e.Code == 1642904 || e.CodeName == "CONCURRENCY_LIMIT_RESTRICTION":
		return Hint{"gw.concurrency", FixFewer}
	case e.Code >= 1642901 && e.Code <= 1642903 || e.CodeName == "RATE_LIMIT_RESTRICTION":
		return Hint{"gw.rate_limited", FixWait}
	case e.Status == 502 || e.Code == 1650200 || e.Code == 1650201:
		return Hint{"gw.bad_gateway", FixRetryLater}
	case e.Status == 503 || e.Code == 1650300:
		return Hint{"gw.unavailable", FixRetryLater}
	case e.Status == 504 || e.Code == 1650401:
		return Hint{"gw.backend_timeout", FixAskOwner}
	case e.Status == 508 || e.Code == 1650801:
		return Hint{"gw.recursive", FixAskOwner}
	case e.Status >= 500:
		return Hint{"gw.internal", FixRetryLater}
	}
	return Hint{"gw.other", FixNone}
}

// DashboardError is an error of the Help Center or of O/I's own views:
// {"error": {"code": NAME, "message": text, "data": object|null}}.
type DashboardError struct {
	Status    int
	Code      string          `json:"code"`
	Message   string          `json:"message"`
	Data      json.RawMessage `json:"data"`
	RequestID string
}

func (e *DashboardError) Error() string {
	return withRequestID(fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message), e.RequestID)
}

// LoginURL is the login page a 401 points to, if any.
func (e *DashboardError) LoginURL() string {
	var d struct {
		LoginURL string `json:"login_url"`
	}
	_ = json.Unmarshal(e.Data, &d)
	return d.LoginURL
}

// Hint says what a dashboard error means.
func (e *DashboardError) Hint() Hint {
	if e.Code == "UNAUTHENTICATED" {
		return Hint{"dash.unauthenticated", FixToken}
	}
	return statusHint("dash.", e.Status)
}

// withRequestID ends an error's text with the request id the server gave, if any: the id
// the gateway's owners ask for.
func withRequestID(s, id string) string {
	if id != "" {
		s += " [request_id " + id + "]"
	}
	return s
}

// statusHint is what a dashboard's or the Developer Center's refusal means by its status
// alone; prefix names the surface's catalog keys ("dash.", "dev.").
func statusHint(prefix string, status int) Hint {
	switch {
	case status == 401:
		return Hint{prefix + "unauthenticated", FixToken}
	case status == 403:
		return Hint{prefix + "no_permission", FixAskOwner}
	case status == 404:
		return Hint{prefix + "not_found", FixCheckPath}
	case status >= 500:
		return Hint{prefix + "internal", FixRetryLater}
	}
	return Hint{prefix + "invalid", FixNone}
}

// DevCenterError is an error of the Developer Center backend:
// {"code": NAME, "detail": text, "fields_detail": {...}}.
type DevCenterError struct {
	Status       int
	Code         string              `json:"code"`
	Detail       string              `json:"detail"`
	FieldsDetail map[string][]string `json:"fields_detail"`
	RequestID    string
	// LoginURL is where a 401 sends the user to log in again (login_url.full).
	LoginURL string `json:"-"`
}

// UnmarshalJSON reads D's error bodies, including the 401's login_url {full, simple}.
func (e *DevCenterError) UnmarshalJSON(b []byte) error {
	type plain DevCenterError
	var w struct {
		plain
		LoginURL json.RawMessage `json:"login_url"`
		Message  string          `json:"message"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*e = DevCenterError(w.plain)
	if e.Detail == "" {
		e.Detail = w.Message // an app the user may not manage: {"message": ...}
	}
	var lu struct {
		Full   string `json:"full"`
		Simple string `json:"simple"`
	}
	if json.Unmarshal(w.LoginURL, &lu) == nil {
		e.LoginURL = lu.Full
		if e.LoginURL == "" {
			e.LoginURL = lu.Simple
		}
	} else {
		_ = json.Unmarshal(w.LoginURL, &e.LoginURL)
	}
	return nil
}

func (e *DevCenterError) Error() string {
	return withRequestID(fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Detail), e.RequestID)
}

// Hint says what a Developer Center error means.
func (e *DevCenterError) Hint() Hint {
	if e.Status == 403 && strings.Contains(e.Detail, "CSRF") {
		return Hint{"dev.csrf", FixReport}
	}
	return statusHint("dev.", e.Status)
}

// ErrDryRun is what a request stopped by a dry run ends in (see client/wiretap): it was shown,
// not sent.
var ErrDryRun = errors.New("dry run: not sent")

// TransportError is a failure to get any answer: refused, reset, timed out, TLS.
type TransportError struct {
	Method, URL string
	Err         error
	// NotSent is true when no connection could be made, so the server cannot have acted.
	NotSent bool
}

func (e *TransportError) Error() string {
	err := e.Err
	if ue, ok := err.(*url.Error); ok {
		err = ue.Err // it would name the method and the URL again
	}
	return fmt.Sprintf("%s %s: %v", e.Method, e.URL, err)
}
func (e *TransportError) Unwrap() error { return e.Err }

// Explain is Error in the reader's language: the request, and what became of it in words
// where the cause is a common one (the system's otherwise: a TLS failure's details matter).
func (e *TransportError) Explain(l i18n.Lang) string {
	cause := i18n.Phrase{Text: strings.TrimPrefix(e.Error(), e.Method+" "+e.URL+": ")}
	var dns *net.DNSError
	switch {
	case isTimeout(e.Err), connectionBroke(e.Err):
		return e.Method + " " + e.URL // the error's meaning says it all ("timed out")
	case errors.Is(e.Err, syscall.ECONNREFUSED):
		cause = i18n.Phrase{Key: "net.cause_refused"}
	case errors.As(e.Err, &dns) && dns.IsNotFound:
		cause = i18n.Phrase{Key: "net.cause_no_host", Args: []any{dns.Name}}
	case plainHTTPServer(e.Err):
		cause = i18n.Phrase{Key: "net.cause_plain_http"}
	}
	return i18n.T(l, "net.request_failed", e.Method, e.URL, cause)
}

// Hint says what a transport error means.
func (e *TransportError) Hint() Hint {
	if isTimeout(e.Err) {
		return Hint{"net.timeout", FixRetryLater}
	}
	if plainHTTPServer(e.Err) {
		return Hint{"net.wrong_scheme", FixUseHTTP}
	}
	if strings.Contains(e.Err.Error(), "x509") || strings.Contains(e.Err.Error(), "tls") {
		return Hint{"net.tls", FixNone}
	}
	if !e.NotSent && connectionBroke(e.Err) {
		return Hint{"net.broken", FixRetryLater} // it was reached: "cannot reach" would mislead
	}
	if e.NotSent {
		// Refused, or no such host: "try again later" would send the user waiting on a typo.
		return Hint{"net.unreachable", FixCheckAddress}
	}
	return Hint{"net.unreachable", FixRetryLater}
}

// plainHTTPServer tells an https:// request answered in plain HTTP (net/http says so in words
// only).
func plainHTTPServer(err error) bool {
	return strings.Contains(err.Error(), "server gave HTTP response to HTTPS client")
}

// connectionBroke tells a connection closed or reset after it was made (the server, or
// something on the way, dropped it before the whole answer came).
func connectionBroke(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// NotJSONError is an answer whose body is not the JSON the contract promises: an HTML page
// from a proxy, a truncated body. It keeps the status and the first bytes.
type NotJSONError struct {
	Status    int
	URL       string
	Head      string // first bytes of the body
	RequestID string
	Err       error
}

func (e *NotJSONError) Error() string {
	return withRequestID(fmt.Sprintf("%d: response is not JSON: %q", e.Status, e.Head), e.RequestID)
}

// Explain is Error in the reader's language, without the request id (told apart).
func (e *NotJSONError) Explain(l i18n.Lang) string {
	return i18n.T(l, "err.not_json", e.Status, fmt.Sprintf("%q", e.Head))
}

// Hint says what a non-JSON answer means. An HTML 500 from the Developer Center is how it
// passes on any refusal of the gateway (an unknown gateway or record, say), not an outage.
func (e *NotJSONError) Hint() Hint {
	if e.Status == 500 && strings.Contains(e.URL, "/backend/api/cloudapi-v2/") {
		return Hint{"dev.html_500", FixTryInner}
	}
	// http:// to an HTTPS port: nginx's page and Go's answer say so.
	if e.Status == 400 && (strings.Contains(e.Head, "plain HTTP request was sent to HTTPS port") || strings.Contains(e.Head, "HTTP request to an HTTPS server")) {
		return Hint{"net.wrong_scheme", FixUseHTTPS}
	}
	return Hint{"notjson", FixRetryLater}
}

// RedirectError is a redirect bkconsole refused to follow: to another scheme, host or port
// (credentials would go there), from HTTPS to HTTP, or one redirect too many.
type RedirectError struct {
	From, To  string
	Downgrade bool
	TooMany   bool
}

func (e *RedirectError) Error() string {
	if e.TooMany {
		return fmt.Sprintf("too many redirects from %s (last to %s)", e.From, e.To)
	}
	return fmt.Sprintf("redirect from %s to %s not followed", e.From, e.To)
}

// Explain is Error in the reader's language.
func (e *RedirectError) Explain(l i18n.Lang) string {
	if e.TooMany {
		return i18n.T(l, "err.redirect_loop", e.From, e.To)
	}
	return i18n.T(l, "err.redirect_refused", e.From, e.To)
}

// Hint says why the redirect was not followed.
func (e *RedirectError) Hint() Hint {
	switch {
	case e.TooMany:
		return Hint{"net.redirect_loop", FixCheckURL}
	case e.Downgrade:
		return Hint{"net.redirect_downgrade", FixCheckURL}
	}
	return Hint{"net.redirect_foreign", FixCheckURL}
}

// BodyTooLargeError is an answer larger than bkconsole reads: it is not read again.
type BodyTooLargeError struct {
	Status    int
	URL       string
	Limit     int64
	RequestID string
}

func (e *BodyTooLargeError) Error() string {
	return fmt.Sprintf("%d: the answer of %s is larger than bkconsole's limit of %d MiB; it was not read", e.Status, e.URL, e.Limit>>20)
}

// Explain is Error in the reader's language.
func (e *BodyTooLargeError) Explain(l i18n.Lang) string {
	return i18n.T(l, "err.too_large", e.Status, e.URL, e.Limit>>20)
}

// Hint says what an oversized answer means.
func (e *BodyTooLargeError) Hint() Hint { return Hint{"net.too_large", FixNarrow} }

// ResultFalseError is a success status whose body says {"result": false}.
type ResultFalseError struct {
	Status    int
	Code      string
	Message   string
	RequestID string
}

func (e *ResultFalseError) Error() string {
	return withRequestID(fmt.Sprintf("%d result false (code %s): %s", e.Status, e.Code, e.Message), e.RequestID)
}

// Explain is Error in the reader's language, without the request id (told apart).
func (e *ResultFalseError) Explain(l i18n.Lang) string {
	return i18n.T(l, "err.result_false", e.Status, e.Code, e.Message)
}

// Hint says what a result-false answer means.
func (e *ResultFalseError) Hint() Hint { return Hint{"result_false", FixNone} }

// TooManyPagesError is a listing whose server kept sending pages past every sensible bound.
type TooManyPagesError struct {
	URL   string
	Pages int
	Items int
}

func (e *TooManyPagesError) Error() string {
	return fmt.Sprintf("%s: the server kept paging (%d pages, %d items); bkconsole stopped", e.URL, e.Pages, e.Items)
}

// Explain is Error in the reader's language.
func (e *TooManyPagesError) Explain(l i18n.Lang) string {
	return i18n.T(l, "err.endless_pages", e.URL, e.Pages, e.Items)
}

// Hint says what endless paging means.
func (e *TooManyPagesError) Hint() Hint { return Hint{"net.endless_pages", FixNarrow} }

// OutcomeUnknownError is a write that was sent but whose answer did not say whether it was
// done (a reset, a timeout, a cut body, a 5xx page). It was not sent again.
type OutcomeUnknownError struct {
	Surface Surface
	Err     error
	// Renewal: the write was a renewal, whose outcome the expiries tell (an application's is
	// told by the records).
	Renewal bool
}

// asRenewal marks a renewal's unknown outcome as such.
func asRenewal(err error) error {
	var u *OutcomeUnknownError
	if errors.As(err, &u) {
		u.Renewal = true
	}
	return err
}

func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("outcome unknown (not retried): %v", e.Err)
}
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// Explain is the cause in the reader's language. A transport error alone leaves out a timeout
// or a broken connection, which its own meaning says; here the meaning is the unknown outcome,
// so the cause is said with the request ("GET …/slow/3/" alone had not said it timed out).
func (e *OutcomeUnknownError) Explain(l i18n.Lang) string {
	var te *TransportError
	switch {
	case errors.As(e.Err, &te) && isTimeout(te.Err):
		return i18n.T(l, "net.request_failed", te.Method, te.URL, i18n.T(l, "net.timeout"))
	case errors.As(e.Err, &te) && connectionBroke(te.Err):
		return i18n.T(l, "net.request_failed", te.Method, te.URL, i18n.T(l, "net.broken"))
	}
	var ex interface{ Explain(i18n.Lang) string }
	if errors.As(e.Err, &ex) {
		return ex.Explain(l)
	}
	return stripRequestID(e.Err.Error())
}

// Hint says what to do after a write of unknown outcome. The Developer Center answers any
// refusal of the gateway with an HTML 500: then the request was most likely refused.
func (e *OutcomeUnknownError) Hint() Hint {
	if e.Surface == SurfaceCall {
		return Hint{"call.outcome_unknown", FixNone} // a call leaves no record to look at
	}
	if e.Renewal {
		return Hint{"write.unknown", FixCheckExpiries}
	}
	var nj *NotJSONError
	if e.Surface == SurfaceDevCenter && errors.As(e.Err, &nj) && nj.Status == 500 {
		return Hint{"write.dev_refused", FixCheckRecords}
	}
	return Hint{"write.unknown", FixCheckRecords}
}

// UnexpectedAnswerError is a success status whose body has not the contract's shape (a list
// without its "data" envelope, say): never read as an empty result.
type UnexpectedAnswerError struct {
	Status    int
	URL       string
	Head      string
	RequestID string
	Err       error // what did not fit, when decoding said
}

func (e *UnexpectedAnswerError) Error() string {
	s := fmt.Sprintf("unexpected answer from %s: %d %q", e.URL, e.Status, e.Head)
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return withRequestID(s, e.RequestID)
}

// Explain is Error in the reader's language, without the request id (told apart); what did not
// fit stays the decoder's words.
func (e *UnexpectedAnswerError) Explain(l i18n.Lang) string {
	s := i18n.T(l, "err.unexpected_answer", e.URL, e.Status, fmt.Sprintf("%q", e.Head))
	if e.Err != nil {
		s += i18n.Aside(l, e.Err.Error())
	}
	return s
}

// Hint says what an answer of the wrong shape means.
func (e *UnexpectedAnswerError) Hint() Hint { return Hint{"unexpected_answer", FixCheckURL} }

// Hinted is an error that knows its meaning and fix.
type Hinted interface {
	error
	Hint() Hint
}

// HintOf returns the hint of any client error, or an empty hint.
func HintOf(err error) Hint {
	var h Hinted
	if errors.As(err, &h) {
		return h.Hint()
	}
	return Hint{}
}

// answered is an error that carries the server's answer: its HTTP status and request id.
type answered interface {
	answer() (status int, requestID string)
}

func (e *GatewayError) answer() (int, string)   { return e.Status, e.RequestID }
func (e *DashboardError) answer() (int, string) { return e.Status, e.RequestID }
func (e *DevCenterError) answer() (int, string) { return e.Status, e.RequestID }
func (e *NotJSONError) answer() (int, string)   { return e.Status, e.RequestID }

// RequestIDOf returns the request id an error carries, if any.
func RequestIDOf(err error) string {
	var a answered
	if errors.As(err, &a) {
		_, id := a.answer()
		return id
	}
	var esb *ESBError // a component's refusal comes in a 200: its envelope carries the id
	if errors.As(err, &esb) {
		return esb.RequestID
	}
	return ""
}

// StatusOf returns the HTTP status an error carries, or 0.
func StatusOf(err error) int {
	var a answered
	if errors.As(err, &a) {
		st, _ := a.answer()
		return st
	}
	return 0
}

// ErrUserInput is a request refused before sending: the user's input breaks a rule.
type ErrUserInput struct {
	Key  string // catalog key
	Args []any
}

func (e *ErrUserInput) Error() string { return fmt.Sprintf("invalid input: %s %v", e.Key, e.Args) }

// SurfaceOf names the surface an error came from, when it says.
func SurfaceOf(err error) Surface {
	var ou *OutcomeUnknownError
	if errors.As(err, &ou) {
		return ou.Surface
	}
	var sf *surfaced
	if errors.As(err, &sf) {
		return sf.surface
	}
	var ge *GatewayError
	var de *DashboardError
	var dv *DevCenterError
	switch {
	case errors.As(err, &dv):
		return SurfaceDevCenter
	case errors.As(err, &ge):
		return SurfaceCall
	case errors.As(err, &de):
		return SurfaceHelpCenter
	}
	return ""
}

// LoginURLOf is where the user logs in again when a login surface refused the bk_token: D's
// 401 login_url, or the Help Center's. It is server text: clean it before showing it.
func LoginURLOf(err error) string {
	var de *DashboardError
	if errors.As(err, &de) {
		return de.LoginURL()
	}
	var dv *DevCenterError
	if errors.As(err, &dv) {
		return dv.LoginURL
	}
	return ""
}

// ParseChallenge reads a WWW-Authenticate: Bearer header's quoted or bare parameters
// (RFC 6750 §3); anything else gives the zero challenge.
func ParseChallenge(h string) OAuthChallenge {
	scheme, rest, _ := strings.Cut(strings.TrimSpace(h), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return OAuthChallenge{}
	}
	params := map[string]string{}
	for len(params) < 16 {
		rest = strings.TrimLeft(rest, " ,")
		name, after, ok := strings.Cut(rest, "=")
		if !ok {
			break
		}
		name = strings.ToLower(strings.TrimSpace(name))
		var val string
		if strings.HasPrefix(after, `"`) {
			var b strings.Builder
			i := 1
			for ; i < len(after) && after[i] != '"'; i++ {
				if after[i] == '\\' && i+1 < len(after) {
					i++
				}
				b.WriteByte(after[i])
			}
			val, rest = b.String(), after[min(i+1, len(after)):]
		} else {
			val, rest, _ = strings.Cut(after, ",")
			val = strings.TrimSpace(val)
		}
		params[name] = val
	}
	return OAuthChallenge{Error: params["error"], Description: params["error_description"], ResourceMetadata: params["resource_metadata"]}
}
