// Package saved is the Saved page: the requests kept in the collection (every gateway's, or
// one gateway's), opened in the console, renamed and deleted.
package saved

import (
	"errors"
	"strconv"
	"strings"

	"github.com/bkconsole/bkconsole/client/collection"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"
	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// SavedScreen lists saved requests; enter opens one in the console.
type SavedScreen struct {
	components.ListPage
	gateway  string // "" for every gateway's
	reqs     []collection.Request
	bad      []error // files that could not be read: said, the others listed
	loaded   bool
	keys     savedKeys
	renaming *textinput.Model    // the new name being typed
	deleting *collection.Request // asking before a delete
	err      string              // what the last rename or delete said
	follow   string              // the ref to select when the list is next read
}

// savedKeys are the page's keys, rebindable by their action names in the config file.
type savedKeys struct{ Open, Rename, Delete, Done key.Binding }

type listedMsg struct {
	reqs []collection.Request
	bad  []error
}

type changedMsg struct {
	note   string
	err    error
	follow string // the row to select once the list is read again (a renamed request's new ref)
}

// NewSavedScreen opens the saved requests, of one gateway when gateway is set.
func NewSavedScreen(c *common.Context, gateway string) *SavedScreen {
	s := &SavedScreen{ListPage: components.NewListPage(c, []int{0, 1, 3}, 3), gateway: gateway}
	s.build()
	return s
}

func (s *SavedScreen) build() {
	c := s.Ctx
	s.Listing.SetColumns([]list.Column{{Title: c.T("col.name"), Width: 20, Filtered: true}, {Title: c.T("col.gateway"), Width: 16, Filtered: true},
		{Title: c.T("col.method"), Width: 7}, {Title: c.T("col.path"), MinWidth: 16, Filtered: true}, {Title: c.T("col.vars"), Width: 16}})
	s.keys = savedKeys{
		Open:   c.Keys.Bind("enter", "key.open", "enter"),
		Rename: c.Keys.Bind("n", "key.rename", "n"),
		Delete: c.Keys.Bind("d", "key.delete", "d"),
		Done:   c.Keys.Bind("enter", "key.save", "enter"),
	}
	s.setRows()
}

func (s *SavedScreen) setRows() {
	t := s.Ctx.Theme
	rows := make([]list.Row, len(s.reqs))
	for i, r := range s.reqs {
		method := r.Method
		rows[i] = list.Row{Key: strconv.Itoa(i), Cells: []string{r.Name, r.Gateway, method, r.Path, strings.Join(r.Names(), " ")},
			CellStyle: func(col int) lipgloss.Style {
				if col == 2 {
					return t.MethodStyle(method)
				}
				return lipgloss.NewStyle()
			}}
	}
	s.Listing.List.SetRows(rows)
}

// Init reads the collection in a command.
func (s *SavedScreen) Init() tea.Cmd { return s.load() }

func (s *SavedScreen) load() tea.Cmd {
	if s.Ctx.Collection == nil {
		return nil
	}
	store, gw := *s.Ctx.Collection, s.gateway
	return s.Own(func() tea.Msg {
		reqs, bad := store.List(gw)
		return listedMsg{reqs, bad}
	})
}

func (s *SavedScreen) SetSize(w, h int) {
	s.Width, s.Height = w, h
	s.Listing.SetSize(w, max(3, h-3-min(3, len(s.bad))))
}

func (s *SavedScreen) Crumb() string {
	if s.gateway != "" {
		return s.Ctx.T("saved.crumb_gateway", s.gateway)
	}
	return s.Ctx.T("saved.title")
}

func (s *SavedScreen) Capturing() bool {
	return s.Listing.Capturing() || s.renaming != nil || s.deleting != nil
}
func (s *SavedScreen) ShortHelp() []key.Binding {
	switch {
	case s.deleting != nil:
		return []key.Binding{s.Ctx.Form.Yes, s.Ctx.Form.No}
	case s.renaming != nil:
		return []key.Binding{s.keys.Done, s.Ctx.Form.Cancel}
	}
	if k := s.Listing.FilterKeys(s.keys.Open); k != nil {
		return k
	}
	return s.Listing.RowKeys(s.keys.Open, s.keys.Rename, s.keys.Delete, s.Ctx.Nav.Filter)
}

// selectRef moves the cursor to the request ref (gateway/name) if it is listed.
func (s *SavedScreen) selectRef(ref string) {
	for i, r := range s.reqs {
		if r.Ref() == ref {
			s.Listing.List.SelectKey(strconv.Itoa(i))
			return
		}
	}
}

func (s *SavedScreen) selected() (collection.Request, bool) {
	r, ok := s.Listing.List.Selected()
	if !ok {
		return collection.Request{}, false
	}
	i, _ := strconv.Atoi(r.Key)
	if i < 0 || i >= len(s.reqs) {
		return collection.Request{}, false
	}
	return s.reqs[i], true
}

func (s *SavedScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case listedMsg:
		keep := s.follow
		if r, ok := s.selected(); ok && keep == "" {
			keep = r.Ref()
		}
		s.reqs, s.bad, s.loaded, s.follow = msg.reqs, msg.bad, true, ""
		s.setRows()
		s.SetSize(s.Width, s.Height)
		s.selectRef(keep)
	case changedMsg:
		if msg.err != nil {
			s.err = i18n.FileWriteProblem(s.Ctx.Lang, msg.err) // the file's fault, in the UI's language
			return s, nil
		}
		s.err, s.follow = "", msg.follow
		return s, tea.Batch(func() tea.Msg { return common.SavedChangedMsg{} }, common.Notify(msg.note, false))
	case common.SavedChangedMsg, common.ShownAgainMsg:
		return s, s.load()
	case common.LangChangedMsg:
		s.build()
	case tea.KeyMsg:
		return s, s.handleKey(msg)
	}
	return s, nil
}

