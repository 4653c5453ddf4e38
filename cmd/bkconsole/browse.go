package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/tui/components/markdown"
	"github.com/spf13/cobra"
)

func (a *App) yesNo(v bool) string {
	if v {
		return a.T("yes")
	}
	return a.T("no")
}

func (a *App) via(s client.Surface) {
	a.notice("%s", a.T("cli.via", surfaceName(a, s)))
	if a.planner != nil && !a.toldToken {
		if err := a.planner.TokenRefused(); err != nil {
			a.toldToken = true
			line := a.T("token.refused_fallback", surfaceName(a, s))
			if a.tokenEnv != "" {
				line = a.T("token.refused_fallback_env", surfaceName(a, s), a.tokenEnv)
			}
			if u := loginURLOf(err); u != "" {
				line += " " + a.T("token.login_at", u)
			}
			a.notice("bkconsole: %s", line)
		}
	}
}

// loginURLOf is the login page a 401 names, if any.
func loginURLOf(err error) string { return untrusted.Line(client.LoginURLOf(err)) }

func surfaceName(a *App, s client.Surface) string {
	return a.T("surface." + string(s))
}

// gatewaysOptions are the arguments and flags of
// `bkconsole gateways` (cmdBase: the app it runs in).
type gatewaysOptions struct {
	cmdBase
	query, kind string
	asJSON      bool
}

func (a *App) gatewaysCommand() *cobra.Command {
	o := &gatewaysOptions{}
	c := a.newCommand(o, &cobra.Command{Use: "gateways", Short: "List gateways (name, markers, description)", Args: cobra.NoArgs})
	c.Flags().StringVarP(&o.query, "query", "q", "", "keyword in name or description")
	enumFlag(c, &o.kind, "kind", "", "only gateways of this kind (ai: AI gateways, whose APIs speak Chat Completions)", "normal", "programmable", "ai")
	jsonFlag(c, &o.asJSON, "print JSON with the contract's field names")
	return c
}

func (o *gatewaysOptions) runWith(ctx context.Context, p *client.Planner) error {
	a := o.app
	var via client.Surface
	var err error
	if o.asJSON {
		err := streamJSON(a, func(each func(client.Gateway) error) error {
			via, err = p.EachGateway(ctx, o.query, func(g client.Gateway) error {
				if o.kind != "" && g.KindName() != o.kind {
					return nil
				}
				a.sawGateway(g.Name)
				return each(g)
			})
			return err
		})
		if err == nil {
			a.via(via)
		}
		return err
	}
	var rows [][]string
	via, err = p.EachGateway(ctx, o.query, func(g client.Gateway) error {
		if o.kind != "" && g.KindName() != o.kind {
			return nil
		}
		a.sawGateway(g.Name)
		rows = append(rows, []string{g.Name, a.markers(g), a.cell(g.Description, 70)})
		return nil
	})
	if err != nil {
		return err
	}
	if len(rows) == 0 && o.query == "" && o.kind == "" {
		fmt.Fprintln(a.Stdout, a.T("gateways.empty"))
	} else if len(rows) == 0 {
		fmt.Fprintln(a.Stdout, a.T("gateways.none", o.query))
	} else {
		a.table([]string{a.T("col.name"), a.T("col.markers"), a.T("col.description")}, rows)
	}
	a.via(via)
	return nil
}

func (a *App) markers(g client.Gateway) string {
	m := g.Markers()
	for i, key := range m {
		m[i] = a.T(key)
	}
	return strings.Join(m, ",")
}

func (a *App) gatewayCommand() *cobra.Command {
	return a.jsonCommand(&cobra.Command{Use: "gateway NAME", Short: "Show one gateway: description, maintainers, stages, API URL", Args: cobra.ExactArgs(1)}, (*jsonOptions).gateway)
}

