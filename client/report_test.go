package client_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
)

// Addresses that answer nothing: every feature that is not served says what would unlock it,
// never an empty "add", and a reachable address is among it.
func TestReportOnUnreachableServers(t *testing.T) {
	p, err := client.NewPlanner(client.Config{HelpCenterURL: "http://127.0.0.1:1/hc", DeveloperCenterURL: "http://127.0.0.1:1/dc",
		APIURLTmpl: "http://127.0.0.1:1/api/{api_name}", AppCode: "x", AppSecret: "y", Timeout: time.Second, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	rep := p.CheckAll(context.Background())
	for _, f := range rep.Features {
		if f.Surface != "" {
			continue
		}
		if len(f.Needs) == 0 {
			t.Errorf("%s: unavailable with nothing to add", f.Feature)
		}
		if f.Feature == client.FeatureCall && !slices.Contains(f.Needs, client.NeedReachable) {
			t.Errorf("%s: %v", f.Feature, f.Needs)
		}
	}
}
