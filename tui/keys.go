package tui

import (
	"fmt"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/charmbracelet/bubbles/key"
)

// GlobalKeys work on every screen (unless a text field has focus).
type GlobalKeys struct {
	Quit, ForceQuit, Back, Help, HelpAnywhere, Palette, Refresh, Lang, Records, Profile, History, Import, MCP, Components key.Binding
}

// NavKeys move in lists and documents.
type NavKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Open, Filter, NextTab, PrevTab key.Binding
}

// userKeys are the user's rebindings from the config file ("keys": action → keys), set once
// before the program starts. Every keymap is built through bind, which applies them, so a
// rebound action both answers to the new keys and shows them in the footer and the help.
var userKeys atomic.Pointer[map[string][]string]

// SetUserKeys installs the rebindings (nil: none). Call it before building a Context.
func SetUserKeys(m map[string][]string) {
	if m == nil {
		userKeys.Store(nil)
		return
	}
	userKeys.Store(&m)
}

// An action's name is its help text's catalog key without "key.": "palette", "refresh", "send".
func actionOf(helpMsg string) string { return strings.TrimPrefix(helpMsg, "key.") }

func bind(l i18n.Lang, helpKey, helpMsg string, keys ...string) key.Binding {
	if m := userKeys.Load(); m != nil {
		if ks := (*m)[actionOf(helpMsg)]; len(ks) > 0 {
			keys, helpKey = ks, strings.Join(ks, "/")
		}
	}
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, i18n.T(l, helpMsg)))
}

// KeyActions are the actions a config file may rebind.
func KeyActions() []string {
	var out []string
	for _, k := range i18n.Keys() {
		if strings.HasPrefix(k, "key.") {
			out = append(out, actionOf(k))
		}
	}
	sort.Strings(out)
	return out
}

// CheckUserKeys reports what is wrong with the rebindings: unknown actions, and two global or
// navigation actions answering to the same key (where both are live at once). Each problem
// names the action it concerns, so the caller can point at its line in the file.
func CheckUserKeys(m map[string][]string) map[string]string {
	problems := map[string]string{}
	known := map[string]bool{}
	for _, a := range KeyActions() {
		known[a] = true
	}
	for a, ks := range m {
		if !known[a] {
			problems[a] = fmt.Sprintf("unknown action %q", a)
		} else if len(ks) == 0 {
			problems[a] = fmt.Sprintf("action %q has no keys", a)
		}
	}
	prev := userKeys.Load()
	SetUserKeys(m)
	defer userKeys.Store(prev)
	g, n := newGlobalKeys(i18n.English), newNavKeys(i18n.English)
	type named struct {
		action string
		b      key.Binding
	}
	all := []named{{"quit", g.Quit}, {"back", g.Back}, {"help", g.Help}, {"palette", g.Palette}, {"refresh", g.Refresh},
		{"lang", g.Lang}, {"records", g.Records}, {"profile", g.Profile}, {"history", g.History}, {"import_curl", g.Import}, {"mcp", g.MCP}, {"components", g.Components},
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
					problems[culprit] = fmt.Sprintf("key %q of %q is also %q's", k, x.action, o)
				}
				continue
			}
			owner[k] = x.action
		}
	}
	return problems
}

func newGlobalKeys(l i18n.Lang) GlobalKeys {
	return GlobalKeys{
		Quit: bind(l, "q", "key.quit", "q"),
		// ctrl+c always quits: it is not rebindable, so a config can never lock the user in.
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", i18n.T(l, "key.quit"))),
		Back:      bind(l, "esc", "key.back", "esc"),
		Help:      bind(l, "?", "key.help", "?"),
		// f1 opens the help even where ? is a letter being typed.
		HelpAnywhere: bind(l, "f1", "key.help", "f1"),
		Palette:      bind(l, ":", "key.palette", ":", "ctrl+p"),
		Refresh:      bind(l, "r", "key.refresh", "r"),
		Lang:         bind(l, "L", "key.lang", "L"),
		Records:      bind(l, "R", "key.records", "R"),
		Profile:      bind(l, "P", "key.profile", "P"),
		History:      bind(l, "H", "key.history", "H"),
		Import:       bind(l, "I", "key.import_curl", "I"),
		MCP:          bind(l, "M", "key.mcp", "M"),
		Components:   bind(l, "E", "key.components", "E"),
	}
}

func newNavKeys(l i18n.Lang) NavKeys {
	return NavKeys{
		Up:       bind(l, "↑/k", "key.up", "up", "k"),
		Down:     bind(l, "↓/j", "key.down", "down", "j"),
		PageUp:   bind(l, "pgup", "key.pageup", "pgup", "ctrl+b"),
		PageDown: bind(l, "pgdn", "key.pagedown", "pgdown", "ctrl+f"),
		Top:      bind(l, "g", "key.top", "g", "home"),
		Bottom:   bind(l, "G", "key.bottom", "G", "end"),
		Open:     bind(l, "enter", "key.open", "enter"),
		Filter:   bind(l, "/", "key.filter", "/"),
		NextTab:  bind(l, "tab", "key.next_tab", "tab"),
		PrevTab:  bind(l, "shift+tab", "key.prev_tab", "shift+tab"),
	}
}
