package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// MCP servers (spec section M): a few of the seed gateways publish a stage's resources as MCP
// servers. D, I and O list them with upstream's shapes; applications are decided after
// DecideAfter; the servers themselves speak MCP with the official Go SDK at the proxy's paths,
// check X-Bkapi-Authorization and the app's MCP permission, and each tool calls the sandbox's own
// gateway resource and returns its answer.

type mcpSeed struct {
	id                  int
	gateway, stage, key string
	title, descZh, desc string
	protocol            string // sse or streamable_http
	tools               []string
	official            bool
	category            string
	prompts             []mcpPromptSeed
	customDoc           string
	// OAuth2 (gateway 1.24): the user routes accept public-client and personal tokens.
	publicClient, personalClient bool
}

type mcpPromptSeed struct {
	name, code, zh, en string
	public             bool
}

var mcpSeeds = []mcpSeed{
	{1, "demo-echo", "prod", "echo", "Echo tools", "回显接口：把请求原样返回，用来检查凭证与权限", "Echo APIs: the request comes back as sent, to check credentials and permissions",
		"sse", []string{"echo_get", "echo_post", "echo_item"}, false, "devops", nil, "", false, false},
	{2, "bk-user", "prod", "directory", "User directory", "查询租户用户与部门", "Look up a tenant's users and departments",
		"streamable_http", []string{"list_users", "retrieve_user", "get_current_user"}, true, "basic",
		[]mcpPromptSeed{
			{"Find a colleague", "find_colleague", "根据姓名查找同事，并列出其部门。", "Find a colleague by name and list their department.", true},
			{"Audit export", "audit_export", "", "", false},
		}, "## Usage\n\nAsk for a user by name; the tools answer in the tenant of the caller.", false, false},
	// Gateway 1.24: a server whose user route takes OAuth2 tokens, public-client logins and
	// personal tokens both (the others take neither).
	{3, "demo-echo", "prod", "oauth", "Echo tools (OAuth)", "回显接口：支持 OAuth 登录与个人令牌", "Echo APIs that take OAuth logins and personal tokens",
		"streamable_http", []string{"echo_get", "echo_post"}, false, "devops", nil, "", true, true},
	// The other two combinations: public-client logins only, personal tokens only.
	{4, "bk-user", "prod", "login", "User directory (OAuth login)", "用户目录：仅支持 OAuth 登录", "A user directory that takes OAuth logins only",
		"streamable_http", []string{"list_users", "get_current_user"}, true, "basic", nil, "", true, false},
	{5, "bk-user", "prod", "tokens", "User directory (personal tokens)", "用户目录：仅支持个人令牌", "A user directory that takes personal tokens only",
		"streamable_http", []string{"list_users", "get_current_user"}, true, "basic", nil, "", false, true},
}

// mcpRecord is an MCP application: one record per server applied for.
type mcpRecord struct {
	ID          int       `json:"id"`
	App         string    `json:"app"`
	ServerID    int       `json:"server_id"`
	AppliedBy   string    `json:"applied_by"`
	AppliedTime time.Time `json:"applied_time"`
	HandledTime time.Time `json:"handled_time"`
	Status      string    `json:"status"`
	Reason      string    `json:"reason"`
	Comment     string    `json:"comment"`
}

// mcpOpenRecordJSON is a record as O's latest-record list sends it: status and status_display
// rather than apply_status, handled_by a string, the server inline.
func (s *Sandbox) mcpOpenRecordJSON(host string, rec *mcpRecord, app string, m mcpSeed, en bool) map[string]any {
	handled := ""
	if rec.Status != "pending" {
		handled = "admin"
	}
	return map[string]any{"id": rec.ID, "bk_app_code": app, "applied_by": rec.AppliedBy, "applied_time": fmtTime(rec.AppliedTime),
		"handled_by": handled, "handled_time": fmtTime(rec.HandledTime), "status": rec.Status,
		"status_display": pick(en, statusDisplay[rec.Status][0], statusDisplay[rec.Status][1]), "comment": rec.Comment,
		"reason": rec.Reason, "expire_days": 0, "itsm_ticket_id": strconv.Itoa(30000 + rec.ID),
		"approval_url": s.mcpApprovalURL(host, rec), "mcp_server": s.mcpBrief(host, m, false, en)}
}

