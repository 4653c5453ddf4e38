package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/client/i18n"
)

// Time decodes the gateway's time fields: "2025-01-01 00:00:00 +0800", the doc form
// "2025-01-10 15:30:00+0800", ISO 8601, or null. It encodes back in the contract's form.
type Time struct{ time.Time }

var timeLayouts = []string{
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05-0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05",
	time.RFC3339Nano,
	time.RFC3339,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999",
}

// ContractTimeLayout is the contract's own time format.
const ContractTimeLayout = "2006-01-02 15:04:05 -0700"

// ParseTime parses any of the accepted time forms.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised time %q", s)
}

func (t *Time) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*t = Time{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*t = Time{}
		return nil
	}
	v, err := ParseTime(s)
	if err != nil {
		return err
	}
	t.Time = v
	return nil
}

func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(t.Format(ContractTimeLayout))
}

// Page is the contract's paginated body.
type Page[T any] struct {
	Count   int `json:"count"`
	Results []T `json:"results"`
}

// UnmarshalJSON also takes a bare list, which older versions (and upstream's own doc
// examples) send for paginated listings: it is one complete page.
func (p *Page[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var items []T
		if err := json.Unmarshal(b, &items); err != nil {
			return err
		}
		p.Count, p.Results = len(items), items
		return nil
	}
	var w struct {
		Count   int `json:"count"`
		Results []T `json:"results"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	p.Count, p.Results = w.Count, w.Results
	return nil
}

// Label of a resource.
type Label struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// ServiceAccount of a gateway's doc maintainers.
type ServiceAccount struct {
	Name string `json:"name"`
	Link string `json:"link"`
}

// DocMaintainers says who answers questions about a gateway's docs.
type DocMaintainers struct {
	Type           string         `json:"type"`
	Contacts       []string       `json:"contacts"`
	ServiceAccount ServiceAccount `json:"service_account"`
}

// UnmarshalJSON also takes the older form, a plain list of usernames (upstream's own doc
// example of O's gateway list sends it): a list of users.
func (d *DocMaintainers) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var users []string
		if err := json.Unmarshal(b, &users); err != nil {
			return err
		}
		*d = DocMaintainers{Type: "user", Contacts: users}
		return nil
	}
	type plain DocMaintainers
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*d = DocMaintainers(p)
	return nil
}

// GatewaySDK is an SDK entry of a Help Center gateway.
type GatewaySDK struct {
	Language       string `json:"language"`
	Version        string `json:"version"`
	URL            string `json:"url"`
	Name           string `json:"name"`
	InstallCommand string `json:"install_command"`
}

// Gateway is the Help Center's gateway. O's and I's lists carry a subset; Kind is an
// integer on A and a name on O/I, so it is kept raw and read through KindName.
type Gateway struct {
	ID             int             `json:"id"`
	Name           string          `json:"name"`
	Kind           json.RawMessage `json:"kind,omitempty"`
	Description    string          `json:"description"`
	TenantMode     string          `json:"tenant_mode,omitempty"`
	TenantID       string          `json:"tenant_id,omitempty"`
	Maintainers    []string        `json:"maintainers"`
	DocMaintainers DocMaintainers  `json:"doc_maintainers"`
	IsOfficial     bool            `json:"is_official"`
	IsPluginGW     bool            `json:"is_plugin_gateway"`
	IsDeprecated   bool            `json:"is_deprecated"`
	DeprecatedNote string          `json:"deprecated_note"`
	APIURL         string          `json:"api_url"`
	SDKs           []GatewaySDK    `json:"sdks"`
}

// Markers are the marks a gateway's listing shows beside its name, as catalog keys: an AI
// gateway, an official one, a deprecated one, a plugin gateway. The CLI and the TUI translate
// the same list.
func (g Gateway) Markers() []string {
	var m []string
	for _, x := range []struct {
		on  bool
		key string
	}{{g.KindName() == KindAI, "mark.ai"}, {g.IsOfficial, "mark.official"}, {g.IsDeprecated, "mark.deprecated"}, {g.IsPluginGW, "mark.plugin"}} {
		if x.on {
			m = append(m, x.key)
		}
	}
	return m
}

// KindName reads kind in either form (0/1/2 or normal/programmable/ai).
func (g Gateway) KindName() string {
	s := strings.Trim(string(g.Kind), `"`)
	switch s {
	case "", "0", "normal", "null":
		return "normal"
	case "1", "programmable":
		return "programmable"
	case "2", "ai":
		return "ai"
	}
	return s
}

// Stage of a gateway.
type Stage struct {
	ID          int    `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// AuthConfig is how O reports a resource's verification flags.
type AuthConfig struct {
	UserVerifiedRequired        bool `json:"user_verified_required"`
	AppVerifiedRequired         bool `json:"app_verified_required"`
	ResourcePermRequired        bool `json:"resource_perm_required"`
	OAuth2PublicClientEnabled   bool `json:"oauth2_public_client_enabled"`
	OAuth2PersonalClientEnabled bool `json:"oauth2_personal_client_enabled"`
}

// Resource is an API of a gateway. A fills the flags at the top level; O fills
// AuthConfig, which Normalize copies up so screens read one shape.
type Resource struct {
	ID                          int         `json:"id"`
	Name                        string      `json:"name"`
	Kind                        string      `json:"kind,omitempty"`
	Description                 string      `json:"description"`
	Method                      string      `json:"method"`
	Path                        string      `json:"path"`
	VerifiedUserRequired        bool        `json:"verified_user_required"`
	VerifiedAppRequired         bool        `json:"verified_app_required"`
	ResourcePermRequired        bool        `json:"resource_perm_required"`
	AllowApplyPermission        bool        `json:"allow_apply_permission"`
	OAuth2PublicClientEnabled   bool        `json:"oauth2_public_client_enabled"`
	OAuth2PersonalClientEnabled bool        `json:"oauth2_personal_client_enabled"`
	Labels                      []Label     `json:"labels"`
	MatchSubpath                bool        `json:"match_subpath,omitempty"`
	EnableWebsocket             bool        `json:"enable_websocket,omitempty"`
	IsPublic                    *bool       `json:"is_public,omitempty"`
	AuthConfig                  *AuthConfig `json:"auth_config,omitempty"`
}

// KindAI is the kind of a resource (and gateway) that speaks OpenAI Chat Completions.
const KindAI = "ai"

// IsAI tells whether the resource is an AI resource (gateway 1.24).
func (r Resource) IsAI() bool { return r.Kind == KindAI }

// Matches reports whether keyword stands in the API's name, path or description, in any case:
// the Open API's resource keyword (DASH/apigateway/biz/resource/resource.py), applied by the
// caller to the Help Center's list, which takes none. An empty keyword matches every API.
func (r Resource) Matches(keyword string) bool {
	k := strings.ToLower(keyword)
	return strings.Contains(strings.ToLower(r.Name), k) || strings.Contains(strings.ToLower(r.Path), k) ||
		strings.Contains(strings.ToLower(r.Description), k)
}

// LabelNames are the names of the resource's labels (the Help Center's tags), in its order.
func (r Resource) LabelNames() []string {
	names := make([]string, 0, len(r.Labels))
	for _, l := range r.Labels {
		names = append(names, l.Name)
	}
	return names
}

// TokenKinds names the OAuth2 tokens the resource accepts besides X-Bkapi-Authorization:
// "personal", "public", both or none.
func (r Resource) TokenKinds() []string {
	var k []string
	if r.OAuth2PersonalClientEnabled {
		k = append(k, "personal")
	}
	if r.OAuth2PublicClientEnabled {
		k = append(k, "public")
	}
	return k
}

// Normalize copies O's auth_config onto the top-level flags, and gives a sub-path resource the
// display path O's list uses (/prefix/*): the release branches' detail sends the stored path.
func (r *Resource) Normalize() {
	if r.MatchSubpath && !strings.HasSuffix(r.Path, "*") {
		r.Path = strings.TrimSuffix(r.Path, "/") + "/*"
	}
	if r.AuthConfig != nil {
		r.VerifiedUserRequired = r.AuthConfig.UserVerifiedRequired
		r.VerifiedAppRequired = r.AuthConfig.AppVerifiedRequired
		r.ResourcePermRequired = r.AuthConfig.ResourcePermRequired
		r.OAuth2PublicClientEnabled = r.AuthConfig.OAuth2PublicClientEnabled
		r.OAuth2PersonalClientEnabled = r.AuthConfig.OAuth2PersonalClientEnabled
		if r.IsPublic != nil {
			r.AllowApplyPermission = *r.IsPublic && r.ResourcePermRequired
		}
	}
}

// Doc is a resource's markdown document.
type Doc struct {
	Type        string `json:"type"`
	Content     string `json:"content"`
	UpdatedTime Time   `json:"updated_time"`
}

// SDKRef names a stage or version in an SDK listing.
type SDKRef struct {
	ID      int    `json:"id"`
	Name    string `json:"name,omitempty"`
	Version string `json:"version,omitempty"`
}

// SDKInfo is one built SDK.
type SDKInfo struct {
	Name           string `json:"name"`
	Version        string `json:"version"`
	URL            string `json:"url"`
	InstallCommand string `json:"install_command"`
}

// StageSDK is one row of A's sdks listing: the SDK built for a stage, or none.
type StageSDK struct {
	Stage           SDKRef   `json:"stage"`
	ResourceVersion SDKRef   `json:"resource_version"`
	SDK             *SDKInfo `json:"sdk"`
}

// Content is a markdown body (SDK usage, SDK manual).
type Content struct {
	Content string `json:"content"`
}

// ResourceDetail is O's resource with its OpenAPI operation and doc.
type ResourceDetail struct {
	Resource
	Schema map[string]any `json:"schema"`
	Doc    *Doc           `json:"doc"`
}

// Flex is a log value that one version writes as a number and another as a string (or null).
type Flex string

func (f *Flex) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	switch {
	case s == "null":
		*f = ""
	case strings.HasPrefix(s, `"`):
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*f = Flex(v)
	default:
		*f = Flex(s) // a number, or anything else, kept as written
	}
	return nil
}

