package browse

import (
	"strings"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Tabs of the gateway screen.
const (
	tabAPIs = iota
	tabSDKs
	tabPerms
	tabCount
)

// GatewayScreen shows one gateway: its details, a stage switcher, and tabs for APIs and SDKs.
type GatewayScreen struct {
	common.Base
	gw        client.Gateway
	stages    []client.Stage
	stageIdx  int
	tab       int
	apis      *components.FilterList
	resources []client.Resource
	resStage  string           // the stage resources were read in
	staleR    common.StaleRead // the APIs read again failed: the list read before stays
	loadingR  bool
	errR      error
	viaR      client.Surface
	sdks      *sdkPane
	perms     *permsPane
	// detailErr and stagesErr are why the gateway's details or stages could not be read (the
	// header says so, and r reads them again); stagesVia is where the stages shown came from.
	detailErr, stagesErr error
	stagesVia            client.Surface

	stageKey, openKey, callKey, savedKey key.Binding
}

// gatewayDetailMsg is the gateway's detail and stages read in lang: one for a language left
// since is dropped.
type gatewayDetailMsg struct {
	lang   i18n.Lang
	gw     client.Gateway
	stages []client.Stage
	via    client.Surface
	err    error
	stVia  client.Surface
	stErr  error
}

type resourcesLoadedMsg struct {
	stage string
	items []client.Resource
	via   client.Surface
	err   error
}

// NewGatewayScreen opens a gateway from its list entry.
func NewGatewayScreen(c *common.Context, g client.Gateway) *GatewayScreen {
	s := &GatewayScreen{Base: common.NewBase(c), gw: g}
	for _, st := range ProfileStageNames(c) {
		s.stages = append(s.stages, client.Stage{Name: st})
	}
	s.pickStage(c.Stage())
	s.sdks = newSDKPane(c, s.Addr, s.ReqCtx)
	s.perms = newPermsPane(c, s.Addr, s.ReqCtx, g.Name)
	// The name is searched first: an in-order (fuzzy) match is scored in the first field that
	// holds it, and an abbreviation means a name (path fragments match as substrings).
	s.apis = components.NewFilterList(c, nil, []int{2, 1, 6})
	s.build()
	return s
}

func (s *GatewayScreen) build() {
	c := s.Ctx
	// PATH and NAME get their natural width first; the description takes what is left.
	cols := []list.Column{
		{Title: c.T("col.method"), Width: 7, Priority: 9},
		{Title: c.T("col.path"), MinWidth: 16, Filtered: true, Priority: 7},
		{Title: c.T("col.name"), MinWidth: 12, Filtered: true, Priority: 8},
		{Title: c.T("col.verify"), Width: 11, Priority: 5},
		{Title: c.T("col.status"), Width: 12, Priority: 6},
		// Below 100 columns the labels give their room to the path and the name (at 80, paths
		// read /api/v3/biz/s…; the doc has both); the description takes what the others leave,
		// shown when that is 16 cells at least.
		{Title: c.T("col.labels"), Width: 10, Priority: 2, HideBelow: 100},
		{Title: c.T("col.description"), MinWidth: 16, Filtered: true, HideBelow: 100, Leftover: true},
	}
	s.apis.SetColumns(cols)
	s.stageKey = c.Keys.Shared().Stage
	s.openKey = c.Keys.Bind("enter", "key.open_doc", "enter")
	s.callKey = c.Keys.Bind("c", "key.console", "c")
	s.savedKey = c.Keys.Bind("b", "key.saved_gateway", "b")
	s.setRows()
}

func (s *GatewayScreen) stage() string { return s.stages[s.stageIdx].Name }

// pickStage shows stage name when the gateway has it.
func (s *GatewayScreen) pickStage(name string) {
	for i, st := range s.stages {
		if st.Name == name {
			s.stageIdx = i
		}
	}
}

// stageNames lists the gateway's stages, for the screens it opens.
// ProfileStageNames are the stages a gateway page starts with: the profile's, or prod.
func ProfileStageNames(c *common.Context) []string {
	if len(c.Profile.Stages) == 0 {
		return []string{"prod"}
	}
	return c.Profile.Stages
}

func (s *GatewayScreen) stageNames() []string {
	out := make([]string, len(s.stages))
	for i, st := range s.stages {
		out[i] = st.Name
	}
	return out
}

func (s *GatewayScreen) cacheKey() common.GatewayStage {
	return common.GatewayStage{Gateway: s.gw.Name, Stage: s.stage()}
}

func (s *GatewayScreen) Init() tea.Cmd {
	// Permission status too, quietly: the API list shows it as a badge.
	return tea.Batch(s.loadDetail(), s.loadResources(false), s.perms.Load(false))
}

// permOf is the cached permission state of an API, if known.
func (s *GatewayScreen) loadDetail() tea.Cmd {
	b, name, lang := backendOf(s.Ctx), s.gw.Name, s.Ctx.Lang
	ctx, cancel := s.LoadCtx()
	return s.Own(func() tea.Msg {
		defer cancel()
		g, via, err := b.Gateway(ctx, name)
		st, stVia, stErr := b.Stages(ctx, name)
		return gatewayDetailMsg{lang, g, st, via, err, stVia, stErr}
	})
}

func (s *GatewayScreen) loadResources(force bool) tea.Cmd {
	if v, ok := s.Ctx.Cache.Resources.Get(s.cacheKey()); ok && !force {
		s.resources, s.resStage, s.errR = v, s.stage(), nil
		s.setRows()
		return nil
	}
	s.loadingR, s.errR = true, nil
	b, name, stage := backendOf(s.Ctx), s.gw.Name, s.stage()
	ctx, cancel := s.LoadCtx()
	return tea.Batch(s.Ctx.Clock.Spin(s.Spinner), s.Own(func() tea.Msg {
		defer cancel()
		rs, via, err := b.Resources(ctx, name, stage)
		common.ReleaseMemory(len(rs))
		return resourcesLoadedMsg{stage, rs, via, err}
	}))
}

// flagBits indexes an API's flags' text: one string per combination, not one per API.
func flagBits(r client.Resource) int {
	f := 0
	if r.VerifiedAppRequired {
		f |= 1
	}
	if r.VerifiedUserRequired {
		f |= 2
	}
	if !r.ResourcePermRequired {
		f |= 4
	}
	if r.OAuth2PersonalClientEnabled {
		f |= 8
	}
	if r.OAuth2PublicClientEnabled {
		f |= 16
	}
	if r.IsAI() {
		f |= 32
	}
	return f
}

func (s *GatewayScreen) flags(r client.Resource) string {
	var f []string
	if r.IsAI() {
		f = append(f, s.Ctx.T("flag.ai"))
	}
	if r.VerifiedAppRequired {
		f = append(f, s.Ctx.T("flag.app"))
	}
	if r.VerifiedUserRequired {
		f = append(f, s.Ctx.T("flag.user"))
	}
	if !r.ResourcePermRequired {
		f = append(f, s.Ctx.T("flag.free"))
	}
	if r.OAuth2PersonalClientEnabled {
		f = append(f, s.Ctx.T("flag.personal"))
	}
	if r.OAuth2PublicClientEnabled {
		f = append(f, s.Ctx.T("flag.public"))
	}
	return strings.Join(f, " ")
}

func (s *GatewayScreen) setRows() tea.Cmd {
	t := s.Ctx.Theme
	ps, _ := s.Ctx.Cache.Perms.Get(s.gw.Name)
	src := &apiRows{resources: s.resources, perms: ps, permOf: make([]int32, len(s.resources)), badge: map[string]string{}}
	// Each API's permission, by index into ps: an int per API, not a copy of the permission.
	if len(ps) > 0 {
		byName := make(map[string]int32, len(ps))
		for i, p := range ps {
			byName[p.Name] = int32(i)
		}
		for i, r := range s.resources {
			if k, ok := byName[r.Name]; ok {
				src.permOf[i] = k + 1
				st := ps[k].PermissionStatus
				if _, done := src.badge[st]; !done {
					src.badge[st] = i18n.Status(s.Ctx.Lang, st)
				}
			}
		}
	}
	for f := range src.flags {
		kind := ""
		if f&32 != 0 {
			kind = client.KindAI
		}
		src.flags[f] = s.flags(client.Resource{VerifiedAppRequired: f&1 != 0, VerifiedUserRequired: f&2 != 0, ResourcePermRequired: f&4 == 0,
			OAuth2PersonalClientEnabled: f&8 != 0, OAuth2PublicClientEnabled: f&16 != 0, Kind: kind})
	}
	// Styles are looked up for visible rows only: no closure per row for 50,000 APIs.
	s.apis.List.SetStyleFunc(func(row, col int) (lipgloss.Style, bool) {
		switch col {
		case 0:
			return t.MethodStyle(src.resources[row].Method), true
		case 4:
			p := src.perm(row)
			if common.IsExpiring(p.Grant) {
				return t.PermStatus["expiring"], true
			}
			return t.PermStatus[p.PermissionStatus], true
		case 3, 5:
			return t.Subtle, true
		}
		return lipgloss.Style{}, false
	})
	s.apis.List.SetSource(src)
	return common.FreeAfter(len(s.resources))
}

// apiRows gives the API tab its rows from the resources themselves, built for the rows shown:
// 50,000 APIs are not kept a second time as cells.
type apiRows struct {
	resources []client.Resource
	perms     []client.ResourcePermission
	permOf    []int32           // 1 + the index of each API's permission in perms; 0: none known
	badge     map[string]string // a status's text, in the language of the rows
	flags     [64]string        // the flags' text by their bits (flagBits)
}

func (a *apiRows) Len() int         { return len(a.resources) }
func (a *apiRows) Key(i int) string { return a.resources[i].Name }

func (a *apiRows) perm(i int) client.ResourcePermission {
	if k := a.permOf[i]; k > 0 {
		return a.perms[k-1]
	}
	return client.ResourcePermission{}
}

func (a *apiRows) Row(i int) list.Row {
	r := a.resources[i]
	f := flagBits(r)
	badge := ""
	if a.permOf[i] > 0 {
		badge = a.badge[a.perm(i).PermissionStatus]
	}
	return list.Row{Key: r.Name, Cells: []string{r.Method, r.Path, r.Name, a.flags[f], badge, strings.Join(r.LabelNames(), ", "), r.Description}}
}

// headerLines is the gateway's details above the tabs.
func (s *GatewayScreen) headerView() string {
	t := s.Ctx.Theme
	c := s.Ctx
	var b strings.Builder
	title := t.Title.Render(s.gw.Name)
	if s.gw.IsOfficial {
		title += " " + t.Badge.Render("["+c.T("mark.official")+"]")
	}
	if s.gw.IsDeprecated {
		title += " " + t.Warn.Render("["+c.T("mark.deprecated")+"]")
	}
	b.WriteString(title + "  " + t.Subtle.Render(ansi.Truncate(s.gw.Description, max(10, s.Width-ansi.StringWidth(s.gw.Name)-20), "…")))
	b.WriteString("\n")
	var stages []string
	for i, st := range s.stages {
		if i == s.stageIdx {
			stages = append(stages, t.TabActive.Render(st.Name))
		} else {
			stages = append(stages, t.Subtle.Render(st.Name))
		}
	}
	docm := strings.Join(s.gw.DocMaintainers.Contacts, ", ")
	// The stages first: the one in use must not be what a narrow screen cuts (issue 32 item 16).
	// What does not fit goes to a line of its own rather than being cut ("Doc mai…" at 60
	// columns): the maintainers are who a user asks about an API.
	stagesLabel := c.Label("field.stages")
	if s.stagesVia == client.SurfaceProfile {
		stagesLabel = c.Label("field.stages_profile") // not the gateway's own list: it may lack some
	}
	parts := []string{stagesLabel + strings.Join(stages, " "),
		c.Label("field.maintainers") + strings.Join(s.gw.Maintainers, ", "), c.Label("field.doc_maintainers") + docm}
	line := parts[0]
	for _, p := range parts[1:] {
		if ansi.StringWidth(line+"   "+p) > s.Width {
			b.WriteString(ansi.Truncate(line, s.Width, "…") + "\n")
			line = p
			continue
		}
		line += "   " + p
	}
	b.WriteString(ansi.Truncate(line, s.Width, "…") + "\n")
	b.WriteString(s.unreadView())
	url := s.gw.APIURL
	b.WriteString(ansi.Truncate(t.Subtle.Render(c.Label("field.api_url"))+url, s.Width, "…"))
	if s.gw.IsDeprecated && s.gw.DeprecatedNote != "" {
		b.WriteString("\n" + t.Warn.Render(ansi.Truncate("! "+s.gw.DeprecatedNote, s.Width, "…")))
	}
	b.WriteString("\n")
	b.WriteString(components.TabBar(t, []string{c.T("tab.apis"), c.T("tab.sdks"), c.T("tab.perms")}, s.tab))
	return b.String()
}

// unreadView says which of the gateway's details could not be read, and the key that reads
// them again: the header shows what the list knew, which may be less.
// Both failed (a server down fails both) is said once, and the note keeps to two lines: the
// list below is what the page is for (at 60×15 four lines of it had left one row).
func (s *GatewayScreen) unreadView() string {
	c := s.Ctx
	key, err := "gateway.detail_unread", s.detailErr
	switch {
	case s.detailErr != nil && s.stagesErr != nil:
		key = "gateway.both_unread"
	case s.stagesErr != nil:
		key, err = "gateway.stages_unread", s.stagesErr
	case err == nil:
		return ""
	}
	return c.Theme.Warn.Render(twoLines(c.T(key, common.ErrorLine(c, err), c.Global.Refresh.Help().Key), s.Width)) + "\n"
}

// twoLines wraps text to w and keeps two lines of it at most: the key that retries, last in
// the sentence, is still on the second at 60 columns.
func twoLines(text string, w int) string {
	w = max(10, w)
	lines := strings.Split(common.Wrap(text, w), "\n")
	if len(lines) > 2 {
		lines = []string{lines[0], ansi.Truncate(strings.Join(lines[1:], " "), w, "…")}
	}
	return strings.Join(lines, "\n")
}

func (s *GatewayScreen) bodyHeight() int {
	h := s.Height - lipgloss.Height(s.headerView())
	if s.tab == tabAPIs {
		h -= len(s.apisNotes())
	}
	return max(1, h)
}

// apisNotes are the lines above the API list, one each: that O lists the editing set, and that
// the permission statuses could not be read (their column had stood empty, saying nothing).
func (s *GatewayScreen) apisNotes() []string {
	c, w := s.Ctx, max(10, s.Width)
	var notes []string
	if s.viaR == client.SurfaceOpen {
		notes = append(notes, c.Theme.Subtle.Render(ansi.Truncate(c.T("tui.open_resources_note"), w, "…")))
	}
	if s.perms.err != nil && !s.perms.statusOff {
		text := twoLines(c.T("tui.statuses_unread", common.ErrorLine(c, s.perms.err), c.Global.Refresh.Help().Key), w)
		for _, l := range strings.Split(text, "\n") {
			notes = append(notes, c.Theme.Warn.Render(l))
		}
	}
	return notes
}

func (s *GatewayScreen) SetSize(w, h int) {
	s.Width, s.Height = w, h
	bh := s.bodyHeight()
	s.apis.SetSize(w, bh)
	s.sdks.SetSize(w, bh)
	s.perms.SetSize(w, bh)
}

func (s *GatewayScreen) Crumb() string { return s.gw.Name }

func (s *GatewayScreen) Capturing() bool {
	return (s.tab == tabAPIs && s.apis.Capturing()) || (s.tab == tabPerms && s.perms.Capturing())
}

func (s *GatewayScreen) Escape() bool {
	return (s.tab == tabAPIs && s.apis.Escape()) || (s.tab == tabPerms && s.perms.Escape())
}

// failed is whether the tab shown holds an error in place of its list: then the footer
// offers first the key that loads it again, as the error below it says.
func (s *GatewayScreen) failed() bool {
	switch s.tab {
	case tabSDKs:
		return s.sdks.err != nil
	case tabPerms:
		return s.perms.err != nil && !s.perms.statusOff
	}
	return s.errR != nil
}

func (s *GatewayScreen) ShortHelp() []key.Binding {
	n := s.Ctx.Nav
	if s.failed() {
		return []key.Binding{s.Ctx.Global.Refresh, n.NextTab, s.stageKey, s.savedKey}
	}
	if s.tab == tabSDKs {
		return append([]key.Binding{n.NextTab, s.stageKey}, s.sdks.ShortHelp()...)
	}
	if s.tab == tabPerms {
		if s.perms.Capturing() {
			return s.perms.ShortHelp() // the filter's keys alone
		}
		return append(s.perms.ShortHelp(), n.NextTab)
	}
	if k := s.apis.FilterKeys(s.openKey); k != nil {
		return k
	}
	return append(s.apis.RowKeys(s.openKey, s.callKey, n.Filter), n.NextTab, s.stageKey, s.savedKey)
}

// FullHelp is the keys of the tab shown: enter and c act on the API list only (on the
// permissions tab c clears the selection).
func (s *GatewayScreen) FullHelp() [][]key.Binding {
	n := s.Ctx.Nav
	rows := []key.Binding{n.Up, n.Down, n.PageUp, n.PageDown, n.Top, n.Bottom}
	page := []key.Binding{n.NextTab, n.PrevTab, s.stageKey, s.savedKey, s.Ctx.Global.Refresh}
	switch s.tab {
	case tabSDKs:
		return append([][]key.Binding{page}, s.sdks.FullHelp()...)
	case tabPerms:
		return append([][]key.Binding{rows, page}, s.perms.FullHelp()...)
	}
	return [][]key.Binding{rows, append([]key.Binding{s.openKey, s.callKey, n.Filter}, page...)}
}
