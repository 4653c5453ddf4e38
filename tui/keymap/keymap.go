// Package keymap builds every key binding of the console through one door, Bind, which applies
// the user's rebindings from the config file: a rebound action answers to its new keys and
// shows them in the footer and the help.
package keymap

import (
	"sort"
	"strings"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/charmbracelet/bubbles/key"
)

// Global work on every screen (unless a text field has focus).
type Global struct {
	Quit, ForceQuit, Suspend, Back, Help, HelpAnywhere, Palette, Refresh, Lang, Records, Profile, History, Import, MCP, Components, Saved key.Binding
}

// Nav move in lists and documents.
type Nav struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Open, Filter, NextTab, PrevTab key.Binding
}

// Form answer in prompts, forms and filters: a yes/no question, a field's enter and esc, moving
// between fields and between choices.
type Form struct {
	Yes, No, Done, Cancel, NextField, PrevField, Left, Right, Select key.Binding
	// Arrows move in a list while its filter is typed: not rebindable, since a letter there
	// is typed.
	ArrowUp, ArrowDown, ArrowPageUp, ArrowPageDown key.Binding
}

// Keys makes a session's bindings: in its language, with the user's rebindings from the config
// file ("keys": action → keys). Every binding is made through one, so a rebound action both
// answers to the new keys and shows them in the footer and the help.
type Keys struct {
	lang i18n.Lang
	user map[string][]string
}

// New is the bindings in l with the user's rebindings (nil: none).
func New(l i18n.Lang, user map[string][]string) Keys { return Keys{lang: l, user: user} }

// Lang is the language the bindings' help is in.
func (k Keys) Lang() i18n.Lang { return k.lang }

// An action's name is its help text's catalog key without "key.": "palette", "refresh", "send".
func actionOf(helpMsg string) string { return strings.TrimPrefix(helpMsg, "key.") }

// Bind is a binding of keys whose help reads helpKey and the catalog's helpMsg, unless the
// user rebound the action (helpMsg without "key.").
func (k Keys) Bind(helpKey, helpMsg string, keys ...string) key.Binding {
	if ks := k.user[actionOf(helpMsg)]; len(ks) > 0 {
		keys, helpKey = ks, strings.Join(ks, "/")
	}
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, i18n.T(k.lang, helpMsg)))
}

// As is b's keys described as what they do on one screen (esc closes a call there): the keys
// stay the ones the action was bound to, so a rebinding shows. helpMsg gives only the words:
// no action of its own is made that a config could rebind.
func (k Keys) As(b key.Binding, helpMsg string) key.Binding {
	return key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(b.Help().Key, i18n.T(k.lang, helpMsg)))
}

// Pair is two bound keys as one footer entry ("←/→ choose"), each shown by its first key and
// keeping all its keys, so a rebinding shows (a binding of its own, "choose", had said ←/→
// while left and right were rebound). helpMsg gives the words only.
func (k Keys) Pair(a, b key.Binding, helpMsg string) key.Binding {
	first := func(x key.Binding) string { return strings.Split(x.Help().Key, "/")[0] }
	keys := append(append([]string{}, a.Keys()...), b.Keys()...)
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(first(a)+"/"+first(b), i18n.T(k.lang, helpMsg)))
}

// fixed is a binding no config may change, with its help in the bindings' language.
func (k Keys) fixed(helpKey, helpMsg string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, i18n.T(k.lang, helpMsg)))
}

// Actions are the actions a config file may rebind.
func Actions() []string {
	var out []string
	for _, k := range i18n.Keys() {
		if strings.HasPrefix(k, "key.") {
			out = append(out, actionOf(k))
		}
	}
	sort.Strings(out)
	return out
}

// Check reports what is wrong with the rebindings: unknown actions, and two global or
// navigation actions answering to the same key (where both are live at once). Each problem
// names the action it concerns, so the caller can point at its line in the file.
func Check(l i18n.Lang, m map[string][]string) map[string]string {
	problems := map[string]string{}
	known := map[string]bool{}
	for _, a := range Actions() {
		known[a] = true
	}
	for a, ks := range m {
		if !known[a] {
			problems[a] = i18n.T(l, "config.key_unknown_action", a)
		} else if len(ks) == 0 {
			problems[a] = i18n.T(l, "config.key_no_keys", a)
		}
	}
	g, n := New(l, m).Global(), New(l, m).Nav()
	type named struct {
		action string
		b      key.Binding
	}
	all := []named{{"quit", g.Quit}, {"back", g.Back}, {"help", g.Help}, {"palette", g.Palette}, {"refresh", g.Refresh},
		{"lang", g.Lang}, {"records", g.Records}, {"profile", g.Profile}, {"history", g.History}, {"import_curl", g.Import}, {"mcp", g.MCP}, {"components", g.Components}, {"saved", g.Saved},
		{"up", n.Up}, {"down", n.Down}, {"pageup", n.PageUp}, {"pagedown", n.PageDown}, {"top", n.Top}, {"bottom", n.Bottom},
		{"open", n.Open}, {"filter", n.Filter}, {"next_tab", n.NextTab}, {"prev_tab", n.PrevTab}}
	owner := map[string]string{"ctrl+c": "force quit"}
	for _, x := range all {
		for _, k := range x.b.Keys() {
			if o, ok := owner[k]; ok && o != x.action {
				culprit := x.action
				if _, mine := m[culprit]; !mine {
					culprit = o
				}
				if _, mine := m[culprit]; mine {
					problems[culprit] = i18n.T(l, "config.key_taken", k, x.action, o)
				}
				continue
			}
			owner[k] = x.action
		}
	}
	return problems
}

