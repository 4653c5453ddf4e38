// Package sandbox is an embedded BlueKing installation: it serves the Help Center (A), the open
// (O) and inner (I) APIs of bk-apigateway, the Developer Center backend (D) and calls to any
// gateway API (C) on one address, as docs/contract.md describes them (read from upstream's source).
package sandbox

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options tune the sandbox.
type Options struct {
	DecideAfter time.Duration // how long an application stays pending; default 3s
	LogDelay    time.Duration // how long before a request shows in the gateway's log; default 800ms
	ExtraAPIs   int           // adds gateway "bench-gw" with this many generated APIs
	StateFile   string        // persist state here (atomically) so separate runs share it
	// Notice is told what the user should know (a damaged state set aside); may be nil.
	Notice func(key string, args ...any)
	Now    func() time.Time // clock, for tests
	Faults Faults
	// MultiTenant makes the sandbox a multi-tenant installation: no ESB (its routes 404).
	MultiTenant bool
	// AnswerAs is "release" (the default: what gateway 1.16 to 1.23 send, which is what users
	// run) or "master" (upstream's master branch). docs/contract.md lists the differences.
	AnswerAs string
	// TokenLifetime is how long an access token of a login lasts; default 7200s, as bkauth's.
	TokenLifetime time.Duration
}

// Answer shapes a sandbox can take.
const (
	AnswerRelease = "release"
	AnswerMaster  = "master"
)

// ParseAnswerAs checks a --answer-as value.
func ParseAnswerAs(v string) (string, error) {
	switch v {
	case "", AnswerRelease:
		return AnswerRelease, nil
	case AnswerMaster:
		return AnswerMaster, nil
	}
	return "", fmt.Errorf("%q: release or master", v)
}

// master reports whether the sandbox answers as upstream's master branch.
func (s *Sandbox) master() bool { return s.opts.AnswerAs == AnswerMaster }

// App is one demo app account.
type App struct {
	Code         string `json:"bk_app_code"`
	Secret       string `json:"bk_app_secret"`
	InnerGranted bool   `json:"inner_granted"`
}

// Apps are the demo apps: the first is granted the inner APIs, the second is not.
var Apps = []App{
	{Code: DemoAppCode, Secret: DemoAppSecret, InnerGranted: true},
	{Code: VisitorAppCode, Secret: VisitorAppSecret, InnerGranted: false},
}

type stage struct {
	ID          int
	Name        string
	DescZh      string
	DescEn      string
	ResourceVer string
}

type resource struct {
	ID        int
	Gateway   *gateway
	Name      string
	Method    string
	Path      string
	DescZh    string
	DescEn    string
	UserReq   bool
	AppReq    bool
	PermReq   bool
	Public    bool // allows applications
	Sensitive bool
	ProdOnly  bool
	Labels    []string
	DocZh     string
	DocEn     string
	// matcher is the path's regular expression, compiled when the gateway is first called:
	// compiling them all took most of the embedded sandbox's start-up, paid before --sandbox
	// shows its first frame.
	matcher func() *pathMatcher
	// MatchSubpath: every path below Path reaches this resource; O shows it as Path + "*".
	MatchSubpath bool
	// OAuth2: the resource accepts tokens of public clients and personal tokens (gateway 1.24).
	OAuthPublic, OAuthPersonal bool
	AI                         bool // kind ai: Chat Completions, answered by the sandbox's model
}

// kind is the resource's kind as O and A name it.
func (r *resource) kind() string {
	if r.AI {
		return "ai"
	}
	return "standard"
}

// gatewayLevel is the level upstream sends for a gateway resource: only normal or unlimited
// (the enum's sensitive and special are sent for ESB components, never here).
func (r *resource) gatewayLevel() string {
	if !r.PermReq {
		return "unlimited"
	}
	return "normal"
}

func (r *resource) releasedIn(st string) bool { return st == "prod" || !r.ProdOnly }

