package profile

import (
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/charmbracelet/x/ansi"
)

// What the profile's credentials unlock, a line per feature, under the profiles.

// featuresView is a line per feature in rows lines at most, what unlocks one wrapped under its
// state (cut at the width, an apply line had lost its last way, the username): where they do
// not all fit, those unavailable come first (what the user can act on), and the last line
// names the rest.
func (s *ProfileScreen) featuresView(rows int) string {
	c, t := s.Ctx, s.Ctx.Theme
	fs := s.report.Features
	var unavailable, served []client.FeatureReport
	for _, f := range fs {
		if f.Surface == "" {
			unavailable = append(unavailable, f)
		} else {
			served = append(served, f)
		}
	}
	nameW := 0
	for _, f := range fs {
		nameW = max(nameW, ansi.StringWidth(c.T("feature."+string(f.Feature))))
	}
	blocks := make([]string, len(fs))
	total := 0
	for i, f := range fs {
		name := "  " + common.Pad(c.T("feature."+string(f.Feature)), nameW+2) // cells, so Chinese lines up
		if f.Surface != "" {
			blocks[i] = name + t.OK.Render("✓ ") + c.T("auth.served_by", c.T("surface."+string(f.Surface)))
		} else {
			indent := strings.Repeat(" ", nameW+6)
			text := common.Wrap(c.T("auth.unlock", i18n.Ways(c.Lang, f.Unlock())), max(10, s.Width-nameW-6))
			blocks[i] = name + t.Warn.Render("✗ ") + strings.ReplaceAll(text, "\n", "\n"+indent)
		}
		total += strings.Count(blocks[i], "\n") + 1
	}
	if s.Height <= 0 || total <= rows {
		return strings.Join(blocks, "\n") + "\n"
	}
	order := append(unavailable, served...)
	byFeature := map[client.Feature]string{}
	for i, f := range fs {
		byFeature[f.Feature] = blocks[i]
	}
	var b strings.Builder
	used := 0
	for i, f := range order {
		n := strings.Count(byFeature[f.Feature], "\n") + 1
		if used+n > rows-1 { // one line is kept for the rest
			b.WriteString(s.moreFeatures(order[i:]) + "\n")
			break
		}
		b.WriteString(byFeature[f.Feature] + "\n")
		used += n
	}
	return b.String()
}

// moreFeatures is the line that stands for the features with no room: their names, cut at
// the width, and whether all of them are served.
func (s *ProfileScreen) moreFeatures(rest []client.FeatureReport) string {
	c, t := s.Ctx, s.Ctx.Theme
	names := make([]string, len(rest))
	mark := t.OK.Render("✓ ")
	for i, f := range rest {
		names[i] = c.T("feature." + string(f.Feature))
		if f.Surface == "" {
			mark = "… "
		}
	}
	line := "  " + mark + c.T("tui.features_more", len(rest), i18n.List(c.Lang, names))
	return ansi.Truncate(line, s.Width, "…")
}
