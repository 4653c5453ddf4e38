package common

import (
	"errors"
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

// The console's fixes name its own keys, not the CLI's commands ("bkconsole renew GATEWAY
// API", "bkconsole login"), in both languages; a secret from the environment is replaced there.
func TestFixesNameTheConsolesKeys(t *testing.T) {
	t.Parallel()
	expired := &client.GatewayError{Status: 403, Code: 1640301, CodeName: "APP_NO_PERMISSION",
		Message: `App has no permission to the resource [reason="permission has expired, please renew the permission"]`, Reason: "permission has expired, please renew the permission"}
	wrong := &client.GatewayError{Status: 400, Code: 1640001, CodeName: "INVALID_ARGS",
		Message: `Parameters error [reason="bk_app_code or bk_app_secret is incorrect"]`, Reason: "bk_app_code or bk_app_secret is incorrect"}
	for _, c := range []struct {
		err    error
		env    bool
		en, zh string
	}{
		{expired, false, "renew the permission: N on the gateway's Permissions tab", "在网关的权限页签或“我的权限”中按 N"},
		{wrong, false, "re-enter the app secret: P, then n (the login form)", "请重新输入应用密钥：按 P，再按 n（登录表单）"},
		{wrong, true, "put the right app secret in BK_APP_SECRET", "请在 BK_APP_SECRET 中设置正确的应用密钥"},
		{&client.GatewayError{Status: 401, Code: 1640100, CodeName: "UNAUTHORIZED", Message: "token expired", OAuth: client.OAuthChallenge{Error: "invalid_token"}},
			false, "paste the new one (P, then n: the login form)", "粘贴新令牌（按 P，再按 n：登录表单）"},
		// A certificate not trusted: the form's CA bundle field, not the CLI's login --ca-bundle.
		{&client.TransportError{Method: "GET", URL: "https://apigw.example.com/", NotSent: true, Err: errors.New("tls: failed to verify certificate: x509: certificate signed by unknown authority")},
			false, "the profile's CA bundle (P, then n: the login form)", "配置的 CA 证书（按 P，再按 n：登录表单）"},
	} {
		for lang, want := range map[i18n.Lang]string{i18n.English: c.en, i18n.Chinese: c.zh} {
			p := ProfileInfo{Secrets: map[string]SecretSource{}}
			if c.env {
				p.Secrets["bk_app_secret"] = SecretSource{From: "environment", Var: "BK_APP_SECRET"}
			}
			if got := ErrorLine(NewContext(nil, p, lang), c.err); !strings.Contains(got, want) || strings.Contains(got, "bkconsole ") {
				t.Errorf("%s: %q, want %q", lang, got, want)
			}
		}
	}
}
