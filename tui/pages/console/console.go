package console

import (
	"context"
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
)

// Console tabs.
const (
	ctabRequest = iota
	ctabResponse
	ctabSnippet
	ctabTrace
	ctabCount
)

// anyMethods are what an ANY API's method key cycles through.
var anyMethods = client.Methods

// ConsoleScreen is the request console: an editor for one API call, the response, snippets
// that send the same request, and the gateway's own log of it.
type ConsoleScreen struct {
	common.Base
	// opening is said when the console opens (a history entry whose body was not kept).
	opening string
	// component, when set, makes this console call an ESB component (spec section E): gw is
	// then the system's name.
	component     *client.ComponentRef
	gw            string
	res           client.Resource
	stage         string
	requestEditor // the Request tab (embedded: its fields and methods read as the console's)
	tab           int

	sending  bool
	cancelIn context.CancelFunc
	response responseView // the Response tab
	prep     client.Prepared
	vp       viewport.Model
	win      [2]int // the content lines of the response drawn (refreshViewport); the rest are empty

	snip   snippetView // the Snippet tab
	trace  traceView   // the Trace tab
	prompt *secretPrompt
	// pasted is the credentials of an imported curl command: used for this console's requests
	// only, saved to the profile only when the user asks and confirms.
	pasted      *client.AuthFields
	confirmSave bool
	prog        common.Progress // sending, tracing
	// save is the name prompt of a request being saved to the collection; savedAs the name it
	// was saved or opened under (offered again, asked about before it is overwritten).
	save    *savePrompt
	savedAs string

	sendKey, cancelKey, saveKey key.Binding
	// cycleKey moves to the next tab from any field (tab moves between fields there); saveName
	// is enter on the name prompt.
	cycleKey, saveName key.Binding
}

type callDoneMsg struct {
	req   client.CallRequest // as sent: the form may change while it runs
	resp  *client.CallResponse
	prep  client.Prepared
	err   error
	shown renderedAnswer // the body rendered in the command, off the keys' way
}

type schemaMsg struct {
	detail client.ResourceDetail
	err    error
}

type traceMsg struct {
	es  []client.LogEntry
	err error
}

type savedMsg struct {
	what string
	path string
	err  error
}

type editorDoneMsg struct {
	body []byte
	err  error
}

// NewConsoleScreen opens the console for an API.
func NewConsoleScreen(c *common.Context, gw string, r client.Resource, stage string) *ConsoleScreen {
	s := &ConsoleScreen{Base: common.NewBase(c), gw: gw, res: r, stage: stage, vp: viewport.New(0, 0), prog: common.NewProgress(c),
		requestEditor: newRequestEditor(c, r)}
	s.build()
	s.setFocus(0)
	if d, ok := c.Cache.Drafts.Get(s.draftKey()); ok {
		s.restore(d.(consoleDraft)) // what the user typed last time comes back
	}
	return s
}

// consoleDraft is what the editor held when the user left it.
type consoleDraft struct {
	params               []string
	query, headers, body string
	vars                 string
	method               string
	withUser, bearer     bool
}

func (s *ConsoleScreen) draftKey() string {
	if s.component != nil {
		return "consoledraft/esb/" + s.component.System + "/" + s.component.Name
	}
	return "consoledraft/" + s.gw + "/" + s.stage + "/" + s.res.Method + " " + s.res.Path
}

// Close keeps the draft for the next time this API's console opens, and cancels requests.
func (s *ConsoleScreen) Close() {
	s.Ctx.Cache.Drafts.Put(s.draftKey(), s.draft())
	s.Base.Close()
}

// draft is what the editor holds.
func (s *ConsoleScreen) draft() consoleDraft {
	d := consoleDraft{query: s.query.Value(), headers: s.headers.Value(), body: s.bodyText(), vars: s.vars.Value(), method: s.method, withUser: s.withUser, bearer: s.bearer}
	for _, in := range s.inputs {
		d.params = append(d.params, in.Value())
	}
	return d
}

// WithBody puts a body in the editor (an AI resource's conversation, from its chat); nil leaves
// the editor as it is.
func (s *ConsoleScreen) WithBody(b []byte) *ConsoleScreen {
	if b != nil {
		s.setBody(string(b))
	}
	return s
}

// NewConsoleFromHistory reopens a sent request in the editor.
func NewConsoleFromHistory(c *common.Context, e history.Entry) *ConsoleScreen {
	if e.Component {
		return filled(NewComponentConsole(c, e.Gateway, client.Component{Name: e.Resource}), e)
	}
	return filled(NewConsoleScreen(c, e.Gateway, client.Resource{Name: e.Resource, Method: e.Method, Path: e.Path}, e.Stage), e)
}