type gateway struct {
	ID        int
	Seed      seedGateway
	Stages    []stage
	Resources []*resource
	byName    map[string]*resource
}

// kindName is the gateway's kind as O and I name it (normal, programmable, ai); kindNumber is
// the Help Center's integer for it.
func (g *gateway) kindName() string {
	if g.Seed.kind == "" {
		return "normal"
	}
	return g.Seed.kind
}

func (g *gateway) kindNumber() int {
	if g.Seed.kind == "ai" {
		return 2
	}
	return 0
}

// permission is an app's grant on one resource. Expires zero means never.
type permission struct {
	Expires time.Time `json:"expires"`
	Never   bool      `json:"never"`
}

// grantFor is a grant decided at for days (0: for ever).
func grantFor(days int, at time.Time) permission {
	if days == 0 {
		return permission{Never: true}
	}
	return permission{Expires: at.Add(time.Duration(days) * 24 * time.Hour)}
}

// renewed is p renewed by days as upstream renews: from its expiry or from now, whichever is
// later; 0 days makes it permanent, and a permanent one stays so.
func (p permission) renewed(days int, now time.Time) permission {
	if p.Never {
		return p
	}
	from := p.Expires
	if from.Before(now) {
		from = now
	}
	return grantFor(days, from)
}

// setPermission keeps p as app's grant on key in perms (app → key → grant).
func setPermission(perms *map[string]map[string]permission, app, key string, p permission) {
	if *perms == nil {
		*perms = map[string]map[string]permission{}
	}
	if (*perms)[app] == nil {
		(*perms)[app] = map[string]permission{}
	}
	(*perms)[app][key] = p
}

// approvedComment is what the sandbox's approver writes on an application it grants whole.
const approvedComment = "同意 / approved"

// verdict is how the sandbox's approver words a refusal for one kind of item.
type verdict struct{ rejected, partial string }

var (
	apiVerdict = verdict{"敏感接口需要说明具体使用场景，请补充后重新申请 / sensitive APIs need a concrete use case: add it and apply again",
		"敏感接口已驳回，其余已同意 / sensitive APIs rejected, the others approved"}
	componentVerdict = verdict{"敏感组件需要说明使用场景 / sensitive components need a use case",
		"敏感组件已驳回，其余已同意 / sensitive components rejected, the others approved"}
)

// decide settles an application's items as the sandbox's approver does: a sensitive one is
// rejected, the others granted; the record's status and comment follow from the counts.
func (v verdict) decide(ids []int, results map[string]string, sensitive func(id int) bool, grant func(id int)) (status, comment string) {
	approved, rejected := 0, 0
	for _, id := range ids {
		key := strconv.Itoa(id)
		if sensitive(id) {
			results[key] = "rejected"
			rejected++
			continue
		}
		results[key] = "approved"
		approved++
		grant(id)
	}
	switch {
	case rejected == 0:
		return "approved", approvedComment
	case approved == 0:
		return "rejected", v.rejected
	}
	return "partial_approved", v.partial
}

// due tells whether an application is still pending after the sandbox's delay (now).
func (s *Sandbox) due(status string, applied, now time.Time) bool {
	return status == "pending" && now.Sub(applied) >= s.opts.DecideAfter
}

type record struct {
	ID          int               `json:"id"`
	AppCode     string            `json:"bk_app_code"`
	Gateway     string            `json:"gateway_name"`
	AppliedBy   string            `json:"applied_by"`
	AppliedTime time.Time         `json:"applied_time"`
	Reason      string            `json:"reason"`
	ExpireDays  int               `json:"expire_days"`
	Dimension   string            `json:"grant_dimension"`
	ResourceIDs []int             `json:"resource_ids"`
	Status      string            `json:"apply_status"`
	HandledBy   []string          `json:"handled_by"`
	HandledTime time.Time         `json:"handled_time"`
	Comment     string            `json:"comment"`
	Results     map[string]string `json:"results"` // resource id → status
	TicketID    int               `json:"itsm_ticket_id"`
}

