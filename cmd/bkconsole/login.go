package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/keystore"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

type loginFlags struct {
	appCode, apiURLTmpl, helpCenter, devCenter, username, tenant, lang, caBundle, tokenName string
	componentAPIURL, personalExpires                                                        string
	stages                                                                                  []string
	secretStdin, tokenStdin, personalStdin, fromEnv, insecure, noVerify                     bool
}

// loginOptions are the arguments and flags of `bkconsole login` (cmdBase: the app it runs in).
type loginOptions struct {
	cmdBase
	lf loginFlags
}

func (a *App) loginCommand() *cobra.Command {
	o := &loginOptions{}
	c := a.newCommand(o, &cobra.Command{
		Use:   "login",
		Short: "Save a profile; its secrets go to the OS keyring",
		Long: "Save a profile (addresses, app code, username) in the config file and its secrets\n" +
			"(bk_app_secret, bk_token) in the OS keyring. On a terminal it prompts with hidden input;\n" +
			"otherwise it reads from stdin, one per line: the secret (with no --*-stdin flag, or with\n" +
			"--secret-stdin), then the bk_token with --token-stdin, then a personal token with\n" +
			"--personal-token-stdin. --token-stdin alone reads the bk_token only (a fresh one).\n" +
			"The servers are asked first: a secret or bk_token they refuse saves nothing (exit 1; a\n" +
			"terminal is asked whether to save it anyway); --no-verify saves without asking them.",
		Args: cobra.NoArgs,
	})
	fl := c.Flags()
	fl.StringVar(&o.lf.appCode, "app-code", "", "bk_app_code")
	fl.StringVar(&o.lf.apiURLTmpl, "api-url-tmpl", "", "BK_API_URL_TMPL, e.g. http://bkapi.example.com/api/{api_name}")
	fl.StringVar(&o.lf.componentAPIURL, "component-api-url", "", "BK_COMPONENT_API_URL (ESB), e.g. http://bkapi.example.com")
	fl.StringVar(&o.lf.helpCenter, "help-center-url", "", "API Help Center URL (dashboard), e.g. http://apigw.example.com")
	fl.StringVar(&o.lf.devCenter, "developer-center-url", "", "Developer Center URL, e.g. http://bkpaas.example.com")
	fl.StringVar(&o.lf.username, "username", "", "your username (the applicant for open-API applications)")
	fl.StringVar(&o.lf.tenant, "tenant-id", "", "X-Bk-Tenant-Id for multi-tenant installations")
	fl.StringVar(&o.lf.lang, "ui-lang", "", "UI language for this profile: en or zh")
	fl.StringVar(&o.lf.caBundle, "ca-bundle", "", "CA bundle (PEM) to trust")
	fl.StringVar(&o.lf.tokenName, "token-name", "", "the login cookie's name on this installation: bk_token (default) or bk_ticket")
	fl.StringSliceVar(&o.lf.stages, "stages", nil, "stages to offer when the Help Center is not reachable (default prod)")
	fl.BoolVar(&o.lf.insecure, "insecure", false, "skip TLS verification (shown in red)")
	fl.BoolVar(&o.lf.secretStdin, "secret-stdin", false, "read bk_app_secret from stdin")
	fl.BoolVar(&o.lf.tokenStdin, "token-stdin", false, "read bk_token from stdin (after the secret when both)")
	fl.BoolVar(&o.lf.personalStdin, "personal-token-stdin", false, "read a personal token (made on bkauth's personal token page) from stdin, after the secret and bk_token when those are read too")
	fl.StringVar(&o.lf.personalExpires, "personal-token-expires", "", "when the personal token expires, as its page said: 2027-01-31 or an RFC 3339 time")
	fl.BoolVar(&o.lf.fromEnv, "from-env", false, "take settings and secrets from BK_APP_CODE, BK_APP_SECRET, BKPAAS_*, BK_API_URL_TMPL, BK_TOKEN")
	fl.BoolVar(&o.lf.noVerify, "no-verify", false, "do not check the credentials against the gateway")
	return c
}

