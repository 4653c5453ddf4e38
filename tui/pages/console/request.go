package console

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"strings"

	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/tui/common"

	"github.com/bkconsole/bkconsole/client"
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
	r, err := s.fields(true)
	if err != nil {
		return r, err
	}
	if len(r.Body) > 0 && client.IsJSONBody(r.Headers) {
		if err := client.CheckJSON(r.Body); err != nil {
			return r, err
		}
	}
	return r, nil
}

// fields is the call as the editor holds it, its body unchecked (and left out without body):
// what every frame draws from (the URL, the variables) must not read a large body through.
func (s *ConsoleScreen) fields(body bool) (client.CallRequest, error) {
	r := client.CallRequest{Gateway: s.gw, Stage: s.stage, Method: s.method, Path: s.res.Path, PathParams: map[string]string{}, WithUser: s.withUser,
		Bearer: s.bearer, Component: s.component}
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
	if body {
		r.Body = []byte(s.bodyText())
	}
	if len(bytes.TrimSpace(r.Body)) == 0 {
		r.Body = nil
	}
	return r, nil
}

func (s *ConsoleScreen) send() tea.Cmd {
	r, err := s.sendable()
	if err == nil {
		_, err = backendOf(s.Ctx).Prepare(r)
	}
	if err != nil {
		s.inputErr = err
		s.focusAtFault(err)
		return nil
	}
	s.inputErr, s.response.err, s.sending = nil, nil, true
	ctx, cancel := context.WithCancel(s.ReqCtx)
	s.cancelIn = cancel
	b := backendOf(s.Ctx)
	// The last request's notice ("request cancelled") does not stay on during this one.
	clearStatus := func() tea.Msg { return common.StatusMsg{} }
	th, lang, saveKey := s.Ctx.Theme, s.Ctx.Lang, s.response.keys.Save.Help().Key
	return tea.Batch(clearStatus, s.prog.Start(), s.Own(func() tea.Msg {
		defer cancel()
		resp, prep, err := b.Call(ctx, r)
		return callDoneMsg{r, resp, prep, err, renderAnswer(resp, th, lang, saveKey)}
	}))
}

// editorKey_ handles keys while the request editor is shown: esc and the external editor are
// the console's, the rest the editor's.
func (s *ConsoleScreen) editorKey_(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.Ctx.Global.Back):
		return common.Pop
	case key.Matches(msg, s.edit.Editor):
		return s.external(os.Getenv("EDITOR"), "vi", []byte(s.bodyText()), true)
	}
	return s.editKey(msg)
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
	id, c, envVar := s.Addr, s.Ctx, "PAGER"
	if edit {
		envVar = "EDITOR"
	}
	return tea.Exec(run, func(err error) tea.Msg {
		defer run.cleanup()
		if err != nil {
			err = externalFailed(c, envVar, args[0], edit, err)
		}
		if !edit {
			if err != nil {
				return common.StatusMsg{Text: err.Error(), IsErr: true}
			}
			return nil
		}
		if err != nil {
			return common.Reply{To: id, Msg: editorDoneMsg{err: err}}
		}
		b, rerr := os.ReadFile(run.path)
		return common.Reply{To: id, Msg: editorDoneMsg{body: b, err: rerr}}
	})
}

// externalFailed words an editor's or a pager's failure in the reader's language: Go's own
// words ("fork/exec /usr/bin/vim: no such file or directory") had been shown as they were.
// An editor that exits with an error leaves the body as it was, and says so.
func externalFailed(c *common.Context, envVar, prog string, edit bool, err error) error {
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee) && edit:
		return errors.New(c.T("console.editor_exit", prog, ee.ExitCode()))
	case errors.As(err, &ee):
		return errors.New(c.T("console.pager_exit", prog, ee.ExitCode()))
	case errors.Is(err, exec.ErrNotFound), errors.Is(err, fs.ErrNotExist), errors.Is(err, fs.ErrPermission):
		return errors.New(c.T("console.external_missing", untrusted.Line(prog), envVar))
	}
	return errors.New(c.T("console.external_failed", untrusted.Line(prog), untrusted.Line(err.Error())))
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

