package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/sandbox"
	"github.com/bkconsole/bkconsole/keystore"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// inProcess runs one command line in this process with buffers and the given secret store.
func inProcess(t *testing.T, store keystore.Secrets, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	app := &App{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(stdin), Secrets: store}
	code = runApp(app, args)
	return code, out.String(), errb.String()
}

// Commands take their streams and secret store from the App, so a login, the keyring's
// contents and a command that reads them run in-process on go-keyring's mock, no D-Bus session.
func TestLoginInProcessWithMockKeyring(t *testing.T) {
	store, urls := isolate(t)
	dir := os.Getenv("HOME")
	code, _, stderr := inProcess(t, store, sandbox.DemoAppSecret+"\n", "login", "--profile", "demo", "--app-code", sandbox.DemoAppCode,
		"--api-url-tmpl", urls.APIURLTmpl, "--secret-stdin")
	if code != 0 {
		t.Fatalf("login: %d %s", code, stderr)
	}
	if v, err := store.Get("demo", keystore.AppSecret); err != nil || v != sandbox.DemoAppSecret {
		t.Fatalf("the secret is in the (mock) keyring: %q %v", v, err)
	}
	cfg, _ := os.ReadFile(filepath.Join(dir, "config", "bkconsole", "config.json"))
	if strings.Contains(string(cfg), sandbox.DemoAppSecret) {
		t.Fatal("the secret reached the config file")
	}
	code, stdout, stderr := inProcess(t, store, "", "profiles", "--json")
	var views []struct {
		Name    string `json:"name"`
		Secrets map[string]struct {
			Source string `json:"source"`
		} `json:"secrets"`
	}
	if err := json.Unmarshal([]byte(stdout), &views); code != 0 || err != nil || len(views) != 1 || views[0].Secrets["bk_app_secret"].Source != "keyring" {
		t.Fatalf("profiles: %d %v %s %s", code, err, stdout, stderr)
	}
	// A command that needs the secret gets it from the store.
	code, stdout, stderr = inProcess(t, store, "", "call", "demo-echo", "/echo/", "-X", "GET")
	if code != 0 || !strings.Contains(stdout, `"app_code":"bkc-demo"`) {
		t.Fatalf("call with the keyring's secret: %d %s %s", code, stdout, stderr)
	}
}

// With the keyring out of reach, every profile's secrets are unknown, not the first one's only
// (the keyring is asked once, and the profiles after it said "missing"); a bk_token saved
// before shows its age. The TUI's profile list says the same.
func TestUnreachableKeyringLeavesEveryProfileUnknown(t *testing.T) {
	store, urls := isolate(t)
	for _, name := range []string{"one", "two"} {
		if code, _, stderr := inProcess(t, store, sandbox.DemoAppSecret+"\n"+sandbox.DemoBkToken+"\n", "login", "--profile", name,
			"--app-code", sandbox.DemoAppCode, "--api-url-tmpl", urls.APIURLTmpl, "--secret-stdin", "--token-stdin", "--no-verify"); code != 0 {
			t.Fatalf("login %s: %d %s", name, code, stderr)
		}
	}
	code, stdout, stderr := inProcess(t, unreachableKeyring{}, "", "profiles")
	if code != 0 || strings.Count(stdout, "unknown (the keyring is not reachable)") != 6 || strings.Contains(stdout, "missing") ||
		strings.Count(stdout, "(saved under a minute ago)") != 2 {
		t.Errorf("profiles without the keyring: %d\n%s%s", code, stdout, stderr)
	}
	ps, _, err := (&profileStore{a: &App{Secrets: unreachableKeyring{}}}).List()
	if err != nil || len(ps) != 2 {
		t.Fatalf("the TUI's list: %v %+v", err, ps)
	}
	for _, p := range ps {
		if p.Secrets["bk_app_secret"].From != "keyring_unreachable" || p.Token != "fresh" {
			t.Errorf("the TUI's %s: %+v %s", p.Name, p.Secrets, p.Token)
		}
	}
	// auth status says the same of the login (it said "no bk_token").
	t.Setenv("BK_APP_SECRET", sandbox.DemoAppSecret)
	if _, stdout, _ := inProcess(t, unreachableKeyring{}, "", "auth", "status"); !strings.Contains(stdout,
		"User login (bk_token): unknown (the keyring is not reachable) (saved under a minute ago)") {
		t.Errorf("auth status without the keyring:\n%s", stdout)
	}
}

// A command's options struct runs on its own, as cli/cli's do: the flags set as fields, the
// app's streams and the planner injected, no command line parsed (the cobra command only fills
// the struct).
func TestOptionsRunOnTheirOwn(t *testing.T) {
	dir := t.TempDir()
	for k, v := range map[string]string{"HOME": dir, "XDG_CONFIG_HOME": filepath.Join(dir, "config"),
		"XDG_STATE_HOME": filepath.Join(dir, "state"), "XDG_CACHE_HOME": filepath.Join(dir, "cache")} {
		t.Setenv(k, v)
	}
	var out, errb bytes.Buffer
	app := &App{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""), useSandbox: true}
	defer app.Close()
	o := &apisOptions{cmdBase: cmdBase{app: app, args: []string{"demo-echo"}}, asJSON: true}
	p, err := app.Planner()
	if err != nil {
		t.Fatal(err)
	}
	if err := o.runWith(context.Background(), p); err != nil {
		t.Fatalf("apis: %v %s", err, errb.String())
	}
	var apis []struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(out.Bytes(), &apis); err != nil || len(apis) < 5 || apis[0].Name == "" {
		t.Fatalf("apis --json through its options: %v %.200s", err, out.String())
	}
	bad := &apisOptions{cmdBase: cmdBase{app: app, args: []string{"demo-echo"}}, stage: "no such/stage"}
	if err := bad.validate(); err == nil || !strings.Contains(err.Error(), "no such/stage") {
		t.Fatalf("a bad stage is refused before anything is sent: %v", err)
	}
}

