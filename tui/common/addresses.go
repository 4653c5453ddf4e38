package common

import (
	"github.com/bkconsole/bkconsole/client"
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
	ConsolePage struct {
		Gateway  string
		Resource client.Resource
		Stage    string
	}
	ApplyPage struct {
		Gateway string
		APIs    []client.ResourcePermission
		Whole   bool
	}
	RenewPage           struct{ Perms []client.ResourcePermission }
	MyPermsPage         struct{}
	RecordPage          struct{ ID int }
	ComponentRecordPage struct{ ID int }
	MCPServerPage       struct{ Server client.MCPServerPermission }
	ComponentsPage      struct{ System client.ESBSystem }
	ComponentCallPage   struct {
		System    string
		Component client.Component
	}
	ConnectPage struct{} // the profile page with its login form open
	ProfilePage struct{}
	RecordsPage struct{}
	MCPPage     struct{}
	SystemsPage struct{}
	HistoryPage struct{}
	ImportPage  struct{}
	// SentPage is the console with a request from the history in its editor.
	SentPage struct{ Entry history.Entry }
)

func (GatewayPage) isPage() {}

func (DocPage) isPage() {}

func (ConsolePage) isPage() {}

func (ApplyPage) isPage() {}

func (RenewPage) isPage() {}

func (MyPermsPage) isPage() {}

func (RecordPage) isPage() {}

func (ComponentRecordPage) isPage() {}

func (MCPServerPage) isPage() {}

func (ComponentsPage) isPage() {}

func (ConnectPage) isPage() {}

func (ComponentCallPage) isPage() {}

func (ProfilePage) isPage() {}

func (RecordsPage) isPage() {}

func (MCPPage) isPage() {}

func (SystemsPage) isPage() {}

func (HistoryPage) isPage() {}

func (ImportPage) isPage() {}

func (SentPage) isPage() {}

// OpenPageMsg asks the router to open the page at an address on top of the stack.
type OpenPageMsg struct{ To PageAddress }

// OpenPage is the command a page returns to open another.
func OpenPage(to PageAddress) tea.Cmd { return func() tea.Msg { return OpenPageMsg{to} } }

// JumpTo replaces every page above the first with the pages at these addresses (the palette).
func JumpTo(to ...PageAddress) tea.Cmd { return func() tea.Msg { return JumpMsg{to} } }
