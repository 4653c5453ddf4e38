package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/spf13/cobra"
)

// expiryText says when a permission ends, in days.
func (a *App) expiryText(e client.Expiry) string { return i18n.ExpiryText(a.L(), e) }

// expiryCell is expiryText in a column headed "Expires".
func (a *App) expiryCell(e client.Expiry) string { return i18n.ExpiryCell(a.L(), e) }

var permStatuses = []string{client.StatusUnlimited, client.StatusOwned, client.StatusExpired, client.StatusNeedApply, client.StatusPending, client.StatusRejected}

// printPerms prints a gateway's permissions, or with held, the app's permissions of every kind
// (the kind, where both are listed, and its gateway or system first).
func (a *App) printPerms(ps []client.HeldPermission, held bool) {
	apis := slices.ContainsFunc(ps, func(p client.HeldPermission) bool { return p.Kind != client.KindComponent })
	comps := slices.ContainsFunc(ps, func(p client.HeldPermission) bool { return p.Kind == client.KindComponent })
	rows := make([][]string, 0, len(ps))
	for _, p := range ps {
		r := []string{p.Name, i18n.Status(a.L(), p.PermissionStatus), i18n.Level(a.L(), p.PermissionLevel), a.expiryCell(p.Expiry()), p.ActionText(a.L())}
		switch {
		case held && apis && comps:
			r = append([]string{a.T("kind." + string(p.Kind)), p.Where()}, r...)
		case held:
			r = append([]string{p.Where()}, r...)
		}
		rows = append(rows, r)
	}
	hdr := []string{a.T("col.name"), a.T("col.status"), a.T("col.level"), a.T("col.expires"), a.T("col.action")}
	whole := []int{0} // the name: what renew and apply take
	// Where all are of one kind, its column says which (a KIND column of one word, and the
	// title "GATEWAY / SYSTEM", were what cut the names at 80 columns).
	switch {
	case held && apis && comps:
		hdr = append([]string{a.T("col.kind"), a.T("col.gateway_system")}, hdr...)
		whole = []int{1, 2}
	case held && comps:
		hdr, whole = append([]string{a.T("col.system")}, hdr...), []int{0, 1}
	case held:
		hdr, whole = append([]string{a.T("col.gateway")}, hdr...), []int{0, 1}
	}
	a.table(hdr, rows, whole...)
}

// permsOptions are the arguments and flags of `bkconsole perms` (cmdBase: the app it runs in).
type permsOptions struct {
	cmdBase
	status string
	all    bool
	asJSON bool
	within int
	kind   string // --kind with --all: api or component
}

func (a *App) permsCommand() *cobra.Command {
	o := &permsOptions{}
	c := a.newCommand(o, &cobra.Command{Use: "perms [GATEWAY]", Short: "Permission status of a gateway's APIs, or of all your permissions (--all)", Args: cobra.MaximumNArgs(1)})
	enumFlag(c, &o.status, "status", "", "only this status", permStatuses...)
	c.Flags().BoolVar(&o.all, "all", false, "all the app's permissions: gateway APIs and components")
	c.Flags().IntVar(&o.within, "expiring-within", 0, "only permissions expiring within DAYS")
	enumFlag(c, &o.kind, "kind", "", "with --all: only this kind", string(client.KindAPI), string(client.KindComponent))
	jsonFlag(c, &o.asJSON)
	return c
}

func (o *permsOptions) validate() error {
	if o.all == (len(o.args) == 1) || o.kind != "" && !o.all {
		return usageErr("%s", o.app.T("perm.usage"))
	}
	return nil
}

func (o *permsOptions) runWith(ctx context.Context, p *client.Planner) error {
	a := o.app
	var ps []client.HeldPermission
	var via client.Surface
	var err error
	if o.all {
		ps, via, err = p.HeldPermissions(ctx)
	} else {
		var rs []client.ResourcePermission
		rs, via, err = p.PermissionStatus(ctx, o.args[0])
		for _, r := range rs {
			ps = append(ps, client.HeldPermission{Kind: client.KindAPI, ResourcePermission: r})
		}
	}
	var unread *client.ComponentsUnreadError
	if err != nil && !errors.As(err, &unread) {
		return err
	}
	for _, x := range ps {
		switch {
		case x.Kind == client.KindComponent:
			a.sawComponent(x.SystemName, x.Name)
		case x.GatewayName != "":
			a.sawAPI(x.GatewayName, x.Name)
		case !o.all:
			a.sawAPI(o.args[0], x.Name)
		}
	}
	out := o.matching(ps)
	if err := o.print(out); err != nil {
		return err
	}
	if !o.all {
		whole := fmt.Sprintf("bkconsole apply %s --whole-gateway --reason '…'", o.args[0])
		switch aa, _, err := p.AllowApplyByGateway(ctx, o.args[0]); {
		case err != nil: // the gateway decides when an application comes
			a.notice("%s", a.T("perm.whole_unknown", whole, a.describeCause(err)))
		case aa.AllowApplyByGateway:
			a.notice("%s", a.T("perm.whole_gateway_ok", whole))
		default:
			a.notice("%s", a.T("perm.whole_gateway_no", untrusted.Line(aa.Reason)))
		}
	}
	a.via(via)
	if unread != nil {
		return unread // the gateway APIs' are above: the error says what is missing, and why
	}
	return nil
}

