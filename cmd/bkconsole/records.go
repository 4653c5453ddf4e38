package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/spf13/cobra"
)

var recordStatuses = []string{client.RecordPending, client.RecordApproved, client.RecordPartialApproved, client.RecordRejected}

// recordKind describes one kind's applications for its records command: gateway APIs
// (`records`), components (`components records`) and MCP servers (`mcp records`) are one
// command described three times, each with [ID], --status, a filter by its target's name and
// --wait, which exits as every kind's apply --wait does. L is a listed record, D one record
// read alone; each says what it applied for (client.Record.Applied).
type recordKind[L, D applied] struct {
	kind  client.Kind
	short string
	list  func(*client.Planner, context.Context, client.RecordQuery) ([]L, client.Surface, error)
	one   func(*client.Planner, context.Context, int) (D, client.Surface, error)
	// more is what a record read alone says beside its application: the approval ticket, rows
	// of the kind's own, and each item's result; nil: nothing.
	more func(a *App, r D) (ticket string, extra, results [][]string)
	saw  func(a *App, rs []L) // what completion learns from a listing; nil: nothing
}

// applied is a record of any kind: its application and the name of what it is for.
type applied interface {
	Applied() (client.Application, string)
}

func (k recordKind[L, D]) status(r D) string { app, _ := r.Applied(); return app.ApplyStatus }

// columns and cells are a listing's table: every kind's application, and its validity (an MCP
// permission has none).
func (k recordKind[L, D]) columns() []string {
	cols := []string{"ID", kindCommands[k.kind].column, "applied", "applicant", "status"}
	if k.kind != client.KindMCP {
		cols = append(cols, "validity")
	}
	return append(cols, "reason")
}

func (k recordKind[L, D]) cells(a *App, r L) []string {
	app, target := r.Applied()
	row := a.applicationCells(app, target, i18n.RecordStatus(a.L(), app.ApplyStatus))
	if k.kind != client.KindMCP {
		row = append(row, a.validityText(app.ExpireDays))
	}
	return append(row, a.cell(app.Reason, 30))
}

func (k recordKind[L, D]) print(a *App, r D) {
	app, target := r.Applied()
	var ticket string
	var extra, results [][]string
	if k.more != nil {
		ticket, extra, results = k.more(a, r)
	}
	a.printApplication(k.kind, app, []string{a.T("col." + kindCommands[k.kind].column), target}, ticket, extra, results)
}

// recordsOptions are the arguments and flags of a kind's records command (cmdBase: the app it
// runs in).
type recordsOptions[L, D applied] struct {
	cmdBase
	k       recordKind[L, D]
	status  string
	target  string
	wait    bool
	asJSON  bool
	waitMax time.Duration
	all     bool // records --all: every kind's
}

func recordsCommand[L, D applied](a *App, k recordKind[L, D]) *cobra.Command {
	o := &recordsOptions[L, D]{k: k}
	c := a.newCommand(o, &cobra.Command{Use: "records [ID]", Short: k.short, Args: cobra.MaximumNArgs(1)})
	enumFlag(c, &o.status, "status", "", "only this status", recordStatuses...)
	c.Flags().StringVar(&o.target, kindCommands[k.kind].target, "", kindCommands[k.kind].target+" name contains")
	c.Flags().BoolVar(&o.wait, "wait", false, "with ID: block until the record is decided (exit 0 approved, 4 rejected, 5 partly approved, 3 still pending)")
	c.Flags().DurationVar(&o.waitMax, "wait-max", 30*time.Minute, "give up waiting after this long")
	jsonFlag(c, &o.asJSON)
	if k.kind == client.KindAPI {
		c.Flags().BoolVar(&o.all, "all", false, "the applications of every kind (gateways, MCP servers, components), newest first")
	}
	return c
}

func (o *recordsOptions[L, D]) runWith(ctx context.Context, p *client.Planner) error {
	a := o.app
	if o.all {
		if len(o.args) == 1 || o.target != "" {
			return usageErr("%s", a.T("records.all_usage"))
		}
		return a.printAllRecords(ctx, p, o.status, o.asJSON)
	}
	if len(o.args) == 1 {
		if o.status != "" || o.target != "" { // they filter the list: with an ID they were ignored
			return usageErr("%s", a.T("records.id_no_filters", kindCommands[o.k.kind].target))
		}
		id, err := strconv.Atoi(o.args[0])
		if err != nil {
			return usageErr("%s", a.T("records.bad_id", o.args[0]))
		}
		return o.showOne(ctx, p, id)
	}
	if o.wait {
		return usageErr("%s", a.T("cli.wait_needs_id", kindCommands[o.k.kind].group+"records ID --wait"))
	}
	recs, via, err := o.k.list(p, ctx, client.RecordQuery{ApplyStatus: o.status, Query: o.target})
	if err != nil {
		return err
	}
	if o.k.saw != nil {
		o.k.saw(a, recs)
	}
	empty := a.T("records.cli_empty", a.T("kind."+string(o.k.kind)), kindCommands[o.k.kind].group+kindCommands[o.k.kind].apply)
	if o.status != "" || o.target != "" {
		empty = a.T("records.none_match")
	}
	// Whole: the ID a command takes, what was applied for, its status.
	return printList(a, o.asJSON, via, recs, o.k.columns(), empty, func(r L) []string { return o.k.cells(a, r) }, 0, 1, 4)
}