type state struct {
	NextRecordID int                              `json:"next_record_id"`
	Records      []*record                        `json:"records"`
	Perms        map[string]map[string]permission `json:"perms"` // app → resource id → grant
	// GatewayPerms are whole-gateway grants, kept apart from resource grants as upstream keeps
	// AppGatewayPermission apart from AppResourcePermission: app → gateway name → grant.
	GatewayPerms map[string]map[string]permission `json:"gateway_perms,omitempty"`
	// MCP applications and grants: app → server id → granted.
	MCPRecords []*mcpRecord               `json:"mcp_records,omitempty"`
	MCPPerms   map[string]map[string]bool `json:"mcp_perms,omitempty"`
	// ESB component applications and grants: app → component id → grant.
	ESBRecords []*esbRecord                     `json:"esb_records,omitempty"`
	ESBPerms   map[string]map[string]permission `json:"esb_perms,omitempty"`
	// bkauth (gateway 1.24): OAuth2 tokens (personal ones and those logins issue) and the
	// clients that registered themselves.
	Tokens  map[string]*oauthToken  `json:"oauth_tokens,omitempty"`
	Clients map[string]*oauthClient `json:"oauth_clients,omitempty"`
	// Rev counts writes: another process's newer state is picked up (reload).
	Rev int `json:"rev"`
}

type logEntry struct {
	at    time.Time
	entry map[string]any
}

// Sandbox is the embedded installation; it is an http.Handler.
type Sandbox struct {
	opts     Options
	gateways []*gateway
	byName   map[string]*gateway
	byID     map[int]*resource
	codes    map[string]*authCode // bkauth's authorization codes: short-lived, this process's

	mu          sync.Mutex
	st          state
	logs        map[string]logEntry
	logQ        []string // request ids, oldest first, to bound the log
	fault       *faultState
	mcpMu       sync.Mutex
	mcpHandlers map[string]http.Handler
}

