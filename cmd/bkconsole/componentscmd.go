package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/snippet"
	"github.com/spf13/cobra"
)

// componentsCommand is `bkconsole components …`: the ESB component APIs, the Developer Center's
// second permission tab.
func (a *App) componentsCommand() *cobra.Command {
	c := &cobra.Command{Use: "components", Short: "Component APIs (ESB): systems, permissions, applications, calls", Args: cobra.NoArgs}
	c.AddCommand(a.compSystemsCommand(), a.compListCommand(), a.compApplyCommand(), a.compRenewCommand(), a.compRecordsCommand(),
		a.compCallCommand(), a.compSnippetCommand())
	return c
}

func (a *App) compSystemsCommand() *cobra.Command {
	return a.jsonCommand(&cobra.Command{Use: "systems", Short: "The systems whose components can be applied for", Args: cobra.NoArgs}, (*jsonOptions).compSystems)
}

func (o *jsonOptions) compSystems(ctx context.Context, p *client.Planner) error {
	a := o.app
	ss, via, err := p.Systems(ctx)
	if err != nil {
		return err
	}
	for _, s := range ss {
		a.sawComponent(s.Name, "")
	}
	return printList(a, o.asJSON, via, ss, []string{"name", "description", "maintainers", "tag"}, a.T("components.systems_empty"), func(s client.ESBSystem) []string {
		return []string{s.Name, a.cell(s.Describe(a.L() == i18n.English), 50), strings.Join(s.Maintainers, ", "), s.Tag}
	})
}

// components resolves a system named on the command line and lists its components.
func (a *App) components(cmd *cobra.Command, p *client.Planner, system string) (client.ESBSystem, []client.Component, client.Surface, error) {
	ctx, cancel := commandContext(cmd)
	defer cancel()
	sys, via, err := p.FindSystem(ctx, system)
	if err != nil {
		return sys, nil, via, err
	}
	comps, via, err := p.Components(ctx, sys.ID)
	for _, c := range comps {
		a.sawComponent(sys.Name, c.Name)
	}
	return sys, comps, via, err
}

// compListOptions are the arguments and flags of
// `bkconsole components list` (cmdBase: the app it runs in).
type compListOptions struct {
	cmdBase
	status string
	asJSON bool
}

func (a *App) compListCommand() *cobra.Command {
	o := &compListOptions{}
	c := a.newCommand(o, &cobra.Command{Use: "list SYSTEM", Short: "A system's components with this app's permission, level, expiry and action", Args: cobra.ExactArgs(1)})
	enumFlag(c, &o.status, "status", "", "only this status", permStatuses...)
	jsonFlag(c, &o.asJSON)
	return c
}

// empty is what stands for no component: none in the system, or none with the status asked.
func (o *compListOptions) empty(a *App) string {
	if o.status != "" {
		return a.T("components.none_match", o.args[0])
	}
	return a.T("components.none", o.args[0])
}

func (o *compListOptions) run(cmd *cobra.Command) error {
	a := o.app
	p, err := a.Planner()
	if err != nil {
		return err
	}
	_, comps, via, err := a.components(cmd, p, o.args[0])
	if err != nil {
		return err
	}
	out := []client.Component{}
	for _, c := range comps {
		if o.status == "" || c.PermissionStatus == o.status {
			out = append(out, c)
		}
	}
	return printList(a, o.asJSON, via, out, []string{"name", "status", "level", "expires", "action", "description"}, o.empty(a), func(c client.Component) []string {
		return []string{c.Name, i18n.Status(a.L(), c.PermissionStatus), i18n.Level(a.L(), c.PermissionLevel),
			a.expiryCell(c.Expiry()), c.ActionText(a.L()), a.cell(c.Describe(a.L() == i18n.English), 40)}
	}, 1) // the status whole ("not a…" at 60 columns): the description goes first
}

// componentAction offers what the page offers: apply, renew, or both on an expired row.
// pickComponents is what an application and a renewal of components start with: the planner,
// the system named first, and its components named after it (names or ids), each of which
// refused must pass (it words why not).
func (o *writeOptions) pickComponents(cmd *cobra.Command, refused func(name string, c client.Component) error) (*client.Planner, client.ESBSystem, []client.Component, error) {
	a := o.app
	p, err := a.Planner()
	if err != nil {
		return nil, client.ESBSystem{}, nil, err
	}
	sys, comps, _, err := a.components(cmd, p, o.args[0])
	if err != nil {
		return nil, sys, nil, err
	}
	picked, err := pickNamed(comps, o.args[1:], func(c client.Component) (string, int) { return c.Name, c.ID }, func(n string, hit *client.Component) error {
		if hit == nil {
			return &client.ErrNotFound{What: "component", Name: n, Gateway: sys.Name}
		}
		return refused(n, *hit)
	})
	return p, sys, picked, err
}