func (s *ConsoleScreen) urlPreview() string {
	r, err := s.fields(false) // drawn every frame: the body plays no part in the URL
	if err == nil {
		if x, xerr := s.expand(r); xerr == nil {
			r = x
		} else {
			err = xerr
		}
	}
	p, perr := backendOf(s.Ctx).Prepare(r)
	if perr != nil && s.component != nil {
		return common.ErrorLine(s.Ctx, perr)
	}
	if perr != nil {
		base := client.GatewayBaseURL(s.Ctx.Profile.APIURLTmpl, s.gw) + "/" + s.stage + s.res.Path
		return base
	}
	if err != nil {
		// A variable without a value shows as written, not percent-encoded.
		return strings.NewReplacer("%7B%7B", "{{", "%7D%7D", "}}").Replace(p.FullURL())
	}
	return p.FullURL()
}

// requestView is the Request tab. The body takes the rows the other fields leave (at least 3):
// what they take depends on what they hold (a variable's line, a warning, an error), so it is
// measured on the tab as drawn, and the body's height follows it (at 80×24 it showed 3 lines
// above 8 empty rows).
func (s *ConsoleScreen) requestView() string {
	fields, tail := s.requestFields(), s.requestTail()+s.requestError()
	if s.Height <= 0 {
		return fields + tail
	}
	others := strings.Count(fields+tail, "\n") - s.body.Height()
	room := s.Height - 2 - 2 - others // the URL and the tabs above; "sending…" below, after a blank line
	if want := max(3, room); want != s.body.Height() {
		s.body.SetHeight(want)
	}
	// On a short screen the fields, drawn again at the body's new height, give way to what is
	// under them, the credentials the request will carry and the error that says why nothing
	// was sent, and keep the focused one in sight (at 60×15 all three were below the screen:
	// ctrl+s seemed to do nothing, ctrl+u switched what could not be seen, tab moved the cursor
	// out of sight).
	fields, first, last := s.fieldsLayout(s.Ctx)
	lines := strings.Split(strings.TrimSuffix(fields+s.varsView(), "\n"), "\n")
	rows := s.Height - 2 - strings.Count(tail, "\n")
	if s.sending {
		rows -= 2 // "sending…" under the tail, after a blank line (it was drawn below the last row at 60×15)
	}
	return strings.Join(common.InSight(lines, first, last, rows), "\n") + "\n" + tail
}

// requestError is why the last send did not go or failed ("" when none), under the fields.
func (s *ConsoleScreen) requestError() string {
	c := s.Ctx
	if s.inputErr != nil {
		return common.ErrorView(c, s.inputErr) + "\n"
	} else if s.response.err != nil && !errors.Is(s.response.err, context.Canceled) {
		return common.ErrorView(c, s.response.err) + "\n"
	}
	return ""
}

// requestFields are the request's fields and the variables they use.
func (s *ConsoleScreen) requestFields() string {
	return s.fieldsView(s.Ctx) + s.varsView()
}

// requestTail is what the request will carry and why to mind it: the credentials (ctrl+u
// switches them), a bearer the API does not accept, credentials pasted from a curl command.
func (s *ConsoleScreen) requestTail() string {
	c, t := s.Ctx, s.Ctx.Theme
	var b strings.Builder
	b.WriteString(t.Subtle.Render(ansi.Truncate("  "+s.authPreview(), s.Width, "…")) + "\n")
	// The warnings are sentences that name a key: wrapped, not cut before the key.
	warn := func(text string) {
		b.WriteString(t.Warn.Render(indentAfterFirst(common.Wrap("  "+text, max(1, s.Width-2)), 2)) + "\n")
	}
	if s.bearer && !s.res.OAuth2PersonalClientEnabled {
		warn(c.T("console.bearer_not_accepted", s.edit.Bearer.Help().Key))
	}
	if s.pasted != nil {
		warn(c.T("console.pasted_creds", s.response.keys.KeepCreds.Help().Key, c.Profile.Name))
	}
	return b.String()
}

func indentAfterFirst(s string, n int) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}