// Every command's help is in both languages: in Chinese (--lang zh, or LANG) each command's
// text, each flag's and cobra's headings are Chinese, and so are shell completion's
// descriptions; in English they are as written. Every text of the tree, cobra's own commands
// included, has its Chinese (helpInChinese), punctuated in Chinese.
func TestHelpIsInBothLanguages(t *testing.T) {
	t.Setenv("LANG", "C.UTF-8")
	for _, args := range [][]string{{"--help"}, {"components", "records", "--help"}, {"help", "mcp", "login"}, {"mcp", "apply", "--help"}} {
		_, en, _ := inProcess(t, nil, "", append([]string{"--lang", "en"}, args...)...)
		_, zh, _ := inProcess(t, nil, "", append([]string{"--lang", "zh"}, args...)...)
		if !strings.Contains(en, "Usage:") || !strings.Contains(en, "Flags:") || strings.Contains(en, "用法") {
			t.Errorf("%v in English:\n%s", args, en)
		}
		if !strings.Contains(zh, "用法：") || !strings.Contains(zh, "参数：") || strings.Contains(zh, "Usage:") || strings.Contains(zh, "(default ") {
			t.Errorf("%v in Chinese:\n%s", args, zh)
		}
	}
	t.Setenv("LANG", "zh_CN.UTF-8")
	if _, out, _ := inProcess(t, nil, "", "records", "--help"); !strings.Contains(out, "你的申请记录") || !strings.Contains(out, "显示 records 的帮助") {
		t.Errorf("LANG=zh_CN: %s", out)
	}
	if _, out, _ := inProcess(t, nil, "", "__complete", ""); !strings.Contains(out, "apis\t列出网关的接口") {
		t.Errorf("shell completion in Chinese: %s", out)
	}

	root := (&App{}).rootCommand()
	root.InitDefaultHelpCmd()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		texts := []string{c.Short, c.Long}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) { texts = append(texts, f.Usage) })
		for _, s := range texts {
			if _, known := helpInChinese()[s]; s != "" && !known && inChinese(s) == s {
				t.Errorf("%s: no Chinese for %q", c.CommandPath(), s)
			}
			if line := i18n.MixedPunctuation(inChinese(s)); line != "" {
				t.Errorf("%s: English punctuation after Chinese: %q", c.CommandPath(), line)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// A mistake in the command line is exit 2 with cobra's sentence in English and its Chinese
// in Chinese; a command group refuses a subcommand it does not have (cobra showed its help
// and exited 0).
func TestUsageMistakesInBothLanguages(t *testing.T) {
	for _, c := range []struct {
		args   []string
		en, zh string
	}{
		{[]string{"records", "--status", "bogus"}, `invalid argument "bogus" for "--status" flag: one of pending`, `参数 --status 的值 "bogus" 无效：可选 pending`},
		{[]string{"records", "1", "2"}, "accepts at most 1 arg(s), received 2 — usage: bkconsole records [ID]", "最多接受 1 个参数，收到了 2 个 — 用法：bkconsole records [ID]"},
		// A wrong count of arguments says which they are.
		{[]string{"apis"}, "accepts 1 arg(s), received 0 — usage: bkconsole apis GATEWAY", "需要 1 个参数，收到了 0 个 — 用法：bkconsole apis GATEWAY"},
		// doc's own --lang (the doc's language) sets the messages' too, before its arguments are counted.
		{[]string{"doc", "demo-echo"}, "accepts 2 arg(s), received 1 — usage: bkconsole doc GATEWAY API", "需要 2 个参数，收到了 1 个 — 用法：bkconsole doc GATEWAY API"},
		// A value of the wrong type says what it should be, not which Go function refused it.
		{[]string{"renew", "demo-echo", "--days", "abc"}, `invalid argument "abc" for "--days" flag: a whole number, such as 180`, `参数 --days 的值 "abc" 无效：须为整数，如 180`},
		{[]string{"renew", "demo-echo", "--days", "99999999999999999999"}, `flag: too large`, `无效：数值过大`},
		{[]string{"--timeout", "abc", "gateways"}, `invalid argument "abc" for "--timeout" flag: a duration, such as 30s, 5m or 1h`, `须为时长，如 30s、5m 或 1h`},
		{[]string{"apply", "demo-echo", "--wait=maybe"}, `flag: true or false`, `须为 true 或 false`},
		// An application without a reason, of every kind, says which flag gives it.
		{[]string{"apply", "demo-echo", "echo_item"}, "the reason is required — give it with --reason '…'", "申请理由必填 — 请用 --reason '…' 给出"},
		{[]string{"mcp", "apply", "demo-echo-prod-echo"}, "the reason is required — give it with --reason '…'", "申请理由必填 — 请用 --reason '…' 给出"},
		{[]string{"components", "apply", "CC", "search_host"}, "the reason is required — give it with --reason '…'", "申请理由必填 — 请用 --reason '…' 给出"},
		{[]string{"records", "--bogus"}, "unknown flag: --bogus", "未知参数：--bogus"},
		{[]string{"mcp", "frob"}, `unknown command "frob" for "bkconsole mcp"`, `bkconsole mcp 没有命令 "frob"`},
		// A mistyped command is offered the commands most like it (it was not, cobra.NoArgs).
		{[]string{"recrods"}, `unknown command "recrods" for "bkconsole" — did you mean records?`, `你要找的是不是 records？`},
		{[]string{"mcp", "lst"}, `unknown command "lst" for "bkconsole mcp" — did you mean list?`, `你要找的是不是 list？`},
		// --wait-max 0 ended the wait before the first look, with Go's "context deadline exceeded".
		{[]string{"records", "1", "--wait", "--wait-max", "0"}, "--wait-max: a positive duration such as 10m, not 0s", "--wait-max：须为正的时长，如 10m，而不是 0s"},
		{[]string{"mcp", "apply", "demo-echo-prod-echo", "--reason", "r", "--wait", "--wait-max", "-1s"}, "--wait-max: a positive duration such as 10m, not -1s", "而不是 -1s"},
		{[]string{"mcp", "login", "demo-echo-prod-oauth", "--no-browser", "--wait", "0"}, "--wait: a positive duration such as 5m, not 0s", "--wait：须为正的时长，如 5m，而不是 0s"},
		// --expiring-within 0 listed every permission, as if no filter was given.
		{[]string{"perms", "--all", "--expiring-within", "0"}, "--expiring-within takes a number of days, 1 or more, not 0", "--expiring-within 应为天数（1 或以上），而不是 0"},
		// So is a help topic that names no command (it printed the root's help and exited 0).
		{[]string{"help", "recrods"}, `unknown command "recrods" for "bkconsole" — did you mean records?`, `你要找的是不是 records？`},
		{[]string{"help", "mcp", "lst"}, `unknown command "lst" for "bkconsole mcp" — did you mean list?`, `你要找的是不是 list？`},
		// So is a mistyped flag, or one named by one of its words.
		{[]string{"perms", "--all", "--within", "30"}, "unknown flag: --within — did you mean --expiring-within?", "你要找的是不是 --expiring-within？"},
		{[]string{"records", "--stauts", "pending"}, "unknown flag: --stauts — did you mean --status?", "你要找的是不是 --status？"},
		{[]string{"components", "records", "--wait"}, "--wait needs a record ID: bkconsole components records ID --wait", "--wait 需要指定记录 ID：bkconsole components records ID --wait"}, {[]string{"records", "--wait"}, "--wait needs a record ID: bkconsole records ID --wait", "--wait 需要指定记录 ID：bkconsole records ID --wait"},
		{[]string{"mcp", "apply", "demo-echo-prod-echo", "--reason", "r", "--days", "180"}, "an MCP server's permission does not expire", "MCP 服务的权限不会过期"},
		// Tool arguments that are not an object say what they are, not Go's decoder's words
		// ("cannot unmarshal array into Go value of type map[string]json.RawMessage").
		{[]string{"mcp", "call", "demo-echo-prod-echo", "echo_get", "[1]"}, "the tool's arguments must be a JSON object {…}, not a list", "工具参数应为 JSON 对象 {…}，而不是列表"},
		{[]string{"mcp", "call", "demo-echo-prod-echo", "echo_get", `{"a":`}, "not a JSON object: invalid JSON at line 1, column 5: it ends before it is complete", "JSON 不合法（第 1 行第 5 列）：内容不完整"},
		// -X on an API whose method is fixed was dropped without a word (a GET went out); a
		// method the gateway does not route was sent.
		{[]string{"call", "demo-echo", "echo_get", "-X", "POST"}, "echo_get is called with GET, not POST: -X chooses the method of an ANY API, or of a path (bkconsole call demo-echo /echo/ -X …)",
			"echo_get 只能用 GET 调用，不能用 POST"},
		{[]string{"snippet", "demo-echo", "any_proxy", "--path-param", "group=a", "--path-param", "name=b", "-X", "BREW"}, "BREW is not a method the gateway routes: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS",
			"BREW 不是网关支持的方法"},
		// A path parameter the path does not take is refused (it was dropped without a word).
		{[]string{"call", "demo-echo", "echo_item", "--path-param", "item_id=1", "--path-param", "itemid=2"},
			"--path-param: itemid is not a parameter of the path /items/{item_id}/ (it takes item_id)", "路径 /items/{item_id}/ 没有参数 itemid（它的参数：item_id）"},
		{[]string{"snippet", "demo-echo", "echo_get", "--path-param", "x=1"}, "x is not a parameter of the path /echo/, which takes none", "路径 /echo/ 不带任何参数，没有 x"},
		{[]string{"call", "demo-echo", "files", "--path-param", "subpath=a/b"}, "give the path itself: bkconsole call demo-echo /files/…", "请直接给出路径：bkconsole call demo-echo /files/…"},
	} {
		for lang, want := range map[string]string{"en": c.en, "zh": c.zh} {
			code, _, stderr := inProcess(t, nil, "", append([]string{"--sandbox", "--lang", lang}, c.args...)...)
			if code != ExitUsage || !strings.Contains(stderr, want) {
				t.Errorf("%s %v: exit %d %s", lang, c.args, code, stderr)
			}
		}
	}
	// On a command that prints a program, --lang given the program's language says --to.
	for _, args := range [][]string{{"snippet", "demo-echo", "echo_get"}, {"components", "snippet", "CC", "search_host"}} {
		code, _, stderr := inProcess(t, nil, "", append([]string{"--sandbox"}, append(args, "--lang", "python")...)...)
		if code != ExitUsage || !strings.Contains(stderr, "the program's language is --to python") {
			t.Errorf("%v --lang python: exit %d %s", args, code, stderr)
		}
	}
	if code, out, _ := inProcess(t, nil, "", "help", "call", "demo-echo"); code != 0 || !strings.Contains(out, "Call an API through the gateway") {
		t.Errorf("help of a command given its arguments: exit %d %s", code, out)
	}
	if code, out, _ := inProcess(t, nil, "", "mcp"); code != 0 || !strings.Contains(out, "Available Commands:") {
		t.Errorf("mcp alone shows its help: exit %d %s", code, out)
	}
	// With --json the code names it: the command line, not an exit number.
	if _, _, stderr := inProcess(t, nil, "", "--sandbox", "mcp", "show", "--json"); !strings.Contains(stderr, `"code":"usage"`) || !strings.Contains(stderr, "usage: bkconsole mcp show NAME") {
		t.Errorf("mcp show --json: %s", stderr)
	}
}

// A flag that names something to act on, given empty (a script's unset variable), is refused
// before anything is sent: each did something else without a word (--save "" sent and saved
// nothing, --message "" sent the model an empty body, --write "" printed instead of writing).
func TestEmptyValuesAreRefused(t *testing.T) {
	isolate(t)
	for _, c := range []struct {
		args   []string
		en, zh string
	}{
		{[]string{"call", "demo-echo", "echo_post", "-d", "{}", "--save", ""}, "--save is empty: give it a value, or leave the flag out", "--save 的值为空：请给出一个值，或去掉该参数"},
		{[]string{"call", "bkai-demo", "chat_completions", "--message", " "}, "--message is empty", "--message 的值为空"},
		{[]string{"call", "--from-curl", ""}, "--from-curl is empty", "--from-curl 的值为空"},
		{[]string{"mcp", "config", "demo-echo-prod-echo", "--secrets", "env", "--write="}, "--write is empty", "--write 的值为空"},
		{[]string{"requests", "list", "--collection", ""}, "--collection is empty", "--collection 的值为空"},
		// A script's unset $STAGE called prod, $PROFILE the active profile, and $FILTER printed a
		// table where JSON was asked for.
		{[]string{"call", "demo-echo", "echo_get", "--stage", ""}, "--stage is empty", "--stage 的值为空"},
		{[]string{"apis", "demo-echo", "-s", " "}, "--stage is empty", "--stage 的值为空"},
		{[]string{"gateways", "--profile="}, "--profile is empty", "--profile 的值为空"},
		{[]string{"gateways", "--jq", ""}, "--jq is empty", "--jq 的值为空"},
		// --model and --no-stream without a message sent the model an empty one.
		{[]string{"call", "bkai-demo", "chat_completions", "--no-stream"}, "--model and --no-stream shape a message: give it with --message '…'", "请用 --message '…' 给出消息"},
		{[]string{"snippet", "bkai-demo", "chat_completions", "--model", "m"}, "give it with --message '…'", "请用 --message '…' 给出消息"},
		// A name refused for its first character said only which characters a name may hold.
		{[]string{"call", "demo-echo", "echo_post", "--save=-rf"}, "starting with a letter or digit", "以字母或数字开头"},
		// A Windows device name was saved as CON.yaml: no file on Windows, a shared collection
		// would not check out there.
		{[]string{"call", "demo-echo", "echo_post", "--save", "CON"}, "not a Windows device name such as CON or NUL", "不能是 CON、NUL 等 Windows 设备名"},
		// An ANY API called without -X said "ANY is not a method the gateway routes", a method
		// the user never gave.
		{[]string{"call", "demo-echo", "any_proxy", "--path-param", "group=a", "--path-param", "name=b"}, "any_proxy takes any method: choose one with -X (GET, POST", "any_proxy 接受任意方法：请用 -X 选择一个（GET, POST"},
		{[]string{"snippet", "demo-echo", "any_proxy"}, "any_proxy takes any method: choose one with -X", "any_proxy 接受任意方法"},
	} {
		for lang, want := range map[string]string{"en": c.en, "zh": c.zh} {
			code, stdout, stderr := inProcess(t, nil, "", append([]string{"--sandbox", "--lang", lang}, c.args...)...)
			if code != ExitUsage || !strings.Contains(stderr, want) || stdout != "" || strings.Contains(stderr, "HTTP/") {
				t.Errorf("%s %q: exit %d %q %s", lang, c.args, code, stdout, stderr)
			}
		}
	}
	if code, _, stderr := inProcess(t, nil, "", "--lang", "zh", "login", "--profile", "_x"); code != ExitUsage || !strings.Contains(stderr, "以字母或数字开头") {
		t.Errorf("login --profile _x: exit %d %s", code, stderr)
	}
	// An empty line for the secret (echo "$UNSET" | …) saved the profile "with its secrets in
	// the OS keyring"; it is no secret, as no line is.
	code, stdout, stderr := inProcess(t, &memSecrets{}, "\n", "login", "--profile", "p", "--app-code", "a", "--api-url-tmpl", "http://127.0.0.1:1/api/{api_name}", "--secret-stdin", "--no-verify")
	if code != ExitUsage || stdout != "" || !strings.Contains(stderr, "no secret on stdin") {
		t.Errorf("an empty secret: exit %d %q %s", code, stdout, stderr)
	}
}

// A name that does not exist is exit 2 and says, for every kind, where the names that do are
// listed, in both languages; --json gives the meaning's code and the same hint.
func TestNotFoundSaysWhereNamesAreListed(t *testing.T) {
	isolate(t)
	for _, c := range []struct {
		args     []string
		en, zh   string
		jsonCode string
	}{
		{[]string{"apis", "nosuch"}, "bkconsole gateways --query NAME", "查看网关列表", "notfound.gateway"},
		{[]string{"sdks", "nosuch"}, `there is no gateway "nosuch"`, "查看网关列表", "notfound.gateway"},     // it said "not found … check the path and method"
		{[]string{"doc", "nosuch", "x"}, `there is no gateway "nosuch"`, "查看网关列表", "notfound.gateway"}, // it said "nosuch has no doc for x"
		// Where an API was looked for, the fix names it: the command runs as given.
		{[]string{"doc", "demo-echo", "nosuch", "--stage", "test"}, "bkconsole apis demo-echo --stage test", "查看该网关在此环境的接口：bkconsole apis demo-echo --stage test", "notfound.doc"},
		{[]string{"doc", "demo-echo", ""}, `demo-echo has no doc for "" in stage prod`, `网关 demo-echo 的 prod 环境中没有 "" 的文档`, "notfound.doc"}, // "no doc for  in stage"
		{[]string{"call", "demo-echo", "echo_gett"}, `demo-echo has no API "echo_gett" in stage prod — list its APIs in that stage: bkconsole apis demo-echo --stage prod`, "网关 demo-echo 的 prod 环境中没有接口", "notfound.api"},
		{[]string{"components", "list", "nosuch"}, "bkconsole components systems", "查看系统列表", "notfound.system"},
		{[]string{"mcp", "show", "nosuch"}, "bkconsole mcp list", "查看 MCP 服务列表", "notfound.mcp"},
		{[]string{"records", "99999"}, "bkconsole records", "", "notfound.record"},
		// A record of another kind is listed by that kind's command (all said "bkconsole records").
		{[]string{"mcp", "records", "99999"}, "list the MCP server records: bkconsole mcp records", "查看 MCP 服务申请记录：bkconsole mcp records", "notfound.record"},
		{[]string{"components", "records", "99999"}, "list the component records: bkconsole components records", "查看组件申请记录：bkconsole components records", "notfound.record"},
		// An application or a renewal naming what is not there, of every kind, as the others
		// (they had said code "usage" with no hint).
		{[]string{"apply", "demo-echo", "nosuch", "--reason", "r"}, `demo-echo has no API "nosuch" to apply for or renew — list its APIs and this app's permissions: bkconsole perms demo-echo`, "查看该网关的接口及本应用的权限：bkconsole perms demo-echo", "notfound.perm"},
		{[]string{"renew", "demo-echo", "nosuch"}, "bkconsole perms demo-echo", "bkconsole perms demo-echo", "notfound.perm"},
		{[]string{"components", "apply", "CC", "nosuch", "--reason", "r"}, `no component "nosuch" in system CC — list its components: bkconsole components list CC`, "系统 CC 中没有组件", "notfound.component"},
		{[]string{"mcp", "apply", "nosuch", "--reason", "r"}, "bkconsole mcp list", "查看 MCP 服务列表", "notfound.mcp"},
		// A stage the gateway does not have is not a missing gateway: its stages are named.
		{[]string{"apis", "demo-echo", "--stage", "nope"}, `no stage "nope" (it has: prod, test)`, "现有：prod, test", "notfound.stage"},
	} {
		for lang, want := range map[string]string{"en": c.en, "zh": c.zh} {
			code, _, stderr := inProcess(t, nil, "", append([]string{"--sandbox", "--lang", lang}, c.args...)...)
			if code != ExitUsage || !strings.Contains(stderr, want) {
				t.Errorf("%v in %s: exit %d, %s", c.args, lang, code, stderr)
			}
		}
		_, _, stderr := inProcess(t, nil, "", append(append([]string{"--sandbox"}, c.args...), "--json")...)
		var e struct {
			Error struct{ Code, Hint, Message string }
		}
		if err := json.Unmarshal([]byte(stderr), &e); err != nil || e.Error.Code != c.jsonCode || !strings.Contains(e.Error.Message, c.en) {
			t.Errorf("%v --json: %v %s", c.args, err, stderr)
		}
	}
}

// An application that cannot help is refused before anything is sent, for every kind
// (Grant.Applicable, MCPPermission.Applicable): one for a permission nobody needs, one for a
// permission owned (renewing is the way: an approved application would set now + days), and a
// second one while the first waits (the inner API would make another record, or refuse an MCP
// one).
func TestApplyRefusesWhatCannotBeAppliedFor(t *testing.T) {
	isolate(t)
	run := func(args ...string) (int, string) {
		code, _, stderr := inProcess(t, nil, "", append([]string{"--sandbox", "--lang", "en"}, args...)...)
		return code, stderr
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"apply", "demo-echo", "echo_get", "--reason", "r"}, "echo_get is unlimited: any app may call it without applying"},
		{[]string{"components", "apply", "CC", "get_biz_location", "--reason", "r"}, "get_biz_location is unlimited: any app may call it without applying"},
		{[]string{"apply", "bk-legacy-job", "execute_job", "--reason", "r"}, "execute_job is owned already: renew it to extend it"},
	} {
		if code, stderr := run(c.args...); code != ExitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %s", c.args, code, stderr)
		}
	}
	// Owned for good, there is nothing to apply for (it had been told to renew).
	_, urls := isolate(t)
	asDemoApp(t, urls)
	if code, _, stderr := inProcess(t, nil, "", "renew", "bk-legacy-job", "execute_job", "--days", "0"); code != 0 {
		t.Fatalf("made permanent: %d %s", code, stderr)
	}
	if code, _, stderr := inProcess(t, nil, "", "apply", "bk-legacy-job", "execute_job", "--reason", "r"); code != ExitUsage || !strings.Contains(stderr, "execute_job is owned and never expires: there is nothing to apply for") {
		t.Errorf("applying for a permanent permission: exit %d, %s", code, stderr)
	}
	if code, stderr := run("apply", "demo-echo", "echo_item", "--reason", "r"); code != 0 {
		t.Fatalf("the first application: exit %d, %s", code, stderr)
	}
	if code, stderr := run("apply", "demo-echo", "echo_item", "--reason", "r"); code != ExitUsage || !strings.Contains(stderr, "echo_item is pending") {
		t.Errorf("a second one while the first waits: exit %d, %s", code, stderr)
	}
	_, out, _ := inProcess(t, nil, "", "--sandbox", "records", "--json")
	var recs []json.RawMessage
	if err := json.Unmarshal([]byte(out), &recs); err != nil || len(recs) != 1 {
		t.Errorf("one record was made, not %d: %v %s", len(recs), err, out)
	}
	// An MCP server likewise (I answers 409, the Developer Center an error page). --json names
	// the record made, which the Developer Center's answer (204) does not: it printed [].
	code, out, stderr := inProcess(t, nil, "", "--sandbox", "mcp", "apply", "demo-echo-prod-echo", "--reason", "r", "--json")
	var made []struct {
		RecordID    int `json:"record_id"`
		MCPServerID int `json:"mcp_server_id"`
	}
	if err := json.Unmarshal([]byte(out), &made); code != 0 || err != nil || len(made) != 1 || made[0].RecordID < 1 || made[0].MCPServerID < 1 {
		t.Fatalf("the first MCP application: exit %d, %v %s %s", code, err, out, stderr)
	}
	if code, stderr := run("mcp", "apply", "demo-echo-prod-echo", "--reason", "r"); code != ExitUsage || !strings.Contains(stderr, "demo-echo-prod-echo is pending") {
		t.Errorf("a second MCP application while the first waits: exit %d, %s", code, stderr)
	}
}

