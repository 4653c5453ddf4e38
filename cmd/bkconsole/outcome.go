package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/spf13/cobra"
)

// writeFlags are the flags of every apply and renew, whatever the kind: declared once.
type writeFlags struct {
	reason  string
	days    int
	asJSON  bool
	dryRun  bool
	wait    bool          // applications: follow until decided
	waitMax time.Duration // and give up after this long
}

// writeOptions are the arguments and flags of a write of any kind (an application, a renewal:
// cmdBase is the app it runs in), and what the command does with them.
type writeOptions struct {
	cmdBase
	writeFlags
	runF func(*writeOptions, *cobra.Command) error
}

func (o *writeOptions) run(cmd *cobra.Command) error { return o.runF(o, cmd) }

// writeCommand makes a write command: its use and summary, at least minArgs arguments, the
// reason and --wait flags (withReason) and --days (withDays), and its run.
func (a *App) writeCommand(use, short string, minArgs int, withReason, withDays bool, run func(*writeOptions, *cobra.Command) error) *cobra.Command {
	o := &writeOptions{runF: run}
	c := a.newCommand(o, &cobra.Command{Use: use, Short: short, Args: cobra.MinimumNArgs(minArgs)})
	addWriteFlags(c, &o.writeFlags, withReason, withDays)
	return c
}

// addWriteFlags declares the writeFlags: withReason for applications, withDays where a validity applies
// (MCP permissions have none).
func addWriteFlags(c *cobra.Command, f *writeFlags, withReason, withDays bool) {
	if withReason {
		c.Flags().StringVar(&f.reason, "reason", "", "why the app needs it (required, at most 512 characters)")
		c.Flags().BoolVar(&f.wait, "wait", false, "follow the application until it is decided (exit 0 approved, 4 rejected, 5 partly approved, 3 still pending)")
		c.Flags().DurationVar(&f.waitMax, "wait-max", 30*time.Minute, "with --wait: give up waiting after this long")
	}
	if withDays {
		c.Flags().IntVar(&f.days, "days", 180, "validity: 180, 360 or 0 (permanent); a renewal adds it to max(old expiry, now)")
	}
	jsonFlag(c, &f.asJSON, "print JSON (with --dry-run: the request)")
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
	var ue *client.ErrUserInput
	if errors.As(err, &ue) {
		if flag, ok := inputFlags[ue.Key]; ok { // the flag that gives what is missing
			return usageErr("%s — %s", a.T(ue.Key, ue.Args...), a.T(flag))
		}
		return usageErr("%s", a.T(ue.Key, ue.Args...))
	}
	return err
}

// awaitDecision follows an application made (its records ids), with --wait, until it is
// decided: the same exit codes for every kind as `records ID --wait` (0 approved, 4 rejected,
// 5 partly approved, 3 still pending after --wait-max).
func (a *App) awaitDecision(ctx context.Context, p *client.Planner, f writeFlags, k client.Kind, ids []int) error {
	if !f.wait {
		return nil
	}
	if len(ids) == 0 || ids[0] <= 0 {
		return fmt.Errorf("%s", a.T("wait.no_record"))
	}
	wctx, cancel := context.WithTimeout(ctx, f.waitMax)
	defer cancel()
	a.notice("%s", a.T("wait.waiting", i18n.Records(a.L(), ids)))
	d, err := p.WaitDecided(wctx, k, ids)
	if err != nil && d.Status == client.RecordPending && wctx.Err() != nil {
		return a.waitEnded(ctx, k, ids, f.waitMax)
	}
	if err != nil {
		return err
	}
	a.notice("%s", a.T("wait.decided", i18n.Records(a.L(), ids), i18n.RecordStatus(a.L(), d.Status)))
	for _, c := range d.Comments { // why, above all when it was rejected
		a.notice("%s", a.T("wait.comment", untrusted.Line(c)))
	}
	return decisionExit(d.Status)
}

// One way to report a write whose answer was lost, for every kind of permission: the same
// sentences, the same exit codes (0 when the records prove the application was created, 1 when
// the outcome stays unknown), and the command to check again.