func (f Flex) String() string { return string(f) }

// FlexInt is a count that master sends as a number and the release branches as a string
// (an MCP server's tools_count on I and D: a CharField before upstream commit 12fd402aa).
// It is written back as a number.
type FlexInt int

func (n *FlexInt) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "null" {
		*n = 0
		return nil
	}
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			*n = 0
			return nil
		}
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("not a whole number: %q", s)
	}
	*n = FlexInt(v)
	return nil
}

// Int is the count as an int.
func (n FlexInt) Int() int { return int(n) }

// LogEntry is one line of the gateway's log of a request; every field may be null, and numbers
// may come as strings.
type LogEntry struct {
	RequestID       string `json:"request_id"`
	Timestamp       Flex   `json:"timestamp"`
	Stage           Flex   `json:"stage"`
	ResourceID      Flex   `json:"resource_id"`
	ResourceName    Flex   `json:"resource_name"`
	AppCode         Flex   `json:"app_code"`
	ClientIP        Flex   `json:"client_ip"`
	Method          Flex   `json:"method"`
	HTTPHost        Flex   `json:"http_host"`
	HTTPPath        Flex   `json:"http_path"`
	Params          Flex   `json:"params"`
	Body            Flex   `json:"body"`
	BackendScheme   Flex   `json:"backend_scheme"`
	BackendMethod   Flex   `json:"backend_method"`
	BackendHost     Flex   `json:"backend_host"`
	BackendPath     Flex   `json:"backend_path"`
	ResponseBody    Flex   `json:"response_body"`
	Status          Flex   `json:"status"`
	RequestDuration Flex   `json:"request_duration"`
	BackendDuration Flex   `json:"backend_duration"`
	CodeName        Flex   `json:"code_name"`
	Error           Flex   `json:"error"`
	ResponseDesc    Flex   `json:"response_desc"`
	// LLMSummary is an AI resource's call summary (gateway 1.24): token counts and times, never
	// the prompt or the answer (LLM reads it).
	LLMSummary json.RawMessage `json:"llm_summary,omitempty"`
}

