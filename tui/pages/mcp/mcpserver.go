package mcp

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/snippet"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// MCPServerScreen is one server: what it is, its tools, how to connect, the AI client's
// configuration to copy, and "try it" (connect with the SDK and list the tools).
type MCPServerScreen struct {
	common.Base
	item   client.MCPServerPermission
	stale  common.StaleRead // the status could not be read again: the one shown stays
	detail *client.MCPServer
	// callAfterTry: x was pressed before connecting; the call form opens once connected.
	callAfterTry bool
	// reopen is a call from the history: its tool and arguments fill the call form.
	reopenTool, reopenArgs string
	// keptTool and keptArgs are the call form's tool and arguments when esc closed it: the
	// next x opens it with them (esc had dropped what was typed).
	keptTool, keptArgs string
	// argsOf is what was typed for each tool, as tab goes from one to the next.
	argsOf    map[string]string
	callStart time.Time
	detErr    error
	client    int
	mode      int
	tools     []client.MCPToolInfo
	trying    bool
	tryErr    error
	tried     bool
	copyKey   key.Binding
	applyKey  key.Binding
	clientKy  key.Binding
	modeKey   key.Binding
	tryKey    key.Binding
	// form is the form open under the server, if any: a tool call or the path to write to.
	form serverForm
	// The call form: a tool (tab cycles) and its arguments, started from its input schema.
	toolIdx int
	args    textarea.Model
	sending bool
	result  *client.MCPCallResult
	// rendered is result's text as drawn, rendered once (up to 1 MiB of JSON takes ~60 ms):
	// for renderedOf, the result it was made from.
	rendered   string
	renderedOf *client.MCPCallResult
	callErr    error
	callKey    key.Binding
	sendKey    key.Binding
	nextTool   key.Binding
	// Writing the config into the client's file: the path, asked with a default.
	path     textinput.Model
	writeKey key.Binding
	// login is the OAuth login of a server that takes public clients.
	login loginPane
	// pane scrolls the page; a tool's answer or a try's outcome, which come below the tools
	// and would be off a short screen, are revealed in it.
	pane components.TextPane
}

// mcpDetailMsg is the server's detail read in lang: one for a language left since is dropped.
type mcpDetailMsg struct {
	lang i18n.Lang
	d    client.MCPServer
	err  error
}

type mcpToolsMsg struct {
	tools []client.MCPToolInfo
	err   error
}

type mcpCalledMsg struct {
	tool string
	args json.RawMessage
	res  client.MCPCallResult
	err  error
}

// NewMCPServerScreen opens one server (and, for a call reopened from the history, its call
// form with that tool and those arguments, once connected).
func NewMCPServerScreen(c *common.Context, p common.MCPServerPage) *MCPServerScreen {
	s := &MCPServerScreen{Base: common.NewBase(c), item: p.Server, reopenTool: p.Tool, reopenArgs: p.Args}
	s.login.on = p.Server.MCPServer.OAuth2PublicClientEnabled
	s.build()
	return s
}

func (s *MCPServerScreen) build() {
	l := s.Ctx.Keys
	s.copyKey = l.Bind("y", "key.copy", "y")
	s.applyKey = l.Shared().MCPApply // the list's binding: rebinding it moves both
	s.clientKy = l.Bind("c", "key.mcp_client", "c")
	s.modeKey = l.Bind("m", "key.secrets_mode", "m")
	s.tryKey = l.Bind("t", "key.mcp_try", "t")
	s.callKey = l.Bind("x", "key.mcp_call", "x")
	s.sendKey = l.Bind("ctrl+s", "key.send", "ctrl+s")
	s.nextTool = l.Bind("tab", "key.mcp_next_tool", "tab")
	s.writeKey = l.Bind("w", "key.mcp_write", "w")
	s.login.build(s.Ctx)
}

