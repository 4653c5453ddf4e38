package mcp

import (
	"encoding/json"
	"testing"
)

// The form starts with each group's required members only, and names the optional ones.
func TestToolArgsInTheProxyShape(t *testing.T) {
	schema := json.RawMessage(`{"type": "object", "required": ["path_param", "body_param"], "properties": {
		"path_param": {"type": "object", "required": ["item_id"], "properties": {"item_id": {"type": "string"}}},
		"query_param": {"type": "object", "properties": {"fields": {"type": "array", "items": {"type": "string"}}, "page": {"type": "integer"}}},
		"header_param": {"type": "object", "properties": {"X-Request-Source": {"type": "string"}}},
		"body_param": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "count": {"type": "integer"}}}}}`)
	var got map[string]map[string]any
	if err := json.Unmarshal([]byte(argsSkeleton(schema)), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || got["path_param"]["item_id"] != "" || len(got["query_param"]) != 0 || len(got["header_param"]) != 0 ||
		got["body_param"]["name"] != "" || got["body_param"]["count"] != nil {
		t.Fatalf("skeleton: %v", got)
	}
	if h := argsHint(schema); h != "body_param: count; header_param: X-Request-Source; query_param: fields[], page" {
		t.Fatalf("hint: %q", h)
	}
}
