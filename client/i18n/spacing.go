package i18n

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Chinese puts a space between its own words and a Latin one ("需要补充 BK_API_URL_TMPL"),
// never between two Chinese phrases. A template cannot know which its argument is: the same
// "需要补充 %s" is given "登录态（bk_token）" too. So for the templates whose argument is a
// phrase of the sentence (phrased), the arguments are marked while the
// template is formatted, and a space the template wrote beside one goes where both of its
// sides are Chinese. A name keeps its space ("服务 用户目录", "用户 张三"): there it parts
// the name from the word that says what it is.
const (
	argStart = '\ue000' // private-use runes: no message and no argument holds them
	argEnd   = '\ue001'
)

// phrased are the templates whose argument is a phrase of their sentence: what is missing, as
// a list of the catalog's "need." texts, where an answer came from ("surface." texts), or a
// kind ("kind." texts).
var phrased = map[string]bool{"login.needs": true, "auth.not_configured": true, "auth.unlock": true, "tui.add_to_unlock": true,
	"sdks.need_login": true, "tui.conn_via": true, "cli.dry_run": true, "records.cli_empty": true}

// markedArgs are args with each string marked: a phrased template prints every argument
// with %s (TestPhrasedTemplatesPrintStrings).
func markedArgs(args []any) []any {
	out := append([]any(nil), args...)
	for i, a := range out {
		if str, ok := a.(string); ok {
			out[i] = string(argStart) + str + string(argEnd)
		}
	}
	return out
}

// spaced drops the marks of s, and a space beside an argument where the text on both of its
// sides is Chinese.
func spaced(s string) string {
	if !strings.ContainsRune(s, argStart) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == ' ' {
			written := b.String()
			before, _ := utf8.DecodeLastRuneInString(written)
			next, after := neighbour(s[i+n:])
			if (next == argStart || strings.HasSuffix(written, string(argEnd))) && chinese(before, written) && chinese(after, "") {
				i += n
				continue
			}
		}
		b.WriteRune(r)
		i += n
	}
	return strings.NewReplacer(string(argStart), "", string(argEnd), "").Replace(b.String())
}

// neighbour is the first rune of s and the first one after any marks.
func neighbour(s string) (first, text rune) {
	first, _ = utf8.DecodeRuneInString(s)
	t := strings.TrimLeft(s, string(argStart)+string(argEnd))
	text, _ = utf8.DecodeRuneInString(t)
	return first, text
}

// chinese tells whether r (the last rune of what was written, marks aside) is a Chinese
// character or full-width punctuation.
func chinese(r rune, written string) bool {
	if r == argStart || r == argEnd {
		written = strings.TrimRight(written, string(argStart)+string(argEnd))
		r, _ = utf8.DecodeLastRuneInString(written)
	}
	return unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef || r == '“' || r == '”'
}
