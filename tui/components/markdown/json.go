package markdown

import (
	"strings"

	"github.com/bkconsole/bkconsole/tui/styles"
	"github.com/charmbracelet/lipgloss"
)

// HighlightJSON colours JSON text in the theme: keys, strings, numbers, true/false/null and the
// punctuation each their own role. It reads the text as it is (no reformatting), so text that
// is not quite JSON (a doc's example with a comment) is coloured as far as it goes and shown
// whole.
func HighlightJSON(src string, th *styles.Theme) string {
	var b strings.Builder
	b.Grow(len(src) * 2)
	// Each role's escape codes are found once: a megabyte of JSON is a hundred thousand tokens.
	key, str, num, lit, punct := paint(th.JSONKey), paint(th.JSONString), paint(th.JSONNumber), paint(th.JSONLiteral), paint(th.Subtle)
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '"':
			j := stringEnd(src, i)
			st := str
			if isKey(src, j) {
				st = key
			}
			b.WriteString(render(st, src[i:j]))
			i = j
		case c == '-' || c >= '0' && c <= '9':
			j := i + 1
			for j < len(src) && strings.IndexByte("0123456789.eE+-", src[j]) >= 0 {
				j++
			}
			b.WriteString(render(num, src[i:j]))
			i = j
		case c >= 'a' && c <= 'z':
			j := i + 1
			for j < len(src) && src[j] >= 'a' && src[j] <= 'z' {
				j++
			}
			b.WriteString(render(lit, src[i:j]))
			i = j
		case strings.IndexByte("{}[],:", c) >= 0:
			b.WriteString(render(punct, src[i:i+1]))
			i++
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// stringEnd is the index after the string starting at i (or the end of its line, unclosed).
func stringEnd(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		case '\n':
			return j
		}
	}
	return len(s)
}

// isKey: the string ending at j is an object's key (a colon follows).
func isKey(s string, j int) bool {
	for ; j < len(s); j++ {
		switch s[j] {
		case ' ', '\t':
			continue
		case ':':
			return true
		}
		return false
	}
	return false
}

// painter is a style's opening and closing escape codes.
type painter struct{ open, close string }

func paint(st lipgloss.Style) painter {
	open, close, _ := strings.Cut(st.Render("\x00"), "\x00")
	return painter{open, close}
}

// render styles s line by line: a style never spans a line break.
func render(p painter, s string) string {
	if p.open == "" || s == "" {
		return s
	}
	if !strings.Contains(s, "\n") {
		return p.open + s + p.close
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = p.open + l + p.close
		}
	}
	return strings.Join(lines, "\n")
}
