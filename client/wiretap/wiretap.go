// Package wiretap shows what bkconsole sends, for -v and --dry-run: each request as it leaves
// (its credentials masked) with its answer's status and headers, or, in a dry run, the write
// stopped before it leaves. It sits between the client and the network, so what it shows is
// what would have gone out: the same method, URL, headers and body, built by the same code.
package wiretap

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/untrusted"
)

// Mask replaces a credential's value.
const Mask = "****"

// maxShownBody bounds a request body in the -v log.
const maxShownBody = 4 << 10

// Tap wraps a client's HTTP transport. Log, when set, receives the -v trace (stderr).
type Tap struct {
	Log io.Writer

	mu         sync.Mutex // one request's lines stay together
	stopWrites atomic.Bool
	stopAll    atomic.Bool
}

// StopWrites makes every request that is not a read (GET, HEAD) end in a *DryRun instead of
// leaving: names are still resolved, nothing is changed.
func (t *Tap) StopWrites() { t.stopWrites.Store(true) }

// StopAll stops every request from now on: a test call is a write whatever its method.
func (t *Tap) StopAll() { t.stopAll.Store(true) }

// Wrap is the client.Config.Wrap hook.
func (t *Tap) Wrap(rt http.RoundTripper) http.RoundTripper {
	return roundTripper(func(req *http.Request) (*http.Response, error) { return t.roundTrip(rt, req) })
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func (t *Tap) roundTrip(rt http.RoundTripper, req *http.Request) (*http.Response, error) {
	read := req.Method == http.MethodGet || req.Method == http.MethodHead
	if t.stopAll.Load() || t.stopWrites.Load() && !read {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, Describe(req)
	}
	if t.Log == nil {
		return rt.RoundTrip(req)
	}
	d := Describe(req)
	t.mu.Lock()
	d.write(t.Log, "> ")
	t.mu.Unlock()
	start := time.Now()
	resp, err := rt.RoundTrip(req)
	t.mu.Lock()
	defer t.mu.Unlock()
	if err != nil {
		fmt.Fprintf(t.Log, "< %s %s: %s\n\n", req.Method, d.URL, untrusted.Line(err.Error()))
		return resp, err
	}
	fmt.Fprintf(t.Log, "< %s %s (%s)\n", resp.Proto, untrusted.Line(resp.Status), client.Rounded(time.Since(start)))
	for _, k := range sortedKeys(resp.Header) {
		for _, v := range resp.Header[k] {
			if strings.EqualFold(k, "Set-Cookie") {
				v = maskSetCookie(v)
			}
			fmt.Fprintf(t.Log, "< %s: %s\n", untrusted.Line(k), untrusted.Line(v))
		}
	}
	fmt.Fprintln(t.Log, "<")
	return resp, err
}

// DryRun is a request that was not sent, as it would have been: credentials masked. It is the
// error a stopped request ends in, so the code that built it returns at once.
type DryRun struct {
	Method string              `json:"method"`
	URL    string              `json:"url"`
	Header map[string][]string `json:"headers"`
	Body   string              `json:"body,omitempty"`
	// BinarySize is the size of a body that is not text (a NUL, or not UTF-8), which is not
	// shown: cleaned for the screen it had read as other bytes ("a\x00b\xff" as "ab").
	BinarySize int `json:"binary_body_size,omitempty"`
}

func (d *DryRun) Error() string { return "dry run: " + d.Method + " " + d.URL + " was not sent" }

// Is makes errors.Is(err, client.ErrDryRun) true, so the planner stops at the first write.
func (d *DryRun) Is(target error) bool { return target == client.ErrDryRun }

// Write prints the request the way HTTP shows it: the request line, headers, a blank line,
// the body.
func (d *DryRun) Write(w io.Writer) {
	d.write(w, "")
}

func (d *DryRun) write(w io.Writer, prefix string) {
	fmt.Fprintf(w, "%s%s %s\n", prefix, d.Method, d.URL)
	for _, k := range sortedKeys(d.Header) {
		for _, v := range d.Header[k] {
			fmt.Fprintf(w, "%s%s: %s\n", prefix, k, v)
		}
	}
	if d.BinarySize > 0 { // its size alone, in no language: [2.0 KiB]
		fmt.Fprintf(w, "%s\n%s[%s]\n", strings.TrimRight(prefix, " "), prefix, i18n.Size(d.BinarySize))
	}
	if d.Body != "" {
		fmt.Fprintf(w, "%s\n", strings.TrimRight(prefix, " "))
		for _, line := range strings.Split(strings.TrimRight(d.Body, "\n"), "\n") {
			fmt.Fprintf(w, "%s%s\n", prefix, line)
		}
	}
	if prefix != "" {
		fmt.Fprintln(w, strings.TrimRight(prefix, " "))
	}
}

// Describe is req as it would leave, with every credential masked: the auth header's secret
// fields, cookies, the CSRF token, secret-named headers, query parameters and body keys.
func Describe(req *http.Request) *DryRun {
	h := req.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if req.Host != "" && req.Host != req.URL.Host {
		h.Set("Host", req.Host)
	}
	d := &DryRun{Method: req.Method, URL: maskURL(req.URL), Header: MaskHeader(h)}
	if req.GetBody != nil {
		if rc, err := req.GetBody(); err == nil {
			b, _ := io.ReadAll(io.LimitReader(rc, maxShownBody+1))
			rc.Close()
			if client.IsBinary(b) {
				d.BinarySize = max(int(req.ContentLength), len(b))
				return d
			}
			body := string(b)
			if len(b) > maxShownBody {
				body = string(b[:maxShownBody]) + fmt.Sprintf("\n… (%d bytes shown)", maxShownBody)
			}
			d.Body = untrusted.Text(history.CleanBody(body))
		}
	}
	return d
}

// MaskHeader masks the credentials in a request's headers; the rest is shown as sent.
func MaskHeader(h http.Header) http.Header {
	out := http.Header{}
	for k, vs := range h {
		for _, v := range vs {
			out[k] = append(out[k], untrusted.Line(MaskValue(k, v)))
		}
	}
	return out
}

// MaskValue is one header's value with its credentials masked: the one rule for -v, --dry-run
// and the snippets' masked headers.
func MaskValue(name, v string) string {
	switch strings.ToLower(name) {
	case "x-bkapi-authorization":
		return maskAuthJSON(v)
	case "cookie":
		return maskCookies(v)
	case "authorization", "proxy-authorization", "x-csrftoken":
		return Mask
	}
	if history.IsSecretKey(name) {
		return Mask
	}
	return v
}

// maskAuthJSON keeps X-Bkapi-Authorization's shape (which fields it holds, the app code and
// the username) and masks the secret, the token and the access token.
func maskAuthJSON(v string) string {
	dec := json.NewDecoder(strings.NewReader(v))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil {
		return Mask
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range sortedKeys(m) {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		val := m[k]
		if history.IsSecretKey(k) {
			val = Mask
		}
		vb, _ := json.Marshal(val)
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.String()
}

// maskCookies keeps the cookies' names: every value is a login state or a CSRF token.
func maskCookies(v string) string {
	parts := strings.Split(v, ";")
	for i, p := range parts {
		name, _, _ := strings.Cut(strings.TrimSpace(p), "=")
		parts[i] = name + "=" + Mask
	}
	return strings.Join(parts, "; ")
}

func maskSetCookie(v string) string {
	name, rest, ok := strings.Cut(v, "=")
	if !ok {
		return v
	}
	_, attrs, _ := strings.Cut(rest, ";")
	if attrs != "" {
		return name + "=" + Mask + ";" + attrs
	}
	return name + "=" + Mask
}

func maskURL(u *url.URL) string {
	c := *u
	c.User = nil
	if c.RawQuery != "" {
		// Only the secret values change: the rest of the query stays as encoded, in its order.
		parts := strings.Split(c.RawQuery, "&")
		for i, p := range parts {
			k, _, _ := strings.Cut(p, "=")
			if name, err := url.QueryUnescape(k); err == nil && history.IsSecretKey(name) {
				parts[i] = k + "=" + Mask
			}
		}
		c.RawQuery = strings.Join(parts, "&")
	}
	return untrusted.Line(c.String())
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
