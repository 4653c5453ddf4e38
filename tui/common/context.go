package common

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"time"

	"github.com/bkconsole/bkconsole/client/collection"

	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/tui/keymap"
	"github.com/bkconsole/bkconsole/tui/styles"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
)

// Backend is what the screens ask of the gateway; *client.Planner implements it, and tests
// swap in a fake.
type Backend interface {
	Gateways(ctx context.Context, keyword string) ([]client.Gateway, client.Surface, error)
	Gateway(ctx context.Context, name string) (client.Gateway, client.Surface, error)
	Stages(ctx context.Context, gateway string) ([]client.Stage, client.Surface, error)
	Resources(ctx context.Context, gateway, stage string) ([]client.Resource, client.Surface, error)
	// EachResource hands on a gateway's APIs one at a time, as decoded (the palette's index
	// reads every gateway without holding any whole list).
	EachResource(ctx context.Context, gateway, stage string, each func(client.Resource) error) (client.Surface, error)
	Doc(ctx context.Context, gateway, resource, stage, lang string) (client.Doc, client.Surface, error)
	SDKs(ctx context.Context, gateway, language string) ([]client.StageSDK, client.Surface, error)
	SDKUsage(ctx context.Context, gateway, language, stage, resource string) (client.Content, client.Surface, error)
	CheckAll(ctx context.Context) client.Report
	SetLang(lang string)

	PermissionStatus(ctx context.Context, gateway string) ([]client.ResourcePermission, client.Surface, error)
	AllowApplyByGateway(ctx context.Context, gateway string) (client.AllowApply, client.Surface, error)
	HeldPermissions(ctx context.Context) ([]client.HeldPermission, client.Surface, error)
	Apply(ctx context.Context, a client.ApplyRequest) (client.ApplyResult, client.Surface, error)
	Renew(ctx context.Context, ids []int, days int) (client.Surface, error)
	Records(ctx context.Context, q client.RecordQuery) ([]client.Record, client.Surface, error)
	Record(ctx context.Context, id int) (client.RecordDetail, client.Surface, error)

	Prepare(r client.CallRequest) (client.Prepared, error)
	Call(ctx context.Context, r client.CallRequest) (*client.CallResponse, client.Prepared, error)
	// Chat and LLMSummary: an AI resource's call, its answer streamed to onDelta, and the
	// gateway's token summary of it (client.Planner).
	Chat(ctx context.Context, r client.CallRequest, onDelta func(string)) (*client.CallResponse, *client.ChatAnswer, client.Prepared, error)
	LLMSummary(ctx context.Context, requestID string, wait time.Duration) (client.LLMSummary, bool, error)
	Trace(ctx context.Context, requestID string, wait time.Duration) ([]client.LogEntry, error)
	ResourceDetail(ctx context.Context, gateway, resource, stage, lang string) (client.ResourceDetail, error)
	AuthPreview(withUser bool) string
	// PastedAuth turns a pasted command's credentials into this request's (client.Config.PastedAuth).
	PastedAuth(fields map[string]string) (a client.AuthFields, withUser, ok bool)
	// TokenRefused is the refusal of the user's bk_token this session, if a login surface
	// turned it away and answers now come from elsewhere (client.Planner.TokenRefused).
	TokenRefused() error
	// NewestRecord and FindApplication tell, after an application whose answer was lost, whether
	// the records prove it was created (client.Planner: the one workflow every kind shares).
	NewestRecord(ctx context.Context, k client.Kind, target string) int
	FindApplication(ctx context.Context, s client.Sent) (client.Found, error)
	// AfterUnknownRenewal reads the expiries of permissions whose renewal's answer was lost.
	AfterUnknownRenewal(ctx context.Context, k client.Kind, systemID int, ids []int) ([]client.Renewed, client.Surface, error)
	// WhoAmI is who the bk_token belongs to, as the Developer Center says.
	WhoAmI(ctx context.Context) (client.UserInfo, error)

	// MCP servers (spec section M).
	MCPServers(ctx context.Context, keyword string) ([]client.MCPServerPermission, client.Surface, error)
	MCPDetail(ctx context.Context, id int) (client.MCPServer, error)
	MCPApply(ctx context.Context, a client.MCPApplyRequest) ([]client.MCPApplyResult, client.Surface, error)
	MCPTools(ctx context.Context, s client.MCPServer) ([]client.MCPToolInfo, error)
	MCPCall(ctx context.Context, s client.MCPServer, tool string, args json.RawMessage) (client.MCPCallResult, error)
	// MCPLogin, MCPLogout, MCPLoggedIn: OAuth logins to servers that take public clients
	// (client.Planner; the tools and calls use a login when there is one).
	MCPLogin(ctx context.Context, s client.MCPServer, tell func(url string)) (time.Time, error)
	MCPLogout(ctx context.Context, server string) (bool, error)
	MCPLoggedIn(ctx context.Context, server string) bool
	MCPAuthFields(s client.MCPServer) client.AuthFields
	// RetryUnreachable asks again, at the next read, the surfaces given up as out of reach
	// (client.Planner).
	RetryUnreachable()
	// CheckMCPURL refuses a server whose URL is not at the gateway (client.Planner).
	CheckMCPURL(s client.MCPServer) error
	TenantID() string

	// ESB component APIs (spec section E).
	Systems(ctx context.Context) ([]client.ESBSystem, client.Surface, error)
	Components(ctx context.Context, systemID int) ([]client.Component, client.Surface, error)
	ComponentApply(ctx context.Context, a client.ComponentApplyRequest) (client.ApplyResult, client.Surface, error)
	ComponentRenew(ctx context.Context, ids []int, days int) (client.Surface, error)
	ComponentRecords(ctx context.Context, q client.RecordQuery) ([]client.ComponentRecord, client.Surface, error)
	ComponentRecord(ctx context.Context, id int) (client.ComponentRecordDetail, client.Surface, error)
	MCPRecords(ctx context.Context) ([]client.MCPServerRecord, client.Surface, error)
	MCPRecord(ctx context.Context, id int) (client.MCPServerRecord, client.Surface, error)
	CallComponent(ctx context.Context, r client.ComponentCall) (*client.CallResponse, client.Prepared, error)
	PrepareComponent(r client.ComponentCall) (client.Prepared, error)
}

