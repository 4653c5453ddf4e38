package client_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/sandbox"
)

// faultProxy stands in front of the sandbox and spoils the first POST it sees in one way,
// counting the POSTs that arrive and those that reach the sandbox.
type faultProxy struct {
	mode    string
	mu      sync.Mutex
	arrived int // POSTs the proxy saw
	reached int // POSTs the sandbox got
	spoiled bool
	// whole: the answer had no body to cut (D's 204 to an MCP application), so it arrived whole.
	whole bool
}

func (f *faultProxy) counts() (int, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.arrived, f.reached
}

func newFaultProxy(t *testing.T, sb http.Handler, mode string) (*faultProxy, string) {
	inner := httptest.NewServer(sb)
	t.Cleanup(inner.Close)
	u, _ := url.Parse(inner.URL)
	rp := httputil.NewSingleHostReverseProxy(u)
	f := &faultProxy{mode: mode}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			rp.ServeHTTP(w, r)
			return
		}
		f.mu.Lock()
		if f.mode == "none yet" { // setting up (what a renewal renews made owned): no fault
			f.mu.Unlock()
			rp.ServeHTTP(w, r)
			return
		}
		f.arrived++
		first := !f.spoiled
		f.spoiled = true
		f.mu.Unlock()
		reach := func() *httptest.ResponseRecorder {
			f.mu.Lock()
			f.reached++
			f.mu.Unlock()
			rec := httptest.NewRecorder()
			rp.ServeHTTP(rec, r)
			return rec
		}
		if !first {
			rp.ServeHTTP(w, r)
			f.mu.Lock()
			f.reached++
			f.mu.Unlock()
			return
		}
		switch f.mode {
		case "refused before acting": // D's login refused: nothing done, another surface may be tried
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(401)
			io.WriteString(w, `{"code": "Unauthorized", "detail": "login expired", "login_url": {"full": "", "simple": ""}}`)
		case "html 500 before reaching the server":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(500)
			io.WriteString(w, "<html><body><h1>Server Error (500)</h1></body></html>")
		case "reset after reaching it":
			reach()
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
		case "timeout after reaching it":
			reach()
			time.Sleep(1500 * time.Millisecond)
			w.WriteHeader(504)
		case "cut body after reaching it":
			rec := reach()
			if rec.Body.Len() == 0 {
				f.mu.Lock()
				f.whole = true
				f.mu.Unlock()
				w.WriteHeader(rec.Code)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "400")
			w.WriteHeader(rec.Code)
			body := rec.Body.Bytes()
			w.Write(body[:len(body)/2])
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
		}
	}))
	t.Cleanup(srv.Close)
	return f, srv.URL
}

// kindCase drives one kind of permission through the workflow.
type kindCase struct {
	kind client.Kind
	// prepare may apply and approve first (for a renewal); apply sends the application; sent
	// describes it; renew sends a renewal (nil: the kind has none).
	apply func(p *client.Planner) error
	sent  client.Sent
	renew func(p *client.Planner) error
	owned func(t *testing.T, e *env, p *client.Planner) // makes what renew renews owned
}

func kindCases(t *testing.T) []kindCase {
	return []kindCase{
		{kind: client.KindAPI,
			apply: func(p *client.Planner) error {
				_, _, err := p.Apply(ctx, client.ApplyRequest{Gateway: "demo-echo", ResourceIDs: []int{apiID(t, p, "patch_item")}, ResourceNames: []string{"patch_item"}, Reason: "faults", ExpireDays: 180})
				return err
			},
			sent: client.Sent{Kind: client.KindAPI, Target: "demo-echo", Items: []string{"patch_item"}, Reason: "faults"},
			owned: func(t *testing.T, e *env, p *client.Planner) {
				if _, _, err := p.Apply(ctx, client.ApplyRequest{Gateway: "demo-echo", ResourceIDs: []int{apiID(t, p, "echo_item")}, Reason: "own", ExpireDays: 180}); err != nil {
					t.Fatal(err)
				}
				e.clock.Add(10 * time.Second)
			},
			renew: func(p *client.Planner) error {
				_, err := p.Renew(ctx, []int{apiID(t, p, "echo_item")}, 180)
				return err
			}},
		{kind: client.KindMCP,
			apply: func(p *client.Planner) error {
				_, _, err := p.MCPApply(ctx, client.MCPApplyRequest{ServerIDs: []int{1, 2}, Reason: "faults"})
				return err
			},
			sent: client.Sent{Kind: client.KindMCP, Items: []string{"demo-echo-prod-echo", "bk-user-prod-directory"}, Reason: "faults"}},
		{kind: client.KindComponent,
			apply: func(p *client.Planner) error {
				_, _, err := p.ComponentApply(ctx, client.ComponentApplyRequest{SystemID: 1, ComponentIDs: []int{5002}, Reason: "faults", ExpireDays: 180})
				return err
			},
			sent: client.Sent{Kind: client.KindComponent, Target: "CC", Items: []string{"search_host"}, Reason: "faults"},
			owned: func(t *testing.T, e *env, p *client.Planner) {
				if _, _, err := p.ComponentApply(ctx, client.ComponentApplyRequest{SystemID: 1, ComponentIDs: []int{5001}, Reason: "own", ExpireDays: 180}); err != nil {
					t.Fatal(err)
				}
				e.clock.Add(10 * time.Second)
			},
			renew: func(p *client.Planner) error {
				_, err := p.ComponentRenew(ctx, []int{5001}, 180)
				return err
			}},
	}
}

