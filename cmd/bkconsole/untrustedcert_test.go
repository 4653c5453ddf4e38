package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A server that answers is not "nothing answered": gateways said it needed "a reachable
// address (nothing answered)" of a Help Center that had answered with a certificate signed by no
// authority it knew, or that spoke plain HTTP to an https:// address. Each is named, in both
// languages (auth status already said what was wrong), as one that wants HTTPS at an http://
// address is.
func TestAServerThatAnsweredIsNotUnreachable(t *testing.T) {
	isolate(t)
	tlsSrv := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(tlsSrv.Close)
	plain := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(plain.Close)
	t.Setenv("BK_TOKEN", "t")
	for _, c := range []struct {
		url    string
		en, zh string
	}{
		{tlsSrv.URL, "the server's CA certificate (TLS verification failed", "服务器的 CA 证书（TLS 校验失败"},
		{strings.Replace(plain.URL, "http://", "https://", 1), "an http:// address for that server (it speaks plain HTTP, not HTTPS)", "该服务器的 http:// 地址（它使用明文 HTTP，不是 HTTPS）"},
		// Its 400 is the answer itself (no other surface was tried): said as such.
		{strings.Replace(tlsSrv.URL, "https://", "http://", 1), "the server wants HTTPS: use https://", "服务器要求 HTTPS：请改用 https://"},
	} {
		t.Setenv("BKCONSOLE_HELP_CENTER_URL", c.url+"/hc")
		for lang, want := range map[string]string{"en": c.en, "zh": c.zh} {
			code, _, stderr := inProcess(t, nil, "", "--lang", lang, "gateways")
			if code == 0 || !strings.Contains(stderr, want) || strings.Contains(stderr, "nothing answered") || strings.Contains(stderr, "当前无应答") || strings.Contains(stderr, "a login") {
				t.Errorf("%s %s: exit %d\n%s", c.url, lang, code, stderr)
			}
		}
	}
}