func (o *jsonOptions) gateway(ctx context.Context, p *client.Planner) error {
	a := o.app
	g, via, err := p.Gateway(ctx, o.args[0])
	if err != nil {
		return err
	}
	stages, stVia, serr := p.Stages(ctx, o.args[0])
	a.sawGateway(g.Name)
	var stageNames []string
	for _, s := range stages {
		stageNames = append(stageNames, s.Name)
	}
	if len(stageNames) > 0 {
		a.sawStages(g.Name, stageNames)
	}
	if o.asJSON {
		return a.writeJSON(map[string]any{"gateway": g, "stages": stages, "stages_via": stVia})
	}
	untrusted.Strings(&g)
	// A gateway without markers has no space after its name (a line a script compares).
	fmt.Fprintf(a.Stdout, "%s\n%s\n\n", strings.TrimRight(g.Name+"  "+a.markers(g), " "), g.Description)
	rows := [][]string{
		{a.T("field.maintainers"), strings.Join(g.Maintainers, ", ")},
		{a.T("field.doc_maintainers"), strings.Join(g.DocMaintainers.Contacts, ", ")},
		{a.T(stagesField(stVia)), strings.Join(stageNames, ", ")},
		{a.T("field.api_url"), g.APIURL},
	}
	if g.IsDeprecated {
		rows = append(rows, []string{a.T("field.deprecated"), g.DeprecatedNote})
	}
	printTable(a.Stdout, []string{"", ""}, rows)
	if serr != nil {
		a.notice("%s", a.describeError(serr))
	}
	a.via(via)
	return nil
}

// stagesField names the stages' row: the profile's list is not the gateway's own, and may
// lack some of its stages.
func stagesField(via client.Surface) string {
	if via == client.SurfaceProfile {
		return "field.stages_profile"
	}
	return "field.stages"
}

// checkStage refuses a stage name the gateway could not have (a usage error); empty is the
// profile's first stage.
func (a *App) checkStage(stage string) error {
	if stage != "" && !client.ValidStage(stage) {
		return usageErr("%s", a.T("input.bad_stage", stage))
	}
	return nil
}

// apisOptions are the arguments and flags of `bkconsole apis` (cmdBase: the app it runs in).
type apisOptions struct {
	cmdBase
	stage  string
	query  string
	asJSON bool
}

func (a *App) apisCommand() *cobra.Command {
	o := &apisOptions{}
	c := a.newCommand(o, &cobra.Command{Use: "apis GATEWAY", Short: "List a gateway's APIs with method, path and verification flags", Args: cobra.ExactArgs(1)})
	c.Flags().StringVarP(&o.stage, "stage", "s", "", "stage (default: the profile's first, prod)")
	c.Flags().StringVarP(&o.query, "query", "q", "", "keyword in name, path or description")
	jsonFlag(c, &o.asJSON)
	return c
}

func (o *apisOptions) validate() error { return o.app.checkStage(o.stage) }

func (o *apisOptions) runWith(ctx context.Context, p *client.Planner) error {
	a := o.app
	if o.stage == "" {
		o.stage = p.Cfg.StageList()[0]
	}
	var via client.Surface
	var err error
	if o.asJSON {
		err := streamJSON(a, func(each func(client.Resource) error) error {
			via, err = p.EachResource(ctx, o.args[0], o.stage, func(r client.Resource) error {
				a.sawAPI(o.args[0], r.Name)
				if !r.Matches(o.query) {
					return nil
				}
				return each(r)
			})
			return err
		})
		if err == nil {
			a.via(via)
		}
		return err
	}
	var rows [][]string
	yes, no := a.yesNo(true), a.yesNo(false)
	yn := func(b bool) string {
		if b {
			return yes
		}
		return no
	}
	via, err = p.EachResource(ctx, o.args[0], o.stage, func(r client.Resource) error {
		a.sawAPI(o.args[0], r.Name)
		if !r.Matches(o.query) {
			return nil
		}
		tokens := r.TokenKinds()
		if r.IsAI() {
			tokens = append([]string{"ai"}, tokens...)
		}
		rows = append(rows, []string{r.Method, r.Path, r.Name, yn(r.VerifiedUserRequired),
			yn(r.VerifiedAppRequired), yn(r.ResourcePermRequired), strings.Join(tokens, ","), strings.Join(r.LabelNames(), ","), a.cell(r.Description, 40)})
		return nil
	})
	if err != nil {
		return err
	}
	if len(rows) == 0 && o.query != "" {
		fmt.Fprintln(a.Stdout, a.T("apis.none_match", o.args[0], o.stage, o.query))
	} else if len(rows) == 0 {
		fmt.Fprintln(a.Stdout, a.T("apis.none", o.args[0], o.stage))
	} else {
		a.table([]string{a.T("col.method"), a.T("col.path"), a.T("col.name"), a.T("col.user"), a.T("col.app"),
			a.T("col.perm"), a.T("col.accepts"), a.T("col.labels"), a.T("col.description")}, rows, 1, 2) // the path and the name whole
	}
	a.via(via)
	return nil
}

