package tui

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/alecthomas/chroma/v2/quick"
	"github.com/atotto/clipboard"
	"github.com/aymanbagabas/go-osc52/v2"
	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/client/snippet"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// Console tabs.
const (
	ctabRequest = iota
	ctabResponse
	ctabSnippet
	ctabTrace
	ctabCount
)

var anyMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}

// displayLimit is how much of a body is shown; the rest can be saved to a file.
const displayLimit = 1 << 20

// ConsoleScreen is the request console: an editor for one API call, the response, snippets
// that send the same request, and the gateway's own log of it.
type ConsoleScreen struct {
	base
	gw       string
	res      client.Resource
	stage    string
	schema   map[string]any
	method   string
	anyIdx   int
	params   []string // path parameter names
	inputs   []textinput.Model
	query    textarea.Model
	headers  textarea.Model
	body     textarea.Model
	withUser bool
	focus    int // index over inputs, then query, headers, body
	tab      int

	sending  bool
	cancelIn context.CancelFunc
	resp     *client.CallResponse
	prep     client.Prepared
	sendErr  error
	inputErr error
	rendered string
	vp       viewport.Model

	snipLang  int
	snipMode  int
	snipText  string
	snipErr   error
	traceRes  []client.LogEntry
	traceErr  error
	tracing   bool
	prompt    *secretPrompt
	savedPath string
	// pasted is the credentials of an imported curl command: used for this console's requests
	// only, saved to the profile only when the user asks and confirms.
	pasted      *client.AuthFields
	confirmSave bool
	prog        progress // sending, tracing

	clearKey, sendKey, cancelKey, userKey, prettyKey, editorKey, langKey, modeKey, copyKey, traceKey, pagerKey, saveKey, applyKey, tokenKey, secretKey, methodKey, keepCredsKey, saveSnipKey key.Binding
}

type callDoneMsg struct {
	id   int64
	req  client.CallRequest // as sent: the form may change while it runs
	resp *client.CallResponse
	prep client.Prepared
	err  error
}

type schemaMsg struct {
	id     int64
	detail client.ResourceDetail
	err    error
}

type traceMsg struct {
	id  int64
	es  []client.LogEntry
	err error
}

type copiedMsg struct {
	what          string
	osc52, system bool
}

type savedMsg struct {
	id   int64
	what string
	path string
	err  error
}

type editorDoneMsg struct {
	id   int64
	body []byte
	err  error
}

// NewConsoleScreen opens the console for an API.
func NewConsoleScreen(c *Context, gw string, r client.Resource, stage string) *ConsoleScreen {
	s := &ConsoleScreen{base: newBase(c), gw: gw, res: r, stage: stage, method: r.Method, vp: viewport.New(0, 0), prog: newProgress(c)}
	if s.method == "ANY" || s.method == "" {
		s.method = "GET"
	}
	s.withUser = r.VerifiedUserRequired
	s.params = client.PathParams(r.Path)
	for _, p := range s.params {
		in := newTextInput()
		in.Prompt = ""
		in.Placeholder = p
		in.Width = 30
		s.inputs = append(s.inputs, in)
	}
	mk := func(ph string, h int) textarea.Model {
		ta := newTextArea()
		ta.Placeholder = ph
		ta.ShowLineNumbers = false
		ta.SetHeight(h)
		ta.CharLimit = 0
		return ta
	}
	s.query = mk(c.T("console.query_ph"), 2)
	s.headers = mk(c.T("console.headers_ph"), 2)
	s.body = mk(c.T("console.body_ph"), 6)
	s.build()
	s.setFocus(0)
	if d, ok := c.Cache[s.draftKey()].(consoleDraft); ok {
		s.restore(d) // what the user typed last time comes back
	}
	return s
}

// consoleDraft is what the editor held when the user left it.
type consoleDraft struct {
	params               []string
	query, headers, body string
	method               string
	withUser             bool
}

func (s *ConsoleScreen) draftKey() string {
	return "consoledraft/" + s.gw + "/" + s.stage + "/" + s.res.Method + " " + s.res.Path
}

func (s *ConsoleScreen) restore(d consoleDraft) {
	for i := range s.inputs {
		if i < len(d.params) {
			s.inputs[i].SetValue(d.params[i])
		}
	}
	s.query.SetValue(d.query)
	s.headers.SetValue(d.headers)
	s.body.SetValue(d.body)
	s.method, s.withUser = d.method, d.withUser
}

// Close keeps the draft for the next time this API's console opens, and cancels requests.
func (s *ConsoleScreen) Close() {
	d := consoleDraft{query: s.query.Value(), headers: s.headers.Value(), body: s.body.Value(), method: s.method, withUser: s.withUser}
	for _, in := range s.inputs {
		d.params = append(d.params, in.Value())
	}
	s.ctx.Cache[s.draftKey()] = d
	s.base.Close()
}

// NewConsoleFromHistory reopens a sent request in the editor.
func NewConsoleFromHistory(c *Context, e history.Entry) *ConsoleScreen {
	s := NewConsoleScreen(c, e.Gateway, client.Resource{Name: e.Resource, Method: e.Method, Path: e.Path}, e.Stage)
	s.method, s.withUser = e.Method, e.WithUser
	for i, p := range s.params {
		s.inputs[i].SetValue(e.PathParams[p])
	}
	s.query.SetValue(joinKV(e.Query, "="))
	s.headers.SetValue(joinKV(e.Headers, ": "))
	s.body.SetValue(e.Body)
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
	l := s.ctx.Lang
	s.sendKey = bind(l, "ctrl+s", "key.send", "ctrl+s")
	s.clearKey = bind(l, "ctrl+x", "key.clear_field", "ctrl+x")
	s.cancelKey = bind(l, "esc", "key.cancel_request", "esc")
	s.userKey = bind(l, "ctrl+u", "key.toggle_user", "ctrl+u")
	s.prettyKey = bind(l, "ctrl+f", "key.pretty", "ctrl+f")
	s.editorKey = bind(l, "ctrl+e", "key.editor", "ctrl+e")
	s.methodKey = bind(l, "ctrl+o", "key.method", "ctrl+o")
	s.langKey = bind(l, "l", "key.snippet_lang", "l")
	s.modeKey = bind(l, "m", "key.secrets_mode", "m")
	s.copyKey = bind(l, "y", "key.copy", "y")
	s.traceKey = bind(l, "t", "key.trace", "t")
	s.pagerKey = bind(l, "p", "key.pager", "p")
	s.saveKey = bind(l, "w", "key.save_body", "w")
	s.saveSnipKey = bind(l, "w", "key.save_snippet", "w")
	s.applyKey = bind(l, "a", "key.apply", "a")
	s.tokenKey = bind(l, "T", "key.paste_token", "T")
	s.secretKey = bind(l, "K", "key.enter_secret", "K")
	s.keepCredsKey = bind(l, "S", "key.keep_pasted", "S")
}

