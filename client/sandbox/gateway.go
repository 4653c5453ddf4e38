package sandbox

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

type pathMatcher struct {
	re    *regexp.Regexp
	names []string
}

var paramRe = regexp.MustCompile(`\{([^{}/]+)\}`)

func compilePath(p string) *pathMatcher {
	m := &pathMatcher{}
	var b strings.Builder
	b.WriteString("^")
	last := 0
	for _, loc := range paramRe.FindAllStringSubmatchIndex(p, -1) {
		b.WriteString(regexp.QuoteMeta(p[last:loc[0]]))
		b.WriteString("([^/]+)")
		m.names = append(m.names, p[loc[2]:loc[3]])
		last = loc[1]
	}
	b.WriteString(regexp.QuoteMeta(p[last:]))
	b.WriteString("$")
	m.re = regexp.MustCompile(b.String())
	return m
}

// compileSubpath matches p and anything below it.
func compileSubpath(p string) *pathMatcher {
	return &pathMatcher{re: regexp.MustCompile("^" + regexp.QuoteMeta(strings.TrimSuffix(p, "/")) + "(/.*)?$")}
}

func (m *pathMatcher) match(path string) (map[string]string, bool) {
	sub := m.re.FindStringSubmatch(path)
	if sub == nil {
		return nil, false
	}
	out := map[string]string{}
	for i, n := range m.names {
		v, err := url.PathUnescape(sub[i+1])
		if err != nil {
			v = sub[i+1]
		}
		out[n] = v
	}
	return out, true
}

// gwError is a gateway-made error, with the headers the data plane sets.
type gwError struct {
	status   int
	code     int
	codeName string
	message  string
}

func invalidArgs(reason string) *gwError {
	return &gwError{400, 1640001, "INVALID_ARGS", fmt.Sprintf("Parameters error [reason=%q]", reason)}
}

var (
	errNoAppCode    = invalidArgs("app code cannot be empty")
	errNoSecret     = invalidArgs("please provide bk_app_secret or bk_signature to verify app")
	errWrongSecret  = invalidArgs("bk_app_code or bk_app_secret is incorrect")
	errUserAuth     = invalidArgs("user authentication failed, please provide a valid user identity, such as bk_username, bk_token, access_token")
	errAccessToken  = invalidArgs("access_token is invalid, url: /api/v1/auth/access-tokens/verify, code: 403")
	errBadJSON      = invalidArgs("request header X-Bkapi-Authorization is not a valid JSON")
	errNoPermission = &gwError{403, 1640301, "APP_NO_PERMISSION", `App has no permission to the resource [reason="no permission, please apply for permission"]`}
	errPermExpired  = &gwError{403, 1640301, "APP_NO_PERMISSION", `App has no permission to the resource [reason="permission has expired, please renew the permission"]`}
)

func apiNotFound(method, path string) *gwError {
	return &gwError{404, 1640401, "API_NOT_FOUND", fmt.Sprintf("API not found [method=%q path=%q]", method, path)}
}

func (s *Sandbox) newRequestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func writeGatewayError(w http.ResponseWriter, e *gwError) {
	w.Header().Set("X-Bkapi-Error-Code", strconv.Itoa(e.code))
	w.Header().Set("X-Bkapi-Error-Message", e.message)
	writeJSON(w, e.status, map[string]any{"code": e.code, "code_name": e.codeName, "message": e.message, "result": false, "data": nil})
}

// identity is who the X-Bkapi-Authorization header proves the caller to be.
type identity struct {
	app  *App
	user string
}

