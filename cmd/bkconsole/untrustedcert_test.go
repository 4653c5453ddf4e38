package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A server whose certificate is not trusted answers: it is not "nothing answered". gateways
// said it needed "a reachable address (nothing answered)" of a Help Center that had answered
// with a certificate signed by no authority it knew; it names the certificate, in both
// languages (auth status already said "TLS verification failed").
func TestAnUntrustedCertificateIsNamed(t *testing.T) {
	isolate(t)
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	t.Setenv("BKCONSOLE_HELP_CENTER_URL", srv.URL+"/hc")
	t.Setenv("BK_TOKEN", "t")
	for lang, want := range map[string]string{"en": "the server's CA certificate (TLS verification failed", "zh": "服务器的 CA 证书（TLS 校验失败"} {
		code, _, stderr := inProcess(t, nil, "", "--lang", lang, "gateways")
		if code == 0 || !strings.Contains(stderr, want) || strings.Contains(stderr, "nothing answered") || strings.Contains(stderr, "当前无应答") {
			t.Errorf("%s: exit %d\n%s", lang, code, stderr)
		}
	}
}