// Summary is llm_summary as text when it is not an AI call's token summary (LLM reads that):
// its summary or content field, else the object itself.
func (e LogEntry) Summary() string {
	b := bytes.TrimSpace(e.LLMSummary)
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		return ""
	}
	if _, ok := e.LLM(); ok {
		return ""
	}
	var s string
	if json.Unmarshal(b, &s) == nil {
		return s
	}
	var m map[string]any
	if json.Unmarshal(b, &m) == nil {
		for _, k := range []string{"summary", "content", "text", "reason", "suggestion"} {
			if v, ok := m[k].(string); ok && v != "" {
				return v
			}
		}
	}
	return string(b)
}

// MarshalJSON writes the entry as the gateway sends it: its counts and times as numbers (null
// when the gateway left them out), so a script's .status == 504 holds; Flex had made them
// strings.
func (e LogEntry) MarshalJSON() ([]byte, error) {
	type entry LogEntry // the same fields, without this method
	b, err := json.Marshal(entry(e))
	if err != nil {
		return nil, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return nil, err
	}
	for _, name := range []string{"timestamp", "resource_id", "status", "request_duration", "backend_duration"} {
		var v Flex
		_ = json.Unmarshal(fields[name], &v)
		switch n := json.Number(v); {
		case v == "":
			fields[name] = json.RawMessage("null")
		case isJSONNumber(n):
			fields[name] = json.RawMessage(n)
		}
	}
	var out bytes.Buffer
	out.WriteByte('{')
	for _, name := range logEntryOrder {
		raw, ok := fields[name]
		if !ok {
			continue
		}
		if out.Len() > 1 {
			out.WriteByte(',')
		}
		k, _ := json.Marshal(name)
		out.Write(k)
		out.WriteByte(':')
		out.Write(raw)
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}

// logEntryOrder is the order of LogEntry's fields in its JSON, as the gateway writes them.
var logEntryOrder = func() []string {
	t := reflect.TypeOf(LogEntry{})
	names := make([]string, t.NumField())
	for i := range names {
		names[i], _, _ = strings.Cut(t.Field(i).Tag.Get("json"), ",")
	}
	return names
}()

func isJSONNumber(n json.Number) bool {
	var f float64
	return json.Unmarshal([]byte(n), &f) == nil // a quoted string does not decode as a number
}

// traceBodyRunes is how much of a logged request body a trace line shows (--json has all of it).
const traceBodyRunes = 200

// oneLine is s on one line, cut at n runes.
func oneLine(s string, n int) string { return CutRunes(strings.Join(strings.Fields(s), " "), n) }

// CutRunes shortens s to n runes, marking the cut with "…": the one way a long text (a server's
// words, a description, a logged body) is shortened for a line.
func CutRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// responseDesc is the gateway's account of where a response came from, in l: upstream writes
// one of two sentences (add_or_refine_fields in DASH/biz/access_log/), in Chinese on most
// installations; another is shown as it came.
func responseDesc(l i18n.Lang, desc string) string {
	switch desc {
	case "网关已请求后端接口，并将其响应原样返回。":
		return i18n.T(l, "trace.desc_backend")
	case "网关未请求或请求后端接口异常，响应内容由网关提供。":
		return i18n.T(l, "trace.desc_gateway")
	}
	return desc
}

// Time is when the gateway took the request (timestamp, Unix seconds), in local time; "" when
// the entry has none.
func (e LogEntry) Time() string {
	n, err := strconv.ParseInt(string(e.Timestamp), 10, 64)
	if err != nil || n <= 0 {
		return ""
	}
	return time.Unix(n, 0).Local().Format("2006-01-02 15:04:05")
}

// TraceField is one line of a log entry as bkconsole shows it: a catalog label and its value.
type TraceField struct{ Label, Value string }

// Fields are what a log entry says, as the CLI's trace and the console's Gateway log tab show
// it: a field the gateway left empty (a refused call reaches no backend; a timed-out one has no
// backend duration) is left out, not shown as "://" or " ms".
func (e LogEntry) Fields(l i18n.Lang) []TraceField {
	var out []TraceField
	add := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			out = append(out, TraceField{label, value})
		}
	}
	add("trace.time", e.Time())
	add("trace.request", strings.TrimSpace(string(e.Method)+" "+string(e.HTTPHost)+string(e.HTTPPath)))
	add("trace.params", string(e.Params))
	add("trace.body", oneLine(string(e.Body), traceBodyRunes))
	add("trace.client_ip", string(e.ClientIP))
	add("trace.stage", string(e.Stage))
	add("trace.resource", string(e.ResourceName))
	add("trace.app", string(e.AppCode))
	if e.BackendHost != "" {
		add("trace.backend", strings.TrimSpace(string(e.BackendMethod)+" "+string(e.BackendScheme)+"://"+string(e.BackendHost)+string(e.BackendPath)))
	}
	add("trace.status", string(e.Status))
	if e.RequestDuration != "" {
		add("trace.duration", string(e.RequestDuration)+" ms")
	}
	if e.BackendDuration != "" {
		add("trace.backend_duration", string(e.BackendDuration)+" ms")
	}
	if e.CodeName != "" || e.Error != "" {
		add("trace.error", strings.TrimSpace(string(e.CodeName)+" "+string(e.Error)))
	}
	add("trace.response_desc", responseDesc(l, string(e.ResponseDesc)))
	add("trace.llm_summary", e.Summary())
	if sum, ok := e.LLM(); ok {
		add("trace.llm_tokens", sum.Text(l))
	}
	return out
}

