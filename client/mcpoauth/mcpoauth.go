// Package mcpoauth logs a user in to an MCP server as an OAuth 2.1 public client (gateway
// 1.24, spec section B): discovery from the server's protected-resource metadata, dynamic
// registration at bkauth, authorization code with PKCE on a loopback redirect, token, refresh
// and revoke. The metadata and registration types are the official MCP SDK's (oauthex); PKCE,
// the code exchange and refresh are golang.org/x/oauth2's. The SDK's own discovery functions
// are not used: they refuse plain-HTTP and private addresses, which is what BlueKing
// installations inside a company use.
package mcpoauth

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/modelcontextprotocol/go-sdk/oauthex"
	"golang.org/x/oauth2"
)

// Login is a logged-in server, as kept (in the keyring: it holds tokens).
type Login struct {
	Server       string    `json:"server"`
	Resource     string    `json:"resource"` // the MCP URL the token is for
	Issuer       string    `json:"issuer"`
	ClientID     string    `json:"client_id"`
	AuthURL      string    `json:"authorization_endpoint"`
	TokenURL     string    `json:"token_endpoint"`
	RevokeURL    string    `json:"revocation_endpoint,omitempty"`
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	Expiry       time.Time `json:"expiry"`
	Scope        string    `json:"scope,omitempty"`
}

// Flow is one login's settings.
type Flow struct {
	// HTTP reaches the gateway and bkauth (the profile's transport: CA bundle, timeouts). Its
	// redirects are not followed for the authorization request.
	HTTP *http.Client
	// Open opens the authorization URL in a browser; nil or an error: no browser.
	Open func(url string) error
	// Tell shows the authorization URL to the user (a browser may not open, or not here).
	Tell func(url string)
	// ClientName is how bkauth lists the registration.
	ClientName string
	// Known is an earlier login's registration with the same server, reused instead of
	// registering again (nil: register).
	Known *Login
}

// Error is the authorization server's refusal ({"error", "error_description"}: its own words),
// or a step of the flow that could not be done (Key: bkconsole's sentence in the catalog).
type Error struct {
	Step        string // discover, register, authorize, token, refresh, revoke
	Code        string
	Description string
	Key         string
	Args        []any
	Err         error
}

func (e *Error) Error() string { return e.Explain(i18n.English) }

// Explain is the failure in a language: the step, then bkconsole's sentence, the server's
// code and words, or the underlying error.
func (e *Error) Explain(l i18n.Lang) string {
	s := i18n.Label(l, i18n.T(l, "oauth.step."+e.Step))
	switch {
	case e.Key != "":
		s += i18n.T(l, e.Key, e.Args...)
		if e.Err != nil {
			s += " (" + e.Err.Error() + ")"
		}
	case e.Code != "":
		s += e.Code + ": " + e.Description // the server's error code and its words, as sent
	case e.Err != nil:
		s += e.Err.Error()
	default:
		s += e.Description
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// maxMeta bounds a metadata document.
const maxMeta = 1 << 20

func (f Flow) getJSON(ctx context.Context, step, u string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return &Error{Step: step, Err: err}
	}
	req.Header.Set("Accept", "application/json")
	resp, err := f.HTTP.Do(req)
	if err != nil {
		return &Error{Step: step, Err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxMeta))
	if err != nil {
		return &Error{Step: step, Err: err}
	}
	if resp.StatusCode != http.StatusOK {
		return refusal(step, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return &Error{Step: step, Err: fmt.Errorf("%s is not JSON metadata: %w", u, err)}
	}
	return nil
}

// refusal reads an OAuth error answer.
func refusal(step string, status int, b []byte) error {
	var e struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if json.Unmarshal(b, &e) == nil && e.Error != "" {
		return &Error{Step: step, Code: e.Error, Description: e.Description}
	}
	return &Error{Step: step, Description: fmt.Sprintf("HTTP %d: %s", status, strings.TrimSpace(string(b[:min(len(b), 200)])))}
}

// Discover finds the authorization server of an MCP server: the resource's 401 names its
// metadata (WWW-Authenticate: Bearer resource_metadata=…), the metadata names bkauth, bkauth's
// own metadata names its endpoints. It checks what it reads: the metadata is about this
// resource, the issuer is the one named, and PKCE S256 is supported.
func (f Flow) Discover(ctx context.Context, resource string) (*oauthex.AuthServerMeta, error) {
	metaURL, err := f.resourceMetadataURL(ctx, resource)
	if err != nil {
		return nil, err
	}
	var prm oauthex.ProtectedResourceMetadata
	if err := f.getJSON(ctx, "discover", metaURL, &prm); err != nil {
		return nil, err
	}
	if prm.Resource != resource {
		return nil, &Error{Step: "discover", Key: "oauth.not_about", Args: []any{prm.Resource, resource}}
	}
	if len(prm.AuthorizationServers) == 0 {
		return nil, &Error{Step: "discover", Key: "oauth.no_as"}
	}
	issuer := strings.TrimRight(prm.AuthorizationServers[0], "/")
	if err := httpURL(issuer); err != nil {
		return nil, &Error{Step: "discover", Err: err}
	}
	var asm oauthex.AuthServerMeta
	if err := f.getJSON(ctx, "discover", issuer+"/.well-known/oauth-authorization-server", &asm); err != nil {
		return nil, err
	}
	if strings.TrimRight(asm.Issuer, "/") != issuer {
		return nil, &Error{Step: "discover", Key: "oauth.wrong_issuer", Args: []any{asm.Issuer, issuer}}
	}
	pkce := false
	for _, m := range asm.CodeChallengeMethodsSupported {
		pkce = pkce || m == "S256"
	}
	if !pkce {
		return nil, &Error{Step: "discover", Key: "oauth.no_pkce"}
	}
	for _, u := range []string{asm.AuthorizationEndpoint, asm.TokenEndpoint, asm.RegistrationEndpoint, asm.RevocationEndpoint} {
		if u != "" {
			if err := httpURL(u); err != nil {
				return nil, &Error{Step: "discover", Err: err}
			}
		}
	}
	return &asm, nil
}

// httpURL refuses anything but an absolute http(s) URL (no javascript:, no file:).
func httpURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", s)
	}
	return nil
}

