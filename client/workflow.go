package client

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"
)

// One permission workflow for every kind (gateway APIs, a whole gateway, MCP servers, ESB
// components): what an application and a renewal must satisfy before they are sent, and, when
// the answer to one was lost, what the records really prove. A kind describes only what
// differs: its limits and how its records name what was applied for.

// Kind is a kind of permission.
type Kind string

const (
	KindAPI       Kind = "api"       // APIs of a gateway
	KindGateway   Kind = "gateway"   // a whole gateway
	KindMCP       Kind = "mcp"       // MCP servers
	KindComponent Kind = "component" // ESB components of a system
)

// Limits of the contract, the same wherever they are checked.
const (
	MaxReason     = 512 // characters of a reason
	MaxRenew      = 100 // permissions renewed at once
	MaxMCPServers = 50  // MCP servers applied for at once
)

// ValidityChoices are the validities an application or renewal offers, as the web form does:
// 6 months, 12 months, permanent (0).
var ValidityChoices = []int{180, 360, 0}

// RenewedExpiry is what a renewal sets: max(old expiry, now) + days (expiresIn in seconds, as
// the permission lists send it); the zero time means it never expires.
func RenewedExpiry(expiresIn *Seconds, days int, now time.Time) time.Time {
	if days == 0 {
		return time.Time{}
	}
	base := now
	if expiresIn != nil && *expiresIn > 0 {
		base = now.Add(time.Duration(*expiresIn) * time.Second)
	}
	return base.AddDate(0, 0, days)
}

// CheckApplication checks what every kind asks of an application before anything is sent: a
// reason within the limit, a validity the contract takes (MCP permissions have none), and a
// number of items the kind accepts.
func CheckApplication(k Kind, reason string, days, items int) error {
	if strings.TrimSpace(reason) == "" {
		return &ErrUserInput{Key: "input.empty_reason"}
	}
	if len([]rune(reason)) > MaxReason {
		return &ErrUserInput{Key: "input.reason_too_long"}
	}
	if k != KindMCP && !ValidExpireDays(days) {
		return &ErrUserInput{Key: "input.bad_days", Args: []any{days}}
	}
	switch {
	case k == KindMCP && (items < 1 || items > MaxMCPServers):
		return &ErrUserInput{Key: "input.mcp_count", Args: []any{items}}
	case (k == KindAPI || k == KindComponent) && items < 1:
		return &ErrUserInput{Key: "input.no_apis"}
	}
	return nil
}

// CheckRenewal checks a renewal of any kind: 1 to 100 permissions, a validity the contract takes.
func CheckRenewal(ids []int, days int) error {
	if len(ids) < 1 || len(ids) > MaxRenew {
		return &ErrUserInput{Key: "input.renew_count", Args: []any{len(ids)}}
	}
	if !ValidExpireDays(days) {
		return &ErrUserInput{Key: "input.bad_days", Args: []any{days}}
	}
	return nil
}

// Sent describes an application as it was sent, so that its record can be told from any other.
type Sent struct {
	Kind   Kind
	Target string   // the gateway or the system ("" for MCP servers)
	Items  []string // what was applied for: API, server or component names (none for a whole gateway)
	Reason string
	At     time.Time
	// Newest is the newest record id of this kind before sending: only a record above it can be
	// this application's. 0 when it could not be read: then the time decides (a minute's skew).
	Newest int
}

// ApplicationFinder looks an application up in its kind's records (the planner does).
type ApplicationFinder interface {
	FindApplication(ctx context.Context, s Sent) (Found, error)
}

