package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestBothLanguagesComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range messages {
		if seen[m.key] {
			t.Errorf("key %q twice", m.key)
		}
		seen[m.key] = true
		if strings.TrimSpace(m.en) == "" || strings.TrimSpace(m.zh) == "" {
			t.Errorf("%q lacks a language", m.key)
		}
		if strings.Count(m.en, "%") != strings.Count(m.zh, "%") {
			t.Errorf("%q: the two languages take different arguments", m.key)
		}
		// T passes numbers as plain strings (no locale grouping): %d would print %!d(string=3).
		if strings.Contains(m.en+m.zh, "%d") {
			t.Errorf("%q: numbers arrive as strings: write %%s, not %%d", m.key)
		}
	}
}

// TestEveryKeyInCodeExists scans the sources for catalog keys and checks each one is here.
func TestEveryKeyInCodeExists(t *testing.T) {
	// Keys reach the catalog through T and keymap.Keys.Bind, and as values: a Hint's meaning and the Fix
	// constants, which the CLI and the TUI translate through client.Present.
	re := regexp.MustCompile(`(?:(?:\.T|Bind)\((?:[a-zA-Z.]+, )?(?:"[^"]*", )?|Hint\{|Fix[A-Za-z]+ += )"([a-z_]+\.[a-z_.A-Z0-9]+)"`)
	root := filepath.Join("..", "..")
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || strings.HasSuffix(p, "catalog.go") {
			return nil
		}
		b, _ := os.ReadFile(p)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if !Has(m[1]) && !strings.HasSuffix(m[1], ".") { // a prefix: TestKeysThatTravelAsValues builds its keys
				t.Errorf("%s uses %q, which the catalog lacks", p, m[1])
			}
		}
		return nil
	})
}

func TestTranslateAndDetect(t *testing.T) {
	if got := T(Chinese, "tui.count", 3, 5); got != "3 / 5" {
		t.Errorf("zh: %q", got)
	}
	if got := T(English, "tui.count", 3, 5); got != "3 of 5" {
		t.Errorf("en: %q", got)
	}
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "zh_CN.UTF-8")
	if Detect("") != Chinese || Detect("en") != English {
		t.Error("profile first, then LANG")
	}
}

func TestNumbersAreNotGrouped(t *testing.T) {
	if got := T(Chinese, "tui.gateway_code", 403, "APP_NO_PERMISSION", 1640301); !strings.Contains(got, "1640301") {
		t.Errorf("%q", got)
	}
	if got := T(English, "apply.done", Records(English, []int{12345})); got != "applied: record 12345" {
		t.Errorf("%q", got)
	}
}

// TestKeysThatTravelAsValues: keys are often not passed to T directly but carried as values
// (an error's hint, an input error's key) or built from a prefix and an enumeration (status.,
// feature., need., ...). Every string literal of a key family in the sources, and every key
// those prefixes build from the contract's enumerations, must be in both languages.
func TestKeysThatTravelAsValues(t *testing.T) {
	families := map[string]bool{}
	for _, m := range messages {
		if i := strings.IndexByte(m.key, '.'); i > 0 {
			families[m.key[:i]] = true
		}
	}
	lit := regexp.MustCompile(`"([a-z_]+)\.([a-z0-9_.]+)"`)
	root := filepath.Join("..", "..")
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || strings.HasSuffix(p, "catalog.go") {
			return nil
		}
		if strings.Contains(p, "sandbox") {
			return nil // the sandbox speaks as the server, not to the user
		}
		b, _ := os.ReadFile(p)
		for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
			key := m[1] + "." + m[2]
			if families[m[1]] && !strings.HasSuffix(key, ".") && !Has(key) && !strings.Contains(key, ".go") && !strings.Contains(key, ".json") {
				t.Errorf("%s carries %q, which the catalog lacks", p, key)
			}
		}
		return nil
	})
}

// An error's line is its meaning, then the fix: a meaning that carries a fix's words says them
// twice ("no such API: check the gateway… — check the gateway…").
func TestMeaningsDoNotCarryTheirFix(t *testing.T) {
	var fixes []msg
	for _, m := range messages {
		if strings.HasPrefix(m.key, "fix.") {
			fixes = append(fixes, m)
		}
	}
	for _, m := range messages {
		if !strings.HasPrefix(m.key, "gw.") && !strings.HasPrefix(m.key, "dev.") && !strings.HasPrefix(m.key, "net.") {
			continue
		}
		for _, f := range fixes {
			if strings.Contains(m.zh, f.zh) || strings.Contains(strings.ToLower(m.en), strings.ToLower(f.en)) {
				t.Errorf("%s carries %s: %q", m.key, f.key, m.en)
			}
		}
	}
}

