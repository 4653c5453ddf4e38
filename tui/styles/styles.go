// Package styles is the console's theme: every style of the program, built from the user's
// choices (auto, dark or light, colours by role, the JSON highlighter's style) and settled to
// the terminal's palette once.
package styles

import (
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

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
	// Chosen is the chosen one of a row of options, whose "(•)" already says which it is.
	Chosen lipgloss.Style
	// Cursor is a text field's cursor, drawn reversed on top of it (bubbles' cursor).
	Cursor       lipgloss.Style
	Method       map[string]lipgloss.Style
	PermStatus   map[string]lipgloss.Style
	RecordStatus map[string]lipgloss.Style
	List         list.Styles
	// Match marks a search's matches in a body; MatchCurrent the one the search is at.
	Match, MatchCurrent lipgloss.Style
	// JSON bodies and code: keys, strings, numbers, and true/false/null, in the theme's roles
	// (blue, green, purple, orange), so a user's colours reach them too.
	JSONKey, JSONString, JSONNumber, JSONLiteral lipgloss.Style
	// Plain is a Colourless terminal's theme (WithoutColour): pages say in words what colour
	// told apart, such as a field's grey example.
	Plain bool
}

// Options are the user's choices from the config file: "auto" (the terminal's
// background decides), "dark" or "light", and colours by role. Highlight, a chroma style name
// earlier versions read for JSON, is no longer used: JSON takes the roles' colours (Check says so).
type Options struct {
	Mode      string            `json:"mode,omitempty"`
	Colors    map[string]string `json:"colors,omitempty"` // role → "#rrggbb", an ANSI number or a colour name
	Highlight string            `json:"highlight,omitempty"`
}

// Roles are the colour roles a config file may set.
var Roles = []string{"fg", "subtle", "accent", "header_bg", "selection", "red", "green", "yellow", "purple", "blue", "orange", "match"}

// colourNames are the 16 ANSI colours by name.
var colourNames = map[string]string{"black": "0", "red": "1", "green": "2", "yellow": "3", "blue": "4", "magenta": "5", "cyan": "6", "white": "7",
	"bright-black": "8", "gray": "8", "grey": "8", "bright-red": "9", "bright-green": "10", "bright-yellow": "11", "bright-blue": "12",
	"bright-magenta": "13", "bright-cyan": "14", "bright-white": "15"}

