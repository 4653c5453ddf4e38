package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// CheckJSON refuses a body that is not JSON, saying where: line and column, as editors count.
func CheckJSON(body []byte) error {
	var v any
	err := json.Unmarshal(body, &v)
	if err == nil {
		return nil
	}
	if bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
		// A file saved "with BOM" (as some Windows editors do): a parser reads those three
		// bytes as text before the value; the message had quoted "ï".
		return &ErrUserInput{Key: "input.json_bom"}
	}
	off := int64(len(body))
	msg := "unexpected end of JSON input"
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off, msg = se.Offset, se.Error()
		if at := off - 1; at >= 0 && at < int64(len(body)) && body[at] >= utf8.RuneSelf {
			// encoding/json names the byte as if it were a character ("å" for the first byte
			// of 张): the character that stands there is named instead.
			if r, _ := utf8.DecodeRune(body[at:]); r != utf8.RuneError {
				msg = strings.Replace(msg, "'"+string(rune(body[at]))+"'", "'"+string(r)+"'", 1)
			}
		}
	}
	line, col := 1, 1
	for i := int64(0); i < off-1 && i < int64(len(body)); i++ {
		switch {
		case body[i] == '\n':
			line, col = line+1, 1
		case body[i]&0xC0 != 0x80: // a character's first byte: columns count characters, as editors do
			col++
		}
	}
	return JSONProblemAt(msg, line, col)
}

// JSONProblemAt words encoding/json's complaint msg about line and col in the reader's
// language: a file bkconsole reads (its config) as a body the user gives.
func JSONProblemAt(msg string, line, col int) *ErrUserInput {
	for _, r := range jsonReasons {
		if m := r.re.FindStringSubmatch(msg); m != nil {
			args := []any{line, col}
			for _, a := range m[1:] {
				if u, err := strconv.Unquote(`"` + strings.ReplaceAll(a, `\'`, "'") + `"`); err == nil {
					a = u // encoding/json quotes the character itself ('\u0089'): said once, not twice
				}
				args = append(args, a)
			}
			return &ErrUserInput{Key: r.key, Args: args}
		}
	}
	return &ErrUserInput{Key: "input.bad_json", Args: []any{line, col, msg}}
}

// jsonReasons are encoding/json's complaints a user makes most, each said by bkconsole in the
// reader's language (the parser's words were English inside the Chinese sentence); another
// keeps the parser's words.
var jsonReasons = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^unexpected end of JSON input$`), "input.json_cut"},
	{regexp.MustCompile(`^invalid character '(.+)' after top-level value$`), "input.json_after_value"},
	{regexp.MustCompile(`^invalid character '(.+)' looking for beginning of value$`), "input.json_want_value"},
	{regexp.MustCompile(`^invalid character '(.+)' looking for beginning of object key string$`), "input.json_want_key"},
	{regexp.MustCompile(`^invalid character '(.+)' after object key$`), "input.json_want_colon"},
	{regexp.MustCompile(`^invalid character '(.+)' after object key:value pair$`), "input.json_want_comma_brace"},
	{regexp.MustCompile(`^invalid character '(.+)' after array element$`), "input.json_want_comma_bracket"},
}
