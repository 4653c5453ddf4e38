// Package i18n is bkconsole's message catalog: every user-facing string, in English and Chinese
// side by side, served through golang.org/x/text/message.
package i18n

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Lang is a UI language.
type Lang string

const (
	English Lang = "en"
	Chinese Lang = "zh"
)

// printers are the two languages' printers, each built the first time it is needed: building
// one compiles every message of the catalog in that language, a few milliseconds that a run in
// one language need not pay twice.
var printers = map[Lang]*printer{English: {l: English}, Chinese: {l: Chinese}}

type printer struct {
	l    Lang
	once sync.Once
	p    *message.Printer
}

func tag(l Lang) language.Tag {
	if l == Chinese {
		return language.SimplifiedChinese
	}
	return language.English
}

func (pr *printer) get() *message.Printer {
	pr.once.Do(func() {
		t := tag(pr.l)
		cat := catalog.NewBuilder(catalog.Fallback(t)) // every key has both languages (TestBothLanguagesComplete)
		for _, m := range messages {
			text := m.en
			if pr.l == Chinese {
				text = m.zh
			}
			_ = cat.SetString(t, m.key, text)
		}
		pr.p = message.NewPrinter(t, message.Catalog(cat))
	})
	return pr.p
}

func printerOf(l Lang) *printer {
	if pr, ok := printers[l]; ok {
		return pr
	}
	return printers[English]
}

// Prepare builds l's printer in the background, so that the first message of a start-up that
// has other work to do (the console's: a profile, a sandbox, a keyring) does not wait for it.
func Prepare(l Lang) { go printerOf(l).get() }

// T translates key into l, formatting args as fmt does.
func T(l Lang, key string, args ...any) string {
	p := printerOf(l).get()
	// Numbers are codes, ids and counts: written plainly, never with locale grouping
	// ("1640301", not "1,640,301").
	plain := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case int, int64, int32, uint, uint64, float64:
			plain[i] = fmt.Sprint(v)
		case Phrase:
			plain[i] = v.in(l)
		default:
			plain[i] = a
		}
	}
	if l != Chinese || !phrased[key] {
		return p.Sprintf(key, plain...)
	}
	return spaced(p.Sprintf(key, markedArgs(plain)...))
}

// Phrase is an argument said in the message's own language: a catalog key and its arguments,
// translated with the message (a reason inside a sentence, chosen before the language is
// known), or Text as it is.
type Phrase struct {
	Key  string
	Args []any
	Text string
}

func (p Phrase) in(l Lang) string {
	if p.Key == "" {
		return p.Text
	}
	return T(l, p.Key, p.Args...)
}

// String is the phrase in English, for a Go error's text.
func (p Phrase) String() string { return p.in(English) }

// N translates a message about n things: key + ".one" when n is 1 and the catalog has that
// form ("Renew 1 permission"), else key. n is the message's first argument.
func N(l Lang, key string, n int, args ...any) string {
	if n == 1 && Has(key+".one") {
		key += ".one"
	}
	return T(l, key, append([]any{n}, args...)...)
}

// Has tells whether the catalog knows key.
func Has(key string) bool {
	for _, m := range messages {
		if m.key == key {
			return true
		}
	}
	return false
}

// Keys lists every key, for the test that both languages are complete.
func Keys() []string {
	out := make([]string, len(messages))
	for i, m := range messages {
		out[i] = m.key
	}
	return out
}

// Parse reads a language setting ("zh", "zh_CN.UTF-8", "en-US"); ok is false when unknown.
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "":
		return English, false
	case strings.HasPrefix(s, "zh"):
		return Chinese, true
	case strings.HasPrefix(s, "en"), s == "c", s == "posix", strings.HasPrefix(s, "c."):
		return English, true
	}
	return English, false
}

// Detect picks the language: the profile's setting, else LC_ALL, LC_MESSAGES, LANG.
func Detect(profileLang string) Lang {
	if l, ok := Parse(profileLang); ok {
		return l
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l, ok := Parse(os.Getenv(v)); ok {
			return l
		}
	}
	return English
}

// Other is the language a toggle switches to.
func (l Lang) Other() Lang {
	if l == Chinese {
		return English
	}
	return Chinese
}

// Doc is the language code the gateway's docs use ("zh" or "en").
func (l Lang) Doc() string { return string(l) }

// Level names a permission level; one the contract does not define is shown as it was sent.
func Level(l Lang, level string) string {
	switch level {
	case "normal", "sensitive", "special", "unlimited":
		return T(l, "level."+level)
	}
	return level
}