func (s *ConsoleScreen) Init() tea.Cmd {
	if s.res.Name == "" {
		return textarea.Blink
	}
	b, id, gw, res, stage, lang := s.ctx.Backend, s.id, s.gw, s.res.Name, s.stage, string(s.ctx.Lang)
	ctx, cancel := s.loadCtx()
	return tea.Batch(textarea.Blink, func() tea.Msg {
		defer cancel()
		d, err := b.ResourceDetail(ctx, gw, res, stage, lang)
		return schemaMsg{id, d, err}
	})
}

func (s *ConsoleScreen) fieldCount() int { return len(s.inputs) + 3 }

// setFocus focuses field f; -1 blurs every field (another tab is shown) but remembers the
// field, so coming back to the Request tab focuses it again (s.focus is never out of range).
func (s *ConsoleScreen) setFocus(f int) {
	if f >= 0 {
		s.focus = min(f, s.fieldCount()-1)
	}
	for i := range s.inputs {
		if i == f {
			s.inputs[i].Focus()
		} else {
			s.inputs[i].Blur()
		}
	}
	n := len(s.inputs)
	for i, ta := range []*textarea.Model{&s.query, &s.headers, &s.body} {
		if f == n+i {
			ta.Focus()
		} else {
			ta.Blur()
		}
	}
}

func (s *ConsoleScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	tw := max(20, w-14)
	s.query.SetWidth(tw)
	s.headers.SetWidth(tw)
	s.body.SetWidth(tw)
	s.body.SetHeight(max(3, h-16-len(s.inputs)))
	s.vp.Width, s.vp.Height = w, max(1, h-6)
	s.refreshViewport()
}

func (s *ConsoleScreen) Crumb() string {
	if s.res.Name != "" {
		return s.ctx.T("console.crumb", s.res.Name)
	}
	return s.ctx.T("console.crumb", s.res.Path)
}

// Capturing: the request editor takes every key while it is shown.
func (s *ConsoleScreen) Capturing() bool {
	return s.tab == ctabRequest || s.prompt != nil || s.sending || s.confirmSave
}

func (s *ConsoleScreen) HasDraft() bool {
	return strings.TrimSpace(s.body.Value()) != "" || strings.TrimSpace(s.query.Value()) != "" || strings.TrimSpace(s.headers.Value()) != ""
}

func (s *ConsoleScreen) ShortHelp() []key.Binding {
	l := s.ctx.Lang
	tab := bind(l, "tab", "key.next_field", "tab")
	switch {
	case s.prompt != nil:
		return []key.Binding{bind(l, "enter", "key.save", "enter"), bind(l, "esc", "key.cancel", "esc")}
	case s.confirmSave:
		return []key.Binding{bind(l, "y", "key.yes", "y"), bind(l, "n", "key.no", "n")}
	case s.sending:
		return []key.Binding{s.cancelKey}
	case s.tab == ctabRequest:
		b := []key.Binding{s.sendKey, tab, bind(l, "ctrl+n", "key.next_tab", "ctrl+n"), s.userKey, s.clearKey, s.prettyKey, s.editorKey}
		if s.res.Method == "ANY" {
			b = append(b, s.methodKey)
		}
		return append(b, bind(l, "esc", "key.back", "esc"))
	case s.tab == ctabResponse:
		b := []key.Binding{bind(l, "tab", "key.next_tab", "tab"), s.traceKey, s.pagerKey, s.saveKey}
		if s.pasted != nil {
			b = append(b, s.keepCredsKey)
		}
		if s.resp != nil && s.resp.Gateway != nil {
			switch s.resp.Gateway.Hint().Fix {
			case client.FixApply:
				b = append(b, s.applyKey)
			case client.FixToken:
				b = append(b, s.tokenKey)
			case client.FixSecret:
				b = append(b, s.secretKey)
			}
		}
		return b
	case s.tab == ctabSnippet:
		return []key.Binding{s.copyKey, s.saveSnipKey, s.langKey, s.modeKey, bind(l, "tab", "key.next_tab", "tab")}
	}
	return []key.Binding{bind(l, "tab", "key.next_tab", "tab"), s.traceKey}
}

func (s *ConsoleScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.sendKey, s.cancelKey, s.userKey, s.clearKey, s.prettyKey, s.editorKey, s.methodKey},
		{s.traceKey, s.pagerKey, s.saveKey, s.applyKey, s.tokenKey, s.secretKey}, {s.langKey, s.modeKey, s.copyKey, s.saveSnipKey}}
}

func parseLines(text, sep, key string) ([]client.KV, error) {
	var out []client.KV
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		k, v, ok := strings.Cut(line, sep)
		if !ok || strings.TrimSpace(k) == "" {
			return nil, &client.ErrUserInput{Key: key, Args: []any{line}}
		}
		if sep == ":" {
			k, v = strings.TrimSpace(k), strings.TrimLeft(v, " ")
		}
		out = append(out, client.KV{Key: k, Value: v})
	}
	return out, nil
}

