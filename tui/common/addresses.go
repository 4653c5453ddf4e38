package common

import (
	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/collection"
	"github.com/bkconsole/bkconsole/client/history"
	tea "github.com/charmbracelet/bubbletea"
)

// PageAddress names a page and what it needs. A page asks the router for another by its
// address, never by building it: each page is a package of its own that cannot see another's
// constructors, and the router (tui/router.go) alone knows how a page is made. TestImportRules
// holds the rule.
type PageAddress interface{ isPage() }

// The pages one page opens from another, and what each needs.
type (
	GatewayPage struct{ Gateway client.Gateway }
	DocPage     struct {
		Gateway  client.Gateway
		Resource client.Resource
		Stage    string
		Stages   []string
	}
	// ConsolePage is the request console of an API; an AI resource's is its chat, unless Raw
	// asks for the request editor (with Body in it, when set).
	ConsolePage struct {
		Gateway  string
		Resource client.Resource
		Stage    string
		Raw      bool
		Body     []byte
	}
	// ApplyPage is the one application form of every kind: APIs of a gateway, a whole gateway,
	// MCP servers, components of a system.
	ApplyPage struct {
		Kind     client.Kind // KindAPI when empty
		Target   string      // the gateway, or the system of components ("" for MCP servers)
		SystemID int         // the system's id, for components
		Items    []ApplyItem // none for a whole gateway
		// Open: the gateway's application can only go through the open APIs (no login, no
		// inner-API grant), which name the applicant.
		Open bool
	}
	// RenewPage renews owned permissions of one kind: gateway APIs, or components (their
	// system in GatewayName).
	RenewPage struct {
		Kind     client.Kind // KindAPI when empty
		SystemID int         // the system's id, for components
		Perms    []client.ResourcePermission
	}
	MyPermsPage struct{}
	// RecordPage is one application record of any kind (gateway APIs when Kind is empty).
	RecordPage struct {
		Kind client.Kind
		ID   int
	}
	// MCPServerPage is one MCP server; Tool and Args, when set (a call reopened from the
	// history), open its call form on that tool with those arguments once connected.
	MCPServerPage struct {
		Server     client.MCPServerPermission
		Tool, Args string
	}
	ComponentsPage    struct{ System client.ESBSystem }
	ComponentCallPage struct {
		System    string
		Component client.Component
	}
	GatewaysPage struct{} // the start page: every gateway
	WelcomePage  struct{} // the first run's page, before any profile
	ConnectPage  struct{} // the profile page with its login form open
	ProfilePage  struct{}
	RecordsPage  struct{}
	MCPPage      struct{}
	SystemsPage  struct{}
	HistoryPage  struct{}
	ImportPage   struct{}
	// SentPage is the console with a request from the history in its editor.
	SentPage struct{ Entry history.Entry }
	// SavedPage lists the saved requests: every gateway's, or one gateway's.
	SavedPage struct{ Gateway string }
	// SavedRequestPage is the console with a saved request in its editor.
	SavedRequestPage struct{ Request collection.Request }
)

func (GatewayPage) isPage() {}

func (DocPage) isPage() {}

func (ConsolePage) isPage() {}

func (ApplyPage) isPage() {}

func (RenewPage) isPage() {}

func (MyPermsPage) isPage() {}

func (RecordPage) isPage() {}

func (MCPServerPage) isPage() {}

func (ComponentsPage) isPage() {}

func (ConnectPage) isPage() {}

func (GatewaysPage) isPage() {}

func (WelcomePage) isPage() {}

func (ComponentCallPage) isPage() {}

func (ProfilePage) isPage() {}

func (RecordsPage) isPage() {}

func (MCPPage) isPage() {}

func (SystemsPage) isPage() {}

func (HistoryPage) isPage() {}

func (ImportPage) isPage() {}

func (SentPage) isPage() {}

func (SavedPage) isPage() {}

func (SavedRequestPage) isPage() {}

// ApplyItem is one thing an application names: an API, an MCP server or a component.
type ApplyItem struct {
	ID                         int
	Name                       string
	Level                      string // an API's permission level; "" for the other kinds
	Description, DescriptionEn string
}

// APIItems are the items of an application for gateway APIs.
func APIItems(ps []client.ResourcePermission) []ApplyItem {
	out := make([]ApplyItem, len(ps))
	for i, p := range ps {
		out[i] = ApplyItem{ID: p.ID, Name: p.Name, Level: p.PermissionLevel, Description: p.Description, DescriptionEn: p.DescriptionEn}
	}
	return out
}

// ComponentItems are components as the application form lists them.
func ComponentItems(cs []client.Component) []ApplyItem {
	out := make([]ApplyItem, len(cs))
	for i, x := range cs {
		out[i] = ApplyItem{ID: x.ID, Name: x.Name, Level: x.PermissionLevel, Description: x.Description, DescriptionEn: x.DescriptionEn}
	}
	return out
}

// AppliedMsg tells every page that an application was made (or may have been): a list of that
// kind reads its permissions afresh and drops the items from its selection.
type AppliedMsg struct {
	Kind   client.Kind
	Target string
	Items  []string
}

// SavedChangedMsg tells every page that the saved requests changed (one saved, renamed or
// removed): a list of them reads the collection afresh.
type SavedChangedMsg struct{}

// OpenPageMsg asks the router to open the page at an address on top of the stack.
type OpenPageMsg struct{ To PageAddress }

// OpenPage is the command a page returns to open another.
func OpenPage(to PageAddress) tea.Cmd { return func() tea.Msg { return OpenPageMsg{to} } }

// JumpTo replaces every page above the first with the pages at these addresses (the palette).
func JumpTo(to ...PageAddress) tea.Cmd { return func() tea.Msg { return JumpMsg{to} } }
