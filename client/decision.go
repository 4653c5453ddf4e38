package client

import (
	"context"
	"strconv"
	"time"
)

// ApplicationStatus is where an application of any kind stands: pending, approved,
// partial_approved or rejected (the Record* statuses). An MCP application makes one record per
// server; together they are pending while one waits, approved or rejected when all were, and
// partial_approved otherwise.
func (p *Planner) ApplicationStatus(ctx context.Context, k Kind, ids []int) (string, Surface, error) {
	if len(ids) == 0 {
		return "", "", &ErrNotFound{What: "record", Name: ""}
	}
	switch k {
	case KindComponent:
		r, via, err := p.ComponentRecord(ctx, ids[0])
		return r.ApplyStatus, via, err
	case KindMCP:
		rs, via, err := p.MCPRecords(ctx)
		if err != nil {
			return "", via, err
		}
		var statuses []string
		for _, id := range ids {
			found := false
			for _, r := range rs {
				if r.Record.ID == id {
					statuses, found = append(statuses, r.Record.ApplyStatus), true
					break
				}
			}
			if !found {
				return "", via, &ErrNotFound{What: "record", Name: strconv.Itoa(id)}
			}
		}
		return combined(statuses), via, nil
	}
	r, via, err := p.Record(ctx, ids[0])
	return r.ApplyStatus, via, err
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
// and up to MaxWaitPoll: the status last seen and, when ctx ended first, its error.
func (p *Planner) WaitDecided(ctx context.Context, k Kind, ids []int) (string, error) {
	delay := time.Second
	for {
		st, _, err := p.ApplicationStatus(ctx, k, ids)
		if err != nil {
			if ctx.Err() != nil {
				return RecordPending, ctx.Err()
			}
			return st, err
		}
		if st != RecordPending {
			return st, nil
		}
		select {
		case <-ctx.Done():
			return st, ctx.Err()
		case <-time.After(delay):
		}
		delay = min(delay*3/2, MaxWaitPoll)
	}
}