func apiID(t *testing.T, p *client.Planner, name string) int {
	ps, _, err := p.PermissionStatus(ctx, "demo-echo")
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range ps {
		if x.Name == name {
			return x.ID
		}
	}
	t.Fatalf("no %s", name)
	return 0
}

var faultModes = []string{"refused before acting", "html 500 before reaching the server", "reset after reaching it",
	"timeout after reaching it", "cut body after reaching it"}

// Every fault × apply and renew × every kind: the write is sent once (a second POST only to
// another surface after a refusal before acting); a lost answer is unknown, and the records
// prove an application only when this send made it.
func TestEveryKindSurvivesEveryFault(t *testing.T) {
	for _, kc := range kindCases(t) {
		for _, mode := range faultModes {
			for _, op := range []string{"apply", "renew"} {
				if op == "renew" && kc.renew == nil {
					continue // MCP permissions do not expire and cannot be renewed
				}
				t.Run(string(kc.kind)+"/"+op+"/"+mode, func(t *testing.T) {
					c := &clock{t: time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)}
					sb, err := sandbox.New(sandbox.Options{Now: c.Now, LogDelay: time.Millisecond, DecideAfter: 5 * time.Second})
					if err != nil {
						t.Fatal(err)
					}
					proxy, base := newFaultProxy(t, sb, "none yet")
					e := &env{clock: c, urls: sandbox.URLsFor(base)}
					cfg := e.cfg()
					cfg.Timeout = time.Second
					p := e.planner(t, cfg)
					if op == "renew" {
						kc.owned(t, e, p)
					}
					proxy.mu.Lock()
					proxy.mode, proxy.arrived, proxy.reached, proxy.spoiled = mode, 0, 0, false
					proxy.mu.Unlock()
					sent := kc.sent
					sent.Newest = p.NewestRecord(ctx, sent.Kind, sent.Target)
					sent.At = c.Now()
					if op == "apply" {
						err = kc.apply(p)
					} else {
						err = kc.renew(p)
					}
					arrived, reached := proxy.counts()
					var unknown *client.OutcomeUnknownError
					switch mode {
					case "refused before acting":
						// D refused without acting: the write went to I instead, once.
						if err != nil || arrived != 2 || reached != 1 {
							t.Fatalf("err %v, %d POSTs arrived, %d reached the server", err, arrived, reached)
						}
						return
					default:
						if proxy.whole && err == nil && arrived == 1 && reached == 1 {
							return // nothing was cut: the write succeeded, once
						}
						if !errors.As(err, &unknown) || arrived != 1 || reached > 1 {
							t.Fatalf("want an unknown outcome after one POST: %T %v, %d arrived, %d reached", err, err, arrived, reached)
						}
					}
					if op == "renew" {
						return // a renewal leaves no record: it stays unknown
					}
					found, ferr := p.FindApplication(ctx, sent)
					if ferr != nil {
						t.Fatal(ferr)
					}
					if made := reached == 1; found.Proven != made {
						t.Fatalf("reached the server: %v; records prove it: %+v", made, found)
					}
				})
			}
		}
	}
}