// Status names a permission's status in the reader's language. One the catalog does not know
// is said as the server sent it, and an empty one as "?": "status." + it had shown the
// catalog's key ("status.").
func Status(l Lang, status string) string {
	return named(l, "status.", status, "unlimited", "owned", "expired", "need_apply", "pending", "rejected", "unknown")
}

// RecordStatus names an application record's status as Status names a permission's.
func RecordStatus(l Lang, status string) string {
	return named(l, "record.", status, "pending", "approved", "partial_approved", "rejected")
}

// named is a server's value by its catalog entry (prefix + value) where it is one of known.
func named(l Lang, prefix, value string, known ...string) string {
	switch {
	case slices.Contains(known, value):
		return T(l, prefix+value)
	case value == "":
		return "?"
	}
	return value
}

// Validity names an application's validity: 6 months, 12 months, permanent, or N days.
func Validity(l Lang, days int) string {
	switch days {
	case 0:
		return T(l, "validity.permanent")
	case 180:
		return T(l, "validity.6m")
	case 360:
		return T(l, "validity.12m")
	}
	return N(l, "validity.days", days)
}

// ValidityAsked is Validity as a question says it: "valid permanently", where "valid permanent"
// had been pieced from the months' wording.
func ValidityAsked(l Lang, days int) string {
	if days == 0 {
		return T(l, "validity.permanently")
	}
	return Validity(l, days)
}

// ExpiryText words a permission's expiry (client.ExpiryOf's reading of expires_in).
func ExpiryText(l Lang, e interface{ Parts() (string, int64) }) string {
	kind, days := e.Parts()
	switch kind {
	case "not_needed":
		return T(l, "perm.no_expiry_needed")
	case "never":
		return T(l, "perm.never_expires")
	case "in":
		if days == 0 {
			return T(l, "perm.expires_today")
		}
		return N(l, "perm.expires_in_days", int(days))
	case "expired":
		if days == 0 {
			return T(l, "perm.expired")
		}
		return N(l, "perm.expired_days_ago", int(days))
	}
	return "" // no permission, nothing to expire
}

// ExpiryCell is ExpiryText in a column headed "Expires": "in 400 days", where the sentence
// says "expires in 400 days" (at 80 columns a table cut that to "expire…"). Chinese says it
// the same way in both.
func ExpiryCell(l Lang, e interface{ Parts() (string, int64) }) string {
	if kind, days := e.Parts(); kind == "in" && days > 0 {
		return N(l, "perm.in_days", int(days))
	}
	return ExpiryText(l, e)
}

// List joins words of the reader's language into one list: "a, b" in English, "a、b" in
// Chinese (the enumeration comma, as the Developer Center writes its lists). Names that are not
// words of a language (gateways, APIs, people, record numbers) keep ", ".
func List(l Lang, words []string) string {
	if l == Chinese {
		return strings.Join(words, "、")
	}
	return strings.Join(words, ", ")
}

// IDs lists record ids as List does ("4, 5"; "4、5" in Chinese).
func IDs(l Lang, ids []int) string {
	words := make([]string, len(ids))
	for i, id := range ids {
		words[i] = strconv.Itoa(id)
	}
	return List(l, words)
}

// TokenAge words a saved bk_token by what is known of it (said: "not checked", or what the
// server said), what its age suggests (state: fresh, aging, stale, unknown) and its age: "not
// checked (saved 3 min ago)". It had read "saved under 20 hours ago" of one saved a minute ago.
func TokenAge(l Lang, said, state string, age time.Duration) string {
	switch state {
	case "unknown":
		return Clauses(l, said, T(l, "token.unknown"))
	case "aging", "stale":
		said = Clauses(l, said, T(l, "token."+state))
	}
	return T(l, "token.age", said, Age(l, age))
}

// Records names application records by their ids: "record 4", "records 4, 5" ("记录 4、5").
func Records(l Lang, ids []int) string {
	if len(ids) == 1 {
		return T(l, "word.record_n", IDs(l, ids))
	}
	return T(l, "word.records_n", IDs(l, ids))
}

// TRecords translates a message whose first argument names records (Records): key + ".one"
// for one record where the catalog has that form ("record 4 is", "records 4, 5 are").
func TRecords(l Lang, key string, ids []int, args ...any) string {
	if len(ids) == 1 && Has(key+".one") {
		key += ".one"
	}
	return T(l, key, append([]any{Records(l, ids)}, args...)...)
}

