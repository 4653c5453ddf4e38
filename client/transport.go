package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bkconsole/bkconsole/client/i18n"
)

// Version is reported in the User-Agent.
var Version = "0.1.0"

// Config is what a profile gives the client: addresses, identity and secrets.
type Config struct {
	HelpCenterURL      string // A; optional
	DeveloperCenterURL string // D; optional
	APIURLTmpl         string // BK_API_URL_TMPL: O, I and C
	ComponentAPIURL    string // BK_COMPONENT_API_URL: calling ESB components
	AppCode            string
	AppSecret          string
	BkToken            string
	AccessToken        string
	// PersonalToken is an OAuth2 token the user made on bkauth's personal token page: sent as
	// Authorization: Bearer, alone, to APIs and MCP servers that accept personal tokens.
	PersonalToken        string
	PersonalTokenExpires time.Time // zero when the page gave none
	Username             string    // applicant for O's apply
	TenantID             string    // X-Bk-Tenant-Id for multi-tenant installations
	TokenName            string    // "bk_token" (default) or "bk_ticket"
	Stages               []string  // offered when A is not reachable; default prod
	Lang                 string    // "en" or "zh"
	Timeout              time.Duration
	CABundle             string
	Insecure             bool
	Retries              int // extra tries for idempotent reads; default 2, negative for none
	// MaxBody and MaxStreamBody bound what is read of an answer (see the constants of the same
	// names); zero means those defaults.
	MaxBody, MaxStreamBody int64
	// Wrap, when set, wraps the HTTP transport every surface uses (the CLI's -v and --dry-run).
	Wrap func(http.RoundTripper) http.RoundTripper `json:"-"`
}

func (c Config) tokenName() string {
	if c.TokenName == "" {
		return "bk_token"
	}
	return c.TokenName
}

// Secrets lists the config's secret values (some may be empty): whatever holds one of them is
// refused or redacted (a saved request, a variable, a crash report).
func (c Config) Secrets() []string {
	return []string{c.AppSecret, c.BkToken, c.AccessToken, c.PersonalToken}
}

// HasToken tells whether a user login state is present.
func (c Config) HasToken() bool { return c.BkToken != "" }

// HasApp tells whether app credentials are present.
func (c Config) HasApp() bool { return c.AppCode != "" && c.AppSecret != "" }

// StageList is the profile's stages, defaulting to prod.
func (c Config) StageList() []string {
	if len(c.Stages) == 0 {
		return []string{"prod"}
	}
	return c.Stages
}

// Transport is the HTTP layer every surface shares.
type Transport struct {
	cfg  Config
	http *http.Client
	// sleep is swapped in tests to make back-off instant.
	sleep func(context.Context, time.Duration) error
	// lang can change while requests run (the UI's language switch).
	lang atomic.Value
}

// SetLang switches the language asked of the servers ("en" or "zh").
func (t *Transport) SetLang(l string) { t.lang.Store(l) }

func (t *Transport) currentLang() string {
	if v, ok := t.lang.Load().(string); ok {
		return v
	}
	return t.cfg.Lang
}