// resourceMetadataURL asks the resource without credentials: its 401 names the metadata.
func (f Flow) resourceMetadataURL(ctx context.Context, resource string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, resource, nil)
	if err != nil {
		return "", &Error{Step: "discover", Err: err}
	}
	req.Header.Set("Accept", "application/json, text/event-stream")
	resp, err := f.HTTP.Do(req)
	if err != nil {
		return "", &Error{Step: "discover", Err: err}
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	cs, _ := oauthex.ParseWWWAuthenticate(resp.Header.Values("WWW-Authenticate"))
	for _, c := range cs {
		if c.Scheme == "bearer" && c.Params["resource_metadata"] != "" {
			if err := httpURL(c.Params["resource_metadata"]); err != nil {
				return "", &Error{Step: "discover", Err: err}
			}
			return c.Params["resource_metadata"], nil
		}
	}
	return "", &Error{Step: "discover", Key: "oauth.no_login", Args: []any{resp.StatusCode}}
}

// register registers bkconsole at the authorization server for a loopback redirect.
func (f Flow) register(ctx context.Context, asm *oauthex.AuthServerMeta, redirect string) (string, error) {
	if asm.RegistrationEndpoint == "" {
		return "", &Error{Step: "register", Key: "oauth.no_dcr"}
	}
	r, err := oauthex.RegisterClient(ctx, asm.RegistrationEndpoint, &oauthex.ClientRegistrationMetadata{
		RedirectURIs: []string{redirect}, TokenEndpointAuthMethod: "none", GrantTypes: []string{"authorization_code", "refresh_token"},
		ResponseTypes: []string{"code"}, ClientName: f.ClientName, ApplicationType: "native",
	}, f.HTTP)
	if err != nil {
		var re *oauthex.ClientRegistrationError
		if errors.As(err, &re) {
			return "", &Error{Step: "register", Code: re.ErrorCode, Description: re.ErrorDescription}
		}
		return "", &Error{Step: "register", Err: err}
	}
	return r.ClientID, nil
}

// Login runs the authorization code flow for resource (an MCP server's URL): a loopback
// listener receives the code; the authorization request is tried at once without a browser (an
// authorization server that knows the user answers with the code), else the URL is opened in
// a browser and shown. It waits until ctx ends.
func (f Flow) Login(ctx context.Context, server, resource string) (*Login, error) {
	asm, err := f.Discover(ctx, resource)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, &Error{Step: "authorize", Err: err}
	}
	defer ln.Close()
	redirect := fmt.Sprintf("http://127.0.0.1:%d/callback", ln.Addr().(*net.TCPAddr).Port)
	clientID := ""
	if f.Known != nil && f.Known.Issuer == asm.Issuer && f.Known.ClientID != "" {
		clientID = f.Known.ClientID // registered earlier: loopback redirects on any port are accepted
	} else if clientID, err = f.register(ctx, asm, redirect); err != nil {
		return nil, err
	}
	cfg := f.config(asm.AuthorizationEndpoint, asm.TokenEndpoint, clientID, redirect)
	verifier, state := oauth2.GenerateVerifier(), randomState()
	authURL := cfg.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier), oauth2.SetAuthURLParam("resource", resource))

	got := make(chan url.Values, 1)
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/callback" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "bkconsole: you can close this page and go back to the terminal. / 可以关闭此页面，回到终端。")
		select {
		case got <- r.URL.Query():
		default:
		}
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	if q, ok := f.headless(ctx, authURL, redirect); ok {
		got <- q
	} else {
		if f.Open != nil {
			_ = f.Open(authURL)
		}
		if f.Tell != nil {
			f.Tell(authURL) // shown even when a browser opened: it may have opened elsewhere
		}
	}
	var q url.Values
	select {
	case q = <-got:
	case <-ctx.Done():
		return nil, &Error{Step: "authorize", Key: "oauth.no_answer", Err: ctx.Err()}
	}
	if q.Get("state") != state {
		return nil, &Error{Step: "authorize", Key: "oauth.state_mismatch"}
	}
	if e := q.Get("error"); e != "" {
		return nil, &Error{Step: "authorize", Code: e, Description: q.Get("error_description")}
	}
	if q.Get("code") == "" {
		return nil, &Error{Step: "authorize", Key: "oauth.no_code"}
	}
	tok, err := cfg.Exchange(f.ctx(ctx), q.Get("code"), oauth2.VerifierOption(verifier), oauth2.SetAuthURLParam("resource", resource))
	if err != nil {
		return nil, tokenError("token", err)
	}
	l := &Login{Server: server, Resource: resource, Issuer: asm.Issuer, ClientID: clientID, AuthURL: asm.AuthorizationEndpoint,
		TokenURL: asm.TokenEndpoint, RevokeURL: asm.RevocationEndpoint}
	l.take(tok)
	return l, nil
}

