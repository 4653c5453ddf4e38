package main

import (
	"context"
	"errors"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
)

// printAllRecords is `records --all`: the applications of every kind, newest first, as the
// console's records page lists them (client.AllRecords). A kind beside the gateways' that
// cannot be read leaves the rest printed, and the error says which and why.
func (a *App) printAllRecords(ctx context.Context, p *client.Planner, status string, asJSON bool) error {
	all, via, err := p.AllRecords(ctx)
	var unread *client.OtherRecordsUnreadError
	if err != nil && !errors.As(err, &unread) {
		return err
	}
	kept := []client.ListedRecord{}
	for _, r := range all {
		if status == "" || r.ApplyStatus == status {
			kept = append(kept, r)
		}
	}
	empty := a.T("records.none_all")
	if status != "" {
		empty = a.T("records.none_match")
	}
	cols := []string{"ID", "kind", "applied_for", "applied", "applicant", "status", "validity", "reason"}
	err = printList(a, asJSON, via, kept, cols, empty, func(r client.ListedRecord) []string {
		validity := "-" // an MCP permission has none
		if r.Kind != client.KindMCP {
			validity = a.validityText(r.ExpireDays)
		}
		row := a.applicationCells(r.Application, r.Target, i18n.RecordStatus(a.L(), r.ApplyStatus))
		row = append([]string{row[0], a.T("kind." + string(r.Kind))}, row[1:]...)
		return append(row, validity, a.cell(r.Reason, 30))
	}, 0, 2, 5) // whole: the ID a command takes, what was applied for, its status
	if err != nil {
		return err
	}
	if unread != nil {
		return unread
	}
	return nil
}
