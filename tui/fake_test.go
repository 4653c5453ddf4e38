package tui

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

func init() {
	// Goldens and assertions read plain text.
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
}

// fakeBackend answers from memory, so screens are tested without a network.
type fakeBackend struct {
	mu       sync.Mutex
	user     client.UserInfo // who WhoAmI says is logged in (none when empty)
	loggedIn map[string]bool // MCP servers logged in to (mcp login)
	// lostAfterMaking: an Apply that fails with applyErr still made its record first.
	lostAfterMaking bool
	gateways        []client.Gateway
	detailNamed     string // the gateway detail answers with this name, whichever was asked
	res             map[string][]client.Resource
	err             error // returned by every call when set
	sdkErr          error
	calls           map[string]int
	lang            string
	perms           []client.ResourcePermission
	permErr         error
	// tokenRefused: what TokenRefused answers (a login surface refused the bk_token).
	tokenRefused error
	mcp          []client.MCPServerPermission
	// failing: what MCPServers ("mcp"), Components ("components") and Record ("record")
	// return, while set.
	failing     map[string]error
	mcpApplied  []client.MCPApplyRequest
	noESB       bool
	systemsErr  error
	comps       []client.Component
	compApplied []client.ComponentApplyRequest
	compRenewed []int
	mcpUnknown  bool // MCPApply's outcome is unknown (D's HTML 500)
	applyErr    error
	applied     []client.ApplyRequest
	renewed     []int
	records     []client.RecordDetail
	callResp    *client.CallResponse
	mcpParts    []client.ToolPart // a tool's answer, when set
	doc         string            // when set, every doc's content
	lastPrep    client.Prepared
	// callBlock, applyBlock, renewBlock and mcpBlock, when set, hold Call, Apply, Renew and
	// MCPCall until they are closed (a request in flight).
	callBlock, applyBlock, renewBlock, mcpBlock chan struct{}
}

func newFake() *fakeBackend {
	f := &fakeBackend{calls: map[string]int{}, res: map[string][]client.Resource{}}
	f.gateways = []client.Gateway{
		{Name: "bk-user", Description: "用户管理", IsOfficial: true, Maintainers: []string{"admin"}, APIURL: "http://bkapi.example.com/api/bk-user"},
		{Name: "demo-echo", Description: "Demo gateway", Maintainers: []string{"demo"}, APIURL: "http://bkapi.example.com/api/demo-echo"},
		{Name: "old-job", Description: "Legacy jobs", IsDeprecated: true, DeprecatedNote: "use bk-job"},
	}
	f.res["demo-echo"] = []client.Resource{
		{ID: 1, Name: "echo_get", Method: "GET", Path: "/echo/", Description: "Echo", VerifiedAppRequired: true},
		{ID: 2, Name: "echo_item", Method: "GET", Path: "/items/{item_id}/", Description: "Read an item", VerifiedAppRequired: true, ResourcePermRequired: true, Labels: []client.Label{{ID: 1, Name: "item"}}},
		{ID: 3, Name: "delete_item", Method: "DELETE", Path: "/items/{item_id}/", Description: "删除条目", ResourcePermRequired: true},
	}
	days := func(d int64) *client.Seconds { return client.In(d * 86400) }
	f.perms = []client.ResourcePermission{
		{ID: 1, Name: "echo_get", GatewayName: "demo-echo", Grant: client.Grant{PermissionLevel: "unlimited", PermissionStatus: client.StatusUnlimited}},
		{ID: 2, Name: "echo_item", GatewayName: "demo-echo", Grant: client.Grant{PermissionLevel: "normal", PermissionStatus: client.StatusNeedApply, PermissionAction: client.ActionApply, ExpiresIn: days(0)}},
		{ID: 3, Name: "delete_item", GatewayName: "demo-echo", Grant: client.Grant{PermissionLevel: "sensitive", PermissionStatus: client.StatusNeedApply, PermissionAction: client.ActionApply, ExpiresIn: days(0)}},
		{ID: 4, Name: "update_item", GatewayName: "demo-echo", Grant: client.Grant{PermissionLevel: "normal", PermissionStatus: client.StatusOwned, PermissionAction: client.ActionRenew, ExpiresIn: days(12)}},
		{ID: 5, Name: "patch_item", GatewayName: "demo-echo", Grant: client.Grant{PermissionLevel: "normal", PermissionStatus: client.StatusOwned, PermissionAction: client.ActionRenew, ExpiresIn: days(170)}},
		{ID: 6, Name: "any_proxy", GatewayName: "demo-echo", Grant: client.Grant{PermissionLevel: "normal", PermissionStatus: client.StatusPending, ExpiresIn: days(0)}},
	}
	return f
}