// headless tries the authorization request without a browser: an authorization server that
// needs no login (the sandbox's demo user) answers with a redirect to the loopback address,
// whose query is the answer. Nothing secret is sent: the URL is the one a browser would open.
func (f Flow) headless(ctx context.Context, authURL, redirect string) (url.Values, bool) {
	hc := *f.HTTP
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, authURL, nil)
	if err != nil {
		return nil, false
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, false
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	loc, err := resp.Location()
	if err != nil || !strings.HasPrefix(loc.String(), redirect) {
		return nil, false
	}
	return loc.Query(), true
}

func randomState() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// config is the x/oauth2 client of a login: a public client (no secret, its id in the form).
func (f Flow) config(authURL, tokenURL, clientID, redirect string) *oauth2.Config {
	return &oauth2.Config{ClientID: clientID, RedirectURL: redirect,
		Endpoint: oauth2.Endpoint{AuthURL: authURL, TokenURL: tokenURL, AuthStyle: oauth2.AuthStyleInParams}}
}

// ctx hands x/oauth2 the flow's HTTP client.
func (f Flow) ctx(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, f.HTTP)
}

func tokenError(step string, err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return &Error{Step: step, Code: re.ErrorCode, Description: re.ErrorDescription}
	}
	return &Error{Step: step, Err: err}
}

// take keeps a token answer (a rotating server sends a new refresh token each time).
func (l *Login) take(t *oauth2.Token) {
	l.AccessToken, l.Expiry = t.AccessToken, t.Expiry
	if t.RefreshToken != "" {
		l.RefreshToken = t.RefreshToken
	}
	if s, ok := t.Extra("scope").(string); ok {
		l.Scope = s
	}
}

// RefreshMargin is how long before its expiry a token is refreshed.
const RefreshMargin = time.Minute

// Fresh returns the login with a token valid for at least RefreshMargin: refreshed (changed is
// true: keep the new tokens) when it would expire sooner.
func (f Flow) Fresh(ctx context.Context, l *Login) (out *Login, changed bool, err error) {
	if l.AccessToken != "" && (l.Expiry.IsZero() || time.Until(l.Expiry) > RefreshMargin) {
		return l, false, nil
	}
	if l.RefreshToken == "" {
		return l, false, &Error{Step: "refresh", Key: "oauth.no_refresh"}
	}
	cfg := f.config(l.AuthURL, l.TokenURL, l.ClientID, "")
	// An expired token makes TokenSource refresh at once.
	t, err := cfg.TokenSource(f.ctx(ctx), &oauth2.Token{RefreshToken: l.RefreshToken, Expiry: time.Unix(1, 0)}).Token()
	if err != nil {
		return l, false, tokenError("refresh", err)
	}
	n := *l
	n.take(t)
	return &n, true, nil
}

// Revoke revokes the login's refresh token (which takes its access tokens with it) and its
// access token (RFC 7009). A server without a revocation endpoint: nothing to do but forget.
func (f Flow) Revoke(ctx context.Context, l *Login) error {
	if l.RevokeURL == "" {
		return nil
	}
	for _, t := range []struct{ tok, hint string }{{l.RefreshToken, "refresh_token"}, {l.AccessToken, "access_token"}} {
		if t.tok == "" {
			continue
		}
		form := url.Values{"token": {t.tok}, "token_type_hint": {t.hint}, "client_id": {l.ClientID}}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.RevokeURL, bytes.NewBufferString(form.Encode()))
		if err != nil {
			return &Error{Step: "revoke", Err: err}
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := f.HTTP.Do(req)
		if err != nil {
			return &Error{Step: "revoke", Err: err}
		}
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return refusal("revoke", resp.StatusCode, b)
		}
	}
	return nil
}