// filled is the console with the entry's request in it.
func filled(s *ConsoleScreen, e history.Entry) *ConsoleScreen {
	r := e.Request()
	r.Method = e.Method
	s.fill(r)
	if e.BodyOmitted > 0 {
		s.opening = s.Ctx.T("history.body_omitted", i18n.Size(e.BodyOmitted))
	}
	return s
}

func joinKV(kvs []client.KV, sep string) string {
	var lines []string
	for _, kv := range kvs {
		lines = append(lines, kv.Key+sep+kv.Value)
	}
	return strings.Join(lines, "\n")
}

func (s *ConsoleScreen) build() {
	l := s.Ctx.Keys
	lang, mode := s.snip.lang, s.snip.mode // kept across a change of language
	s.snip = newSnippetView(s.Ctx, s.gw, s.gw+"-"+s.res.Name)
	s.snip.lang, s.snip.mode = lang, mode
	s.sendKey = l.Bind("ctrl+s", "key.send", "ctrl+s")
	s.cancelKey = l.Bind("esc", "key.cancel_request", "esc")
	s.saveKey = l.Shared().SaveRequest
	s.cycleKey = l.Bind("ctrl+n", "key.cycle_tab", "ctrl+n")
	s.saveName = l.Bind("enter", "key.save", "enter")
	s.edit, s.form, s.theme = newRequestKeys(l), s.Ctx.Form, s.Ctx.Theme
	tr := s.trace
	s.trace = newTraceView(s.Ctx)
	s.trace.tracing, s.trace.entries, s.trace.err = tr.tracing, tr.entries, tr.err
	s.response.ctx, s.response.keys = s.Ctx, newResponseKeys(l)
	s.response.send, s.trace.send = s.sendKey, s.sendKey
	if !s.response.read.ready {
		s.response.read = newReader(s.Ctx)
	}
}

// NewComponentConsole opens the request console on an ESB component: the same editor, response
// and snippets, the URL and the answer's envelope as ESB has them.
func NewComponentConsole(c *common.Context, system string, comp client.Component) *ConsoleScreen {
	s := NewConsoleScreen(c, system, client.Resource{Name: comp.Name, Method: "POST", Path: "/"}, "prod")
	s.component = &client.ComponentRef{System: system, Name: comp.Name}
	s.snip.forComponent()
	if s.bodyText() == "" {
		s.setBody("{}")
	}
	return s
}

func (s *ConsoleScreen) Init() tea.Cmd {
	if s.opening != "" {
		return tea.Batch(common.Notify(s.opening, true), s.load())
	}
	return s.load()
}

// load reads the API's detail (its parameters, its body's schema) for the editor.
func (s *ConsoleScreen) load() tea.Cmd {
	if s.res.Name == "" || s.component != nil {
		return textarea.Blink
	}
	b, gw, res, stage, lang := backendOf(s.Ctx), s.gw, s.res.Name, s.stage, string(s.Ctx.Lang)
	ctx, cancel := s.LoadCtx()
	return tea.Batch(textarea.Blink, s.Own(func() tea.Msg {
		defer cancel()
		d, err := b.ResourceDetail(ctx, gw, res, stage, lang)
		return schemaMsg{d, err}
	}))
}

func (s *ConsoleScreen) SetSize(w, h int) {
	s.Width, s.Height = w, h
	tw := max(20, w-14)
	s.query.SetWidth(tw)
	s.headers.SetWidth(tw)
	s.body.SetWidth(tw)
	s.vars.SetWidth(tw)
	for i := range s.inputs {
		s.inputs[i].Width = tw - 1 // as wide as the fields below: a parameter's description fits
	}
	s.body.SetHeight(max(3, h-19-len(s.inputs))) // refined to the room left when drawn (requestView)
	// The URL and the tabs above, and below the line saying how the tab is read, which
	// "sending…" takes while a request is out: the rest is the tab's (h-7 left five rows empty
	// under a cut body; a row kept for "sending…" alone left one empty, of seven at 60×15).
	s.vp.Width, s.vp.Height = w, max(1, h-3)
	s.refreshViewport()
}

func (s *ConsoleScreen) Crumb() string {
	if s.res.Name != "" {
		return s.Ctx.T("console.crumb", s.res.Name)
	}
	return s.Ctx.T("console.crumb", s.res.Path)
}

