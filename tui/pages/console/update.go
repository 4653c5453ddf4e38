package console

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

func (s *ConsoleScreen) switchTab(t int) {
	if t != ctabResponse {
		s.response.read.stopTyping() // a field left typing on a tab not shown kept the keys
	}
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

func (s *ConsoleScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	scr, cmd := s.update(msg)
	s.keepWindow()
	return scr, cmd
}

// keepWindow draws the response again when a scroll left the lines drawn (refreshViewport).
func (s *ConsoleScreen) keepWindow() {
	if s.tab == ctabResponse && s.response.resp != nil && (s.vp.YOffset < s.win[0] || s.vp.YOffset+s.vp.Height > s.win[1]) {
		s.refreshViewport()
	}
}

func (s *ConsoleScreen) update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case schemaMsg:
		if msg.err != nil {
			// The editor works without them; the user is told why it offers no parameters.
			return s, common.Notify(s.Ctx.T("console.schema_unread", common.ErrorLine(s.Ctx, msg.err)), false)
		}
		s.applySchema(msg.detail.Schema)
		return s, nil
	case callDoneMsg:
		return s, s.callDone(msg)
	case plainReadyMsg:
		s.response.read.plainReady(msg)
		return s, nil
	case bodyDecodedMsg:
		s.response.read.decodedBody(msg, s.response.body())
		s.refreshViewport()
		return s, nil
	case traceMsg:
		s.trace.done(msg.es, msg.err)
		s.prog.Stop()
		s.refreshViewport()
		return s, nil
	case editorDoneMsg:
		if msg.err != nil {
			return s, common.Notify(msg.err.Error(), true)
		}
		s.setBody(string(msg.body))
		s.inputErr = nil
		if len(bytes.TrimSpace(msg.body)) > 0 {
			s.inputErr = client.CheckJSON(msg.body) // validated as on screen
		}
		return s, nil
	case spinner.TickMsg:
		cmd := s.prog.Update(msg)
		if cmd != nil && s.trace.tracing {
			s.refreshViewport()
		}
		return s, cmd
	case savedMsg:
		return s, s.fileSaved(msg)
	case requestSavedMsg:
		return s, s.saved(msg)
	case credentialsMsg:
		return s, s.credentialsChanged(msg)
	case common.LangChangedMsg:
		s.build()
		if s.tab == ctabSnippet {
			s.regenSnippet() // the new tab's snippet, in the words of the language chosen
		}
		s.refreshViewport()
	case tea.MouseMsg:
		if s.tab != ctabRequest {
			components.Pane{VP: &s.vp}.Wheel(msg)
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
	if s.save != nil {
		return s.savePromptKey(msg)
	}
	if s.confirmSave {
		s.confirmSave = false
		if key.Matches(msg, s.Ctx.Form.Yes) {
			return s.keepPasted()
		}
		return common.Notify(s.Ctx.T("console.pasted_not_saved"), false)
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
	if key.Matches(msg, s.saveKey) {
		return s.startSave()
	}
	if key.Matches(msg, s.cycleKey) {
		s.switchTab((s.tab + 1) % ctabCount)
		return nil
	}
	if s.tab == ctabRequest {
		return s.editorKey_(msg)
	}
	if s.tab == ctabResponse && s.response.resp != nil {
		if cmd, handled := s.readKey(msg); handled {
			return cmd
		}
	}
	if s.tab != ctabRequest {
		if cmd, handled := s.responseKey(msg); handled {
			return cmd
		}
	}
	if s.tab == ctabSnippet {
		if cmd, regen, handled := s.snip.update(msg, s.Addr); handled {
			if regen {
				s.regenSnippet()
				s.refreshViewport()
			}
			return cmd
		}
	}
	switch {
	case key.Matches(msg, s.Ctx.Nav.NextTab):
		s.switchTab((s.tab + 1) % ctabCount)
	case key.Matches(msg, s.Ctx.Nav.PrevTab):
		s.switchTab((s.tab + ctabCount - 1) % ctabCount)
	case key.Matches(msg, s.trace.keys.Trace) && s.component == nil && s.response.resp != nil && s.response.resp.RequestID != "":
		s.trace.start()
		start := s.prog.Start()
		s.switchTab(ctabTrace)
		b, rid, parent := backendOf(s.Ctx), s.response.resp.RequestID, s.ReqCtx
		return tea.Batch(start, s.Own(func() tea.Msg {
			ctx, cancel := context.WithTimeout(parent, 15*time.Second) // leaving the console stops it
			defer cancel()
			es, err := b.Trace(ctx, rid, 8*time.Second) // the log takes a few seconds to appear
			return traceMsg{es, err}
		}))
	default:
		s.scrollKey(msg)
	}
	return nil
}

// scrollKey moves the response, snippet or trace shown.
func (s *ConsoleScreen) scrollKey(msg tea.KeyMsg) { s.Ctx.Nav.Scroll(msg, components.Pane{VP: &s.vp}) }

func (s *ConsoleScreen) fix() string { return s.response.fix() }

func (s *ConsoleScreen) tabsView() string {
	c := s.Ctx
	return components.TabBar(c.Theme, []string{c.T("console.tab_request"), c.T("console.tab_response"), c.T("console.tab_snippet"), c.T("console.tab_trace")}, s.tab)
}

func (s *ConsoleScreen) View() string {
	c, t := s.Ctx, s.Ctx.Theme
	var b strings.Builder
	title := t.MethodStyle(s.method).Render(s.method) + " " + t.Subtle.Render(ansi.Truncate(s.urlPreview(), max(10, s.Width-10), "…"))
	b.WriteString(title + "\n" + s.tabsView() + "\n")
	if s.confirmSave {
		b.WriteString("\n" + t.Prompt.Render(common.Ask(c, c.T("console.keep_pasted_confirm", c.Profile.Name))))
	}
	if s.prompt != nil {
		b.WriteString("\n" + s.prompt.view(s.saveName))
		return b.String()
	}
	if s.save != nil {
		b.WriteString("\n" + s.save.view(c))
		return b.String()
	}
	sending := ""
	if s.sending {
		sending = t.Prompt.Render(s.prog.View(c.T("console.sending", s.cancelKey.Help().Key)))
	}
	switch {
	case s.tab == ctabRequest:
		b.WriteString(s.requestView())
		if s.sending {
			b.WriteString("\n" + sending)
		}
	case s.sending:
		b.WriteString(s.vp.View() + "\n" + sending)
	default:
		b.WriteString(s.vp.View() + "\n" + s.readLine())
	}
	return b.String()
}

// responseKey takes the keys of a response (its tab's, and the pasted credentials' on any tab
// but the request's): the pager, save, apply, keep the credentials, a token or a secret.
func (s *ConsoleScreen) responseKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	onResponse := s.tab == ctabResponse
	switch {
	case onResponse && key.Matches(msg, s.response.keys.Pager) && s.response.resp != nil:
		body := s.response.resp.Readable()
		var pretty bytes.Buffer
		if json.Valid(body) && json.Indent(&pretty, body, "", "  ") == nil {
			body = pretty.Bytes() // one-line JSON reads in a pager only pretty-printed
		}
		return s.external(os.Getenv("PAGER"), "less", body, false), true
	case onResponse && key.Matches(msg, s.response.keys.Save) && s.response.resp != nil:
		name := safeFileName(s.response.resp.RequestID)
		if name == "" {
			name = s.Ctx.Clock.Now().Format("20060102-150405")
		}
		return saveCmd(s.Addr, s.Ctx.SaveDir("responses"), "response-"+name+s.response.resp.FileExt(), s.response.resp.Body, "response"), true
	case onResponse && key.Matches(msg, s.response.keys.Apply) && s.fix() == client.FixApply && s.component != nil:
		return applyForComponent(s.Ctx, *s.component), true
	case onResponse && key.Matches(msg, s.response.keys.Apply) && s.fix() == client.FixApply:
		return s.applyForAPI(), true
	case key.Matches(msg, s.response.keys.KeepCreds) && s.pasted != nil:
		if s.Ctx.Profiles == nil {
			return common.Notify(s.Ctx.T("tui.sandbox_no_login"), false), true
		}
		s.confirmSave = true
		return nil, true
	case onResponse && key.Matches(msg, s.response.keys.Token) && s.fix() == client.FixToken:
		s.prompt = newSecretPrompt(s.Ctx, "bk_token")
		return s.prompt.in.Focus(), true
	case onResponse && key.Matches(msg, s.response.keys.Secret) && s.fix() == client.FixSecret:
		s.prompt = newSecretPrompt(s.Ctx, "bk_app_secret")
		return s.prompt.in.Focus(), true
	}
	return nil, false
}

func (s *ConsoleScreen) callDone(msg callDoneMsg) tea.Cmd {
	s.sending = false
	s.prog.Stop()
	if msg.err != nil && msg.resp == nil {
		s.response.err = msg.err
		if errors.Is(msg.err, context.Canceled) {
			// Cancelled once sent, the backend may have acted on it: said, not hidden.
			var unknown *client.OutcomeUnknownError
			if errors.As(msg.err, &unknown) {
				return common.Notify(s.Ctx.T("console.cancelled_sent"), true)
			}
			return common.Notify(s.Ctx.T("console.cancelled"), false)
		}
		return common.Notify(common.ErrorLine(s.Ctx, msg.err), true)
	}
	s.prep = msg.prep
	shown := msg.shown
	if shown.text == nil && msg.resp != nil { // not rendered by the command (an empty body costs nothing)
		shown = s.response.render(msg.resp)
	}
	decode := s.response.setRendered(msg.resp, msg.err, shown)
	s.trace.reset()
	s.switchTab(ctabResponse)
	cmds := []tea.Cmd{s.Own(decode)}
	cmds = append(cmds, common.Keep(s.Ctx, history.FromCall(msg.req, s.res.Name, s.stage, msg.resp, time.Now())))
	if msg.err != nil {
		cmds = append(cmds, common.Notify(common.ErrorLine(s.Ctx, msg.err), true))
	}
	return tea.Batch(cmds...)
}

func (s *ConsoleScreen) fileSaved(msg savedMsg) tea.Cmd {
	if msg.err != nil {
		return common.Notify(s.Ctx.T("console.save_failed", i18n.FileWriteProblem(s.Ctx.Lang, msg.err)), true)
	}
	if msg.what == "response" {
		s.response.savedPath = msg.path
		s.refreshViewport()
		return common.Notify(s.Ctx.T("console.saved", msg.path), false)
	}
	return common.Notify(s.Ctx.T("console.saved_file", msg.path), false)
}

// credentialsChanged installs credentials typed or pasted in the console.
func (s *ConsoleScreen) credentialsChanged(msg credentialsMsg) tea.Cmd {
	if msg.err != nil {
		if s.prompt != nil {
			s.prompt.err = msg.err
		}
		return common.Notify(common.ErrorLine(s.Ctx, msg.err), true)
	}
	s.prompt, s.pasted = nil, nil
	changed := common.CredentialsChangedMsg{Backend: msg.backend, Info: msg.info}
	// The header said which surface served the old credentials: ask again with the new ones.
	b := msg.backend
	recheck := func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), common.LoadTimeout)
		defer cancel()
		for _, f := range b.CheckAll(ctx).Features {
			if f.Feature == client.FeatureGateways {
				return common.ConnMsg{Via: f.Surface}
			}
		}
		return common.ConnMsg{}
	}
	return tea.Sequence(func() tea.Msg { return changed },
		tea.Batch(common.Notify(s.Ctx.T("console.credentials_saved", s.sendKey.Help().Key), false), func() tea.Msg { return common.ConnMsg{} }, recheck))
}