// ApplyResult is what an application returns (D fills only RecordID).
type ApplyResult struct {
	RecordID      int    `json:"record_id"`
	ITSMTicketID  any    `json:"itsm_ticket_id,omitempty"`
	ITSMTicketURL string `json:"itsm_ticket_url,omitempty"`
}

// AllowApply answers whether the whole gateway may be applied for.
type AllowApply struct {
	AllowApplyByGateway bool   `json:"allow_apply_by_gateway"`
	Reason              string `json:"reason"`
}

// Permission statuses and actions, as the contract names them.
const (
	StatusUnlimited = "unlimited"
	StatusOwned     = "owned"
	StatusPending   = "pending"
	StatusRejected  = "rejected"
	StatusExpired   = "expired"
	StatusNeedApply = "need_apply"

	ActionApply = "apply"
	ActionRenew = "renew"
)

// ResourcePermission is an API's permission state for the app.
type ResourcePermission struct {
	ID          int    `json:"id"`
	Name        string `json:"name"`
	GatewayName string `json:"gateway_name"`
	GatewayID   int    `json:"gateway_id"`
	Grant
}

// Grant is the app's permission on one thing it calls, as the contract sends it for a gateway
// API (ResourcePermission) and a component (Component) alike: the status, level and suggested
// action, when it ends (expires_in, read with the status: ExpiryOf), and the thing's
// description and doc.
type Grant struct {
	Description      string   `json:"description"`
	DescriptionEn    string   `json:"description_en"`
	ExpiresIn        *Seconds `json:"expires_in"`
	PermissionLevel  string   `json:"permission_level"`
	PermissionStatus string   `json:"permission_status"`
	PermissionAction string   `json:"permission_action"`
	DocLink          string   `json:"doc_link"`
}

