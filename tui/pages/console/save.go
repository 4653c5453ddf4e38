package console

import (
	"errors"
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/collection"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// savePrompt asks for the name to keep the editor's request under; a name already taken is
// asked about before it is overwritten.
type savePrompt struct {
	in        textinput.Model
	req       collection.Request // what will be saved, its name set on enter
	overwrite bool               // asking whether to replace the one of that name
	err       string
}

// requestSavedMsg is the collection's answer to a save.
type requestSavedMsg struct {
	req  collection.Request
	path string
	err  error
}

// startSave opens the name prompt on what the editor holds (variables kept as {{name}}).
func (s *ConsoleScreen) startSave() tea.Cmd {
	if s.component != nil {
		return common.Notify(s.Ctx.T("saved.no_components"), false)
	}
	if s.Ctx.Collection == nil {
		return common.Notify(s.Ctx.T("saved.no_collection"), true)
	}
	r, err := s.request()
	if err != nil {
		s.inputErr = err
		s.switchTab(ctabRequest)
		s.focusAtFault(err)
		return nil
	}
	req := collection.FromCall("", s.res.Name, r)
	if err := collection.CheckNoSecrets(req, s.knownSecrets()); err != nil {
		return common.Notify(s.secretLine(err), true)
	}
	in := components.NewTextInput(s.Ctx)
	in.Width = 40
	in.CharLimit = 256 // a name over 64 is refused whole, with the rule, not cut to fit
	in.Placeholder = s.res.Name
	in.SetValue(s.savedAs)
	in.CursorEnd()
	s.save = &savePrompt{in: in, req: req}
	return s.save.in.Focus() // the prompt's own copy takes the keys

}

// knownSecrets are the credentials this console sends: a request holding one is not saved.
func (s *ConsoleScreen) knownSecrets() []string {
	var a client.AuthFields
	var bearer string
	if s.pasted != nil {
		a = *s.pasted
	} else if r, err := s.request(); err == nil {
		if p, err := backendOf(s.Ctx).Prepare(r); err == nil {
			a, bearer = p.Auth, p.Bearer
		}
	}
	return []string{a.AppSecret, a.Token, a.AccessToken, bearer}
}

func (s *ConsoleScreen) secretLine(err error) string {
	var se *collection.SecretError
	if errors.As(err, &se) {
		return s.Ctx.T("requests.secret", se.Where)
	}
	return untrusted.Line(err.Error())
}

// savePromptKey takes a key while the name prompt is open.
func (s *ConsoleScreen) savePromptKey(msg tea.KeyMsg) tea.Cmd {
	p := s.save
	if p.overwrite {
		p.overwrite = false
		if key.Matches(msg, s.Ctx.Form.Yes) {
			return s.writeSaved(true)
		}
		p.err = s.Ctx.T("saved.not_overwritten", s.Ctx.Form.Cancel.Help().Key)
		return nil
	}
	switch {
	case key.Matches(msg, s.Ctx.Form.Cancel):
		s.save = nil
		return nil
	case key.Matches(msg, s.saveName):
		name := strings.TrimSpace(p.in.Value())
		if name == "" {
			name = p.in.Placeholder
		}
		if !collection.ValidName(name) {
			p.err = s.Ctx.T("requests.bad_name", name)
			return nil
		}
		p.req.Name = name
		return s.writeSaved(false)
	}
	var cmd tea.Cmd
	p.in, cmd = p.in.Update(msg)
	p.err = ""
	return cmd
}

// writeSaved writes the file in a command; an existing one only when overwrite.
func (s *ConsoleScreen) writeSaved(overwrite bool) tea.Cmd {
	store, req := *s.Ctx.Collection, s.save.req
	return s.Own(func() tea.Msg {
		path, err := store.Save(req, overwrite)
		req.File = path
		return requestSavedMsg{req, path, err}
	})
}

// saved takes the collection's answer: done (every list of saved requests is told), a name
// taken (asked about), or an error kept on the prompt.
func (s *ConsoleScreen) saved(msg requestSavedMsg) tea.Cmd {
	if s.save == nil {
		return nil
	}
	switch {
	case errors.Is(msg.err, collection.ErrExists):
		s.save.overwrite = true
		return nil
	case msg.err != nil:
		said := i18n.FileWriteProblem(s.Ctx.Lang, msg.err) // the folder's fault, in the UI's language
		var in *client.ErrUserInput
		if errors.As(msg.err, &in) { // the collection's own refusal, in the UI's language
			said = s.Ctx.T(in.Key, in.Args...)
		}
		s.save.err = s.Ctx.T("console.save_failed", said)
		return nil
	}
	s.save, s.savedAs = nil, msg.req.Name
	changed := func() tea.Msg { return common.SavedChangedMsg{} }
	return tea.Batch(changed, common.Notify(s.Ctx.T("requests.saved", msg.req.Ref(), msg.path), false))
}

func (p *savePrompt) view(c *common.Context) string {
	t := c.Theme
	wrap := func(s string) string { return common.Wrap(s, max(20, c.Width)) } // the page's width
	var b strings.Builder
	b.WriteString(t.Title.Render(c.T("saved.prompt", p.req.Gateway)) + "\n\n" + p.in.View() + "\n")
	if p.overwrite {
		b.WriteString("\n" + t.Prompt.Render(wrap(common.Ask(c, c.T("saved.overwrite", p.req.Gateway+"/"+p.req.Name)))) + "\n")
	}
	if p.err != "" {
		b.WriteString("\n" + t.Error.Render(wrap("✗ "+p.err)) + "\n")
	}
	b.WriteString("\n" + t.Subtle.Render(wrap(c.T("saved.prompt_note"))))
	return b.String()
}

// NewConsoleFromSaved opens a saved request in the editor; saving again offers its name.
func NewConsoleFromSaved(c *common.Context, r collection.Request) *ConsoleScreen {
	stage := r.Stage
	if stage == "" {
		stage = c.Stage()
	}
	s := NewConsoleScreen(c, r.Gateway, client.Resource{Name: r.API, Method: r.Method, Path: r.Path}, stage)
	call := r.Call()
	s.fill(call)
	s.savedAs = r.Name
	return s
}

// fill puts a request in the editor's fields, with the credential it was sent with.
func (s *ConsoleScreen) fill(r client.CallRequest) {
	s.method, s.withUser, s.bearer = r.Method, r.WithUser, r.Bearer
	for i, p := range s.params {
		s.inputs[i].SetValue(r.PathParams[p])
	}
	s.query.SetValue(joinKV(r.Query, "="))
	s.headers.SetValue(joinKV(r.Headers, ": "))
	s.setBody(string(r.Body))
}