// kindCommands is where each kind's commands live (its group), the flag its records command
// filters the target's name by, the column that names the target, and how it is applied for. A
// whole gateway is applied for and followed with its APIs' commands (its hints had said
// "records 2 --wait" with no command group).
var kindCommands = map[client.Kind]struct{ group, target, column, apply string }{
	client.KindAPI:       {"bkconsole ", "gateway", "gateway", "apply GATEWAY [API...]"},
	client.KindGateway:   {"bkconsole ", "gateway", "gateway", "apply GATEWAY --whole-gateway"},
	client.KindComponent: {"bkconsole components ", "system", "system", "apply SYSTEM COMPONENT..."},
	client.KindMCP:       {"bkconsole mcp ", "server", "mcp_server", "apply NAME..."},
}

// waitEnded is a wait for a decision that ended with the records still pending: --wait-max ran
// out (exit 3), or ctrl+c stopped it (it had said "still pending after 30m0s" two seconds in).
func (a *App) waitEnded(ctx context.Context, k client.Kind, ids []int, waitMax time.Duration) error {
	if errors.Is(context.Cause(ctx), errInterrupted) {
		return exitCode{ExitInterrupted, i18n.TRecords(a.L(), "wait.interrupted", ids, followCommand(k, ids))}
	}
	return exitCode{ExitPending, i18n.TRecords(a.L(), "records.still_pending", ids, waitMax)}
}

// checkCommand is the command that shows a kind's records (filtered by the target's name, when
// there is one) or, after a renewal, its permissions.
func checkCommand(k client.Kind, target string, renewal bool) string {
	switch {
	case k == client.KindComponent && renewal:
		return "bkconsole components list " + target
	case renewal:
		return "bkconsole perms " + target
	case target == "":
		return kindCommands[k].group + "records"
	}
	return kindCommands[k].group + "records --" + kindCommands[k].target + " " + target
}

// followCommand is how to follow a created application of a kind: every kind's records
// command waits for one record's decision; several records (an MCP application through the
// inner or open APIs makes one per server) are followed in the listing.
func followCommand(k client.Kind, ids []int) string {
	if len(ids) != 1 {
		return kindCommands[k].group + "records"
	}
	return kindCommands[k].group + "records " + strconv.Itoa(ids[0]) + " --wait"
}

// lostAnswer says what became of a write's answer. The sentence around it already says that
// the outcome is unknown, that the write was not sent again and where to look, so only the
// wire's part is told (a reset, a timeout, a cut body), unless the answer itself says more (the
// Developer Center's error page for a refusal).
func (a *App) lostAnswer(err error) string {
	var u *client.OutcomeUnknownError
	if !errors.As(err, &u) || client.HintOf(err).Meaning != "write.unknown" {
		return a.describeCause(err)
	}
	p := client.Present(u.Err, a.L())
	p.Hint = "" // "try again later" is the one thing not to do with a write
	return p.Line(a.L())
}

// afterUnknownApplication reads the records after an application whose answer was lost and
// says what they prove.
func (a *App) afterUnknownApplication(cmdCtx context.Context, p *client.Planner, sent client.Sent, wait writeFlags, cause error) error {
	if !wait.asJSON {
		a.notice("bkconsole: %s", a.T("write.unknown_apply", a.lostAnswer(cause)))
	}
	ctx, cancel := a.afterFreshContext(p)
	defer cancel()
	found, err := p.FindApplication(ctx, sent)
	if wait.asJSON {
		// stdout stays JSON: the record found, or the unknown outcome as --json's error object.
		if err != nil || !found.Proven {
			return fixCommand{cause, "write.check_again", checkCommand(sent.Kind, sent.Target, false)}
		}
		if err := a.writeJSON(lostAnswerJSON{RecordID: found.IDs[0], RecordIDs: found.IDs, Status: found.Status, AnswerLost: true}); err != nil {
			return err
		}
		return a.awaitDecision(cmdCtx, p, wait, sent.Kind, found.IDs)
	}
	check := checkCommand(sent.Kind, sent.Target, false)
	switch {
	case err != nil:
		a.notice("%s", a.T("write.records_unreadable", a.describeCause(err)))
	case found.Proven:
		fmt.Fprintln(a.Stdout, a.T("write.record_found", i18n.Records(a.L(), found.IDs), i18n.RecordStatus(a.L(), found.Status)))
		if wait.wait {
			return a.awaitDecision(cmdCtx, p, wait, sent.Kind, found.IDs)
		}
		a.notice("%s", a.T("write.follow", followCommand(sent.Kind, found.IDs)))
		return nil
	default:
		a.notice("%s", a.T("write.not_proven"))
	}
	a.notice("%s", a.T("write.check_again", check))
	return silentExit{}
}