func (a *App) compApplyCommand() *cobra.Command {
	return a.writeCommand(kindCommands[client.KindComponent].apply, "Apply for components of a system", 2, true, true, (*writeOptions).compApply)
}

func (o *writeOptions) compApply(cmd *cobra.Command) error {
	a := o.app
	if err := a.checkApplication(client.KindComponent, o.writeFlags, len(o.args)-1); err != nil {
		return err
	}
	p, sys, picked, err := o.pickComponents(cmd, func(n string, c client.Component) error {
		if !c.Applicable() {
			return a.notApplicable(n, c.Grant)
		}
		return nil
	})
	if err != nil {
		return err
	}
	var ids []int
	sent := client.Sent{Kind: client.KindComponent, Target: sys.Name, Reason: o.reason}
	for _, c := range picked {
		ids, sent.Items = append(ids, c.ID), append(sent.Items, c.Name)
	}
	ctx, cancel := commandContext(cmd)
	defer cancel()
	var res client.ApplyResult
	via, handled, err := a.sendApplication(ctx, p, o.writeFlags, &sent, func() (via client.Surface, err error) {
		res, via, err = p.ComponentApply(ctx, client.ComponentApplyRequest{SystemID: sys.ID, ComponentIDs: ids, Reason: o.reason, ExpireDays: o.days})
		return via, err
	})
	if handled {
		return err
	}
	records := []int{res.RecordID}
	return a.reportApplication(o.writeFlags, sent.Kind, via, res, records, []string{a.T("apply.done", i18n.Records(a.L(), []int{res.RecordID}))},
		func() error { return a.awaitDecision(ctx, p, o.writeFlags, sent.Kind, records) })
}

func (a *App) compRenewCommand() *cobra.Command {
	return a.writeCommand("renew SYSTEM COMPONENT...", "Renew owned or expired component permissions: new expiry = max(old, now) + days", 2, false, true, (*writeOptions).compRenew)
}

func (o *writeOptions) compRenew(cmd *cobra.Command) error {
	a := o.app
	if !client.ValidExpireDays(o.days) {
		return usageErr("%s", a.T("input.bad_days", o.days))
	}
	p, sys, picked, err := o.pickComponents(cmd, func(n string, c client.Component) error {
		return a.renewable(n, c.Grant)
	})
	if err != nil {
		return err
	}
	var ids []int
	var items []renewing
	for _, c := range picked {
		ids, items = append(ids, c.ID), append(items, renewing{c.ID, c.Name, c.ExpiresIn, c.Expiry()})
	}
	if err := client.CheckRenewal(ids, o.days); err != nil {
		return a.usageOf(err)
	}
	ctx, cancel := commandContext(cmd)
	defer cancel()
	return a.sendRenewal(p, o.writeFlags, client.KindComponent, sys.Name, sys.ID, ids, items, func() (client.Surface, error) { return p.ComponentRenew(ctx, ids, o.days) })
}

func (a *App) compRecordsCommand() *cobra.Command {
	return recordsCommand(a, recordKind[client.ComponentRecord, client.ComponentRecordDetail]{
		kind:  client.KindComponent,
		short: "Your component applications (newest first), or one with its components' results; --wait blocks until it is decided",
		list:  (*client.Planner).ComponentRecords,
		one:   (*client.Planner).ComponentRecord,
		more: func(a *App, r client.ComponentRecordDetail) (string, [][]string, [][]string) {
			var results [][]string
			for _, c := range r.Components {
				results = append(results, []string{c.Name, i18n.RecordStatus(a.L(), c.ApplyStatus), a.cell(client.Described(c.Description, c.DescriptionEn, a.L() == i18n.English), 40)})
			}
			return "", nil, results
		},
	})
}

// compCallOptions are the arguments and flags of
// `bkconsole components call` (cmdBase: the app it runs in).
type compCallOptions struct {
	cmdBase
	rf     componentRequestFlags
	asJSON bool
	dryRun bool
}

// componentRequestFlags are the flags `components call` and `components snippet` share: the
// snippet sends what the call would.
type componentRequestFlags struct {
	body, method   string
	query, headers []string
	user           bool
}

