package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

func (s *Sandbox) listGatewayRow(g *gateway, en, withKind bool) map[string]any {
	row := map[string]any{"id": g.ID, "name": g.Seed.name, "description": pick(en, g.Seed.descZh, g.Seed.descEn),
		"maintainers": g.Seed.maintainers,
		"doc_maintainers": map[string]any{"type": "user", "contacts": g.Seed.maintainers,
			"service_account": map[string]any{"name": "", "link": ""}}}
	if withKind {
		row["kind"] = g.kindName()
	}
	return row
}

// filterGateways applies name (exact, or contains when fuzzy) and keyword.
func (s *Sandbox) filterGateways(r *http.Request, fuzzyDefault bool, withKind bool) []map[string]any {
	q := r.URL.Query()
	en := isEnglish(r)
	name := q.Get("name")
	fuzzy := fuzzyDefault
	if v := q.Get("fuzzy"); v != "" {
		fuzzy = v == "true" || v == "1" || v == "True"
	}
	kw := strings.ToLower(q.Get("keyword"))
	rows := []map[string]any{}
	for _, g := range sortedByName(s.visibleGateways(false)) {
		if name != "" && ((fuzzy && !strings.Contains(g.Seed.name, name)) || (!fuzzy && g.Seed.name != name)) {
			continue
		}
		if kw != "" && !strings.Contains(strings.ToLower(g.Seed.name+" "+g.Seed.descZh+" "+g.Seed.descEn), kw) {
			continue
		}
		if k := q.Get("kind"); k != "" && k != g.kindName() {
			continue
		}
		rows = append(rows, s.listGatewayRow(g, en, withKind))
	}
	return rows
}

// serveOpen is surface O.
func (s *Sandbox) serveOpen(w http.ResponseWriter, r *http.Request, path string, id identity) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	q := r.URL.Query()
	en := isEnglish(r)
	notFound := func(what string) { dashError(w, 404, "NOT_FOUND", what+" not found", nil) }
	switch {
	case len(parts) >= 1 && parts[0] == "mcp-servers":
		s.serveMCPOpen(w, r, path, id)
	case r.Method == "GET" && len(parts) == 1 && parts[0] == "gateways":
		dashData(w, 200, s.filterGateways(r, false, true))
	case r.Method == "GET" && len(parts) == 3 && parts[0] == "tools" && parts[1] == "log" && parts[2] == "query_by_request_id":
		if q.Get("request_id") == "" {
			dashError(w, 400, "INVALID_ARGUMENT", "request_id: 该字段是必填项。", nil)
			return
		}
		dashData(w, 200, s.queryLog(q.Get("request_id")))
	case len(parts) >= 3 && parts[0] == "gateways":
		g := s.byName[parts[1]]
		if g == nil || g.Seed.plugin {
			notFound("gateway")
			return
		}
		switch {
		case r.Method == "GET" && len(parts) == 3 && parts[2] == "resources":
			fields := strings.Split(q.Get("fields"), ",")
			if q.Get("fields") == "" {
				fields = []string{"id", "name"}
			}
			kw := strings.ToLower(q.Get("keyword"))
			rows := []map[string]any{}
			for _, res := range g.Resources {
				if !res.Public {
					continue // O lists only public resources (is_public=True)
				}
				if kw != "" && !strings.Contains(strings.ToLower(res.Name+" "+res.Path+" "+res.DescZh+" "+res.DescEn), kw) {
					continue
				}
				full := s.openResourceJSON(res, en)
				row := map[string]any{}
				for _, f := range fields {
					if v, ok := full[strings.TrimSpace(f)]; ok {
						row[strings.TrimSpace(f)] = v
					}
				}
				rows = append(rows, row)
			}
			dashData(w, 200, rows)
		case r.Method == "GET" && len(parts) == 4 && parts[2] == "resources":
			stageName := q.Get("stage_name")
			if stageName == "" {
				dashError(w, 400, "INVALID_ARGUMENT", "stage_name: 该字段是必填项。", nil)
				return
			}
			res := g.byName[parts[3]]
			if res == nil || !res.Public || !hasStage(g, stageName) || !res.releasedIn(stageName) {
				dashError(w, 404, "NOT_FOUND", "资源【"+parts[3]+"】不存在", nil)
				return
			}
			// The detail keeps the stored path (read match_subpath beside it) and has no labels.
			row := s.openResourceJSON(res, en)
			row["path"] = res.Path
			delete(row, "labels")
			row["schema"] = schemaOf(res, en)
			row["doc"] = map[string]any{"type": "markdown", "content": s.docOf(res, stageName, en, r.Host),
				"updated_time": "2025-01-10 15:30:00 +0800"}
			dashData(w, 200, row)
		case r.Method == "POST" && len(parts) == 4 && parts[2] == "permissions" && parts[3] == "apply":
			s.openApply(w, r, g, id)
		default:
			notFound("path")
		}
	default:
		notFound("path")
	}
}

