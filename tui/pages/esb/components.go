package esb

import (
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"
	"github.com/bkconsole/bkconsole/tui/keymap"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/snippet"
	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// ComponentsScreen is one system's components with this app's permission on each: space
// selects, A and N open the application and renewal forms every kind shares.
type ComponentsScreen struct {
	components.ListPage
	system   client.ESBSystem
	items    []client.Component
	loading  bool
	err      error
	stale    common.StaleRead // a read again failed: the list read before stays
	selected map[int]bool
	sending  bool // a call is under way
	marks    keymap.Marks
	// The call form: one component, its method and JSON body, and the last answer.
	callKey    key.Binding
	consoleKey key.Binding
	copyKey    key.Binding
	sendKey    key.Binding
	methodKey  key.Binding
	calling    *client.Component
	method     string
	body       textarea.Model
	callResp   *client.CallResponse
	// rendered is callResp's body as drawn, rendered once for renderedOf (~60 ms a MiB).
	rendered   string
	renderedOf *client.CallResponse
	callErr    error
}

type componentCalledMsg struct {
	resp *client.CallResponse
	err  error
}

// NewComponentsScreen opens a system's components.
func NewComponentsScreen(c *common.Context, sys client.ESBSystem) *ComponentsScreen {
	s := &ComponentsScreen{ListPage: components.NewListPage(c, []int{1, 6}, listTop), system: sys, loading: true, selected: map[int]bool{}}
	s.build()
	return s
}

func (s *ComponentsScreen) build() {
	c := s.Ctx
	// At 60 columns what a component is, its status and what can be done come before how long
	// it lasts; the description, which would be a stub, is left out below 80 (c shows it).
	s.Listing.SetColumns([]list.Column{{Title: "", Width: 2}, {Title: c.T("col.name"), MinWidth: 14, Filtered: true, Priority: 5},
		{Title: c.T("col.status"), Width: 12, Priority: 4}, {Title: c.T("col.level"), Width: 10, Priority: 3}, {Title: c.T("col.expires"), MinWidth: 12, Priority: 3},
		{Title: c.T("col.action"), MinWidth: 11, Priority: 4}, {Title: c.T("col.description"), MinWidth: 10, Filtered: true, Priority: 1, HideBelow: 80}})
	l := c.Keys
	s.marks = l.Marks()
	s.callKey = l.Bind("c", "key.comp_call", "c")
	s.consoleKey = l.Bind("enter", "key.comp_console", "enter")
	s.copyKey = l.Bind("ctrl+y", "key.copy", "ctrl+y")
	s.sendKey = l.Bind("ctrl+s", "key.send", "ctrl+s")
	s.methodKey = l.Bind("tab", "key.method", "tab")
	s.setRows()
}

func (s *ComponentsScreen) setRows() {
	t, c := s.Ctx.Theme, s.Ctx
	rows := make([]list.Row, len(s.items))
	for i, x := range s.items {
		mark := ""
		if s.selected[x.ID] {
			mark = "✓"
		}
		exp := common.ExpiryCell(c, x.Grant)
		status := x.PermissionStatus
		desc := x.Describe(c.Lang == i18n.English)
		rows[i] = list.Row{Key: strconv.Itoa(x.ID), Cells: []string{mark, x.Name, i18n.Status(c.Lang, x.PermissionStatus),
			common.LevelText(c, x.PermissionLevel), exp, x.ActionText(c.Lang), desc},
			CellStyle: func(col int) lipgloss.Style {
				switch col {
				case 0:
					return t.List.Marked
				case 2:
					if st, ok := t.PermStatus[status]; ok {
						return st
					}
				}
				return lipgloss.NewStyle()
			}}
	}
	s.Listing.List.SetRows(rows)
}

func (s *ComponentsScreen) load() tea.Cmd {
	b, sys := backendOf(s.Ctx), s.system.ID
	ctx, cancel := s.LoadCtx()
	s.loading = true
	return tea.Batch(s.Ctx.Clock.Spin(s.Spinner), s.Own(func() tea.Msg {
		defer cancel()
		items, via, err := b.Components(ctx, sys)
		return componentsMsg{items, via, err}
	}))
}

func (s *ComponentsScreen) Init() tea.Cmd { return s.load() }
func (s *ComponentsScreen) Crumb() string { return s.system.Name }
func (s *ComponentsScreen) Capturing() bool {
	return s.Listing.Capturing() || s.calling != nil
}
func (s *ComponentsScreen) Escape() bool {
	if s.calling != nil {
		// What was typed is kept for the next call of this component (esc had dropped it).
		s.Ctx.Cache.Drafts.Put(s.callDraftKey(s.calling.Name), callDraft{s.method, s.body.Value()})
		s.calling, s.callResp, s.callErr = nil, nil, nil
		return true
	}
	return s.Listing.Escape()
}

// callDraft is an in-place call's method and body, kept when its form closes.
type callDraft struct{ method, body string }

func (s *ComponentsScreen) callDraftKey(component string) string {
	return "esbcall/" + s.system.Name + "/" + component
}

func (s *ComponentsScreen) ShortHelp() []key.Binding {
	if s.calling != nil { // esc is how the form closes: a field has the keys, so the footer says
		return []key.Binding{s.sendKey, s.methodKey, s.copyKey, s.Ctx.Keys.As(s.Ctx.Global.Back, "comp.close_call")}
	}
	if k := s.Listing.FilterKeys(key.Binding{}); k != nil {
		return k
	}
	keys := append(s.Listing.RowKeys(s.consoleKey, s.marks.Select, s.marks.Apply, s.marks.Renew, s.callKey, s.Ctx.Nav.Filter), s.Ctx.Global.Refresh)
	return components.ActionsFirst(len(s.selected), keys, s.marks.Apply, s.marks.Renew)
}

// chosen are the components an action takes (common.Chosen), by name.
func (s *ComponentsScreen) chosen(fits func(client.Component) bool) []client.Component {
	picked := slices.DeleteFunc(slices.Clone(s.items), func(x client.Component) bool { return !s.selected[x.ID] })
	out := common.Chosen(picked, s.current, fits)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// listTop is the page's lines above its list: the system, and what is selected.
const listTop = 2

// SetSize gives the list what the call form leaves (layout).
func (s *ComponentsScreen) SetSize(w, h int) {
	s.Width, s.Height = w, h
	s.layout()
}

// layout gives the list the page below its top lines, or with a call open what the call form
// leaves, down to the list's header and three rows; the form is cut to the rest (View).
func (s *ComponentsScreen) layout() {
	room := max(1, s.Height-listTop)
	if s.calling != nil {
		room = max(min(room, 5), room-lipgloss.Height(s.callView()))
	}
	s.Listing.SetSize(s.Width, room)
}

func (s *ComponentsScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	defer s.layout() // the call form may have opened, closed, grown or shrunk
	switch msg := msg.(type) {
	case componentsMsg:
		s.loading = false
		if msg.err != nil && s.items != nil {
			return s, tea.Batch(common.Conn(msg.via, msg.err), s.stale.Failed(s.Ctx, msg.err), s.follow())
		}
		s.stale.Succeeded()
		s.items, s.err = msg.items, msg.err
		s.setRows()
		return s, tea.Batch(common.Conn(msg.via, msg.err), s.follow())
	case componentsRefreshMsg:
		if s.loading {
			return s, nil
		}
		return s, s.load()
	case common.AppliedMsg:
		return s, s.applied(msg)
	case componentCalledMsg:
		s.sending = false
		s.callResp, s.callErr = msg.resp, msg.err
		if msg.err != nil && msg.resp == nil {
			return s, common.Notify(common.ErrorLine(s.Ctx, msg.err), true)
		}
	case common.LangChangedMsg:
		s.build()
	case tea.KeyMsg:
		return s, s.handleKey(msg)
	default:
		return s, s.Spin(msg, s.loading || s.sending)
	}
	return s, nil
}

// follow reads the list again while an application in it waits.
func (s *ComponentsScreen) follow() tea.Cmd {
	waiting := slices.ContainsFunc(s.items, func(x client.Component) bool { return x.PermissionStatus == client.StatusPending })
	return s.Own(s.Ctx.FollowWhile(waiting, componentsRefreshMsg{}))
}

func (s *ComponentsScreen) View() string {
	t, c := s.Ctx.Theme, s.Ctx
	switch {
	case s.loading && len(s.items) == 0:
		return s.LoadingView(s.system.Name)
	case errors.Is(s.err, client.ErrNoESB):
		return t.Warn.Render("! " + c.T("esb.absent"))
	case s.err != nil:
		return common.RetryView(c, s.err)
	}
	var b strings.Builder
	b.WriteString(t.Title.Render(s.system.Name) + " " + t.Subtle.Render(s.system.Describe(c.Lang == i18n.English)) + "\n")
	b.WriteString(t.Subtle.Render(c.T("mcp.selected", len(s.selected))) + "\n")
	list := s.Listing.View()
	b.WriteString(list + "\n")
	if s.calling != nil {
		b.WriteString(s.fitCall(s.Height - listTop - lipgloss.Height(list)))
	}
	if s.sending && s.calling == nil {
		b.WriteString(s.Spinner.View() + "\n")
	}
	return b.String()
}

// fitCall is the call form in room lines: a longer answer is cut, and the last line says
// where it is read whole.
func (s *ComponentsScreen) fitCall(room int) string {
	lines := strings.Split(strings.TrimSuffix(s.callView(), "\n"), "\n")
	if len(lines) <= room {
		return strings.Join(lines, "\n") + "\n"
	}
	lines = append(lines[:max(0, room-1)], s.Ctx.Theme.Subtle.Render(s.Ctx.T("comp.read_whole", s.Ctx.Global.Back.Help().Key, s.consoleKey.Help().Key)))
	return strings.Join(lines, "\n") + "\n"
}

// callKeys handles the call form: the send key sends once, the method key switches GET/POST,
// the copy key copies a curl snippet (secrets masked); esc closes the form.
func (s *ComponentsScreen) callKeys(msg tea.KeyMsg) tea.Cmd {
	r := client.ComponentCall{System: s.system.Name, Component: s.calling.Name, Method: s.method, Body: []byte(strings.TrimSpace(s.body.Value()))}
	if s.method == "GET" {
		r.Body = nil
	}
	switch {
	case key.Matches(msg, s.Ctx.Form.Cancel):
		s.Escape()
		return nil
	case key.Matches(msg, s.sendKey):
		if s.sending {
			return nil
		}
		if len(r.Body) > 0 {
			if err := client.CheckJSON(r.Body); err != nil {
				s.callErr = err
				return nil
			}
		}
		s.sending, s.callErr = true, nil
		b := backendOf(s.Ctx)
		ctx, cancel := s.LoadCtx()
		return tea.Batch(s.Ctx.Clock.Spin(s.Spinner), s.Own(func() tea.Msg {
			defer cancel()
			resp, _, err := b.CallComponent(ctx, r)
			return componentCalledMsg{resp, err}
		}))
	case key.Matches(msg, s.methodKey):
		if s.method == "POST" {
			s.method = "GET"
		} else {
			s.method = "POST"
		}
		return nil
	}
	if key.Matches(msg, s.copyKey) {
		prep, err := backendOf(s.Ctx).PrepareComponent(r)
		if err != nil {
			return common.Notify(common.ErrorLine(s.Ctx, err), true)
		}
		text, err := snippet.Generate(snippet.Curl, prep, snippet.Masked, snippet.SDKCall{})
		if err != nil {
			return common.Notify(err.Error(), true)
		}
		return components.CopyCmd(s.Ctx, text, s.Ctx.T("console.snippet_what", snippet.Curl, s.Ctx.T("mode."+string(snippet.Masked))), "")
	}
	var cmd tea.Cmd
	s.body, cmd = s.body.Update(msg)
	return cmd
}

// callView is the call form and the answer, the envelope explained.
func (s *ComponentsScreen) callView() string {
	t, c := s.Ctx.Theme, s.Ctx
	var b strings.Builder
	b.WriteString(t.Bold.Render(c.T("comp.call_title", s.method, s.system.Name+"."+s.calling.Name)) + "\n")
	if s.method != "GET" {
		b.WriteString(s.body.View() + "\n")
	}
	if s.sending {
		b.WriteString(s.Spinner.View() + "\n")
	}
	if s.callErr != nil {
		b.WriteString(common.ErrorView(c, s.callErr) + "\n")
		if client.HintOf(s.callErr).Fix == client.FixApply { // the form has the keys: say how to get to A
			b.WriteString(t.Subtle.Render(c.T("comp.apply_after_call", c.Global.Back.Help().Key, s.marks.Apply.Help().Key, s.calling.Name)) + "\n")
		}
	}
	if s.callResp != nil {
		if s.renderedOf != s.callResp {
			s.rendered, s.renderedOf = components.RenderBody(s.callResp.Body, t), s.callResp
		}
		b.WriteString(s.rendered + "\n")
		switch {
		case s.callResp.Truncated: // cut where it was read
			b.WriteString(t.Warn.Render(c.T("call.truncated", client.CallBodyLimit>>20)) + "\n")
		case len(s.callResp.Body) > components.DisplayLimit:
			b.WriteString(t.Warn.Render(c.T("console.truncated_short")) + "\n")
		}
	}
	return b.String()
}

// current is the component under the cursor.
func (s *ComponentsScreen) current() (client.Component, bool) {
	if r, ok := s.Listing.List.Selected(); ok {
		for _, x := range s.items {
			if strconv.Itoa(x.ID) == r.Key {
				return x, true
			}
		}
	}
	return client.Component{}, false
}

func (s *ComponentsScreen) applied(msg common.AppliedMsg) tea.Cmd {
	if msg.Kind != client.KindComponent || !strings.EqualFold(msg.Target, s.system.Name) {
		return nil
	}
	// The application or renewal form acted (or may have): the components it named leave
	// the selection, and the list, read afresh, shows what the server has.
	for _, x := range s.items {
		if slices.Contains(msg.Items, x.Name) {
			delete(s.selected, x.ID)
		}
	}
	s.setRows()
	return s.load()
}

func (s *ComponentsScreen) handleKey(msg tea.KeyMsg) tea.Cmd {
	if s.calling != nil {
		return s.callKeys(msg)
	}
	if handled, cmd := s.Listing.Update(msg); handled {
		return cmd
	}
	switch {
	case key.Matches(msg, s.marks.Select):
		if components.ToggleMark(s.Listing, s.selected) {
			s.setRows()
		}
	case key.Matches(msg, s.marks.Apply):
		chosen := s.chosen(client.Component.Applicable)
		if len(chosen) == 0 {
			return common.Notify(s.Ctx.T("comp.none_chosen", s.marks.Select.Help().Key), true)
		}
		page := common.ApplyPage{Kind: client.KindComponent, Target: s.system.Name, SystemID: s.system.ID, Items: common.ComponentItems(chosen)}
		return common.OpenPage(page)
	case key.Matches(msg, s.marks.Renew):
		chosen := s.chosen(client.Component.Renewable)
		if len(chosen) == 0 { // worded as every kind's renewal says it
			return common.Notify(s.Ctx.T("perm.nothing_to_renew", s.marks.Select.Help().Key), false)
		}
		page := common.RenewPage{Kind: client.KindComponent, SystemID: s.system.ID}
		for _, x := range chosen {
			page.Perms = append(page.Perms, client.ResourcePermission{ID: x.ID, Name: x.Name, GatewayName: s.system.Name, Grant: x.Grant})
		}
		return common.OpenPage(page)
	case key.Matches(msg, s.Ctx.Global.Refresh):
		return s.load()
	case key.Matches(msg, s.consoleKey):
		if x, ok := s.current(); ok {
			return common.OpenPage(common.ComponentCallPage{System: s.system.Name, Component: x})
		}
	case key.Matches(msg, s.callKey):
		if x, ok := s.current(); ok {
			s.calling, s.method, s.callResp, s.callErr = &x, "POST", nil, nil
			s.body = components.NewTextArea(s.Ctx)
			s.body.SetWidth(max(20, s.Width-4))
			s.body.SetHeight(5)
			s.body.SetValue("{}")
			if d, ok := s.Ctx.Cache.Drafts.Get(s.callDraftKey(x.Name)); ok {
				kept := d.(callDraft)
				s.method = kept.method
				s.body.SetValue(kept.body)
			}
			return s.body.Focus()
		}
	}
	return nil
}