// Label puts a label before its value: "Stage: prod" in English, "环境：prod" in Chinese, whose
// full-width colon carries its own space. A label composed in code goes through here, so a
// Chinese screen does not mix "：" from the catalog with ": " from the code.
func Label(l Lang, label string) string {
	if l == Chinese {
		return label + "："
	}
	return label + ": "
}

// Aside is a remark in brackets after what it qualifies: " (masked)" in English, "（已遮盖）" in
// Chinese, whose full-width brackets carry their own space.
func Aside(l Lang, text string) string {
	if l == Chinese {
		return "（" + text + "）"
	}
	return " (" + text + ")"
}

// Clauses joins the parts of one sentence: "a; b" in English, "a；b" in Chinese.
func Clauses(l Lang, parts ...string) string {
	if l == Chinese {
		return strings.Join(parts, "；")
	}
	return strings.Join(parts, "; ")
}

// MixedPunctuation is the first line of text where a Chinese word is followed by English
// punctuation (": ", "; ", ", "), stands in half-width brackets or is followed by one, or is
// quoted in corner brackets (「」, where the house quotes with “” as the mainland does), or ""
// when there is none: what the tests hold every Chinese screen and output to, since a label
// or a list composed in code is where it creeps in.
func MixedPunctuation(text string) string {
	prev, word := ' ', ' ' // the rune before, and the last one before any space
	for i, r := range text {
		english := strings.ContainsRune(":;,", r) && strings.HasPrefix(text[i+1:], " ") && (unicode.Is(unicode.Han, prev) || strings.ContainsRune("）」》", prev))
		next, _ := utf8.DecodeRuneInString(text[i+utf8.RuneLen(r):])
		radio := strings.ContainsRune("• ", next) // a radio button's "(•)" and "( )" are not brackets
		bracket := r == '(' && !radio && (unicode.Is(unicode.Han, next) || unicode.Is(unicode.Han, word)) || r == ')' && unicode.Is(unicode.Han, prev)
		if english || bracket || r == '「' || r == '」' {
			start, end := strings.LastIndexByte(text[:i], '\n')+1, len(text)
			if n := strings.IndexByte(text[i:], '\n'); n >= 0 {
				end = i + n
			}
			return text[start:end]
		}
		prev = r
		if r != ' ' {
			word = r
		}
	}
	return ""
}

// Ways names the ways to unlock a feature, any one of which will do, each a set of needs that
// go together: "the Developer Center URL and a login (bk_token), or an inner-API grant for the
// app". A flat list read as if everything in it were needed at once.
func Ways(l Lang, ways [][]string) string {
	and, or := " and ", ", or "
	if l == Chinese {
		and, or = "和", "，或"
	}
	parts := make([]string, len(ways))
	for i, way := range ways {
		words := make([]string, len(way))
		for j, n := range way {
			words[j] = T(l, "need."+n)
		}
		if last := len(words) - 1; last > 0 {
			words = append(words[:last-1], joinWords(words[last-1], and, words[last]))
		}
		parts[i] = List(l, words)
	}
	out := ""
	for i, p := range parts {
		if i == 0 {
			out = p
			continue
		}
		out = joinWords(out, or, p)
	}
	return out
}

// joinWords joins a and b with a word; a Chinese word (和, 或) stands apart from a Latin one by
// a space, as the catalog writes "开放 API".
func joinWords(a, word, b string) string {
	latin := func(r rune) bool { return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
	last, _ := utf8.DecodeLastRuneInString(word)
	first, _ := utf8.DecodeRuneInString(word)
	if unicode.Is(unicode.Han, last) {
		if r, _ := utf8.DecodeRuneInString(b); latin(r) {
			word += " "
		}
	}
	if unicode.Is(unicode.Han, first) {
		if r, _ := utf8.DecodeLastRuneInString(a); latin(r) {
			word = " " + word
		}
	}
	return a + word + b
}

// Age words how long ago something was, to the minute: "5 min", "21 h 3 min", "3 days".
func Age(l Lang, d time.Duration) string {
	d = max(d, 0)
	switch {
	case d < time.Minute:
		return T(l, "age.under_a_minute")
	case d < time.Hour:
		return T(l, "age.minutes", int(d/time.Minute))
	case d < 48*time.Hour:
		return T(l, "age.hours", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
	return N(l, "age.days", int(d/(24*time.Hour)))
}

// Size is a number of bytes as people read it: "506 B", "64.0 KiB", "6.6 MiB".
func Size(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
