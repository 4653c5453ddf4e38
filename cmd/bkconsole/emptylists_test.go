package main

import (
	"strings"
	"testing"
)

// A listing with nothing in it says how something comes to be there, in the reader's language;
// it had printed its headings alone ("NAME  VALUE  SOURCE"). --json stays an empty list.
func TestEmptyListingsSayHowToFillThem(t *testing.T) {
	store, urls := isolate(t)
	loginDemo(t, store, urls, "--developer-center-url", urls.DeveloperCenterURL, "--username", "demo-user")
	for _, c := range []struct {
		args   []string
		en, zh string
	}{
		{[]string{"vars", "list"}, "no variable yet: bkconsole vars set NAME VALUE", "还没有变量：bkconsole vars set 名称 值"},
		{[]string{"requests", "list"}, "bkconsole call … --save NAME saves one", "bkconsole call … --save 名称 可保存一个"},
		{[]string{"records"}, "no application yet: bkconsole apply GATEWAY [API...] --reason", "还没有申请：用 bkconsole apply GATEWAY [API...] --reason"},
		{[]string{"mcp", "records"}, "bkconsole mcp apply NAME... --reason", "bkconsole mcp apply NAME... --reason"},
		{[]string{"components", "records"}, "bkconsole components apply SYSTEM COMPONENT... --reason", "bkconsole components apply SYSTEM COMPONENT..."},
		{[]string{"records", "--status", "rejected"}, "no application matches these filters", "没有符合筛选条件的申请"},
		{[]string{"perms", "demo-echo", "--status", "rejected"}, "no permission matches these filters", "没有符合筛选条件的权限"},
		{[]string{"components", "list", "CC", "--status", "rejected"}, "no component of CC has this status", "CC 没有该状态的组件"},
	} {
		for lang, want := range map[string]string{"en": c.en, "zh": c.zh} {
			code, out, stderr := inProcess(t, store, "", append(c.args, "--lang", lang)...)
			if code != 0 || !strings.Contains(out, want) || strings.Contains(strings.TrimSpace(out), "\n") { // one sentence, no headings
				t.Errorf("%v %s: %d\n%s%s", c.args, lang, code, out, stderr)
			}
		}
		if code, out, _ := inProcess(t, store, "", append(c.args, "--json")...); code != 0 || strings.TrimSpace(out) != "[]" {
			t.Errorf("%v --json: %d %q", c.args, code, out)
		}
	}
	// Where no profile keeps variables (the sandbox), the empty list names what works there: it
	// offered vars set, which refuses there.
	for lang, want := range map[string]string{"en": "no variable: with no profile here, give them with --var name=value", "zh": "当前没有配置，请用 --var 名称=值"} {
		if code, out, stderr := inProcess(t, store, "", "--sandbox", "--lang", lang, "vars", "list"); code != 0 || !strings.Contains(out, want) {
			t.Errorf("vars list in the sandbox, %s: %d %s%s", lang, code, out, stderr)
		}
	}
}