// try connects as an agent would and lists the tools (once at a time).
func (s *MCPServerScreen) try() tea.Cmd {
	if s.trying {
		return nil
	}
	s.trying = true
	b, srv := backendOf(s.Ctx), s.item.MCPServer
	ctx, cancel := s.LoadCtx()
	return tea.Batch(s.Ctx.Clock.Spin(s.Spinner), s.Own(func() tea.Msg {
		defer cancel()
		ts, err := b.MCPTools(ctx, srv)
		return mcpToolsMsg{ts, err}
	}))
}

func (s *MCPServerScreen) Init() tea.Cmd {
	cmds := []tea.Cmd{s.checkLogin(), s.loadDetail(), s.followStatus()}
	if s.item.Permission.Status == client.MCPUnknown {
		// Opened by name (from the history), not from the list: the app's status is read too.
		cmds = append(cmds, s.readStatus())
	}
	return tea.Batch(cmds...)
}

// loadDetail reads the server's detail (its tools, prompts, and its words in the UI language).
func (s *MCPServerScreen) loadDetail() tea.Cmd {
	b, srvID, lang := backendOf(s.Ctx), s.item.MCPServer.ID, s.Ctx.Lang
	ctx, cancel := s.LoadCtx()
	return s.Own(func() tea.Msg {
		defer cancel()
		d, err := b.MCPDetail(ctx, srvID)
		return mcpDetailMsg{lang, d, err}
	})
}

func (s *MCPServerScreen) SetSize(w, h int) { s.Width, s.Height = w, h }
func (s *MCPServerScreen) Crumb() string    { return s.item.MCPServer.Name }
func (s *MCPServerScreen) Capturing() bool  { return s.form != formNone }
func (s *MCPServerScreen) Escape() bool {
	if s.form == formPath {
		s.form = formNone
		s.path.Blur()
		return true
	}
	if s.form == formCall {
		// What was typed comes back with the next x, on the same tool (esc had dropped it).
		s.form, s.keptTool, s.keptArgs = formNone, s.tools[s.toolIdx].Name, s.args.Value()
		s.args.Blur()
		return true
	}
	if s.login.busy && s.login.cancel != nil {
		s.login.cancel() // stop waiting for the browser
		return true
	}
	return false
}
func (s *MCPServerScreen) ShortHelp() []key.Binding {
	// A form's field takes the letters: its footer offers only what acts there (the page's keys
	// had stayed in it while the file's name was typed).
	switch s.form {
	case formCall:
		return []key.Binding{s.sendKey, s.nextTool, s.Ctx.Form.Cancel}
	case formPath:
		return []key.Binding{s.Ctx.Keys.As(s.Ctx.Form.Done, "mcp.write_file"), s.Ctx.Form.Cancel}
	}
	keys := []key.Binding{s.tryKey, s.callKey}
	switch {
	case !s.item.Applicable():
	case client.HintOf(s.tryErr).Fix == client.FixApplyMCP || client.HintOf(s.callErr).Fix == client.FixApplyMCP:
		keys = append([]key.Binding{s.applyKey}, keys...) // the fix the refusal names, first: in sight at 60 columns
	default:
		keys = append(keys, s.applyKey)
	}
	return append(keys, append(s.login.keys(), s.clientKy, s.modeKey, s.copyKey, s.writeKey)...)
}

var mcpClients = snippet.MCPClients

// configText is the chosen client's configuration in the chosen secrets mode, or why there is
// none.
func (s *MCPServerScreen) configText() (string, error) {
	return mcpConfigText(backendOf(s.Ctx), s.item.MCPServer, mcpClients[s.client], components.SnippetModes[s.mode])
}

