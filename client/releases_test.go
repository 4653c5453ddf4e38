package client_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/sandbox"
)

// What released installations (gateway 1.16 to 1.23) send where it differs from master
// (docs/contract.md, "What released installations send"): the client reads both shapes, and the
// sandbox answers as a release unless told to answer as master.

// releaseShapes are answers in the releases' shapes, each with the upstream file it follows.
var releaseShapes = []struct {
	name, body string // body: the data as it arrives (wrapped in "data" on I and O)
	into       func() any
	check      func(v any) bool
}{
	{"I mcp-server/permissions/: tools_count a CharField (apis/v2/inner/serializers.py)",
		`{"data": [{"mcp_server": {"id": 1, "name": "g-prod-x", "tools_count": "3", "tool_names": ["a","b","c"]}, "permission": {"status": "need_apply", "action": "apply", "expires_in": null, "handled_by": [], "approval_url": ""}}]}`,
		func() any { return new([]client.MCPServerPermission) },
		func(v any) bool { return (*v.(*[]client.MCPServerPermission))[0].MCPServer.ToolsCount == 3 }},
	{"master: tools_count a number (since 12fd402aa)",
		`{"data": [{"mcp_server": {"id": 1, "tools_count": 4}, "permission": {"status": "owned"}}]}`,
		func() any { return new([]client.MCPServerPermission) },
		func(v any) bool { return (*v.(*[]client.MCPServerPermission))[0].MCPServer.ToolsCount == 4 }},
	{"O mcp-servers/permissions/apply-records/: a bare list, status and handled_by a string (apis/v2/open/views.py)",
		`{"data": [{"id": 7, "bk_app_code": "a", "applied_by": "u", "handled_by": "admin", "status": "approved", "status_display": "通过", "mcp_server": {"id": 1, "name": "g-prod-x", "tools_count": 3}}]}`,
		func() any { return new(client.Page[client.MCPRecord]) },
		func(v any) bool {
			p := v.(*client.Page[client.MCPRecord])
			return len(p.Results) == 1 && p.Results[0].Status == "approved" && p.Results[0].StatusDisplay == "通过" &&
				strings.Join(p.Results[0].HandledBy, ",") == "admin"
		}},
	{"O mcp-servers/{id}/: maintainers, prompts, user_custom_doc (apis/v2/open/serializers.py)",
		`{"data": {"id": 1, "name": "x", "tools_count": 1, "maintainers": ["admin"], "user_custom_doc": "# doc", "prompts": [{"id": 11, "name": "P", "code": "p", "content": "", "updated_time": "", "updated_by": "", "labels": [], "is_public": false, "space_code": "s", "space_name": "S"}], "detail_url": "http://x/1", "created_by": "a", "updated_by": "b"}}`,
		func() any { return new(client.MCPServer) },
		func(v any) bool {
			s := v.(*client.MCPServer)
			return len(s.Prompts) == 1 && s.Prompts[0].Code == "p" && s.UserCustomDoc == "# doc" && s.Maintainers[0] == "admin" && s.DetailURL != ""
		}},
	{"O resources/{name}/: the stored path, match_subpath beside it, no labels (apis/v2/open/views.py)",
		`{"data": {"id": 5, "name": "files", "method": "GET", "path": "/files/", "match_subpath": true, "is_public": true, "auth_config": {"app_verified_required": true}, "schema": {}, "doc": null}}`,
		func() any { return new(client.ResourceDetail) },
		func(v any) bool {
			d := v.(*client.ResourceDetail)
			d.Normalize()
			return d.Path == "/files/*" && d.Labels == nil && d.VerifiedAppRequired
		}},
	{"I esb/systems/: description_en beside description (apis/v2/inner/serializers_esb.py)",
		`{"data": [{"id": 2, "name": "CC", "description": "配置平台", "description_en": "Configuration platform", "maintainers": ["admin"], "tag": ""}]}`,
		func() any { return new([]client.ESBSystem) },
		func(v any) bool {
			s := (*v.(*[]client.ESBSystem))[0]
			return s.Describe(true) == "Configuration platform" && s.Describe(false) == "配置平台"
		}},
}

