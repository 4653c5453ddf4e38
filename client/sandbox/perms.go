package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

var usernameRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]{1,30}[a-zA-Z0-9]$`) })

type application struct {
	app, applicant, reason, dimension string
	gateway                           *gateway
	ids                               []int
	days                              int
	en                                bool // the language of refusals
}

func ticketURL(host string, rec *record) string {
	return fmt.Sprintf("http://%s%s%d/", host, sandboxTicketBase, rec.TicketID)
}

// apply records an application; refuseOwned is O's rule (400 if already owned or pending):
// I creates another record while one is pending (DASH/apis/v2/inner/views.py).
func (s *Sandbox) apply(a application, refuseOwned bool, host string) (*record, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a.dimension == "api" && refuseOwned {
		// O checks first, with upstream's words; I and D create the record whatever the state.
		if ok, why := s.allowWholeGateway(a.app, a.gateway.Seed.name, a.en); !ok {
			return nil, why
		}
	}
	var pending, held []string
	for _, id := range a.ids {
		r := s.byID[id]
		if r == nil || r.Gateway != a.gateway || !r.Public || !r.PermReq {
			return nil, fmt.Sprintf("resource_ids: 资源 %d 不允许申请 / API %d does not take applications", id, id)
		}
		// I (and D through it) creates another record while one is pending; only O refuses, as
		// upstream's ResourcePermissionDimensionManager.allow_apply_permission does: a pending
		// application, or the API's own grant with 360 days or more left.
		if !refuseOwned {
			continue
		}
		if s.latestRecordStatus(a.app, r) == "pending" && !s.gatewayPending(a.app, r.Gateway.Seed.name) {
			pending = append(pending, r.Name)
		}
		if p, has := s.st.Perms[a.app][fmt.Sprint(r.ID)]; has && (p.Never || p.Expires.Sub(s.opts.Now()) >= 360*24*time.Hour) {
			held = append(held, r.Name)
		}
	}
	if len(pending) > 0 {
		names := strings.Join(pending, ", ")
		return nil, pick(a.en, "["+names+"] 资源权限申请中，请联系网关负责人审批。",
			"Resource permission for ["+names+"] is being applied for. Please contact the gateway administrator for approval.")
	}
	if len(held) > 0 {
		names := strings.Join(held, ", ")
		return nil, pick(a.en, "["+names+"] 资源权限已存在且未过期，无需重复申请。",
			"Resource permissions for ["+names+"] already exist and have not expired. No duplicate application is required.")
	}
	rec := &record{ID: s.st.NextRecordID, AppCode: a.app, Gateway: a.gateway.Seed.name, AppliedBy: a.applicant,
		AppliedTime: s.opts.Now(), Reason: a.reason, ExpireDays: a.days, Dimension: a.dimension, ResourceIDs: a.ids,
		Status: "pending", HandledBy: []string{"admin"}, Results: map[string]string{}}
	rec.TicketID = 20000 + rec.ID
	s.st.NextRecordID++
	s.st.Records = append(s.st.Records, rec)
	s.persist()
	return rec, ""
}

var statusDisplay = map[string][2]string{
	"pending": {"待审批", "Pending"}, "approved": {"通过", "Approved"},
	"partial_approved": {"部分通过", "Partially approved"}, "rejected": {"驳回", "Rejected"},
}

func (s *Sandbox) recordJSON(rec *record, en, dev bool, host string, detail bool) map[string]any {
	handledBy := rec.HandledBy
	if handledBy == nil {
		handledBy = []string{}
	}
	m := map[string]any{"id": rec.ID, "bk_app_code": rec.AppCode, "applied_by": rec.AppliedBy,
		"applied_time": fmtTime(rec.AppliedTime), "handled_by": handledBy, "handled_time": fmtTime(rec.HandledTime),
		"apply_status": rec.Status, "apply_status_display": pick(en, statusDisplay[rec.Status][0], statusDisplay[rec.Status][1]),
		"grant_dimension": rec.Dimension, "comment": rec.Comment, "reason": rec.Reason, "expire_days": rec.ExpireDays,
		"gateway_name": rec.Gateway}
	if !dev { // D's serializer drops the two itsm fields
		m["itsm_ticket_id"] = fmt.Sprint(rec.TicketID) // a string, as upstream's serializer sends it
		m["itsm_ticket_url"] = ticketURL(host, rec)
	}
	if detail {
		res := []map[string]any{}
		if rec.Dimension != "api" {
			for _, id := range rec.ResourceIDs {
				st := rec.Results[fmt.Sprint(id)]
				if rec.Status == "pending" || st == "" {
					st = "pending"
				}
				name := ""
				if r := s.byID[id]; r != nil {
					name = r.Name
				}
				res = append(res, map[string]any{"apply_status": st, "name": name})
			}
		}
		m["resources"] = res
	}
	return m
}

// permsAPI is what differs between I and D: how errors and successes are written.
type permsAPI struct {
	dev  bool
	app  string
	user string
	w    http.ResponseWriter
	r    *http.Request
}

func (p permsAPI) ok(status int, v any) {
	if p.dev {
		if v == nil {
			p.w.WriteHeader(200)
			return
		}
		writeJSON(p.w, 200, v)
		return
	}
	if v == nil {
		p.w.WriteHeader(http.StatusNoContent)
		return
	}
	dashData(p.w, status, v)
}

// refuse answers a refusal that comes from the gateway's inner API (a 400, 404 or 409 there).
// The Developer Center turns every such answer into a plain Django HTTP 500 page: its client
// raises an exception no handler maps (PAAS/accessories/cloudapi_v2/apigateway/clients.py).
func (p permsAPI) refuse(status int, field, msg string) {
	if p.dev {
		p.w.Header().Set("Content-Type", "text/html; charset=utf-8")
		p.w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(p.w, "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n")
		return
	}
	p.fail(status, field, msg)
}

func (p permsAPI) fail(status int, field, msg string) {
	if p.dev {
		code := "ERROR"
		var fd map[string][]string
		if status == 400 {
			code = "VALIDATION_ERROR"
			if field != "" {
				fd = map[string][]string{field: {msg}}
				msg = field + ": " + msg
			}
		} else if status == 404 {
			code = "NOT_FOUND"
		}
		writeJSON(p.w, status, map[string]any{"code": code, "detail": msg, "fields_detail": fd})
		return
	}
	code := map[int]string{400: "INVALID_ARGUMENT", 404: "NOT_FOUND", 403: "NO_PERMISSION", 409: "CONFLICT"}[status]
	if field != "" {
		msg = field + ": " + msg
	}
	dashError(p.w, status, code, msg, nil)
}

// serveInner is surface I: target_app_code in the query (GET) or JSON body (POST).
func (s *Sandbox) serveInner(w http.ResponseWriter, r *http.Request, path string, id identity) {
	p := permsAPI{w: w, r: r, user: id.user}
	var body map[string]any
	if r.Method == http.MethodPost {
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			p.fail(400, "", "JSON parse error")
			return
		}
		p.app, _ = body["target_app_code"].(string)
	} else {
		p.app = r.URL.Query().Get("target_app_code")
	}
	// The gateway list and detail ignore target_app_code (DASH/apis/v2/inner/views.py).
	gatewayRead := r.Method == http.MethodGet && (path == "gateways/" || path == "gateways" ||
		strings.Count(strings.Trim(path, "/"), "/") == 1 && !strings.HasPrefix(path, "gateways/permissions"))
	if p.app == "" && !gatewayRead {
		p.fail(400, "target_app_code", "该字段是必填项。")
		return
	}
	if p.user == "" {
		p.user = p.app
	}
	s.servePerms(p, path, body)
}

// serveDevCenter is surface D: the app code in the path, the bk_token cookie, CSRF on POST.
// devUnauthorized is D's 401: {"code": "Unauthorized", "detail", "login_url": {"full", "simple"}}.
func devUnauthorized(w http.ResponseWriter, r *http.Request) {
	login := "http://" + r.Host + "/login/"
	writeJSON(w, 401, map[string]any{"code": "Unauthorized", "detail": "用户未登录或登录态已失效 / Authentication credentials were not provided.",
		"login_url": map[string]any{"full": login + "?c_url=" + url.QueryEscape("http://"+r.Host+devCenterPrefix+"/"), "simple": login}})
}

// serveUserInfo is D's "who is logged in" (paasng/infras/accounts/views.py UserInfoViewSet).
func (s *Sandbox) serveUserInfo(w http.ResponseWriter, r *http.Request) {
	if !hasDemoToken(r) {
		devUnauthorized(w, r)
		return
	}
	tenant := "default"
	if s.opts.MultiTenant {
		tenant = DemoTenant
	}
	writeJSON(w, 200, map[string]any{"bkpaas_user_id": "0335cce79c92", "username": DemoUsername, "tenant_id": tenant,
		"display_name": DemoDisplayName, "chinese_name": DemoDisplayName, "avatar_url": "", "time_zone": "Asia/Shanghai",
		"personal_center_url": "http://" + r.Host + "/personal/"})
}

func (s *Sandbox) serveDevCenter(w http.ResponseWriter, r *http.Request, rest string) {
	app, path, _ := strings.Cut(rest, "/")
	if !hasDemoToken(r) {
		devUnauthorized(w, r)
		return
	}
	known := false
	for _, a := range Apps {
		known = known || a.Code == app
	}
	if !known {
		writeJSON(w, 403, map[string]any{"code": "ERROR", "detail": "您没有执行该操作的权限 / You do not have permission to perform this action."})
		return
	}
	if !strings.HasPrefix(path, "inner/") {
		writeJSON(w, 404, map[string]any{"code": "NOT_FOUND", "detail": "Not found."})
		return
	}
	p := permsAPI{dev: true, app: app, user: DemoUsername, w: w, r: r}
	var body map[string]any
	if r.Method == http.MethodPost {
		if msg := csrfFailure(r); msg != "" {
			writeJSON(w, 403, map[string]any{"code": "ERROR", "detail": "CSRF Failed: " + msg})
			return
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			p.fail(400, "", "JSON parse error")
			return
		}
		body["target_app_code"] = app
	}
	s.servePerms(p, strings.TrimPrefix(path, "inner/"), body)
}

// csrfFailure applies Django's check: cookie and header agree, and the origin is ours.
// csrfFailure is Django 5.2's CSRF check (django/middleware/csrf.py) as Django REST framework's
// SessionAuthentication runs it, in its order and with its words: the origin, then the cookie,
// then the header's token, its format, and whether it matches. "" means the request passes.
func csrfFailure(r *http.Request) string {
	if origin := r.Header.Get("Origin"); origin != "" {
		host := strings.TrimPrefix(strings.TrimPrefix(origin, "http://"), "https://")
		if host != r.Host {
			return "Origin checking failed - " + origin + " does not match any trusted origins."
		}
	}
	c, err := r.Cookie("bk_paas3_csrftoken")
	if err != nil || c.Value == "" {
		return "CSRF cookie not set."
	}
	if why := csrfFormat(c.Value); why != "" {
		return "CSRF cookie " + why + "."
	}
	token := r.Header.Get("X-CSRFToken")
	if token == "" {
		return "CSRF token missing."
	}
	const source = "the 'X-Csrftoken' HTTP header"
	if why := csrfFormat(token); why != "" {
		return "CSRF token from " + source + " " + why + "."
	}
	if csrfSecret(token) != csrfSecret(c.Value) {
		return "CSRF token from " + source + " incorrect."
	}
	return ""
}

const csrfChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// csrfFormat: a token is 32 characters (a secret) or 64 (a masked secret) of letters and digits.
func csrfFormat(t string) string {
	if len(t) != 32 && len(t) != 64 {
		return "has incorrect length"
	}
	for _, ch := range t {
		if !strings.ContainsRune(csrfChars, ch) {
			return "has invalid characters"
		}
	}
	return ""
}

// csrfSecret unmasks a 64-character token (its first half is the mask); a 32-character one is the
// secret itself.
func csrfSecret(t string) string {
	if len(t) != 64 {
		return t
	}
	n := len(csrfChars)
	out := make([]byte, 32)
	for i := 0; i < 32; i++ {
		m, c := strings.IndexByte(csrfChars, t[i]), strings.IndexByte(csrfChars, t[32+i])
		out[i] = csrfChars[((c-m)%n+n)%n]
	}
	return string(out)
}

func intList(v any) ([]int, bool) {
	arr, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]int, 0, len(arr))
	for _, x := range arr {
		f, ok := x.(float64)
		if !ok {
			return nil, false
		}
		out = append(out, int(f))
	}
	return out, true
}

func (s *Sandbox) servePerms(p permsAPI, path string, body map[string]any) {
	if strings.HasPrefix(strings.TrimPrefix(path, "/"), "mcp-server") {
		s.serveMCPPerms(p, path, body)
		return
	}
	if rest, ok := strings.CutPrefix(strings.TrimPrefix(path, "/"), "esb/systems"); ok {
		if s.opts.MultiTenant {
			// No ESB on a multi-tenant installation: the route does not exist (I: the gateway's
			// API_NOT_FOUND; D: Django's 404 page).
			if p.dev {
				p.w.Header().Set("Content-Type", "text/html; charset=utf-8")
				p.w.WriteHeader(http.StatusNotFound)
				io.WriteString(p.w, "<h1>Not Found</h1><p>The requested resource was not found on this server.</p>")
				return
			}
			writeGatewayError(p.w, apiNotFound(p.r.Method, p.r.URL.Path))
			return
		}
		s.serveESB(p, strings.TrimPrefix(rest, "/"), body)
		return
	}
	r := p.r
	en := isEnglish(r)
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) == 0 || parts[0] != "gateways" {
		p.fail(404, "", "not found")
		return
	}
	get := r.Method == http.MethodGet
	post := r.Method == http.MethodPost
	// Operations across gateways come first: "permissions" is not a gateway name.
	if len(parts) >= 2 && parts[1] == "permissions" {
		switch {
		case post && len(parts) == 3 && parts[2] == "renew":
			s.renew(p, body)
		case get && len(parts) == 3 && parts[2] == "app-permissions":
			s.mu.Lock()
			var rows []*resource
			for _, g := range s.gateways {
				for _, res := range g.Resources {
					if res.PermReq {
						if s.hasPermission(p.app, res) {
							rows = append(rows, res)
						}
					}
				}
			}
			sort.SliceStable(rows, func(i, j int) bool {
				if rows[i].Gateway.Seed.name != rows[j].Gateway.Seed.name {
					return rows[i].Gateway.Seed.name < rows[j].Gateway.Seed.name
				}
				return rows[i].Name < rows[j].Name
			})
			out := []map[string]any{}
			for _, res := range rows {
				out = append(out, s.permJSON(p.app, res, r.Host))
			}
			s.mu.Unlock()
			p.ok(200, out)
		case get && len(parts) == 3 && parts[2] == "apply-records":
			s.listRecords(p, en)
		case get && len(parts) == 4 && parts[2] == "apply-records":
			id, _ := strconv.Atoi(parts[3])
			s.mu.Lock()
			defer s.mu.Unlock()
			for _, rec := range s.st.Records {
				if rec.ID == id && rec.AppCode == p.app {
					p.ok(200, s.recordJSON(rec, en, p.dev, r.Host, true))
					return
				}
			}
			p.refuse(404, "", "申请记录不存在 / record not found")
		default:
			p.fail(404, "", "not found")
		}
		return
	}
	if len(parts) == 1 && get {
		p.ok(200, s.filterGateways(r, p.dev, !p.dev))
		return
	}
	g := s.byName[parts[1]]
	if g == nil || g.Seed.plugin {
		p.refuse(404, "", "网关不存在 / gateway not found")
		return
	}
	rest := strings.Join(parts[2:], "/")
	allowPath, applyPath := "permissions/app-permissions/allow-apply-by-gateway", "permissions/app-permissions/apply"
	if p.dev {
		allowPath, applyPath = "permissions/allow-apply-by-gateway", "permissions/apply"
	}
	switch {
	case get && rest == "":
		p.ok(200, s.listGatewayRow(g, en, !p.dev))
	case get && rest == "permissions/resources":
		s.mu.Lock()
		var rows []*resource
		for _, res := range g.Resources {
			if res.Public {
				rows = append(rows, res)
			}
		}
		sortPerms(rows)
		out := []map[string]any{}
		for _, res := range rows {
			out = append(out, s.permJSON(p.app, res, r.Host))
		}
		s.mu.Unlock()
		p.ok(200, out)
	case get && rest == allowPath:
		s.mu.Lock()
		ok, why := s.allowWholeGateway(p.app, g.Seed.name, en)
		s.mu.Unlock()
		p.ok(200, map[string]any{"allow_apply_by_gateway": ok, "reason": why})
	case post && rest == applyPath:
		s.permsApply(p, g, body)
	default:
		p.fail(404, "", "not found")
	}
}

func (s *Sandbox) permsApply(p permsAPI, g *gateway, body map[string]any) {
	reason, _ := body["reason"].(string)
	if len([]rune(reason)) > 512 {
		p.fail(400, "reason", "请确保这个字段不超过 512 个字符。")
		return
	}
	days := 180
	if v, ok := body["expire_days"]; ok {
		f, isNum := v.(float64)
		if !isNum {
			p.fail(400, "expire_days", "请填写合法的整数值。")
			return
		}
		days = int(f)
	} else if p.dev {
		p.fail(400, "expire_days", "该字段是必填项。")
		return
	}
	if days != 0 && days != 180 && days != 360 {
		p.fail(400, "expire_days", fmt.Sprintf("“%d” 不是合法选项。", days))
		return
	}
	ids, ok := intList(body["resource_ids"])
	if !ok {
		p.fail(400, "resource_ids", "该字段是必填项。")
		return
	}
	dim, _ := body["grant_dimension"].(string)
	switch {
	case dim == "api" && len(ids) != 0:
		p.fail(400, "resource_ids", "按网关申请时 resource_ids 须为空 / must be empty for grant_dimension api")
		return
	case dim == "resource" && len(ids) == 0:
		p.fail(400, "resource_ids", "该字段不能为空。")
		return
	case dim != "api" && dim != "resource":
		p.fail(400, "grant_dimension", "请选择合法的选项 api, resource。")
		return
	}
	rec, msg := s.apply(application{app: p.app, applicant: p.user, reason: reason, dimension: dim, gateway: g, ids: ids, days: days, en: isEnglish(p.r)}, false, p.r.Host)
	if msg != "" {
		p.refuse(400, "", msg)
		return
	}
	if p.dev {
		p.ok(200, map[string]any{"record_id": rec.ID})
		return
	}
	p.ok(201, map[string]any{"record_id": rec.ID, "itsm_ticket_id": fmt.Sprint(rec.TicketID), "itsm_ticket_url": ticketURL(p.r.Host, rec)})
}

// renew sets each owned permission to max(old expiry, now) + expire_days (0: never expires).
func (s *Sandbox) renew(p permsAPI, body map[string]any) {
	ids, ok := intList(body["resource_ids"])
	if !ok || len(ids) < 1 || len(ids) > 100 {
		p.fail(400, "resource_ids", "须为 1 到 100 个资源 ID / 1 to 100 resource ids")
		return
	}
	f, isNum := body["expire_days"].(float64)
	if !isNum || (f != 0 && f != 180 && f != 360) {
		p.fail(400, "expire_days", "该字段是必填项，取值 0、180 或 360。")
		return
	}
	s.mu.Lock()
	now := s.opts.Now()
	for _, id := range ids {
		key := fmt.Sprint(id)
		perm, has := s.st.Perms[p.app][key]
		// Upstream first copies the gateway's grant into the API's own where that is later
		// (sync_from_gateway_permission), then renews the API's grant.
		if r := s.byID[id]; r != nil {
			if gp, hasG := s.st.GatewayPerms[p.app][r.Gateway.Seed.name]; hasG && (!has || gp.Never || !perm.Never && gp.Expires.After(perm.Expires)) {
				perm, has = gp, true
				setPermission(&s.st.Perms, p.app, key, perm)
			}
		}
		if has {
			s.st.Perms[p.app][key] = perm.renewed(int(f), now)
		}
	}
	s.persist()
	s.mu.Unlock()
	p.ok(204, nil)
}

func (s *Sandbox) listRecords(p permsAPI, en bool) {
	q := p.r.URL.Query()
	var start, end int64
	if q.Get("applied_time_start") != "" || q.Get("applied_time_end") != "" {
		var e1, e2 error
		start, e1 = strconv.ParseInt(q.Get("applied_time_start"), 10, 64)
		end, e2 = strconv.ParseInt(q.Get("applied_time_end"), 10, 64)
		if e1 != nil || e2 != nil {
			p.fail(400, "applied_time_start", "applied_time_start 与 applied_time_end 须同时提供 / give both")
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rows := []map[string]any{}
	for i := len(s.st.Records) - 1; i >= 0; i-- {
		rec := s.st.Records[i]
		if rec.AppCode != p.app ||
			(q.Get("applied_by") != "" && rec.AppliedBy != q.Get("applied_by")) ||
			(q.Get("apply_status") != "" && rec.Status != q.Get("apply_status")) ||
			(q.Get("query") != "" && !strings.Contains(rec.Gateway, q.Get("query"))) ||
			(end > 0 && (rec.AppliedTime.Unix() < start || rec.AppliedTime.Unix() > end)) {
			continue
		}
		rows = append(rows, s.recordJSON(rec, en, p.dev, p.r.Host, false))
	}
	p.ok(200, paginate(p.r, rows))
}