func (s *MCPServerScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if cmd, handled := s.loginUpdate(msg); handled {
		return s, cmd
	}
	switch msg := msg.(type) {
	case common.LangChangedMsg:
		s.build()
		s.renderedOf = nil       // a tool's answer says what is not text in the new language
		return s, s.loadDetail() // the server's words come in the language asked
	case mcpDetailMsg:
		return s, s.detailLoaded(msg)
	case mcpToolsMsg:
		return s, s.toolsLoaded(msg)
	case mcpWrittenMsg:
		return s, s.written(msg)
	case mcpCalledMsg:
		return s, s.called(msg)
	case common.AppliedMsg:
		if msg.Kind == client.KindMCP && slices.Contains(msg.Items, s.item.MCPServer.Name) {
			return s, s.readStatus()
		}
	case mcpStatusRefreshMsg:
		return s, s.readStatus()
	case mcpStatusMsg:
		if msg.err != nil {
			return s, tea.Batch(s.stale.Failed(s.Ctx, msg.err), s.followStatus())
		}
		s.stale.Succeeded()
		if msg.item == nil { // the app's list no longer has it: the page keeps what it showed
			return s, nil
		}
		s.item.Permission = msg.item.Permission
		s.forgetRefusals()
		return s, s.followStatus()
	case tea.KeyMsg:
		return s, s.handleKey(msg)
	case tea.MouseMsg:
		s.pane.Update(s.Ctx, msg)
	default:
		return s, s.Spin(msg, s.trying || s.login.busy)
	}
	return s, nil
}

func (s *MCPServerScreen) View() string {
	t, c := s.Ctx.Theme, s.Ctx
	srv := s.item.MCPServer
	var b strings.Builder
	title := srv.Title
	if srv.IsOfficial {
		title += " " + t.Badge.Render(c.T("mark.official"))
	}
	b.WriteString(t.Title.Render(title) + "  " + t.Subtle.Render(srv.Name) + "\n")
	if srv.Description != "" {
		b.WriteString(srv.Description + "\n")
	}
	status := s.item.Permission.StatusText(c.Lang)
	// Labelled as the gateway page's header is ("环境：prod"): "状态：未申请 · 协议：sse".
	b.WriteString(t.Subtle.Render(c.Label("field.status")) + status + " · " + t.Subtle.Render(c.Label("field.protocol")) + srv.ProtocolType + "\n")
	b.WriteString(t.Subtle.Render(c.Label("field.url")) + srv.URL + "\n")
	if u := s.item.Permission.ApprovalURL; u != "" {
		b.WriteString(t.Subtle.Render(c.Label("field.approval")) + t.Link.Render(u) + "\n")
	}
	b.WriteString(s.loginView())
	s.toolsView(&b)
	if s.trying {
		b.WriteString(s.Spinner.View() + " " + c.T("mcp.trying") + "\n")
	} else if s.tried && s.tryErr != nil {
		b.WriteString(common.ErrorView(c, s.tryErr) + "\n")
	} else if s.tried {
		names := make([]string, 0, len(s.tools))
		for _, x := range s.tools {
			names = append(names, x.Name)
		}
		b.WriteString(t.OK.Render("✓ "+c.T("mcp.try_ok", len(s.tools))) + " " + strings.Join(names, ", ") + "\n")
	}
	if s.form == formCall || s.result != nil {
		b.WriteString("\n" + s.callView())
	}
	b.WriteString("\n" + t.Bold.Render(c.Label("mcp.config")+string(mcpClients[s.client])) + t.Subtle.Render(i18n.Aside(c.Lang, c.T("mode."+string(components.SnippetModes[s.mode])))) + "\n")
	if s.form == formPath {
		b.WriteString(s.path.View() + "\n") // above the text it writes, so it is in view
	}
	text, err := s.configText()
	if err != nil {
		b.WriteString(common.ErrorView(c, err) + "\n")
		return s.scrolled(b.String())
	}
	b.WriteString(text)
	if tg := s.target(snippet.Cursor); mcpClients[s.client] == snippet.Cursor && snippet.Installable(tg) {
		b.WriteString(t.Subtle.Render(c.T("mcp.cursor_link", snippet.CursorInstallLink(tg))) + "\n")
	} else if mcpClients[s.client] == snippet.Cursor {
		b.WriteString(t.Subtle.Render(c.T("mcp.cursor_link_masked", c.T("tui.press_key", s.modeKey.Help().Key))) + "\n")
	}
	return s.scrolled(b.String())
}

