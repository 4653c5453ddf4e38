package console

import (
	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/snippet"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// secretPrompt asks for a bk_token or app secret with hidden input, and stores it in the
// profile (the keyring).
type secretPrompt struct {
	ctx  *common.Context
	kind string
	in   textinput.Model
	err  error
}

type credentialsMsg struct {
	backend common.Backend
	info    common.ProfileInfo
	err     error
}

func newSecretPrompt(c *common.Context, kind string) *secretPrompt {
	in := components.NewTextInput(c)
	in.EchoMode = textinput.EchoPassword
	in.EchoCharacter = '•'
	in.Width = 50
	return &secretPrompt{ctx: c, kind: kind, in: in}
}

func (p *secretPrompt) update(msg tea.KeyMsg, s *ConsoleScreen) tea.Cmd {
	switch {
	case key.Matches(msg, p.ctx.Form.Cancel):
		s.prompt = nil
		return nil
	case key.Matches(msg, s.saveName):
		store := p.ctx.Profiles
		if store == nil {
			s.prompt = nil
			return common.Notify(p.ctx.T("tui.sandbox_no_login"), false)
		}
		v, kind, name := p.in.Value(), p.kind, p.ctx.Profile.Name
		return s.Own(func() tea.Msg {
			var err error
			if kind == "bk_token" {
				err = store.Login(name, "", "", v)
			} else {
				err = store.Login(name, "", v, "")
			}
			if err != nil {
				return credentialsMsg{err: err}
			}
			b, info, err := store.Use(name)
			return credentialsMsg{b, info, err}
		})
	}
	var cmd tea.Cmd
	p.in, cmd = p.in.Update(msg)
	return cmd
}

func (p *secretPrompt) view(save key.Binding) string {
	c, t := p.ctx, p.ctx.Theme
	title := c.T("console.prompt_bk_token")
	if p.kind == "bk_app_secret" {
		title = c.T("console.prompt_bk_app_secret")
	}
	s := t.Title.Render(title) + "\n\n" + p.in.View() + "\n\n" + t.Subtle.Render(c.T("console.prompt_note", save.Help().Key, c.Form.Cancel.Help().Key))
	if p.err != nil {
		s += "\n" + common.ErrorView(c, p.err)
	}
	return s
}

// authPreview is the credential header of the next request, secrets masked.
func (s *ConsoleScreen) authPreview() string {
	switch {
	case s.bearer && s.pasted == nil:
		return "Authorization: Bearer " + snippet.Mask
	case s.pasted == nil:
		return "X-Bkapi-Authorization: " + backendOf(s.Ctx).AuthPreview(s.withUser)
	}
	return "X-Bkapi-Authorization: " + client.MaskedAuth(*s.pasted).Header()
}

// keepPasted saves the pasted credentials to the active profile (the keyring), after the user
// confirmed; the console then uses the profile again.
func (s *ConsoleScreen) keepPasted() tea.Cmd {
	store, name, a := s.Ctx.Profiles, s.Ctx.Profile.Name, *s.pasted
	return s.Own(func() tea.Msg {
		if err := store.Login(name, a.AppCode, a.AppSecret, a.Token); err != nil {
			return credentialsMsg{err: err}
		}
		b, info, err := store.Use(name)
		return credentialsMsg{b, info, err}
	})
}