// Input refused before anything is sent names what was wrong for a script (--json's code) and,
// on the command line, the flag that gives what is missing.
func TestRefusedInputNamesItsFlag(t *testing.T) {
	isolate(t)
	code, _, stderr := inProcess(t, nil, "", "--sandbox", "--lang", "en", "call", "demo-echo", "user_notes")
	if code != ExitUsage || !strings.Contains(stderr, "missing path parameter: username — give each with --path-param NAME=VALUE") {
		t.Errorf("exit %d, %s", code, stderr)
	}
	// The flag is the hint a script reads too (it was only in the message, the hint empty).
	_, _, stderr = inProcess(t, nil, "", "--sandbox", "--lang", "en", "call", "demo-echo", "user_notes", "--json")
	var e struct{ Error struct{ Code, Hint string } }
	if err := json.Unmarshal([]byte(stderr), &e); err != nil || e.Error.Code != "input.missing_path_param" || e.Error.Hint != "give each with --path-param NAME=VALUE" {
		t.Errorf("--json: %v %s", err, stderr)
	}
}

// Every command that prints a program says so when the program targets a sandbox that ends
// with the command: run later, it would reach nothing.
func TestSnippetsOfAnEphemeralSandboxSaySo(t *testing.T) {
	store, _ := isolate(t)
	for _, args := range [][]string{
		{"snippet", "demo-echo", "/echo/", "-X", "GET"},
		{"components", "snippet", "bk_login", "get_user"},
	} {
		code, stdout, stderr := inProcess(t, store, "", append([]string{"--sandbox", "--lang", "en"}, args...)...)
		if code != 0 || stdout == "" || !strings.Contains(stderr, "ends with this command") {
			t.Errorf("%v: %d\nstdout: %s\nstderr: %s", args, code, stdout, stderr)
		}
	}
}

