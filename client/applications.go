package client

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/bkconsole/bkconsole/client/i18n"
)

// ListedRecord is one application of any kind as a list of all of them shows it: a gateway's
// (its APIs or the whole gateway), an MCP server's or a system's components'. The console's
// records page and `records --all` list these.
type ListedRecord struct {
	Kind   Kind   `json:"kind"`   // KindGateway, KindMCP or KindComponent
	Target string `json:"target"` // the gateway, the MCP server or the system
	Application
}

// Listed is each record of one kind as ListedRecord.
func Listed[R interface{ Applied() (Application, string) }](k Kind, rs []R) []ListedRecord {
	out := make([]ListedRecord, 0, len(rs))
	for _, r := range rs {
		app, target := r.Applied()
		out = append(out, ListedRecord{Kind: k, Target: target, Application: app})
	}
	return out
}

// NewestFirst orders records of every kind by when they were made, to the second (two made in
// one minute keep their order).
func NewestFirst(rs []ListedRecord) {
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].AppliedTime.After(rs[j].AppliedTime.Time) })
}

// OtherRecordsUnreadError names the kinds whose records could not be read (the others were): a
// list of every kind is shown without them, and says why. The gateways' are among them only
// where the profile cannot reach them at all and another kind's records are there to show.
type OtherRecordsUnreadError struct {
	Kinds []Kind
	Err   error // the first kind's reason
}

func (e *OtherRecordsUnreadError) Error() string {
	return fmt.Sprintf("%s records could not be read: %v", e.kinds(i18n.English), e.Err)
}
func (e *OtherRecordsUnreadError) Unwrap() error { return e.Err }

// Missing says which kinds' records are missing (PartlyRead).
func (e *OtherRecordsUnreadError) Missing(lang i18n.Lang) string {
	return i18n.T(lang, "records.others_unread", e.kinds(lang))
}

func (e *OtherRecordsUnreadError) kinds(lang i18n.Lang) string {
	names := make([]string, 0, len(e.Kinds))
	for _, k := range e.Kinds {
		names = append(names, i18n.T(lang, "kind."+string(k)))
	}
	if lang == i18n.Chinese {
		return strings.Join(names, "、")
	}
	return strings.Join(names, ", ")
}

// RecordsReader reads the records beside the gateways': the planner, or the console's backend
// behind its guard.
type RecordsReader interface {
	MCPRecords(ctx context.Context) ([]MCPServerRecord, Surface, error)
	ComponentRecords(ctx context.Context, q RecordQuery) ([]ComponentRecord, Surface, error)
}

// OtherRecords reads the MCP servers' and the components' records at once, as ListedRecords.
// An installation without ESB has no component records (no error); a kind that cannot be read
// is left out and named in an *OtherRecordsUnreadError returned with the rest.
func OtherRecords(ctx context.Context, r RecordsReader) ([]ListedRecord, error) {
	var cs []ComponentRecord
	var cerr error
	var read sync.WaitGroup
	read.Go(func() { cs, _, cerr = r.ComponentRecords(ctx, RecordQuery{}) })
	ms, _, merr := r.MCPRecords(ctx)
	read.Wait()
	unread := &OtherRecordsUnreadError{}
	if merr != nil {
		unread.Kinds, unread.Err = append(unread.Kinds, KindMCP), merr
	}
	if cerr != nil && !errors.Is(cerr, ErrNoESB) {
		unread.Kinds = append(unread.Kinds, KindComponent)
		if unread.Err == nil {
			unread.Err = cerr
		}
	}
	out := append(Listed(KindMCP, ms), Listed(KindComponent, cs)...)
	if unread.Err != nil {
		return out, unread
	}
	return out, nil
}

// gatewaysOut says whether the gateways' records are out of the profile's reach (no surface
// serves them) while other kinds' records were read: those are worth showing without them.
func gatewaysOut(err error, others []ListedRecord) bool {
	var un *ErrUnavailable
	return errors.As(err, &un) && len(others) > 0
}

// AllRecords lists the app's applications of every kind, newest first: the gateways' (their
// error is the call's; the surface is theirs), the MCP servers' and the components' beside
// them, read at once. A kind beside the gateways' that cannot be read comes back as an
// *OtherRecordsUnreadError with the rest.
func (p *Planner) AllRecords(ctx context.Context) ([]ListedRecord, Surface, error) {
	var others []ListedRecord
	var oerr error
	var read sync.WaitGroup
	read.Go(func() { others, oerr = OtherRecords(ctx, p) })
	recs, via, err := p.Records(ctx, RecordQuery{})
	read.Wait()
	if gatewaysOut(err, others) {
		// The open APIs list MCP applications but not the gateways': those are shown, and the
		// gateways' are said missing (the list had been refused whole).
		NewestFirst(others)
		unread := &OtherRecordsUnreadError{Kinds: []Kind{KindGateway}, Err: err}
		var o *OtherRecordsUnreadError
		if errors.As(oerr, &o) {
			unread.Kinds = append(unread.Kinds, o.Kinds...)
		}
		return others, via, unread
	}
	if err != nil {
		return nil, via, err
	}
	all := append(Listed(KindGateway, recs), others...)
	NewestFirst(all)
	return all, via, oerr
}