// request builds the call from the editor; input errors come back before anything is sent.
func (s *ConsoleScreen) request() (client.CallRequest, error) {
	r := client.CallRequest{Gateway: s.gw, Stage: s.stage, Method: s.method, Path: s.res.Path, PathParams: map[string]string{}, WithUser: s.withUser}
	if s.pasted != nil {
		a := *s.pasted
		r.Auth = &a
	}
	for i, p := range s.params {
		r.PathParams[p] = s.inputs[i].Value()
	}
	var err error
	if r.Query, err = parseLines(s.query.Value(), "=", "input.bad_kv"); err != nil {
		return r, err
	}
	if r.Headers, err = parseLines(s.headers.Value(), ":", "input.bad_header"); err != nil {
		return r, err
	}
	r.Body = []byte(s.body.Value())
	if len(bytes.TrimSpace(r.Body)) > 0 && isJSONBody(r.Headers) {
		if err := client.CheckJSON(r.Body); err != nil {
			return r, err
		}
	}
	if strings.TrimSpace(string(r.Body)) == "" {
		r.Body = nil
	}
	return r, nil
}

func isJSONBody(hs []client.KV) bool {
	for _, h := range hs {
		if strings.EqualFold(h.Key, "Content-Type") {
			return strings.Contains(strings.ToLower(h.Value), "json")
		}
	}
	return true
}

func (s *ConsoleScreen) send() tea.Cmd {
	r, err := s.request()
	if err == nil {
		_, err = s.ctx.Backend.Prepare(r)
	}
	if err != nil {
		s.inputErr = err
		return nil
	}
	s.inputErr, s.sendErr, s.sending = nil, nil, true
	ctx, cancel := context.WithCancel(s.reqCtx)
	s.cancelIn = cancel
	b, id := s.ctx.Backend, s.id
	// The last request's notice ("request cancelled") does not stay on during this one.
	clearStatus := func() tea.Msg { return statusMsg{} }
	return tea.Batch(clearStatus, s.prog.Start(), func() tea.Msg {
		defer cancel()
		resp, prep, err := b.Call(ctx, r)
		return callDoneMsg{id, r, resp, prep, err}
	})
}

// renderBody pretty-prints and highlights JSON in the theme's style; other bodies show as text.
func renderBody(b []byte, truncated bool, style string) string {
	shown := b
	if len(shown) > displayLimit {
		shown = shown[:displayLimit]
		truncated = true
	}
	var pretty bytes.Buffer
	out := string(shown)
	if json.Valid(shown) && json.Indent(&pretty, shown, "", "  ") == nil {
		out = pretty.String()
		if lipgloss.ColorProfile() != termenv.Ascii {
			var hl bytes.Buffer
			if quick.Highlight(&hl, out, "json", "terminal256", style) == nil {
				out = hl.String()
			}
		}
	} else {
		out = untrusted.Text(strings.ToValidUTF8(out, "�"))
	}
	_ = truncated
	return out
}

func (s *ConsoleScreen) refreshViewport() {
	switch s.tab {
	case ctabResponse:
		s.vp.SetContent(s.responseContent())
	case ctabSnippet:
		s.vp.SetContent(s.snippetContent())
	case ctabTrace:
		s.vp.SetContent(s.traceContent())
	}
}

func (s *ConsoleScreen) regenSnippet() {
	r, err := s.request()
	if err != nil {
		s.snipErr = err
		return
	}
	prep, err := s.ctx.Backend.Prepare(r)
	if err != nil {
		s.snipErr = err
		return
	}
	sdk := snippet.SDKCall{Endpoint: client.GatewayBaseURL(s.ctx.Profile.APIURLTmpl, s.gw), Gateway: s.gw, Resource: s.res.Name, Stage: s.stage,
		PathParams: r.PathParams}
	if gws, ok := s.ctx.Cache[cacheGateways].([]client.Gateway); ok {
		for _, g := range gws {
			if g.Name == s.gw {
				for _, k := range g.SDKs {
					if k.Language == "python" {
						sdk.SDKName = k.Name
					}
				}
			}
		}
	}
	s.snipText, s.snipErr = snippet.Generate(snippet.Langs[s.snipLang], prep, snippetModes[s.snipMode], sdk)
}

var snippetModes = []snippet.Mode{snippet.Masked, snippet.Env, snippet.Inline}

func (s *ConsoleScreen) switchTab(t int) {
	s.tab = t
	if t == ctabSnippet {
		s.regenSnippet()
	}
	if t == ctabRequest {
		s.setFocus(s.focus)
	} else {
		s.setFocus(-1)
	}
	s.vp.GotoTop()
	s.refreshViewport()
}

// copyCmd puts text on the clipboard by every way there is, and reports which worked: OSC 52
// reaches the user's own terminal (over SSH too) only if the terminal lets it (tmux needs
// set-clipboard on), which no program can see; the system clipboard answers for itself.
func copyCmd(text, what string) tea.Cmd {
	return func() tea.Msg {
		m := copiedMsg{what: what}
		if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
			_, err1 := osc52.New(text).WriteTo(tty)
			if os.Getenv("TMUX") != "" {
				// Plain for tmux itself, wrapped for passthrough to the outer terminal.
				_, _ = osc52.New(text).Tmux().WriteTo(tty)
			}
			m.osc52 = err1 == nil
			tty.Close()
		}
		m.system = clipboard.WriteAll(text) == nil
		return m
	}
}

// saveCmd writes data to dir/name (mode 0600) in a command, and says where or why not.
func saveCmd(id int64, dir, name string, data []byte, what string) tea.Cmd {
	return func() tea.Msg {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return savedMsg{id: id, what: what, err: err}
		}
		path := filepath.Join(dir, name)
		return savedMsg{id: id, what: what, path: path, err: os.WriteFile(path, data, 0o600)}
	}
}