// New builds a sandbox with the seeded data (and the state file's state, if any).
func New(opts Options) (*Sandbox, error) {
	if opts.DecideAfter == 0 {
		opts.DecideAfter = 3 * time.Second
	}
	if opts.TokenLifetime == 0 {
		opts.TokenLifetime = 7200 * time.Second
	}
	if opts.LogDelay == 0 {
		opts.LogDelay = 800 * time.Millisecond
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Sandbox{opts: opts, byName: map[string]*gateway{}, byID: map[int]*resource{}, logs: map[string]logEntry{}, codes: map[string]*authCode{},
		st: state{NextRecordID: 1, Perms: map[string]map[string]permission{}}}
	s.fault = newFaultState(opts.Faults)
	// A fresh installation where the demo app already holds a whole-gateway permission with more
	// than 360 days left, so "not allowed" is seen as upstream words it.
	s.st.GatewayPerms = map[string]map[string]permission{DemoAppCode: {seedGatewayGrant: {Expires: opts.Now().Add(400 * 24 * time.Hour)}}}
	seeds := seedGateways
	if opts.ExtraAPIs > 0 {
		seeds = append(append([]seedGateway{}, seeds...), seedGateway{name: "bench-gw",
			descZh:      fmt.Sprintf("性能测试网关：%d 个生成的接口", opts.ExtraAPIs),
			descEn:      fmt.Sprintf("Benchmark gateway: %d generated APIs", opts.ExtraAPIs),
			maintainers: []string{"admin"}, apis: generatedAPIs(opts.ExtraAPIs)})
	}
	rid := 1000
	for i, sg := range seeds {
		g := &gateway{ID: i + 1, Seed: sg, byName: map[string]*resource{}}
		g.Stages = []stage{
			{ID: (i+1)*10 + 1, Name: "prod", DescZh: "正式环境", DescEn: "Production", ResourceVer: "1.3.0"},
			{ID: (i+1)*10 + 2, Name: "test", DescZh: "测试环境", DescEn: "Testing", ResourceVer: "1.4.0-beta"},
		}
		for _, a := range sg.apis {
			rid++
			r := &resource{ID: rid, Gateway: g, Name: a.name, Method: a.method, Path: a.path, DescZh: a.zh, DescEn: a.en,
				UserReq: strings.Contains(a.flags, "U"), AppReq: !strings.Contains(a.flags, "A"),
				PermReq: !strings.Contains(a.flags, "N"), Public: !strings.Contains(a.flags, "X"),
				Sensitive: strings.Contains(a.flags, "S"), ProdOnly: strings.Contains(a.flags, "P"), Labels: a.labels,
				MatchSubpath: strings.Contains(a.flags, "M"),
				OAuthPublic:  strings.Contains(a.flags, "C"), OAuthPersonal: strings.Contains(a.flags, "T"), AI: strings.Contains(a.flags, "I")}
			r.matcher = sync.OnceValue(func() *pathMatcher {
				if r.MatchSubpath {
					return compileSubpath(r.Path)
				}
				return compilePath(r.Path)
			})
			g.Resources = append(g.Resources, r)
			g.byName[r.Name] = r
			s.byID[r.ID] = r
		}
		s.gateways = append(s.gateways, g)
		s.byName[g.Seed.name] = g
	}
	if opts.StateFile != "" {
		b, err := os.ReadFile(opts.StateFile)
		var st state
		switch {
		case os.IsNotExist(err):
		case err != nil:
			return nil, err
		case json.Unmarshal(b, &st) != nil:
			// A damaged state is kept for the user to look at, and the sandbox starts fresh.
			to := opts.StateFile + ".damaged-" + time.Now().Format("20060102-150405")
			if rerr := os.Rename(opts.StateFile, to); rerr != nil {
				return nil, fmt.Errorf("sandbox state %s is damaged and cannot be set aside: %w", opts.StateFile, rerr)
			}
			if opts.Notice != nil {
				opts.Notice("sandbox.state_damaged", opts.StateFile, to)
			}
		default:
			if st.Perms == nil {
				st.Perms = map[string]map[string]permission{}
			}
			if st.NextRecordID == 0 {
				st.NextRecordID = 1
			}
			s.st = st
		}
	}
	s.seedTokens(time.Now())
	return s, nil
}

// persist writes the state file atomically (temp file + rename). Called with mu held.
func (s *Sandbox) persist() {
	if s.opts.StateFile == "" {
		return
	}
	s.st.Rev++
	b, err := json.MarshalIndent(s.st, "", " ")
	if err != nil {
		return
	}
	dir := filepath.Dir(s.opts.StateFile)
	_ = os.MkdirAll(dir, 0o700)
	f, err := os.CreateTemp(dir, ".sandbox-state-*")
	if err != nil {
		return
	}
	_, werr := f.Write(b)
	cerr := f.Close()
	if werr != nil || cerr != nil {
		os.Remove(f.Name())
		return
	}
	if err := os.Rename(f.Name(), s.opts.StateFile); err != nil {
		os.Remove(f.Name())
	}
}

// reload picks up changes another process made to the shared state file. Called with mu held.
func (s *Sandbox) reload() {
	if s.opts.StateFile == "" {
		return
	}
	b, err := os.ReadFile(s.opts.StateFile)
	if err != nil {
		return
	}
	var st state
	if json.Unmarshal(b, &st) == nil && st.NextRecordID >= s.st.NextRecordID && st.Rev >= s.st.Rev {
		if st.Perms == nil {
			st.Perms = map[string]map[string]permission{}
		}
		s.st = st
	}
}

// URLs are the addresses a client needs, for a sandbox served at base (http://127.0.0.1:port).
type URLs struct {
	APIURLTmpl         string `json:"api_url_tmpl"`
	HelpCenterURL      string `json:"help_center_url"`
	DeveloperCenterURL string `json:"developer_center_url"`
	ComponentAPIURL    string `json:"component_api_url"`
}

// URLsFor returns the sandbox's URLs under base.
func URLsFor(base string) URLs {
	base = strings.TrimRight(base, "/")
	return URLs{APIURLTmpl: base + "/api/{api_name}", HelpCenterURL: base + helpCenterPrefix, DeveloperCenterURL: base + devCenterPrefix,
		ComponentAPIURL: base}
}

// ServeHTTP routes to the surface a path belongs to.
func (s *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fs := s.faults()
	if fs.inject(w, r) {
		return
	}
	if fs.loseAnswer(r) {
		s.serve(&discardWriter{h: http.Header{}}, r) // carried out; the answer goes nowhere
		dropConnection(w)
		return
	}
	s.serve(w, r)
}

func (s *Sandbox) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.reload()
	s.settle()
	s.mu.Unlock()
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, helpCenterPrefix+"/backend/docs/"):
		s.serveHelpCenter(w, r, strings.TrimPrefix(p, helpCenterPrefix+"/backend/docs/"))
	case p == devCenterPrefix+"/backend/api/accounts/userinfo/" || p == devCenterPrefix+"/backend/api/user/":
		s.serveUserInfo(w, r)
	case strings.HasPrefix(p, devCenterPrefix+"/backend/api/cloudapi-v2/apps/"):
		s.serveDevCenter(w, r, strings.TrimPrefix(p, devCenterPrefix+"/backend/api/cloudapi-v2/apps/"))
	case strings.HasPrefix(p, "/api/c/compapi/v2/"):
		if s.opts.MultiTenant {
			http.NotFound(w, r)
			return
		}
		s.serveCompAPI(w, r, strings.TrimPrefix(p, "/api/c/compapi/v2/"))
	case strings.HasPrefix(p, bkauthPrefix+"/"):
		s.serveBkauth(w, r, strings.TrimPrefix(p, bkauthPrefix))
	case p == "/.well-known/oauth-authorization-server"+bkauthPrefix, p == "/.well-known/openid-configuration"+bkauthPrefix:
		// RFC 8414's form for an issuer with a path (…/.well-known/…/bkauth), which MCP clients
		// try first: the same metadata.
		s.serveBkauth(w, r, "/.well-known/oauth-authorization-server")
	case strings.HasPrefix(p, apiPrefix):
		// Match on the escaped path, so an encoded "/" inside a path parameter stays in it.
		s.serveGateway(w, r, strings.TrimPrefix(r.URL.EscapedPath(), apiPrefix))
	default:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, "<html><body><h1>404 Not Found</h1><p>bkconsole sandbox</p></body></html>")
	}
}