func (o *loginOptions) run(cmd *cobra.Command) error {
	a := o.app
	ctx, cancel := commandContext(cmd)
	defer cancel()
	return a.login(ctx, cmd, o.lf)
}

func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func (a *App) login(ctx context.Context, cmd *cobra.Command, lf loginFlags) error {
	f, path, err := a.configForLogin()
	if err != nil {
		return err
	}
	name := a.profile
	if name == "" {
		name = f.Active
	}
	if name == "" {
		name = "default"
	}
	if !keystore.ValidName(name) {
		return usageErr("%s", a.T("profile.bad_name", name))
	}
	p, saved := f.Get(name)
	p.Name = name
	secrets := map[keystore.Kind]string{}
	if lf.fromEnv {
		p, _ = keystore.ApplyEnv(p, keystore.OSEnv)
		for _, k := range keystore.Kinds {
			for _, n := range keystore.EnvNames(k) {
				if v := os.Getenv(n); v != "" {
					secrets[k] = v
					break
				}
			}
		}
	}
	if err := a.applyLoginFlags(cmd, &p, lf); err != nil {
		return err
	}
	// What the flags say is checked before a secret is read: a typo does not cost the paste;
	// a missing address too, where no prompt on a terminal will ask for it.
	if bad := refusal(p, "", !a.prompts(lf)); bad != nil {
		return usageErr("%s", a.T(bad.Key, bad.Args...))
	}
	if err := a.readLoginSecrets(ctx, &p, secrets, lf, saved); err != nil {
		return err
	}

	if lf.personalExpires != "" {
		t, err := client.ParseExpiry(lf.personalExpires, time.Local)
		if err != nil {
			return usageErr("%s", a.T("login.bad_expiry", lf.personalExpires))
		}
		p.PersonalTokenExpires = t
	}
	if bad := refusal(p, secrets[keystore.AppSecret], true); bad != nil {
		return usageErr("%s", a.T(bad.Key, bad.Args...))
	}
	var check *loginCheck
	if !lf.noVerify {
		if check, err = a.checkBeforeSaving(ctx, p, secrets, saved, lf); err != nil {
			return err
		}
	}

	if err := a.saveLogin(path, p, secrets, lf); err != nil {
		return err
	}
	if check == nil {
		return nil
	}
	vctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if ok := check.report.TokenAccepted(); ok == nil || *ok { // a refused one was said already
		a.learnWhoIsLoggedIn(vctx, check.planner, path, p.Name)
	}
	if !check.shown {
		a.printSurfaceChecks(check.report)
	}
	return nil
}

// saveLogin saves the profile and its secrets and says where, or why the secrets were not.
func (a *App) saveLogin(path string, p keystore.Profile, secrets map[keystore.Kind]string, lf loginFlags) error {
	name := p.Name
	keyErr, err := a.saveProfile(path, p, secrets, a.profile == "")
	if err != nil {
		return err
	}
	if keyErr != nil {
		// The cause alone: the keyring's own English sentence would stand inside the user's.
		if lf.fromEnv { // the environment already holds them: no advice to put them there
			return fmt.Errorf("%s", a.T("keyring.unavailable_login_env", keystore.Cause(keyErr), name))
		}
		return fmt.Errorf("%s", a.T("keyring.unavailable_login", keystore.Cause(keyErr))+a.T("login.saved_without_secrets", name))
	}
	if len(secrets) == 0 { // "secrets in the OS keyring" would claim what this run did not do
		saved := "login.saved_settings"
		if lf.fromEnv {
			saved = "login.saved_env_empty"
		}
		fmt.Fprintln(a.Stdout, a.T(saved, name, path))
	} else {
		fmt.Fprintln(a.Stdout, a.T("login.saved", name, path))
	}
	return nil
}

// configForLogin reads the configuration; a damaged one must not lock the user out: login sets
// it aside and starts anew.
func (a *App) configForLogin() (*keystore.File, string, error) {
	f, path, err := a.loadConfig()
	var dmg *keystore.DamagedError
	if errors.As(err, &dmg) {
		to, merr := keystore.MoveAside(path)
		if merr != nil {
			return nil, path, err
		}
		a.notice("%s", a.T("config.moved_aside", a.damaged(dmg), to))
		f, err = &keystore.File{}, nil
	}
	return f, path, err
}

