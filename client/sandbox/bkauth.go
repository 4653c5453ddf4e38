package sandbox

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// bkauth, as the sandbox plays it (gateway 1.24, spec section B): the authorization server of
// public clients. Discovery, dynamic registration, authorization code with PKCE S256 (the demo
// user is logged in already: authorize answers at once, no browser), token, refresh (rotating),
// revoke. Its errors are {"error", "error_description"}.

const (
	bkauthPrefix = "/bkauth"
	bkauthRealm  = "/realms/blueking/oauth2"
	// RefreshLifetime is how long a refresh token lasts.
	RefreshLifetime = 30 * 24 * time.Hour
	codeLifetime    = time.Minute
)

// oauthClient is a client that registered itself.
type oauthClient struct {
	Name         string   `json:"client_name"`
	RedirectURIs []string `json:"redirect_uris"`
}

// authCode is an authorization code waiting to be exchanged.
type authCode struct {
	client, redirect, challenge, audience string
	expires                               time.Time
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]any{"error": code, "error_description": desc})
}

func randomToken(prefix string) string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// bkauthBase is bkauth's address as clients see it (the issuer).
func bkauthBase(r *http.Request) string { return "http://" + r.Host + bkauthPrefix }

// serveProtectedResource is the gateway's protected-resource metadata (RFC 9728), which a
// 401's WWW-Authenticate names: the resource asked about, and bkauth as its authorization server.
func (s *Sandbox) serveProtectedResource(w http.ResponseWriter, r *http.Request) {
	res := r.URL.Query().Get("resource")
	if res == "" {
		oauthError(w, 400, "invalid_request", "resource is required")
		return
	}
	writeJSON(w, 200, map[string]any{"resource": res, "authorization_servers": []string{bkauthBase(r)},
		"bearer_methods_supported": []string{"header"}, "resource_name": "BlueKing API Gateway"})
}

func (s *Sandbox) serveBkauth(w http.ResponseWriter, r *http.Request, path string) {
	switch {
	case r.Method == http.MethodGet && (path == "/.well-known/oauth-authorization-server" || path == "/.well-known/openid-configuration"):
		base := bkauthBase(r)
		writeJSON(w, 200, map[string]any{"issuer": base,
			"authorization_endpoint": base + bkauthRealm + "/authorize", "token_endpoint": base + bkauthRealm + "/token",
			"registration_endpoint": base + bkauthRealm + "/register", "revocation_endpoint": base + bkauthRealm + "/revoke",
			"response_types_supported": []string{"code"}, "grant_types_supported": []string{"authorization_code", "refresh_token"},
			"code_challenge_methods_supported": []string{"S256"}, "token_endpoint_auth_methods_supported": []string{"none"}})
	case r.Method == http.MethodPost && path == bkauthRealm+"/register":
		s.register(w, r)
	case r.Method == http.MethodGet && path == bkauthRealm+"/authorize":
		s.authorize(w, r)
	case r.Method == http.MethodPost && path == bkauthRealm+"/token":
		s.token(w, r)
	case r.Method == http.MethodPost && path == bkauthRealm+"/revoke":
		s.revoke(w, r)
	default:
		oauthError(w, 404, "not_found", "no such bkauth endpoint")
	}
}

func (s *Sandbox) register(w http.ResponseWriter, r *http.Request) {
	var in oauthClient
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&in); err != nil {
		oauthError(w, 400, "invalid_client_metadata", "the body is not a JSON object")
		return
	}
	if len(in.RedirectURIs) == 0 {
		oauthError(w, 400, "invalid_redirect_uri", "redirect_uris is required")
		return
	}
	for _, u := range in.RedirectURIs {
		if p, err := url.Parse(u); err != nil || p.Scheme == "" || p.Host == "" {
			oauthError(w, 400, "invalid_redirect_uri", "not an absolute URL: "+u)
			return
		}
	}
	id := randomToken("dcr_")[:28]
	s.mu.Lock()
	if s.st.Clients == nil {
		s.st.Clients = map[string]*oauthClient{}
	}
	s.st.Clients[id] = &in
	s.persist()
	s.mu.Unlock()
	writeJSON(w, 201, map[string]any{"client_id": id, "client_name": in.Name, "redirect_uris": in.RedirectURIs,
		"token_endpoint_auth_method": "none", "grant_types": []string{"authorization_code", "refresh_token"}, "response_types": []string{"code"}})
}

// redirectAllowed: a registered URI, or a loopback one on any port (RFC 8252 §7.3).
func redirectAllowed(registered []string, got string) bool {
	g, err := url.Parse(got)
	if err != nil {
		return false
	}
	for _, u := range registered {
		if u == got {
			return true
		}
		p, err := url.Parse(u)
		if err != nil {
			continue
		}
		if ip := net.ParseIP(g.Hostname()); (ip != nil && ip.IsLoopback() || g.Hostname() == "localhost") && p.Hostname() == g.Hostname() &&
			p.Scheme == g.Scheme && p.Path == g.Path {
			return true
		}
	}
	return false
}

// audienceOf is the audience a login's resource gives, as bkauth reads it: an MCP server's URL
// or mcp:{name} gives mcp_server:{name}; gateway:{gw}:api:{api} gives gateway:{gw} (the known
// conflict of spec section B: the gateway's audience check then refuses it).
func audienceOf(resource string) (string, bool) {
	if name, ok := strings.CutPrefix(resource, "mcp:"); ok && name != "" {
		return "mcp_server:" + name, true
	}
	if rest, ok := strings.CutPrefix(resource, "gateway:"); ok {
		gw, _, _ := strings.Cut(rest, ":api:")
		return "gateway:" + gw, gw != ""
	}
	if u, err := url.Parse(resource); err == nil && u.Host != "" {
		if _, rest, ok := strings.Cut(u.Path, "/mcp-servers/"); ok {
			if name, _, _ := strings.Cut(rest, "/"); name != "" {
				return "mcp_server:" + name, true
			}
		}
	}
	return "", false
}