// ActionText is what can be done about the permission, in l: the action the server suggests;
// for an expired one both apply and renew, and renew for every owned one that expires (the
// server suggests it only under 360 days left), as the real page offers them (spec: the
// action is a hint, not the rule). The column says what N does.
func (g Grant) ActionText(l i18n.Lang) string {
	switch {
	case g.PermissionStatus == StatusExpired:
		return i18n.T(l, "action.apply") + "/" + i18n.T(l, "action.renew")
	case g.PermissionAction == ActionApply || g.PermissionAction == ActionRenew:
		return i18n.T(l, "action."+g.PermissionAction)
	case g.PermissionAction != "":
		return g.PermissionAction // one the catalog does not know, as the server sent it
	case g.Renewable():
		return i18n.T(l, "action.renew")
	}
	return ""
}

// Describe is the description in the reader's language (Described).
func (g Grant) Describe(english bool) string {
	return Described(g.Description, g.DescriptionEn, english)
}

// Seconds is an expires_in. Upstream computes it with total_seconds(), so it may come as an
// integer, a float or a numeric string; a fraction is dropped.
type Seconds int64

// In is n seconds, as an expires_in holds them.
func In(n int64) *Seconds { s := Seconds(n); return &s }

func (s *Seconds) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	var f float64
	switch v := v.(type) {
	case float64:
		f = v
	case string:
		if _, err := fmt.Sscan(v, &f); err != nil {
			return fmt.Errorf("expires_in %q is not a number of seconds", v)
		}
	default:
		return fmt.Errorf("expires_in %s is not a number of seconds", b)
	}
	*s = Seconds(f)
	return nil
}

