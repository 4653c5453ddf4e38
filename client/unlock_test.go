package client

import (
	"reflect"
	"testing"
)

// Ways keep the routes' order; a way that asks for more than one already there adds nothing,
// one that asks for less takes the place of those it is part of, and an empty one (a surface
// down for no reason a profile can fix) adds nothing.
func TestAddWay(t *testing.T) {
	var ways [][]string
	for _, w := range [][]string{{"developer_center_url", "bk_token"}, {"inner_grant"}, {}, {"bk_token", "developer_center_url", "inner_grant"}, {"username"}} {
		ways = addWay(ways, w)
	}
	if want := [][]string{{"developer_center_url", "bk_token"}, {"inner_grant"}, {"username"}}; !reflect.DeepEqual(ways, want) {
		t.Errorf("%v, want %v", ways, want)
	}
	ways = addWay([][]string{{"help_center_url", "bk_token"}, {"developer_center_url", "bk_token"}}, []string{"bk_token"})
	if want := [][]string{{"bk_token"}}; !reflect.DeepEqual(ways, want) {
		t.Errorf("a smaller way: %v, want %v", ways, want)
	}
	if got := needsOf([][]string{{"a", "b"}, {"b", "c"}}); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("needsOf: %v", got)
	}
}
