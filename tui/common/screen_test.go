package common

import (
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/charmbracelet/x/ansi"
)

// An error panel keeps to the page's width in both languages: each part wraps where its
// language allows (a Chinese line is filled, not cut short at the last space), and a detail's
// continuation lines keep the detail's indent.
func TestErrorPanelWrapsInBothLanguages(t *testing.T) {
	t.Parallel()
	err := &client.GatewayError{Status: 403, Code: 1640301, CodeName: "APP_NO_PERMISSION",
		Message: "App has no permission to the resource，请在开发者中心申请该接口的访问权限后再调用，审批通过后即可访问该资源 [reason=\"no permission\"]", Reason: "no permission"}
	for _, lang := range []i18n.Lang{i18n.English, i18n.Chinese} {
		c := NewContext(nil, ProfileInfo{}, lang)
		c.Width = 40
		v := ErrorView(c, err)
		lines := strings.Split(ansi.Strip(v), "\n")
		for i, l := range lines {
			if ansi.StringWidth(l) > 40 {
				t.Errorf("%s: line %d is wider than 40:\n%s", lang, i, ansi.Strip(v))
			}
			if i > 0 && !strings.HasPrefix(l, "  ") {
				t.Errorf("%s: line %d lost the detail's indent:\n%s", lang, i, ansi.Strip(v))
			}
		}
		if !strings.Contains(strings.ReplaceAll(ansi.Strip(v), "\n  ", ""), "审批通过后即可访问该资源") {
			t.Errorf("%s: the server's words are not all there:\n%s", lang, ansi.Strip(v))
		}
	}
}

// What unlocks a feature names the profile screen's key as bound (it was a written "P"), and
// its list of needs in the reader's language (a Chinese 和 stands apart from a Latin word).
func TestUnavailableNamesTheProfileKeyAsBound(t *testing.T) {
	t.Parallel()
	err := &client.ErrUnavailable{Feature: client.FeatureSDKs, Needs: []string{client.NeedToken, client.NeedHelpCenterURL}}
	for lang, want := range map[i18n.Lang]string{i18n.English: "profile screen: alt+o)", i18n.Chinese: "登录态（bk_token）和 API 帮助中心地址"} {
		c := NewContext(nil, ProfileInfo{}, lang)
		c.SetUserKeys(map[string][]string{"profile": {"alt+o"}})
		v := ansi.Strip(ErrorView(c, err))
		if !strings.Contains(v, want) || !strings.Contains(v, "alt+o") {
			t.Errorf("%s:\n%s", lang, v)
		}
	}
}
