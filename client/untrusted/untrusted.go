// Package untrusted makes text that came from a server safe to put on a terminal: every
// string a gateway, a Help Center or a backend sends is data, never terminal control.
//
// Text strips escape sequences whole (CSI, OSC, DCS, ...), C0 and C1 control characters
// (keeping tab and newline) and shows bidirectional overrides visibly, so a name can neither
// write the clipboard (OSC 52), retitle the window, clear the screen nor reorder what the
// user reads. Strings walks a decoded value and cleans every string in it, in place (a
// one-line string as Line, its tab a space).
package untrusted

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Text returns s without terminal controls; tab and newline are kept.
func Text(s string) string {
	if plain(s) {
		return s
	}
	return clean(ansi.Strip(s), true)
}

// Line returns s as one line: like Text, with newlines and tabs turned into spaces.
func Line(s string) string {
	if plain(s) && !strings.ContainsAny(s, "\n\t") {
		return s
	}
	return clean(ansi.Strip(s), false)
}

// plain is the fast path: printable ASCII (plus tab and newline) needs no work.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c == 0x7f || (c < 0x20 && c != '\n' && c != '\t') {
			return false
		}
	}
	return true
}

func clean(s string, keepLayout bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\n' || r == '\t':
			if keepLayout {
				b.WriteRune(r)
			} else {
				b.WriteByte(' ')
			}
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			// C0 and C1 controls: dropped (ESC, BEL, CR, backspace, 8-bit CSI ...).
		case isBidiControl(r):
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isBidiControl is a character that reorders the text around it (Trojan Source).
func isBidiControl(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// shown is s cleaned to be shown: one line as Line makes it (a tab is a space: widths count it
// as nothing, the terminal expands it past its column), several as Text (a doc's code and a
// body keep their tabs).
func shown(s string) string {
	if strings.ContainsRune(s, '\n') {
		return Text(s)
	}
	return Line(s)
}

// Strings cleans, in place, every string reachable from v (a pointer): struct fields, slices,
// arrays, maps and pointers. Byte slices ([]byte, json.RawMessage) are left exact: they are
// bodies kept for saving and JSON output, cleaned where they are shown.
func Strings(v any) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return
	}
	walk(rv.Elem(), 0)
}

// maxDepth bounds the walk: decoded JSON nests, but not this deep.
const maxDepth = 64

func walk(v reflect.Value, depth int) {
	if depth > maxDepth {
		return
	}
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			if s := v.String(); !plain(s) || strings.ContainsRune(s, '\t') {
				v.SetString(shown(s))
			}
		}
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return
		}
		e := v.Elem()
		if v.Kind() == reflect.Interface {
			// Values inside an interface cannot be set in place: clean a copy and put it back.
			if e.Kind() == reflect.String && v.CanSet() {
				v.Set(reflect.ValueOf(shown(e.String())))
				return
			}
			if e.Kind() == reflect.Map || e.Kind() == reflect.Slice || e.Kind() == reflect.Pointer {
				walk(e, depth+1)
			}
			return
		}
		walk(e, depth+1)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.CanSet() || f.Kind() == reflect.Pointer || f.Kind() == reflect.Map || f.Kind() == reflect.Slice {
				if v.Type().Field(i).IsExported() {
					walk(f, depth+1)
				}
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := 0; i < v.Len(); i++ {
			walk(v.Index(i), depth+1)
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		iter := v.MapRange()
		type kv struct{ k, v reflect.Value }
		var changed []kv
		for iter.Next() {
			k, val := iter.Key(), iter.Value()
			nv := reflect.New(val.Type()).Elem()
			nv.Set(val)
			walk(nv, depth+1)
			nk := k
			if k.Kind() == reflect.String && !plain(k.String()) {
				nk = reflect.ValueOf(Text(k.String())).Convert(k.Type())
			}
			changed = append(changed, kv{nk, nv})
			if nk.Interface() != k.Interface() {
				v.SetMapIndex(k, reflect.Value{})
			}
		}
		for _, c := range changed {
			v.SetMapIndex(c.k, c.v)
		}
	}
}

// KeepStyle strips a rendered text (our own styling around server data, such as rendered
// markdown) of everything but colours and attributes (SGR), tab and newline: a last guard
// for output that went through a renderer.
func KeepStyle(s string) string {
	if onlyStyle(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	p := ansi.GetParser()
	defer ansi.PutParser(p)
	state := byte(0)
	for len(s) > 0 {
		seq, width, n, newState := ansi.DecodeSequence(s, state, p)
		state = newState
		switch {
		case width > 0 || (len(seq) > 0 && seq[0] >= 0x20 && seq[0] != 0x7f && !isC1Seq(seq)):
			b.WriteString(clean(seq, true))
		case seq == "\n" || seq == "\t":
			b.WriteString(seq)
		case ansi.HasCsiPrefix(seq) && isSGR(ansi.Cmd(p.Command())):
			b.WriteString(seq)
		}
		s = s[n:]
	}
	return b.String()
}

func isC1Seq(seq string) bool {
	r, _ := utf8.DecodeRuneInString(seq)
	return r >= 0x80 && r <= 0x9f
}

func isSGR(c ansi.Cmd) bool { return c.Final() == 'm' && c.Prefix() == 0 && c.Intermediate() == 0 }

// onlyStyle is KeepStyle's fast path, a byte scan: true when s holds no control but tab,
// newline and well-formed SGR sequences (a rendered frame almost always).
func onlyStyle(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == 0x1b:
			if i+1 >= len(s) || s[i+1] != '[' {
				return false
			}
			j := i + 2
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
				j++
			}
			if j >= len(s) || s[j] != 'm' {
				return false
			}
			i = j
		case c == 0xc2:
			if i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f {
				return false
			}
		case c == 0x7f || (c < 0x20 && c != '\n' && c != '\t'):
			return false
		}
	}
	return true
}