// showOne prints one record; with --wait, once it is decided, and exits with its decision.
func (o *recordsOptions[L, D]) showOne(ctx context.Context, p *client.Planner, id int) error {
	a := o.app
	rec, via, err := o.k.one(p, ctx, id)
	if err != nil {
		return p.RecordElsewhere(ctx, o.k.kind, id, err)
	}
	if o.wait {
		wctx, wcancel := context.WithTimeout(ctx, o.waitMax)
		defer wcancel()
		var d client.Decision
		d, err = p.WaitDecided(wctx, o.k.kind, []int{id})
		if d.Status != o.k.status(rec) {
			if now, _, rerr := o.k.one(p, ctx, id); rerr == nil {
				rec = now // decided: the record as it stands, with its handler and comment
			}
		}
		if err != nil && o.k.status(rec) == client.RecordPending && wctx.Err() != nil {
			err = a.waitEnded(ctx, o.k.kind, []int{id}, o.waitMax)
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
		untrusted.Strings(&rec)
		o.k.print(a, rec)
	}
	a.via(via)
	if o.wait {
		return decisionExit(o.k.status(rec))
	}
	return nil
}

// recordsCommand is `bkconsole records`: the gateway API applications.
func (a *App) recordsCommand() *cobra.Command {
	return recordsCommand(a, recordKind[client.Record, client.RecordDetail]{
		kind:  client.KindAPI,
		short: "Your application records (newest first), or one record; --wait blocks until it is decided",
		list:  (*client.Planner).Records,
		one:   (*client.Planner).Record,
		more: func(a *App, r client.RecordDetail) (string, [][]string, [][]string) {
			var extra, results [][]string
			if r.GrantDimension == "api" {
				extra = append(extra, []string{a.T("col.scope"), a.T("record.whole_gateway")})
			}
			for _, x := range r.Resources {
				results = append(results, []string{x.Name, i18n.RecordStatus(a.L(), x.ApplyStatus)})
			}
			return r.TicketLink(), extra, results
		},
		saw: (*App).sawRecords,
	})
}

// printApplication prints one application of any kind: its target, who applied and when, the
// decision, then each item's result (name, result and, where there is one, a description).
// An MCP permission has no validity: the row is left out for MCP servers.
func (a *App) printApplication(k client.Kind, r client.Application, target []string, ticket string, extra, results [][]string) {
	kv := [][]string{
		{"ID", strconv.Itoa(r.ID)},
		target,
		{a.T("col.status"), i18n.RecordStatus(a.L(), r.ApplyStatus)},
		{a.T("col.applicant"), r.AppliedBy},
		{a.T("col.applied"), r.AppliedTime.Local().Format("2006-01-02 15:04:05")},
	}
	if k != client.KindMCP {
		kv = append(kv, []string{a.T("col.validity"), a.validityText(r.ExpireDays)})
	}
	kv = append(kv, [][]string{{a.T("col.reason"), r.Reason}, {a.T("col.handler"), strings.Join(r.HandledBy, ", ")}}...)
	if !r.HandledTime.IsZero() {
		kv = append(kv, []string{a.T("col.handled"), r.HandledTime.Local().Format("2006-01-02 15:04:05")})
	}
	if r.Comment != "" {
		kv = append(kv, []string{a.T("col.comment"), r.Comment})
	}
	if ticket != "" {
		kv = append(kv, []string{a.T("col.ticket"), ticket})
	}
	printTable(a.Stdout, []string{"", ""}, append(kv, extra...))
	if len(results) > 0 {
		fmt.Fprintln(a.Stdout)
		head := []string{a.T("col.name"), a.T("col.result")}
		if len(results[0]) > 2 {
			head = append(head, a.T("col.description"))
		}
		a.table(head, results)
	}
}

func (a *App) validityText(days int) string { return i18n.Validity(a.L(), days) }

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
