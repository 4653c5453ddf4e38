package profile

import (
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/common/pagetest"
	"github.com/charmbracelet/x/ansi"
)

// The login form shows each field with its own example (they were set by position and had
// slid one field down when fields were added: Username showed "prod", Stages "bk_token"), and
// its note is wrapped, not cut.
func TestLoginFormFieldsShowTheirOwnExamples(t *testing.T) {
	t.Parallel()
	for _, lang := range []i18n.Lang{i18n.English, i18n.Chinese} {
		c, s, f := loginFormAt(lang, 100, 40, common.ProfileDraft{})
		v := ansi.Strip(f.view(s))
		row := func(label string) string {
			for _, l := range strings.Split(v, "\n") {
				if strings.Contains(l, c.T(label)+" ") {
					return l
				}
			}
			t.Fatalf("%s: no row for %s:\n%s", lang, label, v)
			return ""
		}
		for _, fd := range loginFields {
			if fd.placeholder != "" && !fd.hidden && !strings.Contains(row(fd.label), fd.placeholder) {
				t.Errorf("%s: %s does not show %q:\n%s", lang, fd.label, fd.placeholder, v)
			}
		}
		if r := row("login.f.username"); strings.Contains(r, "prod") {
			t.Errorf("%s: Username shows another field's example: %s", lang, r)
		}
		if strings.Contains(v, "…") {
			t.Errorf("%s: something is cut:\n%s", lang, v)
		}
	}
}

// What a check found is read whole at the narrowest width, in both languages: every feature
// that works is named, each line keeps to the width (the list had been cut with "…").
func TestLoginReportIsReadWhole(t *testing.T) {
	t.Parallel()
	rep := &client.Report{}
	for _, f := range []client.Feature{client.FeatureGateways, client.FeatureGateway, client.FeatureStages, client.FeatureResources,
		client.FeatureDoc, client.FeatureSDKs, client.FeaturePermissions, client.FeatureApply, client.FeatureCall, client.FeatureTrace,
		client.FeatureMCP, client.FeatureComponents} {
		rep.Features = append(rep.Features, client.FeatureReport{Feature: f, Surface: client.SurfaceDevCenter})
	}
	for _, lang := range []i18n.Lang{i18n.English, i18n.Chinese} {
		c := pagetest.Context(nil, lang)
		v := ansi.Strip(reportSummary(c, rep, 60))
		for _, l := range strings.Split(strings.TrimSuffix(v, "\n"), "\n") {
			if ansi.StringWidth(l) > 60 || strings.Contains(l, "…") {
				t.Errorf("%s: a line is cut or too wide:\n%s", lang, v)
			}
		}
		if !strings.Contains(strings.ReplaceAll(v, "\n  ", ""), c.T("feature.components")) {
			t.Errorf("%s: the last feature is missing:\n%s", lang, v)
		}
	}
}

// At 60 columns the profiles table keeps a profile's name, app, where its secret is and the
// login's state readable in both languages: where the bk_token is kept gives way, no column
// is a stub; at 120 it is back.
func TestProfilesNarrowHaveNoStubs(t *testing.T) {
	t.Parallel()
	for _, lang := range []i18n.Lang{i18n.English, i18n.Chinese} {
		c := pagetest.Context(nil, lang)
		c.Profile = common.ProfileInfo{Name: "prod", AppCode: "bkc-demo", Token: "stale",
			Secrets: map[string]common.SecretSource{"bk_app_secret": {From: "environment", Var: "BK_APP_SECRET"}, "bk_token": {From: "keyring"}}}
		s := NewProfileScreen(c)
		s.SetSize(60, 15)
		pagetest.Run(t, s, s.loadProfiles()) // the table only: no check of the credentials
		s.SetSize(60, 15)
		lines := strings.Split(s.View(), "\n")
		table := strings.Join(lines[:3], "\n")
		if strings.Contains(lines[1], "…") { // a column's title cut: the column is a stub
			t.Errorf("%s: a column is cut to a stub at 60 columns:\n%s", lang, table)
		}
		for _, w := range []string{"prod ", "bkc-demo ", string([]rune(c.T("token.stale"))[:8])} {
			if !strings.Contains(table, w) {
				t.Errorf("%s: %q is not on the table at 60 columns:\n%s", lang, w, table)
			}
		}
		s.SetSize(120, 15)
		if v := s.View(); !strings.Contains(v, c.T("source.keyring")) {
			t.Errorf("%s: where the bk_token is kept is missing at 120 columns:\n%s", lang, v)
		}
	}
}

