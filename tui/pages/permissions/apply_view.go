package permissions

import (
	"fmt"
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// validityName is the chosen validity in words.
func (s *ApplyScreen) validityName() string { return i18n.ValidityAsked(s.Ctx.Lang, s.days()) }

func (s *ApplyScreen) View() string {
	c, t := s.Ctx, s.Ctx.Theme
	var b strings.Builder
	heading := c.T("apply.heading."+string(s.app.Kind), s.app.Target)
	b.WriteString(t.Title.Render(heading) + "\n\n")
	if s.mode == modeDone {
		done := s.doneText(s.records)
		if s.found != "" {
			// The answer was lost; the records proved it. Said, so that the ✓ does not hide it.
			b.WriteString(t.Warn.Render(common.Wrap(c.T("write.answer_lost"), s.Width)) + "\n")
			done = s.found
		}
		b.WriteString(t.OK.Render("✓ "+done) + "\n")
		if s.ticketURL != "" {
			b.WriteString(c.T("apply.ticket", t.Link.Render(s.ticketURL)) + "\n")
		}
		switch {
		case !client.RecordsReadable(s.app.Kind, s.via):
			b.WriteString("\n" + t.Warn.Render(common.Wrap(c.T("apply.via_open"), s.Width)) + "\n")
		case s.canOpenRecord() && len(s.records) > 1:
			b.WriteString("\n" + t.Subtle.Render(common.Wrap(c.T("apply.enter_opens_all", s.openKey.Help().Key, c.Global.Back.Help().Key), s.Width)) + "\n")
		case s.canOpenRecord():
			b.WriteString("\n" + t.Subtle.Render(common.Wrap(c.T("apply.enter_opens", s.openKey.Help().Key, c.Global.Back.Help().Key), s.Width)) + "\n")
		}
		return b.String()
	}
	label := func(f int, text string) string {
		if s.focus == f {
			return t.Prompt.Render("▸ " + text)
		}
		return t.Bold.Render("  " + text)
	}
	count, counted := t.Subtle, len([]rune(s.reason.Value()))
	if counted > client.MaxReason {
		count = t.Error
	}
	b.WriteString(label(fieldReason, c.T("apply.reason")) + count.Render(fmt.Sprintf("  %d/%d", counted, client.MaxReason)) + "\n")
	b.WriteString(s.reason.View() + "\n\n")
	if s.needsApplicant() {
		b.WriteString(label(fieldApplicant, c.T("apply.applicant")) + "  " + s.applicant.View() + "\n\n")
	}
	if s.app.Kind != client.KindMCP {
		var opts []string
		for i, days := range client.ValidityChoices {
			n := i18n.Validity(c.Lang, days)
			if i == s.validity {
				opts = append(opts, t.Chosen.Render("(•) "+n))
			} else {
				opts = append(opts, t.Subtle.Render("( ) "+n))
			}
		}
		b.WriteString(label(fieldValidity, c.T("apply.validity")) + "  " + strings.Join(opts, "  ") + "\n\n")
	}
	tail := s.tailView()
	if s.app.Kind == client.KindGateway {
		b.WriteString(label(fieldItems, c.T("apply.scope")) + "  " + c.T("record.whole_gateway") + "\n")
	} else {
		b.WriteString(label(fieldItems, c.T("apply.items."+string(s.app.Kind), len(s.app.Items))) + "\n")
		b.WriteString(s.itemsView(strings.Count(b.String(), "\n"), tail))
	}
	if tail == "" {
		// The items stay in sight on a short screen (at 60×15 none was, with the list focused).
		return common.KeepEnd(strings.TrimRight(b.String(), "\n"), s.Height)
	}
	// The question, progress or error stays in sight; on a short screen the title goes first.
	return common.KeepEnd(b.String()+"\n"+tail, s.Height)
}

// tailView is what the form says below its fields: the question before sending, the progress,
// the error; "" while the fields are edited.
func (s *ApplyScreen) tailView() string {
	c, t := s.Ctx, s.Ctx.Theme
	switch s.mode {
	case modeChecking: // reading the records after an unknown outcome
		return common.ErrorView(c, s.err) + "\n" + t.Prompt.Render(s.prog.View(c.T("apply.checking_records")))
	case modeSending:
		return t.Prompt.Render(s.prog.View(c.T("apply.sending")))
	case modeConfirming:
		return t.Warn.Render(common.Wrap(s.confirmText(), s.Width))
	}
	if s.err == nil {
		return ""
	}
	tail := common.ErrorView(c, s.err)
	if s.afterUnknown != "" {
		tail += "\n" + t.Warn.Render(common.Wrap(s.afterUnknown, s.Width)) + "\n" + t.Subtle.Render(common.Wrap(c.T("apply.check_again", c.Global.Records.Help().Key), s.Width))
	}
	return tail
}

// confirmText says what will be sent, in one sentence, and the answers it takes.
func (s *ApplyScreen) confirmText() string { return common.Ask(s.Ctx, s.question()) }

func (s *ApplyScreen) question() string {
	l, n := s.Ctx.Lang, len(s.app.Items)
	switch s.app.Kind {
	case client.KindGateway:
		return s.Ctx.T("apply.confirm.gateway", s.app.Target, s.validityName())
	case client.KindMCP:
		return i18n.N(l, "apply.confirm.mcp", n)
	case client.KindComponent:
		return i18n.N(l, "apply.confirm.component", n, s.app.Target, s.validityName())
	}
	return i18n.N(l, "apply.confirm", n, s.app.Target, s.validityName())
}

// itemWidths are the widths of the names and levels the form lists, so the columns line up
// (a name longer than 40 cells is cut there).
func (s *ApplyScreen) itemWidths() (name, level int) {
	for _, it := range s.app.Items {
		name = max(name, min(40, ansi.StringWidth(it.Name)))
		if it.Level != "" {
			level = max(level, ansi.StringWidth(common.LevelText(s.Ctx, it.Level)))
		}
	}
	return name, level
}

// itemLine is one item in aligned columns: name, permission level, description.
func (s *ApplyScreen) itemLine(it common.ApplyItem, nameW, levelW int) string {
	c, t := s.Ctx, s.Ctx.Theme
	desc := client.Described(it.Description, it.DescriptionEn, c.Lang == i18n.English)
	pad := func(text string, w int) string {
		text = ansi.Truncate(text, w, "…")
		return text + strings.Repeat(" ", max(0, w-ansi.StringWidth(text)))
	}
	line := pad(it.Name, nameW)
	if levelW > 0 {
		level := ""
		if it.Level != "" {
			level = common.LevelText(c, it.Level)
		}
		line += "  " + t.Subtle.Render(pad(level, levelW))
	}
	if desc != "" {
		line += "  " + t.Subtle.Render(desc)
	}
	return strings.TrimRight(line, " ")
}

// itemsView is the application's items below the rows above: as many as the page holds, the
// cursor's in sight, and a row that says how many more there are.
func (s *ApplyScreen) itemsView(above int, tail string) string {
	c, t := s.Ctx, s.Ctx.Theme
	var out strings.Builder
	least := 1 // the items being gone through get three rows at least: the title gives way
	if s.focus == fieldItems {
		least = min(3, len(s.app.Items))
	}
	tailRows := 0 // the tail and the empty row above it
	if tail != "" {
		tailRows = lipgloss.Height(tail) + 1
	}
	room := max(least, s.Height-above-tailRows)
	n := len(s.app.Items)
	sayMore := n > room && room > least
	if sayMore {
		room-- // the row that says how many more there are
	}
	start := max(0, s.cursor-room+1)
	nameW, levelW := s.itemWidths()
	for i := start; i < n && i < start+room; i++ {
		line := "    " + s.itemLine(s.app.Items[i], nameW, levelW)
		if s.focus == fieldItems && i == s.cursor {
			if mark := t.List.CursorMark; mark != "" {
				line = "  " + mark + line[3:]
			}
			line = t.List.Selected.Render(ansi.Truncate(line, s.Width, "…"))
		}
		out.WriteString(ansi.Truncate(line, s.Width, "…") + "\n")
	}
	if rest := n - (min(n, start+room) - start); sayMore && rest > 0 {
		out.WriteString(t.Subtle.Render("    "+c.T("renew.more", rest)) + "\n")
	}
	return out.String()
}