// DiskCache keeps answers between runs (the gateway list), so a second start shows them at
// once. It never holds a secret.
type DiskCache interface {
	Load(key string, v any) (savedAt time.Time, ok bool)
	Save(key string, v any) error
}

// History keeps sent requests without secrets (*history.Store).
type History interface {
	Add(e history.Entry) error
	List() ([]history.Entry, error)
}

// ProfileInfo is what the header and the profile screen show of the active profile. It holds
// values, never text: the screens word them in the UI language of the moment.
type ProfileInfo struct {
	Name       string
	Username   string // the applicant where an application needs one (O, MCP servers)
	AppCode    string
	Stages     []string
	Insecure   bool
	Sandbox    bool
	Lang       string
	Secrets    map[string]SecretSource // kind → where it is
	APIURLTmpl string                  // the gateway URLs, for snippets
	// Notes are what resolving the profile found worth saying (a keyring out of reach, a stale
	// token), as catalog keys: shown once when the profile becomes active.
	Notes []Note
	Token string // token state: none, fresh, aging, stale, unknown, environment (no saved time)
	// TokenAge is how long ago the bk_token was saved (fresh, aging and stale tokens).
	TokenAge time.Duration
	// PersonalExpires is when the personal token expires, as its page said (zero: not known).
	PersonalExpires time.Time
	// Vars are the profile's variables for {{name}} in requests (bkconsole vars set).
	Vars map[string]string
}

// SecretSource is where a secret was found, as keystore.Source says it: "keyring",
// "environment" (Var names the variable), "sandbox" (the demo credentials of the embedded
// sandbox), "session" (held in memory for this run: no keyring took it), "keyring_unreachable"
// (not known: the keyring did not answer), or "missing".
type SecretSource struct {
	From string
	Var  string
}

