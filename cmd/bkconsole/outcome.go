package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/spf13/cobra"
)

// writeFlags are the flags of every apply and renew, whatever the kind: declared once.
type writeFlags struct {
	reason string
	days   int
	asJSON bool
	dryRun bool
}

// addWriteFlags declares them; withReason for applications, withDays where a validity applies
// (MCP permissions have none).
func addWriteFlags(c *cobra.Command, f *writeFlags, withReason, withDays bool) {
	if withReason {
		c.Flags().StringVar(&f.reason, "reason", "", "why the app needs it (required, at most 512 characters)")
	}
	if withDays {
		c.Flags().IntVar(&f.days, "days", 180, "validity: 180, 360 or 0 (permanent); a renewal adds it to max(old expiry, now)")
	}
	c.Flags().BoolVar(&f.asJSON, "json", false, "print JSON (with --dry-run: the request)")
	dryRunFlag(c, &f.dryRun)
}

// checkApplication refuses, before anything is sent, what no kind accepts: a usage error.
func (a *App) checkApplication(k client.Kind, f writeFlags, items int) error {
	if err := client.CheckApplication(k, f.reason, f.days, items); err != nil {
		return a.usageOf(err)
	}
	return nil
}

// usageOf words a refusal made before sending (client.ErrUserInput) as a usage error.
func (a *App) usageOf(err error) error {
	if ue, ok := err.(*client.ErrUserInput); ok {
		return usageErr("%s", a.T(ue.Key, ue.Args...))
	}
	return err
}

// One way to report a write whose answer was lost, for every kind of permission: the same
// sentences, the same exit codes (0 when the records prove the application was created, 1 when
// the outcome stays unknown), and the command to check again.

// checkCommand is the command that shows a kind's records or permissions.
func checkCommand(k client.Kind, target string, renewal bool) string {
	switch {
	case k == client.KindMCP:
		return "bkconsole mcp records"
	case k == client.KindComponent && renewal:
		return "bkconsole components list " + target
	case k == client.KindComponent:
		return "bkconsole components records"
	case renewal:
		return "bkconsole perms " + target
	}
	return "bkconsole records --gateway " + target
}

// followCommand is how to follow a created application of a kind.
func followCommand(k client.Kind, ids []int) string {
	switch k {
	case client.KindMCP:
		return "bkconsole mcp records"
	case client.KindComponent:
		return "bkconsole components records " + strconv.Itoa(ids[0])
	}
	return "bkconsole records " + strconv.Itoa(ids[0]) + " --wait"
}

// afterUnknownApplication reads the records after an application whose answer was lost and
// says what they prove.
func (a *App) afterUnknownApplication(p *client.Planner, sent client.Sent, cause error) error {
	a.notice("bkconsole: %s", a.T("write.unknown_apply", a.describeCause(cause)))
	ctx, cancel := a.afterFreshContext(p)
	defer cancel()
	found, err := p.FindApplication(ctx, sent)
	check := checkCommand(sent.Kind, sent.Target, false)
	switch {
	case err != nil:
		a.notice("%s", a.T("write.records_unreadable", a.describeCause(err)))
	case found.Proven:
		ids := make([]string, len(found.IDs))
		for i, id := range found.IDs {
			ids[i] = strconv.Itoa(id)
		}
		fmt.Fprintln(a.Stdout, a.T("write.record_found", strings.Join(ids, ", "), a.T("record."+found.Status)))
		a.notice("%s", a.T("write.follow", followCommand(sent.Kind, found.IDs)))
		return nil
	default:
		a.notice("%s", a.T("write.not_proven"))
	}
	a.notice("%s", a.T("write.check_again", check))
	return silentExit{}
}

// afterUnknownRenewal shows the expiries as they stand after a renewal whose answer was lost;
// the outcome stays unknown (exit 1) whatever they show: a renewal leaves no record.
func (a *App) afterUnknownRenewal(p *client.Planner, k client.Kind, target string, systemID int, ids []int, cause error) error {
	a.notice("bkconsole: %s", a.T("write.unknown_renew", a.describeCause(cause)))
	ctx, cancel := a.afterFreshContext(p)
	defer cancel()
	rs, _, err := p.AfterUnknownRenewal(ctx, k, systemID, ids)
	if err != nil {
		a.notice("%s", a.T("write.perms_unreadable", a.describeCause(err)))
	}
	for _, r := range rs {
		fmt.Fprintf(a.Stdout, "%s: %s\n", untrusted.Line(r.Name), a.expiryText(r.Expiry))
	}
	a.notice("%s", a.T("write.check_again", checkCommand(k, target, true)))
	return silentExit{}
}