// lostAnswerJSON is what --json prints when a write's answer was lost and what was read
// afterwards proves it done: the records made (an application), or the renewed ids.
type lostAnswerJSON struct {
	RecordID    int           `json:"record_id,omitempty"`
	RecordIDs   []int         `json:"record_ids,omitempty"`
	Status      string        `json:"status,omitempty"`
	Renewed     []int         `json:"renewed,omitempty"`
	Days        *int          `json:"days,omitempty"`
	Permissions []renewedJSON `json:"permissions,omitempty"`
	AnswerLost  bool          `json:"answer_lost"`
}

// afterUnknownRenewal shows the expiries as they stand after a renewal whose answer was lost:
// when every one moved on, the renewal is done (a renewal leaves no record: its expiries are
// its proof); otherwise the outcome stays unknown (exit 1).
func (a *App) afterUnknownRenewal(p *client.Planner, f writeFlags, k client.Kind, target string, systemID int, ids []int, items []renewing, cause error) error {
	if !f.asJSON {
		a.notice("bkconsole: %s", a.T("write.unknown_renew", a.lostAnswer(cause)))
	}
	ctx, cancel := a.afterFreshContext(p)
	defer cancel()
	rs, _, err := p.AfterUnknownRenewal(ctx, k, systemID, ids)
	before := make(map[int]client.Expiry, len(items))
	for _, it := range items {
		before[it.id] = it.was
	}
	if f.asJSON { // stdout stays JSON: the renewal proven, or --json's error object
		if err != nil || client.RenewedCount(rs, before) < len(items) {
			return fixCommand{cause, "write.check_again", checkCommand(k, target, true)}
		}
		return a.writeJSON(lostAnswerJSON{Renewed: ids, Days: &f.days, Permissions: renewedList(items, f.days, time.Now()), AnswerLost: true})
	}
	if err != nil {
		a.notice("%s", a.T("write.perms_unreadable", a.describeCause(err)))
	}
	for _, r := range rs {
		done := ""
		if was, ok := before[r.ID]; ok {
			done = i18n.Aside(a.L(), a.T(r.Outcome(was)))
		}
		fmt.Fprintln(a.Stdout, i18n.Label(a.L(), untrusted.Line(r.Name))+a.expiryText(r.Expiry)+done)
	}
	if err != nil {
		a.notice("%s", a.T("write.check_again", checkCommand(k, target, true)))
		return silentExit{}
	}
	done := client.RenewedCount(rs, before)
	a.notice("%s", a.T("renew.standing_count", done, len(items)))
	if done < len(items) { // not proven: the records of a renewal are its expiries alone
		a.notice("%s", a.T("write.check_again", checkCommand(k, target, true)))
		return silentExit{}
	}
	return nil // renewed, as the expiries prove
}

// sendApplication sends an application of any kind at most once and settles what its answer
// means before the kind reads it: a dry run is printed, an answer lost on the way is looked up
// in the records (sent says what to look for), a refusal made before sending is a usage error.
// handled tells the caller that err is the command's result; otherwise the application stands.
// sent gets the time it was sent and the newest record before it, for a later look-up.
func (a *App) sendApplication(ctx context.Context, p *client.Planner, f writeFlags, sent *client.Sent, send func() (client.Surface, error)) (via client.Surface, handled bool, err error) {
	if f.dryRun {
		a.tap.StopWrites()
	} else {
		sent.Newest = p.NewestRecord(ctx, sent.Kind, sent.Target)
	}
	sent.At = time.Now()
	via, err = send()
	var unknown *client.OutcomeUnknownError
	switch {
	case errors.Is(err, client.ErrDryRun):
		return via, true, a.printDryRun(err, via, f.asJSON)
	case errors.As(err, &unknown):
		// The Developer Center answers a refused application with an HTML 500, and a lost
		// answer says nothing: the records say what happened.
		return via, true, a.afterUnknownApplication(ctx, p, *sent, f, err)
	case err != nil:
		return via, true, a.usageOf(err)
	}
	return via, false, nil
}

