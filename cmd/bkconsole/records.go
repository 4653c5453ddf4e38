package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/spf13/cobra"
)

var recordStatuses = []string{client.RecordPending, client.RecordApproved, client.RecordPartialApproved, client.RecordRejected}

// recordsOptions are the arguments and flags of `bkconsole records` (cmdBase: the app it runs in).
type recordsOptions struct {
	cmdBase
	status  string
	gateway string
	wait    bool
	asJSON  bool
	waitMax time.Duration
}

func (a *App) recordsCommand() *cobra.Command {
	o := &recordsOptions{}
	c := a.newCommand(o, &cobra.Command{Use: "records [ID]", Short: "Your application records (newest first), or one record; --wait blocks until it is decided", Args: cobra.MaximumNArgs(1)})
	enumFlag(c, &o.status, "status", "", "only this status", recordStatuses...)
	c.Flags().StringVar(&o.gateway, "gateway", "", "gateway name contains")
	c.Flags().BoolVar(&o.wait, "wait", false, "with ID: block until the record is decided")
	c.Flags().DurationVar(&o.waitMax, "wait-max", 30*time.Minute, "give up waiting after this long")
	jsonFlag(c, &o.asJSON)
	return c
}

func (o *recordsOptions) runWith(ctx context.Context, p *client.Planner) error {
	a := o.app
	if len(o.args) == 1 {
		id, err := strconv.Atoi(o.args[0])
		if err != nil {
			return usageErr("%s", a.T("records.bad_id", o.args[0]))
		}
		rec, via, err := p.Record(ctx, id)
		if err != nil {
			return err
		}
		if o.wait {
			wctx, wcancel := context.WithTimeout(ctx, o.waitMax)
			defer wcancel()
			var st string
			st, err = p.WaitDecided(wctx, client.KindAPI, []int{rec.ID})
			if st != rec.ApplyStatus {
				if now, _, rerr := p.Record(ctx, rec.ID); rerr == nil {
					rec = now // decided: the record as it stands, with its handler and comment
				}
			}
			if err != nil && rec.ApplyStatus == client.RecordPending && wctx.Err() != nil {
				err = exitCode{ExitPending, a.T("records.still_pending", rec.ID, o.waitMax)}
			}
			if err != nil {
				if o.asJSON {
					_ = a.writeJSON(rec)
				}
				return err
			}
		}
		if o.asJSON {
			if err := a.writeJSON(rec); err != nil {
				return err
			}
		} else {
			a.printRecord(rec)
		}
		a.via(via)
		if o.wait {
			return decisionExit(rec.ApplyStatus)
		}
		return nil
	}
	if o.wait {
		return usageErr("--wait needs a record ID")
	}
	recs, via, err := p.Records(ctx, client.RecordQuery{ApplyStatus: o.status, Query: o.gateway})
	if err != nil {
		return err
	}
	a.sawRecords(recs)
	return printList(a, o.asJSON, via, recs, []string{"ID", "gateway", "applied", "applicant", "status", "validity", "reason"}, func(r client.Record) []string {
		return append(a.applicationCells(r.Application, r.GatewayName, a.T("record."+r.ApplyStatus)), a.validityText(r.ExpireDays), truncate(r.Reason, 30))
	})
}

func (a *App) validityText(days int) string { return i18n.Validity(a.L(), days) }

func (a *App) printRecord(r client.RecordDetail) {
	kv := [][]string{
		{"ID", strconv.Itoa(r.ID)},
		{a.T("col.gateway"), r.GatewayName},
		{a.T("col.status"), a.T("record." + r.ApplyStatus)},
		{a.T("col.applicant"), r.AppliedBy},
		{a.T("col.applied"), r.AppliedTime.Local().Format("2006-01-02 15:04:05")},
		{a.T("col.validity"), a.validityText(r.ExpireDays)},
		{a.T("col.reason"), r.Reason},
		{a.T("col.handler"), strings.Join(r.HandledBy, ", ")},
	}
	if !r.HandledTime.IsZero() {
		kv = append(kv, []string{a.T("col.handled"), r.HandledTime.Local().Format("2006-01-02 15:04:05")})
	}
	if r.Comment != "" {
		kv = append(kv, []string{a.T("col.comment"), r.Comment})
	}
	if l := r.TicketLink(); l != "" {
		kv = append(kv, []string{a.T("col.ticket"), l})
	}
	if r.GrantDimension == "api" {
		kv = append(kv, []string{a.T("col.scope"), a.T("record.whole_gateway")})
	}
	printTable(a.Stdout, []string{"", ""}, kv)
	if len(r.Resources) > 0 {
		fmt.Fprintln(a.Stdout)
		rows := make([][]string, 0, len(r.Resources))
		for _, x := range r.Resources {
			rows = append(rows, []string{x.Name, a.T("record." + x.ApplyStatus)})
		}
		printTable(a.Stdout, []string{a.T("col.name"), a.T("col.result")}, rows)
	}
}

// decisionExit is the exit code of a decided record, so scripts can tell the outcomes apart.
func decisionExit(status string) error {
	switch status {
	case client.RecordRejected:
		return exitCode{ExitRejected, ""}
	case client.RecordPartialApproved:
		return exitCode{ExitPartial, ""}
	}
	return nil
}