// Record apply statuses.
const (
	RecordPending         = "pending"
	RecordApproved        = "approved"
	RecordPartialApproved = "partial_approved"
	RecordRejected        = "rejected"
)

// Application is what an application record holds for every kind (gateway APIs, components,
// MCP servers): who applied and when, who handled it and when, its status, the reason, the
// handler's comment and the days asked for.
type Application struct {
	ID                 int    `json:"id"`
	BkAppCode          string `json:"bk_app_code"`
	AppliedBy          string `json:"applied_by"`
	AppliedTime        Time   `json:"applied_time"`
	HandledBy          Flexes `json:"handled_by"` // a list on I and D, a string on O (MCP)
	HandledTime        Time   `json:"handled_time"`
	ApplyStatus        string `json:"apply_status"`
	ApplyStatusDisplay string `json:"apply_status_display"`
	Comment            string `json:"comment"`
	Reason             string `json:"reason"`
	ExpireDays         int    `json:"expire_days"`
}

// Record is an application record for a gateway's APIs.
type Record struct {
	Application
	GrantDimension string `json:"grant_dimension"`
	ITSMTicketID   any    `json:"itsm_ticket_id,omitempty"`
	ITSMTicketURL  string `json:"itsm_ticket_url,omitempty"`
	ApprovalURL    string `json:"approval_url,omitempty"`
	GatewayName    string `json:"gateway_name"`
}

// Applied is the application and the name of what it is for (its gateway), as every kind's
// record says it (ComponentRecord, MCPServerRecord).
func (r Record) Applied() (Application, string) { return r.Application, r.GatewayName }

// TicketLink is where the user can follow the approval: approval_url, else the ITSM ticket.
func (r Record) TicketLink() string {
	if r.ApprovalURL != "" {
		return r.ApprovalURL
	}
	return r.ITSMTicketURL
}

// RecordResource is one API's result inside a record.
type RecordResource struct {
	ApplyStatus string `json:"apply_status"`
	Name        string `json:"name"`
}

// RecordDetail is a record with its APIs.
type RecordDetail struct {
	Record
	Resources []RecordResource `json:"resources"`
}

// RecordQuery filters the records listing.
type RecordQuery struct {
	AppliedBy   string
	Start, End  int64 // unix seconds; both or neither
	ApplyStatus string
	Query       string // gateway name contains
}

// ApplyRequest is an application for APIs (or the whole gateway) of one gateway.
type ApplyRequest struct {
	Gateway       string
	ResourceIDs   []int
	ResourceNames []string // needed by O
	WholeGateway  bool
	Reason        string
	ExpireDays    int // 0, 180 or 360
	Applicant     string
}

