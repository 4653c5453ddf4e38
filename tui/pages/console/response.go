package console

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"
	"github.com/bkconsole/bkconsole/tui/styles"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/tui/keymap"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

func (s *ConsoleScreen) refreshViewport() {
	switch s.tab {
	case ctabResponse:
		h := max(1, s.vp.Height)
		s.win = [2]int{s.vp.YOffset - 2*h, s.vp.YOffset + 3*h} // a page and more either side: a scroll seldom leaves it
		s.vp.SetContent(s.response.view(s.vp.Width, s.win))
	case ctabSnippet:
		s.vp.SetContent(s.snip.view(s.Width))
	case ctabTrace:
		if s.component != nil {
			s.vp.SetContent(s.Ctx.Theme.Subtle.Render(common.Wrap(s.Ctx.T("trace.not_for_components"), max(20, s.Width))))
		} else {
			s.vp.SetContent(s.trace.view(s.response.resp, s.prog.View(s.Ctx.T("console.tracing")), s.vp.Width))
		}
	}
}

// responseView is the console's Response tab as a component: the answer (status, the
// gateway's error and its fix, headers, the body highlighted in the theme's style) with keys of
// its own. The keys that need the console (a pager, the apply form, a secret prompt) it names;
// the console acts on them.
type responseView struct {
	ctx       *common.Context
	keys      responseKeys
	send      key.Binding          // the console's, which the empty tab names
	resp      *client.CallResponse // nil: nothing answered yet
	err       error                // why the last send failed, if it did
	rendered  string               // the body highlighted
	text      []byte               // the body as read (Readable), which the filter runs on
	savedPath string               // where the body was saved
	read      reader               // search, wrap, jq filter
	bodyStart int                  // the line of the content where the body starts
}

// responseKeys are the Response tab's keys, rebindable by their action names in the config file.
type responseKeys struct{ Pager, Save, Apply, Token, Secret, KeepCreds, Search, Next, Prev, Wrap, Filter key.Binding }

func newResponseKeys(l keymap.Keys) responseKeys {
	find := components.NewSearchKeys(l)
	return responseKeys{
		Pager:     l.Bind("p", "key.pager", "p"),
		Save:      l.Bind("o", "key.save_body", "o"),
		Search:    find.Search,
		Next:      find.Next,
		Prev:      find.Prev,
		Wrap:      l.Bind("w", "key.wrap", "w"),
		Filter:    l.Bind("f", "key.jq_filter", "f"),
		Apply:     l.Bind("a", "key.apply", "a"),
		Token:     l.Bind("T", "key.paste_token", "T"),
		Secret:    l.Bind("K", "key.enter_secret", "K"),
		KeepCreds: l.Shared().KeepPasted,
	}
}