// Which surface answered is said after the table in the UI language's own brackets.
func TestViaLineInEachLanguage(t *testing.T) {
	store, _ := isolate(t)
	for lang, want := range map[string]string{"en": "(via the Developer Center)\n", "zh": "（来源：开发者中心）\n"} {
		code, _, stderr := inProcess(t, store, "", "--sandbox", "--lang", lang, "mcp", "list")
		if code != 0 || !strings.Contains(stderr, want) {
			t.Errorf("%s: %d %q", lang, code, stderr)
		}
	}
}

// A body or curl file that cannot be read is a usage error in the user's language, nothing
// sent (it was exit 1 with Go's English); one larger than an answer may be is refused, not
// read whole into memory.
func TestUserFilesAreReadWithinBounds(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, client.MaxBody+1); err != nil {
		t.Fatal(err)
	}
	for name, cmd := range map[string]string{"wget": "wget http://x/", "foreign": "curl http://elsewhere.example/api/demo-echo/prod/echo/"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(cmd), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		args []string
		lang string
		want string
	}{
		{[]string{"call", "demo-echo", "echo_post", "-d", "@" + filepath.Join(dir, "none")}, "zh", "文件不存在"},
		{[]string{"call", "demo-echo", "echo_post", "-d", "@" + dir}, "en", "it is a directory"},
		{[]string{"call", "--from-curl", filepath.Join(dir, "none")}, "en", "no such file"},
		{[]string{"call", "--from-curl", filepath.Join(dir, "wget")}, "zh", "这不是 curl 命令"}, // said in the reader's language
		{[]string{"call", "--from-curl", filepath.Join(dir, "foreign")}, "zh", "与 BK_API_URL_TMPL（"},
		{[]string{"call", "demo-echo", "echo_post", "-d", "@" + big}, "en", "is larger than 64 MiB"},
	} {
		code, _, stderr := inProcess(t, nil, "", append([]string{"--sandbox", "--lang", c.lang}, c.args...)...)
		if code != ExitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d %s", c.args, code, stderr)
		}
	}
}

