package client_test

import (
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
)

// A body that is not JSON is refused saying where and, for the mistakes people make most, why
// in the reader's language (the parser's English stood inside the Chinese sentence).
func TestBadJSONSaidInTheReadersLanguage(t *testing.T) {
	for body, want := range map[string]string{
		"{\n  \"a\": 1,\n}": "JSON 不合法（第 3 行第 1 列）：此处应为带引号的键，而不是 \"}\"",
		`{"a": 1} X`:        "JSON 不合法（第 1 行第 10 列）：完整的值之后多出了 \"X\"",
		`{"a": 1`:           "JSON 不合法（第 1 行第 7 列）：内容不完整，提前结束了",
		`{"a" 1}`:           "JSON 不合法（第 1 行第 6 列）：键之后应为冒号，而不是 \"1\"",
		`[1 2]`:             "JSON 不合法（第 1 行第 4 列）：此处应为逗号或 ]，而不是 \"2\"",
		`{"a": tru}`:        "JSON 不合法（第 1 行第 10 列）：invalid character '}' in literal true (expecting 'e')",
		// The character is quoted once (encoding/json's own quotes had been quoted again: "\\'").
		`{'a': 1}`:    "JSON 不合法（第 1 行第 2 列）：此处应为带引号的键，而不是 \"'\"",
		"\x89PNG":     "JSON 不合法（第 1 行第 1 列）：此处应为一个值，而不是 \"\\u0089\"",
		`{"a": "x\"}`: "JSON 不合法（第 1 行第 11 列）：内容不完整，提前结束了",
		// The character that stands there, at the column an editor shows (encoding/json named
		// the first byte of 张 as "å", at the byte's column).
		`{"名字": 张三}`:     "JSON 不合法（第 1 行第 8 列）：此处应为一个值，而不是 \"张\"",
		"\xef\xbb\xbf{}": "JSON 以字节顺序标记（BOM）开头：请将文件另存为不带 BOM 的 UTF-8",
		"\xff":           "JSON 不合法（第 1 行第 1 列）：此处应为一个值，而不是 \"ÿ\"",
	} {
		if got := client.Present(client.CheckJSON([]byte(body)), i18n.Chinese).Message; got != want {
			t.Errorf("%q: %q, want %q", body, got, want)
		}
	}
}