func (k responseKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Search, k.Next, k.Prev, k.Wrap, k.Filter, k.Pager, k.Save, k.Apply, k.Token, k.Secret, k.KeepCreds}
}
func (k responseKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// renderedAnswer is an answer's body as read (a GBK body decoded) and as shown.
type renderedAnswer struct {
	text     []byte
	rendered string
}

// render is how the tab shows resp's body. It reads only what does not change while a request
// runs, so the command that sent it renders it (highlighting a 1 MiB answer took about 100 ms,
// which Update would have held the keys for).
func (v *responseView) render(resp *client.CallResponse) renderedAnswer {
	return renderAnswer(resp, v.ctx.Theme, v.ctx.Lang, v.keys.Save.Help().Key)
}

func renderAnswer(resp *client.CallResponse, th *styles.Theme, lang i18n.Lang, saveKey string) renderedAnswer {
	if resp == nil {
		return renderedAnswer{}
	}
	text := resp.Readable() // o saves the bytes that came
	if resp.Binary() {      // its bytes would be noise: what it is, and how to keep it
		return renderedAnswer{text, th.Subtle.Render(i18n.T(lang, "console.binary_body", i18n.Size(len(resp.Body)), resp.MediaType(lang), saveKey))}
	}
	return renderedAnswer{text, components.RenderBody(text, th)}
}

// setRendered takes an answer (and the error that came with it), its body rendered (render);
// the command decodes a large body for a filter in force, and lowers it for a search.
func (v *responseView) setRendered(resp *client.CallResponse, err error, a renderedAnswer) tea.Cmd {
	v.resp, v.err, v.savedPath = resp, err, ""
	if resp == nil {
		return nil
	}
	v.text, v.rendered = a.text, a.rendered
	return tea.Batch(v.read.reset(a.text), v.read.plainFrom(a.rendered))
}

// fix is what the gateway's error says to do (client.FixApply, FixToken, FixSecret), if any.
func (v *responseView) fix() string {
	switch {
	case v.resp == nil:
		return ""
	case v.resp.Gateway != nil:
		return v.resp.Gateway.Hint().Fix
	case v.esbErr() != nil:
		return v.esbErr().Hint().Fix
	}
	return ""
}

// esbErr is a component's refusal, told by its envelope inside an HTTP 200.
func (v *responseView) esbErr() *client.ESBError {
	var ee *client.ESBError
	if errors.As(v.err, &ee) {
		return ee
	}
	return nil
}

// requestID is the answer's request id: the gateway's header, else a component envelope's.
func (v *responseView) requestID() string {
	if v.resp.RequestID == "" && v.esbErr() != nil {
		return v.esbErr().RequestID
	}
	return v.resp.RequestID
}

// help is the tab's keys that apply now: the fix the error names, keeping pasted credentials.
// The fix comes first: a narrow footer drops what does not fit from the end.
func (v *responseView) help(pasted bool) []key.Binding {
	var b []key.Binding
	switch v.fix() {
	case client.FixApply:
		b = append(b, v.keys.Apply)
	case client.FixToken:
		b = append(b, v.keys.Token)
	case client.FixSecret:
		b = append(b, v.keys.Secret)
	}
	if pasted {
		b = append(b, v.keys.KeepCreds)
	}
	if v.read.typing() {
		return []key.Binding{v.ctx.Form.Done, v.ctx.Form.Cancel}
	}
	if v.read.search.Query() != "" { // esc clears it before it means back
		b = append(b, v.keys.Next, v.keys.Prev, v.ctx.Keys.As(v.ctx.Global.Back, "key.clear_search"))
	}
	return append(b, v.keys.Search, v.keys.Wrap, v.keys.Filter, v.keys.Pager, v.keys.Save)
}

func (v *responseView) escape() bool { return v.read.escape() }

// body is the answer's body, as read.
func (v *responseView) body() []byte {
	if v.resp == nil {
		return nil
	}
	return v.text
}

// matchLine is the line of the content the current match is on (-1: none).
func (v *responseView) matchLine() int {
	m, ok := v.read.search.Current()
	if !ok {
		return -1
	}
	return v.bodyStart + m.Shown
}

// view is the tab's content for a width, its body drawn in the lines of win (see
// reader.window).
func (v *responseView) view(width int, win [2]int) string {
	c, t := v.ctx, v.ctx.Theme
	if v.resp == nil {
		if v.err != nil {
			return common.ErrorView(c, v.err)
		}
		return t.Subtle.Render(c.T("console.no_response", v.send.Help().Key))
	}
	r := v.resp
	var b strings.Builder
	st := t.OK
	if r.Status >= 400 {
		st = t.Error
	}
	status := st.Render(fmt.Sprintf("%d %s", r.Status, strings.TrimSpace(http.StatusText(r.Status)))) + t.Subtle.Render(fmt.Sprintf("  %s · %s", r.Took(), i18n.Size(len(r.Body))))
	if id := untrusted.Line(v.requestID()); id != "" {
		// The id is what a user copies to ask about the request: never cut, on a line of its
		// own when the status line has no room for it whole.
		status = common.Beside(status, t.Subtle.Render(" · "), t.Subtle.Render(c.T("cli.request_id", id)), width)
	}
	b.WriteString(status + "\n")
	var refusal error
	heading := "console.gateway_error"
	if r.Gateway != nil {
		refusal = r.Gateway
	} else if ee := v.esbErr(); ee != nil {
		refusal, heading = ee, "console.component_error"
	}
	if refusal != nil {
		b.WriteString("\n" + t.Warn.Render(c.T(heading)) + "\n" + common.ErrorViewBrief(c, refusal) + "\n")
		switch v.fix() {
		case client.FixApply:
			press := "console.press_apply"
			if r.Gateway == nil {
				press = "console.press_apply_component"
			}
			b.WriteString(t.Prompt.Render("  "+c.T(press, v.keys.Apply.Help().Key)) + "\n")
		case client.FixToken:
			b.WriteString(t.Prompt.Render("  "+c.T("console.press_token", v.keys.Token.Help().Key)) + "\n")
		case client.FixSecret:
			b.WriteString(t.Prompt.Render("  "+c.T("console.press_secret", v.keys.Secret.Help().Key)) + "\n")
		}
	} else if r.Status >= 400 {
		b.WriteString(t.Subtle.Render(common.Wrap(c.T("console.backend_error"), width)) + "\n")
	}
	if rl := r.RateLimit; rl[0] != "" {
		b.WriteString(t.Subtle.Render(c.T("console.ratelimit", rl[0], rl[1], rl[2])) + "\n")
	}
	b.WriteString("\n" + t.Bold.Render(c.T("console.resp_headers")) + "\n")
	for _, k := range client.SortedHeaderNames(r.Headers) { // wrapped: a long value was cut at the edge
		b.WriteString(common.Wrap(t.Subtle.Render(untrusted.Line(k)+": ")+untrusted.Line(strings.Join(r.Headers[k], ", ")), width) + "\n")
	}
	b.WriteString("\n" + t.Bold.Render(c.T("console.resp_body")) + "\n")
	v.bodyStart = strings.Count(b.String(), "\n")
	b.WriteString(strings.Join(v.read.body(v, v.rendered, width, win[0]-v.bodyStart, win[1]-v.bodyStart), "\n") + "\n")
	switch {
	case r.Truncated: // cut where it was read: nothing has the rest, the filter's answer included
		b.WriteString(t.Warn.Render(common.Wrap(c.T("call.truncated", client.CallBodyLimit>>20), width)) + "\n")
	case len(r.Body) > components.DisplayLimit && v.read.jqOut == "": // a filter's answer is of the whole body
		b.WriteString(t.Warn.Render(common.Wrap(c.T("console.truncated", v.keys.Save.Help().Key, v.keys.Pager.Help().Key), width)) + "\n")
	}
	if r.Partial {
		b.WriteString(t.Error.Render(c.T("call.partial", len(r.Body))) + "\n" + common.ErrorView(c, v.err) + "\n")
	}
	if r.NotFollowed != "" {
		b.WriteString(t.Warn.Render(common.Wrap(c.T("call.redirect_not_followed", untrusted.Line(r.NotFollowed)), width)) + "\n")
	}
	if v.savedPath != "" { // wrapped, never cut: the path is copied
		b.WriteString(t.OK.Render(common.Wrap(c.T("console.saved", v.savedPath), width)) + "\n")
	}
	return b.String()
}

// traceView is the console's Trace tab as a component: the gateway's own log of the call,
// found by its request id, with a key of its own.
type traceView struct {
	ctx     *common.Context
	keys    traceKeys
	send    key.Binding // the console's, which the empty tab names
	tracing bool
	entries []client.LogEntry // nil: not asked yet
	err     error
}

// traceKeys are the Trace tab's keys, rebindable by their action names in the config file.
type traceKeys struct{ Trace key.Binding }

func (k traceKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Trace} }
func (k traceKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

func newTraceView(c *common.Context) traceView {
	return traceView{ctx: c, keys: traceKeys{Trace: c.Keys.Shared().Trace}}
}

func (v *traceView) start() { v.tracing, v.entries, v.err = true, nil, nil }
func (v *traceView) reset() { v.tracing, v.entries, v.err = false, nil, nil }
func (v *traceView) done(es []client.LogEntry, err error) {
	v.tracing, v.entries, v.err = false, es, err
}

// view is the tab for the response it traces; waiting is the spinner's line while tracing.
// traceLabel is the width of the trace's labels: the values line up after them.
const traceLabel = 18

func (v *traceView) view(resp *client.CallResponse, waiting string, width int) string {
	c, t := v.ctx, v.ctx.Theme
	switch {
	case v.tracing:
		return waiting
	case v.err != nil:
		return common.ErrorView(c, v.err)
	case resp == nil:
		return t.Subtle.Render(c.T("console.no_response", v.send.Help().Key))
	case v.entries == nil:
		return t.Subtle.Render(c.T("console.press_trace", v.keys.Trace.Help().Key))
	case len(v.entries) == 0:
		return t.Warn.Render(common.Wrap(c.T("trace.not_found", resp.RequestID, "8s"), width))
	}
	var b strings.Builder
	for _, e := range v.entries {
		for _, f := range e.Fields(c.Lang) {
			// A long value (a URL, an error) wraps under itself, beside its label.
			lines := strings.Split(common.Wrap(f.Value, max(20, width-traceLabel)), "\n")
			b.WriteString(t.Subtle.Render(common.FitLabel(c.T(f.Label), traceLabel)) + strings.Join(lines, "\n"+strings.Repeat(" ", traceLabel)) + "\n")
		}
	}
	return b.String()
}