// A table written to a pipe or a file keeps its cells whole, for a script to grep (they were
// cut to fit a terminal that is not there).
func TestTablesToAPipeAreWhole(t *testing.T) {
	isolate(t)
	code, out, _ := inProcess(t, nil, "", "--sandbox", "apis", "demo-echo")
	if code != 0 || !strings.Contains(out, "Echo a GET request (no application needed)") || strings.Contains(out, "…") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

// apis --query keeps the APIs whose name, path or description holds the keyword, in any case,
// as the Open API's keyword does (it listed every API, with no way to narrow them but grep).
func TestAPIsQueryKeepsTheMatchingOnes(t *testing.T) {
	isolate(t)
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"WHOAMI", []string{"whoami", "token_whoami", "client_whoami", "oauth_whoami"}},
		{"items/", []string{"echo_item", "update_item", "patch_item", "delete_item", "head_item", "options_items"}},
		{"times out", []string{"backend_timeout"}},
	} {
		code, out, stderr := inProcess(t, nil, "", "--sandbox", "apis", "demo-echo", "-q", c.query, "--json", "--jq", ".[].name")
		if got := strings.Fields(out); code != 0 || strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("-q %q: exit %d %v %s", c.query, code, got, stderr)
		}
		code, out, _ = inProcess(t, nil, "", "--sandbox", "apis", "demo-echo", "--query", c.query)
		if code != 0 || strings.Count(out, "\n") != len(c.want)+1 {
			t.Errorf("-q %q table: exit %d\n%s", c.query, code, out)
		}
	}
}