// authenticate checks the header the way the data plane's bk-auth-verify plugins do.
func authenticate(r *http.Request, needApp, needUser bool) (identity, *gwError) {
	var id identity
	raw := r.Header.Get("X-Bkapi-Authorization")
	fields := map[string]any{}
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), &fields); err != nil {
			return id, errBadJSON
		}
	}
	str := func(k string) string { s, _ := fields[k].(string); return s }
	if at := str("access_token"); at != "" {
		if at != DemoAccessToken {
			return id, errAccessToken
		}
		id.app, id.user = &Apps[0], DemoUsername
		return id, nil
	}
	code, secret := str("bk_app_code"), str("bk_app_secret")
	if needApp {
		switch {
		case code == "":
			return id, errNoAppCode
		case len(code) > 32:
			return id, invalidArgs("app code cannot be longer than 32 characters")
		case secret == "":
			return id, errNoSecret
		case len(secret) > 128:
			return id, invalidArgs("app secret cannot be longer than 128 characters")
		}
		for i := range Apps {
			if Apps[i].Code == code && Apps[i].Secret == secret {
				id.app = &Apps[i]
			}
		}
		if id.app == nil {
			return id, errWrongSecret
		}
	}
	tok := str("bk_token")
	if tok == "" {
		tok = str("bk_ticket")
	}
	if tok == DemoBkToken {
		id.user = DemoUsername
	}
	if needUser && id.user == "" {
		return id, errUserAuth
	}
	return id, nil
}

// apigwResources are the bk-apigateway gateway's own APIs (O and I) with their auth flags.
var apigwResources = []struct {
	method, pattern, name string
	user                  bool
}{
	{"GET", "/api/v2/open/gateways/", "v2_open_list_gateways", false},
	{"GET", "/api/v2/open/gateways/{gateway_name}/resources/", "v2_open_list_resources", false},
	{"GET", "/api/v2/open/gateways/{gateway_name}/resources/{resource_name}/", "v2_open_get_resource", false},
	{"POST", "/api/v2/open/gateways/{gateway_name}/permissions/apply/", "v2_open_apply_permissions", false},
	{"GET", "/api/v2/open/tools/log/query_by_request_id/", "v2_open_query_log_by_request_id", false},
	{"GET", "/api/v2/open/mcp-servers/{rest:.*}", "v2_open_mcp_servers", false},
	{"POST", "/api/v2/open/mcp-servers/{rest:.*}", "v2_open_mcp_servers", false},
	{"GET", "/api/v2/inner/{rest:.*}", "v2_inner", false},
	{"POST", "/api/v2/inner/{rest:.*}", "v2_inner", false},
}