// mcpPrompts are the prompts a server offers (O's detail, 1.22+); a private prompt's content is
// left empty, as upstream's serializer does.
func mcpPrompts(m mcpSeed, en bool) []map[string]any {
	out := []map[string]any{}
	for i, p := range m.prompts {
		content := pick(en, p.zh, p.en)
		if !p.public {
			content = ""
		}
		out = append(out, map[string]any{"id": m.id*10 + i + 1, "name": p.name, "code": p.code, "content": content,
			"updated_time": "2026-01-10 10:00:00", "updated_by": "admin", "labels": []string{}, "is_public": p.public,
			"space_code": "bk", "space_name": "BlueKing"})
	}
	return out
}

func (m mcpSeed) name() string { return m.gateway + "-" + m.stage + "-" + m.key }

// needsUser: a server whose tools need a user is reached without /application/.
func (s *Sandbox) mcpNeedsUser(m mcpSeed) bool {
	g := s.byName[m.gateway]
	for _, t := range m.tools {
		if r := g.byName[t]; r != nil && r.UserReq {
			return true
		}
	}
	return false
}

func (s *Sandbox) mcpURL(host string, m mcpSeed) string {
	kind := "mcp"
	if m.protocol == "sse" {
		kind = "sse"
	}
	base := fmt.Sprintf("http://%s%s%s/prod/api/v2/mcp-servers/%s/", host, apiPrefix, apigwGateway, m.name())
	if !s.mcpNeedsUser(m) {
		return base + "application/" + kind + "/"
	}
	return base + kind + "/"
}

// toolsCount is an MCP server's tools_count as I and D send it: a string on the release branches
// (a CharField in apis/v2/inner/serializers.py), a number on master.
func (s *Sandbox) toolsCount(m mcpSeed) any {
	if s.master() {
		return len(m.tools)
	}
	return strconv.Itoa(len(m.tools))
}

// mcpInnerBrief is the brief form I and D send (D passes I's answer through).
func (s *Sandbox) mcpInnerBrief(host string, m mcpSeed, en bool) map[string]any {
	out := s.mcpBrief(host, m, false, en)
	out["tools_count"] = s.toolsCount(m)
	return out
}

func (s *Sandbox) mcpBrief(host string, m mcpSeed, full, en bool) map[string]any {
	out := map[string]any{"id": m.id, "name": m.name(), "title": m.title, "description": pick(en, m.descZh, m.desc), "tools_count": len(m.tools),
		"tool_names": m.tools, "protocol_type": m.protocol, "url": s.mcpURL(host, m),
		"doc_link":   fmt.Sprintf("http://%s%s/mcp-market/%d", host, helpCenterPrefix, m.id),
		"categories": []map[string]any{{"name": m.category, "display_name": m.category}}, "is_official": m.official,
		"oauth2_public_client_enabled": m.publicClient, "oauth2_personal_client_enabled": m.personalClient}
	if full {
		g := s.byName[m.gateway]
		out["is_public"], out["labels"], out["resource_names"], out["status"] = true, []string{}, m.tools, 1
		out["stage"] = map[string]any{"id": 0, "name": m.stage}
		out["gateway"] = map[string]any{"id": g.ID, "name": g.Seed.name, "maintainers": g.Seed.maintainers, "is_official": m.official}
		out["prompts_count"], out["updated_time"], out["created_time"] = 0, "2026-01-10 10:00:00", "2026-01-10 10:00:00"
	}
	return out
}

func (s *Sandbox) mcpByID(id int) (mcpSeed, bool) {
	for _, m := range mcpSeeds {
		if m.id == id {
			return m, true
		}
	}
	return mcpSeed{}, false
}