// Text words a secret's source.
func (s SecretSource) Text(c *Context) string {
	switch s.From {
	case "keyring":
		return c.T("source.keyring")
	case "session":
		return c.T("source.session")
	case "environment":
		return c.T("source.environment", s.Var)
	case "sandbox":
		return c.T("source.sandbox")
	case "keyring_unreachable":
		return c.T("source.keyring_unreachable")
	}
	return c.T("source.missing")
}

// TokenEnv is the environment variable the bk_token comes from, "" when it is not the
// environment's: a refused one is replaced there (it is used over any profile's), not by a login.
func (p ProfileInfo) TokenEnv() string { return p.EnvOf("bk_token") }

// EnvOf is the environment variable a secret ("bk_app_secret", "bk_token") comes from, "" when
// it is not the environment's.
func (p ProfileInfo) EnvOf(secret string) string {
	if s := p.Secrets[secret]; s.From == "environment" {
		return s.Var
	}
	return ""
}

// TokenText words the token's state, and whether to warn about it.
func (p ProfileInfo) TokenText(c *Context) (string, bool) {
	if p.Token == "" {
		return "", false
	}
	old := p.Token == "stale" || p.Token == "aging"
	switch p.Token {
	case "fresh", "aging", "stale", "unknown":
		return i18n.TokenAge(c.Lang, c.T("token.not_checked"), p.Token, p.TokenAge), old
	}
	return c.T("token." + p.Token), old
}

// ProfileStore lets the profile screen list, switch, log in and out; cmd implements it over
// the keystore.
type ProfileStore interface {
	List() ([]ProfileInfo, string, error) // profiles and the active name
	Use(name string) (Backend, ProfileInfo, error)
	Login(name, appCode, secret, token string) error
	Logout(name string) error
	// Forget removes a profile (not the active one) and its secrets, as `logout --forget` does.
	Forget(name string) error
	// Draft is the login form's start for a profile: its settings (no secret), else the
	// environment BlueKing injects (BKPAAS_APP_ID, BK_API_URL_TMPL, ...).
	Draft(name string) ProfileDraft
	// Check asks the servers what a draft unlocks, before anything is saved.
	Check(ctx context.Context, d ProfileDraft) (client.Report, error)
	// Save validates and stores a draft (secrets in the keyring) and makes it active.
	Save(d ProfileDraft) error
	// Sandbox starts the embedded sandbox and returns its backend.
	Sandbox() (Backend, ProfileInfo, error)
}

// Context is shared by every screen: size, theme, keys, language, the backend and the session
// cache. It is passed by pointer and only touched from Update.
type Context struct {
	Width, Height int // the body's size
	Theme         *styles.Theme
	// Notices are shown once the console is up (problems in the config file, with their line).
	Notices  []string
	Lang     i18n.Lang
	Keys     keymap.Keys // makes bindings in Lang with the user's rebindings
	Global   keymap.Global
	Nav      keymap.Nav
	Form     keymap.Form
	Backend  Backend
	Profile  ProfileInfo
	Profiles ProfileStore
	Cache    *Cache
	Clock    Clock
	// Selections are the APIs chosen for an application, per gateway; they survive filtering,
	// scrolling and leaving the tab or the screen.
	Selections map[string]map[string]client.ResourcePermission
	History    History   // may be nil
	Disk       DiskCache // may be nil
	stage      string    // chosen with S; see Stage
	// StateDir is where saved responses and snippets go (bkconsole's state directory).
	StateDir string
	// Collection is where saved requests are (nil: nowhere, as in tests that save nothing).
	// Its files are read and written in commands only.
	Collection *collection.Store

	userKeys map[string][]string // the config file's rebindings (SetUserKeys)
}

// NewContext builds a context for a backend and profile.
func NewContext(b Backend, p ProfileInfo, lang i18n.Lang) *Context {
	c := &Context{Theme: styles.Default(), Backend: guard(b), Profile: p, Cache: &Cache{}, Clock: NewClock(),
		Selections: map[string]map[string]client.ResourcePermission{}}
	c.SetLang(lang)
	return c
}