// On a short screen the features that do not fit are named on one line, those unavailable
// listed first (what the user can act on): at 60×15 three of twelve showed, cut with no sign.
// A tall screen lists each in the planner's order.
func TestFeaturesFitTheScreen(t *testing.T) {
	t.Parallel()
	var fs []client.FeatureReport
	for _, r := range client.Routes {
		fs = append(fs, client.FeatureReport{Feature: r.Feature, Surface: client.SurfaceHelpCenter})
	}
	fs[len(fs)-1] = client.FeatureReport{Feature: fs[len(fs)-1].Feature, Needs: []string{client.NeedToken}}
	for _, c := range []struct {
		height   int
		first    string
		wantMore bool
	}{{11, "✗ unavailable: add", true}, {40, "✓ served by", false}} {
		ctx := pagetest.Context(nil, i18n.English)
		s := NewProfileScreen(ctx)
		s.SetSize(60, c.height)
		s.Update(reportMsg{client.Report{Features: fs}})
		v := ansi.Strip(s.View())
		lines := strings.Split(strings.TrimRight(v, "\n "), "\n")
		if len(lines) > c.height {
			t.Fatalf("%d lines in %d rows:\n%s", len(lines), c.height, v)
		}
		head := strings.Index(v, ctx.T("tui.features"))
		if head < 0 || !strings.Contains(strings.SplitN(v[head:], "\n", 3)[1], c.first) || strings.Contains(v, "more:") != c.wantMore {
			t.Fatalf("height %d:\n%s", c.height, v)
		}
	}
}

// A list of Chinese words is joined with the enumeration comma (、), as the Developer Center
// writes one; ", " stays for English (the last two needs of a way take "and", 和).
func TestListsOfWordsInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	var fs []client.FeatureReport
	for _, r := range client.Routes {
		fs = append(fs, client.FeatureReport{Feature: r.Feature, Surface: client.SurfaceHelpCenter})
	}
	fs[0] = client.FeatureReport{Feature: fs[0].Feature, Needs: []string{client.NeedToken, client.NeedAppCode, client.NeedAppSecret}}
	for lang, sep := range map[i18n.Lang]string{i18n.Chinese: "、", i18n.English: ", "} {
		ctx := pagetest.Context(nil, lang)
		s := NewProfileScreen(ctx)
		s.SetSize(100, 11)
		s.Update(reportMsg{client.Report{Features: fs}})
		v := ansi.Strip(s.View())
		needs := ctx.T("need."+client.NeedToken) + sep + ctx.T("need."+client.NeedAppCode)
		more := ctx.T("feature."+string(fs[len(fs)-2].Feature)) + sep + ctx.T("feature."+string(fs[len(fs)-1].Feature))
		if !strings.Contains(v, needs) || !strings.Contains(v, more) {
			t.Errorf("%s: lacks %q or %q:\n%s", lang, needs, more, v)
		}
	}
}

// A secret left empty keeps the saved one only where one is saved: a new profile's secret
// fields said so too.
func TestKeepSavedOnlyForASavedProfile(t *testing.T) {
	t.Parallel()
	c, s, _ := loginFormAt(i18n.English, 100, 40, common.ProfileDraft{})
	keep := c.T("tui.keep_saved")
	if v := ansi.Strip(newLoginForm(c, common.ProfileDraft{Name: "new"}).view(s)); strings.Contains(v, keep) {
		t.Errorf("a new profile:\n%s", v)
	}
	if v := ansi.Strip(newLoginForm(c, common.ProfileDraft{Name: "prod", Saved: true}).view(s)); strings.Count(v, keep) != 3 {
		t.Errorf("a saved profile's three secrets:\n%s", v)
	}
}

// On a short screen the login form shows the fields around the one typed in, and what stands
// under them whole: at 60×15 the fields after Username, the focused one among them, were below
// the screen.
func TestLoginFormKeepsTheFocusedFieldInSight(t *testing.T) {
	t.Parallel()
	for _, lang := range []i18n.Lang{i18n.English, i18n.Chinese} {
		c, s, f := loginFormAt(lang, 60, 11, common.ProfileDraft{})
		for i, fd := range loginFields {
			f.focus_ = i
			v := ansi.Strip(f.view(s))
			lines := strings.Split(v, "\n")
			if len(lines) > 11 || !strings.Contains(v, "▸ "+c.T(fd.label)) || !strings.Contains(v, c.T("tui.login_title")) {
				t.Fatalf("%s, focus on %s: %d lines\n%s", lang, fd.label, len(lines), v)
			}
			if !strings.Contains(strings.Join(lines[len(lines)-2:], ""), f.keys.CheckSave.Help().Key) {
				t.Fatalf("%s: the note is not whole at the end:\n%s", lang, v)
			}
		}
	}
}

