package client_test

import (
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/sandbox"
)

// faultEnv serves the sandbox with one fault class always on.
func faultEnv(t *testing.T, f sandbox.Faults) (client.Config, func(sandbox.Faults)) {
	t.Helper()
	f.Seed = 1
	sb, err := sandbox.New(sandbox.Options{Faults: f})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	u := sandbox.URLsFor(srv.URL)
	cfg := client.Config{HelpCenterURL: u.HelpCenterURL, DeveloperCenterURL: u.DeveloperCenterURL, APIURLTmpl: u.APIURLTmpl,
		AppCode: sandbox.DemoAppCode, AppSecret: sandbox.DemoAppSecret, BkToken: sandbox.DemoBkToken, Username: sandbox.DemoUsername,
		Timeout: 2 * time.Second, Retries: 2}
	return cfg, nil
}

func TestFaultClasses(t *testing.T) {
	cases := []struct {
		name  string
		fault sandbox.Faults
		check func(error) bool
	}{
		{"5xx envelope", sandbox.Faults{ErrorRate: 1}, func(err error) bool {
			var g *client.GatewayError
			return errors.As(err, &g) && g.Status == 503 && g.CodeName == "SERVICE_UNAVAILABLE" && client.HintOf(err).Fix == client.FixRetryLater
		}},
		{"connection reset", sandbox.Faults{ResetRate: 1}, func(err error) bool {
			var te *client.TransportError
			return errors.As(err, &te) && client.HintOf(err).Meaning == "net.broken" // it was reached
		}},
		{"html page", sandbox.Faults{HTMLRate: 1}, func(err error) bool {
			var nj *client.NotJSONError
			return errors.As(err, &nj) && nj.Status == 502 && len(nj.Head) > 0
		}},
		{"truncated body", sandbox.Faults{Truncate: 1}, func(err error) bool {
			var nj *client.NotJSONError
			return errors.As(err, &nj) && nj.Status == 200
		}},
		{"latency past the timeout", sandbox.Faults{Latency: 3 * time.Second}, func(err error) bool {
			return client.HintOf(err).Meaning == "net.timeout"
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, _ := faultEnv(t, c.fault)
			cfg.Retries = -1
			o := client.NewOpen(mustTransport(t, cfg))
			_, err := o.Gateways(ctx, "")
			if err == nil || !c.check(err) {
				t.Fatalf("read: %T %v", err, err)
			}
		})
	}
}

// TestReadsRetryWritesDoNot: with half the answers failing, reads get through on a retry;
// a write is sent once and its failure reported as it is.
func TestReadsRetryWritesDoNot(t *testing.T) {
	cfg, _ := faultEnv(t, sandbox.Faults{ErrorRate: 0.5})
	cfg.Retries = 6
	p, _ := client.NewPlanner(cfg)
	for i := 0; i < 5; i++ {
		if _, _, err := p.Gateways(ctx, ""); err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
	}
	cfg2, _ := faultEnv(t, sandbox.Faults{ErrorRate: 1})
	cfg2.Retries = 6
	p2, _ := client.NewPlanner(cfg2)
	start := time.Now()
	_, _, err := p2.Apply(ctx, client.ApplyRequest{Gateway: "bk-user", ResourceIDs: []int{1002}, Reason: "r", ExpireDays: 180})
	var g *client.GatewayError
	if !errors.As(err, &g) || g.Status != 503 {
		t.Fatalf("write: %v", err)
	}
	if time.Since(start) > time.Second {
		t.Error("a write is not retried (no back-off waited)")
	}
	resp, _, err := p2.Call(ctx, client.CallRequest{Gateway: "demo-echo", Path: "/echo/"})
	if err != nil || resp.Status != 503 || resp.Gateway == nil {
		t.Fatalf("a test call reports the fault: %v %+v", err, resp)
	}
}
