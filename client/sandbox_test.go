package client_test

import (
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/sandbox"
)

// clock is a settable time source, so tests decide when applications are decided.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type env struct {
	srv   *httptest.Server
	clock *clock
	urls  sandbox.URLs
}

func newEnv(t *testing.T, opts sandbox.Options) *env {
	t.Helper()
	c := &clock{t: time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)}
	if opts.Now == nil {
		opts.Now = c.Now
	}
	if opts.LogDelay == 0 {
		opts.LogDelay = time.Millisecond
	}
	sb, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb) // listens on 127.0.0.1
	t.Cleanup(srv.Close)
	return &env{srv: srv, clock: c, urls: sandbox.URLsFor(srv.URL)}
}

// cfg is a full profile for the demo app: every surface reachable.
func (e *env) cfg() client.Config {
	return client.Config{HelpCenterURL: e.urls.HelpCenterURL, DeveloperCenterURL: e.urls.DeveloperCenterURL,
		APIURLTmpl: e.urls.APIURLTmpl, AppCode: sandbox.DemoAppCode, AppSecret: sandbox.DemoAppSecret,
		BkToken: sandbox.DemoBkToken, Username: sandbox.DemoUsername, Timeout: 5 * time.Second, Retries: -1}
}

// appOnly is a profile with app credentials and nothing else.
func (e *env) appOnly(code, secret string) client.Config {
	return client.Config{APIURLTmpl: e.urls.APIURLTmpl, AppCode: code, AppSecret: secret, Username: sandbox.DemoUsername,
		Timeout: 5 * time.Second, Retries: -1}
}

func (e *env) transport(t *testing.T, cfg client.Config) *client.Transport {
	t.Helper()
	tr, err := client.NewTransport(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func (e *env) planner(t *testing.T, cfg client.Config) *client.Planner {
	t.Helper()
	p, err := client.NewPlanner(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