// findResource resolves an API of gateway's stage by name or by "METHOD /path" or path; a
// name that is none offers the names most like it.
func findResource(rs []client.Resource, gateway, stage, key string) (client.Resource, error) {
	names := make([]string, len(rs))
	for i, r := range rs {
		if r.Name == key || r.Path == key || r.Method+" "+r.Path == key {
			return r, nil
		}
		names[i] = r.Name
	}
	return client.Resource{}, withNearest(&client.ErrNotFound{What: "api", Name: key, Gateway: gateway, Stage: stage}, key, names)
}

// docOptions are the arguments and flags of `bkconsole doc` (cmdBase: the app it runs in).
type docOptions struct {
	cmdBase
	stage  string
	asJSON bool
}

func (a *App) docCommand() *cobra.Command {
	o := &docOptions{}
	c := a.newCommand(o, &cobra.Command{Use: "doc GATEWAY API", Short: "Print an API's markdown doc (rendered on a terminal, raw when piped)", Args: cobra.ExactArgs(2)})
	c.Flags().StringVarP(&o.stage, "stage", "s", "", "stage (default prod)")
	// This --lang shadows the global one and sets the same value: whoever gives it reads the
	// messages in it too, a mistake in the command line included.
	enumFlag(c, &a.lang, "lang", "", "the doc's language, and the messages' (default: the UI language)", docLangs...)
	jsonFlag(c, &o.asJSON)
	return c
}

func (o *docOptions) validate() error { return o.app.checkStage(o.stage) }

func (o *docOptions) runWith(ctx context.Context, p *client.Planner) error {
	a := o.app
	if o.stage == "" {
		o.stage = p.Cfg.StageList()[0]
	}
	names, err := a.apisNamed(ctx, p, o.args[0], o.stage, o.args[1:])
	if err != nil {
		return err
	}
	d, via, err := p.Doc(ctx, o.args[0], names[0], o.stage, string(a.L()))
	if err != nil {
		return err
	}
	if o.asJSON {
		return a.writeJSON(d)
	}
	out := untrusted.Text(d.Content)
	if isTerminal(a.Stdout) {
		out = markdown.RenderForCopy(out, termWidth(a.Stdout)-4, a.theme()) // the TUI's theme; examples copy whole
	}
	fmt.Fprint(a.Stdout, out)
	if !strings.HasSuffix(out, "\n") {
		fmt.Fprintln(a.Stdout)
	}
	a.via(via)
	return nil
}

// sdksOptions are the arguments and flags of `bkconsole sdks` (cmdBase: the app it runs in).
type sdksOptions struct {
	cmdBase
	language string
	asJSON   bool
}

func (a *App) sdksCommand() *cobra.Command {
	o := &sdksOptions{}
	c := a.newCommand(o, &cobra.Command{Use: "sdks GATEWAY", Short: "List a gateway's SDKs per stage (needs a login)", Args: cobra.ExactArgs(1)})
	enumFlag(c, &o.language, "language", "python", "SDK language", client.SDKLanguages...)
	jsonFlag(c, &o.asJSON)
	return c
}

func (o *sdksOptions) runWith(ctx context.Context, p *client.Planner) error {
	a := o.app
	sdks, via, err := p.SDKs(ctx, o.args[0], o.language)
	var un *client.ErrUnavailable
	if errors.As(err, &un) {
		// Not a failure: the profile simply cannot reach the Help Center. Say what unlocks it.
		if o.asJSON {
			return a.writeJSON(map[string]any{"available": false, "needs": un.Needs, "ways": un.Unlock()})
		}
		fmt.Fprintln(a.Stdout, a.T("sdks.need_login", a.unlockText(un.Unlock())))
		return nil
	}
	if err != nil {
		return err
	}
	return printList(a, o.asJSON, via, sdks, []string{"stage", "sdk", "version", "install"}, a.T("sdks.none", o.args[0]), func(s client.StageSDK) []string {
		if s.SDK == nil {
			return []string{s.Stage.Name, a.T("cli.no_sdk"), "", ""}
		}
		return []string{s.Stage.Name, s.SDK.Name, s.SDK.Version, s.SDK.InstallCommand}
	}, 3) // the install command whole: it is copied (it was cut to "pip install bkapi-demo-…")
}
