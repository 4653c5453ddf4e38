package common

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// FitLabel pads a label to w cells (wide characters count two).
func FitLabel(s string, w int) string {
	if pad := w - ansi.StringWidth(s); pad > 0 {
		return s + strings.Repeat(" ", pad)
	}
	return s
}

// Pad fills s with spaces to w cells.
func Pad(s string, w int) string { return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s))) }

// Minimum terminal size; below it the program says so instead of drawing garbage.
const (
	MinWidth  = 60
	MinHeight = 15
)