func (s *SavedScreen) handleKey(msg tea.KeyMsg) tea.Cmd {
	c := s.Ctx
	if s.deleting != nil {
		r := *s.deleting
		s.deleting = nil
		if !key.Matches(msg, c.Form.Yes) {
			return nil
		}
		store := *c.Collection
		note := c.T("requests.removed", r.Ref())
		return s.Own(func() tea.Msg { return changedMsg{note: note, err: store.Remove(r)} })
	}
	if s.renaming != nil {
		return s.renameKey(msg)
	}
	if handled, cmd := s.Listing.Update(msg); handled {
		return cmd
	}
	r, ok := s.selected()
	if !ok {
		return nil
	}
	switch {
	case s.Listing.Opens(msg, s.keys.Open):
		return common.OpenPage(common.SavedRequestPage{Request: r})
	case key.Matches(msg, s.keys.Rename):
		in := components.NewTextInput(s.Ctx)
		in.CharLimit, in.Width = 256, 40 // a name over 64 is refused whole, with the rule
		in.SetValue(r.Name)
		in.CursorEnd()
		s.renaming, s.err = &in, ""
		return in.Focus()
	case key.Matches(msg, s.keys.Delete):
		s.deleting, s.err = &r, ""
	}
	return nil
}

// renameKey takes a key while the new name is typed; enter renames in a command, never over
// another request.
func (s *SavedScreen) renameKey(msg tea.KeyMsg) tea.Cmd {
	c := s.Ctx
	switch {
	case key.Matches(msg, c.Form.Cancel):
		s.renaming = nil
		return nil
	case key.Matches(msg, s.keys.Done):
		r, ok := s.selected()
		name := strings.TrimSpace(s.renaming.Value())
		if !ok || name == r.Name {
			s.renaming = nil
			return nil
		}
		if !collection.ValidName(name) {
			s.err = c.T("requests.bad_name", name)
			return nil
		}
		s.renaming = nil
		store := *c.Collection
		note := c.T("saved.renamed", r.Ref(), name)
		taken := c.T("saved.name_taken", r.Gateway+"/"+name)
		return s.Own(func() tea.Msg {
			_, err := store.Rename(r, name)
			if errors.Is(err, collection.ErrExists) {
				err = errors.New(taken)
			}
			return changedMsg{note, err, r.Gateway + "/" + name}
		})
	}
	var cmd tea.Cmd
	*s.renaming, cmd = s.renaming.Update(msg)
	s.err = ""
	return cmd
}

func (s *SavedScreen) View() string {
	c, t := s.Ctx, s.Ctx.Theme
	var b strings.Builder
	switch {
	case c.Collection == nil:
		return t.Subtle.Render(c.T("saved.no_collection"))
	case !s.loaded:
		return t.Subtle.Render(c.T("tui.loading", c.T("saved.title")))
	case len(s.reqs) == 0 && len(s.bad) > 0: // there are requests, none readable: not "none yet"
		b.WriteString(t.Subtle.Render(common.Wrap(c.T("saved.none_readable", c.Collection.Dir), s.Width)) + "\n")
	case len(s.reqs) == 0 && s.gateway != "":
		b.WriteString(t.Subtle.Render(common.Wrap(c.T("saved.empty_gateway", s.gateway, c.Collection.Dir, c.Keys.Shared().SaveRequest.Help().Key), s.Width)) + "\n")
	case len(s.reqs) == 0:
		b.WriteString(t.Subtle.Render(common.Wrap(c.T("saved.empty", c.Collection.Dir, c.Keys.Shared().SaveRequest.Help().Key), s.Width)) + "\n")
	default:
		b.WriteString(s.Listing.View() + "\n")
	}
	for i, e := range s.bad {
		if i == 3 {
			b.WriteString(t.Warn.Render(c.T("saved.more_unreadable", len(s.bad)-3)) + "\n")
			break
		}
		b.WriteString(t.Warn.Render(common.Wrap("! "+collection.Unreadable(e, c.Lang), s.Width)) + "\n")
	}
	switch {
	case s.deleting != nil:
		b.WriteString(t.Prompt.Render(common.Wrap(common.Ask(c, c.T("saved.delete_confirm", s.deleting.Ref())), s.Width)) + "\n")
	case s.renaming != nil:
		b.WriteString(t.Prompt.Render(c.T("saved.rename_to")) + " " + s.renaming.View() + "\n")
	}
	if s.err != "" {
		b.WriteString(t.Error.Render(common.Wrap("✗ "+untrusted.Line(s.err), s.Width)) + "\n")
	}
	return b.String()
}
