package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/keystore"
	"github.com/spf13/cobra"
)

// secrets is the secret store: the OS keyring.
func (a *App) secrets() keystore.Secrets {
	if a.Secrets != nil {
		return a.Secrets
	}
	return keystore.Keyring{}
}

func configPath() (string, error) {
	if p := os.Getenv("BKCONSOLE_CONFIG"); p != "" {
		return p, nil
	}
	return keystore.ConfigPath()
}

func (a *App) loadConfig() (*keystore.File, string, error) {
	path, err := configPath()
	if err != nil {
		return nil, "", err
	}
	f, err := keystore.Load(path)
	return f, path, err
}

// currentProfile is the --profile one, else the active one; ok is false when there is none.
func (a *App) currentProfile(f *keystore.File) (keystore.Profile, bool, error) {
	name := a.profile
	if name == "" {
		name = f.Active
	}
	if name == "" {
		return keystore.Profile{}, false, nil
	}
	p, ok := f.Get(name)
	if !ok {
		return keystore.Profile{}, false, usageErr("%s", a.T("profile.unknown", name))
	}
	return p, true, nil
}

// resolveConfig picks the settings for this run: the sandbox, else the profile (secrets from
// the keyring) with the environment overriding it.
func (a *App) resolveConfig() (client.Config, error) {
	if a.useSandbox {
		a.loginsOf = "sandbox"
		return a.sandboxPlanner()
	}
	res, err := a.resolveProfile()
	if err != nil {
		return client.Config{}, err
	}
	a.loginsOf = loginsProfile(res.Profile.Name)
	a.withoutProfile = res.Profile.Name == ""
	if t := res.Secrets[keystore.BkToken]; t.Source == keystore.FromEnvironment {
		a.tokenEnv = t.EnvVar
	}
	if s := res.Secrets[keystore.AppSecret]; s.Source == keystore.FromEnvironment {
		a.secretEnv = s.EnvVar
	}
	if s := res.Secrets[keystore.PersonalToken]; s.Source == keystore.FromEnvironment {
		a.personalEnv = s.EnvVar
	}
	return configFrom(res), nil
}

func (a *App) resolveProfile() (keystore.Resolved, error) {
	res, notes, err := a.resolveNamed(a.profile)
	for _, n := range notes {
		a.notice("bkconsole: %s", a.T(n.Key, n.Args...))
	}
	if err == nil && a.lang == "" {
		a.lang = res.Profile.Lang
	}
	return res, err
}

// note is something resolution found worth saying, as a catalog key: the CLI prints it in
// its language, the TUI shows it in its own.
type note struct {
	Key  string
	Args []any
}

// resolveNamed resolves a profile (name, else the active one) with the environment over it and
// its secrets from the store. It changes nothing and prints nothing, so the TUI may call it from
// a command: what is worth saying comes back as notes.
func (a *App) resolveNamed(name string) (keystore.Resolved, []note, error) {
	var notes []note
	f, _, err := a.loadConfig()
	var dmg *keystore.DamagedError
	if errors.As(err, &dmg) && name == "" {
		// The environment alone may be enough: say what is wrong and go on without profiles.
		notes = append(notes, note{"config.damaged_env_only", []any{a.damaged(dmg)}})
		f, err = &keystore.File{}, nil
	}
	if err != nil {
		return keystore.Resolved{}, notes, err
	}
	if name == "" {
		name = f.Active
	}
	var p keystore.Profile
	ok := false
	if name != "" {
		if p, ok = f.Get(name); !ok {
			return keystore.Resolved{}, notes, &client.ErrUserInput{Key: "profile.unknown", Args: []any{name}}
		}
	}
	var store keystore.Secrets
	if ok {
		store = a.secrets()
	}
	res := keystore.Resolve(p, store, keystore.OSEnv)
	if res.KeyringErr != nil {
		// "going on with the environment's secrets" only when it holds some.
		key := "keyring.unavailable_none"
		for _, s := range res.Secrets {
			switch {
			case s.Source == keystore.FromSession:
				key = "keyring.unavailable_session"
			case s.Source == keystore.FromEnvironment && key == "keyring.unavailable_none":
				key = "keyring.unavailable_env"
			}
		}
		notes = append(notes, note{key, []any{keystore.Cause(res.KeyringErr)}})
	}
	if st, _ := res.TokenAge(time.Now()); st == keystore.TokenStale {
		notes = append(notes, note{"token.stale_warning", nil})
	}
	return res, notes, nil
}