func (f *fakeBackend) count(k string) {
	f.mu.Lock()
	f.calls[k]++
	f.mu.Unlock()
}

func (f *fakeBackend) Calls(k string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[k]
}

func (f *fakeBackend) Gateways(ctx context.Context, kw string) ([]client.Gateway, client.Surface, error) {
	f.count("gateways")
	return f.gateways, client.SurfaceHelpCenter, f.err
}
func (f *fakeBackend) Gateway(ctx context.Context, name string) (client.Gateway, client.Surface, error) {
	f.count("gateway")
	for _, g := range f.gateways {
		if g.Name == name {
			g.Name = cmp.Or(f.detailNamed, g.Name)
			return g, client.SurfaceHelpCenter, f.err
		}
	}
	return client.Gateway{}, "", &client.ErrNotFound{What: "gateway", Name: name}
}
func (f *fakeBackend) Stages(ctx context.Context, name string) ([]client.Stage, client.Surface, error) {
	return []client.Stage{{Name: "prod"}, {Name: "test"}}, client.SurfaceHelpCenter, f.err
}
func (f *fakeBackend) Resources(ctx context.Context, gw, stage string) ([]client.Resource, client.Surface, error) {
	f.count("resources/" + stage)
	f.mu.Lock()
	failed := f.failing["resources/"+gw]
	f.mu.Unlock()
	if failed != nil {
		return nil, client.SurfaceHelpCenter, failed
	}
	rs := f.res[gw]
	if stage == "test" && len(rs) > 1 {
		rs = rs[:len(rs)-1] // the last API is released in prod only
	}
	return rs, client.SurfaceHelpCenter, f.err
}
func (f *fakeBackend) CheckAll(ctx context.Context) client.Report {
	return client.Report{Features: []client.FeatureReport{{Feature: client.FeatureDoc, Surface: client.SurfaceHelpCenter},
		{Feature: client.FeatureSDKs, Needs: []string{client.NeedToken}}}}
}
func (f *fakeBackend) SetLang(l string) { f.mu.Lock(); f.lang = l; f.mu.Unlock() }