// An earlier record of the same gateway for another API, or with another reason, never proves
// an application.
func TestOlderRecordsProveNothing(t *testing.T) {
	e := newEnv(t, sandbox.Options{DecideAfter: time.Second})
	p := e.planner(t, e.cfg())
	if _, _, err := p.Apply(ctx, client.ApplyRequest{Gateway: "demo-echo", ResourceIDs: []int{apiID(t, p, "echo_item")}, Reason: "earlier", ExpireDays: 180}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []client.Sent{
		{Kind: client.KindAPI, Target: "demo-echo", Items: []string{"patch_item"}, Reason: "earlier", At: e.clock.Now()},
		{Kind: client.KindAPI, Target: "demo-echo", Items: []string{"echo_item"}, Reason: "another reason", At: e.clock.Now()},
		{Kind: client.KindAPI, Target: "demo-echo", Items: []string{"echo_item"}, Reason: "earlier", At: e.clock.Now(), Newest: 1 << 30},
	} {
		if f, err := p.FindApplication(ctx, s); err != nil || f.Proven {
			t.Errorf("%+v proved by %+v (%v)", s, f, err)
		}
	}
	if f, _ := p.FindApplication(ctx, client.Sent{Kind: client.KindAPI, Target: "demo-echo", Items: []string{"echo_item"}, Reason: "earlier", At: e.clock.Now()}); !f.Proven {
		t.Errorf("the record of this application was not found: %+v", f)
	}
}

// The limits are one rule for every kind, checked before anything is sent.
func TestOneValidationForEveryKind(t *testing.T) {
	long := strings.Repeat("x", client.MaxReason+1)
	for _, c := range []struct {
		k      client.Kind
		reason string
		days   int
		items  int
		key    string
	}{
		{client.KindAPI, "", 180, 1, "input.empty_reason"},
		{client.KindMCP, long, 0, 1, "input.reason_too_long"},
		{client.KindComponent, long, 180, 1, "input.reason_too_long"},
		{client.KindComponent, "r", 90, 1, "input.bad_days"},
		{client.KindMCP, "r", 0, 51, "input.mcp_count"},
		{client.KindComponent, "r", 180, 0, "input.no_apis"},
	} {
		var ue *client.ErrUserInput
		if err := client.CheckApplication(c.k, c.reason, c.days, c.items); !errors.As(err, &ue) || ue.Key != c.key {
			t.Errorf("%+v: %v", c, err)
		}
	}
	if err := client.CheckApplication(client.KindMCP, "r", 0, 50); err != nil {
		t.Errorf("50 servers: %v", err)
	}
	var ue *client.ErrUserInput
	if err := client.CheckRenewal(make([]int, 101), 180); !errors.As(err, &ue) || ue.Key != "input.renew_count" {
		t.Errorf("101 renewals: %v", err)
	}
	// The planner checks a component application too, before sending anything.
	e := newEnv(t, sandbox.Options{})
	if _, _, err := e.planner(t, e.cfg()).ComponentApply(ctx, client.ComponentApplyRequest{SystemID: 1, ComponentIDs: []int{5002}, Reason: long, ExpireDays: 180}); !errors.As(err, &ue) {
		t.Errorf("a long reason for a component: %v", err)
	}
}

// After a lost answer, an expiry that moved on says the renewal was done; one where it was, or
// an expired one still expired, says it was not.
func TestRenewedOutcome(t *testing.T) {
	in := func(d int64) client.Expiry { return client.Expiry{Kind: client.ExpiryIn, Days: d} }
	for _, c := range []struct {
		before, after client.Expiry
		want          string
	}{
		{in(400), in(580), "renew.was_done"},
		{in(400), in(400), "renew.not_done"},
		{client.Expiry{Kind: client.ExpiryExpired, Days: 3}, in(180), "renew.was_done"},
		{client.Expiry{Kind: client.ExpiryExpired}, client.Expiry{Kind: client.ExpiryExpired}, "renew.not_done"},
		{in(10), client.Expiry{Kind: client.ExpiryNever}, "renew.was_done"},
		{client.Expiry{Kind: client.ExpiryNever}, client.Expiry{Kind: client.ExpiryNever}, "renew.not_done"},
	} {
		if got := (client.Renewed{Name: "x", Expiry: c.after}).Outcome(c.before); got != c.want {
			t.Errorf("%+v → %+v: %s, want %s", c.before, c.after, got, c.want)
		}
	}
}
