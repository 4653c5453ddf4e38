package doc

import (
	"fmt"
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// DocScreen shows an API's markdown doc rendered at the terminal's width.
type DocScreen struct {
	common.Base
	gw       client.Gateway
	res      client.Resource
	stage    string
	stages   []string // the gateway's, for S
	docLang  i18n.Lang
	doc      *client.Doc
	docOf    common.DocKey    // the stage and language doc was read in
	stale    common.StaleRead // the doc read again failed: the one read before stays
	via      client.Surface
	loading  bool
	err      error
	vp       viewport.Model
	renderK  string
	langKey  key.Binding
	callKey  key.Binding
	stageKey key.Binding
	spaceKey key.Binding
	applyKey key.Binding       // offered only where the API can be applied for (applicable)
	search   components.Search // as less's /, in the rendered doc
	find     components.SearchKeys
	rendered string // the doc as rendered, before the search marks it
}

// docLoadedMsg is a doc read for key (its stage and language): an answer for a stage or a
// language the page has left since is dropped, not shown (and kept) under the one shown.
type docLoadedMsg struct {
	key common.DocKey
	doc client.Doc
	via client.Surface
	err error
}

// NewDocScreen opens the doc of one API, in the UI language.
func NewDocScreen(c *common.Context, g client.Gateway, r client.Resource, stage string, stages ...string) *DocScreen {
	s := &DocScreen{Base: common.NewBase(c), gw: g, res: r, stage: stage, stages: stages, docLang: c.Lang, vp: viewport.New(0, 0), search: components.NewSearch(c)}
	s.build()
	return s
}

func (s *DocScreen) build() {
	s.langKey = s.Ctx.Keys.Bind("l", "key.doc_lang", "l")
	s.callKey = s.Ctx.Keys.Bind("c", "key.console", "c")
	s.stageKey = s.Ctx.Keys.Bind("S", "key.stage", "S")
	s.spaceKey = s.Ctx.Keys.Bind("space", "key.pagedown", " ") // as less does
	s.applyKey = s.Ctx.Keys.Marks().Apply
	s.find = components.NewSearchKeys(s.Ctx.Keys)
	s.stageKey.SetEnabled(len(s.stages) > 1)
}

func (s *DocScreen) cacheKey() common.DocKey {
	return common.DocKey{Gateway: s.gw.Name, Resource: s.res.Name, Stage: s.stage, Lang: string(s.docLang)}
}

func (s *DocScreen) Init() tea.Cmd { return s.load(false) }

func (s *DocScreen) load(force bool) tea.Cmd {
	if d, ok := s.Ctx.Cache.Docs.Get(s.cacheKey()); ok && !force {
		s.doc, s.docOf, s.err = &d, s.cacheKey(), nil
		return s.render()
	}
	s.loading, s.err = true, nil
	b, gw, res, stage, lang, k := backendOf(s.Ctx), s.gw.Name, s.res.Name, s.stage, s.docLang, s.cacheKey()
	ctx, cancel := s.LoadCtx()
	return tea.Batch(s.Ctx.Clock.Spin(s.Spinner), s.Own(func() tea.Msg {
		defer cancel()
		d, via, err := b.Doc(ctx, gw, res, stage, lang.Doc())
		return docLoadedMsg{k, d, via, err}
	}))
}

// render asks for the doc at the current width, unless that rendering is cached.
func (s *DocScreen) render() tea.Cmd {
	if s.doc == nil || s.vp.Width == 0 {
		return nil
	}
	content := s.doc.Content
	if strings.TrimSpace(content) == "" {
		content = "_" + s.Ctx.T("tui.doc_empty") + "_"
	}
	k := components.RenderKey(content, s.vp.Width)
	s.renderK = k
	if out, ok := s.Ctx.Cache.Rendered.Get(k); ok {
		s.setContent(out)
		return nil
	}
	return components.RenderMarkdown(content, s.vp.Width, s.Ctx.Theme)
}

func (s *DocScreen) setContent(out string) {
	s.rendered = out
	off := s.vp.YOffset
	s.showSearch()
	s.vp.SetYOffset(off)
}

// showSearch puts the rendered doc in the viewport with the search's matches marked, and
// scrolls the current one into view (a third down the screen, as the response's).
func (s *DocScreen) showSearch() {
	if s.search.Query() == "" {
		s.vp.SetContent(s.rendered)
		return
	}
	src := strings.Split(ansi.Strip(s.rendered), "\n") // marks go on plain text
	s.search.Mark(s.Ctx, src)
	s.search.SetShown(func(m components.Match) int { return m.Line })
	s.vp.SetContent(strings.Join(src, "\n"))
	if m, ok := s.search.Current(); ok && (m.Line < s.vp.YOffset || m.Line >= s.vp.YOffset+s.vp.Height) {
		s.vp.SetYOffset(max(0, m.Line-s.vp.Height/3))
	}
}

// Escape clears the search in force before esc means back.
func (s *DocScreen) Escape() bool {
	if s.search.Clear() {
		s.showSearch()
		return true
	}
	return false
}

func (s *DocScreen) headerView() string {
	t, c := s.Ctx.Theme, s.Ctx
	title := t.MethodStyle(s.res.Method).Render(s.res.Method) + " " + t.Bold.Render(s.res.Path) + "  " + t.Subtle.Render(s.res.Name)
	var flags []string
	if s.res.VerifiedAppRequired {
		flags = append(flags, c.T("flag.app_long"))
	}
	if s.res.VerifiedUserRequired {
		flags = append(flags, c.T("flag.user_long"))
	}
	badge, unlimited := "", false
	if ps, ok := c.Cache.Perms.Get(s.gw.Name); ok {
		for _, p := range ps {
			if p.Name == s.res.Name {
				unlimited = p.PermissionStatus == client.StatusUnlimited
				badge = common.StatusBadge(c, p.Grant) + "   "
				if !unlimited { // an unlimited API has no expiry to state
					badge = common.StatusBadge(c, p.Grant) + " " + t.Subtle.Render(common.ExpiryText(c, p.Grant)) + "   "
				}
			}
		}
	}
	switch {
	case unlimited: // the status says it already (无需申请 once, not twice)
	case s.res.ResourcePermRequired:
		flags = append(flags, c.T("flag.perm_long"))
	default:
		flags = append(flags, c.T("flag.free_long"))
	}
	if s.res.OAuth2PersonalClientEnabled {
		flags = append(flags, c.T("flag.personal_long"))
	}
	if s.res.OAuth2PublicClientEnabled {
		flags = append(flags, c.T("flag.public_long"))
	}
	if s.res.IsAI() {
		flags = append([]string{c.T("flag.ai_long")}, flags...)
	}
	langs := t.TabInactive.Render("中文")
	en := t.TabInactive.Render("English")
	if s.docLang == i18n.Chinese {
		langs = t.TabActive.Render("中文")
	} else {
		en = t.TabActive.Render("English")
	}
	info := strings.Join(flags, " · ")
	if info != "" {
		info += "   "
	}
	where := t.Subtle.Render(c.Label("field.stage")+s.stage+"   ") + langs + " / " + en
	line2 := badge + t.Subtle.Render(info) + where
	if lipgloss.Width(line2) > s.Width && s.Width > 0 {
		// The stage and the doc's language (s and l change them) keep a line of their own.
		line2 = ansi.Truncate(badge+t.Subtle.Render(strings.TrimSpace(info)), s.Width, "…") + "\n" + ansi.Truncate(where, s.Width, "…")
	}
	return ansi.Truncate(title, s.Width, "…") + "\n" + line2
}

// applicable is the API's permission when the app may apply for it (read from the gateway
// page's permissions): the doc then offers the application form on it.
func (s *DocScreen) applicable() (client.ResourcePermission, bool) {
	ps, _ := s.Ctx.Cache.Perms.Get(s.gw.Name)
	for _, p := range ps {
		if p.Name == s.res.Name {
			return p, p.Applicable()
		}
	}
	return client.ResourcePermission{}, false
}

// pageKeys is the doc's own keys, apply among them where the API can be applied for.
func (s *DocScreen) pageKeys() []key.Binding {
	keys := []key.Binding{s.langKey, s.callKey}
	if _, ok := s.applicable(); ok {
		keys = append(keys, s.applyKey)
	}
	return keys
}

func (s *DocScreen) SetSize(w, h int) {
	s.Width, s.Height = w, h
	s.vp.Width = w
	s.vp.Height = max(1, h-lipgloss.Height(s.headerView())-1)
}

func (s *DocScreen) Crumb() string { return s.res.Name }

func (s *DocScreen) Capturing() bool { return s.search.Typing() }

func (s *DocScreen) ShortHelp() []key.Binding {
	n := s.Ctx.Nav
	switch {
	case s.search.Typing():
		return []key.Binding{s.Ctx.Form.Done, s.Ctx.Form.Cancel}
	case s.search.Query() != "":
		clear := s.Ctx.Keys.As(s.Ctx.Global.Back, "key.clear_search") // esc clears before it means back
		return append(append([]key.Binding{s.find.Next, s.find.Prev, clear, s.find.Search}, s.pageKeys()...), s.stageKey, n.Down, n.Up, n.PageDown)
	case s.err != nil:
		return append([]key.Binding{s.Ctx.Global.Refresh}, s.pageKeys()...) // nothing to scroll or search
	}
	return append(s.pageKeys(), s.find.Search, s.stageKey, n.Down, n.Up, n.PageDown)
}

func (s *DocScreen) FullHelp() [][]key.Binding {
	n := s.Ctx.Nav
	return [][]key.Binding{{n.Up, n.Down, n.PageUp, n.PageDown, n.Top, n.Bottom}, append(s.pageKeys(), s.stageKey, s.Ctx.Global.Refresh),
		{s.find.Search, s.find.Next, s.find.Prev}}
}

// searchKey takes the search's keys: the query while typed, /, and n and N with a query.
func (s *DocScreen) searchKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	var cmd tea.Cmd
	switch {
	case s.search.Typing():
		cmd = s.search.Key(msg, s.Ctx.Form)
	case key.Matches(msg, s.find.Search):
		cmd = s.search.Start()
	case key.Matches(msg, s.find.Next) && s.search.Query() != "":
		s.search.Move(1)
	case key.Matches(msg, s.find.Prev) && s.search.Query() != "":
		s.search.Move(-1)
	default:
		return nil, false
	}
	s.showSearch()
	return cmd, true
}