func (s *Sandbox) mcpByName(name string) (mcpSeed, bool) {
	for _, m := range mcpSeeds {
		if m.name() == name {
			return m, true
		}
	}
	return mcpSeed{}, false
}

// settleMCP decides waiting applications (called with mu held, by settle).
func (s *Sandbox) settleMCP(now time.Time) bool {
	changed := false
	for _, r := range s.st.MCPRecords {
		if !s.due(r.Status, r.AppliedTime, now) {
			continue
		}
		r.Status, r.HandledTime, r.Comment, changed = "approved", r.AppliedTime.Add(s.opts.DecideAfter), approvedComment, true
		if s.st.MCPPerms == nil {
			s.st.MCPPerms = map[string]map[string]bool{}
		}
		if s.st.MCPPerms[r.App] == nil {
			s.st.MCPPerms[r.App] = map[string]bool{}
		}
		s.st.MCPPerms[r.App][strconv.Itoa(r.ServerID)] = true
	}
	return changed
}

func (s *Sandbox) mcpLatest(app string, id int) *mcpRecord {
	for i := len(s.st.MCPRecords) - 1; i >= 0; i-- {
		if r := s.st.MCPRecords[i]; r.App == app && r.ServerID == id {
			return r
		}
	}
	return nil
}

// mcpPermission is upstream's {status, action, expires_in, handled_by, approval_url}.
func (s *Sandbox) mcpPermission(host, app string, m mcpSeed) map[string]any {
	status, action, url := "need_apply", "apply", ""
	handled := []string{}
	if s.st.MCPPerms[app][strconv.Itoa(m.id)] {
		status, action = "owned", ""
	} else if r := s.mcpLatest(app, m.id); r != nil {
		status = r.Status
		if status != "rejected" {
			action = ""
		}
		url = s.mcpApprovalURL(host, r)
		if r.Status == "pending" {
			handled = []string{"admin"}
		}
	}
	return map[string]any{"status": status, "action": action, "expires_in": nil, "handled_by": handled, "approval_url": url}
}

func (s *Sandbox) mcpApprovalURL(host string, r *mcpRecord) string {
	return fmt.Sprintf("http://%s%s%d/", host, sandboxTicketBase, 30000+r.ID)
}

func (s *Sandbox) mcpRecordJSON(host string, r *mcpRecord, en bool) map[string]any {
	handled := []string{}
	if r.Status != "pending" {
		handled = []string{"admin"}
	}
	return map[string]any{"id": r.ID, "applied_by": r.AppliedBy, "applied_time": fmtTime(r.AppliedTime), "handled_by": handled,
		"handled_time": fmtTime(r.HandledTime), "apply_status": r.Status, "apply_status_display": pick(en, statusDisplay[r.Status][0], statusDisplay[r.Status][1]),
		"comment": r.Comment, "reason": r.Reason, "expire_days": 0, "itsm_ticket_id": strconv.Itoa(30000 + r.ID), "approval_url": s.mcpApprovalURL(host, r)}
}

// mcpApply records one application per server. A server with a pending or approved application
// (or already granted) is refused: 409 on I, an HTML 500 through D, 400 on O.
func (s *Sandbox) mcpApply(app, by, reason string, ids []int) ([]*mcpRecord, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		if _, ok := s.mcpByID(id); !ok {
			return nil, fmt.Sprintf("MCP Server %d 不存在或未启用 / MCP server %d does not exist or is not active", id, id)
		}
		if s.st.MCPPerms[app][strconv.Itoa(id)] {
			return nil, fmt.Sprintf("应用已拥有 MCP Server %d 的权限 / the app already holds MCP server %d", id, id)
		}
		if r := s.mcpLatest(app, id); r != nil && (r.Status == "pending" || r.Status == "approved") {
			return nil, fmt.Sprintf("MCP Server %d 已存在待审批或已通过的申请 / MCP server %d has a pending or approved application", id, id)
		}
	}
	var out []*mcpRecord
	for _, id := range ids {
		r := &mcpRecord{ID: s.st.NextRecordID, App: app, ServerID: id, AppliedBy: by, AppliedTime: s.opts.Now(), Status: "pending", Reason: reason}
		s.st.NextRecordID++
		s.st.MCPRecords = append(s.st.MCPRecords, r)
		out = append(out, r)
	}
	s.persist()
	return out, ""
}