// ParseColour reads "#rrggbb", an ANSI number 0-255 or a colour name; ok is false otherwise.
func ParseColour(v string) (lipgloss.TerminalColor, bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	if n, ok := colourNames[v]; ok {
		return lipgloss.Color(n), true
	}
	if len(v) == 7 && v[0] == '#' {
		if _, err := strconv.ParseUint(v[1:], 16, 32); err == nil {
			return lipgloss.Color(v), true
		}
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 && n <= 255 {
		return lipgloss.Color(v), true
	}
	return nil, false
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

// Colourless is a terminal that shows neither colour nor attributes (NO_COLOR, TERM=dumb).
func Colourless() bool { return lipgloss.ColorProfile() == termenv.Ascii }

// WithoutColour marks in text what colour alone told apart, for a Colourless terminal: there
// the row under a list's cursor and the active tab, stage or language looked like the others.
// The cursor's row gets "▸", the active one is bracketed.
func (t *Theme) WithoutColour() {
	t.Plain = true
	t.List.CursorMark = "▸"
	t.TabActive = t.TabActive.Transform(func(s string) string { return "[" + s + "]" })
	// The text cursor was only a reversed cell, and a colourless profile draws no attribute:
	// it is reversed by hand (NO_COLOR rules out colour, not attributes).
	reverse := func(s string) string { return "\x1b[7m" + s + "\x1b[27m" }
	underline := func(s string) string { return "\x1b[4m" + s + "\x1b[24m" }
	t.Cursor = t.Cursor.Transform(reverse)
	// A filter's or a search's matches, and the one the search is at, likewise.
	t.List.Match, t.Match = t.List.Match.Transform(underline), t.Match.Transform(underline)
	t.MatchCurrent = t.MatchCurrent.Transform(reverse)
}

// Placeholder is a field's grey hint as it is shown: on a Plain terminal it is bracketed, since
// without its grey it read as something typed ("item_id  path parameter item_id").
func (t *Theme) Placeholder(s string) string {
	if t.Plain && s != "" {
		return "(" + s + ")"
	}
	return s
}

// settled is c as the terminal's colour profile will show it, found once: in 256 or 16 colours
// termenv finds a hex colour's nearest palette entry on every Render (a colour-distance search,
// most of a frame's time at 50,000 APIs), but takes a palette index as it is.
func settled(c lipgloss.TerminalColor) lipgloss.TerminalColor {
	p := lipgloss.ColorProfile()
	if p != termenv.ANSI256 && p != termenv.ANSI {
		return c
	}
	var hex string
	switch v := c.(type) {
	case lipgloss.Color:
		hex = string(v)
	case lipgloss.AdaptiveColor:
		hex = v.Light
		if lipgloss.HasDarkBackground() {
			hex = v.Dark
		}
	default:
		return c
	}
	switch v := p.Color(hex).(type) {
	case termenv.ANSI256Color:
		return lipgloss.Color(strconv.Itoa(int(v)))
	case termenv.ANSIColor:
		return lipgloss.Color(strconv.Itoa(int(v)))
	}
	return c
}

// Default builds the default theme (auto).
func Default() *Theme { return New(Options{}) }

// New builds the theme the user chose. Unknown roles and colours were reported when
// the config was read (Check); here they are skipped.
func New(o Options) *Theme {
	roles := o.roles()
	cFg, cSubtle, cAccent, cHeaderBg, cSelBg := roles["fg"], roles["subtle"], roles["accent"], roles["header_bg"], roles["selection"]
	cRed, cGreen, cYellow, cPurple, cBlue := roles["red"], roles["green"], roles["yellow"], roles["purple"], roles["blue"]
	cOrange, cMatch := roles["orange"], roles["match"]
	s := lipgloss.NewStyle
	t := &Theme{
		Header:      s().Foreground(cFg).Background(cHeaderBg).Bold(true),
		HeaderDim:   s().Foreground(cSubtle).Background(cHeaderBg),
		Insecure:    s().Foreground(settled(lipgloss.Color("#ffffff"))).Background(cRed).Bold(true),
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
	t.Chosen = t.TabActive
	t.Match, t.MatchCurrent = t.List.Match, s().Foreground(cMatch).Bold(true).Reverse(true)
	t.JSONKey, t.JSONString = s().Foreground(cBlue), s().Foreground(cGreen)
	t.JSONNumber, t.JSONLiteral = s().Foreground(cPurple), s().Foreground(cOrange)
	return t
}

// roles are the theme's colours by role: the defaults for the mode, with the user's on top.
func (o Options) roles() map[string]lipgloss.TerminalColor {
	pick := func(c lipgloss.AdaptiveColor) lipgloss.TerminalColor {
		switch o.Mode {
		case "dark":
			return lipgloss.Color(c.Dark)
		case "light":
			return lipgloss.Color(c.Light)
		}
		return c
	}
	roles := map[string]lipgloss.TerminalColor{
		"fg": pick(cFg), "subtle": pick(cSubtle), "accent": pick(cAccent), "header_bg": pick(cHeaderBg), "selection": pick(cSelBg),
		"red": pick(cRed), "green": pick(cGreen), "yellow": pick(cYellow), "purple": pick(cPurple), "blue": pick(cBlue),
		"orange": pick(cOrange), "match": pick(cMatch),
	}
	for role, v := range o.Colors {
		if c, ok := ParseColour(v); ok {
			if _, known := roles[role]; known {
				roles[role] = c
			}
		}
	}
	for role, c := range roles {
		roles[role] = settled(c)
	}
	return roles
}

// Problem is one thing wrong with a config file's theme: a catalog key and its arguments, so
// the caller says it in the user's language (this package knows no catalog).
type Problem struct {
	Key  string
	Args []any
}

// Check reports what is wrong with a theme from the config file, in the order of the keys.
func Check(o Options) []Problem {
	var bad []Problem
	switch o.Mode {
	case "", "auto", "dark", "light":
	default:
		bad = append(bad, Problem{"theme.bad_mode", []any{o.Mode}})
	}
	roles := make([]string, 0, len(o.Colors))
	for role := range o.Colors {
		roles = append(roles, role)
	}
	sort.Strings(roles)
	for _, role := range roles {
		if !slices.Contains(Roles, role) {
			bad = append(bad, Problem{"theme.bad_role", []any{role, strings.Join(Roles, ", ")}})
		} else if _, ok := ParseColour(o.Colors[role]); !ok {
			bad = append(bad, Problem{"theme.bad_colour", []any{o.Colors[role], role}})
		}
	}
	if o.Highlight != "" {
		bad = append(bad, Problem{"theme.highlight_unused", []any{o.Highlight}})
	}
	return bad
}

// MethodStyle is the colour of an HTTP method.
func (t *Theme) MethodStyle(m string) lipgloss.Style {
	if st, ok := t.Method[m]; ok {
		return st
	}
	return lipgloss.NewStyle()
}
