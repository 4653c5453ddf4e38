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
	user      string
	app       string // "personal" or "public": the gateway lets only these two through
	audiences []string
	expires   time.Time
	revoked   bool
}

// seedTokens is the token store's starting content.
func seedTokens(now time.Time) map[string]*oauthToken {
	month := now.Add(PersonalTokenLifetime)
	return map[string]*oauthToken{
		PersonalTokens["valid"]: {user: DemoUsername, app: "personal", expires: month,
			audiences: []string{"gateway:demo-echo/api:*", "mcp_server:demo-echo-prod-echo"}},
		PersonalTokens["narrow"]:  {user: DemoUsername, app: "personal", expires: month, audiences: []string{"gateway:demo-echo/api:echo_get"}},
		PersonalTokens["expired"]: {user: DemoUsername, app: "personal", expires: now.Add(-time.Hour), audiences: []string{"gateway:demo-echo/api:*"}},
		PersonalTokens["revoked"]: {user: DemoUsername, app: "personal", expires: month, revoked: true, audiences: []string{"gateway:demo-echo/api:*"}},
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
	tok := s.tokens[bearer]
	var t oauthToken
	if tok != nil {
		t = *tok
	}
	s.mu.Unlock()
	switch {
	case tok == nil:
		challenge(w, r, "invalid_token", "the access token is invalid")
		return identity{}, true, unauthorized("access token is invalid")
	case t.revoked:
		challenge(w, r, "invalid_token", "the access token has been revoked")
		return identity{}, true, unauthorized("access token is invalid", "detail", "token revoked")
	case !time.Now().Before(t.expires):
		challenge(w, r, "invalid_token", "the access token has expired")
		return identity{}, true, unauthorized("access token is invalid", "detail", "token expired")
	}
	if !audienceAllows(t.audiences, want) {
		challenge(w, r, "invalid_audience", "the token's audience does not include "+want)
		return identity{}, true, &gwError{403, 1640301, "APP_NO_PERMISSION",
			`App has no permission to the resource [audience="` + strings.Join(t.audiences, ",") + `" reason="audience not allowed" want="` + want + `"]`}
	}
	if t.app == "public" && !public || t.app == "personal" && !personal {
		desc := "OAuth2 token app code is not allowed: bk_app_code=" + t.app + ", support_public=" + boolText(public) + ", support_personal=" + boolText(personal)
		challenge(w, r, "invalid_token", desc)
		return identity{}, true, unauthorized("OAuth2 token app code is not allowed", "bk_app_code", t.app,
			"support_personal", boolText(personal), "support_public", boolText(public))
	}
	return identity{app: &App{Code: t.app}, user: t.user}, true, nil
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
