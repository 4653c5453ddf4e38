package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/keymap"
)

// The config file's keys and theme reach the console, and what is wrong with them is said at
// start-up with the file and the line: an unknown action, two actions on one key, and a file
// that cannot be read at all (before, the sandbox console dropped that one silently).
func TestConsoleSettingsFromTheConfigFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.json")
	t.Setenv("BKCONSOLE_CONFIG", path)
	app := &App{Stdout: io.Discard, Stderr: io.Discard, lang: "en"}
	var keys map[string][]string // the rebindings the console gets
	settings := func(content string) []string {
		t.Helper()
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		var notices []string
		keys, notices = app.consoleSettings()
		return notices
	}

	if n := settings(`{"keys": {"palette": ["ctrl+k"]}, "theme": {"mode": "light"}}`); len(n) != 0 {
		t.Fatalf("a good file: %v", n)
	}
	if g := keymap.New(i18n.English, keys).Global(); !strings.Contains(strings.Join(g.Palette.Keys(), " "), "ctrl+k") || g.Palette.Help().Key != "ctrl+k" {
		t.Fatalf("the rebinding is not in effect: %v %q", g.Palette.Keys(), g.Palette.Help().Key)
	}

	n := settings("{\n  \"keys\": {\n    \"palete\": [\"ctrl+k\"],\n    \"refresh\": [\"q\"]\n  }\n}\n")
	joined := strings.Join(n, "\n")
	for _, want := range []string{path + ":3:", `unknown action "palete"`, path + ":4:", `"refresh"`} {
		if !strings.Contains(joined, want) {
			t.Errorf("the notices lack %q:\n%s", want, joined)
		}
	}

	n = settings(`{"keys": {"palette": ["ctrl+k"]}, "theme": "light"}`)
	if len(n) != 1 || !strings.Contains(n[0], path) || !strings.Contains(n[0], "line 1") || !strings.Contains(n[0], "default keys") {
		t.Fatalf("an unreadable file is said, with its line: %v", n)
	}
	if g := keymap.New(i18n.English, keys).Global(); g.Palette.Help().Key != ":" {
		t.Fatalf("an unreadable file leaves the default keys: %q", g.Palette.Help().Key)
	}
	app.lang = "zh"
	if _, n := app.consoleSettings(); len(n) != 1 || !strings.Contains(n[0], "已损坏（第 1 行") || !strings.Contains(n[0], "默认按键") {
		t.Fatalf("in Chinese, the file's damage is worded in Chinese: %v", n)
	}
	// Every notice is in the user's language, the theme's and the keys' alike.
	n = settings(`{"keys": {"palete": ["x"], "refresh": ["q"]}, "theme": {"mode": "neon", "colors": {"red": "#12345z"}, "highlight": "monokai"}}`)
	joined = strings.Join(n, "\n")
	for _, want := range []string{`未知的操作 "palete"`, `的按键 "q" 已属于 "quit"`, `主题模式 "neon"`, `red 的颜色 "#12345z"`, `highlight "monokai" 已不再使用`} {
		if !strings.Contains(joined, want) {
			t.Errorf("the Chinese notices lack %q:\n%s", want, joined)
		}
	}
}