// loginFormAt is the login form of draft on a profile page of w×h in lang.
func loginFormAt(lang i18n.Lang, w, h int, draft common.ProfileDraft) (*common.Context, *ProfileScreen, *loginForm) {
	c := pagetest.Context(nil, lang)
	s := NewProfileScreen(c)
	s.SetSize(w, h)
	return c, s, newLoginForm(c, draft)
}

// Secrets held for this run only (no keyring took them) are marked so in the list, and the page
// says once why and how to keep them, in both languages.
func TestSessionSecretsAreSaidToLastTheRun(t *testing.T) {
	t.Parallel()
	for _, lang := range []i18n.Lang{i18n.English, i18n.Chinese} {
		c := pagetest.Context(nil, lang)
		c.Profile = common.ProfileInfo{Name: "prod", AppCode: "bkc-demo", Token: "unknown",
			Secrets: map[string]common.SecretSource{"bk_app_secret": {From: "session"}, "bk_token": {From: "session"}}}
		s := NewProfileScreen(c)
		pagetest.Run(t, s, s.loadProfiles())
		s.SetSize(120, 30)
		v := strings.Join(strings.Fields(ansi.Strip(s.View())), " ")
		want := strings.Join(strings.Fields(c.T("tui.session_secrets", s.loginKey.Help().Key)), " ")
		if !strings.Contains(v, c.T("source.session")) || !strings.Contains(v, want) {
			t.Errorf("%s: the held secrets are not said to last the run:\n%s", lang, s.View())
		}
	}
}

// A switch is said once: "logged in" after the form saved the profile, "now active" otherwise,
// and nothing of its own when the switch has notes (the router says them; a "now active"
// arriving after them had put a keyring's absence out of sight).
func TestASwitchIsSaidOnce(t *testing.T) {
	t.Parallel()
	c := pagetest.Context(nil, i18n.English)
	s := NewProfileScreen(c)
	said := func(msg profileSwitchedMsg) []string {
		var out []string
		for _, m := range pagetest.Run(t, s, s.switched(msg)) {
			if st, ok := m.(common.StatusMsg); ok {
				out = append(out, st.Text)
			}
		}
		return out
	}
	s.loggedIn = "prod"
	if got := said(profileSwitchedMsg{info: common.ProfileInfo{Name: "prod"}}); len(got) != 1 || got[0] != c.T("tui.login_saved", "prod") {
		t.Errorf("after the form: %q", got)
	}
	if got := said(profileSwitchedMsg{info: common.ProfileInfo{Name: "prod"}}); len(got) != 1 || got[0] != c.T("profile.now_active", "prod") {
		t.Errorf("a later switch: %q", got)
	}
	s.loggedIn = "prod"
	if got := said(profileSwitchedMsg{info: common.ProfileInfo{Name: "prod", Notes: []common.Note{{Key: "keyring.unavailable_session"}}}}); len(got) != 0 || s.loggedIn != "" {
		t.Errorf("with notes: %q (loggedIn %q)", got, s.loggedIn)
	}
}

// Under --profile the console runs on a profile that is not the config's active one: the mark
// and the servers' word on its bk_token are on that profile's row (they were on the config's
// active profile, which the check had not asked about).
func TestTheProfileInUseIsTheOneMarked(t *testing.T) {
	t.Parallel()
	c := pagetest.Context(nil, i18n.English)
	c.Profile = common.ProfileInfo{Name: "inuse", Token: "fresh"}
	s := NewProfileScreen(c)
	s.SetSize(120, 20)
	s.Update(profilesMsg{profiles: []common.ProfileInfo{{Name: "configactive", Token: "fresh"}, {Name: "inuse", Token: "fresh"}}})
	s.Update(reportMsg{client.Report{Surfaces: map[client.Surface]client.SurfaceProbe{client.SurfaceHelpCenter: {OK: true}}}})
	for _, l := range strings.Split(ansi.Strip(s.View()), "\n") {
		switch {
		case strings.Contains(l, "configactive") && (strings.Contains(l, "*") || strings.Contains(l, c.T("token.accepted"))):
			t.Errorf("the config's active profile is marked or judged: %q", l)
		case strings.Contains(l, "inuse") && (!strings.Contains(l, "* inuse") || !strings.Contains(l, c.T("token.accepted"))):
			t.Errorf("the profile in use is not marked and judged: %q", l)
		}
	}
}

