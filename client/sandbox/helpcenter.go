package sandbox

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

func hasDemoToken(r *http.Request) bool {
	for _, name := range []string{"bk_token", "bk_ticket"} {
		if c, err := r.Cookie(name); err == nil && c.Value == DemoBkToken {
			return true
		}
	}
	return false
}

func (s *Sandbox) gatewayJSON(g *gateway, en bool, host string) map[string]any {
	var sdks []map[string]any
	if g.Seed.sdk {
		sdks = append(sdks, map[string]any{"language": "python", "version": "1.3.0", "name": sdkName(g),
			"url": fmt.Sprintf("http://%s/pypi/%s-1.3.0.tar.gz", host, sdkName(g)), "install_command": sdkInstall(g)})
	}
	if sdks == nil {
		sdks = []map[string]any{}
	}
	return map[string]any{
		"id": g.ID, "name": g.Seed.name, "kind": g.kindNumber(), "description": pick(en, g.Seed.descZh, g.Seed.descEn),
		"tenant_mode": "single", "tenant_id": "default", "maintainers": g.Seed.maintainers,
		"doc_maintainers": map[string]any{"type": "user", "contacts": g.Seed.maintainers,
			"service_account": map[string]any{"name": "", "link": ""}},
		"is_official": g.Seed.official, "is_plugin_gateway": g.Seed.plugin, "is_deprecated": g.Seed.deprecated,
		"deprecated_note": g.Seed.deprecatedNote, "api_url": fmt.Sprintf("http://%s/api/%s", host, g.Seed.name),
		"sdks": sdks,
	}
}

func sdkName(g *gateway) string    { return "bkapi-" + g.Seed.name }
func sdkInstall(g *gateway) string { return fmt.Sprintf("pip install %s==1.3.0", sdkName(g)) }

func (s *Sandbox) resourceJSON(r *resource, en bool) map[string]any {
	labels := []map[string]any{}
	for i, l := range r.Labels {
		labels = append(labels, map[string]any{"id": r.Gateway.ID*100 + i + 1, "name": l})
	}
	return map[string]any{
		"id": r.ID, "name": r.Name, "kind": r.kind(), "description": pick(en, r.DescZh, r.DescEn),
		"method": r.Method, "path": r.Path, "verified_user_required": r.UserReq, "verified_app_required": r.AppReq,
		"resource_perm_required": r.PermReq, "allow_apply_permission": r.Public && r.PermReq,
		"oauth2_public_client_enabled": r.OAuthPublic, "oauth2_personal_client_enabled": r.OAuthPersonal, "labels": labels,
	}
}

