package client

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// APIAt reads a gateway stage's APIs with list (the planner's Resources, or a backend's) and
// names the one a request of method (GET when empty) to path goes to, with the parameters the
// path fills (ResourceAt). found is false when none does; err is the list's, unread.
func APIAt(ctx context.Context, list func(ctx context.Context, gateway, stage string) ([]Resource, Surface, error),
	gateway, stage, method, path string) (res Resource, params map[string]string, found bool, err error) {
	rs, _, err := list(ctx, gateway, stage)
	if err != nil {
		return Resource{}, nil, false, err
	}
	res, params, found = ResourceAt(rs, cmp.Or(method, "GET"), path)
	return res, params, found, nil
}

// ResourceAt is the API a request of this method to this path (the part after the stage) goes
// to, as the gateway routes it: a literal segment wins over a {parameter}, a whole path over a
// sub-path match ("/*"); params are the {parameters} the path fills (none for a sub-path
// match). ok is false when no API of rs matches. A call or a pasted curl command that names a
// path, not an API, is named by it (the command that applies for it, the console's title).
func ResourceAt(rs []Resource, method, path string) (res Resource, params map[string]string, ok bool) {
	bestRank := -1
	for _, r := range rs {
		if !strings.EqualFold(r.Method, method) && r.Method != "ANY" {
			continue
		}
		if rank, ok := pathRank(r, path); ok && (bestRank < 0 || rank < bestRank) {
			res, bestRank = r, rank
		}
	}
	if bestRank < 0 {
		return Resource{}, nil, false
	}
	if bestRank < subpathRank {
		params = map[string]string{}
		want, got := strings.Split(res.Path, "/"), strings.Split(path, "/")
		for i, w := range want {
			if w != got[i] {
				params[w[1:len(w)-1]] = got[i]
			}
		}
	}
	return res, params, true
}

// APIsAt are the APIs requests to path go to, one for each method that takes it: a path names
// one API, or several where several methods take it (GET and PUT /items/{item_id}/).
func APIsAt(rs []Resource, path string) []Resource {
	methods := []string{"GET"} // an ANY API is found by any method
	for _, r := range rs {
		if m := strings.ToUpper(r.Method); m != "ANY" && !slices.Contains(methods, m) {
			methods = append(methods, m)
		}
	}
	var out []Resource
	for _, m := range methods {
		if res, _, ok := ResourceAt(rs, m, path); ok && !slices.ContainsFunc(out, func(x Resource) bool { return x.Name == res.Name }) {
			out = append(out, res)
		}
	}
	return out
}

// subpathRank is what a sub-path match costs: more than any whole path.
const subpathRank = 1000

// pathRank matches a concrete path against a resource's path template: lower is more exact
// (each {parameter} filled costs one; matching by sub-path costs more than any whole path).
func pathRank(r Resource, path string) (int, bool) {
	tmpl, sub := r.Path, r.MatchSubpath
	if t, ok := strings.CutSuffix(tmpl, "*"); ok {
		tmpl, sub = t, true
	}
	want, got := strings.Split(tmpl, "/"), strings.Split(path, "/")
	if sub {
		// "/proxy/{group}/" matches "/proxy/a/any/thing": its segments, then anything.
		want = want[:len(want)-1]
		if len(got) <= len(want) {
			return 0, false
		}
		got = got[:len(want)]
	}
	if len(want) != len(got) {
		return 0, false
	}
	rank := 0
	for i, w := range want {
		switch {
		case w == got[i]:
		case len(w) > 2 && w[0] == '{' && w[len(w)-1] == '}' && got[i] != "":
			rank++
		default:
			return 0, false
		}
	}
	if sub {
		rank += subpathRank
	}
	return rank, true
}
