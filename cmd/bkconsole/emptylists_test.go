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
		// Each kind's list says it is that kind's, and where all are: "no application yet" had
		// stood above an app's MCP and component applications.
		{[]string{"records"}, "no API application yet (bkconsole records --all lists every kind): bkconsole apply GATEWAY [API...] --reason", "还没有接口的申请（bkconsole records --all 列出所有类型）：用 bkconsole apply GATEWAY [API...] --reason"},
		{[]string{"mcp", "records"}, "no MCP application yet (bkconsole records --all lists every kind): bkconsole mcp apply NAME... --reason", "还没有 MCP 的申请（bkconsole records --all"},
		{[]string{"components", "records"}, "no component application yet (bkconsole records --all lists every kind): bkconsole components apply SYSTEM COMPONENT... --reason", "还没有组件的申请"},
		{[]string{"records", "--status", "rejected"}, "no application matches these filters", "没有符合筛选条件的申请"},
		{[]string{"perms", "demo-echo", "--status", "rejected"}, "no permission matches these filters", "没有符合筛选条件的权限"},
		{[]string{"components", "list", "CC", "--status", "rejected"}, "no component of CC has this status", "CC 没有该状态的组件"},
		{[]string{"apis", "demo-echo", "--query", "nothing-like-it"}, `no API of demo-echo in stage prod matches "nothing-like-it"`, `网关 demo-echo 在环境 prod 中没有匹配 "nothing-like-it" 的接口`},
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

// With no profile saved but the environment set, `profiles` said only "no profile yet: run
// bkconsole login" while every command was running on the environment: it says which settings
// this run takes from where, and how to check or keep them.
func TestProfilesWithoutOneNameTheEnvironmentInUse(t *testing.T) {
	store, _ := isolate(t)
	t.Setenv("BK_APP_CODE", "my-app")
	t.Setenv("BK_APP_SECRET", "s3cret-value")
	for lang, want := range map[string][]string{
		"en": {"no profile yet", "this run uses the environment alone", "bk_app_code ← BK_APP_CODE", "bk_app_secret ← BK_APP_SECRET", "bkconsole auth status", "bkconsole login --from-env"},
		"zh": {"还没有配置", "本次运行只使用环境变量", "bk_app_code ← BK_APP_CODE", "bkconsole auth status", "bkconsole login --from-env"},
	} {
		code, out, stderr := inProcess(t, store, "", "profiles", "--lang", lang)
		for _, w := range want {
			if code != 0 || !strings.Contains(out, w) {
				t.Errorf("%s: want %q in: %d\n%s%s", lang, w, code, out, stderr)
			}
		}
		if strings.Contains(out+stderr, "s3cret-value") {
			t.Errorf("the secret was printed: %s", out)
		}
	}
	if code, out, _ := inProcess(t, store, "", "profiles", "--json"); code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("--json stays an empty list: %d %q", code, out)
	}
	// Without the environment, the sentence stays as it was.
	t.Setenv("BK_APP_CODE", "")
	t.Setenv("BK_APP_SECRET", "")
	if code, out, _ := inProcess(t, store, "", "profiles", "--lang", "en"); code != 0 || strings.Contains(out, "environment") {
		t.Errorf("no environment: %d %q", code, out)
	}
}

// A variable without a value, where no profile keeps variables (the sandbox, the environment
// alone), was told to be set with `bkconsole vars set`, which refuses there; with a profile it is.
func TestUnresolvedVariableOffersWhatWorksHere(t *testing.T) {
	store, urls := isolate(t)
	args := []string{"call", "demo-echo", "echo_post", "-d", `{"x": "{{nobody}}"}`}
	for _, lang := range []string{"en", "zh"} {
		code, _, stderr := inProcess(t, store, "", append([]string{"--sandbox", "--lang", lang}, args...)...)
		if code != 2 || !strings.Contains(stderr, "BKCONSOLE_VAR_nobody") || strings.Contains(stderr, "vars set") {
			t.Errorf("sandbox, %s: %d %s", lang, code, stderr)
		}
	}
	loginDemo(t, store, urls)
	if code, _, stderr := inProcess(t, store, "", args...); code != 2 || !strings.Contains(stderr, "bkconsole vars set") {
		t.Errorf("with a profile: %d %s", code, stderr)
	}
}

// A bk_token saved a minute ago was listed as "saved under 20 hours ago": the listing says its
// age, as auth status does (one function words it for both).
func TestProfilesSayTheTokensAge(t *testing.T) {
	store, urls := isolate(t)
	loginDemo(t, store, urls)
	for lang, want := range map[string]string{"en": "not checked (saved under a minute ago)", "zh": "未验证（不到 1 分钟前保存）"} {
		code, out, stderr := inProcess(t, store, "", "--lang", lang, "profiles")
		if code != 0 || !strings.Contains(out, want) || strings.Contains(out, "under 20 hours") || strings.Contains(out, "不到 20 小时") {
			t.Errorf("%s: exit %d\n%s%s", lang, code, out, stderr)
		}
	}
}