// Expiry is what a permission's expires_in means, read with its status: upstream sends null
// both for a permission that never expires AND for no permission at all (need_apply, pending
// or rejected without an earlier one), and negative seconds once expired.
type Expiry struct {
	Kind string // one of the Expiry* constants
	Days int64  // days left (ExpiryIn) or days since (ExpiryExpired)
}

const (
	ExpiryNotNeeded = "not_needed" // unlimited: no permission is needed
	ExpiryNever     = "never"      // owned for ever
	ExpiryIn        = "in"         // owned, ends in Days
	ExpiryExpired   = "expired"    // ended Days ago (0: at an unknown time)
	ExpiryNone      = "none"       // there is no permission to expire
)

// rank orders expiries by when they end: never last, an expired one (at a time unknown, too)
// before one still owned.
func (e Expiry) rank() int64 {
	switch e.Kind {
	case ExpiryNever, ExpiryNotNeeded:
		return math.MaxInt64
	case ExpiryIn:
		return e.Days
	case ExpiryExpired:
		return -e.Days - 1
	}
	return math.MinInt64
}

// ExpiryOf reads an expires_in with its status (the spec's rule).
func ExpiryOf(status string, expiresIn *Seconds) Expiry {
	switch {
	case status == StatusUnlimited:
		return Expiry{Kind: ExpiryNotNeeded}
	case expiresIn == nil && status == StatusOwned:
		return Expiry{Kind: ExpiryNever}
	case expiresIn == nil && status == StatusExpired:
		return Expiry{Kind: ExpiryExpired}
	case expiresIn == nil:
		return Expiry{Kind: ExpiryNone}
	case *expiresIn > 0:
		return Expiry{Kind: ExpiryIn, Days: int64(*expiresIn+86399) / 86400}
	case *expiresIn == 0 && status != StatusOwned && status != StatusExpired:
		return Expiry{Kind: ExpiryNone}
	case status == StatusOwned:
		return Expiry{Kind: ExpiryIn} // ends today
	}
	return Expiry{Kind: ExpiryExpired, Days: -int64(*expiresIn) / 86400}
}

// Expiry of a permission.
func (g Grant) Expiry() Expiry { return ExpiryOf(g.PermissionStatus, g.ExpiresIn) }

// Parts is the expiry as plain values, for the message catalog.
func (e Expiry) Parts() (string, int64) { return e.Kind, e.Days }

// Applicable tells whether an application for the permission is what the real page offers:
// not for one that needs none (unlimited: the Developer Center answers an error page), nor
// while one waits (pending: I makes a second record), nor for one that is owned (renewing keeps
// the later expiry, an approved application would set now + days). A permission whose status
// the surface does not say ("") may be.
func (g Grant) Applicable() bool {
	switch g.PermissionStatus {
	case StatusUnlimited, StatusPending, StatusOwned:
		return false
	}
	return true
}

// NotApplicableKey is the catalog key of why an application cannot take a permission of this
// status, for every kind (an MCP server's never expires), each worded with the name and the
// status: one owned that expires is renewed instead, one owned for good or one any app may
// call has nothing to apply for ("X is owned already: renew it" had been said of a permanent
// one, "X is unlimited: it cannot be applied for" of one that needs no application).
func NotApplicableKey(status string, expires bool) string {
	switch {
	case status == StatusOwned && expires:
		return "perm.owned_renew"
	case status == StatusOwned:
		return "perm.owned_permanent"
	case status == StatusUnlimited:
		return "perm.unlimited_no_apply"
	}
	return "perm.not_applicable"
}

// Renewable tells whether a permission can be renewed: an owned one that expires, or an
// expired one (the real page renews both; an expired one gets now + the days).
func (g Grant) Renewable() bool {
	switch g.PermissionStatus {
	case StatusExpired:
		return true
	case StatusOwned:
		return g.ExpiresIn != nil
	}
	return false
}
