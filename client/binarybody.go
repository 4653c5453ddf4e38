package client

import (
	"bytes"
	"errors"
	"mime"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/untrusted"
)

// binarySniff is how much of a body is looked at to tell text from binary (as git does, the
// first 8000 bytes).
const binarySniff = 8000

// Binary tells whether the body, as read (Readable), is not text (IsBinary). Such a body is not
// written to a terminal (its bytes would arrive as noise, or as control sequences) and is given
// to a script as base64.
func (r *CallResponse) Binary() bool { return IsBinary(r.Readable()) }

// IsBinary tells whether b is not text, judged by its first binarySniff bytes: a NUL, or bytes
// that are not UTF-8 (a rune cut at the end, by the sniff or a read limit, does not count).
func IsBinary(b []byte) bool {
	if len(b) > binarySniff {
		b = b[:binarySniff]
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return true
	}
	for len(b) > 0 {
		c, size := utf8.DecodeRune(b)
		if c == utf8.RuneError && size == 1 {
			return utf8.FullRune(b) // not full: a rune cut at the end (the sniff's, the read limit's)
		}
		b = b[size:]
	}
	return false
}

// MediaType is the body's type as its Content-Type header names it ("image/png"), or, in l,
// that none was given.
func (r *CallResponse) MediaType(l i18n.Lang) string {
	if kind := untrusted.Line(r.mediaType()); kind != "" {
		return kind
	}
	return i18n.T(l, "call.type_unknown")
}

// Readable is the body as a person reads it: decoded to UTF-8 from the charset its Content-Type
// names (a legacy backend's GBK or GB18030, which BlueKing's older systems still answer in) and
// as it came otherwise, or when the charset is not one known. What is written to a pipe or a
// file, and saved, stays the body as it came.
func (r *CallResponse) Readable() []byte {
	_, params, _ := mime.ParseMediaType(r.Headers.Get("Content-Type"))
	cs := strings.ToLower(strings.TrimSpace(params["charset"]))
	if cs == "" || cs == "utf-8" || cs == "utf8" || cs == "us-ascii" {
		return r.Body
	}
	enc, err := htmlindex.Get(cs)
	if err != nil {
		return r.Body
	}
	if out, err := enc.NewDecoder().Bytes(r.Body); err == nil {
		return out
	}
	return r.Body
}

// mediaType is the Content-Type header's type, lower case, or "" when it has none; a parameter
// it cannot read (a server's stray bytes after the ";") does not hide the type.
func (r *CallResponse) mediaType() string {
	kind, _, err := mime.ParseMediaType(r.Headers.Get("Content-Type"))
	if err != nil && !errors.Is(err, mime.ErrInvalidMediaParameter) {
		return ""
	}
	return kind
}

// FileExt is the extension a saved body's file takes from its type (".png", ".json", ".pdf"),
// so that the file opens in what reads it: the type's own name when the system's table of types
// has it as an extension (the table's first choice for image/jpeg is ".jfif", for
// application/octet-stream ".com"), ".txt" for other text, else ".body". The server's words reach
// the file's name only as an entry of that table.
func (r *CallResponse) FileExt() string {
	kind := r.mediaType()
	exts, _ := mime.ExtensionsByType(kind)
	_, sub, _ := strings.Cut(kind, "/")
	if i := slices.Index(exts, "."+sub); i >= 0 {
		return exts[i]
	}
	if strings.HasPrefix(kind, "text/") {
		return ".txt"
	}
	return ".body"
}