func (s *Sandbox) openResourceJSON(res *resource, en bool) map[string]any {
	labels := []map[string]any{}
	for i, l := range res.Labels {
		labels = append(labels, map[string]any{"id": res.Gateway.ID*100 + i + 1, "name": l})
	}
	return map[string]any{"id": res.ID, "name": res.Name, "kind": res.kind(), "description": pick(en, res.DescZh, res.DescEn),
		"method": res.Method, "path": res.openPath(), "match_subpath": res.MatchSubpath, "enable_websocket": false, "is_public": res.Public,
		"labels": labels, "auth_config": map[string]any{"user_verified_required": res.UserReq, "app_verified_required": res.AppReq,
			"resource_perm_required": res.PermReq, "oauth2_public_client_enabled": res.OAuthPublic, "oauth2_personal_client_enabled": res.OAuthPersonal}}
}

func (s *Sandbox) openApply(w http.ResponseWriter, r *http.Request, g *gateway, id identity) {
	var in struct {
		TargetAppCode  string   `json:"target_app_code"`
		GrantDimension string   `json:"grant_dimension"`
		ResourceNames  []string `json:"resource_names"`
		Applicant      string   `json:"applicant"`
		Reason         string   `json:"reason"`
		ExpireDays     *int     `json:"expire_days"`
	}
	bad := func(msg string) { dashError(w, 400, "INVALID_ARGUMENT", msg, nil) }
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		bad("JSON parse error")
		return
	}
	if in.TargetAppCode != id.app.Code {
		bad("target_app_code: 应用【" + in.TargetAppCode + "】与请求者不一致 / must be the calling app")
		return
	}
	if in.Applicant == "" || !usernameRe().MatchString(in.Applicant) {
		bad("applicant: 该字段是必填项。 / applicant is required")
		return
	}
	days := 0
	if in.ExpireDays != nil {
		days = *in.ExpireDays
	}
	if days != 0 && days != 180 && days != 360 {
		bad(fmt.Sprintf("expire_days: “%d” 不是合法选项。", days))
		return
	}
	a := application{app: id.app.Code, gateway: g, applicant: in.Applicant, reason: in.Reason, days: days, en: isEnglish(r)}
	switch in.GrantDimension {
	case "gateway":
		a.dimension = "api"
	case "resource":
		if len(in.ResourceNames) == 0 {
			bad("resource_names: 该字段是必填项。")
			return
		}
		a.dimension = "resource"
		for _, n := range in.ResourceNames {
			res := g.byName[n]
			if res == nil {
				bad("resource_names: 资源【" + n + "】不存在 / no such resource")
				return
			}
			a.ids = append(a.ids, res.ID)
		}
	default:
		bad("grant_dimension: 请选择合法的选项 gateway, resource。")
		return
	}
	rec, msg := s.apply(a, true, r.Host)
	if msg != "" {
		bad(msg)
		return
	}
	dashData(w, 200, map[string]any{"record_id": rec.ID, "itsm_ticket_id": fmt.Sprint(rec.TicketID), "itsm_ticket_url": ticketURL(r.Host, rec)})
}

// openPath is the path as O displays it: with /* when any sub-path matches.
func (r *resource) openPath() string {
	if r.MatchSubpath {
		return strings.TrimSuffix(r.Path, "/") + "/*"
	}
	return r.Path
}