// A long token is kept whole: the form's fields took 512 characters, so a longer personal token
// or bk_token, pasted or restored from a draft, was cut and then refused by the server.
func TestLoginFormKeepsALongTokenWhole(t *testing.T) {
	t.Parallel()
	token := strings.Repeat("t0k3n", 400) // 2,000 characters
	_, _, f := loginFormAt(i18n.English, 100, 40, common.ProfileDraft{PersonalToken: token, BkToken: token})
	if d := f.draft(); d.PersonalToken != token || d.BkToken != token {
		t.Fatalf("kept %d and %d characters of %d", len(d.PersonalToken), len(d.BkToken), len(token))
	}
}

// What unlocks a feature is wrapped under its state, not cut at the width: the apply line's
// last way, "your username", the one a user without a login can give, had been cut off. Its
// lines count against the rows: the page still fits.
func TestUnlockWaysWrapUnderTheirState(t *testing.T) {
	t.Parallel()
	var fs []client.FeatureReport
	for _, r := range client.Routes {
		fs = append(fs, client.FeatureReport{Feature: r.Feature, Surface: client.SurfaceOpen})
	}
	fs[0] = client.FeatureReport{Feature: fs[0].Feature, Ways: [][]string{{client.NeedDevCenterURL, client.NeedToken}, {client.NeedInnerGrant}, {client.NeedUsername}}}
	for _, height := range []int{40, 12} {
		ctx := pagetest.Context(nil, i18n.English)
		s := NewProfileScreen(ctx)
		s.SetSize(80, height)
		s.Update(reportMsg{client.Report{Features: fs}})
		v := ansi.Strip(s.View())
		if !strings.Contains(v, "your username (the applicant)") {
			t.Errorf("height %d: the last way is cut:\n%s", height, v)
		}
		if lines := strings.Split(strings.TrimRight(v, "\n "), "\n"); len(lines) > height {
			t.Errorf("%d lines in %d rows:\n%s", len(lines), height, v)
		}
	}
}

// The login form says, before saving, that a bk_token in the environment wins over the one it
// saves: saved with a fresh token, the environment's refused one stayed in use.
func TestLoginFormSaysTheEnvironmentsTokenWins(t *testing.T) {
	t.Parallel()
	for _, env := range []bool{true, false} {
		c, s, f := loginFormAt(i18n.English, 100, 40, common.ProfileDraft{})
		if env {
			c.Profile.Secrets = map[string]common.SecretSource{"bk_token": {From: "environment", Var: "BK_TOKEN"}}
		}
		f.state, f.report = loginChecked, &client.Report{}
		v := strings.Join(strings.Fields(ansi.Strip(f.view(s))), " ")
		if said := strings.Contains(v, "BK_TOKEN is set in the environment: its bk_token is used over the one saved here"); said != env {
			t.Errorf("environment %v: said %v:\n%s", env, said, v)
		}
	}
}

// A value the check refuses takes the cursor to its field, wherever the cursor was: the form
// said `"http://bad-host" is not a URL template` and left the cursor three fields below.
func TestLoginFormFocusesTheRefusedField(t *testing.T) {
	t.Parallel()
	_, s, f := loginFormAt(i18n.English, 100, 40, common.ProfileDraft{APIURLTmpl: "http://bad-host", AppCode: "my-app", Stages: "prod, bad stage"})
	for _, c := range []struct {
		err   *client.ErrUserInput
		field string
	}{
		{&client.ErrUserInput{Key: "login.bad_tmpl", Args: []any{"http://bad-host"}}, "login.f.api_url_tmpl"},
		{&client.ErrUserInput{Key: "input.bad_stage", Args: []any{"bad stage"}}, "login.f.stages"}, // one of the field's values
		// No address at all: the first address field, and the form's words (it named the CLI's
		// --api-url-tmpl).
		{&client.ErrUserInput{Key: "login.no_address"}, "login.f.api_url_tmpl"},
		{&client.ErrUserInput{Key: "login.secret_too_long"}, "login.f.app_secret"},
	} {
		f.focus_, f.state = len(loginFields)-1, loginChecking
		f.update(loginCheckedMsg{err: c.err}, s)
		if got := loginFields[f.focus_].label; got != c.field || !f.inputs[f.focus_].Focused() {
			t.Errorf("%s: the cursor is on %s", c.err.Key, got)
		}
		if v := ansi.Strip(f.view(s)); strings.Contains(v, "--") {
			t.Errorf("%s: the form names a flag of the CLI:\n%s", c.err.Key, v)
		}
	}
}