func (s *Sandbox) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	cl := s.st.Clients[q.Get("client_id")]
	s.mu.Unlock()
	redirect := q.Get("redirect_uri")
	// Before the redirect URI is known good, errors are shown here, never sent anywhere.
	if cl == nil {
		oauthError(w, 400, "invalid_client", "unknown client_id")
		return
	}
	if !redirectAllowed(cl.RedirectURIs, redirect) {
		oauthError(w, 400, "invalid_request", "redirect_uri is not registered for this client")
		return
	}
	back := func(params url.Values) {
		u, _ := url.Parse(redirect)
		v := u.Query()
		for k, vs := range params {
			v[k] = vs
		}
		if st := q.Get("state"); st != "" {
			v.Set("state", st)
		}
		u.RawQuery = v.Encode()
		http.Redirect(w, r, u.String(), http.StatusFound)
	}
	aud, ok := audienceOf(q.Get("resource"))
	switch {
	case q.Get("response_type") != "code":
		back(url.Values{"error": {"unsupported_response_type"}, "error_description": {"response_type must be code"}})
		return
	case q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256":
		back(url.Values{"error": {"invalid_request"}, "error_description": {"PKCE with S256 is required"}})
		return
	case !ok:
		back(url.Values{"error": {"invalid_target"}, "error_description": {"resource is required: an MCP server's URL, mcp:{name} or gateway:{gw}:api:{api}"}})
		return
	}
	code := randomToken("code_")
	s.mu.Lock()
	s.codes[code] = &authCode{client: q.Get("client_id"), redirect: redirect, challenge: q.Get("code_challenge"), audience: aud,
		expires: time.Now().Add(codeLifetime)}
	s.mu.Unlock()
	// The demo user is logged in already: consent is given at once.
	back(url.Values{"code": {code}})
}

// issue makes a login's access and refresh tokens. Called with mu held.
func (s *Sandbox) issue(client, grant string, audiences []string) (access, refresh string) {
	access, refresh = randomToken("bkat_"), randomToken("bkrt_")
	now := time.Now()
	s.st.Tokens[access] = &oauthToken{User: DemoUsername, App: "public", Audiences: audiences, Expires: now.Add(s.opts.TokenLifetime), Grant: grant, Client: client}
	s.st.Tokens[refresh] = &oauthToken{User: DemoUsername, App: "public", Audiences: audiences, Expires: now.Add(RefreshLifetime), Grant: grant, Client: client, Refresh: true}
	s.persist()
	return access, refresh
}

func (s *Sandbox) token(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		oauthError(w, 400, "invalid_request", "the body is not a form")
		return
	}
	f := r.PostForm
	answer := func(access, refresh string, auds []string) {
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, 200, map[string]any{"access_token": access, "token_type": "Bearer", "expires_in": int(s.opts.TokenLifetime / time.Second),
			"refresh_token": refresh, "scope": strings.Join(auds, " ")})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch f.Get("grant_type") {
	case "authorization_code":
		c := s.codes[f.Get("code")]
		delete(s.codes, f.Get("code")) // a code is used once, right or wrong
		sum := sha256.Sum256([]byte(f.Get("code_verifier")))
		switch {
		case c == nil || time.Now().After(c.expires):
			oauthError(w, 400, "invalid_grant", "the code is unknown, used or expired")
		case c.client != f.Get("client_id") || c.redirect != f.Get("redirect_uri"):
			oauthError(w, 400, "invalid_grant", "the code was issued to another client or redirect_uri")
		case base64.RawURLEncoding.EncodeToString(sum[:]) != c.challenge:
			oauthError(w, 400, "invalid_grant", "code_verifier does not match the code_challenge")
		default:
			auds := []string{c.audience}
			access, refresh := s.issue(c.client, randomToken("grant_"), auds)
			answer(access, refresh, auds)
		}
	case "refresh_token":
		t := s.st.Tokens[f.Get("refresh_token")]
		switch {
		case t == nil || !t.Refresh || t.Revoked || time.Now().After(t.Expires):
			oauthError(w, 400, "invalid_grant", "the refresh token is unknown, used, revoked or expired")
		case t.Client != f.Get("client_id"):
			oauthError(w, 400, "invalid_grant", "the refresh token was issued to another client")
		default:
			t.Revoked = true // rotating: each refresh token is used once
			access, refresh := s.issue(t.Client, t.Grant, t.Audiences)
			answer(access, refresh, t.Audiences)
		}
	default:
		oauthError(w, 400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
	}
}

// revoke (RFC 7009): the answer is 200 whatever the token was; a refresh token takes its whole
// grant with it.
func (s *Sandbox) revoke(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		oauthError(w, 400, "invalid_request", "the body is not a form")
		return
	}
	s.mu.Lock()
	if t := s.st.Tokens[r.PostForm.Get("token")]; t != nil && t.App == "public" {
		t.Revoked = true
		if t.Refresh && t.Grant != "" {
			for _, o := range s.st.Tokens {
				if o.Grant == t.Grant {
					o.Revoked = true
				}
			}
		}
		s.persist()
	}
	s.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}