func configFrom(r keystore.Resolved) client.Config {
	p := r.Profile
	return client.Config{
		HelpCenterURL: p.HelpCenterURL, DeveloperCenterURL: p.DeveloperCenterURL, APIURLTmpl: p.APIURLTmpl, ComponentAPIURL: p.ComponentAPIURL,
		AppCode: p.AppCode, AppSecret: r.Secrets[keystore.AppSecret].Value, BkToken: r.Secrets[keystore.BkToken].Value,
		AccessToken: r.Secrets[keystore.AccessToken].Value, Username: p.Username, TenantID: p.TenantID,
		PersonalToken: r.Secrets[keystore.PersonalToken].Value, PersonalTokenExpires: p.PersonalTokenExpires,
		TokenName: p.TokenName, Stages: p.Stages, Lang: p.Lang, Timeout: time.Duration(p.Timeout),
		CABundle: p.CABundle, Insecure: p.Insecure,
	}
}

type profileView struct {
	Name       string                            `json:"name"`
	Active     bool                              `json:"active"`
	AppCode    string                            `json:"bk_app_code"`
	APIURLTmpl string                            `json:"bk_api_url_tmpl"`
	HelpCenter string                            `json:"help_center_url"`
	DevCenter  string                            `json:"developer_center_url"`
	Username   string                            `json:"username"`
	Insecure   bool                              `json:"insecure"`
	Secrets    map[keystore.Kind]keystore.Secret `json:"secrets"`
	Token      keystore.TokenState               `json:"token_state"`
	tokenAge   time.Duration                     // since the bk_token was saved: the table says it
	Overrides  []keystore.Override               `json:"env_overrides,omitempty"`
	Sandbox    bool                              `json:"sandbox,omitempty"`
}

// profilesOptions are the arguments and flags of
// `bkconsole profiles` (cmdBase: the app it runs in).
type profilesOptions struct {
	cmdBase
	asJSON bool
}

func (a *App) profilesCommand() *cobra.Command {
	o := &profilesOptions{}
	c := a.newCommand(o, &cobra.Command{Use: "profiles", Short: "List profiles, the active one, and where each secret is (never the secret)", Args: cobra.NoArgs})
	jsonFlag(c, &o.asJSON)
	use := &cobra.Command{
		Use:   "use PROFILE",
		Short: "Make a profile the active one",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return (&profileUseOptions{app: a, profile: args[0]}).run()
		},
	}
	c.AddCommand(use)
	return c
}

// profileUseOptions is what `bkconsole profiles use` was given.
type profileUseOptions struct {
	app     *App
	profile string
}

func (o *profileUseOptions) run() error {
	a := o.app
	path, err := configPath()
	if err != nil {
		return err
	}
	if err := keystore.Update(path, func(f *keystore.File) error {
		if _, ok := f.Get(o.profile); !ok {
			return usageErr("%s", a.T("profile.unknown", o.profile))
		}
		f.Active = o.profile
		return nil
	}); err != nil {
		return err
	}
	fmt.Fprintln(a.Stdout, a.T("profile.now_active", o.profile))
	return nil
}

func (o *profilesOptions) run(cmd *cobra.Command) error {
	a := o.app
	if a.useSandbox {
		return a.sandboxProfiles(o.asJSON)
	}
	f, _, err := a.loadConfig()
	if err != nil {
		return err
	}
	var views []profileView
	var keyErr error
	var store keystore.Secrets = a.secrets()
	for _, p := range f.Profiles {
		res := keystore.Resolve(p, store, keystore.OSEnv)
		if res.KeyringErr != nil && keyErr == nil {
			keyErr = res.KeyringErr
			store = keystore.Unreachable(keyErr) // a dead keyring is asked once
		}
		tok, age := res.TokenAge(time.Now())
		views = append(views, profileView{Name: p.Name, Active: p.Name == f.Active, AppCode: res.Profile.AppCode,
			APIURLTmpl: res.Profile.APIURLTmpl, HelpCenter: res.Profile.HelpCenterURL, DevCenter: res.Profile.DeveloperCenterURL,
			Username: res.Profile.Username, Insecure: p.Insecure, Secrets: res.Secrets, Token: tok, tokenAge: age, Overrides: res.Overrides})
	}
	if keyErr != nil {
		a.notice("bkconsole: %s", a.T("keyring.unavailable", keystore.Cause(keyErr)))
	}
	if o.asJSON {
		if views == nil {
			views = []profileView{}
		}
		return a.writeJSON(views)
	}
	if len(views) == 0 {
		fmt.Fprintln(a.Stdout, a.T("profile.none"))
		if from := environmentInUse(); len(from) > 0 {
			fmt.Fprintln(a.Stdout, a.T("profile.none_env", strings.Join(from, ", ")))
		}
		return nil
	}
	rows := [][]string{}
	for _, v := range views {
		mark := ""
		if v.Active {
			mark = "*"
		}
		rows = append(rows, []string{mark, v.Name, v.AppCode, orDash(v.Username), a.sourceText(v.Secrets[keystore.AppSecret]),
			a.sourceText(v.Secrets[keystore.BkToken]), a.tokenText(v.Token, nil, v.tokenAge, v.Secrets[keystore.BkToken]), v.APIURLTmpl})
	}
	a.printProfiles(rows)
	if len(views) > 0 && len(views[0].Overrides) > 0 {
		var ov []string
		for _, o := range views[0].Overrides {
			ov = append(ov, o.Field+" ← "+o.EnvVar)
		}
		fmt.Fprintln(a.Stdout, a.T("profile.env_overrides", strings.Join(ov, ", ")))
	}
	return nil
}

