package client

import (
	"net/http"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/i18n"
)

// A body is binary when it holds a NUL or is not UTF-8; Chinese text, an empty body, and text
// cut inside a rune by the read limit are text.
func TestBinaryTellsTextFromBytes(t *testing.T) {
	for body, want := range map[string]bool{
		"":             false,
		`{"ok": true}`: false,
		"蓝鲸配置平台":       false,
		"蓝鲸"[:4]:       false, // cut inside 鲸
		strings.Repeat("a", binarySniff-1) + "蓝": false, // cut by the sniff
		"\x89PNG\r\n\x1a\n\xff":                  true,
		"text\x00more":                           true,
		"GBK \xc0\xb6\xbe\xa8":                   true, // not UTF-8: its bytes are not shown as text
	} {
		if got := (&CallResponse{Body: []byte(body)}).Binary(); got != want {
			t.Errorf("Binary(%q) = %v", body[:min(len(body), 20)], got)
		}
	}
}

// A saved body's file is named after its type where the type is a common one, never by the
// server's words; the type is said in the reader's language when none was given.
func TestSavedBodyExtensionAndType(t *testing.T) {
	for ctype, want := range map[string]string{
		"image/png":                       ".png",
		"image/jpeg":                      ".jpeg",
		"application/json; charset=utf-8": ".json",
		"application/pdf":                 ".pdf",
		"text/plain":                      ".txt",
		"application/octet-stream":        ".body",
		"":                                ".body",
		"x/../../evil":                    ".body",
	} {
		r := &CallResponse{Headers: http.Header{"Content-Type": {ctype}}}
		if got := r.FileExt(); got != want {
			t.Errorf("FileExt(%q) = %q, want %q", ctype, got, want)
		}
	}
	r := &CallResponse{Headers: http.Header{}}
	if got := r.MediaType(i18n.Chinese); got != "未给出类型" {
		t.Errorf("MediaType without a type: %q", got)
	}
	r.Headers.Set("Content-Type", "image/png; x=\x1b[31m")
	if got := r.MediaType(i18n.English); got != "image/png" {
		t.Errorf("MediaType: %q", got)
	}
}

// A body in the charset its Content-Type names is read decoded (GBK, GB18030, Big5); an
// unknown charset, or none, leaves it as it came.
func TestReadableDecodesTheNamedCharset(t *testing.T) {
	gbk := "\xc0\xb6\xbe\xa8"
	for ctype, want := range map[string]string{
		"text/plain; charset=GBK":     "蓝鲸",
		"text/plain; charset=gb18030": "蓝鲸",
		"text/plain; charset=x-nope":  gbk,
		"text/plain":                  gbk,
	} {
		r := &CallResponse{Body: []byte(gbk), Headers: http.Header{"Content-Type": {ctype}}}
		if got := string(r.Readable()); got != want {
			t.Errorf("%s: %q", ctype, got)
		}
		if r.Binary() != (want == gbk) {
			t.Errorf("%s: binary %v", ctype, r.Binary())
		}
	}
}
