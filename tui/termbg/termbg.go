// Package termbg settles, before anything else can ask, whether the terminal's background is
// dark. Bubble Tea v1 asks the terminal in its package init, and termenv waits up to 5 s for an
// answer: in a terminal that never answers, every command (--help included) would stall. This
// package is initialised first (its import path sorts before Bubble Tea's, and it does not
// depend on it) and asks once itself, waiting at most Wait; whatever it finds, or the default,
// is given to lipgloss, so nobody asks again.
package termbg

import (
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
)

// Wait bounds the question: a terminal answers within a few milliseconds, or not at all.
const Wait = 100 * time.Millisecond

// Dark is what was decided; Answered tells whether the terminal itself said.
var Dark, Answered = true, false

func init() {
	Dark, Answered = decide()
	lipgloss.SetHasDarkBackground(Dark)
	if os.Getenv("BKCONSOLE_DEBUG") == "termbg" {
		// A diagnostic (README, environment variables): what the terminal said.
		os.Stderr.WriteString("termbg: dark=" + strconv.FormatBool(Dark) + " answered=" + strconv.FormatBool(Answered) + "\n")
	}
}

func decide() (dark, answered bool) {
	if d, ok := fromColorFgBg(os.Getenv("COLORFGBG")); ok {
		return d, true
	}
	term := os.Getenv("TERM")
	if term == "dumb" || strings.HasPrefix(term, "screen") || strings.HasPrefix(term, "tmux") {
		return true, false // multiplexers cannot answer for the terminal behind them
	}
	if rgb, ok := query(Wait); ok {
		return luminance(rgb) < 0.5, true
	}
	return true, false
}

// fromColorFgBg reads COLORFGBG ("15;0": light text on a dark background).
func fromColorFgBg(v string) (dark, ok bool) {
	parts := strings.Split(v, ";")
	if len(parts) < 2 {
		return false, false
	}
	bg, err := strconv.Atoi(parts[len(parts)-1])
	if err != nil {
		return false, false
	}
	return bg < 7 || bg == 8, true
}

// parseOSC11 reads "rgb:RRRR/GGGG/BBBB" (1 to 4 hex digits each) from an OSC 11 answer.
func parseOSC11(answer string) ([3]float64, bool) {
	i := strings.Index(answer, "rgb:")
	if i < 0 {
		return [3]float64{}, false
	}
	s := answer[i+4:]
	if j := strings.IndexAny(s, "\x07\x1b"); j >= 0 {
		s = s[:j]
	}
	parts := strings.Split(s, "/")
	if len(parts) != 3 {
		return [3]float64{}, false
	}
	var rgb [3]float64
	for k, p := range parts {
		if len(p) == 0 || len(p) > 4 {
			return [3]float64{}, false
		}
		n, err := strconv.ParseUint(p, 16, 16)
		if err != nil {
			return [3]float64{}, false
		}
		rgb[k] = float64(n) / float64(uint64(1)<<(4*len(p))-1)
	}
	return rgb, true
}

func luminance(c [3]float64) float64 { return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2] }
