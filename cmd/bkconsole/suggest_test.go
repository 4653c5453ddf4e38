package main

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// A name with a typo, or with its words in another order, is offered the names most like it;
// a name like none gets no guess.
func TestNearestNames(t *testing.T) {
	names := []string{"echo_get", "echo_post", "echo_item", "update_item", "bk-cmdb", "bk-user", "JOB", "CC", "demo-echo-prod-echo", "demo-echo-prod-oauth"}
	for _, c := range []struct {
		name string
		want []string
	}{
		{"echo_gett", []string{"echo_get"}},
		{"get_echo", []string{"echo_get"}},              // the same words
		{"echo_itme", []string{"echo_item"}},            // a transposition
		{"bk-cmbd", []string{"bk-cmdb"}},                // the same in a short name
		{"JOBB", []string{"JOB"}},                       // one edit in a name of four
		{"zzzzz", nil},                                  // like nothing
		{"item", nil},                                   // a word of a name is not a typo of it
		{"echo_get", nil},                               // there: nothing to offer
		{"ECHO_GET ", []string{"echo_get"}},             // case and a stray space
		{"bk-user-prod-directry", nil},                  // long names are not all alike
		{"echo_pst", []string{"echo_post", "echo_get"}}, // nearest first
		{"demo-echo-prod", []string{"demo-echo-prod-echo", "demo-echo-prod-oauth"}}, // whole words cut short
		{"demo-echo-pr", nil}, // a word cut is not a name's beginning
		{"echo", nil},         // one word begins too much
	} {
		if got := nearest(c.name, names); !slices.Equal(got, c.want) {
			t.Errorf("nearest(%q) = %q, want %q", c.name, got, c.want)
		}
	}
	many := make([]string, 50)
	for i := range many {
		many[i] = "echo_ge" + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
	}
	if got := nearest("echo_gez", many); len(got) != maxSuggestions {
		t.Errorf("at most %d names are offered: %q", maxSuggestions, got)
	}
}

// The commands that take a name offer the nearest ones when it does not exist, in the UI
// language, in the line and in --json's message; exit 2 as before.
func TestMissingNamesOfferTheNearest(t *testing.T) {
	store, _ := isolate(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"call", "demo-echo", "get_echo"}, "did you mean echo_get?"},
		{[]string{"apply", "demo-echo", "echo_itme", "--reason", "r"}, "did you mean echo_item?"},
		{[]string{"components", "apply", "CC", "search_hosts", "--reason", "r"}, "did you mean search_host?"},
		{[]string{"mcp", "apply", "bk-user-prod-directry", "--reason", "r"}, "did you mean bk-user-prod-directory?"},
		{[]string{"--lang", "zh", "call", "demo-echo", "get_echo"}, "你要找的是不是 echo_get？"},
		{[]string{"call", "demo-echo", "get_echo", "--json"}, `did you mean echo_get?","request_id"`},
		{[]string{"call", "demo-echo", "zzzzz"}, ""},
		// A command's switch put before it: the line that works (it said "unknown flag: --json").
		{[]string{"--json", "gateways"}, "goes after it: bkconsole --sandbox gateways --json"},
		{[]string{"--lang", "zh", "--json", "mcp", "list"}, "请放在子命令之后：bkconsole --sandbox --lang zh mcp list --json"},
	} {
		code, _, stderr := inProcess(t, store, "", append([]string{"--sandbox"}, c.args...)...)
		if code != 2 || c.want != "" && !strings.Contains(stderr, c.want) || c.want == "" && strings.Contains(stderr, "did you mean") {
			t.Errorf("%v: exit %d\n%s", c.args, code, stderr)
		}
	}
	// A gateway not found is compared with the gateways earlier runs saw: no request of its own.
	if code, _, stderr := inProcess(t, store, "", "--sandbox", "gateways"); code != 0 {
		t.Fatalf("gateways: %d %s", code, stderr)
	}
	code, _, stderr := inProcess(t, store, "", "--sandbox", "apis", "bk-cmbd")
	if code != 2 || !strings.Contains(stderr, "did you mean bk-cmdb?") {
		t.Errorf("apis bk-cmbd: exit %d\n%s", code, stderr)
	}
	// So is an API whose doc is asked for, among the APIs a listing saw.
	if code, _, stderr := inProcess(t, store, "", "--sandbox", "apis", "demo-echo"); code != 0 {
		t.Fatalf("apis: %d %s", code, stderr)
	}
	code, _, stderr = inProcess(t, store, "", "--sandbox", "doc", "demo-echo", "echo_itme")
	if code != 2 || !strings.Contains(stderr, "did you mean echo_item?") {
		t.Errorf("doc demo-echo echo_itme: exit %d\n%s", code, stderr)
	}
}

// The names offered come from the server: a control sequence in one is not passed to the
// terminal.
func TestSuggestionIsStripped(t *testing.T) {
	a := &App{}
	line := a.suggestion(nearNames{errors.New("no API"), []string{"echo\x1b]52;c;aGk=\x07_get"}})
	if strings.ContainsAny(line, "\x1b\x07") || !strings.Contains(line, "echo") {
		t.Fatalf("%q", line)
	}
}

// A word after a command that takes none was "unknown command" (for a command that has no
// commands): it says the command takes no arguments, with its usage line; login and logout,
// where the word is a profile's name, say how a profile is named.
func TestWordAfterACommandThatTakesNone(t *testing.T) {
	isolate(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--lang", "en", "logout", "work"}, "a profile is named with --profile: bkconsole logout --profile work"},
		{[]string{"--lang", "zh", "login", "work"}, "用 --profile 指定配置：bkconsole login --profile work"},
		{[]string{"--lang", "en", "mcp", "list", "extra"}, "accepts 0 arg(s), received 1 — usage: bkconsole mcp list"},
		{[]string{"--lang", "zh", "gateways", "bk-user"}, "需要 0 个参数，收到了 1 个 — 查看单个网关：bkconsole gateway bk-user；筛选列表：bkconsole gateways --query bk-user — 用法：bkconsole gateways"},
	} {
		code, _, stderr := inProcess(t, nil, "", c.args...)
		if code != ExitUsage || !strings.Contains(stderr, c.want) || strings.Contains(stderr, "unknown command") || strings.Contains(stderr, "没有命令") {
			t.Errorf("%q: exit %d %s", c.args, code, stderr)
		}
	}
	_, _, stderr := inProcess(t, nil, "", "--lang", "en", "gateways", "bk-user", "--json")
	if !strings.Contains(stderr, `"hint":"one gateway: bkconsole gateway bk-user; the list filtered: bkconsole gateways --query bk-user"`) {
		t.Errorf("--json: %s", stderr)
	}
}
