package common

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Wrap fills each line up to the width: English breaks between words, Chinese between any two
// characters (a space-only wrapper left a Chinese sentence's line half empty); nothing is lost
// but the spaces at a break; the text's own line breaks stay; a run wider than a line is cut.
func TestWrapFillsLinesInBothLanguages(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		text  string
		width int
	}{
		{"还没有任何配置。bkconsole 通过你的应用账号（bk_app_code 与 bk_app_secret）访问蓝鲸 API 网关；SDK、权限与申请记录还需要你的登录态（bk_token）。", 40},
		{"No profile yet. bkconsole reaches the BlueKing API Gateway with your app account (bk_app_code and bk_app_secret).", 30},
		{"first line\nsecond line that is longer than the width", 20},
		{"https://bkapi.example.com/api/a-very-long-gateway-name/prod/a/path/without/spaces/", 25},
	} {
		got := Wrap(c.text, c.width)
		lines := strings.Split(got, "\n")
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > c.width {
				t.Errorf("%q: line %d is %d cells, over %d:\n%s", c.text, i, w, c.width, got)
			}
		}
		if strings.ReplaceAll(strings.ReplaceAll(got, "\n", ""), " ", "") != strings.ReplaceAll(strings.ReplaceAll(c.text, "\n", ""), " ", "") {
			t.Errorf("%q lost text:\n%s", c.text, got)
		}
		if strings.Count(got, "\n") < strings.Count(c.text, "\n") {
			t.Errorf("%q lost its own line breaks:\n%s", c.text, got)
		}
	}
	// Each line but the last of a Chinese paragraph is full, give or take one wide character or
	// the Latin word that did not fit.
	got := Wrap(strings.Repeat("权限与申请记录还需要你的登录态", 6), 40)
	for _, l := range strings.Split(got, "\n")[:2] {
		if ansi.StringWidth(l) < 38 {
			t.Errorf("a Chinese line is left short:\n%s", got)
		}
	}
	if got := Wrap("two words", 40); got != "two words" {
		t.Errorf("a short text is as it was: %q", got)
	}
}

// Styled text (a doc's paragraph with a bold word, an MCP page's subtle note) wraps where its
// text would: ansi.Wrap broke such a line only at spaces, so "认证，值为 JSON" stood alone on
// a line of forty. The styles stay, each with the text it colours.
func TestWrapStyledTextAsItsText(t *testing.T) {
	t.Parallel()
	bold := func(s string) string { return "\x1b[1m" + s + "\x1b[0m" }
	plain := "通过请求头 X-Bkapi-Authorization 认证，值为 JSON 字符串：应用必须先申请权限才能调用这个接口，未申请时网关返回 403 错误并给出申请地址。"
	styled := strings.Replace(strings.Replace(plain, "X-Bkapi-Authorization", bold("X-Bkapi-Authorization"), 1), "申请权限", bold("申请权限"), 1)
	for _, width := range []int{20, 40, 57} {
		got := Wrap(styled, width)
		if want := Wrap(plain, width); ansi.Strip(got) != want {
			t.Errorf("at %d the styled text wraps otherwise than its text:\n%s\n--- the text:\n%s", width, ansi.Strip(got), want)
		}
		if strings.Count(got, "\x1b[1m") != 2 || strings.Count(got, "\x1b[0m") != 2 || !strings.Contains(got, bold("申请权限")) {
			t.Errorf("at %d a style is lost or cut from its text: %q", width, got)
		}
		lines := strings.Split(got, "\n")
		for _, l := range lines[:len(lines)-1] {
			if w := ansi.StringWidth(l); w < width-8 {
				t.Errorf("at %d a line of %d cells is left short:\n%s", width, w, ansi.Strip(got))
			}
		}
	}
	if got := Wrap(bold("only styled"), 40); got != bold("only styled") {
		t.Errorf("a short styled text is as it was: %q", got)
	}
}

// InSight keeps the lines asked for in the room there is, centred where the rest allows, and
// all of them when they fit.
func TestInSight(t *testing.T) {
	lines := strings.Split("a b c d e f g h", " ")
	for _, c := range []struct {
		first, last, room int
		want              string
	}{
		{0, 0, 3, "a b c"},   // at the start
		{7, 7, 3, "f g h"},   // at the end
		{4, 4, 3, "d e f"},   // centred
		{4, 6, 4, "e f g h"}, // a field of three lines, whole
		{2, 2, 20, "a b c d e f g h"},
		{5, 5, 0, "f"}, // no room: the field's first line
	} {
		if got := strings.Join(InSight(lines, c.first, c.last, c.room), " "); got != c.want {
			t.Errorf("InSight(%d, %d, %d) = %q, want %q", c.first, c.last, c.room, got, c.want)
		}
	}
}

// On a short screen the empty lines between a form's parts give way before its title, which
// gives way before the end; what fits is as it was.
func TestKeepEndDropsGapsFirst(t *testing.T) {
	t.Parallel()
	text := "Title\n\nfield\n\nquestion?"
	for h, want := range map[int]string{5: text, 4: "Title\nfield\n\nquestion?", 3: "Title\nfield\nquestion?", 2: "field\nquestion?", 0: text} {
		if got := KeepEnd(text, h); got != want {
			t.Errorf("at %d rows: %q, want %q", h, got, want)
		}
	}
}
