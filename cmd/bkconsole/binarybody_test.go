package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// binaryServer answers a call with a PNG's bytes, control sequences among them, and /gbk/
// with a legacy backend's JSON in GBK ({"name": "蓝鲸配置平台"}).
var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x1b]52;c;eA==\x07\x1b[2J")

var gbkBytes = []byte("{\"name\": \"\xc0\xb6\xbe\xa8\xc5\xe4\xd6\xc3\xc6\xbd\xcc\xa8\"}")

func binaryServer(t *testing.T) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/esc/") { // escapes a --jq string result carries out
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"a": "\u001b[31mred\u001b]0;title\u0007 ok"}`))
			return
		}
		if strings.HasSuffix(r.URL.Path, "/gbk/") {
			w.Header().Set("Content-Type", "application/json; charset=GBK")
			w.Write(gbkBytes)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Write(pngBytes)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/api/{api_name}"
}

// A binary body keeps its bytes: piped as it came, and in --json as base64 (a JSON string
// had turned them into U+FFFD, so a script could not get the file back).
func TestBinaryBodyKeepsItsBytes(t *testing.T) {
	isolate(t)
	t.Setenv("BK_API_URL_TMPL", binaryServer(t))
	t.Setenv("BK_APP_CODE", "app")
	t.Setenv("BK_APP_SECRET", "s")
	if code, stdout, stderr := inProcess(t, nil, "", "call", "gw", "/logo/"); code != 0 || stdout != string(pngBytes) {
		t.Errorf("piped: exit %d %q %s", code, stdout, stderr)
	}
	code, stdout, stderr := inProcess(t, nil, "", "call", "gw", "/logo/", "--json")
	var out struct {
		Body       *string `json:"body"`
		BodyBase64 []byte  `json:"body_base64"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); code != 0 || err != nil || out.Body != nil || !bytes.Equal(out.BodyBase64, pngBytes) {
		t.Errorf("--json: exit %d %v %s %s", code, err, stdout, stderr)
	}
	// A body in GBK, as its Content-Type says, is read decoded (--json, --jq) and piped as it came.
	if code, stdout, stderr := inProcess(t, nil, "", "call", "gw", "/gbk/", "--json", "--jq", ".body.name"); code != 0 || stdout != "蓝鲸配置平台\n" {
		t.Errorf("GBK --json: exit %d %q %s", code, stdout, stderr)
	}
	if code, stdout, stderr := inProcess(t, nil, "", "call", "gw", "/gbk/"); code != 0 || stdout != string(gbkBytes) {
		t.Errorf("GBK piped: exit %d %q %s", code, stdout, stderr)
	}
	// --jq on a body that is not JSON says so in the reader's language, and the status line
	// with the request id is still said (the call went out); it said Go's decoder's English.
	code, stdout, stderr = inProcess(t, nil, "", "--lang", "zh", "--jq", ".a", "call", "gw", "/logo/")
	if code != 1 || stdout != "" || !strings.Contains(stderr, "--jq: 响应体不是 JSON，未做过滤：JSON 不合法（第 1 行第 1 列）") || !strings.Contains(stderr, "HTTP/1.1 200 OK") {
		t.Errorf("--jq: exit %d %q %s", code, stdout, stderr)
	}
}

// On a terminal a binary body is said, not written: its bytes arrived as noise and its
// control sequences reached the terminal cleaned of their escapes only.
func TestBinaryBodyIsNotWrittenToATerminal(t *testing.T) {
	h := newHome(t, "BK_API_URL_TMPL="+binaryServer(t), "BK_APP_CODE=app", "BK_APP_SECRET=s", "LANG=zh_CN.UTF-8")
	r := startPty(t, answersLikeATerminal, binary, h.env, "call", "gw", "/logo/")
	r.waitFor("响应体是二进制数据（34 B，image/png），不写到终端", 10*time.Second)
	r.cmd.Wait()
	if strings.Contains(r.seen.String(), "IHDR") {
		t.Fatalf("the bytes reached the terminal: %q", r.seen.String())
	}
	// A body in GBK is text: shown decoded (it was shown as replacement characters).
	startPty(t, answersLikeATerminal, binary, h.env, "call", "gw", "/gbk/").waitFor(`{"name": "蓝鲸配置平台"}`, 10*time.Second)
	// A --jq string result is server text too: cleaned on a terminal (it carried the server's
	// colour and title-setting sequences to it), raw through a pipe as jq -r gives it.
	r = startPty(t, answersLikeATerminal, binary, h.env, "--jq", ".a", "call", "gw", "/esc/")
	r.waitFor("red ok", 10*time.Second)
	if seen := r.seen.String(); strings.Contains(seen, "\x1b[31m") || strings.Contains(seen, "\x1b]0;") {
		t.Fatalf("the server's sequences reached the terminal: %q", seen)
	}
}

// A dry run of a body that is not text says its size, where it showed the bytes cleaned for a
// screen as if they were the body ("a\x00b\xff" as "ab"), in --json too.
func TestDryRunOfABinaryBodySaysItsSize(t *testing.T) {
	isolate(t)
	file := filepath.Join(t.TempDir(), "logo.png")
	os.WriteFile(file, pngBytes, 0o600)
	args := []string{"--sandbox", "call", "demo-echo", "echo_post", "-H", "Content-Type: image/png", "-d", "@" + file, "--dry-run"}
	if code, stdout, stderr := inProcess(t, nil, "", args...); code != 0 || !strings.HasSuffix(stdout, "\n\n[34 B]\n") || strings.Contains(stdout, "PNG") {
		t.Errorf("dry run: exit %d %q %s", code, stdout, stderr)
	}
	code, stdout, _ := inProcess(t, nil, "", append(args, "--json")...)
	if code != 0 || !strings.Contains(stdout, `"binary_body_size": 34`) || strings.Contains(stdout, `"body"`) {
		t.Errorf("dry run --json: exit %d %s", code, stdout)
	}
}
