package client

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Decision is where an application of any kind stands: its status (pending, approved,
// partial_approved or rejected: the Record* statuses) and what the approvers wrote.
type Decision struct {
	Status   string
	Comments []string // each record's comment, once, in the order of the records
}

// ApplicationStatus is where an application of any kind stands. An MCP application makes one
// record per server; together they are pending while one waits, approved or rejected when all
// were, and partial_approved otherwise.
func (p *Planner) ApplicationStatus(ctx context.Context, k Kind, ids []int) (Decision, Surface, error) {
	if len(ids) == 0 {
		return Decision{}, "", &ErrNotFound{What: "record", Name: ""}
	}
	switch k {
	case KindComponent:
		r, via, err := p.ComponentRecord(ctx, ids[0])
		return decisionOf(r.Application), via, err
	case KindMCP:
		rs, via, err := p.MCPRecords(ctx)
		if err != nil {
			return Decision{}, via, err
		}
		var apps []Application
		for _, id := range ids {
			i := slices.IndexFunc(rs, func(r MCPServerRecord) bool { return r.Record.ID == id })
			if i < 0 {
				return Decision{}, via, &ErrNotFound{What: "record", Name: strconv.Itoa(id), Kind: KindMCP}
			}
			apps = append(apps, rs[i].Record.Application)
		}
		return decisionOf(apps...), via, nil
	}
	r, via, err := p.Record(ctx, ids[0])
	return decisionOf(r.Application), via, err
}

// RecordElsewhere takes err, a record of kind k not found, and looks for a record of that
// number among the other kinds' applications: where exactly one has one, err says so (its fix
// shows it). Two reads at most; an error of theirs leaves err as it was.
func (p *Planner) RecordElsewhere(ctx context.Context, k Kind, id int, err error) error {
	var nf *ErrNotFound
	if !errors.As(err, &nf) || nf.What != "record" {
		return err
	}
	var found []Kind
	for _, other := range []Kind{KindAPI, KindMCP, KindComponent} {
		if other == k {
			continue
		}
		if _, _, oerr := p.ApplicationStatus(ctx, other, []int{id}); oerr == nil {
			found = append(found, other)
		}
	}
	if len(found) == 1 {
		nf.Elsewhere = found[0]
	}
	return err
}

func decisionOf(apps ...Application) Decision {
	var d Decision
	statuses := make([]string, len(apps))
	for i, a := range apps {
		statuses[i] = a.ApplyStatus
		if c := strings.TrimSpace(a.Comment); c != "" && !slices.Contains(d.Comments, c) {
			d.Comments = append(d.Comments, c)
		}
	}
	d.Status = combined(statuses)
	return d
}

func combined(statuses []string) string {
	n := map[string]int{}
	for _, s := range statuses {
		n[s]++
	}
	switch {
	case n[RecordPending] > 0:
		return RecordPending
	case n[RecordApproved] == len(statuses):
		return RecordApproved
	case n[RecordRejected] == len(statuses):
		return RecordRejected
	}
	return RecordPartialApproved
}

// MaxWaitPoll is the longest pause between two looks while waiting for a decision.
const MaxWaitPoll = 30 * time.Second

// WaitDecided looks at an application until it is decided or ctx ends, pausing 1 s at first
// and up to MaxWaitPoll: the decision last seen and, when ctx ended first, its error.
func (p *Planner) WaitDecided(ctx context.Context, k Kind, ids []int) (Decision, error) {
	delay := time.Second
	for {
		d, _, err := p.ApplicationStatus(ctx, k, ids)
		if err != nil {
			if ctx.Err() != nil {
				return Decision{Status: RecordPending}, ctx.Err()
			}
			return d, err
		}
		if d.Status != RecordPending {
			return d, nil
		}
		select {
		case <-ctx.Done():
			return d, ctx.Err()
		case <-time.After(delay):
		}
		delay = min(delay*3/2, MaxWaitPoll)
	}
}
