package console

import (
	"errors"
	"os"
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/collection"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/charmbracelet/x/ansi"
)

// fromConsole is the source of a value typed in the console's Variables field.
const fromConsole = collection.FromFlag

// consoleVars reads the Variables field: name=value lines; a bad line is an input error on it.
func (s *requestEditor) consoleVars() (map[string]string, error) {
	kvs, err := parseLines(s.vars.Value(), "=", "input.bad_var")
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, kv := range kvs {
		name := strings.TrimSpace(kv.Key)
		if !collection.VarNameRe().MatchString(name) {
			return nil, &client.ErrUserInput{Key: "vars.bad_name", Args: []any{name}}
		}
		out[name] = kv.Value
	}
	return out, nil
}

// resolver finds {{variables}} as the command line does: this console's, then the profile's,
// then BKCONSOLE_VAR_name.
func (s *ConsoleScreen) resolver() (collection.Resolver, error) {
	own, err := s.consoleVars()
	return collection.Resolver{Flags: own, Profile: s.Ctx.Profile.Vars, Env: os.Getenv}, err
}

// sendable is the request as it will be sent: the editor's, its variables resolved. One without
// a value is an input error naming it, and nothing is sent.
func (s *ConsoleScreen) sendable() (client.CallRequest, error) {
	r, err := s.request()
	if err != nil {
		return r, err
	}
	return s.expand(r)
}

// keepsVars says whether a profile keeps variables here: the sandbox and a run on the
// environment alone keep none, and bkconsole vars set refuses there, so no text offers it.
func keepsVars(c *common.Context) bool { return !c.Profile.Sandbox && c.Profile.Name != "" }

// expand resolves r's variables; one without a value is an input error naming it.
func (s *ConsoleScreen) expand(r client.CallRequest) (client.CallRequest, error) {
	res, err := s.resolver()
	if err != nil {
		return r, err
	}
	x, err := collection.ExpandCall(r, s.res.Name, res)
	var ue *collection.UnresolvedError
	if errors.As(err, &ue) {
		n, key := ue.Names[0], "console.unresolved"
		if !keepsVars(s.Ctx) {
			key = "console.unresolved_no_profile"
		}
		return r, &client.ErrUserInput{Key: key, Args: []any{strings.Join(ue.Names, ", "), n, n}}
	}
	return x, err
}

// varsView is one line: each variable the request uses, its value and where it came from.
func (s *ConsoleScreen) varsView() string {
	c, t := s.Ctx, s.Ctx.Theme
	r, err := s.fields(true) // drawn every frame: the body's JSON is checked when it is sent
	if err != nil {
		return ""
	}
	res, _ := s.resolver()
	vs := collection.ResolveAll(r, res)
	if len(vs) == 0 {
		return ""
	}
	parts := make([]string, 0, len(vs))
	for _, v := range vs {
		if !v.Found {
			parts = append(parts, t.Error.Render(c.T("console.var_missing", v.Name)))
			continue
		}
		src := c.T("vars.source." + v.Source)
		if v.Source == fromConsole {
			src = c.T("console.var_here")
		}
		val := untrusted.Line(v.Value)
		if collection.SecretName(v.Name) {
			val = "••••"
		}
		parts = append(parts, v.Name+" = "+val+t.Subtle.Render(i18n.Aside(c.Lang, src)))
	}
	return ansi.Truncate("  {{ }} "+strings.Join(parts, t.Subtle.Render(" · ")), s.Width, "…") + "\n"
}