func intsOf(v any) ([]int, bool) {
	arr, ok := v.([]any)
	if !ok {
		return nil, false
	}
	var out []int
	for _, x := range arr {
		f, ok := x.(float64)
		if !ok || f != float64(int(f)) {
			return nil, false
		}
		out = append(out, int(f))
	}
	return out, true
}

// serveMCPPerms is D's and I's MCP routes (path after the surface's prefix).
func (s *Sandbox) serveMCPPerms(p permsAPI, path string, body map[string]any) {
	r := p.r
	en := isEnglish(r)
	get, post := r.Method == http.MethodGet, r.Method == http.MethodPost
	prefix := "mcp-server/permissions/"
	list := "mcp-server/permissions/"
	if p.dev {
		prefix, list = "mcp-servers/permissions/", "mcp-servers/"
	}
	path = strings.TrimPrefix(path, "/")
	rest := strings.TrimPrefix(path, prefix)
	switch {
	case get && path == list:
		kw := strings.ToLower(r.URL.Query().Get("keyword"))
		s.mu.Lock()
		out := []map[string]any{}
		for _, m := range mcpSeeds {
			if kw == "" || strings.Contains(strings.ToLower(m.name()+" "+m.title+" "+m.descZh), kw) {
				out = append(out, map[string]any{"mcp_server": s.mcpInnerBrief(r.Host, m, en), "permission": s.mcpPermission(r.Host, p.app, m)})
			}
		}
		s.mu.Unlock()
		p.ok(200, out)
	case get && (!p.dev && rest == "app-permissions/" || p.dev && path == "mcp-servers/permissions/"):
		s.mu.Lock()
		out := []map[string]any{}
		for _, m := range mcpSeeds {
			if s.st.MCPPerms[p.app][strconv.Itoa(m.id)] {
				out = append(out, map[string]any{"mcp_server": s.mcpInnerBrief(r.Host, m, en), "permission": s.mcpPermission(r.Host, p.app, m)})
			}
		}
		s.mu.Unlock()
		p.ok(200, out)
	case post && rest == "apply/":
		ids, ok := intsOf(body["mcp_server_ids"])
		by, _ := body["applied_by"].(string)
		reason, _ := body["reason"].(string)
		switch {
		case !ok || len(ids) < 1 || len(ids) > 50:
			p.fail(400, "mcp_server_ids", "须为 1 到 50 个 MCP Server ID / 1 to 50 MCP server ids")
			return
		case by == "":
			p.fail(400, "applied_by", "该字段是必填项。")
			return
		case strings.TrimSpace(reason) == "":
			p.fail(400, "reason", "该字段不能为空。")
			return
		}
		recs, msg := s.mcpApply(p.app, by, reason, ids)
		if msg != "" {
			p.refuse(409, "", msg)
			return
		}
		if p.dev {
			p.w.WriteHeader(http.StatusNoContent) // D: 204, no body
			return
		}
		out := []map[string]any{}
		for _, rec := range recs {
			out = append(out, map[string]any{"record_id": rec.ID, "bk_app_code": p.app, "mcp_server_id": rec.ServerID,
				"itsm_ticket_id": strconv.Itoa(30000 + rec.ID), "approval_url": s.mcpApprovalURL(r.Host, rec)})
		}
		p.ok(200, out)
	case get && rest == "apply-records/":
		q := r.URL.Query()
		s.mu.Lock()
		out := []map[string]any{}
		for i := len(s.st.MCPRecords) - 1; i >= 0; i-- {
			rec := s.st.MCPRecords[i]
			m, _ := s.mcpByID(rec.ServerID)
			if rec.App != p.app || q.Get("apply_status") != "" && rec.Status != q.Get("apply_status") ||
				q.Get("query") != "" && !strings.Contains(m.name(), q.Get("query")) {
				continue
			}
			out = append(out, map[string]any{"mcp_server": s.mcpInnerBrief(r.Host, m, en), "record": s.mcpRecordJSON(r.Host, rec, en)})
		}
		s.mu.Unlock()
		p.ok(200, out)
	case get && !p.dev && strings.HasPrefix(rest, "apply-records/"):
		id, _ := strconv.Atoi(strings.Trim(strings.TrimPrefix(rest, "apply-records/"), "/"))
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, rec := range s.st.MCPRecords {
			if rec.ID == id && rec.App == p.app {
				m, _ := s.mcpByID(rec.ServerID)
				p.ok(200, map[string]any{"mcp_server": s.mcpInnerBrief(r.Host, m, en), "record": s.mcpRecordJSON(r.Host, rec, en)})
				return
			}
		}
		p.refuse(404, "", "申请记录不存在 / record not found")
	default:
		p.fail(404, "", "not found")
	}
}

