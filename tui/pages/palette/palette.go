package palette

import (
	"sort"
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/collection"
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
}

type paletteTarget struct {
	kind    string // gateway, api, records, profile
	gateway client.Gateway
	api     client.Resource
	stage   string
	saved   collection.Request
}

// PaletteMsg is reserved for palette-internal messages.
type PaletteMsg struct{}

// NewPalette builds the palette's targets: the screens, the gateways, and the APIs of every
// gateway (the background index, and the lists opened this session).
func NewPalette(c *common.Context, index []APIEntry, saved []collection.Request) *Palette {
	in := components.NewTextInput(c)
	in.Prompt = ": "
	in.PromptStyle = c.Theme.Prompt
	in.Placeholder = c.T("tui.palette_placeholder")
	p := &Palette{ctx: c, input: in, targets: map[string]paletteTarget{}}
	p.List = list.New([]list.Column{{Title: c.T("col.kind"), Width: 8}, {Title: c.T("col.name"), MinWidth: 16, Filtered: true},
		{Title: c.T("col.where"), MinWidth: 10, Filtered: true}, {Title: c.T("col.description"), MinWidth: 10, Filtered: true}}, []int{1, 2, 3}, c.Theme.List)
	var rows []list.Row
	add := func(k string, t paletteTarget, cells ...string) {
		if _, dup := p.targets[k]; dup {
			return
		}
		p.targets[k] = t
		rows = append(rows, list.Row{Key: k, Cells: cells})
	}
	screen := c.T("kind.screen")
	add("screen:records", paletteTarget{kind: "records"}, screen, c.T("tui.records"), "", c.T("tui.records_desc"))
	add("screen:myperms", paletteTarget{kind: "myperms"}, screen, c.T("myperms.title"), "", c.T("myperms.desc"))
	add("screen:mcp", paletteTarget{kind: "mcp"}, screen, c.T("mcp.title"), "", c.T("mcp.desc"))
	if !c.Cache.NoESB {
		add("screen:components", paletteTarget{kind: "components"}, screen, c.T("comp.title"), "", c.T("comp.desc"))
	}
	add("screen:import", paletteTarget{kind: "import"}, screen, c.T("import.title"), "", c.T("import.desc"))
	add("screen:history", paletteTarget{kind: "history"}, screen, c.T("history.title"), "", c.T("history.desc"))
	add("screen:saved", paletteTarget{kind: "savedlist"}, screen, c.T("saved.title"), "", c.T("saved.desc"))
	add("screen:profile", paletteTarget{kind: "profile"}, screen, c.T("tui.profile"), "", c.T("tui.profile_desc"))
	for _, r := range saved {
		add("saved:"+r.Ref(), paletteTarget{kind: "saved", saved: r}, c.T("kind.saved"), r.Name, r.Gateway, strings.ToUpper(r.Method)+" "+r.Path)
	}
	gws, _ := c.Cache.Gateways.Get()
	byName := map[string]client.Gateway{}
	for _, g := range gws {
		byName[g.Name] = g
		add("gw:"+g.Name, paletteTarget{kind: "gateway", gateway: g}, c.T("kind.gateway"), g.Name, "", g.Description)
	}
	addAPI := func(g client.Gateway, stage string, r client.Resource) {
		if full, ok := byName[g.Name]; ok {
			g = full
		}
		add("api:"+g.Name+"/"+stage+"/"+r.Name, paletteTarget{kind: "api", gateway: g, api: r, stage: stage},
			c.T("kind.api"), r.Name, g.Name+" · "+stage, r.Method+" "+r.Path+"  "+r.Description)
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
	p.input.Width = max(10, w-4)
	p.List.SetSize(w, max(1, h-2))
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
	c := p.ctx
	switch t.kind {
	case "gateway":
		return common.JumpTo(common.GatewayPage{Gateway: t.gateway})
	case "api":
		c.SetStage(t.stage)
		return common.JumpTo(common.GatewayPage{Gateway: t.gateway}, common.DocPage{Gateway: t.gateway, Resource: t.api, Stage: t.stage})
	case "profile":
		return common.JumpTo(common.ProfilePage{})
	case "records":
		return common.JumpTo(common.RecordsPage{})
	case "myperms":
		return common.JumpTo(common.MyPermsPage{})
	case "mcp":
		return common.JumpTo(common.MCPPage{})
	case "components":
		return common.JumpTo(common.SystemsPage{})
	case "history":
		return common.JumpTo(common.HistoryPage{})
	case "saved":
		return common.JumpTo(common.GatewayPage{Gateway: client.Gateway{Name: t.saved.Gateway}}, common.SavedRequestPage{Request: t.saved})
	case "savedlist":
		return common.JumpTo(common.SavedPage{})
	case "import":
		return common.JumpTo(common.ImportPage{})
	}
	return nil
}

func (p *Palette) View() string {
	hint := p.ctx.Theme.Subtle.Render(p.ctx.T("tui.palette_hint"))
	return p.input.View() + "\n" + hint + "\n" + p.List.View()
}
