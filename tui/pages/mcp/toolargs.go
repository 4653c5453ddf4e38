package mcp

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/bkconsole/bkconsole/tui/components"
)

// A tool's arguments, in the MCP proxy's shape (path_param, query_param, header_param,
// body_param): the form starts from its input schema.

// argsSkeleton starts a tool's arguments from its input schema, in the proxy's shape: each
// group (path_param, query_param, header_param, body_param) with only its required members, so
// nothing optional is sent as a made-up zero; argsHint names the optional ones.
func argsSkeleton(schema json.RawMessage) string {
	var m map[string]any
	if json.Unmarshal(schema, &m) != nil {
		return "{}"
	}
	props, _ := m["properties"].(map[string]any)
	out := map[string]any{}
	for name, g := range props {
		out[name] = components.Skeleton(requiredOnly(g), 1)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return "{}"
	}
	return string(b)
}

// requiredOnly is an object schema keeping only its required properties.
func requiredOnly(schema any) any {
	m, _ := schema.(map[string]any)
	if m == nil || (m["type"] != "object" && m["type"] != nil) {
		return schema
	}
	props, _ := m["properties"].(map[string]any)
	req, _ := m["required"].([]any)
	kept := map[string]any{}
	for _, r := range req {
		if name, ok := r.(string); ok && props[name] != nil {
			kept[name] = props[name]
		}
	}
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	out["properties"] = kept
	return out
}

// argsHint lists each group's optional members (a list-valued one with []), for the call form.
func argsHint(schema json.RawMessage) string {
	var m map[string]any
	if json.Unmarshal(schema, &m) != nil {
		return ""
	}
	props, _ := m["properties"].(map[string]any)
	groups := make([]string, 0, len(props))
	for name := range props {
		groups = append(groups, name)
	}
	sort.Strings(groups)
	var parts []string
	for _, name := range groups {
		g, _ := props[name].(map[string]any)
		members, _ := g["properties"].(map[string]any)
		req := map[string]bool{}
		if rs, ok := g["required"].([]any); ok {
			for _, r := range rs {
				if s, ok := r.(string); ok {
					req[s] = true
				}
			}
		}
		var opt []string
		for k, v := range members {
			if req[k] {
				continue
			}
			if vm, _ := v.(map[string]any); vm["type"] == "array" {
				k += "[]"
			}
			opt = append(opt, k)
		}
		if len(opt) > 0 {
			sort.Strings(opt)
			parts = append(parts, name+": "+strings.Join(opt, ", "))
		}
	}
	return strings.Join(parts, "; ")
}
