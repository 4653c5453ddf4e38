package console

import (
	"context"
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/client/snippet"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// ImportScreen takes a pasted curl command (a browser's "copy as cURL", a doc's example) and
// opens the request console filled with it. Credentials in the command are used for that
// console's requests only: never written to the history, and saved to the profile only when the
// user asks for it there and confirms.
type ImportScreen struct {
	common.Base
	ta    textarea.Model
	err   error
	doKey key.Binding
}

type importedMsg struct {
	entry  history.Entry
	pasted *client.AuthFields
	// res is the API the command's method and path go to, when the gateway's APIs say (nil:
	// the console is titled and sent by the path alone).
	res *client.Resource
}

// NewImportScreen opens the curl import.
func NewImportScreen(c *common.Context) *ImportScreen {
	ta := components.NewTextArea(c)
	ta.ShowLineNumbers = false
	ta.CharLimit = 0
	ta.SetHeight(10)
	s := &ImportScreen{Base: common.NewBase(c), ta: ta}
	s.build()
	if d, ok := c.Cache.Drafts.Get(importDraftKey); ok {
		s.ta.SetValue(d.(string)) // what was pasted last time comes back
	}
	return s
}

// importDraftKey keeps the pasted command between visits: a stray esc lost a long paste. It
// stays in memory only, as the console's drafts do (it may hold credentials).
const importDraftKey = "import/curl"

// Close keeps what was pasted for the next visit; an import that worked leaves nothing.
func (s *ImportScreen) Close() {
	s.Ctx.Cache.Drafts.Put(importDraftKey, s.ta.Value())
	s.Base.Close()
}

// build words the page's placeholder and keys in the UI language.
func (s *ImportScreen) build() {
	s.ta.Placeholder = s.Ctx.Theme.Placeholder(s.Ctx.T("import.placeholder"))
	s.doKey = s.Ctx.Keys.Bind("ctrl+s", "key.import", "ctrl+s")
}

func (s *ImportScreen) Init() tea.Cmd { return s.ta.Focus() }
func (s *ImportScreen) SetSize(w, h int) {
	s.Width, s.Height = w, h
	s.ta.SetWidth(max(20, w-2))
	s.ta.SetHeight(max(3, h-6))
}
func (s *ImportScreen) Crumb() string   { return s.Ctx.T("import.title") }
func (s *ImportScreen) Capturing() bool { return true }
func (s *ImportScreen) HasDraft() bool  { return strings.TrimSpace(s.ta.Value()) != "" }
func (s *ImportScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.doKey, s.Ctx.Global.Back}
}

func (s *ImportScreen) parse() tea.Cmd {
	p, err := snippet.ParseCurl(s.ta.Value())
	var r snippet.Recognised
	if err == nil {
		r, err = snippet.Recognise(s.Ctx.Profile.APIURLTmpl, p.URL)
	}
	if err != nil { // the reason in the reader's language (snippet's errors are the catalog's)
		s.err = &client.ErrUserInput{Key: "import.bad", Args: []any{client.Present(err, s.Ctx.Lang).Line(s.Ctx.Lang)}}
		return nil
	}
	e := history.Entry{Gateway: r.Gateway, Stage: r.Stage, Method: p.Method, Path: r.Path, Query: r.Query,
		Headers: p.Headers, Body: string(p.Body)} // as pasted: the console keeps it in memory; history and saving drop credentials
	msg := importedMsg{entry: e}
	if a, withUser, has := backendOf(s.Ctx).PastedAuth(p.Auth); has {
		msg.pasted, msg.entry.WithUser = &a, withUser
	}
	b := backendOf(s.Ctx)
	ctx, cancel := s.LoadCtx()
	return s.Own(func() tea.Msg {
		defer cancel()
		msg.res = apiAt(ctx, b, &msg.entry)
		return msg
	})
}

// apiAt is the API the entry's method and path go to, its path then the API's own with the
// parameters it fills (a sub-path match keeps the path as sent); nil when the gateway's APIs
// cannot be read or none matches.
func apiAt(ctx context.Context, b backend, e *history.Entry) *client.Resource {
	res, params, ok, _ := client.APIAt(ctx, b.Resources, e.Gateway, e.Stage, e.Method, e.Path)
	if !ok {
		return nil
	}
	e.Resource = res.Name
	if params == nil {
		res.Path, res.MatchSubpath = e.Path, false
	} else {
		e.Path, e.PathParams = res.Path, params
	}
	return &res
}

func (s *ImportScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case common.LangChangedMsg:
		s.build()
	case importedMsg:
		var cs *ConsoleScreen
		if msg.res != nil { // the API itself: its title, its parameters, its permission
			cs = filled(NewConsoleScreen(s.Ctx, msg.entry.Gateway, *msg.res, msg.entry.Stage), msg.entry)
		} else {
			cs = NewConsoleFromHistory(s.Ctx, msg.entry)
		}
		cs.pasted = msg.pasted
		s.ta.Reset() // imported: the next visit starts empty
		return s, tea.Sequence(common.Pop, common.Push(cs))
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, s.Ctx.Global.Back):
			return s, common.Pop
		case key.Matches(msg, s.doKey):
			s.err = nil
			return s, s.parse()
		}
		var cmd tea.Cmd
		s.ta, cmd = s.ta.Update(msg)
		return s, cmd
	}
	return s, nil
}

func (s *ImportScreen) View() string {
	c, t := s.Ctx, s.Ctx.Theme
	head := t.Title.Render(c.T("import.title")) + "  " + t.Subtle.Render(c.T("import.hint", s.doKey.Help().Key))
	if lipgloss.Width(head) > s.Width { // the hint says where the credentials go: wrapped, not cut
		head = t.Title.Render(c.T("import.title")) + "\n" + t.Subtle.Render(common.Wrap(c.T("import.hint", s.doKey.Help().Key), s.Width))
	}
	v := head + "\n" + s.ta.View()
	if s.err != nil {
		v += "\n" + common.ErrorView(c, s.err)
	}
	return v
}