func (f *componentRequestFlags) add(c *cobra.Command) {
	c.Flags().StringVarP(&f.body, "data", "d", "", "JSON body, or @file, or @- for stdin")
	c.Flags().StringVarP(&f.method, "method", "X", "", "method (default POST with a body, else GET)")
	c.Flags().StringArrayVarP(&f.query, "query", "q", nil, "query parameter k=v (repeatable)")
	c.Flags().StringArrayVarP(&f.headers, "header", "H", nil, "header 'K: V' (repeatable)")
	c.Flags().BoolVar(&f.user, "user", false, "authenticate the user too (bk_token)")
}

// request is the call of component args[1] of system args[0] the flags describe; a body that is
// not JSON is refused before anything is sent.
func (f *componentRequestFlags) request(ctx context.Context, a *App, args []string) (client.ComponentCall, error) {
	b, err := a.readBody(ctx, f.body)
	if err != nil {
		return client.ComponentCall{}, err
	}
	if len(bytes.TrimSpace(b)) > 0 {
		if err := client.CheckJSON(b); err != nil {
			return client.ComponentCall{}, err
		}
	}
	r := client.ComponentCall{System: args[0], Component: args[1], Method: f.method, Body: b, WithUser: f.user}
	for _, q := range f.query {
		kv, err := splitKV(q, "=", "input.bad_kv")
		if err != nil {
			return client.ComponentCall{}, a.inFlag("--query", err)
		}
		r.Query = append(r.Query, kv)
	}
	for _, h := range f.headers {
		kv, err := splitKV(h, ":", "input.bad_header")
		if err != nil {
			return client.ComponentCall{}, a.inFlag("--header", err)
		}
		r.Headers = append(r.Headers, kv)
	}
	return r, nil
}

func (a *App) compCallCommand() *cobra.Command {
	o := &compCallOptions{}
	c := a.newCommand(o, &cobra.Command{Use: "call SYSTEM COMPONENT", Short: "Call a component through ESB; the envelope's result decides success (the status is always 200)", Args: cobra.ExactArgs(2), Annotations: map[string]string{jqOnBody: "yes"}})
	o.rf.add(c)
	jsonFlag(c, &o.asJSON, "print status and body as JSON")
	dryRunFlag(c, &o.dryRun)
	return c
}

func (o *compCallOptions) runWith(ctx context.Context, p *client.Planner) error {
	a := o.app
	r, err := o.rf.request(ctx, a, o.args)
	if err != nil {
		return err
	}
	if o.dryRun {
		a.tap.StopAll()
	}
	resp, _, err := p.CallComponent(ctx, r)
	if errors.Is(err, client.ErrDryRun) {
		return a.printDryRun(err, "", o.asJSON)
	}
	if resp == nil {
		return err
	}
	// History keeps component calls as it keeps gateway calls (the TUI reopens them).
	_ = a.historyStore().Add(history.FromCall(r.Request(), r.Component, "", resp, time.Now()))
	// As `call` does: the body, the status line and request id, exit 1 on any failure.
	var ee *client.ESBError
	if perr := a.printResponse(resp, err, o.asJSON); perr != nil || err != nil && !errors.As(err, &ee) {
		return firstErr(perr, err)
	}
	if ee != nil {
		if ee.Hint().Fix == client.FixApply {
			return fixCommand{err, "call.apply_cmd", fmt.Sprintf("bkconsole components apply %s %s --reason '…'", o.args[0], o.args[1])}
		}
		return err
	}
	return callExit(resp) // a 3xx not followed, a 4xx or 5xx (a 400 with result false included)
}

// compSnippetOptions are the arguments and flags of
// `bkconsole components snippet` (cmdBase: the app it runs in).
type compSnippetOptions struct {
	cmdBase
	rf componentRequestFlags
	sf snippetFlags
}

func (a *App) compSnippetCommand() *cobra.Command {
	o := &compSnippetOptions{}
	c := a.newCommand(o, &cobra.Command{Use: "snippet SYSTEM COMPONENT", Short: "A curl, Python, HTTPie, Go or JavaScript program that calls the component the same way", Args: cobra.ExactArgs(2)})
	o.rf.add(c)
	o.sf.add(c, "the snippet's language", httpSnippets)
	return c
}

func (o *compSnippetOptions) runWith(ctx context.Context, p *client.Planner) error {
	a := o.app
	r, err := o.rf.request(ctx, a, o.args)
	if err != nil {
		return err
	}
	prep, err := p.Cfg.PrepareComponent(r)
	if err != nil {
		return err
	}
	out, err := snippet.Generate(snippet.Lang(o.sf.lang), prep, snippet.Mode(o.sf.mode), snippet.SDKCall{})
	if err != nil {
		return err
	}
	a.printSnippet(out, o.sf.mode)
	return nil
}