// SetLang switches the language and rebuilds the keymaps' help.
func (c *Context) SetLang(l i18n.Lang) {
	c.Lang = l
	c.setKeys(keymap.New(l, c.userKeys))
}

// SetUserKeys installs the user's rebindings from the config file (action → keys); the
// pages bind through c.Keys when they are built.
func (c *Context) SetUserKeys(m map[string][]string) {
	c.userKeys = m
	c.setKeys(keymap.New(c.Lang, m))
}

func (c *Context) setKeys(k keymap.Keys) {
	c.Keys, c.Global, c.Nav, c.Form = k, k.Global(), k.Nav(), k.Form()
}

// SetBackend installs the backend of a profile, behind the untrusted-text guard
// (untrusted.go): no page reaches the client without it.
func (c *Context) SetBackend(b Backend, p ProfileInfo) {
	if old, ok := c.Backend.(untrustedBackend); ok {
		if op, ok := old.Backend.(*client.Planner); ok {
			if np, _ := b.(*client.Planner); np != op {
				op.CloseIdle() // its pages in flight keep their requests; its spare connections go
			}
		}
	}
	c.Backend, c.Profile = guard(b), p
}

// T translates a catalog key into the UI language.
func (c *Context) T(key string, args ...any) string { return i18n.T(c.Lang, key, args...) }

// Label is a catalog label before its value, punctuated in the reader's language ("Stage: ",
// "环境：").
func (c *Context) Label(key string) string { return i18n.Label(c.Lang, c.T(key)) }

// Stage is the stage being looked at: the one last chosen with S, else the profile's first.
// The header, the API list, the doc, the Permissions tab and the console follow it.
func (c *Context) Stage() string {
	if c.stage != "" {
		return c.stage
	}
	if len(c.Profile.Stages) > 0 {
		return c.Profile.Stages[0]
	}
	return "prod"
}

// SaveDir is a folder of the state directory for files the user asked to save.
func (c *Context) SaveDir(name string) string {
	dir := c.StateDir
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "bkconsole")
	}
	return filepath.Join(dir, name)
}

// SetStage chooses the stage to look at.
func (c *Context) SetStage(s string) { c.stage = s }

// DiskKey names a disk-cache entry for the active profile, so a switch never shows the list
// of the profile before it. The sandbox's address changes every run, its data does not.
func (c *Context) DiskKey(name string) string {
	scope := c.Profile.Name + "|" + c.Profile.APIURLTmpl + "|" + string(c.Lang)
	if c.Profile.Sandbox {
		scope = "sandbox|" + string(c.Lang)
	}
	h := fnv.New64a()
	h.Write([]byte(scope))
	return fmt.Sprintf("%s-%x", name, h.Sum64())
}

// Selection returns a gateway's selection, creating it.
func (c *Context) Selection(gateway string) map[string]client.ResourcePermission {
	sel := c.Selections[gateway]
	if sel == nil {
		sel = map[string]client.ResourcePermission{}
		c.Selections[gateway] = sel
	}
	return sel
}

// Note is a message as a catalog key and its arguments, worded in the UI language when shown.
type Note struct {
	Key  string
	Args []any
}

// ProfileDraft is what the login form holds: every setting of `bkconsole login`. Blank
// secrets keep the ones already saved.
type ProfileDraft struct {
	Name               string
	APIURLTmpl         string
	HelpCenterURL      string
	DeveloperCenterURL string
	ComponentAPIURL    string // ESB's address, for calling components
	AppCode            string
	AppSecret          string
	BkToken            string
	// PersonalToken is pasted from bkauth's personal token page; its expiry as that page said
	// (2027-01-31 or RFC 3339), empty when not known.
	PersonalToken        string
	PersonalTokenExpires string
	Username             string
	TenantID             string
	Stages               string // comma-separated
	CABundle             string
	Lang                 string // UI language of the profile: en, zh or empty
	TokenName            string // the login cookie's name: bk_token (empty) or bk_ticket
	Insecure             string // "yes" skips TLS verification (shown in red)
	// Saved: the draft edits a saved profile, so a secret left empty keeps the saved one (a new
	// profile's secret fields had said so too, with nothing saved).
	Saved bool
}
