package main

import (
	"strings"
	"testing"
)

// A gateway URL template is refused for what is wrong with it: without a scheme it was "not a
// URL template with {api_name}" though {api_name} stood in it.
func TestURLTemplateRefusedForWhatIsWrong(t *testing.T) {
	isolate(t)
	for _, c := range []struct{ tmpl, en, zh string }{
		{"127.0.0.1:8080/api/{api_name}", "is not an http(s) URL", "不是 http(s) 地址"},
		{"http://127.0.0.1:8080/api/", "is not a URL template with {api_name}", "不是包含 {api_name} 的地址模板"},
	} {
		for lang, want := range map[string]string{"en": c.en, "zh": c.zh} {
			code, _, stderr := inProcess(t, &memSecrets{}, "s\n", "--lang", lang, "login", "--profile", "p", "--app-code", "a", "--api-url-tmpl", c.tmpl, "--secret-stdin", "--no-verify")
			if code != ExitUsage || !strings.Contains(stderr, want) {
				t.Errorf("%s %s: exit %d %s", lang, c.tmpl, code, stderr)
			}
		}
	}
}
