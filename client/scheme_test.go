package client_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
)

// An address with the wrong scheme says which one the server speaks, in both languages: https://
// to a plain HTTP server was Go's English "server gave HTTP response to HTTPS client" and "try
// again later"; http:// to an HTTPS port was nginx's 400 page read as "not JSON, try again later".
func TestWrongSchemeSaysWhichTheServerSpeaks(t *testing.T) {
	plain := newHostile(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"data": []}`)) })
	nginx := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(400)
		w.Write([]byte("<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"))
	})
	for _, c := range []struct {
		base   string
		en, zh string
	}{
		{strings.Replace(plain.URL, "http://", "https://", 1), "use http://", "请改用 http://"},
		{nginx.URL, "use https://", "请改用 https://"},
	} {
		cfg := hostileConfig(c.base)
		cfg.HelpCenterURL, cfg.DeveloperCenterURL, cfg.BkToken = "", "", ""
		_, _, err := hostilePlanner(t, cfg).Gateways(context.Background(), "")
		if err == nil {
			t.Fatalf("%s: no error", c.base)
		}
		for lang, want := range map[i18n.Lang]string{i18n.English: c.en, i18n.Chinese: c.zh} {
			if line := client.Present(err, lang).Line(lang); !strings.Contains(line, want) || strings.Contains(line, "later") || strings.Contains(line, "稍后") {
				t.Errorf("%s %s: %s", c.base, lang, line)
			}
		}
	}
}