// safeFileName keeps a name that came from a server (a request id) to letters, digits, - _ .
func safeFileName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	out := b.String()
	for strings.Contains(out, "..") {
		out = strings.ReplaceAll(out, "..", ".")
	}
	out = strings.Trim(out, ".")
	if len(out) > 64 {
		out = out[:64]
	}
	return out
}

func (s *ConsoleScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case schemaMsg:
		if msg.id == s.id && msg.err == nil {
			s.applySchema(msg.detail.Schema)
		}
		return s, nil
	case callDoneMsg:
		if msg.id != s.id {
			return s, nil
		}
		s.sending = false
		s.prog.Stop()
		if msg.err != nil && msg.resp == nil {
			s.sendErr = msg.err
			if errors.Is(msg.err, context.Canceled) {
				return s, notify(s.ctx.T("console.cancelled"), false)
			}
			return s, notify(errorLine(s.ctx, msg.err), true)
		}
		s.resp, s.prep, s.sendErr = msg.resp, msg.prep, msg.err
		s.rendered = renderBody(msg.resp.Body, msg.resp.Truncated, s.ctx.Theme.Highlight)
		s.traceRes, s.traceErr, s.savedPath = nil, nil, ""
		s.switchTab(ctabResponse)
		var cmds []tea.Cmd
		if h := s.ctx.History; h != nil {
			e := history.FromCall(msg.req, s.res.Name, s.stage, msg.resp, time.Now())
			cmds = append(cmds, func() tea.Msg {
				if err := h.Add(e); err != nil {
					return historyFailedMsg{err}
				}
				return nil
			})
		}
		if msg.err != nil {
			cmds = append(cmds, notify(errorLine(s.ctx, msg.err), true))
		}
		return s, tea.Batch(cmds...)
	case traceMsg:
		if msg.id == s.id {
			s.tracing, s.traceRes, s.traceErr = false, msg.es, msg.err
			s.prog.Stop()
			s.refreshViewport()
		}
		return s, nil
	case editorDoneMsg:
		if msg.id == s.id {
			if msg.err != nil {
				return s, notify(msg.err.Error(), true)
			}
			s.body.SetValue(string(msg.body))
			s.inputErr = nil
			if len(bytes.TrimSpace(msg.body)) > 0 {
				s.inputErr = client.CheckJSON(msg.body) // validated as on screen
			}
		}
		return s, nil
	case spinner.TickMsg:
		cmd := s.prog.Update(msg)
		if cmd != nil && s.tracing {
			s.refreshViewport()
		}
		return s, cmd
	case copiedMsg:
		switch {
		case msg.system && msg.osc52:
			return s, notify(s.ctx.T("console.copied_both", msg.what), false)
		case msg.system:
			return s, notify(s.ctx.T("console.copied_system", msg.what), false)
		case msg.osc52:
			return s, notify(s.ctx.T("console.copied_osc52", msg.what), false)
		}
		return s, notify(s.ctx.T("console.copy_failed", msg.what), true)
	case savedMsg:
		if msg.id != s.id {
			return s, nil
		}
		if msg.err != nil {
			return s, notify(s.ctx.T("console.save_failed", untrusted.Line(msg.err.Error())), true)
		}
		if msg.what == "response" {
			s.savedPath = msg.path
			s.refreshViewport()
			return s, notify(s.ctx.T("console.saved", msg.path), false)
		}
		return s, notify(s.ctx.T("console.saved_file", msg.path), false)
	case credentialsMsg:
		if msg.id != s.id {
			return s, nil
		}
		if msg.err != nil {
			if s.prompt != nil {
				s.prompt.err = msg.err
			}
			return s, notify(errorLine(s.ctx, msg.err), true)
		}
		s.prompt, s.pasted = nil, nil
		s.ctx.SetBackend(msg.backend, msg.info)
		// The header said which surface served the old credentials: ask again with the new ones.
		b := s.ctx.Backend
		recheck := func() tea.Msg {
			ctx, cancel := context.WithTimeout(context.Background(), loadTimeout)
			defer cancel()
			for _, f := range b.CheckAll(ctx).Features {
				if f.Feature == client.FeatureGateways {
					return connMsg{via: f.Surface}
				}
			}
			return connMsg{}
		}
		return s, tea.Batch(notify(s.ctx.T("console.credentials_saved"), false), func() tea.Msg { return connMsg{} }, recheck)
	case langChangedMsg:
		s.build()
		s.refreshViewport()
	case tea.MouseMsg:
		if s.tab != ctabRequest {
			switch msg.Button {
			case tea.MouseButtonWheelDown:
				s.vp.ScrollDown(3)
			case tea.MouseButtonWheelUp:
				s.vp.ScrollUp(3)
			}
		}
	case tea.KeyMsg:
		return s, s.handleKey(msg)
	}
	return s, nil
}

