package console

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/keymap"
	"github.com/bkconsole/bkconsole/tui/styles"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// requestEditor is the console's Request tab as a component: the path parameters, query,
// headers and body being written, the method of an ANY API and whether the user's login goes
// along, with a keymap of its own. Sending, the external editor and the preview of the
// credentials are the console's.
type requestEditor struct {
	theme  *styles.Theme
	edit   requestKeys
	form   keymap.Form // moving between fields
	schema map[string]any
	method string
	anyIdx int
	anyAPI bool // the API's method is ANY: the method key cycles anyMethods
	// skeleton is the body the API's schema describes, as the editor offers it ("" for none):
	// an ANY API's is offered while its method carries a body.
	skeleton string
	params   []string // path parameter names
	needed   []bool   // which of them the API's schema marks required: their labels say so with *
	inputs   []textinput.Model
	query    textarea.Model
	headers  textarea.Model
	body     textarea.Model
	// vars are this console's own variables (name=value lines): before the profile's and
	// the environment's, as --var is on the command line.
	vars     textarea.Model
	withUser bool
	// bearer: the call carries the profile's personal token as Authorization: Bearer instead
	// of X-Bkapi-Authorization (gateway 1.24; never both: the gateway would read only the other).
	bearer   bool
	focus    int                                  // index over inputs, then query, headers, body
	inputErr error                                // what is wrong with what was typed (the body's JSON)
	held     *string                              // a body too large for the field, held as given (heldbody.go)
	tr       func(key string, args ...any) string // the UI's words, in its language when asked
}

// newRequestEditor is an empty request for r: a field per path parameter, the method (GET for
// an ANY API until changed), the user's login along when the API needs it.
func newRequestEditor(c *common.Context, r client.Resource) requestEditor {
	e := requestEditor{theme: c.Theme, tr: c.T, edit: newRequestKeys(c.Keys), form: c.Form, method: r.Method, anyAPI: r.Method == "ANY",
		withUser: r.VerifiedUserRequired, params: client.PathParams(r.Path)}
	if e.method == "ANY" || e.method == "" {
		e.method = "GET"
	}
	for _, p := range e.params {
		in := components.NewTextInput(c)
		in.Prompt = ""
		in.Placeholder = c.Theme.Placeholder(p)
		in.Width = 30
		e.inputs = append(e.inputs, in)
	}
	mk := func(ph string, h int) textarea.Model {
		ta := components.NewTextArea(c)
		ta.Placeholder = c.Theme.Placeholder(ph)
		ta.ShowLineNumbers = false
		ta.SetHeight(h)
		ta.CharLimit = 0
		return ta
	}
	e.query = mk(c.T("console.query_ph"), 2)
	e.headers = mk(c.T("console.headers_ph"), 2)
	e.body = mk(c.T("console.body_ph", e.edit.Pretty.Help().Key, e.edit.Editor.Help().Key), 6)
	varsPh := "console.vars_ph"
	if !keepsVars(c) {
		varsPh = "console.vars_ph_no_profile"
	}
	e.vars = mk(c.T(varsPh), 2)
	e.setFocus(0)
	return e
}

// editKey takes a key of the editor: moving between fields, the user toggle, the method of an
// ANY API, pretty-printing and clearing, else the focused field's typing.
func (s *requestEditor) editKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.form.NextField):
		s.setFocus((s.focus + 1) % s.fieldCount())
		return nil
	case key.Matches(msg, s.form.PrevField):
		s.setFocus((s.focus + s.fieldCount() - 1) % s.fieldCount())
		return nil
	case key.Matches(msg, s.edit.User):
		s.withUser = !s.withUser
		return nil
	case key.Matches(msg, s.edit.Bearer):
		s.bearer = !s.bearer
		return nil
	case key.Matches(msg, s.edit.Method) && s.anyAPI:
		s.anyIdx = (s.anyIdx + 1) % len(anyMethods)
		s.method = anyMethods[s.anyIdx]
		s.offerSkeleton()
		return nil
	case key.Matches(msg, s.edit.Pretty):
		var out bytes.Buffer
		if err := json.Indent(&out, []byte(s.bodyText()), "", "  "); err != nil {
			s.inputErr = client.CheckJSON([]byte(s.bodyText()))
			return nil
		}
		s.setBody(out.String())
		s.inputErr = nil
		return nil
	case key.Matches(msg, s.edit.Clear):
		n := len(s.inputs)
		switch {
		case s.focus < n:
			s.inputs[s.focus].SetValue("")
		case s.focus == n:
			s.query.Reset()
		case s.focus == n+1:
			s.headers.Reset()
		case s.focus == n+2:
			s.clearBody()
			s.inputErr = nil
		default:
			s.vars.Reset()
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
	case s.focus == n+2:
		cmd = s.bodyKey(msg)
		s.inputErr = nil
	default:
		s.vars, cmd = s.vars.Update(msg)
		s.inputErr = nil
	}
	return cmd
}

// fieldsView is the editor's fields, the focused one marked.
func (s *requestEditor) fieldsView(c *common.Context) string {
	v, _, _ := s.fieldsLayout(c)
	return v
}