// applyLoginFlags sets what the flags give on the profile.
func (a *App) applyLoginFlags(cmd *cobra.Command, p *keystore.Profile, lf loginFlags) error {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&p.AppCode, lf.appCode)
	set(&p.APIURLTmpl, lf.apiURLTmpl)
	set(&p.ComponentAPIURL, lf.componentAPIURL)
	set(&p.HelpCenterURL, lf.helpCenter)
	set(&p.DeveloperCenterURL, lf.devCenter)
	set(&p.Username, lf.username)
	set(&p.TenantID, lf.tenant)
	set(&p.Lang, lf.lang)
	set(&p.CABundle, lf.caBundle)
	set(&p.TokenName, lf.tokenName)
	if len(lf.stages) > 0 {
		p.Stages = lf.stages
	}
	if cmd.Flags().Changed("insecure") {
		p.Insecure = lf.insecure
	}
	return nil
}

// stdinTerminal tells whether stdin is a terminal (login asks there) or a pipe (it reads).
func (a *App) stdinTerminal() bool {
	fd, ok := a.Stdin.(*os.File)
	return ok && term.IsTerminal(int(fd.Fd()))
}

// prompts says whether login will ask on the terminal for what the flags left out (as
// readLoginSecrets decides): no secret is to be read from stdin, and stdin is a terminal.
func (a *App) prompts(lf loginFlags) bool {
	return a.stdinTerminal() && !lf.secretStdin && !lf.tokenStdin && !lf.personalStdin
}