// target is the server as the chosen client's configuration points at it.
func (s *MCPServerScreen) target(cl snippet.MCPClient) snippet.MCPTarget {
	return mcpTarget(backendOf(s.Ctx), s.item.MCPServer, cl, components.SnippetModes[s.mode])
}

// mcpConfigText is an AI client's configuration for the server, as `bkconsole mcp config` writes it.
func mcpConfigText(b backend, srv client.MCPServer, cl snippet.MCPClient, mode snippet.Mode) (string, error) {
	if err := b.CheckMCPURL(srv); err != nil {
		return "", err // the client would send the credentials there on every start
	}
	return snippet.MCPConfig(cl, mcpTarget(b, srv, cl, mode))
}

func mcpTarget(b backend, srv client.MCPServer, cl snippet.MCPClient, mode snippet.Mode) snippet.MCPTarget {
	return snippet.TargetFor(srv, b.MCPAuthFields(srv), b.TenantID(), cl, mode)
}

func (s *MCPServerScreen) detailLoaded(msg mcpDetailMsg) tea.Cmd {
	if msg.lang != s.Ctx.Lang {
		return nil // L was pressed again since: the other language's words would stay
	}
	if msg.err == nil {
		d := msg.d
		s.detail = &d
		if s.item.MCPServer.URL == "" {
			// Opened by name and id (from the history): the detail says where it is.
			s.item.MCPServer = d
		}
		// The detail's words, in the UI language, where it says them.
		if d.Title != "" {
			s.item.MCPServer.Title = d.Title
		}
		if d.Description != "" {
			s.item.MCPServer.Description = d.Description
		}
	}
	s.detErr = msg.err
	if s.reopenTool != "" && msg.err == nil {
		s.callAfterTry = true
		return s.try()
	}
	return nil
}

func (s *MCPServerScreen) toolsLoaded(msg mcpToolsMsg) tea.Cmd {
	s.trying, s.tried, s.tools, s.tryErr = false, true, msg.tools, msg.err
	s.pane.Reveal("✓ "+s.Ctx.T("mcp.try_ok", len(msg.tools)), 2)
	if msg.err != nil {
		// The start of the panel's first line (the page may wrap it at another width), and all
		// of the panel.
		panel := ansi.Strip(common.ErrorView(s.Ctx, msg.err))
		s.pane.Reveal(ansi.Truncate(panel, 16, ""), strings.Count(panel, "\n")+2)
	}
	callAfter := s.callAfterTry
	s.callAfterTry = false
	if msg.err != nil {
		return common.Notify(common.ErrorLine(s.Ctx, msg.err), true)
	}
	if callAfter && len(s.tools) > 0 {
		return tea.Batch(common.Notify(s.Ctx.T("mcp.try_ok", len(msg.tools)), false), s.openCall())
	}
	return common.Notify(s.Ctx.T("mcp.try_ok", len(msg.tools)), false)
}

func (s *MCPServerScreen) called(msg mcpCalledMsg) tea.Cmd {
	s.sending = false
	s.callErr = msg.err
	if msg.err == nil {
		r := msg.res
		s.result = &r
		mark := "✓ " + s.Ctx.T("mcp.result")
		if r.IsError {
			mark = "✗ "
		}
		s.pane.Reveal(mark, s.Height) // as much of it as fits
	}
	keep := common.Keep(s.Ctx, history.FromToolCall(s.item.MCPServer.Name, s.item.MCPServer.ID, msg.tool, msg.args,
		msg.err == nil && msg.res.IsError, msg.err, time.Since(s.callStart), time.Now()))
	if msg.err != nil {
		return tea.Batch(keep, common.Notify(common.ErrorLine(s.Ctx, msg.err), true))
	}
	// Said on the status line too: the page may have been left while the call was under way.
	if msg.res.IsError {
		return tea.Batch(keep, common.Notify(s.Ctx.T("mcp.tool_error", msg.tool), true))
	}
	return tea.Batch(keep, common.Notify(s.Ctx.T("mcp.tool_answered", msg.tool), false))
}

