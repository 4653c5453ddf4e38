package markdown

import (
	"regexp"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/tui/styles"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// An API doc as the gateways write them: headings, a parameter table, lists, quotes, JSON and
// shell examples, Chinese text without spaces and an HTML line break.
const doc = "# Echo the request\n\nReturns what it received: **method**, *headers* and `body`. See [the docs](https://bk.example.com/docs).\n\n" +
	"### Request parameters\n\n| name | type | required | description |\n|---|---|---|---|\n| app_code | string | yes | 应用编码，用于标识调用方 |\n| limit | int | no | page size |\n\n" +
	"- first item\n- second item\n  1. nested one\n  2. nested two\n\n> A quote.\n\n" +
	"```json\n{\n  \"result\": true,\n  \"data\": {\"n\": -1.5e3, \"x\": null, \"s\": \"a: b\"}\n}\n```\n\n" +
	"```bash\ncurl -X GET 'http://bkapi.example.com/api/demo-echo/prod/echo/' -H 'X-Bkapi-Authorization: {\"bk_app_code\": \"x\"}'\n```\n\n" +
	"---\n\n中文段落没有空格需要在宽度处断开，这是一段很长的中文文本用来测试换行是否正确处理宽字符的情况以及是否超出终端宽度。<br>第二行\n"

func colours(t *testing.T) *styles.Theme {
	t.Helper()
	lipgloss.SetColorProfile(termenv.TrueColor)
	t.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
	return styles.New(styles.Options{Mode: "dark", Colors: map[string]string{"blue": "#010203"}})
}

// No line is wider than the width asked, at any width; and every word of the doc is there.
func TestEveryLineFitsAndNothingIsLost(t *testing.T) {
	th := colours(t)
	for _, w := range []int{8, 13, 20, 33, 60, 80, 120, 200} {
		out := Render(doc, w, th)
		for _, l := range strings.Split(out, "\n") {
			if lw := ansi.StringWidth(l); lw > w {
				t.Fatalf("at %d a line of %d cells:\n%q", w, lw, l)
			}
		}
		if w < 60 {
			continue // a four-column table at 20 columns breaks its cells' words, as it must
		}
		plain := strings.Join(strings.Fields(ansi.Strip(out)), "")
		for _, word := range []string{"Echo", "method", "headers", "body", "https://bk.example.com/docs", "app_code", "应用编码", "nested", "quote", "-1.5e3", "bk_app_code", "第二行"} {
			if !strings.Contains(plain, word) {
				t.Fatalf("at %d %q is lost:\n%s", w, word, ansi.Strip(out))
			}
		}
	}
}

// A Chinese paragraph with English words and a code span fills its lines as a reader expects:
// a space-only wrapper moved "认证，值为 JSON" and the next clause whole, leaving lines of 15
// cells in 40.
func TestChineseParagraphFillsItsLines(t *testing.T) {
	th := colours(t)
	src := "通过请求头 `X-Bkapi-Authorization` 认证，值为 JSON 字符串：应用必须先**申请权限**才能调用这个接口，未申请时网关返回 403 错误并给出申请地址，请在开发者中心申请。\n"
	for _, w := range []int{40, 57, 80} {
		lines := strings.Split(strings.TrimRight(ansi.Strip(Render(src, w, th)), "\n"), "\n")
		for _, l := range lines[:len(lines)-1] {
			if lw := ansi.StringWidth(l); lw < w-8 {
				t.Errorf("at %d a line of %d cells:\n%s", w, lw, strings.Join(lines, "\n"))
			}
		}
	}
}

// A table takes its natural width, not the screen's; a wide one wraps at the width; a pipe in
// a code block is not a table.
func TestTablesTakeTheirNaturalWidth(t *testing.T) {
	th := styles.Default()
	out := Render("| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nx | y\n--|--\n```\n", 100, th)
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "│") && ansi.StringWidth(l) > 12 {
			t.Fatalf("a two-column table of one-character cells is %d cells wide:\n%s", ansi.StringWidth(l), out)
		}
	}
	if !strings.Contains(out, "  x | y") {
		t.Fatalf("the code block became a table:\n%s", out)
	}
	wide := "| name | description |\n|---|---|\n| x | " + strings.Repeat("long words ", 30) + "|\n"
	for _, l := range strings.Split(Render(wide, 60, th), "\n") {
		if w := ansi.StringWidth(l); w > 60 {
			t.Fatalf("a wide table is %d cells at 60", w)
		}
	}
}