// --write refuses a file it cannot read, untouched, saying why in the reader's language (it
// said "invalid character '/' looking for beginning of object key string", or "cannot
// unmarshal array into Go value of type map[string]json.RawMessage", in English).
func TestMCPConfigWriteRefusesWhatItCannotKeep(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	for _, c := range []struct {
		file   string
		en, zh string
	}{
		// Cursor's file is read as plain JSON: only VS Code's is JSONC.
		{"// mine\n{\"mcpServers\": {}}\n", "it is not plain JSON at line 1, column 1 (a comment or a trailing comma?), and only VS Code's file may hold those", "第 1 行第 1 列不是纯 JSON（注释或多余的逗号？），只有 VS Code 的配置文件可以包含这些"},
		{"{\"mcpServers\": {\"x\": {},},}", "it is not plain JSON at line 1, column 25", "第 1 行第 25 列不是纯 JSON"},
		{`{"mcpServers": []}`, `its "mcpServers" is not an object of servers: nothing was written`, `其中的 "mcpServers" 不是服务对象：没有写入`},
		{`[1]`, "it is not a JSON object: nothing was written", "它不是 JSON 对象：没有写入"},
		{`null`, "it is not a JSON object: nothing was written", "它不是 JSON 对象：没有写入"}, // it said nothing at all
	} {
		path := filepath.Join(dir, "mcp.json")
		os.WriteFile(path, []byte(c.file), 0o600)
		for lang, want := range map[string]string{"en": c.en, "zh": c.zh} {
			code, _, stderr := inProcess(t, nil, "", "--sandbox", "--lang", lang, "mcp", "config", "demo-echo-prod-echo", "--secrets", "env", "--write", path)
			if code != ExitUsage || !strings.Contains(stderr, path+": "+want) {
				t.Errorf("%q %s: %d %s", c.file, lang, code, stderr)
			}
		}
		if b, _ := os.ReadFile(path); string(b) != c.file {
			t.Errorf("the file was changed: %q", b)
		}
		if baks, _ := filepath.Glob(path + ".bak-*"); len(baks) != 0 {
			t.Errorf("a backup of a file not written: %v", baks)
		}
	}
	// VS Code's JSONC is merged (TestMergeKeepsOrderAndComments); what is not JSON even with
	// comments is refused there, untouched.
	path := filepath.Join(dir, "vscode.json")
	os.WriteFile(path, []byte(`{"servers": `), 0o600)
	for lang, want := range map[string]string{"en": "it cannot be read as JSON at line 1, column 12 (comments and trailing commas are fine)", "zh": "第 1 行第 12 列无法按 JSON 读取（注释和多余的逗号没有问题）"} {
		code, _, stderr := inProcess(t, nil, "", "--sandbox", "--lang", lang, "mcp", "config", "demo-echo-prod-echo", "--client", "vscode", "--secrets", "env", "--write", path)
		if b, _ := os.ReadFile(path); code != ExitUsage || !strings.Contains(stderr, want) || string(b) != `{"servers": ` {
			t.Errorf("vscode %s: %d %s", lang, code, stderr)
		}
	}
	// Written, the config is said to be refused until applied and to point at a sandbox that
	// ends with the command, as printed it is (--write had said neither); the notice, and mcp
	// show, give the command that applies (they had said only that it was not applied).
	apply := "to apply: bkconsole mcp apply demo-echo-prod-echo --reason '…'"
	code, _, stderr := inProcess(t, nil, "", "--sandbox", "mcp", "config", "demo-echo-prod-echo", "--secrets", "env", "--write", filepath.Join(dir, "new.json"))
	if code != 0 || !strings.Contains(stderr, "is not applied for this app") || !strings.Contains(stderr, "a sandbox that ends with this command") || !strings.Contains(stderr, apply) {
		t.Errorf("written: %d %s", code, stderr)
	}
	if code, _, stderr := inProcess(t, nil, "", "--sandbox", "mcp", "show", "demo-echo-prod-echo"); code != 0 || !strings.Contains(stderr, apply) {
		t.Errorf("mcp show: %d %s", code, stderr)
	}
}

