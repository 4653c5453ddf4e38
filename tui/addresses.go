package tui

import (
	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/history"
	tea "github.com/charmbracelet/bubbletea"
)

// A page asks the router for another by its address, never by building it: pages stay
// independent of each other (each could live in a package of its own), and the router alone
// knows how a page is made. TestPagesDoNotBuildEachOther holds the rule.
type pageAddress interface{ isPage() }

// The pages one page opens from another, and what each needs.
type (
	gatewayPage struct{ gateway client.Gateway }
	docPage     struct {
		gateway  client.Gateway
		resource client.Resource
		stage    string
		stages   []string
	}
	consolePage struct {
		gateway  string
		resource client.Resource
		stage    string
	}
	applyPage struct {
		gateway string
		apis    []client.ResourcePermission
		whole   bool
	}
	renewPage           struct{ perms []client.ResourcePermission }
	myPermsPage         struct{}
	recordPage          struct{ id int }
	componentRecordPage struct{ id int }
	mcpServerPage       struct{ server client.MCPServerPermission }
	componentsPage      struct{ system client.ESBSystem }
	componentCallPage   struct {
		system    string
		component client.Component
	}
	connectPage struct{} // the profile page with its login form open
	profilePage struct{}
	recordsPage struct{}
	mcpPage     struct{}
	systemsPage struct{}
	historyPage struct{}
	importPage  struct{}
	// sentPage is the console with a request from the history in its editor.
	sentPage struct{ entry history.Entry }
)

func (gatewayPage) isPage() {}

func (docPage) isPage() {}

func (consolePage) isPage() {}

func (applyPage) isPage() {}

func (renewPage) isPage() {}

func (myPermsPage) isPage() {}

func (recordPage) isPage() {}

func (componentRecordPage) isPage() {}

func (mcpServerPage) isPage() {}

func (componentsPage) isPage() {}

func (connectPage) isPage() {}

func (componentCallPage) isPage() {}

func (profilePage) isPage() {}

func (recordsPage) isPage() {}

func (mcpPage) isPage() {}

func (systemsPage) isPage() {}

func (historyPage) isPage() {}

func (importPage) isPage() {}

func (sentPage) isPage() {}

// openPageMsg asks the router to open the page at an address on top of the stack.
type openPageMsg struct{ to pageAddress }

// openPage is the command a page returns to open another.
func openPage(to pageAddress) tea.Cmd { return func() tea.Msg { return openPageMsg{to} } }

// jumpTo replaces every page above the first with the pages at these addresses (the palette).
func jumpTo(to ...pageAddress) tea.Cmd { return func() tea.Msg { return jumpMsg{to} } }
