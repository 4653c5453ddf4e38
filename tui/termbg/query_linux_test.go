package termbg

import "testing"

func TestCursorReportEnds(t *testing.T) {
	for in, want := range map[string]bool{"\x1b[12;40R": true, "\x1b]11;rgb:0/0/0\x07\x1b[1;1R": true, "\x1b]11;rgb:0/0/0\x07": false, "\x1b[12;4": false, "R": false} {
		if cursorReportEnds([]byte(in)) != want {
			t.Errorf("%q", in)
		}
	}
}
