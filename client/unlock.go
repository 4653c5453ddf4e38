package client

import "slices"

// A way to unlock a feature is what one of its surfaces needs: everything in a way is needed
// together, and any one way will do. A feature served by the Developer Center, the inner APIs
// or the open APIs has three: "the Developer Center URL and a login", "an inner-API grant",
// "your username". Their flat union (Needs, kept for scripts) read as if all were needed.

// addWay adds one surface's way to ways, in the routes' order (the best surface first): an
// empty way, one already there or one that asks for more than one already there adds nothing;
// one that asks for less takes the place of those that ask for more.
func addWay(ways [][]string, way []string) [][]string {
	if len(way) == 0 {
		return ways
	}
	out := make([][]string, 0, len(ways)+1)
	for i, w := range ways {
		if within(w, way) {
			return ways
		}
		if within(way, w) {
			if !slices.ContainsFunc(out, func(o []string) bool { return slices.Equal(o, way) }) {
				out = append(out, slices.Clone(way))
			}
			continue
		}
		out = append(out, ways[i])
	}
	if !slices.ContainsFunc(out, func(o []string) bool { return slices.Equal(o, way) }) {
		out = append(out, slices.Clone(way))
	}
	return out
}

// within says whether every need in a is also in b.
func within(a, b []string) bool {
	for _, n := range a {
		if !slices.Contains(b, n) {
			return false
		}
	}
	return true
}

// needsOf is every need of every way, once, in order: the flat list scripts read.
func needsOf(ways [][]string) []string {
	var out []string
	for _, w := range ways {
		for _, n := range w {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// unlockWays are ways, or, for a report or an error made with only the flat list, that list as
// the one way.
func unlockWays(ways [][]string, needs []string) [][]string {
	if len(ways) > 0 {
		return ways
	}
	if len(needs) > 0 {
		return [][]string{needs}
	}
	return nil
}