// Capturing: the request editor takes every key while it is shown.
func (s *ConsoleScreen) Capturing() bool {
	return s.tab == ctabRequest || s.prompt != nil || s.sending || s.confirmSave || s.save != nil || s.response.read.typing()
}

// Sending while a call is under way (common.Sender).
func (s *ConsoleScreen) Sending() bool { return s.sending }

func (s *ConsoleScreen) HasDraft() bool {
	return strings.TrimSpace(s.bodyText()) != "" || strings.TrimSpace(s.query.Value()) != "" || strings.TrimSpace(s.headers.Value()) != ""
}

func (s *ConsoleScreen) ShortHelp() []key.Binding {
	f, n := s.Ctx.Form, s.Ctx.Nav
	switch {
	case s.save != nil && s.save.overwrite, s.confirmSave:
		return []key.Binding{f.Yes, f.No}
	case s.prompt != nil || s.save != nil:
		return []key.Binding{s.saveName, f.Cancel}
	case s.sending:
		return []key.Binding{s.cancelKey}
	case s.tab == ctabRequest:
		b := []key.Binding{s.sendKey}
		if s.anyAPI { // an ANY API's method is chosen first: at 80 columns its key had been cut off
			b = append(b, s.edit.Method)
		}
		b = append(append(b, f.NextField, s.cycleKey), s.savable()...)
		b = append(b, s.edit.help(s.anyAPI)...) // the root's footer shows a key once
		return append(b, s.Ctx.Global.Back)
	case s.tab == ctabResponse && s.response.read.typing():
		return s.response.help(false) // the search or filter field has the letters: t was typed
	case s.tab == ctabResponse:
		if s.component != nil {
			return append(s.response.help(s.pasted != nil), n.NextTab)
		}
		return append(s.response.help(s.pasted != nil), n.NextTab, s.trace.keys.Trace)
	case s.tab == ctabSnippet:
		return append(s.snip.keys.ShortHelp(), n.NextTab)
	}
	if s.component != nil {
		return []key.Binding{n.NextTab}
	}
	return []key.Binding{n.NextTab, s.trace.keys.Trace}
}

// savable is the save key where it saves: a component's request is not kept in the collection
// (pressed anyway, it says why), so its help does not offer it.
func (s *ConsoleScreen) savable() []key.Binding {
	if s.component != nil {
		return nil
	}
	return []key.Binding{s.saveKey}
}

// FullHelp is every key the console handles, in groups: the request, moving between fields and
// tabs and scrolling, reading the response, the snippet; only keys that work here (the method
// key on an ANY API, the trace on a gateway's call).
func (s *ConsoleScreen) FullHelp() [][]key.Binding {
	f, n := s.Ctx.Form, s.Ctx.Nav
	if s.tab == ctabRequest { // tab moves between the fields here; ctrl+n moves between tabs
		request := append(append([]key.Binding{s.sendKey}, s.savable()...), s.edit.help(s.anyAPI)...)
		return [][]key.Binding{request, {f.NextField, f.PrevField, s.cycleKey, s.Ctx.Global.Back}}
	}
	moving := []key.Binding{n.NextTab, n.PrevTab, n.Up, n.Down, n.PageUp, n.PageDown, s.Ctx.Global.Back}
	switch s.tab {
	case ctabResponse:
		return [][]key.Binding{s.response.keys.ShortHelp(), moving}
	case ctabSnippet:
		return [][]key.Binding{s.snip.keys.ShortHelp(), moving}
	}
	if s.component != nil {
		return [][]key.Binding{moving}
	}
	return [][]key.Binding{{s.trace.keys.Trace}, moving}
}

// busy: the console is asking something (a prompt, a confirmation) or sending; keys are its.
func (s *ConsoleScreen) busy() bool {
	return s.prompt != nil || s.save != nil || s.confirmSave || s.sending
}

// Escape: esc closes the console's own prompts and searches before it means "back".
func (s *ConsoleScreen) Escape() bool { return s.response.escape() }

// tabLabel names the console in the tabs' strip: the API, else its path.
func (s *ConsoleScreen) tabLabel() string {
	if s.savedAs != "" {
		return s.savedAs
	}
	if s.res.Name != "" {
		return s.res.Name
	}
	return s.res.Path
}

// duplicate is a new console on the same API with a copy of this one's editor and nothing sent.
func (s *ConsoleScreen) duplicate() *ConsoleScreen {
	n := NewConsoleScreen(s.Ctx, s.gw, s.res, s.stage)
	n.component = s.component
	if s.pasted != nil {
		a := *s.pasted
		n.pasted = &a
	}
	n.restore(s.draft())
	return n
}