// MCPRecordsMade are the records an MCP application made, one per server: those its answer
// names (the inner and open APIs), else, as the Developer Center answers with no body (204),
// those its records prove made by this send (s as sent: At and Newest set); none when they
// cannot tell. Both faces ask this, so a record made is followed and opened alike.
func MCPRecordsMade(ctx context.Context, f ApplicationFinder, s Sent, res []MCPApplyResult) []int {
	var ids []int
	for _, r := range res {
		if r.RecordID > 0 {
			ids = append(ids, r.RecordID)
		}
	}
	if len(res) > 0 {
		return ids
	}
	found, err := f.FindApplication(ctx, s)
	if err != nil || !found.Proven {
		return nil
	}
	return found.IDs
}

// Found is what the records say of an application whose answer was lost.
type Found struct {
	// Proven: a record created after the send names exactly the items applied for (and the
	// reason): the application was created. Otherwise the outcome stays unknown.
	Proven  bool
	IDs     []int  // its records (one per server for MCP)
	Status  string // the first record's status
	Surface Surface
}

// candidate is a record seen after the send, as every kind's records reduce to.
type candidate struct {
	id      int
	applied time.Time
	reason  string
	status  string
	target  string
	items   func() ([]string, error) // read only for a record that passes the cheaper tests
}

// after is whether a record could have been made by this send.
func (s Sent) after(c candidate) bool {
	if s.Newest > 0 {
		return c.id > s.Newest
	}
	return c.applied.IsZero() || !c.applied.Before(s.At.Add(-time.Minute))
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	sort.Strings(x)
	sort.Strings(y)
	return slices.Equal(x, y)
}

// NewestRecord is the newest record id of a kind (0 when there is none or it cannot be read):
// read before an application, so a record found after a lost answer can be told from older ones.
func (p *Planner) NewestRecord(ctx context.Context, k Kind, target string) int {
	switch k {
	case KindAPI, KindGateway:
		return newestOf(p.Records(ctx, RecordQuery{Query: target}))
	case KindComponent:
		return newestOf(p.ComponentRecords(ctx, RecordQuery{Query: target}))
	case KindMCP:
		return newestOf(p.MCPRecords(ctx))
	}
	return 0
}

// newestOf is the highest id among the records of any kind, 0 when they could not be read.
func newestOf[R interface{ Applied() (Application, string) }](rs []R, _ Surface, err error) int {
	newest := 0
	for _, r := range rs {
		a, _ := r.Applied()
		newest = max(newest, a.ID)
	}
	if err != nil {
		return 0
	}
	return newest
}

// FindApplication reads the records after an application whose answer was lost, and proves
// it only with a record made after the send that names exactly its items and its reason. An
// older record, or one for other items, proves nothing.
func (p *Planner) FindApplication(ctx context.Context, s Sent) (Found, error) {
	if s.Kind == KindMCP {
		return p.findMCPApplication(ctx, s)
	}
	var cands []candidate
	var via Surface
	switch s.Kind {
	case KindAPI, KindGateway:
		rs, v, err := p.Records(ctx, RecordQuery{Query: s.Target})
		if err != nil {
			return Found{Surface: v}, err
		}
		via = v
		for _, r := range rs {
			whole := r.GrantDimension == "api"
			if r.GatewayName != "" && r.GatewayName != s.Target || r.GrantDimension != "" && whole != (s.Kind == KindGateway) {
				continue
			}
			id := r.ID
			cands = append(cands, candidate{id: id, applied: r.AppliedTime.Time, reason: r.Reason, status: r.ApplyStatus, target: r.GatewayName,
				items: func() ([]string, error) {
					d, _, err := p.Record(ctx, id)
					var names []string
					for _, x := range d.Resources {
						names = append(names, x.Name)
					}
					return names, err
				}})
		}
	case KindComponent:
		rs, v, err := p.ComponentRecords(ctx, RecordQuery{Query: s.Target})
		if err != nil {
			return Found{Surface: v}, err
		}
		via = v
		for _, r := range rs {
			if r.SystemName != "" && !strings.EqualFold(r.SystemName, s.Target) {
				continue
			}
			id := r.ID
			cands = append(cands, candidate{id: id, applied: r.AppliedTime.Time, reason: r.Reason, status: r.ApplyStatus,
				items: func() ([]string, error) {
					d, _, err := p.ComponentRecord(ctx, id)
					var names []string
					for _, x := range d.Components {
						names = append(names, x.Name)
					}
					return names, err
				}})
		}
	}
	for _, c := range cands {
		if !s.after(c) || c.reason != "" && c.reason != s.Reason {
			continue
		}
		if s.Kind != KindGateway {
			names, err := c.items()
			if err != nil || !sameSet(names, s.Items) {
				continue
			}
		}
		return Found{Proven: true, IDs: []int{c.id}, Status: c.status, Surface: via}, nil
	}
	return Found{Surface: via}, nil
}