// matching are the permissions --status and --expiring-within keep.
func (o *permsOptions) matching(ps []client.HeldPermission) []client.HeldPermission {
	out := []client.HeldPermission{}
	for _, x := range ps {
		if o.status != "" && x.PermissionStatus != o.status || o.kind != "" && string(x.Kind) != o.kind {
			continue
		}
		if o.within > 0 && (x.ExpiresIn == nil || *x.ExpiresIn <= 0 || *x.ExpiresIn > client.Seconds(o.within)*86400) {
			continue
		}
		out = append(out, x)
	}
	return out
}

// print prints the permissions kept: a gateway's as the contract sends them (--json), the app's
// with their kind.
func (o *permsOptions) print(out []client.HeldPermission) error {
	a := o.app
	if o.asJSON && o.all {
		return a.writeJSON(out)
	}
	if o.asJSON {
		rs := make([]client.ResourcePermission, 0, len(out))
		for _, x := range out {
			rs = append(rs, x.ResourcePermission)
		}
		return a.writeJSON(rs)
	}
	switch {
	case len(out) == 0 && (o.status != "" || o.within > 0):
		fmt.Fprintln(a.Stdout, a.T("perms.none_match"))
	case len(out) == 0 && o.all:
		fmt.Fprintln(a.Stdout, a.T("perms.none_all"))
	case len(out) == 0:
		fmt.Fprintln(a.Stdout, a.T("perms.none", o.args[0]))
	default:
		a.printPerms(out, o.all)
	}
	return nil
}

