package profile

import "github.com/bkconsole/bkconsole/tui/common"

// The login form's fields survive its closing unsent, as an application's reason does: esc
// had dropped the addresses and the app code typed, and the next n started from the examples.
// Secrets are not kept: they go to the keyring when the form is saved, or nowhere.

// loginDraftKey is where the form opened for a profile keeps its fields ("" for a new one).
func loginDraftKey(profile string) string { return "login:" + profile }

// closeForm closes the login form unsaved, keeping what was typed but its secrets.
func (s *ProfileScreen) closeForm() {
	if s.form != nil {
		d := s.form.draft()
		d.AppSecret, d.BkToken, d.PersonalToken = "", "", ""
		s.Ctx.Cache.Drafts.Put(loginDraftKey(s.formFor), d)
	}
	s.form = nil
}

// withKept is the draft to open the form with: what was typed last time for this profile,
// else the profile as saved (or the environment's values for a new one); the secrets and
// whether it edits a saved profile are always the store's.
func (s *ProfileScreen) withKept(stored common.ProfileDraft) common.ProfileDraft {
	v, ok := s.Ctx.Cache.Drafts.Get(loginDraftKey(s.formFor))
	kept, isDraft := v.(common.ProfileDraft)
	if !ok || !isDraft {
		return stored
	}
	kept.AppSecret, kept.BkToken, kept.PersonalToken, kept.Saved = stored.AppSecret, stored.BkToken, stored.PersonalToken, stored.Saved
	return kept
}