func TestAgesAndLists(t *testing.T) {
	for d, want := range map[time.Duration][2]string{
		20 * time.Second:             {"under a minute", "不到 1 分钟"},
		5 * time.Minute:              {"5 min", "5 分钟"},
		21*time.Hour + 3*time.Minute: {"21 h 3 min", "21 小时 3 分钟"},
		75 * time.Hour:               {"3 days", "3 天"},
	} {
		if en, zh := Age(English, d), Age(Chinese, d); en != want[0] || zh != want[1] {
			t.Errorf("%s: %q %q", d, en, zh)
		}
	}
	if en, zh := List(English, []string{"a", "b"}), List(Chinese, []string{"甲", "乙"}); en != "a, b" || zh != "甲、乙" {
		t.Errorf("%q %q", en, zh)
	}
}

// A label and a sentence's parts are punctuated in the reader's language, and the check the
// Chinese screens are held to finds English punctuation after a Chinese word, not after a name.
func TestLabelsAndClausesFollowTheLanguage(t *testing.T) {
	if got := Label(English, "Stage") + "prod"; got != "Stage: prod" {
		t.Errorf("en label: %q", got)
	}
	if got := Label(Chinese, "环境") + "prod"; got != "环境：prod" {
		t.Errorf("zh label: %q", got)
	}
	if got := "cursor" + Aside(Chinese, "已遮盖"); got != "cursor（已遮盖）" {
		t.Errorf("zh aside: %q", got)
	}
	if got := Clauses(Chinese, "已过期", "请续期"); got != "已过期；请续期" {
		t.Errorf("zh clauses: %q", got)
	}
	for text, want := range map[string]string{
		"第一行\n环境: prod\n末行":    "环境: prod",
		"用户登录态（bk_token）: 已接受": "用户登录态（bk_token）: 已接受",
		"已过期; 请续期":             "已过期; 请续期",
		"负责人：admin, ops":       "",
		"Stage: prod":          "",
		"名称: 值的格式":             "名称: 值的格式",
		"客户端配置：cursor (已遮盖)":   "客户端配置：cursor (已遮盖)",
		"cursor（已遮盖） (a)":      "",
		"无法连接服务器 (http://x)":   "无法连接服务器 (http://x)",
		"bkconsole apis (名称)":  "bkconsole apis (名称)",
		"列含「令牌」的接口":            "列含「令牌」的接口",
		"列含“令牌”的接口":            "",
	} {
		if got := MixedPunctuation(text); got != want {
			t.Errorf("MixedPunctuation(%q) = %q, want %q", text, got, want)
		}
	}
}

// Every Chinese text of the catalog is punctuated as a Chinese reader writes: full-width
// colons, semicolons and brackets, quotes in “” (three texts quoted in 「」 beside five in “”).
func TestTheCatalogIsPunctuatedInChinese(t *testing.T) {
	for _, m := range messages {
		if line := MixedPunctuation(m.zh); line != "" {
			t.Errorf("%s: %q", m.key, line)
		}
	}
}

// The gateway's log of a request has one name: the console's tab, the profile's feature, the
// messages and the key said "Trace", "request log" and "the gateway's log" ("请求日志" beside
// "网关日志" in Chinese).
func TestOneNameForTheGatewayLog(t *testing.T) {
	for _, m := range messages {
		for _, other := range []string{"request log", "gateway's log", "Trace"} {
			if strings.Contains(m.en, other) {
				t.Errorf("%s says %q: %q", m.key, other, m.en)
			}
		}
		if strings.Contains(m.zh, "请求日志") {
			t.Errorf("%s says 请求日志: %q", m.key, m.zh)
		}
	}
}

// An MCP server has one name in Chinese, the console's page title's "MCP 服务": seven texts
// had said "MCP Server" beside twenty-seven that said "MCP 服务".
func TestOneChineseNameForMCPServers(t *testing.T) {
	for _, m := range messages {
		if strings.Contains(m.zh, "MCP Server") {
			t.Errorf("%s: %q", m.key, m.zh)
		}
	}
}