// settle decides applications whose delay has passed. Called with mu held.
func (s *Sandbox) settle() {
	now := s.opts.Now()
	changed := false
	for _, rec := range s.st.Records {
		if !s.due(rec.Status, rec.AppliedTime, now) {
			continue
		}
		changed = true
		rec.HandledTime = rec.AppliedTime.Add(s.opts.DecideAfter)
		rec.HandledBy = []string{"admin"}
		if rec.Dimension == "api" {
			s.grantGateway(rec.AppCode, rec.Gateway, rec.ExpireDays, rec.HandledTime)
			rec.Status, rec.Comment = "approved", approvedComment
			continue
		}
		rec.Status, rec.Comment = apiVerdict.decide(rec.ResourceIDs, rec.Results,
			func(id int) bool { r := s.byID[id]; return r != nil && r.Sensitive },
			func(id int) {
				setPermission(&s.st.Perms, rec.AppCode, strconv.Itoa(id), grantFor(rec.ExpireDays, rec.HandledTime))
			})
	}
	if s.settleMCP(now) {
		changed = true
	}
	if s.settleESB(now) {
		changed = true
	}
	if changed {
		s.persist()
	}
}

// grantGateway is a whole-gateway approval: the gateway's grant is set to now + days (upstream's
// update_or_create with calculate_expires); resource grants are left as they are.
func (s *Sandbox) grantGateway(app, gw string, days int, at time.Time) {
	if s.st.GatewayPerms == nil {
		s.st.GatewayPerms = map[string]map[string]permission{}
	}
	m := s.st.GatewayPerms[app]
	if m == nil {
		m = map[string]permission{}
		s.st.GatewayPerms[app] = m
	}
	if days == 0 {
		m[gw] = permission{Never: true}
		return
	}
	m[gw] = permission{Expires: at.Add(time.Duration(days) * 24 * time.Hour)}
}