func TestReleaseShapesDecode(t *testing.T) {
	for _, c := range releaseShapes {
		v := c.into()
		if err := client.DecodeForTest(200, []byte(c.body), v); err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !c.check(v) {
			t.Errorf("%s: decoded wrong: %+v", c.name, v)
		}
	}
	var n client.FlexInt
	for _, bad := range []string{`"three"`, `1.5`, `true`} {
		if json.Unmarshal([]byte(bad), &n) == nil {
			t.Errorf("tools_count %s was taken", bad)
		}
	}
}

// rawGet reads a sandbox path as the demo app (granted the inner APIs) with the demo login.
func rawGet(t *testing.T, e *env, path string) map[string]any {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
	req.Header.Set("X-Bkapi-Authorization", `{"bk_app_code": "`+sandbox.DemoAppCode+`", "bk_app_secret": "`+sandbox.DemoAppSecret+`"}`)
	req.AddCookie(&http.Cookie{Name: "bk_token", Value: sandbox.DemoBkToken})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if resp.StatusCode != 200 || json.Unmarshal(b, &out) != nil {
		// D answers a bare list: wrap it so callers read one shape.
		var list []any
		if resp.StatusCode == 200 && json.Unmarshal(b, &list) == nil {
			return map[string]any{"data": list}
		}
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	return out
}

// The sandbox answers as a release by default and as master on request, and the client lists
// MCP servers and their records through every surface in both.
func TestSandboxAnswersAsReleaseOrMaster(t *testing.T) {
	const innerMCP = "/api/bk-apigateway/prod/api/v2/inner/mcp-server/permissions/?target_app_code=" + sandbox.DemoAppCode
	const devMCP = "/dc/backend/api/cloudapi-v2/apps/" + sandbox.DemoAppCode + "/inner/mcp-servers/"
	const openRecords = "/api/bk-apigateway/prod/api/v2/open/mcp-servers/permissions/apply-records/?bk_app_code=" + sandbox.DemoAppCode
	for _, answerAs := range []string{"", sandbox.AnswerMaster} {
		t.Run("as "+map[string]string{"": "release", sandbox.AnswerMaster: "master"}[answerAs], func(t *testing.T) {
			e := newEnv(t, sandbox.Options{AnswerAs: answerAs, DecideAfter: time.Second})
			master := answerAs == sandbox.AnswerMaster
			for _, path := range []string{innerMCP, devMCP} {
				first := rawGet(t, e, path)["data"].([]any)[0].(map[string]any)["mcp_server"].(map[string]any)
				_, isString := first["tools_count"].(string)
				if isString == master {
					t.Errorf("%s: tools_count %#v (master %v)", path, first["tools_count"], master)
				}
			}
			cfg := e.cfg()
			for _, s := range []client.Surface{client.SurfaceDevCenter, client.SurfaceInner, client.SurfaceOpen} {
				c := cfg
				switch s {
				case client.SurfaceInner:
					c.DeveloperCenterURL = ""
				case client.SurfaceOpen:
					c = e.appOnly(sandbox.DemoAppCode, sandbox.DemoAppSecret)
					c.DeveloperCenterURL = ""
				}
				p := e.planner(t, c)
				list, via, err := p.MCPServers(ctx, "")
				if err != nil || len(list) < 2 || list[0].MCPServer.ToolsCount != 3 {
					t.Fatalf("MCP servers via %s (wanted %s): %v %+v", via, s, err, list)
				}
			}
			p := e.planner(t, cfg)
			if _, _, err := p.MCPApply(ctx, client.MCPApplyRequest{ServerIDs: []int{1}, AppliedBy: sandbox.DemoUsername, Reason: "r"}); err != nil {
				t.Fatal(err)
			}
			data := rawGet(t, e, openRecords)["data"]
			if _, bare := data.([]any); bare == master {
				t.Errorf("O's latest records: %T (master %v)", data, master)
			}
			open := e.planner(t, e.appOnly(sandbox.VisitorAppCode, sandbox.VisitorAppSecret))
			if _, _, err := open.MCPApply(ctx, client.MCPApplyRequest{ServerIDs: []int{2}, AppliedBy: sandbox.DemoUsername, Reason: "r"}); err != nil {
				t.Fatal(err)
			}
			recs, via, err := open.MCPRecords(ctx)
			if err != nil || via != client.SurfaceOpen || len(recs) != 1 || recs[0].Record.ApplyStatus != "pending" || recs[0].Record.ApplyStatusDisplay == "" {
				t.Fatalf("O's records: %v %v %+v", via, err, recs)
			}
		})
	}
}

// O lists only public resources and refuses a non-public one's detail with 404; the detail keeps
// the stored path, which the client shows with the /* its list uses.
func TestOpenResourcesAsTheReleasesServeThem(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	o := e.planner(t, e.appOnly(sandbox.VisitorAppCode, sandbox.VisitorAppSecret))
	rs, via, err := o.Resources(ctx, "demo-echo", "prod")
	if err != nil || via != client.SurfaceOpen {
		t.Fatalf("%v %v", via, err)
	}
	for _, r := range rs {
		if r.Name == "internal_only" {
			t.Fatalf("O listed a resource that is not public: %+v", r)
		}
	}
	if _, err := o.ResourceDetail(ctx, "demo-echo", "internal_only", "prod", "en"); client.StatusOf(err) != 404 || !strings.Contains(err.Error(), "不存在") {
		t.Fatalf("a non-public resource's detail: %v", err)
	}
	d, err := o.ResourceDetail(ctx, "demo-echo", "files", "prod", "en")
	if err != nil || d.Path != "/files/*" || !d.MatchSubpath {
		t.Fatalf("the sub-path resource's detail: %v %+v", err, d.Resource)
	}
}

// I's ESB systems carry description_en, shown to English readers.
func TestESBSystemsInBothLanguages(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	c := e.cfg()
	c.DeveloperCenterURL = ""
	ss, via, err := e.planner(t, c).Systems(ctx)
	if err != nil || via != client.SurfaceInner || len(ss) == 0 {
		t.Fatalf("%v %v", via, err)
	}
	if ss[0].DescriptionEn == "" || ss[0].Describe(true) == ss[0].Describe(false) {
		t.Fatalf("no English description from I: %+v", ss[0])
	}
}

// Who is logged in: the Developer Center says, and an application that names its applicant
// (D's MCP apply, O's apply) takes that user when the profile has no username.
func TestWhoAmIFillsTheApplicant(t *testing.T) {
	e := newEnv(t, sandbox.Options{DecideAfter: time.Second})
	cfg := e.cfg()
	cfg.Username = ""
	p := e.planner(t, cfg)
	u, err := p.WhoAmI(ctx)
	if err != nil || u.Username != sandbox.DemoUsername || u.Name(i18n.English) != sandbox.DemoDisplayName+" ("+sandbox.DemoUsername+")" ||
		u.Name(i18n.Chinese) != sandbox.DemoDisplayName+"（"+sandbox.DemoUsername+"）" {
		t.Fatalf("who am I: %v %+v", err, u)
	}
	if _, via, err := p.MCPApply(ctx, client.MCPApplyRequest{ServerIDs: []int{1}, Reason: "agent"}); err != nil || via != client.SurfaceDevCenter {
		t.Fatalf("MCP apply through D without a username: %v %v", via, err)
	}
	recs, _, err := p.MCPRecords(ctx)
	if err != nil || len(recs) != 1 || recs[0].Record.AppliedBy != sandbox.DemoUsername {
		t.Fatalf("the applicant: %v %+v", err, recs)
	}
	// A token the Developer Center does not know: 401, and no applicant is made up.
	bad := cfg
	bad.BkToken = "forged"
	if _, err := e.planner(t, bad).WhoAmI(ctx); client.StatusOf(err) != 401 {
		t.Fatalf("a forged token: %v", err)
	}
	// No Developer Center: nobody to ask, and the error says what to add.
	none := cfg
	none.DeveloperCenterURL = ""
	var ue *client.ErrUnavailable
	if _, err := e.planner(t, none).WhoAmI(ctx); !errors.As(err, &ue) {
		t.Fatalf("without a Developer Center: %v", err)
	}
}