// NewTransport builds the shared transport from a profile's settings.
func NewTransport(cfg Config) (*Transport, error) {
	if err := cfg.Check(); err != nil {
		return nil, err // a setting that cannot work is said before anything is sent
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 15 * time.Second
	}
	if cfg.Retries == 0 {
		cfg.Retries = 2
	}
	tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.Insecure {
		tlsCfg.InsecureSkipVerify = true //nolint:gosec // the user's explicit switch, shown in red
	}
	if cfg.CABundle != "" {
		pool, err := caPool(cfg.CABundle)
		if err != nil {
			return nil, err
		}
		tlsCfg.RootCAs = pool
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = tlsCfg
	tr.Proxy = http.ProxyFromEnvironment
	var rt http.RoundTripper = tr
	if cfg.Wrap != nil {
		rt = cfg.Wrap(tr)
	}
	return &Transport{
		cfg:   cfg,
		http:  &http.Client{Transport: rt, Timeout: cfg.Timeout, CheckRedirect: sameOriginRedirects},
		sleep: sleepCtx,
	}, nil
}

// maxRedirects bounds a chain of same-origin redirects.
const maxRedirects = 5

// sameOriginRedirects follows a redirect only to the scheme, host and port the request was
// made for. Go's client keeps custom headers (X-Bkapi-Authorization, X-CSRFToken) across
// hosts, and re-sends a POST body on 307/308: credentials must never leave for a host the
// user did not name, nor travel from HTTPS to plain HTTP.
func sameOriginRedirects(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	if origin(req.URL) != origin(first) {
		return &RedirectError{From: redactQuery(first), To: redactQuery(req.URL),
			Downgrade: first.Scheme == "https" && req.URL.Scheme != "https"}
	}
	if len(via) >= maxRedirects {
		return &RedirectError{From: redactQuery(first), To: redactQuery(req.URL), TooMany: true}
	}
	return nil
}

// origin is scheme://host:port with the default port made explicit.
func origin(u *url.URL) string {
	port := u.Port()
	if port == "" {
		switch strings.ToLower(u.Scheme) {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

// redactQuery shows a URL without its query, which may hold anything.
func redactQuery(u *url.URL) string {
	c := *u
	c.RawQuery, c.Fragment, c.User = "", "", nil
	return c.String()
}

// Config returns the settings the transport was built with.
func (t *Transport) Config() Config { return t.cfg }

func sleepCtx(ctx context.Context, d time.Duration) error {
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-tm.C:
		return nil
	}
}

// envelope says how a surface wraps its answers.
type envelope int

const (
	envData  envelope = iota // {"data": ...} with {"error": {...}} errors (A, O, I)
	envPlain                 // the data itself, {"code","detail"} errors (D)
)

type request struct {
	method  string
	url     string
	query   url.Values
	body    any // marshalled as JSON when not nil
	headers http.Header
	cookies []*http.Cookie
	env     envelope
	// stream: the answer is read as it arrives (a long list): no deadline on the whole, an idle
	// one on each read instead (streamOnce).
	stream bool
	// count, when set, takes a page's "count": the answer's data is a page {count, results}
	// whose results are streamed (streamPages).
	count *int
}

func (t *Transport) commonHeaders(h http.Header) {
	h.Set("User-Agent", "bkconsole/"+Version)
	h.Set("Accept", "application/json")
	h.Set("Accept-Language", acceptLanguage(t.currentLang()))
	if t.cfg.TenantID != "" {
		h.Set("X-Bk-Tenant-Id", t.cfg.TenantID)
	}
}

// MaxBody bounds what is read of any answer, so a runaway body cannot eat memory
// (Config.MaxBody may set another bound).
const MaxBody int64 = 64 << 20

// MaxStreamBody bounds a list answer that is decoded as it streams (its memory does not grow
// with it): larger than MaxBody, still finite (Config.MaxStreamBody may set another).
const MaxStreamBody int64 = 1 << 30

// bodyLimits are the bounds of c's answers: the config's, or the defaults.
func (c Config) bodyLimits() (whole, stream int64) {
	whole, stream = MaxBody, MaxStreamBody
	if c.MaxBody > 0 {
		whole = c.MaxBody
	}
	if c.MaxStreamBody > 0 {
		stream = c.MaxStreamBody
	}
	return whole, stream
}

// do sends the request and decodes the answer into out (nil: ignore the body).
func (t *Transport) do(ctx context.Context, r request, out any) error {
	idempotent := r.method == http.MethodGet || r.method == http.MethodHead
	return t.retrying(ctx, idempotent, func(ctx context.Context) (bool, error) {
		err := t.once(ctx, r, out)
		return retryable(err), err
	})
}

// retrying runs attempt, and again while it fails in a way worth retrying and the request is
// idempotent, with exponential back-off and full jitter (200ms, 400ms, ... capped at 3s). The
// profile's timeout bounds the whole, retries included, not each attempt.
func (t *Transport) retrying(ctx context.Context, idempotent bool, attempt func(context.Context) (again bool, err error)) error {
	return t.retryingWithin(ctx, idempotent, t.cfg.Timeout, attempt)
}

// retryingWithin is retrying with the whole bounded by within (0: by the attempts' own
// deadlines, as a streamed list's idle one).
func (t *Transport) retryingWithin(ctx context.Context, idempotent bool, within time.Duration, attempt func(context.Context) (again bool, err error)) error {
	attempts := 1
	if idempotent && t.cfg.Retries > 0 {
		attempts += t.cfg.Retries
	}
	if within > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, within)
		defer cancel()
	}
	var err error
	for i := 0; i < attempts; i++ {
		if i > 0 {
			base := min(time.Duration(200<<uint(i-1))*time.Millisecond, 3*time.Second)
			if e := t.sleep(ctx, base/2+rand.N(base/2+1)); e != nil {
				return err
			}
		}
		var again bool
		again, err = attempt(ctx)
		if err == nil || !again || ctx.Err() != nil {
			return err
		}
	}
	return err
}

// retryable says whether a read may be tried again: no answer, a broken body, or a 502/503/504.
// A redirect refused, a body over bkconsole's own cap, or a spent deadline is not.
func retryable(err error) bool {
	var re *RedirectError
	var tl *BodyTooLargeError
	if errors.As(err, &re) || errors.As(err, &tl) {
		return false
	}
	var te *TransportError
	if errors.As(err, &te) {
		return !errors.Is(te.Err, context.Canceled) && !errors.Is(te.Err, context.DeadlineExceeded)
	}
	switch StatusOf(err) {
	case 502, 503, 504:
		return true
	}
	var nj *NotJSONError
	return errors.As(err, &nj) && nj.Status < 400 // truncated success body
}

func (t *Transport) once(ctx context.Context, r request, out any) error {
	resp, u, err := t.send(ctx, r)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := t.readCapped(resp, r.method, u)
	if err != nil {
		return err
	}
	return decodeAnswer(resp.StatusCode, resp.Header, raw, r.env, u, out)
}

// send makes the HTTP request of r; the caller closes the body.
func (t *Transport) send(ctx context.Context, r request) (*http.Response, string, error) {
	u := r.url
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	var body io.Reader
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return nil, u, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return nil, u, &TransportError{Method: r.method, URL: u, Err: err, NotSent: true}
	}
	t.commonHeaders(req.Header)
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, vs := range r.headers {
		req.Header.Del(k) // a request's own value replaces the common one (Accept-Language)
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	for _, c := range r.cookies {
		req.AddCookie(c)
	}
	hc := t.http
	if r.stream {
		c := *t.http
		c.Timeout = 0 // bounded by streamOnce's idle deadline and MaxStreamBody instead
		hc = &c
	}
	resp, err := hc.Do(req)
	if err != nil {
		var re *RedirectError
		if errors.As(err, &re) {
			return nil, u, re
		}
		if errors.Is(err, ErrDryRun) {
			return nil, u, err
		}
		return nil, u, &TransportError{Method: r.method, URL: u, Err: err, NotSent: notSent(err)}
	}
	return resp, u, nil
}

// readCapped reads a whole answer within MaxBody. An answer that says it is larger is refused
// before a byte of it is read.
func (t *Transport) readCapped(resp *http.Response, method, u string) ([]byte, error) {
	maxBody, _ := t.cfg.bodyLimits()
	rid := resp.Header.Get("X-Bkapi-Request-ID")
	if resp.ContentLength > maxBody {
		return nil, &BodyTooLargeError{Status: resp.StatusCode, URL: u, Limit: maxBody, RequestID: rid}
	}
	raw, rerr := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if int64(len(raw)) > maxBody {
		return nil, &BodyTooLargeError{Status: resp.StatusCode, URL: u, Limit: maxBody, RequestID: rid}
	}
	if rerr != nil {
		if isTimeout(rerr) || errors.Is(rerr, context.Canceled) {
			return nil, &TransportError{Method: method, URL: u, Err: rerr}
		}
		return nil, &NotJSONError{Status: resp.StatusCode, URL: u, Head: head(raw), RequestID: rid, Err: rerr}
	}
	return raw, nil
}

// cappedReader fails once more than limit bytes were read: a streamed body is bounded too.
type cappedReader struct {
	r    io.Reader
	left int64
	hit  bool
	// ctx ends the reading at the caller's deadline even while bytes keep coming (a gzip bomb
	// decompresses far faster than any idle deadline notices).
	ctx context.Context
	// item counts the bytes since the last element was handed on: one element may take at most
	// MaxStreamItem, so a single endless value cannot grow to the whole cap in memory.
	item int64
}

// MaxStreamItem bounds one element of a streamed list (a gateway or an API is a few KiB).
const MaxStreamItem int64 = 8 << 20

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.ctx != nil && c.ctx.Err() != nil {
		return 0, c.ctx.Err()
	}
	if c.left <= 0 || c.item > MaxStreamItem {
		c.hit = true
		return 0, errBodyCap
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	c.item += int64(n)
	return n, err
}

var errBodyCap = errors.New("body over the cap")

// streamList sends a read whose answer is {"data": [...]} (envData) or a bare list (envPlain)
// and hands each element to each as it is decoded: a list of a million entries is never held
// as one body, nor as one slice. Retries happen only before the first element was handed on.
func streamList[T any](ctx context.Context, t *Transport, r request, each func(T) error) error {
	// Retried only before the first element was handed on. No deadline on the whole: each
	// attempt waits at most the timeout for the next bytes (streamOnce).
	return t.retryingWithin(ctx, true, 0, func(ctx context.Context) (bool, error) {
		handed, err := streamOnce(ctx, t, r, each)
		return handed == 0 && retryable(err), err
	})
}

func streamOnce[T any](ctx context.Context, t *Transport, r request, each func(T) error) (int, error) {
	// A list of a million items takes longer than any one timeout to arrive: what is bounded is
	// the wait for the next bytes (the profile's timeout), not the whole.
	errIdle := fmt.Errorf("nothing arrived for %v: %w", t.cfg.Timeout, context.DeadlineExceeded)
	parent := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	idle := time.AfterFunc(t.cfg.Timeout, func() { cancel(errIdle) })
	defer idle.Stop()
	// idled says the idle deadline, not the caller, ended the request: a timeout.
	idled := func(err error) error {
		if parent.Err() == nil && context.Cause(ctx) == errIdle {
			return &TransportError{Method: r.method, URL: r.url, Err: errIdle}
		}
		return err
	}
	r.stream = true
	resp, u, err := t.send(ctx, r)
	if err != nil {
		return 0, idled(err)
	}
	defer resp.Body.Close()
	resp.Body = idleReader{resp.Body, idle, t.cfg.Timeout}
	rid := resp.Header.Get("X-Bkapi-Request-ID")
	if resp.StatusCode >= 300 || resp.Header.Get("X-Bkapi-Error-Code") != "" {
		raw, err := t.readCapped(resp, r.method, u)
		if err != nil {
			return 0, err
		}
		var none []T
		return 0, decodeAnswer(resp.StatusCode, resp.Header, raw, r.env, u, &none)
	}
	_, maxStream := t.cfg.bodyLimits()
	cr := &cappedReader{r: resp.Body, left: maxStream, ctx: ctx}
	// The first bytes are kept for an error message about a body that is not the list.
	var first bytes.Buffer
	dec := json.NewDecoder(io.TeeReader(cr, &limitedBuffer{b: &first, n: 200}))
	dec.UseNumber()
	lr := &listReader[T]{dec: dec, each: each, count: r.count, cr: cr}
	lr.fail = func(e error) error {
		switch {
		case cr.hit && cr.item > MaxStreamItem:
			return &BodyTooLargeError{Status: resp.StatusCode, URL: u, Limit: MaxStreamItem, RequestID: rid}
		case cr.hit:
			return &BodyTooLargeError{Status: resp.StatusCode, URL: u, Limit: maxStream, RequestID: rid}
		case ctx.Err() != nil && parent.Err() != nil:
			return &TransportError{Method: r.method, URL: u, Err: parent.Err()}
		case isTimeout(e) || errors.Is(e, context.Canceled):
			return idled(&TransportError{Method: r.method, URL: u, Err: e})
		}
		return idled(&NotJSONError{Status: resp.StatusCode, URL: u, Head: head(first.Bytes()), RequestID: rid, Err: e})
	}
	tok, err := dec.Token()
	if err != nil {
		if errors.Is(err, io.EOF) && resp.StatusCode == http.StatusNoContent {
			return 0, nil
		}
		return 0, lr.fail(err)
	}
	if d, ok := tok.(json.Delim); ok && d == '[' && r.env == envPlain {
		return lr.handed, lr.array()
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' || r.env != envData {
		return 0, lr.fail(fmt.Errorf("the answer is not a list"))
	}
	sawData, refusal, err := lr.envelope()
	switch {
	case err != nil:
		return lr.handed, err
	case refusal != nil:
		if refusal.Message == "" {
			refusal.Message = "result: false"
		}
		refusal.Status, refusal.RequestID = resp.StatusCode, rid
		return lr.handed, refusal
	case !sawData:
		return lr.handed, &UnexpectedAnswerError{Status: resp.StatusCode, URL: u, Head: head(first.Bytes()), RequestID: rid}
	}
	return lr.handed, nil
}

// listReader hands a streamed list's items over one by one: a bare list, the data of an
// envelope, or the results of a page in it.
type listReader[T any] struct {
	dec    *json.Decoder
	cr     *cappedReader
	each   func(T) error
	count  *int
	handed int
	fail   func(error) error // explains a decoding failure: too large, timed out, not JSON
}

// array reads the items after a list's '[' and its ']'.
func (l *listReader[T]) array() error {
	for l.dec.More() {
		var v T
		if err := l.dec.Decode(&v); err != nil {
			return l.fail(err)
		}
		l.handed++
		l.cr.item = 0
		if err := l.each(v); err != nil {
			return err
		}
	}
	if _, err := l.dec.Token(); err != nil { // ]
		return l.fail(err)
	}
	return nil
}

// envelope reads the fields of {"result", "code", "message", "data"}, streaming data; a
// "result": false is the refusal returned, with its code and message.
func (l *listReader[T]) envelope() (sawData bool, refusal *ResultFalseError, err error) {
	refused, r := false, ResultFalseError{}
	for l.dec.More() {
		kt, err := l.dec.Token()
		if err != nil {
			return sawData, nil, l.fail(err)
		}
		key, _ := kt.(string)
		switch key {
		case "data":
			if err := l.data(); err != nil {
				return sawData, nil, err
			}
			sawData = true
		case "result":
			var v any
			if err := l.dec.Decode(&v); err != nil {
				return sawData, nil, l.fail(err)
			}
			if b, ok := v.(bool); ok && !b {
				refused = true // its code and message may follow: read on
			}
		case "code", "message":
			var v json.RawMessage
			if err := l.dec.Decode(&v); err != nil {
				return sawData, nil, l.fail(err)
			}
			if key == "code" {
				r.Code = strings.Trim(string(v), `"`)
			} else {
				_ = json.Unmarshal(v, &r.Message)
			}
		default:
			if err := l.skip(); err != nil {
				return sawData, nil, err
			}
		}
	}
	if refused {
		return sawData, &r, nil
	}
	return sawData, nil, nil
}

// data reads an envelope's data: a list, null (an empty list), or a page when one is asked for.
func (l *listReader[T]) data() error {
	t, err := l.dec.Token()
	if err != nil {
		return l.fail(err)
	}
	d, isDelim := t.(json.Delim)
	switch {
	case isDelim && d == '{' && l.count != nil:
		return l.page()
	case isDelim && d == '[':
		return l.array()
	case t == nil:
		return nil
	}
	return l.fail(fmt.Errorf("data is not a list"))
}

// page reads {"count": N, "results": [...]}, its results streamed like a list.
func (l *listReader[T]) page() error {
	for l.dec.More() {
		pk, err := l.dec.Token()
		if err != nil {
			return l.fail(err)
		}
		switch pk {
		case "count":
			if err := l.dec.Decode(l.count); err != nil {
				return l.fail(err)
			}
		case "results":
			if t, err := l.dec.Token(); err != nil {
				return l.fail(err)
			} else if d, ok := t.(json.Delim); !ok || d != '[' {
				return l.fail(fmt.Errorf("results is not a list"))
			}
			if err := l.array(); err != nil {
				return err
			}
		default:
			if err := l.skip(); err != nil {
				return err
			}
		}
	}
	if _, err := l.dec.Token(); err != nil { // }
		return l.fail(err)
	}
	return nil
}

func (l *listReader[T]) skip() error {
	var v json.RawMessage
	if err := l.dec.Decode(&v); err != nil {
		return l.fail(err)
	}
	return nil
}

// limitedBuffer keeps the first n bytes written to it.
type limitedBuffer struct {
	b *bytes.Buffer
	n int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.n - l.b.Len(); room > 0 {
		l.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

// notSent tells a failure before any byte of the request left (no connection could be made)
// from one after it may have reached the server: only the first lets a write go elsewhere.
func notSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect") {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

func head(b []byte) string {
	const n = 200
	if len(b) > n {
		b = b[:n]
	}
	return strings.ToValidUTF8(string(b), "?")
}

// decodeAnswer turns one HTTP answer into data or a typed error. It never panics.
func decodeAnswer(status int, h http.Header, raw []byte, env envelope, u string, out any) error {
	rid := h.Get("X-Bkapi-Request-ID")
	if ge := gatewayErrorOf(status, h, raw); ge != nil {
		return ge
	}
	if status >= 400 {
		return apiErrorOf(status, raw, env, rid, u)
	}
	if status == http.StatusNoContent {
		return nil
	}
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 {
		if out != nil {
			// An answer the contract gives a body (an application's record id, a list) came
			// empty: never read as a zero record or an empty list.
			return &NotJSONError{Status: status, URL: u, Head: "", RequestID: rid}
		}
		return nil
	}
	if fe := resultFalseOf(status, trimmed, rid); fe != nil {
		return fe
	}
	if out == nil {
		// A write that expects no answer (a renewal, D's MCP application) takes an empty one or
		// any JSON; an HTML page or a cut body is not the server's "done": its outcome is unknown.
		if !json.Valid(trimmed) {
			return &NotJSONError{Status: status, URL: u, Head: head(raw), RequestID: rid}
		}
		return nil
	}
	if env == envData {
		// One pass straight into out: a 50,000-API answer is not copied a second time.
		w := struct {
			Data dataProbe `json:"data"`
		}{Data: dataProbe{out: out}}
		if err := json.Unmarshal(trimmed, &w); err != nil {
			var ute *json.UnmarshalTypeError
			if trimmed[0] == '{' && errors.As(err, &ute) {
				return &UnexpectedAnswerError{Status: status, URL: u, Head: head(raw), RequestID: rid, Err: err}
			}
			return &NotJSONError{Status: status, URL: u, Head: head(raw), RequestID: rid, Err: err}
		}
		if !w.Data.seen {
			return &UnexpectedAnswerError{Status: status, URL: u, Head: head(raw), RequestID: rid}
		}
		return nil
	}
	if err := json.Unmarshal(trimmed, out); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			return &UnexpectedAnswerError{Status: status, URL: u, Head: head(raw), RequestID: rid, Err: err}
		}
		return &NotJSONError{Status: status, URL: u, Head: head(raw), RequestID: rid, Err: err}
	}
	return nil
}

// dataProbe decodes the "data" member into out and remembers that it was there: an answer
// without it has not the contract's shape and must not read as an empty result.
type dataProbe struct {
	out  any
	seen bool
}

func (d *dataProbe) UnmarshalJSON(b []byte) error {
	d.seen = true
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	return json.Unmarshal(b, d.out)
}

// resultFalseOf reads a success status whose body says it failed: the older envelope
// {"result": false, "code": ..., "message": ...} that gateways and ESB send with HTTP 200.
func resultFalseOf(status int, body []byte, rid string) error {
	if len(body) == 0 || body[0] != '{' || !bytes.Contains(body, []byte(`"result"`)) {
		return nil
	}
	var e struct {
		Result  *bool           `json:"result"`
		Code    json.RawMessage `json:"code"`
		Message string          `json:"message"`
	}
	if json.Unmarshal(body, &e) != nil || e.Result == nil || *e.Result {
		return nil
	}
	return &ResultFalseError{Status: status, Code: strings.Trim(string(e.Code), `"`), Message: e.Message, RequestID: rid}
}

// gatewayErrorOf reads a gateway-made error: X-Bkapi-Error-Code tells it apart, not the status.
func gatewayErrorOf(status int, h http.Header, raw []byte) *GatewayError {
	if h.Get("X-Bkapi-Error-Code") == "" {
		return nil
	}
	ge := &GatewayError{Status: status, RequestID: h.Get("X-Bkapi-Request-ID")}
	if err := json.Unmarshal(bytes.TrimSpace(raw), ge); err != nil || ge.CodeName == "" {
		// Fall back on the headers when the body is not the envelope.
		fmt.Sscan(h.Get("X-Bkapi-Error-Code"), &ge.Code)
		ge.Message = h.Get("X-Bkapi-Error-Message")
	}
	ge.Status = status
	if ge.Message == "" {
		ge.Message = h.Get("X-Bkapi-Error-Message")
	}
	ge.Reason = reasonOf(ge.Message)
	ge.OAuth = ParseChallenge(h.Get("WWW-Authenticate"))
	return ge
}

func apiErrorOf(status int, raw []byte, env envelope, rid, u string) error {
	trimmed := bytes.TrimSpace(raw)
	if env == envPlain {
		var de DevCenterError
		if err := json.Unmarshal(trimmed, &de); err == nil && (de.Code != "" || de.Detail != "") {
			de.Status, de.RequestID = status, rid
			return &de
		}
	} else {
		var w struct {
			Error *DashboardError `json:"error"`
		}
		if err := json.Unmarshal(trimmed, &w); err == nil && w.Error != nil {
			w.Error.Status, w.Error.RequestID = status, rid
			return w.Error
		}
	}
	// A gateway envelope without its header (some proxies strip headers).
	var ge GatewayError
	if err := json.Unmarshal(trimmed, &ge); err == nil && ge.CodeName != "" {
		ge.Status, ge.RequestID = status, rid
		ge.Reason = reasonOf(ge.Message)
		return &ge
	}
	if json.Valid(trimmed) && len(trimmed) > 0 {
		if env == envPlain {
			return &DevCenterError{Status: status, Code: http.StatusText(status), Detail: head(raw), RequestID: rid}
		}
		return &DashboardError{Status: status, Code: http.StatusText(status), Message: head(raw), RequestID: rid}
	}
	return &NotJSONError{Status: status, URL: u, Head: head(raw), RequestID: rid}
}

func isTimeout(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	return errors.Is(err, context.DeadlineExceeded)
}

// joinURL appends a path to a base URL, keeping exactly one slash between them.
func joinURL(base, path string) string {
	return strings.TrimRight(base, "/") + "/" + strings.TrimLeft(path, "/")
}

// idleReader pushes its deadline back on every read that brings bytes.
type idleReader struct {
	io.ReadCloser
	timer *time.Timer
	after time.Duration
}

func (r idleReader) Read(p []byte) (int, error) {
	n, err := r.ReadCloser.Read(p)
	if n > 0 {
		r.timer.Reset(r.after)
	}
	return n, err
}

// CheckCABundle says what is wrong with a CA bundle a profile names, before it is saved.
func CheckCABundle(path string) error {
	_, err := caPool(path)
	return err
}

// caPool is the system's certificates and the bundle's; a bundle that cannot be read or holds
// no certificate is the user's input to fix, said in their language.
func caPool(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, &ErrUserInput{Key: "input.ca_unreadable", Args: []any{path, i18n.FileReason(err)}}
	}
	pool, _ := x509.SystemCertPool()
	if pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, &ErrUserInput{Key: "input.ca_empty", Args: []any{path}}
	}
	return pool, nil
}