func (f *fakeBackend) PermissionStatus(ctx context.Context, gw string) ([]client.ResourcePermission, client.Surface, error) {
	f.count("perms")
	if f.permErr != nil {
		return nil, "", f.permErr
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]client.ResourcePermission{}, f.perms...), client.SurfaceDevCenter, nil
}
func (f *fakeBackend) AllowApplyByGateway(ctx context.Context, gw string) (client.AllowApply, client.Surface, error) {
	return client.AllowApply{AllowApplyByGateway: false, Reason: "has sensitive APIs"}, client.SurfaceDevCenter, f.permErr
}
func (f *fakeBackend) HeldPermissions(ctx context.Context) ([]client.HeldPermission, client.Surface, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []client.HeldPermission
	for _, p := range f.perms {
		if p.PermissionStatus == client.StatusOwned {
			out = append(out, client.HeldPermission{Kind: client.KindAPI, ResourcePermission: p})
		}
	}
	return out, client.SurfaceDevCenter, f.permErr
}
func (f *fakeBackend) Apply(ctx context.Context, a client.ApplyRequest) (client.ApplyResult, client.Surface, error) {
	f.count("apply")
	f.waitWhileHeld(context.Background(), &f.applyBlock)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.applied = append(f.applied, a)
	if f.applyErr != nil {
		if f.lostAfterMaking { // the server made the record, then the answer was lost
			f.records = append([]client.RecordDetail{{Record: client.Record{Application: client.Application{ID: 77, ApplyStatus: client.RecordPending, Reason: a.Reason}, GatewayName: a.Gateway}}}, f.records...)
		}
		return client.ApplyResult{}, "", f.applyErr
	}
	f.records = append([]client.RecordDetail{{Record: client.Record{Application: client.Application{ID: 100 + len(f.records), ApplyStatus: client.RecordPending, Reason: a.Reason, ExpireDays: a.ExpireDays, AppliedBy: "me"}, GatewayName: a.Gateway}}}, f.records...)
	return client.ApplyResult{RecordID: f.records[0].ID, ITSMTicketURL: "http://itsm/1"}, client.SurfaceDevCenter, nil
}
func (f *fakeBackend) Renew(ctx context.Context, ids []int, days int) (client.Surface, error) {
	f.count("renew")
	f.waitWhileHeld(context.Background(), &f.renewBlock)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.renewed = append(f.renewed, ids...)
	if f.permErr == nil {
		for i := range f.perms {
			for _, id := range ids {
				if f.perms[i].ID == id && f.perms[i].ExpiresIn != nil {
					v := *f.perms[i].ExpiresIn + client.Seconds(days)*86400
					f.perms[i].ExpiresIn = &v
				}
			}
		}
	}
	return client.SurfaceDevCenter, f.permErr
}
func (f *fakeBackend) Records(ctx context.Context, q client.RecordQuery) ([]client.Record, client.Surface, error) {
	f.count("records")
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []client.Record
	for _, r := range f.records {
		out = append(out, r.Record)
	}
	return out, client.SurfaceDevCenter, f.permErr
}
func (f *fakeBackend) Record(ctx context.Context, id int) (client.RecordDetail, client.Surface, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failing["record"]; err != nil {
		return client.RecordDetail{}, client.SurfaceDevCenter, err
	}
	for _, r := range f.records {
		if r.ID == id {
			return r, client.SurfaceDevCenter, nil
		}
	}
	return client.RecordDetail{}, "", &client.DevCenterError{Status: 404, Code: "NOT_FOUND"}
}

// decide marks every pending record decided, as the sandbox does after its delay.
func (f *fakeBackend) decide(status string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.records {
		if f.records[i].ApplyStatus == client.RecordPending {
			f.records[i].ApplyStatus = status
			f.records[i].Comment = "sensitive API rejected"
			f.records[i].Resources = []client.RecordResource{{Name: "echo_item", ApplyStatus: "approved"}, {Name: "delete_item", ApplyStatus: "rejected"}}
		}
	}
}