// serveGateway is surface C: /api/{gateway}/{stage}/{path}. bk-apigateway's own APIs (O, I) go
// through the same checks, as on a real data plane.
func (s *Sandbox) serveGateway(w http.ResponseWriter, r *http.Request, rest string) {
	start := time.Now()
	rid := s.newRequestID()
	w.Header().Set("X-Bkapi-Request-ID", rid)
	gwName, rest, _ := strings.Cut(rest, "/")
	stageName, path, _ := strings.Cut(rest, "/")
	path = "/" + path
	rec := &statusRecorder{ResponseWriter: w, status: 200}
	entry := map[string]any{"request_id": rid, "timestamp": start.Unix(), "stage": stageName, "method": r.Method,
		"http_host": r.Host, "http_path": r.URL.Path, "params": r.URL.RawQuery, "client_ip": "127.0.0.1"}
	defer func() {
		entry["status"] = rec.status
		entry["request_duration"] = time.Since(start).Milliseconds()
		s.addLog(rid, entry)
	}()
	fail := func(e *gwError) {
		entry["code_name"], entry["error"] = e.codeName, e.message
		writeGatewayError(rec, e)
	}
	if gwName == apigwGateway && stageName == "prod" && path == "/api/v2/open/.well-known/oauth-protected-resource" {
		s.serveProtectedResource(rec, r) // public: it is how a client finds where to log in
		return
	}
	if gwName == apigwGateway {
		if stageName != "prod" {
			fail(apiNotFound(r.Method, r.URL.Path))
			return
		}
		s.serveAPIGW(rec, r, path, entry, fail)
		return
	}
	g := s.byName[gwName]
	if g == nil || !hasStage(g, stageName) {
		fail(apiNotFound(r.Method, r.URL.Path))
		return
	}
	res, params := g.match(r.Method, path, stageName)
	if res == nil {
		fail(apiNotFound(r.Method, r.URL.Path))
		return
	}
	entry["resource_id"], entry["resource_name"] = res.ID, res.Name
	var id identity
	var oauth bool
	var gerr *gwError
	if pid, ok := r.Context().Value(proxyIdentity{}).(identity); ok && r.Context().Value(mcpProxyCall{}) != nil {
		id, oauth = pid, true // an MCP tool's call for a token's user
	} else {
		id, oauth, gerr = s.oauthAuthenticate(w, r, res.OAuthPublic, res.OAuthPersonal, fmt.Sprintf("gateway:%s/api:%s", gwName, res.Name))
	}
	if !oauth && gerr == nil {
		id, gerr = authenticate(r, res.AppReq, res.UserReq)
	}
	if gerr != nil {
		fail(gerr)
		return
	}
	if id.app != nil {
		entry["app_code"] = id.app.Code
	}
	// A token's app (public or personal) holds the permissions the gateway manages for it:
	// its audience was the check.
	if res.PermReq && !oauth && r.Context().Value(mcpProxyCall{}) == nil {
		status := ""
		if id.app != nil {
			s.mu.Lock()
			status, _, _ = s.permissionOf(id.app.Code, res)
			s.mu.Unlock()
		}
		switch status {
		case "owned":
		case "expired":
			fail(errPermExpired)
			return
		default:
			fail(errNoPermission)
			return
		}
	}
	switch res.Name {
	case "rate_limited": // as bk-rate-limit answers: the limit, what is left, when it resets
		w.Header().Set("X-Bkapi-RateLimit-Limit", "10")
		w.Header().Set("X-Bkapi-RateLimit-Remaining", "0")
		w.Header().Set("X-Bkapi-RateLimit-Reset", "42")
		fail(&gwError{429, 1642902, "RATE_LIMIT_RESTRICTION", "API rate limit exceeded by stage strategy"})
		return
	case "backend_timeout":
		fail(&gwError{504, 1650401, "REQUEST_BACKEND_TIMEOUT",
			`Request backend service timeout [upstream_error="upstream timed out (110: Connection timed out) while reading response header from upstream"]`})
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 10<<20))
	entry["body"] = string(body)
	entry["backend_scheme"], entry["backend_method"], entry["backend_host"] = "http", r.Method, "echo.backend.svc:8080"
	entry["backend_path"] = path
	if res.Name == "slow_echo" {
		secs, _ := strconv.ParseFloat(params["seconds"], 64)
		select {
		case <-time.After(time.Duration(secs * float64(time.Second))):
		case <-r.Context().Done():
			return
		}
	}
	bstart := time.Now()
	if res.AI {
		s.chat(rec, r, body, entry)
		return
	}
	s.echo(rec, r, res, params, id, body)
	entry["backend_duration"] = time.Since(bstart).Milliseconds()
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(c int) { s.status = c; s.ResponseWriter.WriteHeader(c) }

// Flush lets a streamed answer (an MCP server's SSE) through as it is written.
func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func hasStage(g *gateway, name string) bool {
	for _, st := range g.Stages {
		if st.Name == name {
			return true
		}
	}
	return false
}

func (g *gateway) match(method, path, stageName string) (*resource, map[string]string) {
	for _, res := range g.Resources {
		if !res.releasedIn(stageName) || (res.Method != method && res.Method != "ANY") {
			continue
		}
		if p, ok := res.matcher().match(path); ok {
			return res, p
		}
	}
	return nil, nil
}

// secretHeaders are never echoed back.
var secretHeaders = map[string]bool{"X-Bkapi-Authorization": true, "Cookie": true, "Authorization": true}

// echo is the backend every sandbox API reaches: it describes the request it got.
func (s *Sandbox) echo(w http.ResponseWriter, r *http.Request, res *resource, params map[string]string, id identity, body []byte) {
	headers := map[string]string{}
	for k, v := range r.Header {
		if !secretHeaders[http.CanonicalHeaderKey(k)] {
			headers[k] = strings.Join(v, ", ")
		}
	}
	q := map[string][]string{}
	for k, v := range r.URL.Query() {
		q[k] = v
	}
	out := map[string]any{
		"gateway": res.Gateway.Seed.name, "resource": res.Name, "method": r.Method, "path": r.URL.EscapedPath(),
		"path_params": params, "query": q, "headers": headers, "body": string(body),
	}
	if id.app != nil {
		out["app_code"] = id.app.Code
	}
	if id.user != "" {
		out["username"] = id.user
	}
	// The body as JSON, numbers with every digit they were sent with (no float64 rounding).
	if len(bytes.TrimSpace(body)) > 0 && json.Valid(body) {
		out["json"] = json.RawMessage(body)
	}
	if r.Method == http.MethodHead {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		return
	}
	writeJSON(w, 200, map[string]any{"result": true, "code": 0, "message": "OK", "data": out})
}

