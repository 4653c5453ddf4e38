package client

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client/i18n"
)

// fixtureTypes names the client type each of upstream's response examples decodes into.
var fixtureTypes = map[string]func() any{
	"v2_inner_apply_esb_system_component_permissions.1":          func() any { return new(ApplyResult) },
	"v2_inner_apply_gateway_resource_permission.1":               func() any { return new(ApplyResult) },
	"v2_inner_apply_mcp_server_permission.1":                     func() any { return new([]MCPApplyResult) },
	"v2_inner_check_is_allowed_apply_by_gateway.0":               func() any { return new(AllowApply) },
	"v2_inner_get_app_esb_component_permission_apply_record.0":   func() any { return new(ComponentRecordDetail) },
	"v2_inner_get_gateway.0":                                     func() any { return new(Gateway) },
	"v2_inner_list_app_esb_component_permission_apply_records.0": func() any { return new(Page[ComponentRecord]) },
	"v2_inner_list_app_esb_component_permissions.0":              func() any { return new([]Component) },
	"v2_inner_list_app_resource_permissions.0":                   func() any { return new([]ResourcePermission) },
	"v2_inner_list_gateway_permission_resources.0":               func() any { return new([]ResourcePermission) },
	"v2_inner_list_gateway_released_resources.0":                 func() any { return new(Page[Resource]) },
	"v2_inner_list_gateways.0":                                   func() any { return new([]Gateway) },
	"v2_inner_list_mcp_server.0":                                 func() any { return new(Page[MCPServer]) },
	"v2_inner_list_mcp_server_app_permissions.0":                 func() any { return new([]MCPServerPermission) },
	"v2_inner_list_mcp_server_permission_apply_records.0":        func() any { return new([]MCPServerRecord) },
	"v2_inner_list_mcp_server_permissions.0":                     func() any { return new([]MCPServerPermission) },
	"v2_inner_list_resource_permission_apply_records.0":          func() any { return new(Page[Record]) },
	"v2_inner_lookup_mcp_servers.0":                              func() any { return new([]MCPServer) },
	"v2_inner_renew_esb_component_permissions.1":                 nil, // 204 / empty: nothing to decode
	"v2_inner_renew_resource_permission.1":                       func() any { return new(ApplyResult) },
	"v2_inner_retrieve_mcp_server_permission_apply_record.0":     func() any { return new(MCPServerRecord) },
	"v2_open_apply_gateway_permission.2":                         func() any { return new(ApplyResult) },
	"v2_open_batch_query_mcp_servers.1":                          func() any { return new([]MCPServer) },
	"v2_open_batch_query_mcp_servers.2":                          func() any { return new([]MCPServer) },
	"v2_open_list_gateway_resources.0":                           func() any { return new([]Resource) },
	"v2_open_list_gateway_resources.1":                           func() any { return new([]Resource) },
	"v2_open_list_gateways.0":                                    func() any { return new([]Gateway) },
	"v2_open_list_mcp_server.0":                                  func() any { return new(Page[MCPServer]) },
	"v2_open_list_mcp_server_app_permissions.0":                  func() any { return new(Page[MCPAppGrant]) },
	"v2_open_list_mcp_server_app_permissions_apply_records.0":    func() any { return new(Page[MCPRecord]) },
	"v2_open_list_mcp_server_categories.0":                       func() any { return new([]MCPCategory) },
	"v2_open_list_mcp_server_permissions.0":                      func() any { return new(Page[MCPAppGrant]) },
	"v2_open_list_user_mcp_server.0":                             func() any { return new(Page[MCPServer]) },
	"v2_open_lookup_mcp_server_app_permission_apply_records.0":   func() any { return new([]MCPRecordBrief) },
	"v2_open_mcp_server_app_permissions_apply.1":                 func() any { return new([]MCPApplyResult) },
	"v2_open_retrieve_gateway_api_details.0":                     func() any { return new(ResourceDetail) },
	"v2_open_retrieve_mcp_server.0":                              func() any { return new(MCPServer) },
	"v2_open_tools_log_query_by_request_id.0":                    func() any { return new([]LogEntry) },
}

// TestUpstreamExamplesDecode decodes every response example of the gateway team's API docs
// with the client's own types, unchanged, through the same path a real answer takes.
func TestUpstreamExamplesDecode(t *testing.T) {
	dir := filepath.Join("testdata", "upstream")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) == 0 {
		t.Fatalf("no fixtures in %s", dir)
	}
	sort.Strings(files)
	responses := 0
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var top map[string]json.RawMessage
		_ = json.Unmarshal(raw, &top)
		if _, isResponse := top["data"]; !isResponse && len(top) > 0 {
			continue // a request body
		}
		responses++
		mk, known := fixtureTypes[name]
		if !known {
			t.Errorf("%s: a response example with no client type named for it", name)
			continue
		}
		var out any
		if mk != nil {
			out = mk()
		}
		if err := decodeAnswer(http.StatusOK, http.Header{}, raw, envData, name, out); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if responses < 30 {
		t.Fatalf("only %d response examples found", responses)
	}
}

// A log entry keeps the gateway's types in --json (its counts were written as strings:
// "status": "200", and null as ""), and its shown fields leave out what the gateway left empty
// (a backend with no host read "http://").
func TestLogEntryKeepsItsTypesAndLeavesOutEmpties(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "upstream", "v2_open_tools_log_query_by_request_id.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Data []LogEntry }
	if err := json.Unmarshal(raw, &doc); err != nil || len(doc.Data) != 1 {
		t.Fatalf("%v %d", err, len(doc.Data))
	}
	e := doc.Data[0]
	e.BackendDuration = "" // as a timed-out call's null
	out, err := json.Marshal([]LogEntry{e})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`[{"request_id":"61fee544-be60-4e06-85b5-23befebc2bd0","timestamp":1785998318,`, `"status":200,`,
		`"request_duration":11663,`, `"backend_duration":null,`, `"resource_id":13649,`, `"llm_summary":{`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("no %s in %s", want, out)
		}
	}
	shown := map[string]string{}
	for _, f := range e.Fields(i18n.English) {
		if f.Label == "trace.backend" || f.Label == "trace.backend_duration" || f.Label == "trace.error" {
			t.Errorf("an empty field shown: %+v", f)
		}
		shown[f.Label] = f.Value
	}
	// When, from where, and the gateway's own account of it were in the entry and not shown.
	if want := time.Unix(1785998318, 0).Local().Format("2006-01-02 15:04:05"); shown["trace.time"] != want ||
		shown["trace.client_ip"] != "10.0.6.23" || shown["trace.body"] != `{"messages": [{"role": "user", "content": "Hello"}]}` || shown["trace.response_desc"] != "the backend: the gateway called it and passed its response on as it was" {
		t.Errorf("time, client and the gateway's note: %v", shown)
	}
	for _, f := range e.Fields(i18n.Chinese) {
		if f.Label == "trace.response_desc" && f.Value != "网关已请求后端接口，并将其响应原样返回。" {
			t.Errorf("in Chinese, the gateway's words: %q", f.Value)
		}
	}
}
