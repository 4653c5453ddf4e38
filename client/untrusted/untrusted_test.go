package untrusted

import (
	"strings"
	"testing"
	"time"
)

var hostile = []struct{ name, in, want string }{
	{"osc52 clipboard", "demo\x1b]52;c;ZWNobyBwd25lZA==\x07 gateway", "demo gateway"},
	{"osc52 with ST", "a\x1b]52;c;ZWNobw==\x1b\\b", "ab"},
	{"title", "\x1b]0;pwned\x07name", "name"},
	{"clear screen", "x\x1b[2Jy", "xy"},
	{"osc8 link", "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"},
	{"colour", "\x1b[31mred\x1b[0m", "red"},
	{"bell and cr", "ab\x07c\rd", "abcd"},
	{"c1 csi", "a\u009b2Jb", "a2Jb"},
	{"bidi override", "abc\u202edcb", "abc<U+202E>dcb"},
	{"keeps tab and newline", "a\tb\nc", "a\tb\nc"},
	{"chinese", "蓝鲸网关", "蓝鲸网关"},
	{"lone esc", "a\x1bb", "a"},
}

func TestText(t *testing.T) {
	for _, c := range hostile {
		if got := Text(c.in); got != c.want {
			t.Errorf("%s: Text(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
		if strings.ContainsAny(Text(c.in), "\x1b\x07\r\u009b") {
			t.Errorf("%s: control left in %q", c.name, Text(c.in))
		}
	}
}

func TestLine(t *testing.T) {
	if got := Line("a\nb\tc\x1b]0;x\x07"); got != "a b c" {
		t.Fatalf("Line = %q", got)
	}
}

func TestStringsWalksNestedValues(t *testing.T) {
	type inner struct {
		Name string
		Tags []string
		Raw  []byte
	}
	type outer struct {
		Title   string
		Items   []inner
		Ptr     *inner
		Map     map[string][]string
		Any     any
		private string
	}
	v := outer{
		Title: "t\x1b[2J", Items: []inner{{Name: "n\x1b]52;c;eA==\x07", Tags: []string{"\x07x"}, Raw: []byte("\x1b[2J")}},
		Ptr: &inner{Name: "\u202ep"}, Map: map[string][]string{"k\x1b[1m": {"v\x1b]0;t\x07"}},
		Any: map[string]any{"a": "\x1b[2Jz", "l": []any{"\x1b[2Jq"}}, private: "\x1b",
	}
	Strings(&v)
	if v.Title != "t" || v.Items[0].Name != "n" || v.Items[0].Tags[0] != "x" || v.Ptr.Name != "<U+202E>p" {
		t.Fatalf("not cleaned: %+v %+v", v, *v.Ptr)
	}
	if string(v.Items[0].Raw) != "\x1b[2J" {
		t.Fatal("byte slices must stay exact")
	}
	if got := v.Map["k"]; len(got) != 1 || got[0] != "v" {
		t.Fatalf("map = %q", v.Map)
	}
	m := v.Any.(map[string]any)
	if m["a"] != "z" || m["l"].([]any)[0] != "q" {
		t.Fatalf("any = %#v", v.Any)
	}
}

// A one-line string's tab is a space, as Line makes it: a name or a description with a tab
// pushed the columns and headers it stands in out of line (the terminal expands it, widths count
// it as nothing). A text of several lines keeps its tabs (a doc's code, a body).
func TestStringsMakeOneLineTabsSpaces(t *testing.T) {
	v := struct {
		Name, Doc string
		Any       any
	}{Name: "tab\tname", Doc: "a\n\tb", Any: map[string]any{"d": "x\ty"}}
	Strings(&v)
	if v.Name != "tab name" || v.Doc != "a\n\tb" || v.Any.(map[string]any)["d"] != "x y" {
		t.Fatalf("%q %q %q", v.Name, v.Doc, v.Any)
	}
}

func TestKeepStyle(t *testing.T) {
	in := "\x1b[1mbold\x1b[0m \x1b]52;c;eA==\x07x\x1b[2J\x1b[?25l\n\x1b]0;t\x07y\u202e"
	got := KeepStyle(in)
	want := "\x1b[1mbold\x1b[0m x\ny<U+202E>"
	if got != want {
		t.Fatalf("KeepStyle = %q, want %q", got, want)
	}
}

// A 100,000-character description is cleaned in linear time.
func TestLinear(t *testing.T) {
	s := strings.Repeat("描述\x1b[2J", 50000)
	start := time.Now()
	out := Text(s)
	if time.Since(start) > 2*time.Second || strings.Contains(out, "\x1b") {
		t.Fatalf("slow or unclean: %v", time.Since(start))
	}
}

func FuzzText(f *testing.F) {
	for _, c := range hostile {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Text(s), Line(s), KeepStyle(s)} {
			for _, r := range out {
				if (r < 0x20 && r != '\n' && r != '\t' && r != 0x1b) || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
					t.Fatalf("control %U left in %q (from %q)", r, out, s)
				}
			}
		}
		if strings.ContainsRune(Text(s), 0x1b) || strings.ContainsRune(Line(s), 0x1b) {
			t.Fatalf("ESC left in %q", Text(s))
		}
	})
}