// Styles are the user's theme's: a JSON key takes the blue role the user set; a style never
// runs into the next line (each word and each code line is closed on its own).
func TestTheUsersThemeAndClosedStyles(t *testing.T) {
	th := colours(t)
	out := Render(doc, 60, th)
	if !strings.Contains(out, "38;2;1;2;3m\"result\"") {
		t.Fatalf("the JSON key is not in the user's blue:\n%q", out)
	}
	styled := 0
	for _, l := range strings.Split(out, "\n") {
		i := strings.LastIndex(l, "\x1b[")
		if i < 0 {
			continue
		}
		styled++
		if last := l[i:]; !reset.MatchString(last) {
			t.Fatalf("a style runs past the end of a line (it ends with %q): %q", last, l)
		}
	}
	if styled < 10 {
		t.Fatalf("only %d styled lines: the theme is not applied", styled)
	}
}

// reset is a line's last escape sequence when its styles are closed: a full or a colour reset,
// then nothing but plain text.
var reset = regexp.MustCompile("^\x1b\\[(0|39|49|0;39)?m[^\x1b]*$")

// The JSON highlighter colours and never changes the text, even text that is not JSON.
func TestHighlightJSONKeepsTheText(t *testing.T) {
	th := colours(t)
	for _, src := range []string{`{"a": [1, -2.5e3, true, null], "b": "x\"y: z"}`, "{\n  \"unclosed\": \"oops\n}", "// a comment\n{\"k\": 1}", ""} {
		if got := ansi.Strip(HighlightJSON(src, th)); got != src {
			t.Errorf("changed:\n%q\n%q", src, got)
		}
	}
}

// A narrow table's Chinese cell fills its lines, as a paragraph does: lipgloss broke it at
// spaces only, so "这个" and "参数" moved whole and the row took a line more than its text needs.
func TestChineseTableCellFillsItsLines(t *testing.T) {
	th := colours(t)
	text := "用户登录态（cookie 中的 bk_token，有效期不超过 24 小时），调用需要用户身份的接口时必须提供 这个 参数 否则 网关 会 拒绝 请求"
	out := ansi.Strip(Render("| 字段 | 说明 |\n|---|---|\n| bk_token | "+text+" |\n", 40, th))
	lines, cellW := 0, 0
	for _, l := range strings.Split(out, "\n") {
		if parts := strings.Split(l, "│"); len(parts) == 4 && !strings.Contains(l, "说明") {
			lines, cellW = lines+1, ansi.StringWidth(parts[2])-2
		}
	}
	if most := (ansi.StringWidth(text) + cellW - 1) / cellW; lines == 0 || lines > most {
		t.Errorf("the cell takes %d lines of %d, its text needs %d:\n%s", lines, cellW, most, out)
	}
}

// Printed for a user to copy (bkconsole doc on a terminal), a code block's lines stay whole: a
// curl example broken at the width, with an indent, was no longer one command. The rest still
// fits the width.
func TestCodeForCopyStaysWhole(t *testing.T) {
	th := colours(t)
	curl := "curl -X GET 'http://bkapi.example.com/api/demo-echo/prod/echo/' -H 'X-Bkapi-Authorization: {\"bk_app_code\": \"x\"}'"
	if out := ansi.Strip(RenderForCopy(doc, 60, th)); !strings.Contains(out, "  "+curl+"\n") {
		t.Fatalf("the example is not whole:\n%s", out)
	}
	if out := ansi.Strip(Render(doc, 60, th)); strings.Contains(out, curl) {
		t.Fatalf("Render keeps every line within the width:\n%s", out)
	}
	for _, l := range strings.Split(ansi.Strip(RenderForCopy(doc, 60, th)), "\n") {
		if w := ansi.StringWidth(l); w > 60 && !strings.HasPrefix(l, "  curl") {
			t.Fatalf("a line of %d cells that is no code: %q", w, l)
		}
	}
}

// A table a little wider than the page, its last cell Chinese and Latin, is drawn whole within
// the width: at 76 the Help Center's parameter table lost its right border and the end of the
// last cell (lipgloss laid the wide cell out wider than the width, and the lines were cut).
func TestTableWithAWideLastCellFits(t *testing.T) {
	th := colours(t)
	src := "| 名称 | 位置 | 类型 | 必选 | 说明 |\n|---|---|---|---|---|\n| bk_supplier_account | path | string | 是 | 路径参数 bk_supplier_account |\n"
	for _, width := range []int{76, 70, 60} {
		out := ansi.Strip(Render(src, width, th))
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			if w := ansi.StringWidth(l); w > width || !strings.HasSuffix(l, "│") && !strings.HasSuffix(l, "┐") && !strings.HasSuffix(l, "┤") && !strings.HasSuffix(l, "┘") {
				t.Fatalf("at %d a line of %d cells, or cut:\n%s", width, w, out)
			}
		}
		if width >= 70 && !strings.Contains(strings.ReplaceAll(out, " ", ""), "bk_supplier_account│") { // room for it whole
			t.Fatalf("at %d the last cell is cut:\n%s", width, out)
		}
	}
}