// A folder that cannot be written is named, and why, in the reader's language (the system's
// "mkdir …: not a directory" was English in both).
func TestUnwritableFoldersAreSaidInBothLanguages(t *testing.T) {
	isolate(t)
	file := filepath.Join(t.TempDir(), "plain-file")
	os.WriteFile(file, []byte("x"), 0o600)
	for _, c := range []struct {
		args   []string
		en, zh string
	}{
		{[]string{"--collection", filepath.Join(file, "requests"), "call", "demo-echo", "echo_get", "--save", "one"},
			"not saved, and nothing was sent: cannot write " + file, "未保存，也未发送任何请求：无法写入 " + file},
		{[]string{"mcp", "config", "demo-echo-prod-echo", "--secrets", "env", "--write", filepath.Join(file, "mcp.json")},
			"cannot write " + filepath.Join(file, "mcp.json"), "无法写入 " + filepath.Join(file, "mcp.json")},
	} {
		for lang, want := range map[string]string{"en": c.en + ": a part of the path is not a folder", "zh": c.zh + "：路径中的某一部分不是目录"} {
			code, _, stderr := inProcess(t, nil, "", append([]string{"--sandbox", "--lang", lang}, c.args...)...)
			if code == 0 || !strings.Contains(stderr, want) {
				t.Errorf("%v %s: %d %s", c.args, lang, code, stderr)
			}
		}
	}
}

