package tui

import (
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/charmbracelet/bubbles/key"
)

// GlobalKeys work on every screen (unless a text field has focus).
type GlobalKeys struct {
	Quit, ForceQuit, Back, Help, HelpAnywhere, Palette, Refresh, Lang, Records, Profile, History, Import key.Binding
}

// NavKeys move in lists and documents.
type NavKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Open, Filter, NextTab, PrevTab key.Binding
}

func bind(l i18n.Lang, helpKey, helpMsg string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, i18n.T(l, helpMsg)))
}

func newGlobalKeys(l i18n.Lang) GlobalKeys {
	return GlobalKeys{
		Quit:      bind(l, "q", "key.quit", "q"),
		ForceQuit: bind(l, "ctrl+c", "key.quit", "ctrl+c"),
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