// environmentInUse lists the settings and secrets a run without a profile takes from the
// environment ("bk_app_code ← BK_APP_CODE"), never their values.
func environmentInUse() []string {
	res := keystore.Resolve(keystore.Profile{}, nil, keystore.OSEnv)
	var from []string
	for _, o := range res.Overrides {
		from = append(from, o.Field+" ← "+o.EnvVar)
	}
	for _, k := range keystore.Kinds {
		if s := res.Secrets[k]; s.Source == keystore.FromEnvironment {
			from = append(from, string(k)+" ← "+s.EnvVar)
		}
	}
	return from
}

func (a *App) sourceText(s keystore.Secret) string {
	switch s.Source {
	case keystore.FromEnvironment:
		return a.T("source.environment", s.EnvVar)
	case keystore.FromKeyring:
		return a.T("source.keyring")
	case keystore.FromSandbox:
		return a.T("source.sandbox")
	case keystore.KeyringUnreachable:
		return a.T("source.keyring_unreachable")
	}
	return a.T("source.missing")
}

// untrustedPath keeps a message about a local file on one line.
func untrustedPath(s string) string { return untrusted.Line(s) }

// sandboxSecrets says where the sandbox profile's secrets are: its demo credentials, in memory.
func sandboxSecrets(cfg client.Config) map[keystore.Kind]keystore.Secret {
	m := map[keystore.Kind]keystore.Secret{}
	for k, v := range map[keystore.Kind]string{keystore.AppSecret: cfg.AppSecret, keystore.BkToken: cfg.BkToken,
		keystore.AccessToken: cfg.AccessToken, keystore.PersonalToken: cfg.PersonalToken} {
		m[k] = keystore.Secret{Source: keystore.Missing}
		if v != "" {
			m[k] = keystore.Secret{Source: keystore.FromSandbox}
		}
	}
	return m
}

// sandboxProfiles is `--sandbox profiles`: the one profile such a run uses, as the console
// shows it; the saved profiles are not used and not listed.
func (a *App) sandboxProfiles(asJSON bool) error {
	cfg, err := a.sandboxPlanner()
	if err != nil {
		return err
	}
	v := profileView{Name: "sandbox", Active: true, AppCode: cfg.AppCode, APIURLTmpl: cfg.APIURLTmpl, HelpCenter: cfg.HelpCenterURL,
		DevCenter: cfg.DeveloperCenterURL, Username: cfg.Username, Secrets: sandboxSecrets(cfg), Token: keystore.TokenFresh, Sandbox: true}
	if asJSON {
		return a.writeJSON([]profileView{v})
	}
	a.printProfiles([][]string{{"*", v.Name, v.AppCode, orDash(v.Username), a.sourceText(v.Secrets[keystore.AppSecret]),
		a.sourceText(v.Secrets[keystore.BkToken]), a.T("token." + string(v.Token)), v.APIURLTmpl}})
	a.notice("bkconsole: %s", a.T("profile.sandbox_only"))
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// printProfiles is the profiles' table; on a terminal the profile's name and its address stay
// whole (they are what a user checks), the secrets' and the token's words are cut first.
func (a *App) printProfiles(rows [][]string) {
	a.table([]string{"", a.T("col.profile"), a.T("col.app_code"), a.T("col.username"), a.T("col.secret"), a.T("col.token"),
		a.T("col.token_state"), "BK_API_URL_TMPL"}, rows, 1, 7)
}