// A server's refusal is framed in the reader's language, the server's own words quoted inside:
// "gateway error 403 …" and "component answered code …" were English in the Chinese line, and a
// component's refusal did not give its request id.
func TestServerRefusalsInTheReadersLanguage(t *testing.T) {
	isolate(t)
	for _, c := range []struct {
		args   []string
		en, zh []string
	}{
		{[]string{"call", "demo-echo", "echo_item", "--path-param", "item_id=1"},
			[]string{"gateway error 403 APP_NO_PERMISSION (1640301): App has no permission", "— request id "},
			[]string{"网关错误 403 APP_NO_PERMISSION（1640301）：App has no permission", "— 请求 ID "}},
		{[]string{"components", "call", "CC", "search_business"},
			[]string{"component answered code 1306403: APP permission is insufficient", "— request id "},
			[]string{"组件返回错误码 1306403：APP permission is insufficient", "— 请求 ID "}},
		{[]string{"mcp", "tools", "demo-echo-prod-echo"}, []string{"MCP server answered 403: appCode[bkc-demo] has no permission"},
			[]string{"MCP 服务返回 403：appCode[bkc-demo] has no permission"}},
	} {
		for lang, wants := range map[string][]string{"en": c.en, "zh": c.zh} {
			code, _, stderr := inProcess(t, nil, "", append([]string{"--sandbox", "--lang", lang}, c.args...)...)
			line := stderr[strings.LastIndex(strings.TrimSpace(stderr), "\n")+1:]
			for _, want := range wants {
				if code == 0 || !strings.Contains(line, want) {
					t.Errorf("%v %s: %d, no %q in %s", c.args, lang, code, want, line)
				}
			}
		}
	}
	// An answer that is not JSON (a proxy's HTML page) likewise.
	store, urls := isolate(t, sandbox.Options{Faults: sandbox.Faults{HTMLRate: 1}})
	loginDemo(t, store, urls)
	for lang, want := range map[string]string{"en": ": response is not JSON: \"<", "zh": "：应答不是 JSON：\"<"} {
		if code, _, stderr := inProcess(t, store, "", "--lang", lang, "gateways"); code == 0 || !strings.Contains(stderr, want) {
			t.Errorf("an HTML answer, %s: %d %s", lang, code, stderr)
		}
	}
	// A connection refused: the system's "dial tcp 127.0.0.1:1: connect: connection refused".
	t.Setenv("BK_API_URL_TMPL", "http://127.0.0.1:1/api/{api_name}")
	for lang, want := range map[string]string{"en": "GET http://127.0.0.1:1/api/demo-echo/prod/echo/: the connection was refused — check the address",
		"zh": "GET http://127.0.0.1:1/api/demo-echo/prod/echo/：连接被拒绝 — 请检查地址"} {
		if code, _, stderr := inProcess(t, store, "", "--lang", lang, "call", "demo-echo", "/echo/"); code == 0 || !strings.Contains(stderr, want) {
			t.Errorf("a refused connection, %s: %d %s", lang, code, stderr)
		}
	}
}
