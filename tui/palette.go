package tui

import (
	"sort"
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// Palette is the command palette (":" or ctrl+p): jump to a gateway, an API by name (of the
// gateways loaded this session), the records or the profile screen.
type Palette struct {
	ctx     *Context
	input   textinput.Model
	list    *list.Model
	targets map[string]paletteTarget
}

type paletteTarget struct {
	kind    string // gateway, api, records, profile
	gateway client.Gateway
	api     client.Resource
	stage   string
}

// paletteMsg is reserved for palette-internal messages.
type paletteMsg struct{}

// NewPalette builds the palette's targets from what this session has loaded.
func NewPalette(c *Context) *Palette {
	in := newTextInput()
	in.Prompt = ": "
	in.PromptStyle = c.Theme.Prompt
	in.Placeholder = c.T("tui.palette_placeholder")
	p := &Palette{ctx: c, input: in, targets: map[string]paletteTarget{}}
	p.list = list.New([]list.Column{{Title: c.T("col.kind"), Width: 10}, {Title: c.T("col.name"), MinWidth: 20, Filtered: true},
		{Title: c.T("col.description"), MinWidth: 10, Filtered: true}}, []int{1, 2}, c.Theme.List)
	var rows []list.Row
	add := func(k string, t paletteTarget, cells ...string) {
		p.targets[k] = t
		rows = append(rows, list.Row{Key: k, Cells: cells})
	}
	add("screen:records", paletteTarget{kind: "records"}, c.T("kind.screen"), c.T("tui.records"), c.T("tui.records_desc"))
	add("screen:myperms", paletteTarget{kind: "myperms"}, c.T("kind.screen"), c.T("myperms.title"), c.T("myperms.desc"))
	add("screen:import", paletteTarget{kind: "import"}, c.T("kind.screen"), c.T("import.title"), c.T("import.desc"))
	add("screen:history", paletteTarget{kind: "history"}, c.T("kind.screen"), c.T("history.title"), c.T("history.desc"))
	add("screen:profile", paletteTarget{kind: "profile"}, c.T("kind.screen"), c.T("tui.profile"), c.T("tui.profile_desc"))
	gws, _ := c.Cache[cacheGateways].([]client.Gateway)
	byName := map[string]client.Gateway{}
	for _, g := range gws {
		byName[g.Name] = g
		add("gw:"+g.Name, paletteTarget{kind: "gateway", gateway: g}, c.T("kind.gateway"), g.Name, g.Description)
	}
	for k, v := range c.Cache {
		rs, ok := v.([]client.Resource)
		if !ok || !strings.HasPrefix(k, "resources/") {
			continue
		}
		parts := strings.SplitN(k, "/", 3)
		if len(parts) != 3 {
			continue
		}
		g := byName[parts[1]]
		if g.Name == "" {
			g = client.Gateway{Name: parts[1]}
		}
		for _, r := range rs {
			r := r
			add("api:"+parts[1]+"/"+parts[2]+"/"+r.Name, paletteTarget{kind: "api", gateway: g, api: r, stage: parts[2]},
				c.T("kind.api"), parts[1]+" / "+r.Name+" ("+parts[2]+")", r.Method+" "+r.Path+" "+r.Description)
		}
	}
	// Map order is random: sort APIs after screens and gateways so the palette is stable.
	sort.SliceStable(rows, func(i, j int) bool {
		ki, kj := rows[i].Key, rows[j].Key
		if strings.HasPrefix(ki, "api:") != strings.HasPrefix(kj, "api:") {
			return !strings.HasPrefix(ki, "api:")
		}
		return strings.HasPrefix(ki, "api:") && ki < kj
	})
	p.list.SetRows(rows)
	return p
}

func (p *Palette) Init() tea.Cmd { return p.input.Focus() }

func (p *Palette) SetSize(w, h int) {
	p.input.Width = max(10, w-4)
	p.list.SetSize(w, max(1, h-2))
}

func (p *Palette) handle(tea.Msg) tea.Cmd { return nil }

// Update handles a key; done closes the palette.
func (p *Palette) Update(msg tea.KeyMsg) (tea.Cmd, bool) {
	switch msg.String() {
	case "esc":
		return nil, true
	case "up", "ctrl+k":
		p.list.Move(-1)
		return nil, false
	case "down", "ctrl+j":
		p.list.Move(1)
		return nil, false
	case "enter":
		r, ok := p.list.Selected()
		if !ok {
			return nil, true
		}
		return p.jump(p.targets[r.Key]), true
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	p.list.SetFilter(p.input.Value())
	return cmd, false
}

func (p *Palette) jump(t paletteTarget) tea.Cmd {
	c := p.ctx
	switch t.kind {
	case "gateway":
		return push(NewGatewayScreen(c, t.gateway))
	case "api":
		return tea.Sequence(push(NewGatewayScreen(c, t.gateway)), push(NewDocScreen(c, t.gateway, t.api, t.stage)))
	case "profile":
		return push(NewProfileScreen(c))
	case "records":
		return push(NewRecordsScreen(c))
	case "myperms":
		return push(NewMyPermsScreen(c))
	case "history":
		return push(NewHistoryScreen(c))
	case "import":
		return push(NewImportScreen(c))
	}
	return nil
}

func (p *Palette) View() string {
	hint := p.ctx.Theme.Subtle.Render(p.ctx.T("tui.palette_hint"))
	return p.input.View() + "\n" + hint + "\n" + p.list.View()
}
