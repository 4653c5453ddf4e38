package client

import (
	"fmt"
	"testing"
)

// ResourceAt routes as the gateway does: a literal segment before a parameter, a whole path
// before a sub-path, the method (or ANY) first.
func TestResourceAtRoutesAsTheGateway(t *testing.T) {
	rs := []Resource{
		{Name: "echo_get", Method: "GET", Path: "/echo/"},
		{Name: "echo_post", Method: "POST", Path: "/echo/"},
		{Name: "echo_item", Method: "GET", Path: "/items/{item_id}/"},
		{Name: "item_latest", Method: "GET", Path: "/items/latest/"},
		{Name: "proxy", Method: "ANY", Path: "/proxy/{group}/*", MatchSubpath: true},
		{Name: "proxy_flag", Method: "GET", Path: "/files/", MatchSubpath: true}, // the flag alone says it
	}
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
