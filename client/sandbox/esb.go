package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ESB component APIs (spec section E): three systems with components of every level, the D and
// I routes with upstream's shapes, decisions after DecideAfter, and /api/c/compapi/v2/ answering
// with the ESB envelope. Under Options.MultiTenant all of it is absent (404), as upstream.

type esbSystem struct {
	id                int
	name, zh, en, tag string
	components        []esbComponent
	maintainers       []string
}

type esbComponent struct {
	id             int
	name, zh, en   string
	level          string // unlimited, normal, sensitive, special
	method, system string
}

var esbSeeds = []esbSystem{
	{id: 1, name: "CC", zh: "配置平台", en: "Configuration platform (CMDB)", tag: "v2", maintainers: []string{"admin"}, components: []esbComponent{
		{5001, "search_business", "查询业务", "Search businesses", "normal", "POST", "CC"},
		{5002, "search_host", "查询主机", "Search hosts", "normal", "POST", "CC"},
		{5003, "update_host", "更新主机属性", "Update host attributes", "sensitive", "POST", "CC"},
		{5004, "get_biz_location", "查询业务所在版本", "Get a business's location", "unlimited", "POST", "CC"},
		{5005, "batch_delete_host", "批量删除主机", "Delete hosts in batch", "special", "POST", "CC"},
	}},
	{id: 2, name: "JOB", zh: "作业平台", en: "Job platform", tag: "v2", maintainers: []string{"admin", "job-admin"}, components: []esbComponent{
		{5101, "fast_execute_script", "快速执行脚本", "Run a script", "sensitive", "POST", "JOB"},
		{5102, "get_job_instance_log", "查询作业执行日志", "Get a job's log", "normal", "GET", "JOB"},
		{5103, "get_job_list", "查询作业模板", "List job templates", "unlimited", "GET", "JOB"},
	}},
	{id: 3, name: "GSE", zh: "管控平台", en: "Agent management", tag: "v2", maintainers: []string{"admin"}, components: []esbComponent{
		{5201, "get_agent_status", "查询 Agent 状态", "Get agents' status", "normal", "POST", "GSE"},
	}},
}

// esbRecord is a component application.
type esbRecord struct {
	ID          int               `json:"id"`
	App         string            `json:"app"`
	SystemID    int               `json:"system_id"`
	IDs         []int             `json:"ids"`
	AppliedBy   string            `json:"applied_by"`
	AppliedTime time.Time         `json:"applied_time"`
	HandledTime time.Time         `json:"handled_time"`
	Status      string            `json:"status"`
	Results     map[string]string `json:"results"`
	Reason      string            `json:"reason"`
	ExpireDays  int               `json:"expire_days"`
	Comment     string            `json:"comment"`
}

func esbSystemByID(id int) *esbSystem {
	for i := range esbSeeds {
		if esbSeeds[i].id == id {
			return &esbSeeds[i]
		}
	}
	return nil
}

func esbComponentByID(id int) (*esbSystem, *esbComponent) {
	for i := range esbSeeds {
		for j := range esbSeeds[i].components {
			if esbSeeds[i].components[j].id == id {
				return &esbSeeds[i], &esbSeeds[i].components[j]
			}
		}
	}
	return nil, nil
}

// settleESB decides waiting component applications: sensitive and special ones are rejected.
func (s *Sandbox) settleESB(now time.Time) bool {
	changed := false
	for _, rec := range s.st.ESBRecords {
		if !s.due(rec.Status, rec.AppliedTime, now) {
			continue
		}
		changed = true
		rec.HandledTime = rec.AppliedTime.Add(s.opts.DecideAfter)
		rec.Status, rec.Comment = componentVerdict.decide(rec.IDs, rec.Results,
			func(id int) bool {
				_, c := esbComponentByID(id)
				return c != nil && (c.level == "sensitive" || c.level == "special")
			},
			func(id int) {
				setPermission(&s.st.ESBPerms, rec.App, strconv.Itoa(id), grantFor(rec.ExpireDays, rec.HandledTime))
			})
	}
	return changed
}

