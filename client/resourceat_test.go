package client

import (
	"fmt"
	"slices"
	"testing"
)

// routed are APIs as a gateway routes them.
var routed = []Resource{
	{Name: "echo_get", Method: "GET", Path: "/echo/"},
	{Name: "echo_post", Method: "POST", Path: "/echo/"},
	{Name: "echo_item", Method: "GET", Path: "/items/{item_id}/"},
	{Name: "update_item", Method: "PUT", Path: "/items/{item_id}/"},
	{Name: "item_latest", Method: "GET", Path: "/items/latest/"},
	{Name: "proxy", Method: "ANY", Path: "/proxy/{group}/*", MatchSubpath: true},
	{Name: "proxy_flag", Method: "GET", Path: "/files/", MatchSubpath: true}, // the flag alone says it
}

// ResourceAt routes as the gateway does: a literal segment before a parameter, a whole path
// before a sub-path, the method (or ANY) first.
func TestResourceAtRoutesAsTheGateway(t *testing.T) {
	rs := routed
	for _, c := range []struct{ method, path, want, params string }{
		{"GET", "/echo/", "echo_get", "map[]"},
		{"post", "/echo/", "echo_post", "map[]"},
		{"GET", "/items/42/", "echo_item", "map[item_id:42]"},
		{"GET", "/items/latest/", "item_latest", "map[]"},
		{"DELETE", "/proxy/a/b/c", "proxy", "map[]"}, // the sub-path is typed whole: no parameters
		{"GET", "/files/x/y.txt", "proxy_flag", "map[]"},
		{"PUT", "/echo/", "", "map[]"},
		{"GET", "/items//", "", "map[]"},
		{"GET", "/items/42/extra/", "", "map[]"},
		{"GET", "/proxy/a", "", "map[]"},
	} {
		got, params, ok := ResourceAt(rs, c.method, c.path)
		if got.Name != c.want || ok != (c.want != "") || fmt.Sprint(params) != c.params {
			t.Errorf("%s %s: %q %v %v, want %q %s", c.method, c.path, got.Name, params, ok, c.want, c.params)
		}
	}
}

// APIsAt names every API a path goes to, one per method; an ANY API is among them.
func TestAPIsAtNamesEachMethodsAPI(t *testing.T) {
	names := func(rs []Resource) (out []string) {
		for _, r := range rs {
			out = append(out, r.Name)
		}
		return out
	}
	for path, want := range map[string][]string{
		"/echo/":         {"echo_get", "echo_post"},
		"/items/42/":     {"echo_item", "update_item"},
		"/items/latest/": {"item_latest", "update_item"},
		"/proxy/a/b":     {"proxy"},
		"/nowhere/":      nil,
	} {
		if got := names(APIsAt(routed, path)); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", path, got, want)
		}
	}
}