func (s *ConsoleScreen) handleKey(msg tea.KeyMsg) tea.Cmd {
	if s.prompt != nil {
		return s.prompt.update(msg, s)
	}
	if s.confirmSave {
		s.confirmSave = false
		if msg.String() == "y" {
			return s.keepPasted()
		}
		return notify(s.ctx.T("console.pasted_not_saved"), false)
	}
	if s.sending {
		if key.Matches(msg, s.cancelKey) && s.cancelIn != nil {
			s.cancelIn()
		}
		return nil
	}
	if key.Matches(msg, s.sendKey) {
		return s.send()
	}
	if msg.String() == "ctrl+n" {
		s.switchTab((s.tab + 1) % ctabCount)
		return nil
	}
	if s.tab == ctabRequest {
		return s.editorKey_(msg)
	}
	switch {
	case msg.String() == "tab":
		s.switchTab((s.tab + 1) % ctabCount)
	case msg.String() == "shift+tab":
		s.switchTab((s.tab + ctabCount - 1) % ctabCount)
	case key.Matches(msg, s.traceKey) && s.resp != nil && s.resp.RequestID != "":
		s.tracing, s.traceRes, s.traceErr = true, nil, nil
		start := s.prog.Start()
		s.switchTab(ctabTrace)
		b, id, rid, parent := s.ctx.Backend, s.id, s.resp.RequestID, s.reqCtx
		return tea.Batch(start, func() tea.Msg {
			ctx, cancel := context.WithTimeout(parent, 15*time.Second) // leaving the console stops it
			defer cancel()
			es, err := b.Trace(ctx, rid, 8*time.Second) // the log takes a few seconds to appear
			return traceMsg{id, es, err}
		})
	case s.tab == ctabResponse && key.Matches(msg, s.pagerKey) && s.resp != nil:
		body := s.resp.Body
		var pretty bytes.Buffer
		if json.Valid(body) && json.Indent(&pretty, body, "", "  ") == nil {
			body = pretty.Bytes() // one-line JSON reads in a pager only pretty-printed
		}
		return s.external(os.Getenv("PAGER"), "less", body, false)
	case s.tab == ctabResponse && key.Matches(msg, s.saveKey) && s.resp != nil:
		name := safeFileName(s.resp.RequestID)
		if name == "" {
			name = clock().Format("20060102-150405")
		}
		return saveCmd(s.id, s.ctx.saveDir("responses"), "response-"+name+".body", s.resp.Body, "response")
	case s.tab == ctabSnippet && key.Matches(msg, s.saveSnipKey) && s.snipErr == nil && s.snipText != "":
		l := snippet.Langs[s.snipLang]
		name := safeFileName(s.gw+"-"+s.res.Name+"-"+string(l)) + snippetExt(l)
		return saveCmd(s.id, s.ctx.saveDir("snippets"), name, []byte(s.snipText), "snippet")
	case s.tab == ctabResponse && key.Matches(msg, s.applyKey) && s.fix() == client.FixApply:
		p := client.ResourcePermission{ID: s.res.ID, Name: s.res.Name, GatewayName: s.gw, PermissionAction: client.ActionApply}
		if perms, ok := s.ctx.Cache[cachePerms+s.gw].([]client.ResourcePermission); ok {
			for _, x := range perms {
				if x.Name == s.res.Name {
					p = x
				}
			}
		}
		return push(NewApplyScreen(s.ctx, s.gw, []client.ResourcePermission{p}, false))
	case s.tab != ctabRequest && key.Matches(msg, s.keepCredsKey) && s.pasted != nil:
		if s.ctx.Profiles == nil {
			return notify(s.ctx.T("tui.sandbox_no_login"), false)
		}
		s.confirmSave = true
		return nil
	case s.tab == ctabResponse && key.Matches(msg, s.tokenKey) && s.fix() == client.FixToken:
		s.prompt = newSecretPrompt(s.ctx, "bk_token")
		return s.prompt.in.Focus()
	case s.tab == ctabResponse && key.Matches(msg, s.secretKey) && s.fix() == client.FixSecret:
		s.prompt = newSecretPrompt(s.ctx, "bk_app_secret")
		return s.prompt.in.Focus()
	case s.tab == ctabSnippet && key.Matches(msg, s.langKey):
		s.snipLang = (s.snipLang + 1) % len(snippet.Langs)
		s.regenSnippet()
		s.refreshViewport()
	case s.tab == ctabSnippet && key.Matches(msg, s.modeKey):
		s.snipMode = (s.snipMode + 1) % len(snippetModes)
		s.regenSnippet()
		s.refreshViewport()
	case s.tab == ctabSnippet && key.Matches(msg, s.copyKey) && s.snipErr == nil:
		what := s.ctx.T("console.snippet_what", snippet.Langs[s.snipLang], s.ctx.T("mode."+string(snippetModes[s.snipMode])))
		return copyCmd(s.snipText, what)
	case key.Matches(msg, s.ctx.Nav.Down):
		s.vp.ScrollDown(1)
	case key.Matches(msg, s.ctx.Nav.Up):
		s.vp.ScrollUp(1)
	case key.Matches(msg, s.ctx.Nav.PageDown):
		s.vp.PageDown()
	case key.Matches(msg, s.ctx.Nav.PageUp):
		s.vp.PageUp()
	case key.Matches(msg, s.ctx.Nav.Top):
		s.vp.GotoTop()
	case key.Matches(msg, s.ctx.Nav.Bottom):
		s.vp.GotoBottom()
	}
	return nil
}

func (s *ConsoleScreen) fix() string {
	if s.resp == nil || s.resp.Gateway == nil {
		return ""
	}
	return s.resp.Gateway.Hint().Fix
}

// editorKey_ handles keys while the request editor is shown.
func (s *ConsoleScreen) editorKey_(msg tea.KeyMsg) tea.Cmd {
	switch {
	case msg.String() == "esc":
		return pop
	case msg.String() == "tab":
		s.setFocus((s.focus + 1) % s.fieldCount())
		return nil
	case msg.String() == "shift+tab":
		s.setFocus((s.focus + s.fieldCount() - 1) % s.fieldCount())
		return nil
	case key.Matches(msg, s.userKey):
		s.withUser = !s.withUser
		return nil
	case key.Matches(msg, s.methodKey) && s.res.Method == "ANY":
		s.anyIdx = (s.anyIdx + 1) % len(anyMethods)
		s.method = anyMethods[s.anyIdx]
		return nil
	case key.Matches(msg, s.prettyKey):
		var out bytes.Buffer
		if err := json.Indent(&out, []byte(s.body.Value()), "", "  "); err != nil {
			s.inputErr = client.CheckJSON([]byte(s.body.Value()))
			return nil
		}
		s.body.SetValue(out.String())
		s.inputErr = nil
		return nil
	case key.Matches(msg, s.editorKey):
		return s.external(os.Getenv("EDITOR"), "vi", []byte(s.body.Value()), true)
	case key.Matches(msg, s.clearKey):
		n := len(s.inputs)
		switch {
		case s.focus < n:
			s.inputs[s.focus].SetValue("")
		case s.focus == n:
			s.query.Reset()
		case s.focus == n+1:
			s.headers.Reset()
		default:
			s.body.Reset()
			s.inputErr = nil
		}
		return nil
	}
	var cmd tea.Cmd
	n := len(s.inputs)
	switch {
	case s.focus < n:
		s.inputs[s.focus], cmd = s.inputs[s.focus].Update(msg)
	case s.focus == n:
		s.query, cmd = s.query.Update(msg)
	case s.focus == n+1:
		s.headers, cmd = s.headers.Update(msg)
	default:
		s.body, cmd = s.body.Update(msg)
		if s.inputErr != nil {
			s.inputErr = nil
		}
	}
	return cmd
}