// componentStatus follows the gateway resources' rules, with the components' levels.
func (s *Sandbox) componentStatus(app string, c *esbComponent) (status, action string, expiresIn *int64) {
	if c.level == "unlimited" {
		return "unlimited", "", nil
	}
	p, has := s.st.ESBPerms[app][strconv.Itoa(c.id)]
	latest := ""
	for i := len(s.st.ESBRecords) - 1; i >= 0 && latest == ""; i-- {
		rec := s.st.ESBRecords[i]
		if rec.App != app {
			continue
		}
		for _, id := range rec.IDs {
			if id == c.id {
				latest = rec.Status
				if rec.Status != "pending" {
					latest = rec.Results[strconv.Itoa(id)]
				}
				break
			}
		}
	}
	var secs int64
	if has && !p.Never {
		secs = int64(p.Expires.Sub(s.opts.Now()) / time.Second)
		v := secs
		expiresIn = &v
	}
	switch {
	case has && p.Never:
		status = "owned"
	case latest == "pending" || latest == "rejected":
		status = latest
	case has && secs > 0:
		status = "owned"
	case has:
		status = "expired"
	default:
		status = "need_apply"
	}
	switch {
	case (status == "owned" || status == "expired") && expiresIn != nil && *expiresIn < 360*24*3600:
		action = "renew"
	case status == "need_apply" || status == "rejected":
		action = "apply"
	}
	return status, action, expiresIn
}

func (s *Sandbox) componentJSON(app, host string, sys *esbSystem, c *esbComponent) map[string]any {
	status, action, exp := s.componentStatus(app, c)
	return map[string]any{"id": c.id, "name": c.name, "system_name": sys.name, "system_id": sys.id, "description": c.zh,
		"description_en": c.en, "expires_in": exp, "permission_level": c.level, "permission_status": status,
		"permission_action": action, "doc_link": fmt.Sprintf("http://%s%s/docs/esb/%s/%s", host, helpCenterPrefix, sys.name, c.name), "tag": sys.tag}
}

func (s *Sandbox) esbRecordJSON(rec *esbRecord, en, detail bool) map[string]any {
	sys := esbSystemByID(rec.SystemID)
	handled := []string{}
	if rec.Status != "pending" {
		handled = []string{"admin"}
	}
	m := map[string]any{"id": rec.ID, "bk_app_code": rec.App, "applied_by": rec.AppliedBy, "applied_time": fmtTime(rec.AppliedTime),
		"handled_by": handled, "handled_time": fmtTime(rec.HandledTime), "apply_status": rec.Status,
		"apply_status_display": pick(en, statusDisplay[rec.Status][0], statusDisplay[rec.Status][1]), "comment": rec.Comment,
		"reason": rec.Reason, "expire_days": rec.ExpireDays, "system_name": sys.name}
	if detail {
		m["tag"] = sys.tag
		var comps []map[string]any
		for _, id := range rec.IDs {
			_, c := esbComponentByID(id)
			st := rec.Results[strconv.Itoa(id)]
			if rec.Status == "pending" || st == "" {
				st = "pending"
			}
			comps = append(comps, map[string]any{"id": c.id, "name": c.name, "description": c.zh, "description_en": c.en, "apply_status": st})
		}
		m["components"] = comps
	}
	return m
}

