package sandbox

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Personal tokens of the demo user, as bkauth's personal token page would have made them
// (gateway 1.24, spec section B). They are not secrets: the sandbox exists so anyone can try
// bkconsole. The names say what the gateway does with each.
var PersonalTokens = map[string]string{
	"valid":   "bkc-demo-personal-9d41e7",    // gateway:demo-echo/api:* and the demo MCP server
	"narrow":  "bkc-demo-personal-narrow-3b", // gateway:demo-echo/api:echo_get only
	"expired": "bkc-demo-personal-expired-c2",
	"revoked": "bkc-demo-personal-revoked-5f",
}

// PersonalTokenLifetime is how long the seeded personal tokens last from the sandbox's start.
const PersonalTokenLifetime = 30 * 24 * time.Hour

// oauthToken is what bkauth's introspection says of a token.
type oauthToken struct {
	User      string    `json:"user"`
	App       string    `json:"app"` // "personal" or "public": the gateway lets only these two through
	Audiences []string  `json:"audiences"`
	Expires   time.Time `json:"expires"`
	Revoked   bool      `json:"revoked,omitempty"`
	// Refresh marks a refresh token (never accepted as an access token); Grant ties a login's
	// tokens together (revoking its refresh token revokes them all); Client is who got it.
	Refresh bool   `json:"refresh,omitempty"`
	Grant   string `json:"grant,omitempty"`
	Client  string `json:"client,omitempty"`
}

// seedTokens puts the demo user's personal tokens in the store, as this version defines them
// (a shared state written by an older run is brought up to date; nothing revokes them).
// Called before the sandbox serves.
func (s *Sandbox) seedTokens(now time.Time) {
	if s.st.Tokens == nil {
		s.st.Tokens = map[string]*oauthToken{}
	}
	month := now.Add(PersonalTokenLifetime)
	seeds := map[string]*oauthToken{
		PersonalTokens["valid"]: {User: DemoUsername, App: "personal", Expires: month,
			// bk-user-prod-login is named too: it takes public-client tokens only, so this one is
			// refused there for its kind, past the audience check.
			Audiences: []string{"gateway:demo-echo/api:*", "mcp_server:demo-echo-prod-oauth", "mcp_server:bk-user-prod-login"}},
		PersonalTokens["narrow"]:  {User: DemoUsername, App: "personal", Expires: month, Audiences: []string{"gateway:demo-echo/api:echo_get"}},
		PersonalTokens["expired"]: {User: DemoUsername, App: "personal", Expires: now.Add(-time.Hour), Audiences: []string{"gateway:demo-echo/api:*"}},
		PersonalTokens["revoked"]: {User: DemoUsername, App: "personal", Expires: month, Revoked: true, Audiences: []string{"gateway:demo-echo/api:*"}},
	}
	for k, t := range seeds {
		s.st.Tokens[k] = t
	}
}

func unauthorized(reason string, fields ...string) *gwError {
	msg := `Unauthorized [`
	for i := 0; i+1 < len(fields); i += 2 {
		msg += fields[i] + `="` + fields[i+1] + `" `
	}
	return &gwError{401, 1640100, "UNAUTHORIZED", msg + `reason="` + reason + `"]`}
}

// challenge sets WWW-Authenticate as bk-oauth2-protected-resource builds it: where the
// resource's metadata is, the error and its description.
func challenge(w http.ResponseWriter, r *http.Request, errCode, desc string) {
	resourceURL := "http://" + r.Host + r.URL.Path
	meta := "http://" + r.Host + apiPrefix + apigwGateway + "/prod/api/v2/open/.well-known/oauth-protected-resource?resource=" + url.QueryEscape(resourceURL)
	w.Header().Set("WWW-Authenticate", `Bearer resource_metadata="`+meta+`", error="`+errCode+`", error_description="`+strings.ReplaceAll(desc, `"`, `'`)+`"`)
}

// oauthAuthenticate runs the 1.24 data plane's OAuth2 plugins on a resource (or MCP server)
// that accepts tokens: X-Bkapi-Authorization, or a bk_token cookie, selects the legacy checks
// (oauth false); otherwise the Bearer token is introspected, its audience must name want, and
// its app must be one the resource accepts. Neither flag on: the plugins are not bound.
func (s *Sandbox) oauthAuthenticate(w http.ResponseWriter, r *http.Request, public, personal bool, want string) (identity, bool, *gwError) {
	if !public && !personal {
		return identity{}, false, nil
	}
	if r.Header.Get("X-Bkapi-Authorization") != "" {
		return identity{}, false, nil
	}
	authz := r.Header.Get("Authorization")
	bearer, isBearer := strings.CutPrefix(authz, "Bearer ")
	bearer = strings.TrimSpace(bearer)
	if !isBearer || bearer == "" {
		if c, err := r.Cookie("bk_token"); err == nil && c.Value != "" && !strings.HasPrefix(strings.ToLower(authz), "bearer") {
			return identity{}, false, nil
		}
		challenge(w, r, "invalid_request", "no valid authentication header found")
		return identity{}, true, unauthorized("no valid authentication header found", "expected", "Authorization: Bearer <token>")
	}
	s.mu.Lock()
	tok := s.st.Tokens[bearer]
	var t oauthToken
	if tok != nil {
		t = *tok
	}
	s.mu.Unlock()
	switch {
	case tok == nil || t.Refresh:
		challenge(w, r, "invalid_token", "the access token is invalid")
		return identity{}, true, unauthorized("access token is invalid")
	case t.Revoked:
		challenge(w, r, "invalid_token", "the access token has been revoked")
		return identity{}, true, unauthorized("access token is invalid", "detail", "token revoked")
	case !time.Now().Before(t.Expires):
		challenge(w, r, "invalid_token", "the access token has expired")
		return identity{}, true, unauthorized("access token is invalid", "detail", "token expired")
	}
	if !audienceAllows(t.Audiences, want) {
		challenge(w, r, "invalid_audience", "the token's audience does not include "+want)
		return identity{}, true, &gwError{403, 1640301, "APP_NO_PERMISSION",
			`App has no permission to the resource [audience="` + strings.Join(t.Audiences, ",") + `" reason="audience not allowed" want="` + want + `"]`}
	}
	if t.App == "public" && !public || t.App == "personal" && !personal {
		desc := "OAuth2 token app code is not allowed: bk_app_code=" + t.App + ", support_public=" + boolText(public) + ", support_personal=" + boolText(personal)
		challenge(w, r, "invalid_token", desc)
		return identity{}, true, unauthorized("OAuth2 token app code is not allowed", "bk_app_code", t.App,
			"support_personal", boolText(personal), "support_public", boolText(public))
	}
	return identity{app: &App{Code: t.App}, user: t.User}, true, nil
}

// audienceAllows is bk-oauth2-audience-validate's rule: gateway:{gw}/api:{api}, its
// gateway:{gw}/api:* wildcard, or mcp_server:{name}.
func audienceAllows(auds []string, want string) bool {
	gw, _, isAPI := strings.Cut(want, "/api:")
	for _, a := range auds {
		if a == want || isAPI && a == gw+"/api:*" {
			return true
		}
	}
	return false
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