// latestRecordStatus is the apply status of a resource as upstream keeps it: "pending" while a
// whole-gateway application of the app is pending (decided ones leave no status), else the status
// of the newest resource application that covers it (pending or rejected; approved leaves none).
func (s *Sandbox) latestRecordStatus(app string, r *resource) string {
	if s.gatewayPending(app, r.Gateway.Seed.name) {
		return "pending"
	}
	for i := len(s.st.Records) - 1; i >= 0; i-- {
		rec := s.st.Records[i]
		if rec.AppCode != app || rec.Gateway != r.Gateway.Seed.name || rec.Dimension == "api" {
			continue
		}
		for _, id := range rec.ResourceIDs {
			if id == r.ID {
				if rec.Status == "pending" {
					return "pending"
				}
				return rec.Results[fmt.Sprint(id)]
			}
		}
	}
	return ""
}

// gatewayPending tells whether a whole-gateway application of the app is waiting.
func (s *Sandbox) gatewayPending(app, gw string) bool {
	for _, rec := range s.st.Records {
		if rec.AppCode == app && rec.Gateway == gw && rec.Dimension == "api" && rec.Status == "pending" {
			return true
		}
	}
	return false
}

// secondsLeft is a grant's time left as upstream normalizes it: +Inf for never expires, -Inf
// for no grant at all, else seconds (negative once expired, as total_seconds() is).
func secondsLeft(p permission, has bool, now time.Time) float64 {
	switch {
	case !has:
		return math.Inf(-1)
	case p.Never:
		return math.Inf(1)
	}
	return float64(int64(p.Expires.Sub(now) / time.Second))
}

// allowWholeGateway is upstream's check for a whole-gateway application (DASH/biz/permission/
// manager.py, GatewayPermissionDimensionManager.allow_apply_permission), with its words.
func (s *Sandbox) allowWholeGateway(app, gw string, en bool) (bool, string) {
	if s.gatewayPending(app, gw) {
		return false, pick(en, "权限申请中，请联系网关负责人审批。", "Permission applying, please contact the gateway administrator to approve.")
	}
	p, has := s.st.GatewayPerms[app][gw]
	if has && (p.Never || p.Expires.Sub(s.opts.Now()) >= 360*24*time.Hour) {
		return false, pick(en, "权限有效期小于 360 天时，才可申请。", "Permissions can only be applied if they are valid for less than 360.")
	}
	return true, ""
}

// permissionOf computes status, action and expires_in as DASH/biz/permission/display.py does.
func (s *Sandbox) permissionOf(app string, r *resource) (status, action string, expiresIn *int64) {
	now := s.opts.Now()
	rp, hasR := s.st.Perms[app][fmt.Sprint(r.ID)]
	gp, hasG := s.st.GatewayPerms[app][r.Gateway.Seed.name]
	// An API's expiry is the later of its gateway's grant and its own.
	left := math.Max(secondsLeft(gp, hasG, now), secondsLeft(rp, hasR, now))
	latest := s.latestRecordStatus(app, r)
	switch {
	case !r.PermReq:
		status = "unlimited"
	case math.IsInf(left, 1):
		status = "owned"
	case latest == "pending" || latest == "rejected":
		status = latest
	case left > 0:
		status = "owned"
	case !math.IsInf(left, -1):
		status = "expired"
	default:
		status = "need_apply"
	}
	// Upstream computes +inf (never expires) or -inf (no permission at all) and its
	// serializer turns both into null: null is read with the status, never alone.
	if r.PermReq && !math.IsInf(left, 0) {
		v := int64(left)
		expiresIn = &v
	}
	switch {
	case status == "owned" && expiresIn != nil && *expiresIn > 0 && *expiresIn < 360*24*3600:
		action = "renew"
	case status != "pending" && status != "owned" && status != "unlimited":
		action = "apply"
	}
	return
}