// serveESB is D's and I's esb/systems/ routes (path after "esb/systems/").
func (s *Sandbox) serveESB(p permsAPI, path string, body map[string]any) {
	r := p.r
	en := isEnglish(r)
	get, post := r.Method == http.MethodGet, r.Method == http.MethodPost
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if path == "" || path == "/" {
		parts = nil
	}
	paged := func(items []map[string]any) {
		q := r.URL.Query()
		offset, _ := strconv.Atoi(q.Get("offset"))
		limit, _ := strconv.Atoi(q.Get("limit"))
		if limit <= 0 || limit > 100 {
			limit = 10
		}
		total := len(items)
		offset = min(max(offset, 0), total)
		p.ok(200, map[string]any{"count": total, "results": items[offset:min(total, offset+limit)]})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case get && len(parts) == 0:
		out := []map[string]any{}
		for _, sys := range esbSeeds {
			row := map[string]any{"id": sys.id, "name": sys.name, "description": pick(en, sys.zh, sys.en), "maintainers": sys.maintainers, "tag": sys.tag}
			if !p.dev { // I sends both languages
				row["description"], row["description_en"] = sys.zh, sys.en
			}
			out = append(out, row)
		}
		p.ok(200, out)
	case get && len(parts) == 3 && parts[1] == "permissions" && parts[2] == "components":
		id, _ := strconv.Atoi(parts[0])
		sys := esbSystemByID(id)
		if sys == nil {
			p.refuse(404, "", "系统不存在 / system not found")
			return
		}
		out := []map[string]any{}
		for i := range sys.components {
			out = append(out, s.componentJSON(p.app, r.Host, sys, &sys.components[i]))
		}
		p.ok(200, out)
	case post && len(parts) == 3 && parts[1] == "permissions" && parts[2] == "apply":
		id, _ := strconv.Atoi(parts[0])
		sys := esbSystemByID(id)
		ids, ok := intsOf(body["component_ids"])
		days, isNum := body["expire_days"].(float64)
		reason, _ := body["reason"].(string)
		switch {
		case sys == nil:
			p.refuse(404, "", "系统不存在 / system not found")
			return
		case !ok || len(ids) == 0:
			p.fail(400, "component_ids", "该字段是必填项。")
			return
		case !isNum || days != 0 && days != 180 && days != 360:
			p.fail(400, "expire_days", "该字段是必填项，取值 0、180 或 360。")
			return
		}
		for _, cid := range ids {
			if owner, _ := esbComponentByID(cid); owner == nil || owner.id != sys.id {
				p.refuse(400, "component_ids", fmt.Sprintf("组件 %d 不属于系统 %s / component %d is not in system %s", cid, sys.name, cid, sys.name))
				return
			}
		}
		rec := &esbRecord{ID: s.st.NextRecordID, App: p.app, SystemID: sys.id, IDs: ids, AppliedBy: p.user, AppliedTime: s.opts.Now(),
			Status: "pending", Results: map[string]string{}, Reason: reason, ExpireDays: int(days)}
		s.st.NextRecordID++
		s.st.ESBRecords = append(s.st.ESBRecords, rec)
		s.persist()
		p.ok(201, map[string]any{"record_id": rec.ID}) // D: 200 (p.ok writes 200 there); I: 201 in data
	case post && len(parts) == 2 && parts[0] == "permissions" && parts[1] == "renew":
		ids, ok := intsOf(body["component_ids"])
		days, isNum := body["expire_days"].(float64)
		if !ok || len(ids) < 1 || len(ids) > 100 || !isNum || days != 0 && days != 180 && days != 360 {
			p.fail(400, "component_ids", "须为 1 到 100 个组件 ID，expire_days 取值 0、180 或 360")
			return
		}
		now := s.opts.Now()
		for _, cid := range ids {
			key := strconv.Itoa(cid)
			if perm, has := s.st.ESBPerms[p.app][key]; has {
				s.st.ESBPerms[p.app][key] = perm.renewed(int(days), now)
			}
		}
		s.persist()
		if p.dev {
			writeJSON(p.w, 200, "") // D: 200 with the body ""
			return
		}
		p.w.WriteHeader(http.StatusNoContent)
	case get && len(parts) == 2 && parts[0] == "permissions" && parts[1] == "app-permissions":
		out := []map[string]any{}
		for i := range esbSeeds {
			sys := &esbSeeds[i]
			for j := range sys.components {
				if _, has := s.st.ESBPerms[p.app][strconv.Itoa(sys.components[j].id)]; has {
					out = append(out, s.componentJSON(p.app, r.Host, sys, &sys.components[j]))
				}
			}
		}
		p.ok(200, out)
	case get && len(parts) == 2 && parts[0] == "permissions" && parts[1] == "apply-records":
		q := r.URL.Query()
		var out []map[string]any
		for i := len(s.st.ESBRecords) - 1; i >= 0; i-- {
			rec := s.st.ESBRecords[i]
			if rec.App != p.app || q.Get("apply_status") != "" && rec.Status != q.Get("apply_status") ||
				q.Get("query") != "" && !strings.Contains(strings.ToLower(esbSystemByID(rec.SystemID).name), strings.ToLower(q.Get("query"))) {
				continue
			}
			out = append(out, s.esbRecordJSON(rec, en, false))
		}
		paged(out)
	case get && len(parts) == 3 && parts[0] == "permissions" && parts[1] == "apply-records":
		id, _ := strconv.Atoi(parts[2])
		for _, rec := range s.st.ESBRecords {
			if rec.ID == id && rec.App == p.app {
				p.ok(200, s.esbRecordJSON(rec, en, true))
				return
			}
		}
		p.refuse(404, "", "申请记录不存在 / record not found")
	default:
		p.fail(404, "", "not found")
	}
}