// external runs $EDITOR or $PAGER on a temporary file; the editor's result comes back.
func (s *ConsoleScreen) external(prog, fallback string, content []byte, edit bool) tea.Cmd {
	if prog == "" {
		prog = fallback
	}
	f, err := os.CreateTemp("", "bkconsole-*.json")
	if err != nil {
		return notify(err.Error(), true)
	}
	f.Write(content)
	f.Close()
	args := strings.Fields(prog)
	c := exec.Command(args[0], append(args[1:], f.Name())...)
	id := s.id
	return tea.ExecProcess(c, func(err error) tea.Msg {
		defer os.Remove(f.Name())
		if !edit {
			return nil
		}
		if err != nil {
			return editorDoneMsg{id: id, err: err}
		}
		b, rerr := os.ReadFile(f.Name())
		return editorDoneMsg{id: id, body: b, err: rerr}
	})
}

// applySchema offers the OpenAPI operation's parameters and starts the body from a skeleton.
func (s *ConsoleScreen) applySchema(schema map[string]any) {
	s.schema = schema
	params, _ := schema["parameters"].([]any)
	var qs, hs []string
	for _, p := range params {
		pm, _ := p.(map[string]any)
		name, _ := pm["name"].(string)
		in, _ := pm["in"].(string)
		req, _ := pm["required"].(bool)
		desc, _ := pm["description"].(string)
		mark := ""
		if req {
			mark = "*"
		}
		switch in {
		case "path":
			for i, pn := range s.params {
				if pn == name {
					s.inputs[i].Placeholder = name + mark + " " + desc
				}
			}
		case "query":
			qs = append(qs, "# "+name+mark+"= "+desc)
		case "header":
			hs = append(hs, "# "+name+mark+": "+desc)
		}
	}
	// The hints are comment lines; the cursor waits on a fresh line below them, so what the
	// user types is a parameter, not the end of a comment.
	if s.query.Value() == "" && len(qs) > 0 {
		s.query.SetValue(strings.Join(qs, "\n") + "\n")
	}
	if s.headers.Value() == "" && len(hs) > 0 {
		s.headers.SetValue(strings.Join(hs, "\n") + "\n")
	}
	if rb, ok := schema["requestBody"].(map[string]any); ok && s.body.Value() == "" {
		content, _ := rb["content"].(map[string]any)
		for _, ct := range content {
			if m, ok := ct.(map[string]any); ok {
				if sk := skeleton(m["schema"], 0); sk != nil {
					out, _ := json.MarshalIndent(sk, "", "  ")
					s.body.SetValue(string(out))
				}
			}
			break
		}
	}
}

// skeleton is an example value for a JSON schema: "" for strings, 0, false, [] and nested objects.
func skeleton(schema any, depth int) any {
	m, _ := schema.(map[string]any)
	if m == nil || depth > 6 {
		return nil
	}
	switch m["type"] {
	case "object", nil:
		props, _ := m["properties"].(map[string]any)
		obj := map[string]any{}
		names := make([]string, 0, len(props))
		for k := range props {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			obj[k] = skeleton(props[k], depth+1)
		}
		return obj
	case "array":
		return []any{}
	case "integer", "number":
		return 0
	case "boolean":
		return false
	}
	return ""
}

func (s *ConsoleScreen) urlPreview() string {
	r, err := s.request()
	if err != nil {
		r.Body = nil
	}
	p, perr := s.ctx.Backend.Prepare(r)
	if perr != nil {
		base := client.GatewayBaseURL(s.ctx.Profile.APIURLTmpl, s.gw) + "/" + s.stage + s.res.Path
		return base
	}
	return p.FullURL()
}

func (s *ConsoleScreen) tabsView() string {
	c, t := s.ctx, s.ctx.Theme
	var tabs []string
	for i, name := range []string{c.T("console.tab_request"), c.T("console.tab_response"), c.T("console.tab_snippet"), c.T("console.tab_trace")} {
		if i == s.tab {
			tabs = append(tabs, t.TabActive.Render(name))
		} else {
			tabs = append(tabs, t.TabInactive.Render(name))
		}
	}
	return strings.Join(tabs, "  │  ")
}

func (s *ConsoleScreen) View() string {
	c, t := s.ctx, s.ctx.Theme
	var b strings.Builder
	title := t.MethodStyle(s.method).Render(s.method) + " " + t.Subtle.Render(ansi.Truncate(s.urlPreview(), max(10, s.width-10), "…"))
	b.WriteString(title + "\n" + s.tabsView() + "\n")
	if s.confirmSave {
		b.WriteString("\n" + t.Prompt.Render(c.T("console.keep_pasted_confirm", c.Profile.Name)))
	}
	if s.prompt != nil {
		b.WriteString("\n" + s.prompt.view())
		return b.String()
	}
	switch s.tab {
	case ctabRequest:
		b.WriteString(s.requestView())
	default:
		b.WriteString(s.vp.View())
	}
	if s.sending {
		b.WriteString("\n" + t.Prompt.Render(s.prog.View(c.T("console.sending"))))
	}
	return b.String()
}

