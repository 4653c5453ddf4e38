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