// reportApplication prints an application's answer, the same for every kind: res as JSON, or
// the kind's lines and how to follow it; then, with --wait, await follows it to its decision.
func (a *App) reportApplication(f writeFlags, k client.Kind, via client.Surface, res any, ids []int, lines []string, await func() error) error {
	if f.asJSON {
		a.via(via)
		if err := a.writeJSON(res); err != nil {
			return err
		}
		return await()
	}
	for _, l := range lines {
		fmt.Fprintln(a.Stdout, l)
	}
	switch {
	case !client.RecordsReadable(k, via):
		a.notice("%s", a.T("apply.via_open"))
	case !f.wait:
		a.notice("%s", a.T("write.follow", followCommand(k, ids)))
	}
	a.via(via)
	return await()
}

// renewing is one permission a renewal extends: its name and its expiry before (as the
// server's seconds, and read).
type renewing struct {
	id        int
	name      string
	expiresIn *client.Seconds
	was       client.Expiry
}

// sendRenewal sends a renewal of any kind at most once and reports it: a dry run printed, a lost
// answer looked up (target and systemID say where), else the new expiries, which are known
// only once the server has renewed (a failed renewal changed nothing).
func (a *App) sendRenewal(p *client.Planner, f writeFlags, k client.Kind, target string, systemID int, ids []int, items []renewing, send func() (client.Surface, error)) error {
	if f.dryRun {
		a.tap.StopWrites()
	}
	via, err := send()
	var unknown *client.OutcomeUnknownError
	switch {
	case errors.Is(err, client.ErrDryRun):
		return a.printDryRun(err, via, f.asJSON)
	case errors.As(err, &unknown):
		return a.afterUnknownRenewal(p, f, k, target, systemID, ids, items, err)
	case err != nil:
		return err
	}
	if f.asJSON {
		a.via(via)
		return a.writeJSON(lostAnswerJSON{Renewed: ids, Days: &f.days, Permissions: renewedList(items, f.days, time.Now())})
	}
	now := time.Now()
	for _, r := range items {
		fmt.Fprintln(a.Stdout, i18n.Label(a.L(), untrusted.Line(r.name))+a.renewedExpiry(r.expiresIn, f.days, now))
	}
	fmt.Fprintln(a.Stdout, i18n.N(a.L(), "renew.done", len(ids)))
	a.via(via) // last, as every command says where its answer came from
	return nil
}

// renewedJSON is one renewed permission in --json: its new expiry, null when it never expires,
// as the text form says it.
type renewedJSON struct {
	ID        int        `json:"id"`
	Name      string     `json:"name"`
	ExpiresAt *time.Time `json:"expires_at"`
}

func renewedList(items []renewing, days int, now time.Time) []renewedJSON {
	out := make([]renewedJSON, 0, len(items))
	for _, r := range items {
		j := renewedJSON{ID: r.id, Name: r.name}
		if t := client.RenewedExpiry(r.expiresIn, days, now); !t.IsZero() {
			t = t.UTC().Truncate(time.Second)
			j.ExpiresAt = &t
		}
		out = append(out, j)
	}
	return out
}

// namesOf are the names of all, for suggesting one in place of a name that is not there.
func namesOf[T any](all []T, nameID func(T) (string, int)) []string {
	names := make([]string, 0, len(all))
	for _, x := range all {
		n, _ := nameID(x)
		names = append(names, n)
	}
	return names
}

// pickNamed maps the names (or ids) on a command line to the items they name, in their order,
// each item once however often it was named (an application carried [1047,1047]); check
// refuses a name with no item (hit nil: the refusal offers the names most like it) or an item
// the command cannot take.
func pickNamed[T any](all []T, names []string, nameID func(T) (string, int), check func(name string, hit *T) error) ([]T, error) {
	var out []T
	picked := map[*T]bool{}
	for _, n := range names {
		var hit *T
		for i := range all {
			if name, id := nameID(all[i]); name == n || strconv.Itoa(id) == n {
				hit = &all[i]
			}
		}
		if err := check(n, hit); err != nil {
			if hit == nil {
				return nil, withNearest(err, n, namesOf(all, nameID))
			}
			return nil, err
		}
		if !picked[hit] {
			picked[hit] = true
			out = append(out, *hit)
		}
	}
	return out, nil
}