func (s *ConsoleScreen) label(f int, text string) string {
	t := s.ctx.Theme
	if s.focus == f {
		return t.Prompt.Render(fitLabel("▸ "+text, 12))
	}
	return t.Subtle.Render(fitLabel("  "+text, 12))
}

func (s *ConsoleScreen) requestView() string {
	c, t := s.ctx, s.ctx.Theme
	var b strings.Builder
	for i, p := range s.params {
		b.WriteString(s.label(i, p) + " " + s.inputs[i].View() + "\n")
	}
	n := len(s.inputs)
	b.WriteString(s.label(n, c.T("console.query")) + " " + indentAfterFirst(s.query.View(), 13) + "\n")
	b.WriteString(s.label(n+1, c.T("console.headers")) + " " + indentAfterFirst(s.headers.View(), 13) + "\n")
	b.WriteString(s.label(n+2, c.T("console.body")) + " " + indentAfterFirst(s.body.View(), 13) + "\n")
	auth := c.T("console.auth_app")
	if s.withUser {
		auth = c.T("console.auth_user")
	}
	b.WriteString(t.Subtle.Render(fitLabel("  "+c.T("console.auth"), 12)) + " " + auth + "\n")
	b.WriteString(t.Subtle.Render(ansi.Truncate("  X-Bkapi-Authorization: "+s.authPreview(), s.width, "…")) + "\n")
	if s.pasted != nil {
		b.WriteString(t.Warn.Render(ansi.Truncate("  "+c.T("console.pasted_creds", c.Profile.Name), s.width, "…")) + "\n")
	}
	if s.inputErr != nil {
		b.WriteString(errorView(c, s.inputErr) + "\n")
	} else if s.sendErr != nil && !errors.Is(s.sendErr, context.Canceled) {
		b.WriteString(errorView(c, s.sendErr) + "\n")
	}
	return b.String()
}

func indentAfterFirst(s string, n int) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}

func (s *ConsoleScreen) responseContent() string {
	c, t := s.ctx, s.ctx.Theme
	if s.resp == nil {
		if s.sendErr != nil {
			return errorView(c, s.sendErr)
		}
		return t.Subtle.Render(c.T("console.no_response"))
	}
	r := s.resp
	var b strings.Builder
	st := t.OK
	if r.Status >= 400 {
		st = t.Error
	}
	b.WriteString(st.Render(fmt.Sprintf("%d %s", r.Status, strings.TrimSpace(httpText(r.Status)))) + t.Subtle.Render(fmt.Sprintf("  %s · %s · ", r.Duration.Round(time.Millisecond), humanSize(len(r.Body)))) +
		t.Subtle.Render(c.T("cli.request_id", r.RequestID)) + "\n")
	if r.Gateway != nil {
		b.WriteString("\n" + t.Warn.Render(c.T("console.gateway_error")) + "\n" + errorViewBrief(c, r.Gateway) + "\n")
		switch r.Gateway.Hint().Fix {
		case client.FixApply:
			b.WriteString(t.Prompt.Render("  "+c.T("console.press_apply")) + "\n")
		case client.FixToken:
			b.WriteString(t.Prompt.Render("  "+c.T("console.press_token")) + "\n")
		case client.FixSecret:
			b.WriteString(t.Prompt.Render("  "+c.T("console.press_secret")) + "\n")
		}
	} else if r.Status >= 400 {
		b.WriteString(t.Subtle.Render(c.T("console.backend_error")) + "\n")
	}
	if rl := r.RateLimit; rl[0] != "" {
		b.WriteString(t.Subtle.Render(c.T("console.ratelimit", rl[0], rl[1], rl[2])) + "\n")
	}
	b.WriteString("\n" + t.Bold.Render(c.T("console.resp_headers")) + "\n")
	for _, k := range client.SortedHeaderNames(r.Headers) {
		b.WriteString(t.Subtle.Render(untrusted.Line(k)+": ") + untrusted.Line(strings.Join(r.Headers[k], ", ")) + "\n")
	}
	b.WriteString("\n" + t.Bold.Render(c.T("console.resp_body")) + "\n" + s.rendered + "\n")
	if r.Truncated || len(r.Body) > displayLimit {
		b.WriteString(t.Warn.Render(c.T("console.truncated")) + "\n")
	}
	if r.Partial {
		b.WriteString(t.Error.Render(c.T("call.partial", len(r.Body))) + "\n" + errorView(c, s.sendErr) + "\n")
	}
	if r.NotFollowed != "" {
		b.WriteString(t.Warn.Render(c.T("call.redirect_not_followed", untrusted.Line(r.NotFollowed))) + "\n")
	}
	if s.savedPath != "" {
		b.WriteString(t.OK.Render(c.T("console.saved", s.savedPath)) + "\n")
	}
	return b.String()
}

func httpText(code int) string { return statusTexts(code) }

func humanSize(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func (s *ConsoleScreen) snippetContent() string {
	c, t := s.ctx, s.ctx.Theme
	var b strings.Builder
	var langs []string
	for i, l := range snippet.Langs {
		if i == s.snipLang {
			langs = append(langs, t.TabActive.Render(string(l)))
		} else {
			langs = append(langs, t.Subtle.Render(string(l)))
		}
	}
	mode := snippetModes[s.snipMode]
	b.WriteString(strings.Join(langs, " ") + "   " + c.T("console.secrets") + ": " + t.Bold.Render(c.T("mode."+string(mode))) + "\n")
	if mode == snippet.Inline {
		b.WriteString(t.Insecure.Render(" "+c.T("snippet.inline_warning")+" ") + "\n")
	}
	b.WriteString("\n")
	switch {
	case errors.Is(s.snipErr, snippet.ErrNoSDK):
		b.WriteString(t.Warn.Render(c.T("snippet.no_sdk", s.gw)))
	case s.snipErr != nil:
		b.WriteString(errorView(c, s.snipErr))
	default:
		b.WriteString(wrapCode(s.snipText, s.width, t.Subtle.Render("↪ ")))
	}
	return b.String()
}

// wrapCode breaks lines wider than the screen at the width, marking each continuation, so no
// part of a snippet is out of sight (the copied text keeps its own lines).
func wrapCode(text string, width int, mark string) string {
	if width < 8 {
		return text
	}
	markW := ansi.StringWidth(mark)
	var b strings.Builder
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		first := true
		for ansi.StringWidth(line) > width || !first && ansi.StringWidth(line) > width-markW {
			room := width
			if !first {
				room = width - markW
			}
			head := ansi.Cut(line, 0, room)
			if !first {
				b.WriteString(mark)
			}
			b.WriteString(head + "\n")
			line = ansi.Cut(line, room, ansi.StringWidth(line))
			first = false
		}
		if !first {
			b.WriteString(mark)
		}
		b.WriteString(line)
	}
	return b.String()
}

