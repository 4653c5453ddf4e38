package client_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/sandbox"
)

// BenchmarkDecode50kResources decodes a Help Center answer of 50,000 APIs.
func BenchmarkDecode50kResources(b *testing.B) {
	var rows []map[string]any
	for i := 0; i < 50000; i++ {
		rows = append(rows, map[string]any{"id": i, "name": fmt.Sprintf("get_order_%05d", i), "kind": "standard",
			"description": "Get order number " + fmt.Sprint(i), "method": "GET", "path": fmt.Sprintf("/v1/orders/%05d/{order_id}/", i),
			"verified_user_required": false, "verified_app_required": true, "resource_perm_required": true, "allow_apply_permission": true,
			"oauth2_public_client_enabled": false, "oauth2_personal_client_enabled": false, "labels": []map[string]any{{"id": 1, "name": "order"}}})
	}
	body, _ := json.Marshal(map[string]any{"data": rows})
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var w struct {
			Data []client.Resource `json:"data"`
		}
		if err := json.Unmarshal(body, &w); err != nil || len(w.Data) != 50000 {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad50kOverHTTP asks the sandbox (size knob) for 50,000 APIs over loopback.
func BenchmarkLoad50kOverHTTP(b *testing.B) {
	sb, _ := sandbox.New(sandbox.Options{ExtraAPIs: 50000})
	srv := httptest.NewServer(sb)
	defer srv.Close()
	u := sandbox.URLsFor(srv.URL)
	p, _ := client.NewPlanner(client.Config{HelpCenterURL: u.HelpCenterURL, APIURLTmpl: u.APIURLTmpl, BkToken: sandbox.DemoBkToken})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rs, _, err := p.Resources(ctx, "bench-gw", "prod")
		if err != nil || len(rs) != 50000 {
			b.Fatal(err, len(rs))
		}
	}
}
