package main

import (
	"cmp"
	"errors"
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"
	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"mvdan.cc/sh/v3/syntax"
)

// maxSuggestions is how many names a "did you mean" offers.
const maxSuggestions = 3

// nearest are the names most like name, nearest first: a typo a few edits away (echo_gett for
// echo_get), the same words in another order (get_echo for echo_get), or whole words cut short
// (demo-echo-prod for demo-echo-prod-echo and demo-echo-prod-oauth). A gateway may have 50,000
// APIs, so names whose length alone puts them too far are passed over unmeasured.
func nearest(name string, names []string) []string {
	type scored struct {
		name string
		dist int
	}
	limit := 1 // a typo in a short name; two (a transposition) or three in a longer one
	if len(name) >= 5 {
		limit = min(3, max(2, len(name)/4))
	}
	words := wordSet(name)
	var near []scored
	taken := map[string]bool{name: true}
	for _, n := range names {
		switch {
		case taken[n]:
			continue
		case words != "" && wordSet(n) == words:
			near, taken[n] = append(near, scored{n, 1}), true
		case words != "" && wordsBegin(n, name):
			near, taken[n] = append(near, scored{n, limit + 1}), true // after every typo
		case abs(len(n)-len(name)) <= limit:
			if d := levenshtein.ComputeDistance(strings.ToLower(name), strings.ToLower(n)); d <= limit {
				near, taken[n] = append(near, scored{n, d}), true
			}
		}
	}
	slices.SortFunc(near, func(a, b scored) int { return cmp.Or(a.dist-b.dist, strings.Compare(a.name, b.name)) })
	var out []string
	for _, s := range near[:min(len(near), maxSuggestions)] {
		out = append(out, s.name)
	}
	return out
}

// wordSet is a name's words, sorted and lower case ("" for a name of one word): names made of
// the same words compare equal.
func wordSet(name string) string {
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '_' || r == '-' || r == '.' || r == ' ' })
	if len(words) < 2 {
		return ""
	}
	slices.Sort(words)
	return strings.Join(words, " ")
}

// wordsBegin tells whether name's first words are all of prefix's, whole (a name of two
// words or more: "demo" alone begins too much).
func wordsBegin(name, prefix string) bool {
	name, prefix = strings.ToLower(name), strings.ToLower(strings.TrimSpace(prefix))
	rest, ok := strings.CutPrefix(name, prefix)
	return ok && rest != "" && strings.ContainsRune("_-.", rune(rest[0]))
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// withNearFlags offers, for an unknown flag, the command's flags most like it: a typo, or a
// flag that has every word typed (--within for --expiring-within); pflag offers none.
// misplacedFlag is the command line that works when a command's flag was put before it
// ("bkconsole --json gateways": cobra takes the command's name for the flag's value and finds
// no command, so the root says it does not know --json), or "" when that is not what happened.
func misplacedFlag(root, c *cobra.Command, argv []string, err error) string {
	typed, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok || c != root {
		return ""
	}
	typed, _, _ = strings.Cut(typed, "=")
	cmd, path := root, []string{"bkconsole"}
	for _, w := range argv {
		if sub, _, ferr := cmd.Find([]string{w}); !strings.HasPrefix(w, "-") && ferr == nil && sub != cmd {
			cmd, path = sub, append(path, sub.Name())
		}
	}
	f := cmd.Flags().Lookup(typed)
	if cmd == root || f == nil {
		return ""
	}
	if f.NoOptDefVal == "" { // it takes a value: which word was meant for it is not known
		return strings.Join(append(path, "… --"+typed), " ")
	}
	// A switch (--json): the same line with it moved to the end.
	line := []string{"bkconsole"}
	for _, w := range argv {
		if w != "--"+typed && !strings.HasPrefix(w, "--"+typed+"=") {
			if q, err := syntax.Quote(w, syntax.LangPOSIX); err == nil {
				w = q // as the shell wants it back: "--reason 'two words'"
			}
			line = append(line, w)
		}
	}
	return strings.Join(append(line, "--"+typed), " ")
}

func withNearFlags(c *cobra.Command, err error) error {
	typed, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return err
	}
	var names, near []string
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	near = nearest(typed, names)
	for _, n := range names {
		if !slices.Contains(near, n) && len(near) < maxSuggestions && hasWords(n, typed) {
			near = append(near, n)
		}
	}
	for i := range near {
		near[i] = "--" + near[i]
	}
	if len(near) == 0 {
		return err
	}
	return nearNames{err, near}
}