// readLoginSecrets reads the secrets from stdin (one a line, in the flags' order), or asks for
// what is missing on a terminal.
func (a *App) readLoginSecrets(ctx context.Context, p *keystore.Profile, secrets map[keystore.Kind]string, lf loginFlags, saved bool) error {
	asks := a.prompts(lf) // one decision: login's early check asks it too
	in := bufio.NewReader(a.Stdin)
	switch {
	case !asks && (lf.secretStdin || lf.tokenStdin || lf.personalStdin || !lf.fromEnv):
		if lf.secretStdin || !lf.tokenStdin && !lf.personalStdin {
			v, _ := untilDone(ctx, func() (string, error) { return readLine(in) })
			if v == "" { // an empty line too: it saved the profile "with its secret in the keyring"
				return usageErr("%s", a.T("login.no_secret_on_stdin"))
			}
			secrets[keystore.AppSecret] = v
		}
		if lf.tokenStdin {
			v, _ := untilDone(ctx, func() (string, error) { return readLine(in) })
			if v == "" {
				return usageErr("%s", a.T("login.no_token_on_stdin"))
			}
			secrets[keystore.BkToken] = v
		}
		if lf.personalStdin {
			v, _ := untilDone(ctx, func() (string, error) { return readLine(in) })
			if v = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "Bearer ")); v == "" {
				return usageErr("%s", a.T("login.no_personal_token_on_stdin"))
			}
			secrets[keystore.PersonalToken] = v
			p.PersonalTokenExpires = time.Time{} // a new token: its old expiry no longer applies
		}
	case asks:
		ask := func(label string, hidden bool) (string, error) { return a.ask(ctx, in, a.T(label), hidden) }
		var err error
		if p.APIURLTmpl == "" {
			if p.APIURLTmpl, err = ask("login.prompt_tmpl", false); err != nil {
				return err
			}
		}
		if p.AppCode == "" {
			if p.AppCode, err = ask("login.prompt_app_code", false); err != nil {
				return err
			}
		}
		for _, k := range []keystore.Kind{keystore.AppSecret, keystore.BkToken} {
			if secrets[k] == "" {
				prompt := secretPrompts[k]
				if !saved { // a new profile has no secret that an empty answer would keep
					prompt += "_new"
				}
				if secrets[k], err = ask(prompt, true); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// secretPrompts are what a terminal login asks for each secret it lacks.
var secretPrompts = map[keystore.Kind]string{keystore.AppSecret: "login.prompt_secret", keystore.BkToken: "login.prompt_token"}

// loginCheck is what the servers said of a profile before it was saved; shown, when the
// surfaces' lines were printed already (with a refusal, before asking).
type loginCheck struct {
	planner *client.Planner
	report  client.Report
	shown   bool
}

// checkBeforeSaving asks the servers what the profile, as it is about to be saved, unlocks,
// as the console's form does: a secret or bk_token of this run that they refuse is said
// before it replaces one that worked. A terminal is asked whether to save it anyway; a script
// gets exit 1 with nothing saved (--no-verify saves unchecked). A server that answers nothing
// refuses nothing: the profile is saved and the lines say so.
func (a *App) checkBeforeSaving(ctx context.Context, p keystore.Profile, secrets map[keystore.Kind]string, saved bool, lf loginFlags) (*loginCheck, error) {
	var store keystore.Secrets
	if saved {
		store = a.secrets()
	}
	res := keystore.Resolve(p, store, keystore.OSEnv)
	for k, v := range secrets {
		if v != "" { // what this run gives is what is checked
			res.Secrets[k] = keystore.Secret{Value: v, Source: keystore.FromKeyring}
		}
	}
	pl, err := client.NewPlanner(configFrom(res))
	if err != nil {
		return nil, err
	}
	vctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	check := &loginCheck{planner: pl, report: pl.CheckAll(vctx)}
	var why string
	if err := check.report.AppRefused(); err != nil && (secrets[keystore.AppSecret] != "" || lf.appCode != "") {
		why = a.describeShort(err)
	} else if ok := check.report.TokenAccepted(); ok != nil && !*ok && secrets[keystore.BkToken] != "" {
		why = a.T("login.token_refused")
	}
	if why == "" {
		return check, nil
	}
	a.printSurfaceChecks(check.report)
	check.shown = true
	if a.prompts(lf) {
		answer, err := a.ask(ctx, bufio.NewReader(a.Stdin), a.T("login.save_refused", why), false)
		if err != nil {
			return nil, err
		}
		if strings.EqualFold(answer, "y") || strings.EqualFold(answer, "yes") {
			return check, nil
		}
	}
	return nil, errors.New(a.T("login.refused_not_saved", why))
}

// learnWhoIsLoggedIn checks the bk_token with the Developer Center and, where the profile names
// no username (or tenant, on a multi-tenant installation), keeps the ones it answers: the
// applicant of an application is then known without asking.
func (a *App) learnWhoIsLoggedIn(ctx context.Context, pl *client.Planner, path, name string) {
	if len(pl.Cfg.Needs(client.SurfaceDevCenter)) > 0 {
		return // no token or no Developer Center: nobody to ask
	}
	u, err := pl.WhoAmI(ctx)
	switch {
	case client.StatusOf(err) == http.StatusUnauthorized:
		a.notice("%s", a.T("login.token_refused"))
		return
	case err != nil:
		a.notice("%s", a.T("login.whoami_failed", a.describeShort(err)))
		return
	}
	u.Username = untrusted.Line(u.Username)
	fmt.Fprintln(a.Stdout, a.T("login.logged_in_as", untrusted.Line(u.Name(a.L()))))
	if !client.ValidUsername(u.Username) {
		return
	}
	_ = keystore.Update(path, func(f *keystore.File) error {
		p, ok := f.Get(name)
		if !ok {
			return nil
		}
		if p.Username == "" {
			p.Username = u.Username
		}
		if p.TenantID == "" && u.TenantID != "" && u.TenantID != "default" {
			p.TenantID = untrusted.Line(u.TenantID)
		}
		f.Put(p)
		return nil
	})
}

func readLine(r *bufio.Reader) (string, error) {
	s, err := r.ReadString('\n')
	return strings.TrimRight(s, "\r\n"), err
}

// ask prompts on the terminal and reads one answer, hidden (a secret) or not; ctrl+c ends it
// with the terminal's echo back (it had been left waiting for enter: the command's context
// catches the signal, so the signal no longer ends the process).
func (a *App) ask(ctx context.Context, in *bufio.Reader, label string, hidden bool) (string, error) {
	fmt.Fprint(a.Stderr, label)
	fd, ok := a.Stdin.(*os.File)
	if !hidden || !ok {
		s, _ := untilDone(ctx, func() (string, error) { return readLine(in) })
		if cerr := context.Cause(ctx); cerr != nil {
			return "", cerr
		}
		return strings.TrimSpace(s), nil
	}
	if st, err := term.GetState(int(fd.Fd())); err == nil {
		defer term.Restore(int(fd.Fd()), st) // ReadPassword restores it only if it returns
	}
	s, err := untilDone(ctx, func() (string, error) {
		b, err := term.ReadPassword(int(fd.Fd()))
		return string(b), err
	})
	if cerr := context.Cause(ctx); cerr != nil {
		return "", cerr
	}
	fmt.Fprintln(a.Stderr) // the enter was not echoed
	if err != nil {
		return "", nil
	}
	return strings.TrimSpace(s), nil
}

// logoutOptions are the arguments and flags of `bkconsole logout` (cmdBase: the app it runs in).
type logoutOptions struct {
	cmdBase
	forget bool
}

func (a *App) logoutCommand() *cobra.Command {
	o := &logoutOptions{}
	c := a.newCommand(o, &cobra.Command{Use: "logout", Short: "Remove a profile's secrets from the keyring (and the profile with --forget)", Args: cobra.NoArgs})
	c.Flags().BoolVar(&o.forget, "forget", false, "also remove the profile from the config file")
	return c
}

func (o *logoutOptions) run(cmd *cobra.Command) error {
	a := o.app
	f, _, err := a.loadConfig()
	if err != nil {
		return err
	}
	p, ok, err := a.currentProfile(f)
	if err != nil {
		return err
	}
	if !ok {
		return usageErr("%s", a.T("profile.none"))
	}
	kept, err := a.logout(p.Name, o.forget)
	switch {
	case err != nil:
		return err
	case kept != nil && !o.forget:
		return fmt.Errorf("%s", a.T("keyring.unavailable_logout", keystore.Cause(kept))) // it had said "cannot store secrets"
	case o.forget && kept != nil:
		fmt.Fprintln(a.Stdout, a.T("logout.forgot_config", p.Name))
		return fmt.Errorf("%s", a.T("keyring.forgot_unreachable", keystore.Cause(kept), keystore.Service, p.Name))
	case o.forget:
		fmt.Fprintln(a.Stdout, a.T("logout.forgot", p.Name))
	default:
		fmt.Fprintln(a.Stdout, a.T("logout.done", p.Name))
	}
	return nil
}

// logout is the one logout of the CLI and the console: every secret of the profile removed from
// the keyring (kept: what the keyring said when it could not), and the profile forgotten
// (forget) or its login's age reset. Secrets kept stop a logout, the config untouched, but not
// a forgetting: a machine without a keyring (secrets from the environment) could not remove its
// profiles at all.
func (a *App) logout(name string, forget bool) (kept, err error) {
	store := a.secrets()
	for _, k := range keystore.Kinds {
		if derr := store.Delete(name, k); derr != nil && kept == nil {
			kept = derr // every kind is tried, a keyring that does not answer for one or not
		}
	}
	if kept != nil && !forget {
		return kept, nil
	}
	path, err := configPath()
	if err != nil {
		return kept, err
	}
	return kept, keystore.Update(path, func(f *keystore.File) error {
		if !forget {
			if p, ok := f.Get(name); ok {
				p.TokenSavedAt = time.Time{}
				f.Put(p)
			}
			return nil
		}
		f.Remove(name)
		return nil
	})
}

// refusal is the first rule p breaks: the profile's rules, then, where addressed, the rule
// that it names an address (not while a prompt will still ask for one).
func refusal(p keystore.Profile, secret string, addressed bool) *client.ErrUserInput {
	if bad := profileRules(p, secret); bad != nil {
		return bad
	}
	if addressed {
		return profileAddressed(p)
	}
	return nil
}

// profileAddressed refuses a profile that names no address of an installation: it unlocks
// nothing (the console's form, sent blank, saved one and switched to it). Checked once what is
// saved is whole: after the prompts, and with the fields of the profile it updates.
func profileAddressed(p keystore.Profile) *client.ErrUserInput {
	if p.APIURLTmpl == "" && p.HelpCenterURL == "" && p.DeveloperCenterURL == "" {
		return &client.ErrUserInput{Key: "login.no_address"}
	}
	return nil
}

// profileRules checks a profile's settings against the contract's rules; the CLI's login and
// the console's form refuse the same things with the same words.
func profileRules(p keystore.Profile, secret string) *client.ErrUserInput {
	switch {
	case p.AppCode != "" && !client.ValidAppCode(p.AppCode):
		return &client.ErrUserInput{Key: "input.bad_app_code", Args: []any{p.AppCode}}
	case p.TokenName != "" && p.TokenName != "bk_token" && p.TokenName != "bk_ticket":
		return &client.ErrUserInput{Key: "login.bad_token_name", Args: []any{p.TokenName}}
	case p.Lang != "" && p.Lang != "en" && p.Lang != "zh":
		return &client.ErrUserInput{Key: "login.bad_lang", Args: []any{p.Lang}}
	}
	if p.Username != "" && !client.ValidUsername(p.Username) {
		return &client.ErrUserInput{Key: "login.bad_username", Args: []any{p.Username}}
	}
	for _, u := range []string{p.HelpCenterURL, p.DeveloperCenterURL} {
		if u != "" && !validURL(u) {
			return &client.ErrUserInput{Key: "login.bad_url", Args: []any{u}}
		}
	}
	switch tmpl := p.APIURLTmpl; {
	case tmpl == "":
	case !validURL(strings.NewReplacer("{api_name}", "x", "{gateway_name}", "x").Replace(tmpl)):
		return &client.ErrUserInput{Key: "login.bad_url", Args: []any{tmpl}} // "127.0.0.1/api/{api_name}": the scheme is what is missing
	case !strings.Contains(tmpl, "{api_name}") && !strings.Contains(tmpl, "{gateway_name}"):
		return &client.ErrUserInput{Key: "login.bad_tmpl", Args: []any{tmpl}}
	}
	for _, s := range p.Stages {
		if !client.ValidStage(s) {
			return &client.ErrUserInput{Key: "input.bad_stage", Args: []any{s}}
		}
	}
	if len(secret) > 128 {
		return &client.ErrUserInput{Key: "login.secret_too_long"}
	}
	var ca *client.ErrUserInput
	if p.CABundle != "" && errors.As(client.CheckCABundle(p.CABundle), &ca) { // not saved to fail every command
		return ca
	}
	return nil
}

// saveProfile stores the secrets in the keyring (or nowhere: never in a file) and the settings
// in the config, under its lock. The settings are saved even when the keyring is not there, so
// a user without one can go on with secrets from the environment: keyErr says so.
func (a *App) saveProfile(path string, p keystore.Profile, secrets map[keystore.Kind]string, makeActive bool) (keyErr, err error) {
	store := a.secrets()
	for _, k := range keystore.Kinds {
		v := secrets[k]
		if v == "" || keyErr != nil {
			continue
		}
		if err := store.Set(p.Name, k, v); err != nil {
			keyErr = err
			continue
		}
		if k == keystore.BkToken {
			p.TokenSavedAt = time.Now().UTC()
		}
	}
	err = keystore.Update(path, func(f *keystore.File) error {
		if old, ok := f.Get(p.Name); ok && p.TokenSavedAt.IsZero() {
			p.TokenSavedAt = old.TokenSavedAt
		}
		f.Put(p)
		if makeActive || f.Active == "" {
			f.Active = p.Name
		}
		return nil
	})
	var ue *keystore.UnavailableError
	if errors.As(keyErr, &ue) {
		keyErr = ue.Err
	}
	return keyErr, err
}
