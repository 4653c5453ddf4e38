// Package tui is bkconsole's full-screen console: a root model that routes messages to a stack
// of screens, each owning its state.
package tui

import (
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/pages/profile"

	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

func (m *Model) headerView() string {
	t := m.ctx.Theme
	p := m.ctx.Profile
	name := p.Name
	if p.Sandbox {
		name = m.ctx.T("tui.sandbox")
	}
	if name == "" {
		name = m.ctx.T("tui.env_profile")
	}
	dim := func(key, arg string) string { return t.HeaderDim.Render(m.ctx.T(key, arg)) }
	parts := []headerPart{{text: t.Header.Render(" bkconsole "), keep: keepAlways}}
	if !profile.FirstRun(m.ctx) { // before any profile, "profile environment" named settings nobody gave
		parts = append(parts, headerPart{text: dim("tui.hdr_profile", name), keep: 5})
	}
	if p.AppCode != "" {
		parts = append(parts, headerPart{text: dim("tui.hdr_app", p.AppCode), keep: 4})
	}
	if m.user.Username != "" {
		parts = append(parts, headerPart{text: dim("tui.hdr_user", m.user.Name(m.ctx.Lang)), short: dim("tui.hdr_user", m.user.Username), keep: 1})
	}
	parts = append(parts, headerPart{text: dim("tui.hdr_stage", m.ctx.Stage()), keep: 3})
	// A coloured dot keeps the bar's background: an inner style's reset would leave a gap.
	dot := func(colour lipgloss.Style, text string) headerPart {
		d := t.HeaderDim.Foreground(colour.GetForeground()).Render("●")
		return headerPart{text: d + t.HeaderDim.Render(" "+text), short: d, keep: 6}
	}
	switch {
	case m.connErr != nil:
		conn := dot(t.Error, m.ctx.T("tui.conn_error"))
		conn.keep = keepAlways
		parts = append(parts, conn)
	case m.connVia != "":
		parts = append(parts, dot(t.OK, m.ctx.T("tui.conn_via", m.ctx.T("surface."+string(m.connVia)))))
	case m.connSaved:
		parts = append(parts, headerPart{text: t.HeaderDim.Render("○ " + m.ctx.T("tui.conn_saved")), short: t.HeaderDim.Render("○"), keep: 6})
	case profile.FirstRun(m.ctx): // nothing to connect to until a profile exists
		parts = append(parts, headerPart{text: t.HeaderDim.Render("○ " + m.ctx.T("tui.conn_none")), short: t.HeaderDim.Render("○"), keep: 6})
	default:
		parts = append(parts, headerPart{text: t.HeaderDim.Render("○ " + m.ctx.T("tui.conn_unknown")), short: t.HeaderDim.Render("○"), keep: 6})
	}
	if m.tokenErr != nil {
		refused := dot(t.Warn, m.ctx.T("tui.token_refused"))
		refused.short, refused.keep = "", keepAlways
		parts = append(parts, refused)
	}
	if p.Insecure {
		parts = append(parts, headerPart{text: t.Insecure.Render(" " + m.ctx.T("tui.insecure") + " "), keep: keepAlways})
	}
	line := fitHeader(parts, t.HeaderDim.Render(" │ "), m.width)
	if w := ansi.StringWidth(line); w < m.width {
		line += t.HeaderDim.Render(strings.Repeat(" ", m.width-w))
	}
	var crumbs []string
	for _, s := range m.stack {
		crumbs = append(crumbs, s.Crumb())
	}
	// Too long: cut from the left, so the page the user is on stays in view.
	trail := strings.Join(crumbs, " › ")
	if w := ansi.StringWidth(trail); w > m.width && m.width > 1 {
		cut := w - m.width + 1
		rest := ansi.TruncateLeft(trail, cut, "")
		for ansi.StringWidth(rest) > m.width-1 { // a wide character across the cut stays whole
			cut++
			rest = ansi.TruncateLeft(trail, cut, "")
		}
		trail = "…" + rest
	}
	crumb := t.Breadcrumb.Render(trail)
	return line + "\n" + crumb
}

func (m *Model) footerView() string {
	var status string
	if m.confirm {
		status = m.ctx.Theme.Warn.Render(common.Ask(m.ctx, m.quitQuestion()))
	} else if m.status != "" && m.statusShown() {
		st := m.ctx.Theme.Status
		if m.isErr {
			st = m.ctx.Theme.StatusErr
		}
		status = st.Render(m.statusLine())
	}
	if m.palette != nil { // it takes every key: its own, and the way out
		return status + "\n" + footerLine(m.ctx, m.palette.ShortHelp(), []key.Binding{m.ctx.Global.ForceQuit}, m.width)
	}
	return status + "\n" + footerLine(m.ctx, m.shortHelp(), m.footerTail(), m.width)
}

// statusLine is the notice in one line; one too long for it is cut, and says which key shows
// it whole (the help, which opens over any page, fields included).
func (m *Model) statusLine() string {
	if ansi.StringWidth(m.status) <= m.width {
		return m.status
	}
	more := m.ctx.T("tui.status_more", m.ctx.Global.HelpAnywhere.Help().Key)
	return ansi.Truncate(m.status, max(1, m.width-ansi.StringWidth(more)), "") + more
}

// statusShown: a notice stays with the screen it was said on and follows the user back down
// the stack, but not onto a page opened above that screen.
func (m *Model) statusShown() bool {
	for i, s := range m.stack {
		if s.ID() == m.statusOwner {
			return i == len(m.stack)-1
		}
	}
	return true
}

// shortHelp is the footer's body: the screen's keys first, then back and the palette, never a
// key twice (a screen's own esc says what esc does there). footerTail always follows it.
func (m *Model) shortHelp() []key.Binding {
	g := m.ctx.Global
	b := append([]key.Binding{}, m.top().ShortHelp()...)
	if !m.top().Capturing() { // in a field ":" is typed
		b = append(b, g.Palette)
	}
	tail := map[string]bool{}
	for _, t := range m.footerTail() {
		tail[t.Help().Key] = true
	}
	var out []key.Binding
	for _, k := range uniqueKeys(b) {
		if !tail[k.Help().Key] {
			out = append(out, k)
		}
	}
	return out
}

// footerTail is shown at the end of every footer, whatever the width: the way back (the
// screen's own esc when it says one), the way to every other key, and the way out.
func (m *Model) footerTail() []key.Binding {
	g := m.ctx.Global
	var tail []key.Binding
	if esc, ok := m.screenKey(g.Back.Help().Key); ok {
		tail = append(tail, esc)
	} else if len(m.stack) > 1 && !m.top().Capturing() {
		tail = append(tail, g.Back)
	}
	if m.top().Capturing() {
		return append(tail, g.HelpAnywhere, g.ForceQuit) // ? and q are letters here
	}
	return append(tail, g.Help, g.Quit)
}

// screenKey is the top screen's footer binding for k, when it says what k does there.
func (m *Model) screenKey(k string) (key.Binding, bool) {
	for _, b := range m.top().ShortHelp() {
		if b.Help().Key == k && b.Enabled() {
			return b, true
		}
	}
	return key.Binding{}, false
}

// uniqueKeys drops a binding whose keys an earlier one already shows, and disabled ones.
func uniqueKeys(bs []key.Binding) []key.Binding {
	seen := map[string]bool{}
	out := bs[:0:0]
	for _, b := range bs {
		if !b.Enabled() {
			continue
		}
		k := b.Help().Key
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, b)
	}
	return out
}