// A Chinese template's space beside a phrase it is given stays where the phrase is Latin and
// goes where it is Chinese too ("需要补充 登录态" read as two phrases); a name keeps its space.
func TestChineseSpacingBesideArguments(t *testing.T) {
	for _, c := range []struct {
		key  string
		args []any
		want string
	}{
		{"login.needs", []any{"SDK", "登录态（bk_token）"}, "SDK：需要补充登录态（bk_token）"},
		{"login.needs", []any{"SDK", "BK_API_URL_TMPL"}, "SDK：需要补充 BK_API_URL_TMPL"},
		{"auth.unlock", []any{"你的用户名（申请人）、BK_API_URL_TMPL"}, "不可用：请添加你的用户名（申请人）、BK_API_URL_TMPL"},
		{"auth.not_configured", []any{"BK_API_URL_TMPL、开发者中心地址"}, "未配置：请添加 BK_API_URL_TMPL、开发者中心地址"},
		{"tui.conn_via", []any{"开放 API"}, "经由开放 API"},
		{"cli.dry_run", []any{"开发者中心"}, "演练模式：未发送任何请求。以上是 bkconsole 将首先发送的请求（发往开发者中心），密钥已隐去"},
		{"tui.add_to_unlock", []any{"登录态（bk_token）、应用密钥（bk_app_secret）", "P"}, "添加登录态（bk_token）、应用密钥（bk_app_secret）即可使用（配置页：P）"},
		{"tui.conn_via", []any{"API 帮助中心"}, "经由 API 帮助中心"},
		{"mcp.approval", []any{"用户目录", "http://itsm/7"}, "服务 用户目录：审批地址 http://itsm/7"},
		{"tui.hdr_user", []any{"张三（zhangsan）"}, "用户 张三（zhangsan）"},
	} {
		if got := T(Chinese, c.key, c.args...); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.key, c.args, got, c.want)
		}
	}
	if got := T(English, "login.needs", "SDK", "a login (bk_token)"); got != "SDK: add a login (bk_token)" {
		t.Errorf("English is as written: %q", got)
	}
}

// A phrased template prints its arguments with %s only, in both languages: a mark inside %q
// would be quoted with the argument, and a width would count it.
func TestPhrasedTemplatesPrintStrings(t *testing.T) {
	for _, m := range messages {
		if !phrased[m.key] {
			continue
		}
		for _, text := range []string{m.en, m.zh} {
			if n := strings.Count(text, "%"); n == 0 || n != strings.Count(text, "%s") {
				t.Errorf("%s: %q prints an argument with another verb than %%s", m.key, text)
			}
		}
	}
}

// A phrased template given fewer arguments than it prints, or none, formats as fmt does.
func TestPhrasedTemplateWithoutArguments(t *testing.T) {
	if got := T(Chinese, "auth.unlock"); !strings.HasPrefix(got, "不可用：请添加") {
		t.Errorf("%q", got)
	}
}

// One day is one day: "expires in 1 days" was said of a permission, a personal token and a
// list's filter.
func TestOneDayIsSingular(t *testing.T) {
	one := oneDayExpiry{"in", 1}
	for got, want := range map[string]string{
		ExpiryText(English, one):                        "expires in 1 day",
		ExpiryCell(English, one):                        "in 1 day",
		ExpiryText(English, oneDayExpiry{"expired", 1}): "expired 1 day ago",
		ExpiryText(English, oneDayExpiry{"in", 2}):      "expires in 2 days",
		N(English, "personal.expires", 1, "2027-01-01"): "expires 2027-01-01 (in 1 day)",
		N(Chinese, "personal.expires", 1, "2027-01-01"): "2027-01-01 过期（还有 1 天）",
		N(English, "perm.filter_expiring", 1):           "expiring within 1 day",
		Records(English, []int{3}):                      "record 3",
		Records(English, []int{3, 4}):                   "records 3, 4",
	} {
		if got != want {
			t.Errorf("%q, want %q", got, want)
		}
	}
}

type oneDayExpiry struct {
	kind string
	days int64
}

func (e oneDayExpiry) Parts() (string, int64) { return e.kind, e.days }
