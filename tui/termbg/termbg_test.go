package termbg

import "testing"

func TestParseAnswers(t *testing.T) {
	for _, c := range []struct {
		in   string
		dark bool
		ok   bool
	}{
		{"\x1b]11;rgb:ffff/ffff/ffff\x1b\\", false, true},
		{"\x1b]11;rgb:0000/0000/0000\x07", true, true},
		{"\x1b]11;rgb:fd/f6/e3\x1b\\\x1b[3;1R", false, true},
		{"\x1b]11;rgb:2/2/2\x07", true, true},
		{"\x1b[3;1R", false, false},
		{"\x1b]11;rgb:zz/00/00\x07", false, false},
		{"", false, false},
	} {
		rgb, ok := parseOSC11(c.in)
		if ok != c.ok || ok && (luminance(rgb) < 0.5) != c.dark {
			t.Errorf("%q: ok=%v rgb=%v", c.in, ok, rgb)
		}
	}
	for v, want := range map[string]bool{"15;0": true, "0;15": false, "15;default;0": true, "7;8": true, "0;7": false} {
		if d, ok := fromColorFgBg(v); !ok || d != want {
			t.Errorf("COLORFGBG=%s: %v %v", v, d, ok)
		}
	}
	if _, ok := fromColorFgBg("nonsense"); ok {
		t.Error("nonsense read as a colour")
	}
}
