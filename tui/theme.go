package tui

import (
	"os"

	"github.com/bkconsole/bkconsole/tui/list"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Theme is every style of the program, built from adaptive colours so light and dark
// terminals both read well. Screens build their own styles from it; none holds a colour.
type Theme struct {
	Header, HeaderDim, Insecure, Breadcrumb       lipgloss.Style
	Footer, Status, StatusErr, StatusOK           lipgloss.Style
	Title, Subtle, Bold, Link, Error, Warn, OK    lipgloss.Style
	TabActive, TabInactive, Badge, Border, Prompt lipgloss.Style
	Method                                        map[string]lipgloss.Style
	PermStatus                                    map[string]lipgloss.Style
	RecordStatus                                  map[string]lipgloss.Style
	List                                          list.Styles
}

var (
	cFg       = lipgloss.AdaptiveColor{Light: "#1f2328", Dark: "#e6edf3"}
	cSubtle   = lipgloss.AdaptiveColor{Light: "#6e7781", Dark: "#8b949e"}
	cAccent   = lipgloss.AdaptiveColor{Light: "#0550ae", Dark: "#58a6ff"}
	cHeaderBg = lipgloss.AdaptiveColor{Light: "#ddf4ff", Dark: "#1c2a3a"}
	cSelBg    = lipgloss.AdaptiveColor{Light: "#dbe9f9", Dark: "#264f78"}
	cRed      = lipgloss.AdaptiveColor{Light: "#cf222e", Dark: "#ff7b72"}
	cGreen    = lipgloss.AdaptiveColor{Light: "#1a7f37", Dark: "#3fb950"}
	cYellow   = lipgloss.AdaptiveColor{Light: "#9a6700", Dark: "#d29922"}
	cPurple   = lipgloss.AdaptiveColor{Light: "#8250df", Dark: "#d2a8ff"}
	cBlue     = lipgloss.AdaptiveColor{Light: "#0969da", Dark: "#79c0ff"}
	cOrange   = lipgloss.AdaptiveColor{Light: "#bc4c00", Dark: "#ffa657"}
	cMatch    = lipgloss.AdaptiveColor{Light: "#953800", Dark: "#f0883e"}
)

// ApplyNoColor makes every style plain when NO_COLOR is set.
func ApplyNoColor() {
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		lipgloss.SetColorProfile(termenv.Ascii)
	}
}

// NewTheme builds the theme.
func NewTheme() *Theme {
	s := lipgloss.NewStyle
	t := &Theme{
		Header:      s().Foreground(cFg).Background(cHeaderBg).Bold(true),
		HeaderDim:   s().Foreground(cSubtle).Background(cHeaderBg),
		Insecure:    s().Foreground(lipgloss.Color("#ffffff")).Background(cRed).Bold(true),
		Breadcrumb:  s().Foreground(cAccent),
		Footer:      s().Foreground(cSubtle),
		Status:      s().Foreground(cAccent),
		StatusErr:   s().Foreground(cRed).Bold(true),
		StatusOK:    s().Foreground(cGreen),
		Title:       s().Foreground(cAccent).Bold(true),
		Subtle:      s().Foreground(cSubtle),
		Bold:        s().Bold(true),
		Link:        s().Foreground(cBlue).Underline(true),
		Error:       s().Foreground(cRed),
		Warn:        s().Foreground(cYellow),
		OK:          s().Foreground(cGreen),
		TabActive:   s().Foreground(cAccent).Bold(true).Underline(true),
		TabInactive: s().Foreground(cSubtle),
		Badge:       s().Foreground(cPurple),
		Border:      s().BorderStyle(lipgloss.RoundedBorder()).BorderForeground(cSubtle),
		Prompt:      s().Foreground(cAccent).Bold(true),
		Method: map[string]lipgloss.Style{
			"GET": s().Foreground(cGreen), "POST": s().Foreground(cYellow), "PUT": s().Foreground(cBlue),
			"PATCH": s().Foreground(cPurple), "DELETE": s().Foreground(cRed), "HEAD": s().Foreground(cSubtle),
			"OPTIONS": s().Foreground(cSubtle), "ANY": s().Foreground(cOrange),
		},
		PermStatus: map[string]lipgloss.Style{
			"unlimited": s().Foreground(cGreen), "owned": s().Foreground(cGreen), "expired": s().Foreground(cRed),
			"need_apply": s().Foreground(cSubtle), "pending": s().Foreground(cYellow), "rejected": s().Foreground(cRed),
			"expiring": s().Foreground(cOrange).Bold(true),
		},
		RecordStatus: map[string]lipgloss.Style{
			"pending": s().Foreground(cYellow), "approved": s().Foreground(cGreen),
			"partial_approved": s().Foreground(cOrange), "rejected": s().Foreground(cRed),
		},
	}
	t.List = list.Styles{
		Header:    s().Foreground(cSubtle).Bold(true),
		Cell:      s(),
		Selected:  s().Background(cSelBg),
		Match:     s().Foreground(cMatch).Bold(true).Underline(true),
		Marked:    s().Foreground(cAccent).Bold(true),
		Scrollbar: s().Foreground(cSubtle),
	}
	return t
}

// MethodStyle is the colour of an HTTP method.
func (t *Theme) MethodStyle(m string) lipgloss.Style {
	if st, ok := t.Method[m]; ok {
		return st
	}
	return lipgloss.NewStyle()
}