// findMCPApplication: an MCP application makes one record per server; it is proven when every
// server applied for has a record made after the send with the reason sent.
func (p *Planner) findMCPApplication(ctx context.Context, s Sent) (Found, error) {
	rs, via, err := p.MCPRecords(ctx)
	if err != nil {
		return Found{Surface: via}, err
	}
	f := Found{Surface: via}
	for _, item := range s.Items {
		hit := false
		for _, r := range rs {
			c := candidate{id: r.Record.ID, applied: r.Record.AppliedTime.Time, reason: r.Record.Reason}
			if r.MCPServer.Name == item && s.after(c) && (c.reason == "" || c.reason == s.Reason) {
				f.IDs = append(f.IDs, c.id)
				if f.Status == "" {
					f.Status = r.Record.ApplyStatus
				}
				hit = true
				break
			}
		}
		if !hit {
			return Found{Surface: via}, nil
		}
	}
	f.Proven = len(s.Items) > 0
	return f, nil
}

// Renewed is a permission as it stands after a renewal whose answer was lost: by its id, since
// a renewal from My permissions may hold two of one name (two gateways' list_users); Owner is
// its gateway or system.
type Renewed struct {
	ID          int
	Name, Owner string
	Expiry      Expiry
}

// Outcome says (as a catalog key) whether a renewal whose answer was lost was done, from the
// expiry before it: the expiry read afterwards ends later (renewing moves it on by the
// validity at least), or it stands where it was. Both faces say which, so the user need not
// compare dates.
func (r Renewed) Outcome(before Expiry) string {
	if r.Expiry.rank() > before.rank() {
		return "renew.was_done"
	}
	return "renew.not_done"
}

// RenewedCount is how many of the permissions renewed (each one's expiry before the renewal, by
// id) the expiries read after a lost answer prove renewed: when it is all of them, the
// renewal is known to be done and nothing is left to send.
func RenewedCount(after []Renewed, before map[int]Expiry) int {
	n := 0
	for _, r := range after {
		if was, ok := before[r.ID]; ok && r.Outcome(was) == "renew.was_done" {
			n++
		}
	}
	return n
}

// AfterUnknownRenewal reads the permissions renewed (gateway APIs of a gateway, or components
// of a system) so the user sees their expiries as they stand.
func (p *Planner) AfterUnknownRenewal(ctx context.Context, k Kind, systemID int, ids []int) ([]Renewed, Surface, error) {
	want := make(map[int]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	var out []Renewed
	if k == KindComponent {
		read := func() ([]Component, Surface, error) { return p.Components(ctx, systemID) }
		if systemID == 0 { // renewed from My permissions: they may be of several systems
			read = func() ([]Component, Surface, error) { return p.AppComponents(ctx) }
		}
		cs, s, err := read()
		for _, c := range cs {
			if want[c.ID] {
				out = append(out, Renewed{c.ID, c.Name, c.SystemName, c.Expiry()})
			}
		}
		return out, s, err
	}
	ps, s, err := p.AfterUnknownRenew(ctx, ids)
	for _, r := range ps {
		out = append(out, Renewed{r.ID, r.Name, r.GatewayName, r.Expiry()})
	}
	return out, s, err
}