// serveCompAPI is ESB: /api/c/compapi/v2/{system}/{component}/, always HTTP 200 with the
// envelope {result, code, message, data, request_id}.
func (s *Sandbox) serveCompAPI(w http.ResponseWriter, r *http.Request, path string) {
	rid := s.newRequestID()
	answer := func(result bool, code int, msg string, data any) {
		writeJSON(w, 200, map[string]any{"result": result, "code": code, "message": msg, "data": data, "request_id": rid})
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) != 2 {
		answer(false, 1306404, "component not found", nil)
		return
	}
	var sys *esbSystem
	var comp *esbComponent
	for i := range esbSeeds {
		if strings.EqualFold(esbSeeds[i].name, parts[0]) {
			sys = &esbSeeds[i]
			for j := range sys.components {
				if sys.components[j].name == parts[1] {
					comp = &sys.components[j]
				}
			}
		}
	}
	if comp == nil {
		answer(false, 1306404, fmt.Sprintf("Component [%s.%s] not found", parts[0], parts[1]), nil)
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	// Credentials in X-Bkapi-Authorization, or (older clients) in the query or the JSON body.
	fields := map[string]any{}
	if h := r.Header.Get("X-Bkapi-Authorization"); h != "" {
		_ = json.Unmarshal([]byte(h), &fields)
	} else {
		for _, k := range []string{"bk_app_code", "bk_app_secret", "bk_token", "bk_username"} {
			if v := r.URL.Query().Get(k); v != "" {
				fields[k] = v
			}
		}
		var b map[string]any
		if json.Unmarshal(body, &b) == nil {
			for _, k := range []string{"bk_app_code", "bk_app_secret", "bk_token", "bk_username"} {
				if v, ok := b[k]; ok {
					fields[k] = v
				}
			}
		}
	}
	code, _ := fields["bk_app_code"].(string)
	secret, _ := fields["bk_app_secret"].(string)
	var app *App
	for i := range Apps {
		if Apps[i].Code == code && Apps[i].Secret == secret {
			app = &Apps[i]
		}
	}
	if app == nil {
		answer(false, 1306201, "The app code or app secret is incorrect / 应用 ID 或密钥不正确", nil)
		return
	}
	s.mu.Lock()
	status, _, _ := s.componentStatus(app.Code, comp)
	s.mu.Unlock()
	switch status {
	case "owned", "unlimited":
	default:
		// Upstream's words (ESB compperm/validators.py with common/errors.py), expired or never held.
		answer(false, 1306403, fmt.Sprintf("APP permission is insufficient, APP has no permission to access the component (%s) of the system (%s). "+
			"The APP manager can go to the Developer Center and apply for permission to access the component", comp.name, sys.name), nil)
		return
	}
	var args any
	if len(body) > 0 && json.Valid(body) {
		args = json.RawMessage(body)
	}
	if comp.name == "search_host" && args == nil && r.Method == http.MethodPost {
		answer(false, 1306406, "Request parameter error: a JSON body is required / 请求参数错误：需要 JSON 请求体", nil)
		return
	}
	answer(true, 0, "", map[string]any{"system": sys.name, "component": comp.name, "method": r.Method, "query": r.URL.Query(), "args": args, "app_code": app.Code})
}
