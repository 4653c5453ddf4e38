package palette

import (
	"sort"
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/collection"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// Palette is the command palette (":" or ctrl+p): jump to a gateway, an API by name (of the
// gateways loaded this session), the records or the profile screen.
type Palette struct {
	ctx     *common.Context
	input   textinput.Model
	List    *list.Model
	targets map[string]paletteTarget
	width   int
	// Unread are the gateways whose APIs the index could not read: the hint names them.
	Unread []string
}

// paletteTarget is where a row leads: the pages a jump opens, and the stage an API row was
// listed under (the jump makes it the current one).
type paletteTarget struct {
	to    []common.PageAddress
	stage string
}

// screens are the pages the palette opens by name: their title and description keys.
var screens = []struct {
	title, desc string
	page        common.PageAddress
}{
	{"tui.records", "tui.records_desc", common.RecordsPage{}},
	{"myperms.title", "myperms.desc", common.MyPermsPage{}},
	{"mcp.title", "mcp.desc", common.MCPPage{}},
	{"comp.title", "comp.desc", common.SystemsPage{}},
	{"import.title", "import.desc", common.ImportPage{}},
	{"history.title", "history.desc", common.HistoryPage{}},
	{"saved.title", "saved.desc", common.SavedPage{}},
	{"tui.profile", "tui.profile_desc", common.ProfilePage{}},
}

// PaletteMsg is reserved for palette-internal messages.
type PaletteMsg struct{}

// pathCell is a searched cell no column shows: an API's path alone, so that a path typed whole
// ranks its own API first as a name typed whole does (inside "METHOD /path  description" every
// API under /items/ held "/items/" alike, and the shortest row came first).
const pathCell = 4

// NewPalette builds the palette's targets: the screens, the gateways, the MCP servers and
// component systems, and the APIs of every gateway (the background index, and the lists opened
// this session).
func NewPalette(c *common.Context, index []APIEntry, saved []collection.Request) *Palette {
	in := components.NewTextInput(c)
	in.Prompt = ": "
	in.PromptStyle = c.Theme.Prompt
	in.Placeholder = c.T("tui.palette_placeholder")
	p := &Palette{ctx: c, input: in, targets: map[string]paletteTarget{}}
	p.List = list.New([]list.Column{{Title: c.T("col.kind"), Width: 8}, {Title: c.T("col.name"), MinWidth: 16, Filtered: true},
		{Title: c.T("col.where"), MinWidth: 10, Filtered: true}, {Title: c.T("col.description"), MinWidth: 10, Filtered: true, HideBelow: 72}}, []int{1, pathCell, 2, 3}, c.Theme.List)
	var rows []list.Row
	add := func(k string, t paletteTarget, cells ...string) {
		if _, dup := p.targets[k]; dup {
			return
		}
		p.targets[k] = t
		rows = append(rows, list.Row{Key: k, Cells: cells})
	}
	for _, x := range screens {
		if _, esb := x.page.(common.SystemsPage); esb && c.Cache.NoESB {
			continue // an installation without ESB: the page would only say so
		}
		add("screen:"+x.title, paletteTarget{to: []common.PageAddress{x.page}}, c.T("kind.screen"), c.T(x.title), "", c.T(x.desc))
	}
	for _, r := range saved {
		add("saved:"+r.Ref(), paletteTarget{to: []common.PageAddress{common.GatewayPage{Gateway: client.Gateway{Name: r.Gateway}}, common.SavedRequestPage{Request: r}}}, c.T("kind.saved"), r.Name, r.Gateway, strings.ToUpper(r.Method)+" "+r.Path, r.Path)
	}
	gws, _ := c.Cache.Gateways.Get()
	byName := map[string]client.Gateway{}
	for _, g := range gws {
		byName[g.Name] = g
		add("gw:"+g.Name, paletteTarget{to: []common.PageAddress{common.GatewayPage{Gateway: g}}}, c.T("kind.gateway"), g.Name, "", g.Description)
	}
	if xs, ok := c.Cache.MCPServers.Get(); ok {
		for _, x := range xs {
			add("mcp:"+x.MCPServer.Name, paletteTarget{to: []common.PageAddress{common.MCPPage{}, common.MCPServerPage{Server: x}}},
				c.T("kind.mcp"), x.MCPServer.Name, "", x.MCPServer.Title)
		}
	}
	if systems, ok := c.Cache.Systems.Get(); ok && !c.Cache.NoESB {
		for _, x := range systems {
			add("system:"+x.Name, paletteTarget{to: []common.PageAddress{common.SystemsPage{}, common.ComponentsPage{System: x}}},
				c.T("kind.system"), x.Name, "", x.Describe(c.Lang == i18n.English))
		}
	}
	addAPI := func(g client.Gateway, stage string, r client.Resource) {
		if full, ok := byName[g.Name]; ok {
			g = full
		}
		add("api:"+g.Name+"/"+stage+"/"+r.Name, paletteTarget{stage: stage, to: []common.PageAddress{common.GatewayPage{Gateway: g}, common.DocPage{Gateway: g, Resource: r, Stage: stage}}},
			c.T("kind.api"), r.Name, g.Name+" · "+stage, r.Method+" "+r.Path+"  "+r.Description, r.Path)
	}
	// The lists opened this session first (they are the freshest), then the index.
	var opened []common.GatewayStage
	c.Cache.Resources.Each(func(k common.GatewayStage, _ []client.Resource) { opened = append(opened, k) })
	sort.Slice(opened, func(i, j int) bool {
		return opened[i].Gateway < opened[j].Gateway || opened[i].Gateway == opened[j].Gateway && opened[i].Stage < opened[j].Stage
	})
	for _, k := range opened {
		rs, _ := c.Cache.Resources.Get(k)
		for _, r := range rs {
			addAPI(client.Gateway{Name: k.Gateway}, k.Stage, r)
		}
	}
	for _, e := range index {
		addAPI(client.Gateway{Name: e.Gateway}, e.Stage, e.resource())
	}
	p.List.SetRows(rows)
	return p
}

func (p *Palette) Init() tea.Cmd { return p.input.Focus() }

func (p *Palette) SetSize(w, h int) {
	p.width = w
	p.input.Width = max(10, w-4)
	p.List.SetSize(w, max(1, h-1-strings.Count(p.hint(), "\n")-1)) // the field, the hint's lines
}

// hint says what the palette searches, wrapped at its width: its keys are in the footer.
func (p *Palette) hint() string {
	h := p.ctx.T("tui.palette_hint")
	// Three names at the most: a hundred would push the list off the screen.
	switch n, r := len(p.Unread), p.ctx.Global.Refresh.Help().Key; {
	case n > 3:
		h = i18n.Clauses(p.ctx.Lang, h, p.ctx.T("tui.palette_unread_more", i18n.List(p.ctx.Lang, p.Unread[:3]), n-3, n, r))
	case n > 0:
		h = i18n.Clauses(p.ctx.Lang, h, p.ctx.T("tui.palette_unread", i18n.List(p.ctx.Lang, p.Unread), r))
	}
	return common.Wrap(h, max(1, p.width))
}

// ShortHelp is what the palette's keys do, for the footer: every other key is typed.
func (p *Palette) ShortHelp() []key.Binding {
	f := p.ctx.Form
	open, move, closing := f.Done, f.ArrowDown, f.Cancel
	open.SetHelp(f.Done.Help().Key, p.ctx.T("key.open"))
	move.SetHelp(f.ArrowUp.Help().Key+"/"+f.ArrowDown.Help().Key, p.ctx.T("key.move"))
	closing.SetHelp(f.Cancel.Help().Key, p.ctx.T("key.close"))
	return []key.Binding{open, move, closing}
}

func (p *Palette) Handle(tea.Msg) tea.Cmd { return nil }

// Update handles a key; done closes the palette.
func (p *Palette) Update(msg tea.KeyMsg) (tea.Cmd, bool) {
	f := p.ctx.Form
	switch {
	case key.Matches(msg, f.Cancel):
		return nil, true
	case key.Matches(msg, f.ArrowUp):
		p.List.Move(-1)
		return nil, false
	case key.Matches(msg, f.ArrowDown):
		p.List.Move(1)
		return nil, false
	case key.Matches(msg, f.Done):
		r, ok := p.List.Selected()
		if !ok {
			return nil, true
		}
		return p.jump(p.targets[r.Key]), true
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	p.List.SetFilter(p.input.Value())
	return cmd, false
}

func (p *Palette) jump(t paletteTarget) tea.Cmd {
	if t.stage != "" {
		p.ctx.SetStage(t.stage)
	}
	return common.JumpTo(t.to...)
}

func (p *Palette) View() string {
	hint := p.ctx.Theme.Subtle.Render(p.hint())
	return p.input.View() + "\n" + hint + "\n" + p.List.View()
}
