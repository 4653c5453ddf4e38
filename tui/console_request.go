package tui

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"sort"
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

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
	r := client.CallRequest{Gateway: s.gw, Stage: s.stage, Method: s.method, Path: s.res.Path, PathParams: map[string]string{}, WithUser: s.withUser,
		Component: s.component}
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
	s.inputErr, s.response.err, s.sending = nil, nil, true
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

// requestKeys are the Request tab's keys, rebindable by their action names in the config file.
type requestKeys struct{ User, Clear, Pretty, Editor, Method key.Binding }

func newRequestKeys(l i18n.Lang) requestKeys {
	return requestKeys{
		User:   bind(l, "ctrl+u", "key.toggle_user", "ctrl+u"),
		Clear:  bind(l, "ctrl+x", "key.clear_field", "ctrl+x"),
		Pretty: bind(l, "ctrl+f", "key.pretty", "ctrl+f"),
		Editor: bind(l, "ctrl+e", "key.editor", "ctrl+e"),
		Method: bind(l, "ctrl+o", "key.method", "ctrl+o"),
	}
}

func (k requestKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.User, k.Clear, k.Pretty, k.Editor, k.Method}
}
func (k requestKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// help is the keys that apply to this API: the method key only for an ANY API.
func (k requestKeys) help(anyMethod bool) []key.Binding {
	b := []key.Binding{k.User, k.Clear, k.Pretty, k.Editor}
	if anyMethod {
		b = append(b, k.Method)
	}
	return b
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
	case key.Matches(msg, s.edit.User):
		s.withUser = !s.withUser
		return nil
	case key.Matches(msg, s.edit.Method) && s.res.Method == "ANY":
		s.anyIdx = (s.anyIdx + 1) % len(anyMethods)
		s.method = anyMethods[s.anyIdx]
		return nil
	case key.Matches(msg, s.edit.Pretty):
		var out bytes.Buffer
		if err := json.Indent(&out, []byte(s.body.Value()), "", "  "); err != nil {
			s.inputErr = client.CheckJSON([]byte(s.body.Value()))
			return nil
		}
		s.body.SetValue(out.String())
		s.inputErr = nil
		return nil
	case key.Matches(msg, s.edit.Editor):
		return s.external(os.Getenv("EDITOR"), "vi", []byte(s.body.Value()), true)
	case key.Matches(msg, s.edit.Clear):
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

// external runs $EDITOR or $PAGER on a temporary file; the editor's result comes back. The
// file is written and read inside the exec step, never in Update.
func (s *ConsoleScreen) external(prog, fallback string, content []byte, edit bool) tea.Cmd {
	if prog == "" {
		prog = fallback
	}
	args := strings.Fields(prog)
	if len(args) == 0 {
		return nil
	}
	run := &externalRun{args: args, content: content}
	id := s.id
	return tea.Exec(run, func(err error) tea.Msg {
		defer run.cleanup()
		if !edit {
			if err != nil {
				return statusMsg{text: err.Error(), isErr: true}
			}
			return nil
		}
		if err != nil {
			return editorDoneMsg{id: id, err: err}
		}
		b, rerr := os.ReadFile(run.path)
		return editorDoneMsg{id: id, body: b, err: rerr}
	})
}

// externalRun is one run of an editor or pager on a temporary copy of the content.
type externalRun struct {
	args           []string
	content        []byte
	path           string
	stdin          io.Reader
	stdout, stderr io.Writer
}

func (r *externalRun) SetStdin(in io.Reader)   { r.stdin = in }
func (r *externalRun) SetStdout(out io.Writer) { r.stdout = out }
func (r *externalRun) SetStderr(out io.Writer) { r.stderr = out }

func (r *externalRun) Run() error {
	f, err := os.CreateTemp("", "bkconsole-*.json")
	if err != nil {
		return err
	}
	r.path = f.Name()
	_, werr := f.Write(r.content)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return werr
	}
	c := exec.Command(r.args[0], append(r.args[1:], r.path)...)
	c.Stdin, c.Stdout, c.Stderr = r.stdin, r.stdout, r.stderr
	return c.Run()
}

func (r *externalRun) cleanup() {
	if r.path != "" {
		os.Remove(r.path)
	}
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
	if perr != nil && s.component != nil {
		return errorLine(s.ctx, perr)
	}
	if perr != nil {
		base := client.GatewayBaseURL(s.ctx.Profile.APIURLTmpl, s.gw) + "/" + s.stage + s.res.Path
		return base
	}
	return p.FullURL()
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
	} else if s.response.err != nil && !errors.Is(s.response.err, context.Canceled) {
		b.WriteString(errorView(c, s.response.err) + "\n")
	}
	return b.String()
}

func indentAfterFirst(s string, n int) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}
