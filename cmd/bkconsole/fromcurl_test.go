package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/sandbox"
)

// --from-curl takes the whole request from the curl command: a flag that shapes the request
// beside it (a header, a query, --message, a method, the gateway and API as arguments) was
// dropped without a word, and the request went without it. It is refused, in both languages,
// and nothing is sent; --var, which fills the command's {{variables}}, still works with it.
func TestFromCurlRefusesWhatItWouldDrop(t *testing.T) {
	isolate(t)
	asDemoApp(t, sandbox.URLsFor("http://bkapi.example.com"))
	file := filepath.Join(t.TempDir(), "req.sh")
	if err := os.WriteFile(file, []byte("curl -X POST 'http://bkapi.example.com/api/demo-echo/prod/echo/?who={{who}}' -d '{}'"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, extra := range [][]string{{"-H", "X-Trace: 1", "--header"}, {"--query", "a=1"}, {"--message", "hi"}, {"-X", "PUT", "--method"},
		{"--data", "{}"}, {"--user"}, {"--stage", "test"}, {"demo-echo", "echo_post"}} {
		said := extra[0] // the flag's long name, as the message says it
		if len(extra) == 3 {
			said, extra = extra[2], extra[:2]
		}
		for lang, want := range map[string]string{"en": "--from-curl takes the whole request from the curl command", "zh": "--from-curl 从 curl 命令读取整个请求"} {
			args := append([]string{"--lang", lang, "call", "--from-curl", file, "--dry-run"}, extra...)
			code, stdout, stderr := inProcess(t, nil, "", args...)
			if code != ExitUsage || stdout != "" || !strings.Contains(stderr, want) || !strings.Contains(stderr, said) {
				t.Errorf("%s %q: exit %d %q %s", lang, extra, code, stdout, stderr)
			}
		}
	}
	code, stdout, stderr := inProcess(t, nil, "", "call", "--from-curl", file, "--var", "who=me", "--dry-run")
	if code != 0 || !strings.Contains(stdout, "who=me") {
		t.Errorf("--var with --from-curl: exit %d %s %s", code, stdout, stderr)
	}
}

// The curl command given to --from-curl itself, not a file holding it: it said "cannot read
// curl -X POST … -H 'X-Bkapi-Authorization: {… secret …}': no such file", the secret repeated
// on stderr. It says the flag takes a file or - (stdin), why, and repeats none of the command.
func TestFromCurlGivenTheCommandItself(t *testing.T) {
	isolate(t)
	asDemoApp(t, sandbox.URLsFor("http://bkapi.example.com"))
	cmd := `curl -X POST http://bkapi.example.com/api/demo-echo/prod/echo/ -H 'X-Bkapi-Authorization: {"bk_app_code":"a","bk_app_secret":"s3cr3t-value"}'`
	for lang, want := range map[string]string{"en": "--from-curl takes a file holding the curl command, or - to paste it", "zh": "--from-curl 读取保存 curl 命令的文件"} {
		for _, command := range []string{"call", "snippet"} {
			code, stdout, stderr := inProcess(t, nil, "", "--lang", lang, command, "--from-curl", cmd)
			if code != ExitUsage || stdout != "" || !strings.Contains(stderr, want) || strings.Contains(stderr, "s3cr3t") {
				t.Errorf("%s %s: exit %d %q %s", lang, command, code, stdout, stderr)
			}
		}
	}
}