// resolveAPIs maps API names (or ids) to the gateway's permission rows, or its resources
// when status is not available (the open API applies by name); an API an application cannot
// help (Grant.Applicable) is refused before anything is sent.
func (a *App) resolveAPIs(ctx context.Context, p *client.Planner, gateway string, names []string) ([]int, []string, error) {
	var ids []int
	names, err := a.apisNamed(ctx, p, gateway, p.Cfg.StageList()[0], names)
	if err != nil {
		return nil, nil, err
	}
	ps, _, err := p.PermissionStatus(ctx, gateway)
	var un *client.ErrUnavailable
	if errors.As(err, &un) {
		rs, _, rerr := p.Resources(ctx, gateway, p.Cfg.StageList()[0])
		if rerr != nil {
			return nil, nil, rerr
		}
		for _, r := range rs {
			ps = append(ps, client.ResourcePermission{ID: r.ID, Name: r.Name})
		}
	} else if err != nil {
		return nil, nil, err
	}
	for _, x := range ps {
		a.sawAPI(gateway, x.Name)
	}
	picked, err := pickNamed(ps, names, func(x client.ResourcePermission) (string, int) { return x.Name, x.ID }, func(n string, hit *client.ResourcePermission) error {
		if hit == nil {
			return &client.ErrNotFound{What: "perm", Name: n, Gateway: gateway}
		}
		if !hit.Applicable() {
			return a.notApplicable(n, hit.Grant)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	var resolved []string // the APIs' own names, whether named or numbered on the command line
	for _, x := range picked {
		ids, resolved = append(ids, x.ID), append(resolved, x.Name)
	}
	return ids, resolved, nil
}

// notApplicable is the usage error of an application Grant.Applicable refuses, for every kind:
// what the permission is, and what to do instead (client.NotApplicableKey).
func (a *App) notApplicable(name string, g client.Grant) error {
	return usageErr("%s", a.T(client.NotApplicableKey(g.PermissionStatus, g.ExpiresIn != nil), name, i18n.Status(a.L(), g.PermissionStatus)))
}

// applyOptions are the arguments and flags of `bkconsole apply` (cmdBase: the app it runs in).
type applyOptions struct {
	cmdBase
	writeFlags
	whole bool
}

func (a *App) applyCommand() *cobra.Command {
	o := &applyOptions{}
	c := a.newCommand(o, &cobra.Command{Use: kindCommands[client.KindAPI].apply, Short: "Apply for permission to APIs of a gateway (or the whole gateway)", Args: cobra.MinimumNArgs(1)})
	addWriteFlags(c, &o.writeFlags, true, true)
	c.Flags().BoolVar(&o.whole, "whole-gateway", false, "apply for every API of the gateway")
	return c
}

func (o *applyOptions) validate() error {
	if o.whole == (len(o.args) > 1) {
		return usageErr("%s", o.app.T("perm.apply_usage"))
	}
	return o.app.checkApplication(o.kind(), o.writeFlags, max(1, len(o.args)-1))
}

// kind is what the application asks for: APIs, or the whole gateway.
func (o *applyOptions) kind() client.Kind {
	if o.whole {
		return client.KindGateway
	}
	return client.KindAPI
}

func (o *applyOptions) runWith(ctx context.Context, p *client.Planner) error {
	a := o.app
	var err error
	req := client.ApplyRequest{Gateway: o.args[0], Reason: o.reason, ExpireDays: o.days, WholeGateway: o.whole}
	if o.whole {
		// Ask first: a refused whole-gateway application comes back from the Developer
		// Center as an error page, without its reason.
		if allow, _, err := p.AllowApplyByGateway(ctx, o.args[0]); err == nil && !allow.AllowApplyByGateway {
			return fmt.Errorf("%s", a.T("perm.whole_gateway_no", untrusted.Line(allow.Reason)))
		}
	}
	if !o.whole {
		req.ResourceIDs, req.ResourceNames, err = a.resolveAPIs(ctx, p, o.args[0], o.args[1:])
		if err != nil {
			return a.asSystem(err, "apply", o.args, " --reason '…'")
		}
	}
	var res client.ApplyResult
	sent := client.Sent{Kind: o.kind(), Target: o.args[0], Items: req.ResourceNames, Reason: o.reason}
	via, handled, err := a.sendApplication(ctx, p, o.writeFlags, &sent, func() (via client.Surface, err error) {
		res, via, err = p.Apply(ctx, req)
		return via, err
	})
	if handled {
		return err
	}
	if res.RecordID > 0 {
		a.sawRecords([]client.Record{{Application: client.Application{ID: res.RecordID, ApplyStatus: client.RecordPending}, GatewayName: o.args[0]}})
	}
	lines := []string{a.T("apply.done", i18n.Records(a.L(), []int{res.RecordID}))}
	if res.ITSMTicketURL != "" {
		lines = append(lines, a.T("apply.ticket", untrusted.Line(res.ITSMTicketURL)))
	}
	ids := []int{res.RecordID}
	return a.reportApplication(o.writeFlags, sent.Kind, via, res, ids, lines, func() error { return a.awaitDecision(ctx, p, o.writeFlags, sent.Kind, ids) })
}

func (a *App) renewCommand() *cobra.Command {
	return a.writeCommand("renew GATEWAY API...", "Renew owned permissions: new expiry = max(old expiry, now) + days", 2, false, true, (*writeOptions).renew)
}

func (o *writeOptions) renew(cmd *cobra.Command) error {
	a := o.app
	ctx, cancel := commandContext(cmd)
	defer cancel()
	if !client.ValidExpireDays(o.days) {
		return usageErr("%s", a.T("input.bad_days", o.days))
	}
	p, err := a.Planner()
	if err != nil {
		return err
	}
	ps, _, err := p.PermissionStatus(ctx, o.args[0])
	if err != nil {
		return a.asSystem(err, "renew", o.args, "")
	}
	names, err := a.apisNamed(ctx, p, o.args[0], p.Cfg.StageList()[0], o.args[1:])
	if err != nil {
		return err
	}
	picked, err := pickNamed(ps, names, func(r client.ResourcePermission) (string, int) { return r.Name, r.ID }, func(n string, hit *client.ResourcePermission) error {
		if hit == nil {
			return &client.ErrNotFound{What: "perm", Name: n, Gateway: o.args[0]}
		}
		return a.renewable(n, hit.Grant)
	})
	if err != nil {
		return err
	}
	var ids []int
	var renewed []renewing
	for _, r := range picked {
		ids, renewed = append(ids, r.ID), append(renewed, renewing{r.ID, r.Name, r.ExpiresIn, r.Expiry()})
	}
	return a.sendRenewal(p, o.writeFlags, client.KindAPI, o.args[0], 0, ids, renewed, func() (client.Surface, error) { return p.Renew(ctx, ids, o.days) })
}

// renewable refuses, before anything is sent, a permission a renewal cannot extend: one not
// owned, and one owned that never expires (said as such: "X is owned: only owned … can be
// renewed" had contradicted itself).
func (a *App) renewable(name string, g client.Grant) error {
	switch {
	case g.Renewable():
		return nil
	case g.PermissionStatus == client.StatusOwned:
		return usageErr("%s", a.T("renew.permanent", name))
	}
	return usageErr("%s", a.T("renew.not_owned", name, i18n.Status(a.L(), g.PermissionStatus)))
}

// renewedExpiry says what a renewal gives (client.RenewedExpiry): the new date, or that it
// never expires now, in the words the permission tables use ("∞" had stood for it).
func (a *App) renewedExpiry(expiresIn *client.Seconds, days int, now time.Time) string {
	t := client.RenewedExpiry(expiresIn, days, now)
	if t.IsZero() {
		return a.T("renew.now_permanent")
	}
	return a.T("renew.new_expiry", t.Format("2006-01-02"))
}

// afterFreshContext is the context of a check made after a write failed: the command's own
// deadline may be spent, so the check gets the profile's timeout anew.
func (a *App) afterFreshContext(p *client.Planner) (context.Context, context.CancelFunc) {
	t := p.Cfg.Timeout
	if t <= 0 {
		t = 15 * time.Second
	}
	return context.WithTimeout(context.Background(), t)
}