func (m *Model) fullHelp() [][]key.Binding {
	g := m.ctx.Global
	groups := m.top().FullHelp()
	if len(groups) == 0 {
		groups = [][]key.Binding{m.top().ShortHelp()}
	}
	if m.top().Capturing() { // a field has the keys: the letters type, only these still work
		return append(groups, []key.Binding{g.Back, g.HelpAnywhere, g.ForceQuit})
	}
	return append(groups, []key.Binding{g.Back, g.Palette, g.Refresh, g.Records, g.History, g.Saved, g.MCP, g.Components, g.Import, g.Profile}, []key.Binding{g.Lang, g.Help, g.HelpAnywhere, g.Quit, g.ForceQuit, g.Suspend})
}

// View draws the frame: header, body, status and help. Below the minimum size it says so.
func (m *Model) View() (out string) {
	defer func() {
		if r := recover(); r != nil {
			m.recovered(r)
			out = ""
			if m.quitProgram != nil {
				m.quitProgram() // ends the program as a panic in Update does: terminal restored, report written
			}
		}
	}()
	if crashTestKey && m.status == "crash test in view" {
		panic("crash test in view")
	}
	if m.crash != nil {
		return ""
	}
	if m.width == 0 {
		return ""
	}
	if m.width < common.MinWidth || m.height < common.MinHeight {
		msg := m.ctx.T("tui.too_small", m.width, m.height, common.MinWidth, common.MinHeight)
		// Each sentence on a line of its own, wrapped where its language allows (lipgloss's
		// wrap broke the Chinese at a space, inside "（q 退出）").
		return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center,
			lipgloss.NewStyle().Align(lipgloss.Center).Render(common.Wrap(msg, max(10, m.width-2))))
	}
	var body string
	switch {
	case m.showHelp:
		lines := helpLines(m.ctx, m.fullHelp(), m.width)
		var said string // the notice the status line cut, whole
		if m.status != "" && m.statusShown() && ansi.StringWidth(m.status) > m.width {
			said = common.Wrap(m.status, m.width) + "\n\n"
		}
		room := max(1, m.ctx.Height-4-strings.Count(said, "\n"))
		m.helpOffset = min(m.helpOffset, max(0, len(lines)-room))
		shown := lines[m.helpOffset:min(len(lines), m.helpOffset+room)]
		more := m.ctx.T("tui.any_key")
		if len(lines) > room {
			more = m.ctx.T("tui.help_scroll", m.helpOffset+1, min(len(lines), m.helpOffset+room), len(lines))
		}
		body = said + m.ctx.Theme.Title.Render(m.ctx.T("tui.keys")) + "\n\n" + strings.Join(shown, "\n") +
			"\n\n" + m.ctx.Theme.Subtle.Render(more)
	case m.palette != nil:
		body = m.palette.View()
	default:
		body = m.top().View()
	}
	body = fitFrame(body, m.width, m.ctx.Height)
	// The last guard: whatever a screen let through, nothing but colours reaches the terminal.
	return untrusted.KeepStyle(m.headerView() + "\n" + body + "\n" + m.footerView())
}

// fitFrame gives body exactly h lines, each as wide as its widest line but no wider than w:
// what lipgloss's Height, MaxHeight and MaxWidth do, without its per-render overhead (it was a
// third of a frame's time at 50,000 APIs). TestFitFrameIsLipgloss holds the two equal.
func fitFrame(body string, w, h int) string {
	if strings.Contains(body, "\t") {
		body = strings.ReplaceAll(body, "\t", "    ")
	}
	lines := strings.Split(body, "\n")
	for len(lines) < h {
		lines = append(lines, "")
	}
	widths := make([]int, len(lines))
	widest := 0
	for i, l := range lines {
		widths[i] = ansi.StringWidth(l)
		widest = max(widest, widths[i])
	}
	lines = lines[:min(len(lines), max(h, 0))]
	for i, l := range lines {
		if widths[i] < widest {
			l += strings.Repeat(" ", widest-widths[i])
		}
		if widest > w {
			l = ansi.Truncate(l, w, "")
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}