func (s *DocScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case docLoadedMsg:
		if msg.key != s.cacheKey() {
			return s, nil
		}
		if msg.err != nil && s.doc != nil && s.docOf == s.cacheKey() {
			// Read again (r) and failed: the doc read before stays; another stage's or
			// language's failure is shown, not this one's doc under its name.
			s.loading = false
			return s, tea.Batch(common.Conn(msg.via, msg.err), s.stale.Failed(s.Ctx, msg.err))
		}
		s.loading, s.err, s.via = false, msg.err, msg.via
		if msg.err != nil {
			return s, common.Conn(msg.via, msg.err)
		}
		s.stale.Succeeded()
		d := msg.doc
		s.doc, s.docOf = &d, s.cacheKey()
		s.Ctx.Cache.Docs.Put(s.cacheKey(), d)
		return s, tea.Batch(common.Conn(msg.via, nil), s.render())
	case components.RenderedMsg:
		s.Ctx.Cache.Rendered.Put(msg.Key, msg.Out)
		if msg.Key == s.renderK {
			s.setContent(msg.Out)
		}
		return s, nil
	case spinner.TickMsg:
		return s, s.Spin(msg, s.loading)
	case common.LangChangedMsg:
		s.build()
	case common.ResizedMsg:
		if s.needsRender() {
			return s, s.render()
		}
	case tea.MouseMsg:
		components.Pane{VP: &s.vp}.Wheel(msg)
	case tea.KeyMsg:
		if cmd, ok := s.searchKey(msg); ok {
			return s, cmd
		}
		n := s.Ctx.Nav
		switch {
		case key.Matches(msg, s.langKey):
			s.docLang = s.docLang.Other()
			return s, s.load(false)
		case key.Matches(msg, s.callKey):
			return s, common.OpenPage(common.ConsolePage{Gateway: s.gw.Name, Resource: s.res, Stage: s.stage})
		case key.Matches(msg, s.applyKey):
			if p, ok := s.applicable(); ok {
				return s, common.OpenPage(common.ApplyPage{Target: s.gw.Name, Items: common.APIItems([]client.ResourcePermission{p})})
			}
		case key.Matches(msg, s.stageKey):
			for i, st := range s.stages {
				if st == s.stage {
					s.stage = s.stages[(i+1)%len(s.stages)]
					break
				}
			}
			s.Ctx.SetStage(s.stage)
			s.doc, s.err = nil, nil
			return s, s.load(false)
		case key.Matches(msg, s.Ctx.Global.Refresh):
			return s, s.load(true)
		case key.Matches(msg, s.spaceKey):
			s.vp.PageDown()
		default:
			n.Scroll(msg, components.Pane{VP: &s.vp})
		}
	}
	return s, nil
}