// Global is the keys of every screen.
func (k Keys) Global() Global {
	b := k.Bind
	return Global{
		Quit: b("q", "key.quit", "q"),
		// ctrl+c always quits: it is not rebindable, so a config can never lock the user in.
		ForceQuit: k.fixed("ctrl+c", "key.quit", "ctrl+c"),
		// ctrl+z suspends as in every terminal program (raw mode swallowed it: the shell's fg
		// was then typed into the console as keys).
		Suspend: k.fixed("ctrl+z", "key.suspend", "ctrl+z"),
		Back:    b("esc", "key.back", "esc"),
		Help:    b("?", "key.help", "?"),
		// f1 opens the help even where ? is a letter being typed.
		HelpAnywhere: b("f1", "key.help", "f1"),
		Palette:      b(":", "key.palette", ":", "ctrl+p"),
		Refresh:      b("r", "key.refresh", "r"),
		Lang:         b("L", "key.lang", "L"),
		Records:      b("R", "key.records", "R"),
		Profile:      b("P", "key.profile", "P"),
		History:      b("H", "key.history", "H"),
		Import:       b("I", "key.import_curl", "I"),
		MCP:          b("M", "key.mcp", "M"),
		Components:   b("E", "key.components", "E"),
		Saved:        b("B", "key.saved", "B"),
	}
}

// Marks are the keys of the one permission workflow on every kind's list: space marks a row,
// A applies for the marked ones and N renews them.
type Marks struct {
	Select, Apply, Renew key.Binding
}

// Marks is the keys that mark rows and apply or renew.
func (k Keys) Marks() Marks {
	b := k.Bind
	return Marks{Select: b("space", "key.select", " "), Apply: b("A", "key.apply", "A"), Renew: b("N", "key.renew", "N")}
}

// Shared are page keys that other pages' sentences name (the profile page tells of the
// console's bearer key, the saved requests of its save key): built here once, so the page that
// acts on a key and the page that tells of it agree whatever the config rebinds.
type Shared struct {
	SaveRequest, Bearer, Trace, KeepPasted, Login, Stage, MCPApply, MCPLogin key.Binding
}

// Shared is the keys one page owns and others name.
func (k Keys) Shared() Shared {
	b := k.Bind
	return Shared{
		SaveRequest: b("ctrl+g", "key.save_request", "ctrl+g"),
		Bearer:      b("ctrl+r", "key.toggle_bearer", "ctrl+r"),
		Trace:       b("t", "key.trace", "t"),
		KeepPasted:  b("S", "key.keep_pasted", "S"),
		Login:       b("n", "key.login", "n"),
		Stage:       b("S", "key.stage", "S"),
		MCPApply:    b("A", "key.mcp_apply", "A"), // on the MCP servers' list and a server's page
		MCPLogin:    b("o", "key.mcp_login", "o"),
	}
}

// Form is the keys of prompts and forms.
func (k Keys) Form() Form {
	b := k.Bind
	return Form{
		Yes:       b("y", "key.yes", "y", "Y"),
		No:        b("n", "key.no", "n", "N"),
		Done:      b("enter", "key.done", "enter"),
		Cancel:    b("esc", "key.cancel", "esc"),
		NextField: b("tab", "key.next_field", "tab"),
		PrevField: b("shift+tab", "key.prev_field", "shift+tab"),
		Left:      b("←/h", "key.left", "left", "h"),
		Right:     b("→/l", "key.right", "right", "l"),
		Select:    b("space", "key.select", " "),

		ArrowUp:       k.fixed("↑", "key.up", "up", "ctrl+k"),
		ArrowDown:     k.fixed("↓", "key.down", "down", "ctrl+j"),
		ArrowPageUp:   k.fixed("pgup", "key.pageup", "pgup"),
		ArrowPageDown: k.fixed("pgdn", "key.pagedown", "pgdown"),
	}
}

// Nav is the keys that move in lists and documents.
func (k Keys) Nav() Nav {
	b := k.Bind
	return Nav{
		Up:       b("↑/k", "key.up", "up", "k"),
		Down:     b("↓/j", "key.down", "down", "j"),
		PageUp:   b("pgup", "key.pageup", "pgup", "ctrl+b"),
		PageDown: b("pgdn", "key.pagedown", "pgdown", "ctrl+f"),
		Top:      b("g", "key.top", "g", "home"),
		Bottom:   b("G", "key.bottom", "G", "end"),
		Open:     b("enter", "key.open", "enter"),
		Filter:   b("/", "key.filter", "/"),
		NextTab:  b("tab", "key.next_tab", "tab"),
		PrevTab:  b("shift+tab", "key.prev_tab", "shift+tab"),
	}
}
