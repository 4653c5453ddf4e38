// Package keymap builds every key binding of the console through one door, Bind, which applies
// the user's rebindings from the config file: a rebound action answers to its new keys and
// shows them in the footer and the help.
package keymap

import (
	"sort"
	"strings"
	"sync/atomic"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/charmbracelet/bubbles/key"
)

// Global work on every screen (unless a text field has focus).
type Global struct {
	Quit, ForceQuit, Back, Help, HelpAnywhere, Palette, Refresh, Lang, Records, Profile, History, Import, MCP, Components, Saved key.Binding
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

// userKeys are the user's rebindings from the config file ("keys": action → keys), set once
// before the program starts. Every keymap is built through bind, which applies them, so a
// rebound action both answers to the new keys and shows them in the footer and the help.
var userKeys atomic.Pointer[map[string][]string]

// SetUser installs the rebindings (nil: none). Call it before building a Context.
func SetUser(m map[string][]string) {
	if m == nil {
		userKeys.Store(nil)
		return
	}
	userKeys.Store(&m)
}

// An action's name is its help text's catalog key without "key.": "palette", "refresh", "send".
func actionOf(helpMsg string) string { return strings.TrimPrefix(helpMsg, "key.") }

// Bind is a binding of keys whose help reads helpKey and the catalog's helpMsg, unless the
// user rebound the action (helpMsg without "key.").
func Bind(l i18n.Lang, helpKey, helpMsg string, keys ...string) key.Binding {
	return bind(installed(), l, helpKey, helpMsg, keys...)
}

// installed is the rebindings SetUser installed (nil: none).
func installed() map[string][]string {
	if m := userKeys.Load(); m != nil {
		return *m
	}
	return nil
}

// bind is Bind with the rebindings given, so Check can try a config's without installing it.
func bind(user map[string][]string, l i18n.Lang, helpKey, helpMsg string, keys ...string) key.Binding {
	if ks := user[actionOf(helpMsg)]; len(ks) > 0 {
		keys, helpKey = ks, strings.Join(ks, "/")
	}
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, i18n.T(l, helpMsg)))
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
	g, n := newGlobal(l, m), newNav(l, m)
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

// NewGlobal is the keys of every screen, in a language.
func NewGlobal(l i18n.Lang) Global { return newGlobal(l, installed()) }

func newGlobal(l i18n.Lang, user map[string][]string) Global {
	b := func(helpKey, helpMsg string, keys ...string) key.Binding {
		return bind(user, l, helpKey, helpMsg, keys...)
	}
	return Global{
		Quit: b("q", "key.quit", "q"),
		// ctrl+c always quits: it is not rebindable, so a config can never lock the user in.
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", i18n.T(l, "key.quit"))),
		Back:      b("esc", "key.back", "esc"),
		Help:      b("?", "key.help", "?"),
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

// NewForm is the keys of prompts and forms, in a language.
func NewForm(l i18n.Lang) Form {
	return Form{
		Yes:       Bind(l, "y", "key.yes", "y", "Y"),
		No:        Bind(l, "n", "key.no", "n", "N"),
		Done:      Bind(l, "enter", "key.done", "enter"),
		Cancel:    Bind(l, "esc", "key.cancel", "esc"),
		NextField: Bind(l, "tab", "key.next_field", "tab"),
		PrevField: Bind(l, "shift+tab", "key.prev_field", "shift+tab"),
		Left:      Bind(l, "←/h", "key.left", "left", "h"),
		Right:     Bind(l, "→/l", "key.right", "right", "l"),
		Select:    Bind(l, "space", "key.select", " "),

		ArrowUp:       key.NewBinding(key.WithKeys("up", "ctrl+k"), key.WithHelp("↑", i18n.T(l, "key.up"))),
		ArrowDown:     key.NewBinding(key.WithKeys("down", "ctrl+j"), key.WithHelp("↓", i18n.T(l, "key.down"))),
		ArrowPageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", i18n.T(l, "key.pageup"))),
		ArrowPageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", i18n.T(l, "key.pagedown"))),
	}
}

// NewNav is the keys that move in lists and documents, in a language.
func NewNav(l i18n.Lang) Nav { return newNav(l, installed()) }

func newNav(l i18n.Lang, user map[string][]string) Nav {
	b := func(helpKey, helpMsg string, keys ...string) key.Binding {
		return bind(user, l, helpKey, helpMsg, keys...)
	}
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