// needsRender is checked after a resize: the width changed, so ask for that rendering.
func (s *DocScreen) needsRender() bool {
	return s.doc != nil && s.renderK != components.RenderKey(s.docContent(), s.vp.Width)
}

func (s *DocScreen) docContent() string {
	if s.doc == nil {
		return ""
	}
	if strings.TrimSpace(s.doc.Content) == "" {
		return "_" + s.Ctx.T("tui.doc_empty") + "_"
	}
	return s.doc.Content
}

func (s *DocScreen) View() string {
	var body string
	switch {
	case s.err != nil:
		body = common.RetryView(s.Ctx, s.err)
	case s.doc == nil:
		body = s.LoadingView(s.Ctx.T("tui.doc"))
	default:
		body = s.vp.View()
		status := s.search.Status(s.Ctx)
		if s.vp.TotalLineCount() > s.vp.Height {
			status = append(status, s.Ctx.Theme.Subtle.Render(fmt.Sprintf("%3.0f%%", s.vp.ScrollPercent()*100)))
		}
		if len(status) > 0 {
			body += "\n" + ansi.Truncate(strings.Join(status, "  "), s.Width, "…")
		}
	}
	head := s.headerView()
	if h := max(1, s.Height-lipgloss.Height(head)-1); h != s.vp.Height && s.Height > 0 {
		s.vp.Height = h // the header took a line more or less (another stage's name)
		body = s.vp.View()
	}
	return head + "\n" + body
}