// addLog records a request for the open log API; it becomes visible after LogDelay.
func (s *Sandbox) addLog(rid string, entry map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// Wall-clock time: the log's indexing delay is real even when tests move the decision clock.
	s.logs[rid] = logEntry{at: time.Now(), entry: entry}
	s.logQ = append(s.logQ, rid)
	if len(s.logQ) > 10000 {
		delete(s.logs, s.logQ[0])
		s.logQ = s.logQ[1:]
	}
}

func (s *Sandbox) queryLog(rid string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	le, ok := s.logs[rid]
	if !ok || time.Since(le.at) < s.opts.LogDelay {
		return []map[string]any{}
	}
	full := map[string]any{}
	for _, k := range []string{"request_id", "timestamp", "stage", "resource_id", "resource_name", "app_code", "client_ip",
		"method", "http_host", "http_path", "params", "body", "backend_scheme", "backend_method", "backend_host",
		"backend_path", "response_body", "status", "request_duration", "backend_duration", "code_name", "error", "response_desc"} {
		full[k] = le.entry[k]
	}
	// As upstream's add_or_refine_fields (DASH/biz/access_log/, used by the open log API):
	// the response's origin in words, and a 200's body, which is not logged, said to be so.
	full["response_desc"] = "网关已请求后端接口，并将其响应原样返回。"
	if e, _ := full["error"].(string); e != "" {
		full["response_desc"] = "网关未请求或请求后端接口异常，响应内容由网关提供。"
	}
	if body, _ := full["response_body"].(string); full["status"] == 200 && body == "" {
		full["response_body"] = "当状态码为 200 时，不记录响应正文"
	}
	if s, ok := le.entry["llm_summary"]; ok {
		// An AI resource's call (1.24): token counts and times, never the prompt or the answer
		// (upstream's example: v2_open_tools_log_query_by_request_id.0.json).
		full["llm_summary"] = s
	}
	return []map[string]any{full}
}

// serveAPIGW serves the bk-apigateway gateway's own APIs after the data plane's checks.
func (s *Sandbox) serveAPIGW(w http.ResponseWriter, r *http.Request, path string, entry map[string]any, fail func(*gwError)) {
	if strings.HasPrefix(path, "/api/v2/mcp-servers/") {
		entry["resource_name"] = "mcp_proxy"
		s.serveMCPProxy(w, r, path)
		return
	}
	known := false
	for _, a := range apigwResources {
		if a.method == r.Method && (compilePath(a.pattern).re.MatchString(path) || strings.HasSuffix(a.pattern, "{rest:.*}") && strings.HasPrefix(path, strings.TrimSuffix(a.pattern, "{rest:.*}"))) {
			known = true
			entry["resource_name"] = a.name
			break
		}
	}
	if !known {
		fail(apiNotFound(r.Method, r.URL.Path))
		return
	}
	id, gerr := authenticate(r, true, false)
	if gerr != nil {
		fail(gerr)
		return
	}
	entry["app_code"] = id.app.Code
	switch {
	case strings.HasPrefix(path, "/api/v2/open/"):
		s.serveOpen(w, r, strings.TrimPrefix(path, "/api/v2/open/"), id)
	case strings.HasPrefix(path, "/api/v2/inner/"):
		if !id.app.InnerGranted {
			fail(errNoPermission)
			return
		}
		s.serveInner(w, r, strings.TrimPrefix(path, "/api/v2/inner/"), id)
	}
}

// sortedGatewayNames is used by O's list (by name).
func sortedByName(gs []*gateway) []*gateway {
	out := append([]*gateway{}, gs...)
	sort.Slice(out, func(i, j int) bool { return out[i].Seed.name < out[j].Seed.name })
	return out
}