func (f *fakeBackend) Prepare(r client.CallRequest) (client.Prepared, error) {
	cfg := client.Config{APIURLTmpl: "http://bkapi.example.com/api/{api_name}", ComponentAPIURL: "http://esb.example.com", AppCode: "my-app", AppSecret: "secret-value", BkToken: "token-value"}
	return cfg.Prepare(r)
}
func (f *fakeBackend) MCPLogin(ctx context.Context, s client.MCPServer, tell func(string)) (time.Time, error) {
	f.count("mcp_login")
	tell("http://auth.example/authorize?client_id=dcr_1")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.loggedIn == nil {
		f.loggedIn = map[string]bool{}
	}
	f.loggedIn[s.Name] = true
	return time.Now().Add(2 * time.Hour), nil
}
func (f *fakeBackend) MCPLogout(ctx context.Context, server string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	was := f.loggedIn[server]
	delete(f.loggedIn, server)
	return was, nil
}
func (f *fakeBackend) MCPLoggedIn(ctx context.Context, server string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.loggedIn[server]
}
func (f *fakeBackend) Chat(ctx context.Context, r client.CallRequest, onDelta func(string)) (*client.CallResponse, *client.ChatAnswer, client.Prepared, error) {
	f.count("chat")
	return nil, nil, client.Prepared{}, &client.ErrUnavailable{Feature: client.FeatureCall}
}
func (f *fakeBackend) LLMSummary(ctx context.Context, id string, wait time.Duration) (client.LLMSummary, bool, error) {
	return client.LLMSummary{}, false, nil
}
func (f *fakeBackend) Call(ctx context.Context, r client.CallRequest) (*client.CallResponse, client.Prepared, error) {
	f.count("call")
	if err := f.waitWhileHeld(ctx, &f.callBlock); err != nil { // cancelled once sent, as the planner says it
		return nil, client.Prepared{}, &client.OutcomeUnknownError{Surface: client.SurfaceCall, Err: &client.TransportError{Method: r.Method, URL: "u", Err: err}}
	}
	p, err := f.Prepare(r)
	if err != nil {
		return nil, p, err
	}
	f.mu.Lock()
	resp := f.callResp
	f.lastPrep = p
	f.mu.Unlock()
	if resp == nil {
		resp = &client.CallResponse{Status: 200, Body: []byte(`{"echo":` + fmt.Sprintf("%q", string(r.Body)) + `}`), RequestID: "rid-1", Headers: map[string][]string{"Content-Type": {"application/json"}}}
	}
	return resp, p, nil
}
func (f *fakeBackend) Trace(ctx context.Context, rid string, wait time.Duration) ([]client.LogEntry, error) {
	return []client.LogEntry{{RequestID: rid, BackendHost: "echo.backend", Status: "200"}}, nil
}
func (f *fakeBackend) ResourceDetail(ctx context.Context, gw, res, stage, lang string) (client.ResourceDetail, error) {
	f.mu.Lock()
	failed := f.failing["detail"]
	f.mu.Unlock()
	if failed != nil {
		return client.ResourceDetail{}, failed
	}
	return client.ResourceDetail{Schema: map[string]any{"parameters": []any{map[string]any{"name": "page", "in": "query", "description": "page number"}},
		"requestBody": map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object", "properties": map[string]any{"name": map[string]any{"type": "string"}}}}}}}}, nil
}
func (f *fakeBackend) AuthPreview(withUser bool) string {
	if withUser {
		return `{"bk_app_code": "my-app", "bk_app_secret": "****", "bk_token": "****"}`
	}
	return `{"bk_app_code": "my-app", "bk_app_secret": "****"}`
}

func (f *fakeBackend) PastedAuth(fields map[string]string) (client.AuthFields, bool, bool) {
	return client.Config{AppCode: "my-app", AppSecret: "profile-secret"}.PastedAuth(fields)
}

func (f *fakeBackend) EachResource(ctx context.Context, gw, stage string, each func(client.Resource) error) (client.Surface, error) {
	rs, via, err := f.Resources(ctx, gw, stage)
	if err != nil {
		return via, err
	}
	for _, r := range rs {
		if err := each(r); err != nil {
			return via, err
		}
	}
	return via, nil
}

func (f *fakeBackend) WhoAmI(ctx context.Context) (client.UserInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.user.Username == "" {
		return client.UserInfo{}, &client.ErrUnavailable{Feature: client.FeatureWhoAmI, Needs: []string{client.NeedToken}}
	}
	return f.user, nil
}

func (f *fakeBackend) TokenRefused() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tokenRefused
}

// MCP: two servers, one owned; applying records the request; tools answer for owned ones.
func fakeMCPServers() []client.MCPServerPermission {
	return []client.MCPServerPermission{
		{MCPServer: client.MCPServer{ID: 1, Name: "demo-echo-prod-echo", Title: "Echo tools", ToolsCount: 2, ToolNames: []string{"echo_get", "echo_post"},
			ProtocolType: "sse", URL: "http://127.0.0.1:1/api/bk-apigateway/prod/api/v2/mcp-servers/demo-echo-prod-echo/application/sse/",
			OAuth2PublicClientEnabled: true},
			Permission: client.MCPPermission{Status: client.MCPNeedApply, Action: "apply"}},
		{MCPServer: client.MCPServer{ID: 2, Name: "bk-user-prod-directory", Title: "User directory", ToolsCount: 1, ToolNames: []string{"list_users"},
			ProtocolType: "streamable_http", URL: "http://127.0.0.1:1/api/bk-apigateway/prod/api/v2/mcp-servers/bk-user-prod-directory/mcp/", IsOfficial: true},
			Permission: client.MCPPermission{Status: client.MCPOwned}},
	}
}

func (f *fakeBackend) MCPServers(ctx context.Context, k string) ([]client.MCPServerPermission, client.Surface, error) {
	f.count("mcp")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.mcp == nil {
		f.mcp = fakeMCPServers()
	}
	if err := f.failing["mcp"]; err != nil {
		return nil, client.SurfaceDevCenter, err
	}
	return append([]client.MCPServerPermission{}, f.mcp...), client.SurfaceDevCenter, nil
}

func (f *fakeBackend) MCPDetail(ctx context.Context, id int) (client.MCPServer, error) {
	for _, x := range fakeMCPServers() {
		if x.MCPServer.ID == id {
			s := x.MCPServer
			for _, n := range s.ToolNames {
				s.Tools = append(s.Tools, client.MCPTool{Name: n, Method: "GET", Path: "/" + n + "/", Description: "tool " + n})
			}
			return s, nil
		}
	}
	return client.MCPServer{}, &client.ErrNotFound{What: "mcp", Name: fmt.Sprint(id)}
}

func (f *fakeBackend) MCPApply(ctx context.Context, a client.MCPApplyRequest) ([]client.MCPApplyResult, client.Surface, error) {
	f.count("mcp_apply")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.mcpApplied = append(f.mcpApplied, a)
	if f.mcpUnknown {
		return nil, client.SurfaceDevCenter, &client.OutcomeUnknownError{Surface: client.SurfaceDevCenter, Err: &client.NotJSONError{Status: 500}}
	}
	for i := range f.mcp {
		for _, id := range a.ServerIDs {
			if f.mcp[i].MCPServer.ID == id {
				f.mcp[i].Permission.Status = client.MCPPending
				f.mcp[i].Permission.ApprovalURL = "http://itsm.example/ticket/" + fmt.Sprint(id)
			}
		}
	}
	return nil, client.SurfaceDevCenter, nil
}

func (f *fakeBackend) MCPTools(ctx context.Context, s client.MCPServer) ([]client.MCPToolInfo, error) {
	if s.ID != 2 {
		return nil, &client.MCPError{Status: 403, Message: "appCode[my-app] has no permission to call mcp server[" + s.Name + "]"}
	}
	return []client.MCPToolInfo{{Name: "list_users", Description: "List users"}}, nil
}

func (f *fakeBackend) MCPAuthFields(s client.MCPServer) client.AuthFields {
	return client.AuthFields{AppCode: "my-app", AppSecret: "s3cret"}
}

func (f *fakeBackend) TenantID() string { return "" }

func (f *fakeBackend) RetryUnreachable() {}

// CheckMCPURL is the planner's check, with the fake servers' gateway.
func (f *fakeBackend) CheckMCPURL(s client.MCPServer) error {
	return (&client.Planner{Cfg: client.Config{APIURLTmpl: "http://127.0.0.1:1/api/{api_name}"}}).CheckMCPURL(s)
}

// ESB: one system with a component of each level; applying records it.
func (f *fakeBackend) Systems(ctx context.Context) ([]client.ESBSystem, client.Surface, error) {
	f.count("systems")
	if f.noESB {
		return nil, "", client.ErrNoESB
	}
	if f.systemsErr != nil {
		return nil, "", f.systemsErr
	}
	return []client.ESBSystem{{ID: 1, Name: "CC", Description: "CMDB", Maintainers: []string{"admin"}, Tag: "v2"}}, client.SurfaceDevCenter, nil
}

func (f *fakeBackend) Components(ctx context.Context, id int) ([]client.Component, client.Surface, error) {
	f.count("components")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.comps == nil {
		week := client.Seconds(7 * 86400)
		f.comps = []client.Component{
			{ID: 1, Name: "search_business", SystemID: 1, Grant: client.Grant{PermissionLevel: "normal", PermissionStatus: client.StatusNeedApply, PermissionAction: client.ActionApply}},
			{ID: 2, Name: "update_host", SystemID: 1, Grant: client.Grant{PermissionLevel: "sensitive", PermissionStatus: client.StatusNeedApply, PermissionAction: client.ActionApply}},
			{ID: 3, Name: "search_host", SystemID: 1, Grant: client.Grant{PermissionLevel: "special", PermissionStatus: client.StatusOwned, PermissionAction: client.ActionRenew, ExpiresIn: &week}},
			{ID: 4, Name: "get_biz_location", SystemID: 1, Grant: client.Grant{PermissionLevel: "unlimited", PermissionStatus: client.StatusUnlimited}},
		}
	}
	if err := f.failing["components"]; err != nil {
		return nil, client.SurfaceDevCenter, err
	}
	return append([]client.Component{}, f.comps...), client.SurfaceDevCenter, nil
}

func (f *fakeBackend) ComponentApply(ctx context.Context, a client.ComponentApplyRequest) (client.ApplyResult, client.Surface, error) {
	f.count("comp_apply")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.compApplied = append(f.compApplied, a)
	for i := range f.comps { // the applied components now wait for a decision
		if slices.Contains(a.ComponentIDs, f.comps[i].ID) {
			f.comps[i].PermissionStatus, f.comps[i].PermissionAction = client.StatusPending, ""
		}
	}
	return client.ApplyResult{RecordID: 77}, client.SurfaceDevCenter, nil
}

// decideComponents approves every pending component, as an approver would.
func (f *fakeBackend) decideComponents() {
	f.mu.Lock()
	defer f.mu.Unlock()
	year := client.Seconds(180 * 86400)
	for i := range f.comps {
		if f.comps[i].PermissionStatus == client.StatusPending {
			f.comps[i].PermissionStatus, f.comps[i].ExpiresIn = client.StatusOwned, &year
		}
	}
}

func (f *fakeBackend) ComponentRenew(ctx context.Context, ids []int, days int) (client.Surface, error) {
	f.count("comp_renew")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.compRenewed = append(f.compRenewed, ids...)
	return client.SurfaceDevCenter, nil
}

func (f *fakeBackend) MCPCall(ctx context.Context, s client.MCPServer, tool string, args json.RawMessage) (client.MCPCallResult, error) {
	f.count("mcp_call")
	if err := f.waitWhileHeld(ctx, &f.mcpBlock); err != nil {
		return client.MCPCallResult{}, err
	}
	if f.mcpParts != nil {
		return client.MCPCallResult{Parts: f.mcpParts}, nil
	}
	return client.MCPCallResult{Parts: []client.ToolPart{{Text: `{"tool": "` + tool + `", "args": ` + string(args) + `}`}}}, nil
}

func (f *fakeBackend) CallComponent(ctx context.Context, r client.ComponentCall) (*client.CallResponse, client.Prepared, error) {
	f.count("comp_call")
	p, _ := f.PrepareComponent(r)
	if r.Component == "update_host" {
		body := []byte(`{"result": false, "code": 1306403, "message": "App [my-app] has no permission", "data": null, "request_id": "r1"}`)
		return &client.CallResponse{Status: 200, Body: body, RequestID: "r1"}, p, &client.ESBError{Code: "1306403", Message: "App [my-app] has no permission", RequestID: "r1"}
	}
	return &client.CallResponse{Status: 200, Body: []byte(`{"result": true, "code": 0, "message": "", "data": {"ok": 1}, "request_id": "r2"}`)}, p, nil
}

func (f *fakeBackend) PrepareComponent(r client.ComponentCall) (client.Prepared, error) {
	return client.Config{ComponentAPIURL: "http://esb.example", AppCode: "my-app", AppSecret: "s3cret"}.PrepareComponent(r)
}