// serveMCPOpen is O's MCP routes (path after /api/v2/open/).
func (s *Sandbox) serveMCPOpen(w http.ResponseWriter, r *http.Request, path string, id identity) {
	en := isEnglish(r)
	q := r.URL.Query()
	path = strings.Trim(path, "/")
	page := func(items []map[string]any) {
		offset, _ := strconv.Atoi(q.Get("offset"))
		limit, _ := strconv.Atoi(q.Get("limit"))
		if limit <= 0 || limit > 100 {
			limit = 20
		}
		total := len(items)
		if offset > total {
			offset = total
		}
		end := min(total, offset+limit)
		dashData(w, 200, map[string]any{"count": total, "results": items[offset:end]})
	}
	switch {
	case r.Method == http.MethodGet && path == "mcp-servers":
		kw := strings.ToLower(q.Get("keyword"))
		var out []map[string]any
		for _, m := range mcpSeeds {
			if (kw == "" || strings.Contains(strings.ToLower(m.name()+" "+m.title+" "+m.descZh), kw)) && (q.Get("category") == "" || q.Get("category") == m.category) {
				row := s.mcpBrief(r.Host, m, true, en)
				row["detail_url"] = fmt.Sprintf("http://%s%s/mcp-market/%d", r.Host, helpCenterPrefix, m.id)
				row["created_by"], row["updated_by"] = "admin", "admin"
				out = append(out, row)
			}
		}
		page(out)
	case r.Method == http.MethodGet && path == "mcp-servers/permissions":
		app := q.Get("bk_app_code")
		s.mu.Lock()
		var out []map[string]any
		for _, m := range mcpSeeds {
			if s.st.MCPPerms[app][strconv.Itoa(m.id)] {
				out = append(out, map[string]any{"id": m.id, "bk_app_code": app, "expires": nil, "grant_type": "apply", "mcp_server": s.mcpBrief(r.Host, m, false, en)})
			}
		}
		s.mu.Unlock()
		page(out)
	case r.Method == http.MethodGet && path == "mcp-servers/permissions/apply-records":
		app := q.Get("bk_app_code")
		s.mu.Lock()
		var out []map[string]any
		for _, m := range mcpSeeds {
			if rec := s.mcpLatest(app, m.id); rec != nil {
				out = append(out, s.mcpOpenRecordJSON(r.Host, rec, app, m, en))
			}
		}
		s.mu.Unlock()
		sort.SliceStable(out, func(i, j int) bool { return out[i]["id"].(int) > out[j]["id"].(int) })
		if !s.master() {
			if out == nil {
				out = []map[string]any{}
			}
			dashData(w, 200, out) // the release branches send a bare list
			return
		}
		page(out)
	case r.Method == http.MethodPost && path == "mcp-servers/permissions/apply":
		var in struct {
			App       string `json:"bk_app_code"`
			IDs       []int  `json:"mcp_server_ids"`
			AppliedBy string `json:"applied_by"`
			Reason    string `json:"reason"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			dashError(w, 400, "INVALID_ARGUMENT", "JSON parse error", nil)
			return
		}
		switch {
		case in.App != id.app.Code:
			dashError(w, 400, "INVALID_ARGUMENT", "bk_app_code: 只能为当前应用申请 / only for the calling app", nil)
			return
		case len(in.IDs) < 1 || len(in.IDs) > 50 || in.AppliedBy == "" || strings.TrimSpace(in.Reason) == "":
			dashError(w, 400, "INVALID_ARGUMENT", "mcp_server_ids, applied_by, reason: 该字段是必填项。", nil)
			return
		}
		recs, msg := s.mcpApply(in.App, in.AppliedBy, in.Reason, in.IDs)
		if msg != "" {
			dashError(w, 400, "INVALID_ARGUMENT", msg, nil)
			return
		}
		out := []map[string]any{}
		for _, rec := range recs {
			out = append(out, map[string]any{"record_id": rec.ID, "bk_app_code": in.App, "mcp_server_id": rec.ServerID,
				"itsm_ticket_id": strconv.Itoa(30000 + rec.ID), "approval_url": s.mcpApprovalURL(r.Host, rec)})
		}
		dashData(w, 200, out)
	case r.Method == http.MethodGet && strings.HasPrefix(path, "mcp-servers/"):
		n, err := strconv.Atoi(strings.TrimPrefix(path, "mcp-servers/"))
		m, ok := s.mcpByID(n)
		if err != nil || !ok {
			dashError(w, 404, "NOT_FOUND", "MCP server not found", nil)
			return
		}
		out := s.mcpBrief(r.Host, m, true, en)
		var tools []map[string]any
		g := s.byName[m.gateway]
		for i, t := range m.tools {
			res := g.byName[t]
			tools = append(tools, map[string]any{"id": res.ID, "name": res.Name, "tool_name": res.Name, "description": pick(en, res.DescZh, res.DescEn),
				"method": res.Method, "path": res.Path, "schema": toolSchema(res), "verified_user_required": res.UserReq,
				"verified_app_required": res.AppReq, "resource_perm_required": res.PermReq, "allow_apply_permission": true, "labels": []string{}, "index": i})
		}
		out["tools"], out["guideline"] = tools, "# "+m.title+"\n\n"+pick(en, m.descZh, m.desc)
		out["maintainers"], out["prompts"], out["user_custom_doc"] = s.byName[m.gateway].Seed.maintainers, mcpPrompts(m, en), m.customDoc
		dashData(w, 200, out)
	default:
		dashError(w, 404, "NOT_FOUND", "not found", nil)
	}
}

// toolSchema is a tool's input schema as the MCP proxy builds it from the resource's OpenAPI
// operation (upstream src/mcp-proxy/pkg/infra/proxy/converter.go): up to four object properties,
// path_param (required when the path has parameters), query_param, header_param and body_param.
func toolSchema(r *resource) map[string]any {
	op := schemaOf(r, true)
	groups := map[string]map[string]any{}
	required := map[string][]string{}
	params, _ := op["parameters"].([]any)
	for _, x := range params {
		p := x.(map[string]any)
		in, name := p["in"].(string), p["name"].(string)
		key := map[string]string{"path": "path_param", "query": "query_param", "header": "header_param"}[in]
		if key == "" {
			continue
		}
		if groups[key] == nil {
			groups[key] = map[string]any{}
		}
		prop := map[string]any{}
		for k, v := range p["schema"].(map[string]any) {
			prop[k] = v
		}
		prop["description"] = p["description"]
		groups[key][name] = prop
		if req, _ := p["required"].(bool); req || in == "path" {
			required[key] = append(required[key], name)
		}
	}
	props := map[string]any{}
	var top []string
	for _, key := range []string{"header_param", "query_param", "path_param"} {
		if len(groups[key]) == 0 {
			continue
		}
		g := map[string]any{"type": "object", "description": proxyParamDescriptions[key], "properties": groups[key]}
		if len(required[key]) > 0 {
			g["required"] = required[key]
			top = append(top, key)
		}
		props[key] = g
	}
	if body, ok := op["requestBody"].(map[string]any); ok {
		schema := body["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
		b := map[string]any{"description": proxyParamDescriptions["body_param"]}
		for k, v := range schema {
			b[k] = v
		}
		props["body_param"] = b
		if req, _ := body["required"].(bool); req {
			top = append(top, "body_param")
		}
	}
	out := map[string]any{"type": "object", "properties": props}
	if len(top) > 0 {
		out["required"] = top
	}
	return out
}

var proxyParamDescriptions = map[string]string{
	"header_param": "HTTP request header parameters",
	"query_param":  "URL query string parameters; a value may be a list",
	"path_param":   "URL path parameters",
	"body_param":   "HTTP request body in JSON format",
}

// proxyError is the MCP proxy's refusal: {"error": {"code", "message", "system"}}.
func proxyError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"code": code, "message": message, "system": "bk-apigateway"}})
}

// serveMCPProxy is the MCP proxy: /api/v2/mcp-servers/{name}/[application/]{sse,mcp}/...
func (s *Sandbox) serveMCPProxy(w http.ResponseWriter, r *http.Request, path string) {
	rest := strings.TrimPrefix(path, "/api/v2/mcp-servers/")
	name, rest, _ := strings.Cut(rest, "/")
	m, ok := s.mcpByName(name)
	if !ok {
		proxyError(w, 404, "NotFound", "mcp server["+name+"] not found")
		return
	}
	appOnly := strings.HasPrefix(rest, "application/")
	rest = strings.TrimPrefix(rest, "application/")
	kind, _, _ := strings.Cut(rest, "/")
	// The user routes of a server that accepts OAuth2 tokens take them (the /application/
	// routes never do): the token's audience stands for the app's permission.
	public, personal := m.publicClient && !appOnly, m.personalClient && !appOnly
	id, oauth, gerr := s.oauthAuthenticate(w, r, public, personal, "mcp_server:"+m.name())
	if !oauth && gerr == nil {
		id, gerr = authenticate(r, true, !appOnly)
	}
	if gerr != nil {
		writeGatewayError(w, gerr)
		return
	}
	s.mu.Lock()
	granted := oauth || s.st.MCPPerms[id.app.Code][strconv.Itoa(m.id)]
	s.mu.Unlock()
	if oauth {
		r = r.WithContext(context.WithValue(r.Context(), proxyIdentity{}, id))
	}
	if !granted {
		// Two spaces, as upstream writes it.
		proxyError(w, 403, "Forbidden", fmt.Sprintf("appCode[%s] has no permission  to call mcp server[%s]", id.app.Code, m.name()))
		return
	}
	if kind != "sse" && kind != "mcp" || kind == "sse" != (m.protocol == "sse") {
		proxyError(w, 404, "NotFound", "mcp server["+name+"] does not speak "+kind)
		return
	}
	s.mcpHandler(m).ServeHTTP(w, r)
}

// mcpHandler is the server's one MCP handler: an SSE session lives across requests (the GET that
// opens it, the POSTs that feed it), so the handler must too. Each session's server acts with
// the credentials of the request that opened it.
func (s *Sandbox) mcpHandler(m mcpSeed) http.Handler {
	s.mcpMu.Lock()
	defer s.mcpMu.Unlock()
	if h, ok := s.mcpHandlers[m.name()]; ok {
		return h
	}
	server := func(r *http.Request) *mcp.Server {
		id, _ := r.Context().Value(proxyIdentity{}).(identity)
		return s.mcpServerFor(m, r.Header.Get("X-Bkapi-Authorization"), r.Host, id)
	}
	var h http.Handler
	if m.protocol == "sse" {
		h = mcp.NewSSEHandler(server, nil)
	} else {
		h = mcp.NewStreamableHTTPHandler(server, &mcp.StreamableHTTPOptions{Stateless: true})
	}
	if s.mcpHandlers == nil {
		s.mcpHandlers = map[string]http.Handler{}
	}
	s.mcpHandlers[m.name()] = h
	return h
}

// mcpServerFor is one MCP server whose tools call the sandbox's own gateway resources with the
// caller's credentials.
func (s *Sandbox) mcpServerFor(m mcpSeed, auth, host string, tokenID identity) *mcp.Server {
	srv := mcp.NewServer(&mcp.Implementation{Name: m.name(), Title: m.title, Version: "1.0.0"}, nil)
	g := s.byName[m.gateway]
	for _, t := range m.tools {
		res := g.byName[t]
		schema, _ := json.Marshal(toolSchema(res))
		srv.AddTool(&mcp.Tool{Name: res.Name, Description: res.DescEn, InputSchema: json.RawMessage(schema)},
			func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				if tokenID.app != nil {
					// A token's caller: the tools act as its user, through the proxy.
					ctx = context.WithValue(ctx, proxyIdentity{}, tokenID)
				}
				return s.callTool(ctx, m, res, auth, host, req.Params.Arguments)
			})
	}
	return srv
}

// callTool sends the tool's resource request through the sandbox's own gateway, in process.
func (s *Sandbox) callTool(ctx context.Context, m mcpSeed, res *resource, auth, host string, raw json.RawMessage) (*mcp.CallToolResult, error) {
	var args map[string]any
	if len(raw) > 0 {
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		dec.UseNumber() // a number reaches the resource with every digit
		if err := dec.Decode(&args); err != nil {
			return nil, fmt.Errorf("arguments: %v", err)
		}
	}
	group := func(key string) map[string]any { g, _ := args[key].(map[string]any); return g }
	path := res.Path
	for _, p := range pathParamNames(res.Path) {
		v := fmt.Sprint(group("path_param")[p])
		if group("path_param")[p] == nil || v == "" {
			return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: "path_param." + p + " is required"}}}, nil
		}
		path = strings.Replace(path, "{"+p+"}", url.PathEscape(v), 1)
	}
	method := res.Method
	if method == "ANY" {
		method = http.MethodGet
	}
	var body io.Reader
	if b, ok := args["body_param"]; ok {
		j, _ := json.Marshal(b)
		body = strings.NewReader(string(j))
	}
	u := fmt.Sprintf("http://%s%s%s/%s%s", host, apiPrefix, m.gateway, m.stage, path)
	vals := url.Values{}
	for k, v := range group("query_param") {
		if list, ok := v.([]any); ok {
			for _, x := range list {
				vals.Add(k, fmt.Sprint(x))
			}
			continue
		}
		vals.Add(k, fmt.Sprint(v))
	}
	if len(vals) > 0 {
		u += "?" + vals.Encode()
	}
	// The MCP permission stands for the resources' own: the proxy's call is let through, which
	// only an in-process request can claim (a context value, not a header anyone could send).
	req := httptest.NewRequestWithContext(context.WithValue(ctx, mcpProxyCall{}, m.id), method, u, body)
	for k, v := range group("header_param") {
		req.Header.Set(k, fmt.Sprint(v))
	}
	req.Header.Set("X-Bkapi-Authorization", auth)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	out := &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: rec.Body.String()}}}
	if rec.Code >= 400 {
		out.IsError = true
	}
	return out, nil
}

// mcpProxyCall marks a request the MCP proxy makes for a tool.
type mcpProxyCall struct{}

// proxyIdentity is the caller a token proved, carried to the tools' own requests (in process:
// a context value no request from outside can set).
type proxyIdentity struct{}