// hasWords tells whether name has every word of typed, whole.
func hasWords(name, typed string) bool {
	split := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == '-' || r == '_' })
	}
	words := split(name)
	for _, w := range split(typed) {
		if !slices.Contains(words, w) {
			return false
		}
	}
	return typed != ""
}

// nearNames is an error about a name that does not exist, with the names most like it; the
// command's error line offers them ("did you mean …?"), in the UI language.
type nearNames struct {
	error
	near []string
}

func (e nearNames) Unwrap() error { return e.error }

// withNearest adds to err, about the name missing, the names of all most like it.
func withNearest(err error, missing string, all []string) error {
	if near := nearest(missing, all); len(near) > 0 {
		return nearNames{err, near}
	}
	return err
}

// suggestion is what err offers in place of a missing name, as a line's tail ("" for none).
func (a *App) suggestion(err error) string {
	if errors.As(err, new(extraWord)) {
		if hint := a.extraWordHint(err); hint != "" {
			return " — " + hint
		}
		return ""
	}
	var nn nearNames
	if !errors.As(err, &nn) {
		nn.near = a.nearSeen(err)
	}
	if len(nn.near) == 0 {
		return ""
	}
	return a.T("notfound.near", untrusted.Line(strings.Join(nn.near, ", "))) // server names
}

// extraWordHint is what a word given to a command that takes none was likely meant as, or "".
func (a *App) extraWordHint(err error) string {
	var ew extraWord
	if !errors.As(err, &ew) {
		return ""
	}
	if key, ok := extraWordHints[ew.path[strings.LastIndex(ew.path, " ")+1:]]; ok {
		return a.T(key, ew.path, shellWord(ew.args[0]))
	}
	return ""
}

// nearSeen are, for a gateway, a system, an MCP server or a gateway's API (its doc) not
// found, the names most like it among those this run and earlier ones saw (the completion
// file): the error path sends no request of its own.
func (a *App) nearSeen(err error) []string {
	var nf *client.ErrNotFound
	if !errors.As(err, &nf) {
		return nil
	}
	old, now := a.loadSeen(), a.seen()
	var names []string
	switch nf.What {
	case "gateway":
		names = slices.Concat(now.Gateways, old.Gateways)
	case "mcp":
		names = slices.Concat(now.MCP, old.MCP)
	case "doc", "api":
		names = slices.Concat(now.APIs[nf.Gateway], a.loadSeenAPIs(nf.Gateway))
	case "system":
		for _, m := range []map[string][]string{now.Systems, old.Systems} {
			for sys := range m {
				names = append(names, sys)
			}
		}
	}
	return nearest(nf.Name, names)
}

// asSystem turns "no gateway X" into the components command when X is a component system this
// run or an earlier one saw: perms --all lists components with their system where a gateway
// stands, and apply and renew are for gateway APIs.
func (a *App) asSystem(err error, verb string, args []string, tail string) error {
	var nf *client.ErrNotFound
	if !errors.As(err, &nf) || nf.What != "gateway" {
		return err
	}
	for _, m := range []map[string][]string{a.seen().Systems, a.loadSeen().Systems} {
		for sys := range m {
			if strings.EqualFold(sys, nf.Name) {
				quoted := make([]string, len(args))
				for i, x := range args {
					quoted[i] = shellWord(x)
				}
				return fixCommand{err, "fix.is_system", "bkconsole components " + verb + " " + strings.Join(quoted, " ") + tail}
			}
		}
	}
	return err
}

// shellWord is s as one word of a shell command line: as it is when plain, else single-quoted.
func shellWord(s string) string {
	if completable().MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