func (s *ConsoleScreen) traceContent() string {
	c, t := s.ctx, s.ctx.Theme
	switch {
	case s.tracing:
		return s.prog.View(c.T("console.tracing"))
	case s.traceErr != nil:
		return errorView(c, s.traceErr)
	case s.resp == nil:
		return t.Subtle.Render(c.T("console.no_response"))
	case s.traceRes == nil:
		return t.Subtle.Render(c.T("console.press_trace"))
	case len(s.traceRes) == 0:
		return t.Warn.Render(c.T("trace.not_found", s.resp.RequestID, "8s"))
	}
	var b strings.Builder
	for _, e := range s.traceRes {
		row := func(k string, v client.Flex) {
			if v != "" {
				b.WriteString(t.Subtle.Render(fitLabel(c.T(k), 18)) + string(v) + "\n")
			}
		}
		row("trace.request", client.Flex(string(e.Method)+" "+string(e.HTTPHost)+string(e.HTTPPath)))
		row("trace.stage", e.Stage)
		row("trace.resource", e.ResourceName)
		row("trace.app", e.AppCode)
		row("trace.backend", client.Flex(strings.TrimSpace(string(e.BackendMethod)+" "+string(e.BackendScheme)+"://"+string(e.BackendHost)+string(e.BackendPath))))
		row("trace.status", e.Status)
		if e.RequestDuration != "" {
			row("trace.duration", e.RequestDuration+" ms")
		}
		if e.BackendDuration != "" {
			row("trace.backend_duration", e.BackendDuration+" ms")
		}
		if e.CodeName != "" {
			row("trace.error", e.CodeName+" "+e.Error)
		}
		if sum := e.Summary(); sum != "" {
			row("trace.llm_summary", client.Flex(sum))
		}
	}
	return b.String()
}

// secretPrompt asks for a bk_token or app secret with hidden input, and stores it in the
// profile (the keyring).
type secretPrompt struct {
	ctx  *Context
	kind string
	in   textinput.Model
	err  error
}

type credentialsMsg struct {
	id      int64
	backend Backend
	info    ProfileInfo
	err     error
}

func newSecretPrompt(c *Context, kind string) *secretPrompt {
	in := newTextInput()
	in.EchoMode = textinput.EchoPassword
	in.EchoCharacter = '•'
	in.Width = 50
	return &secretPrompt{ctx: c, kind: kind, in: in}
}

func (p *secretPrompt) update(msg tea.KeyMsg, s *ConsoleScreen) tea.Cmd {
	switch msg.String() {
	case "esc":
		s.prompt = nil
		return nil
	case "enter":
		store := p.ctx.Profiles
		if store == nil {
			s.prompt = nil
			return notify(p.ctx.T("tui.sandbox_no_login"), false)
		}
		v, kind, id, name := p.in.Value(), p.kind, s.id, p.ctx.Profile.Name
		return func() tea.Msg {
			var err error
			if kind == "bk_token" {
				err = store.Login(name, "", "", v)
			} else {
				err = store.Login(name, "", v, "")
			}
			if err != nil {
				return credentialsMsg{id: id, err: err}
			}
			b, info, err := store.Use(name)
			return credentialsMsg{id, b, info, err}
		}
	}
	var cmd tea.Cmd
	p.in, cmd = p.in.Update(msg)
	return cmd
}

func (p *secretPrompt) view() string {
	c, t := p.ctx, p.ctx.Theme
	title := c.T("console.prompt_bk_token")
	if p.kind == "bk_app_secret" {
		title = c.T("console.prompt_bk_app_secret")
	}
	s := t.Title.Render(title) + "\n\n" + p.in.View() + "\n\n" + t.Subtle.Render(c.T("console.prompt_note"))
	if p.err != nil {
		s += "\n" + errorView(c, p.err)
	}
	return s
}

// authPreview is the X-Bkapi-Authorization of the next request, secrets masked.
func (s *ConsoleScreen) authPreview() string {
	if s.pasted == nil {
		return s.ctx.Backend.AuthPreview(s.withUser)
	}
	return client.MaskedAuth(*s.pasted).Header()
}

// keepPasted saves the pasted credentials to the active profile (the keyring), after the user
// confirmed; the console then uses the profile again.
func (s *ConsoleScreen) keepPasted() tea.Cmd {
	store, id, name, a := s.ctx.Profiles, s.id, s.ctx.Profile.Name, *s.pasted
	return func() tea.Msg {
		if err := store.Login(name, a.AppCode, a.AppSecret, a.Token); err != nil {
			return credentialsMsg{id: id, err: err}
		}
		b, info, err := store.Use(name)
		return credentialsMsg{id, b, info, err}
	}
}

// snippetExt is the file ending of a snippet's language.
func snippetExt(l snippet.Lang) string {
	switch l {
	case snippet.Python, snippet.SDK:
		return ".py"
	case snippet.Go:
		return ".go"
	case snippet.JS:
		return ".js"
	}
	return ".sh"
}