// fieldsLayout is fieldsView and the lines the focused field takes in it, first and last, so
// a short screen can keep it in sight.
func (s *requestEditor) fieldsLayout(c *common.Context) (view string, first, last int) {
	var b strings.Builder
	field := func(f int, label, v string) {
		if f == s.focus {
			first = strings.Count(b.String(), "\n")
			last = first + strings.Count(v, "\n")
		}
		b.WriteString(s.label(f, label) + " " + indentAfterFirst(v, 13) + "\n")
	}
	for i, p := range s.params {
		if i < len(s.needed) && s.needed[i] {
			p += "*"
		}
		field(i, p, s.inputs[i].View())
	}
	n := len(s.inputs)
	field(n, c.T("console.query"), s.query.View())
	field(n+1, c.T("console.headers"), s.headers.View())
	field(n+2, c.T("console.body"), s.bodyView(c))
	field(n+3, c.T("console.vars"), s.vars.View())
	auth := c.T("console.auth_app", s.edit.User.Help().Key)
	switch {
	case s.bearer:
		auth = c.T("console.auth_bearer")
	case s.withUser:
		auth = c.T("console.auth_user")
	}
	b.WriteString(s.theme.Subtle.Render(common.FitLabel("  "+c.T("console.auth"), 12)) + " " + auth + "\n")
	return b.String(), first, last
}

// requestKeys are the Request tab's keys, rebindable by their action names in the config file.
type requestKeys struct{ User, Bearer, Clear, Pretty, Editor, Method key.Binding }

func newRequestKeys(l keymap.Keys) requestKeys {
	return requestKeys{
		User:   l.Bind("ctrl+u", "key.toggle_user", "ctrl+u"),
		Bearer: l.Shared().Bearer,
		Clear:  l.Bind("ctrl+x", "key.clear_field", "ctrl+x"),
		Pretty: l.Bind("ctrl+f", "key.pretty", "ctrl+f"),
		Editor: l.Bind("ctrl+e", "key.editor", "ctrl+e"),
		Method: l.Bind("ctrl+o", "key.method", "ctrl+o"),
	}
}

func (k requestKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.User, k.Bearer, k.Clear, k.Pretty, k.Editor, k.Method}
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

// applySchema offers the OpenAPI operation's parameters and starts the body from a skeleton.
func (s *requestEditor) applySchema(schema map[string]any) {
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
				if pn == name { // the label names it: the placeholder says what it is
					s.inputs[i].Placeholder = s.theme.Placeholder(desc)
					if len(s.needed) != len(s.params) {
						s.needed = make([]bool, len(s.params))
					}
					s.needed[i] = req
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
	if rb, ok := schema["requestBody"].(map[string]any); ok && s.bodyText() == "" {
		content, _ := rb["content"].(map[string]any)
		for _, ct := range content {
			if m, ok := ct.(map[string]any); ok {
				if sk := components.Skeleton(m["schema"], 0); sk != nil {
					out, _ := json.MarshalIndent(sk, "", "  ")
					s.skeleton = string(out)
					if !s.anyAPI || takesBody(s.method) {
						s.setBody(s.skeleton)
					}
				}
			}
			break
		}
	}
}

// offerSkeleton gives an ANY API the schema's body when its method carries one and the body is
// empty, and takes it back, untouched, when the method does not (a GET had sent it unasked).
func (s *requestEditor) offerSkeleton() {
	switch body := s.bodyText(); {
	case s.skeleton == "" || s.held != nil:
	case takesBody(s.method) && strings.TrimSpace(body) == "":
		s.setBody(s.skeleton)
	case !takesBody(s.method) && body == s.skeleton:
		s.clearBody()
	}
}

// takesBody: the methods whose requests carry a body as a rule.
func takesBody(method string) bool { return method == "POST" || method == "PUT" || method == "PATCH" }

func (s *requestEditor) label(f int, text string) string {
	t := s.theme
	if s.focus == f {
		return t.Prompt.Render(common.FitLabel("▸ "+text, 12))
	}
	return t.Subtle.Render(common.FitLabel("  "+text, 12))
}

// restore puts a draft back into the fields.
func (s *requestEditor) restore(d consoleDraft) {
	for i := range s.inputs {
		if i < len(d.params) {
			s.inputs[i].SetValue(d.params[i])
		}
	}
	s.query.SetValue(d.query)
	s.headers.SetValue(d.headers)
	s.setBody(d.body)
	s.vars.SetValue(d.vars)
	s.method, s.withUser, s.bearer = d.method, d.withUser, d.bearer
}

func (s *requestEditor) fieldCount() int { return len(s.inputs) + 4 }

// focusAtFault takes the cursor to the field a refusal of the request is about: the first
// empty path parameter, the query, the headers, the body, the variables (one had no value).
func (s *requestEditor) focusAtFault(err error) {
	var in *client.ErrUserInput
	if !errors.As(err, &in) {
		return
	}
	n := len(s.inputs)
	field := map[string]int{"input.bad_kv": n, "input.bad_header": n + 1, "input.bad_json": n + 2, "input.json_bom": n + 2, "console.unresolved": n + 3, "console.unresolved_no_profile": n + 3}
	f, ok := field[in.Key]
	if in.Key == "input.missing_path_param" {
		for i := range s.inputs {
			if ok = s.inputs[i].Value() == ""; ok {
				f = i
				break
			}
		}
	}
	switch {
	case !ok:
	case s.active():
		s.setFocus(f)
	default:
		s.focus = f // another tab is shown: the field is focused when the Request tab is again
	}
}

// active: a field of the editor has the keys (the Request tab is shown).
func (s *requestEditor) active() bool {
	for i := range s.inputs {
		if s.inputs[i].Focused() {
			return true
		}
	}
	return s.query.Focused() || s.headers.Focused() || s.body.Focused() || s.vars.Focused()
}

// setFocus focuses field f; -1 blurs every field (another tab is shown) but remembers the
// field, so coming back to the Request tab focuses it again (s.focus is never out of range).
func (s *requestEditor) setFocus(f int) {
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
	for i, ta := range []*textarea.Model{&s.query, &s.headers, &s.body, &s.vars} {
		if f == n+i {
			ta.Focus()
		} else {
			ta.Blur()
		}
	}
}