// serveHelpCenter is surface A: the API Help Center's web backend, with the bk_token cookie.
func (s *Sandbox) serveHelpCenter(w http.ResponseWriter, r *http.Request, path string) {
	if !hasDemoToken(r) {
		dashError(w, 401, "UNAUTHENTICATED", "用户未登录或登录态已失效，请重新登录 / not logged in",
			map[string]any{"login_url": "http://" + r.Host + "/login/"})
		return
	}
	if r.Method != http.MethodGet {
		dashError(w, 405, "METHOD_NOT_ALLOWED", "method not allowed", nil)
		return
	}
	en := isEnglish(r)
	q := r.URL.Query()
	parts := strings.Split(strings.Trim(path, "/"), "/")
	notFound := func() { dashError(w, 404, "NOT_FOUND", "资源不存在 / not found", nil) }
	if len(parts) == 2 && parts[0] == "sdks" && parts[1] == "doc" {
		lang := q.Get("language")
		if lang == "" {
			dashError(w, 400, "INVALID_ARGUMENT", "language: 该字段是必填项。", nil)
			return
		}
		dashData(w, 200, map[string]any{"content": sdkManual(lang)})
		return
	}
	if len(parts) == 0 || parts[0] != "gateways" {
		notFound()
		return
	}
	if len(parts) == 1 {
		kw := strings.ToLower(q.Get("keyword"))
		var rows []map[string]any
		gs := s.visibleGateways(q.Get("show_plugin_gateway") == "true")
		sort.SliceStable(gs, func(i, j int) bool {
			if gs[i].Seed.official != gs[j].Seed.official {
				return gs[i].Seed.official
			}
			return gs[i].Seed.name < gs[j].Seed.name
		})
		for _, g := range gs {
			if kw != "" && !strings.Contains(strings.ToLower(g.Seed.name), kw) &&
				!strings.Contains(strings.ToLower(g.Seed.descZh+" "+g.Seed.descEn), kw) {
				continue
			}
			rows = append(rows, s.gatewayJSON(g, en, r.Host))
		}
		if rows == nil {
			rows = []map[string]any{}
		}
		dashData(w, 200, paginate(r, rows))
		return
	}
	g := s.byName[parts[1]]
	if g == nil {
		notFound()
		return
	}
	switch {
	case len(parts) == 2:
		dashData(w, 200, s.gatewayJSON(g, en, r.Host))
	case len(parts) == 3 && parts[2] == "stages":
		var st []map[string]any
		for _, x := range g.Stages {
			st = append(st, map[string]any{"id": x.ID, "name": x.Name, "description": pick(en, x.DescZh, x.DescEn)})
		}
		dashData(w, 200, st)
	case len(parts) == 3 && parts[2] == "resources":
		stageName := q.Get("stage_name")
		if stageName == "" {
			dashError(w, 400, "INVALID_ARGUMENT", "stage_name: 该字段是必填项。", nil)
			return
		}
		if !hasStage(g, stageName) {
			notFound()
			return
		}
		rows := []map[string]any{}
		for _, res := range g.Resources {
			if res.releasedIn(stageName) && res.Public {
				rows = append(rows, s.resourceJSON(res, en))
			}
		}
		dashData(w, 200, rows)
	case len(parts) == 5 && parts[2] == "resources" && parts[4] == "doc":
		res := g.byName[parts[3]]
		stageName := q.Get("stage_name")
		if stageName == "" {
			dashError(w, 400, "INVALID_ARGUMENT", "stage_name: 该字段是必填项。", nil)
			return
		}
		if res == nil || !hasStage(g, stageName) || !res.releasedIn(stageName) {
			notFound()
			return
		}
		dashData(w, 200, map[string]any{"type": "markdown", "content": s.docOf(res, stageName, en, r.Host),
			"updated_time": "2025-01-10 15:30:00+0800"})
	case len(parts) == 3 && parts[2] == "sdks":
		lang := q.Get("language")
		if lang != "python" && lang != "golang" && lang != "java" {
			dashError(w, 400, "INVALID_ARGUMENT", "language: 请选择合法的选项 python, golang, java。", nil)
			return
		}
		rows := []map[string]any{}
		for _, st := range g.Stages {
			var sdk any
			if g.Seed.sdk && lang == "python" {
				sdk = map[string]any{"name": sdkName(g), "version": st.ResourceVer,
					"url":             fmt.Sprintf("http://%s/pypi/%s-%s.tar.gz", r.Host, sdkName(g), st.ResourceVer),
					"install_command": fmt.Sprintf("pip install %s==%s", sdkName(g), st.ResourceVer)}
			}
			rows = append(rows, map[string]any{"stage": map[string]any{"id": st.ID, "name": st.Name},
				"resource_version": map[string]any{"id": st.ID*7 + 1, "version": st.ResourceVer}, "sdk": sdk})
		}
		dashData(w, 200, rows)
	case len(parts) == 4 && parts[2] == "sdks" && parts[3] == "usage-example":
		res := g.byName[q.Get("resource_name")]
		if q.Get("language") == "" || q.Get("stage_name") == "" || res == nil {
			dashError(w, 400, "INVALID_ARGUMENT", "language, stage_name, resource_name: 该字段是必填项。", nil)
			return
		}
		dashData(w, 200, map[string]any{"content": sdkUsage(g, res, q.Get("stage_name"), q.Get("language"), isEnglish(r))})
	default:
		notFound()
	}
}