// hasPermission tells whether the app holds any grant on r, its own or its gateway's.
func (s *Sandbox) hasPermission(app string, r *resource) bool {
	_, hasR := s.st.Perms[app][fmt.Sprint(r.ID)]
	_, hasG := s.st.GatewayPerms[app][r.Gateway.Seed.name]
	return hasR || hasG
}

func (s *Sandbox) permJSON(app string, r *resource, host string) map[string]any {
	status, action, exp := s.permissionOf(app, r)
	return map[string]any{
		"id": r.ID, "name": r.Name, "gateway_name": r.Gateway.Seed.name, "gateway_id": r.Gateway.ID,
		"description": r.DescZh, "description_en": r.DescEn, "expires_in": exp,
		"permission_level": r.gatewayLevel(), "permission_status": status, "permission_action": action,
		"doc_link": resourceDocLink(host, r),
	}
}

// sortPerms orders permission rows as upstream does, by the level it sends (normal or
// unlimited: a sensitive resource is "normal" there), then the name
// (apis/v2/inner/views.py, GatewayPermissionResourceListApi).
func sortPerms(rows []*resource) {
	sort.SliceStable(rows, func(i, j int) bool {
		if li, lj := rows[i].gatewayLevel(), rows[j].gatewayLevel(); li != lj {
			return li < lj
		}
		return rows[i].Name < rows[j].Name
	})
}

func (s *Sandbox) visibleGateways(showPlugin bool) []*gateway {
	var out []*gateway
	for _, g := range s.gateways {
		if g.Seed.plugin && !showPlugin {
			continue
		}
		out = append(out, g)
	}
	return out
}

func isEnglish(r *http.Request) bool {
	if c, err := r.Cookie("blueking_language"); err == nil {
		return strings.HasPrefix(strings.ToLower(c.Value), "en")
	}
	return strings.HasPrefix(strings.ToLower(r.Header.Get("Accept-Language")), "en")
}

func pick(en bool, zh, eng string) string {
	if en {
		return eng
	}
	return zh
}

func fmtTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.In(cst).Format("2006-01-02 15:04:05 -0700")
}

var cst = time.FixedZone("CST", 8*3600)

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// dashData writes A/O/I's success envelope.
func dashData(w http.ResponseWriter, status int, v any) {
	writeJSON(w, status, map[string]any{"data": v})
}

// dashError writes A/O/I's error envelope.
func dashError(w http.ResponseWriter, status int, code, msg string, data any) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"code": code, "message": msg, "data": data}})
}

func paginate[T any](r *http.Request, all []T) map[string]any {
	limit, offset := 10, 0
	fmt.Sscan(r.URL.Query().Get("limit"), &limit)
	fmt.Sscan(r.URL.Query().Get("offset"), &offset)
	if limit <= 0 {
		limit = 10
	}
	if offset < 0 {
		offset = 0
	}
	end := offset + limit
	if offset > len(all) {
		offset = len(all)
	}
	if end > len(all) {
		end = len(all)
	}
	return map[string]any{"count": len(all), "results": all[offset:end]}
}

// resourceDocLink is the API's page in the Help Center as upstream builds it from
// RESOURCE_DOC_URL_TMPL (DASH/service/utils.py get_resource_doc_link): a full URL, on the
// stage that serves the API.
func resourceDocLink(host string, r *resource) string {
	return fmt.Sprintf("http://%s%s/docs/apigw-api/%s/%s/doc?stage=prod", host, helpCenterPrefix, r.Gateway.Seed.name, r.Name)
}