// Sending while a tool call is under way: leaving the page does not abandon it (common.Sender).
func (s *MCPServerScreen) Sending() bool { return s.sending }

func (s *MCPServerScreen) handleKey(msg tea.KeyMsg) tea.Cmd {
	if s.form != formNone && key.Matches(msg, s.Ctx.Form.Cancel) {
		s.Escape() // either form closes the same way
		return nil
	}
	switch s.form {
	case formPath:
		return s.pathKey(msg)
	case formCall:
		return s.callFormKey(msg)
	}
	switch {
	case s.login.on && !s.login.loggedIn && key.Matches(msg, s.login.inKey):
		return s.startLogin()
	case s.login.on && s.login.loggedIn && key.Matches(msg, s.login.outKey):
		return s.logout()
	case key.Matches(msg, s.callKey):
		return s.openCall()
	case key.Matches(msg, s.applyKey):
		return s.apply()
	case key.Matches(msg, s.writeKey):
		cl := mcpClients[s.client]
		if _, err := s.configText(); err != nil {
			return common.Notify(common.ErrorLine(s.Ctx, err), true)
		}
		if cl == snippet.ClaudeCode || components.SnippetModes[s.mode] == snippet.Masked {
			return common.Notify(s.Ctx.T("mcp.write_needs_tui", s.modeKey.Help().Key, s.clientKy.Help().Key), true)
		}
		s.form = formPath
		s.path = components.NewTextInput(s.Ctx)
		s.path.Prompt = s.Ctx.T("mcp.write_prompt") + " "
		s.path.PromptStyle = s.Ctx.Theme.Prompt
		s.path.SetValue(defaultConfigPath(cl))
		return s.path.Focus()
	case key.Matches(msg, s.clientKy):
		s.client = (s.client + 1) % len(mcpClients)
	case key.Matches(msg, s.modeKey):
		s.mode = (s.mode + 1) % len(components.SnippetModes)
		if components.SnippetModes[s.mode] == "inline" {
			return common.Notify(s.Ctx.T("snippet.inline_warning"), true)
		}
	case key.Matches(msg, s.copyKey):
		text, err := s.configText()
		if err != nil {
			return common.Notify(common.ErrorLine(s.Ctx, err), true)
		}
		return components.CopyCmd(s.Ctx, text, s.Ctx.T("mcp.config"), "")
	case key.Matches(msg, s.tryKey):
		return s.try()
	default:
		s.pane.Update(s.Ctx, msg)
	}
	return nil
}

// pathKey edits the path a client's configuration is written to.
func (s *MCPServerScreen) pathKey(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, s.Ctx.Form.Done) {
		path := strings.TrimSpace(s.path.Value())
		if path == "" {
			return nil
		}
		cl := mcpClients[s.client]
		return writeConfig(s.Addr, path, cl, s.target(cl))
	}
	var cmd tea.Cmd
	s.path, cmd = s.path.Update(msg)
	return cmd
}

// serverForm is the form open on the server's page: one state, its keys in one function each
// (callFormKey, pathKey).
type serverForm int

const (
	formNone serverForm = iota
	formCall            // a tool's arguments
	formPath            // the file a client's configuration is written to
)

// forgetRefusals drops a try's or a call's "no permission" once the status says the app has
// it: the page would say both at once, and offer A on a server that cannot be applied for.
func (s *MCPServerScreen) forgetRefusals() {
	if st := s.item.Permission.Status; st != client.MCPOwned && st != client.MCPApproved {
		return // pending: the refusal still holds
	}
	if client.HintOf(s.tryErr).Fix == client.FixApplyMCP {
		s.tried, s.tryErr = false, nil
	}
	if client.HintOf(s.callErr).Fix == client.FixApplyMCP {
		s.callErr = nil
	}
}
