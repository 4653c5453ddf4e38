package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
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
		return a.sandboxPlanner()
	}
	res, err := a.resolveProfile()
	if err != nil {
		return client.Config{}, err
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
		notes = append(notes, note{"config.damaged_env_only", []any{untrustedPath(dmg.Error())}})
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
		notes = append(notes, note{"keyring.unavailable", []any{res.KeyringErr.(*keystore.UnavailableError).Err.Error()}})
	}
	if st, _ := p.TokenAge(time.Now()); res.Secrets[keystore.BkToken].Source == keystore.FromKeyring && st == keystore.TokenStale {
		notes = append(notes, note{"token.stale_warning", nil})
	}
	return res, notes, nil
}

func configFrom(r keystore.Resolved) client.Config {
	p := r.Profile
	return client.Config{
		HelpCenterURL: p.HelpCenterURL, DeveloperCenterURL: p.DeveloperCenterURL, APIURLTmpl: p.APIURLTmpl,
		AppCode: p.AppCode, AppSecret: r.Secrets[keystore.AppSecret].Value, BkToken: r.Secrets[keystore.BkToken].Value,
		AccessToken: r.Secrets[keystore.AccessToken].Value, Username: p.Username, TenantID: p.TenantID,
		TokenName: p.TokenName, Stages: p.Stages, Lang: p.Lang, Timeout: time.Duration(p.Timeout),
		CABundle: p.CABundle, Insecure: p.Insecure,
	}
}

type loginFlags struct {
	appCode, apiURLTmpl, helpCenter, devCenter, username, tenant, lang, caBundle, tokenName string
	stages                                                                                  []string
	secretStdin, tokenStdin, fromEnv, insecure, noVerify                                    bool
}

func (a *App) loginCommand() *cobra.Command {
	var lf loginFlags
	c := &cobra.Command{
		Use:   "login",
		Short: "Save a profile; its secrets go to the OS keyring",
		Long: "Save a profile (addresses, app code, username) in the config file and its secrets\n" +
			"(bk_app_secret, bk_token) in the OS keyring. On a terminal it prompts with hidden input;\n" +
			"otherwise it reads the secret (and with --token-stdin the bk_token) from stdin, one per line.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, cancel := commandContext(cmd)
			defer cancel()
			return a.login(ctx, cmd, lf)
		},
	}
	fl := c.Flags()
	fl.StringVar(&lf.appCode, "app-code", "", "bk_app_code")
	fl.StringVar(&lf.apiURLTmpl, "api-url-tmpl", "", "BK_API_URL_TMPL, e.g. http://bkapi.example.com/api/{api_name}")
	fl.StringVar(&lf.helpCenter, "help-center-url", "", "API Help Center URL (dashboard), e.g. http://apigw.example.com")
	fl.StringVar(&lf.devCenter, "developer-center-url", "", "Developer Center URL, e.g. http://bkpaas.example.com")
	fl.StringVar(&lf.username, "username", "", "your username (the applicant for open-API applications)")
	fl.StringVar(&lf.tenant, "tenant-id", "", "X-Bk-Tenant-Id for multi-tenant installations")
	fl.StringVar(&lf.lang, "ui-lang", "", "UI language for this profile: en or zh")
	fl.StringVar(&lf.caBundle, "ca-bundle", "", "CA bundle (PEM) to trust")
	fl.StringVar(&lf.tokenName, "token-name", "", "the login cookie's name on this installation: bk_token (default) or bk_ticket")
	fl.StringSliceVar(&lf.stages, "stages", nil, "stages to offer when the Help Center is not reachable (default prod)")
	fl.BoolVar(&lf.insecure, "insecure", false, "skip TLS verification (shown in red)")
	fl.BoolVar(&lf.secretStdin, "secret-stdin", false, "read bk_app_secret from stdin")
	fl.BoolVar(&lf.tokenStdin, "token-stdin", false, "read bk_token from stdin (after the secret when both)")
	fl.BoolVar(&lf.fromEnv, "from-env", false, "take settings and secrets from BK_APP_CODE, BK_APP_SECRET, BKPAAS_*, BK_API_URL_TMPL, BK_TOKEN")
	fl.BoolVar(&lf.noVerify, "no-verify", false, "do not check the credentials against the gateway")
	return c
}

func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func (a *App) login(ctx context.Context, cmd *cobra.Command, lf loginFlags) error {
	f, path, err := a.loadConfig()
	var dmg *keystore.DamagedError
	if errors.As(err, &dmg) {
		// A damaged config must not lock the user out: login sets it aside and starts anew.
		to, merr := keystore.MoveAside(path)
		if merr != nil {
			return err
		}
		a.notice("%s", a.T("config.moved_aside", untrustedPath(dmg.Error()), to))
		f, err = &keystore.File{}, nil
	}
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
	p, _ := f.Get(name)
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
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&p.AppCode, lf.appCode)
	set(&p.APIURLTmpl, lf.apiURLTmpl)
	set(&p.HelpCenterURL, lf.helpCenter)
	set(&p.DeveloperCenterURL, lf.devCenter)
	set(&p.Username, lf.username)
	set(&p.TenantID, lf.tenant)
	set(&p.Lang, lf.lang)
	set(&p.CABundle, lf.caBundle)
	if lf.tokenName != "" {
		if lf.tokenName != "bk_token" && lf.tokenName != "bk_ticket" {
			return usageErr("%s", a.T("login.bad_token_name", lf.tokenName))
		}
		p.TokenName = lf.tokenName
	}
	if len(lf.stages) > 0 {
		p.Stages = lf.stages
	}
	if cmd.Flags().Changed("insecure") {
		p.Insecure = lf.insecure
	}

	stdinTTY := false
	if fd, ok := a.Stdin.(*os.File); ok {
		stdinTTY = term.IsTerminal(int(fd.Fd()))
	}
	in := bufio.NewReader(a.Stdin)
	switch {
	case lf.secretStdin || lf.tokenStdin || (!stdinTTY && !lf.fromEnv):
		if lf.secretStdin || !lf.tokenStdin {
			v, err := readLine(in)
			if err != nil && v == "" {
				return usageErr("%s", a.T("login.no_secret_on_stdin"))
			}
			secrets[keystore.AppSecret] = v
		}
		if lf.tokenStdin {
			v, _ := readLine(in)
			if v == "" {
				return usageErr("%s", a.T("login.no_token_on_stdin"))
			}
			secrets[keystore.BkToken] = v
		}
	case stdinTTY:
		if p.APIURLTmpl == "" {
			p.APIURLTmpl = a.prompt(in, a.T("login.prompt_tmpl"))
		}
		if p.AppCode == "" {
			p.AppCode = a.prompt(in, a.T("login.prompt_app_code"))
		}
		if secrets[keystore.AppSecret] == "" {
			secrets[keystore.AppSecret] = a.promptHidden(a.T("login.prompt_secret"))
		}
		if secrets[keystore.BkToken] == "" {
			secrets[keystore.BkToken] = a.promptHidden(a.T("login.prompt_token"))
		}
	}

	if bad := profileRules(p, secrets[keystore.AppSecret]); bad != nil {
		return usageErr("%s", a.T(bad.Key, bad.Args...))
	}

	keyErr, err := a.saveProfile(path, p, secrets, a.profile == "")
	if err != nil {
		return err
	}
	if keyErr != nil {
		return fmt.Errorf("%s", a.T("keyring.unavailable_login", keyErr.Error())+" "+a.T("login.saved_without_secrets", name))
	}
	fmt.Fprintln(a.Stdout, a.T("login.saved", name, path))
	if lf.noVerify {
		return nil
	}
	a.profile = name
	res, err := a.resolveProfile()
	if err != nil {
		return err
	}
	pl, err := client.NewPlanner(configFrom(res))
	if err != nil {
		return err
	}
	vctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	rep := pl.CheckAll(vctx)
	a.printSurfaceChecks(rep)
	return nil
}

func readLine(r *bufio.Reader) (string, error) {
	s, err := r.ReadString('\n')
	return strings.TrimRight(s, "\r\n"), err
}

func (a *App) prompt(in *bufio.Reader, label string) string {
	fmt.Fprint(a.Stderr, label)
	s, _ := readLine(in)
	return strings.TrimSpace(s)
}

func (a *App) promptHidden(label string) string {
	fmt.Fprint(a.Stderr, label)
	fd, ok := a.Stdin.(*os.File)
	if !ok {
		return ""
	}
	b, err := term.ReadPassword(int(fd.Fd()))
	fmt.Fprintln(a.Stderr)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

func (a *App) printSurfaceChecks(rep client.Report) {
	for _, s := range []client.Surface{client.SurfaceOpen, client.SurfaceInner, client.SurfaceHelpCenter, client.SurfaceDevCenter} {
		pr := rep.Surfaces[s]
		switch {
		case len(pr.Needs) > 0:
			fmt.Fprintf(a.Stdout, "  %-22s %s\n", surfaceName(a, s), a.T("auth.not_configured", a.needList(pr.Needs)))
		case pr.OK:
			fmt.Fprintf(a.Stdout, "  %-22s %s\n", surfaceName(a, s), a.T("auth.ok"))
		default:
			fmt.Fprintf(a.Stdout, "  %-22s %s\n", surfaceName(a, s), a.T("auth.refused", a.describeShort(pr.Err)))
		}
	}
}

func (a *App) needList(needs []string) string {
	var out []string
	for _, n := range needs {
		out = append(out, a.T("need."+n))
	}
	return strings.Join(out, ", ")
}

// describeShort is the meaning of an error, or the error itself.
func (a *App) describeShort(err error) string {
	h := client.HintOf(err)
	if h.Meaning != "" {
		s := a.T(h.Meaning)
		if rid := client.RequestIDOf(err); rid != "" {
			s += " (" + a.T("cli.request_id", untrusted.Line(rid)) + ")"
		}
		return s
	}
	return untrusted.Line(err.Error())
}

func (a *App) logoutCommand() *cobra.Command {
	var forget bool
	c := &cobra.Command{
		Use:   "logout",
		Short: "Remove a profile's secrets from the keyring (and the profile with --forget)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, path, err := a.loadConfig()
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
			store := a.secrets()
			for _, k := range keystore.Kinds {
				if err := store.Delete(p.Name, k); err != nil {
					return fmt.Errorf("%s", a.T("keyring.unavailable_login", err.Error()))
				}
			}
			p.TokenSavedAt = time.Time{}
			if err := keystore.Update(path, func(f *keystore.File) error {
				if forget {
					f.Remove(p.Name)
				} else if cur, ok := f.Get(p.Name); ok {
					cur.TokenSavedAt = time.Time{}
					f.Put(cur)
				}
				return nil
			}); err != nil {
				return err
			}
			if forget {
				fmt.Fprintln(a.Stdout, a.T("logout.forgot", p.Name))
			} else {
				fmt.Fprintln(a.Stdout, a.T("logout.done", p.Name))
			}
			return nil
		},
	}
	c.Flags().BoolVar(&forget, "forget", false, "also remove the profile from the config file")
	return c
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
	Overrides  []keystore.Override               `json:"env_overrides,omitempty"`
	Sandbox    bool                              `json:"sandbox,omitempty"`
}

func (a *App) profilesCommand() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "profiles",
		Short: "List profiles, the active one, and where each secret is (never the secret)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.useSandbox {
				return a.sandboxProfiles(asJSON)
			}
			f, _, err := a.loadConfig()
			if err != nil {
				return err
			}
			var views []profileView
			var keyErr error
			store := a.secrets()
			for _, p := range f.Profiles {
				var st keystore.Secrets = store
				if keyErr != nil {
					st = nil
				}
				res := keystore.Resolve(p, st, keystore.OSEnv)
				if res.KeyringErr != nil {
					keyErr = res.KeyringErr
				}
				tok, _ := p.TokenAge(time.Now())
				if res.Secrets[keystore.BkToken].Source == keystore.Missing {
					tok = keystore.TokenNone
				}
				views = append(views, profileView{Name: p.Name, Active: p.Name == f.Active, AppCode: res.Profile.AppCode,
					APIURLTmpl: res.Profile.APIURLTmpl, HelpCenter: res.Profile.HelpCenterURL, DevCenter: res.Profile.DeveloperCenterURL,
					Username: res.Profile.Username, Insecure: p.Insecure, Secrets: res.Secrets, Token: tok, Overrides: res.Overrides})
			}
			if keyErr != nil {
				a.notice("bkconsole: %s", a.T("keyring.unavailable", keyErr.(*keystore.UnavailableError).Err.Error()))
			}
			if asJSON {
				if views == nil {
					views = []profileView{}
				}
				return writeJSON(a.Stdout, views)
			}
			if len(views) == 0 {
				fmt.Fprintln(a.Stdout, a.T("profile.none"))
				return nil
			}
			rows := [][]string{}
			for _, v := range views {
				mark := ""
				if v.Active {
					mark = "*"
				}
				rows = append(rows, []string{mark, v.Name, v.AppCode, a.sourceText(v.Secrets[keystore.AppSecret]),
					a.sourceText(v.Secrets[keystore.BkToken]), a.T("token." + string(v.Token)), v.APIURLTmpl})
			}
			printTable(a.Stdout, []string{"", a.T("col.profile"), a.T("col.app_code"), a.T("col.secret"), a.T("col.token"),
				a.T("col.token_state"), "BK_API_URL_TMPL"}, rows)
			if len(views) > 0 && len(views[0].Overrides) > 0 {
				var ov []string
				for _, o := range views[0].Overrides {
					ov = append(ov, o.Field+" ← "+o.EnvVar)
				}
				fmt.Fprintln(a.Stdout, a.T("profile.env_overrides", strings.Join(ov, ", ")))
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	use := &cobra.Command{
		Use:   "use PROFILE",
		Short: "Make a profile the active one",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := configPath()
			if err != nil {
				return err
			}
			if err := keystore.Update(path, func(f *keystore.File) error {
				if _, ok := f.Get(args[0]); !ok {
					return usageErr("%s", a.T("profile.unknown", args[0]))
				}
				f.Active = args[0]
				return nil
			}); err != nil {
				return err
			}
			fmt.Fprintln(a.Stdout, a.T("profile.now_active", args[0]))
			return nil
		},
	}
	c.AddCommand(use)
	return c
}

func (a *App) sourceText(s keystore.Secret) string {
	switch s.Source {
	case keystore.FromEnvironment:
		return a.T("source.environment", s.EnvVar)
	case keystore.FromKeyring:
		return a.T("source.keyring")
	case keystore.FromSandbox:
		return a.T("source.sandbox")
	}
	return a.T("source.missing")
}

func (a *App) authCommand() *cobra.Command {
	parent := &cobra.Command{Use: "auth", Short: "Credentials and what they unlock", Args: cobra.NoArgs}
	var asJSON bool
	status := &cobra.Command{
		Use:   "status",
		Short: "Check the credentials against the servers and say which surface serves each feature",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, cancel := commandContext(cmd)
			defer cancel()
			return a.authStatus(ctx, asJSON)
		},
	}
	status.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	parent.AddCommand(status)
	return parent
}

type authStatusView struct {
	Profile     string                            `json:"profile"`
	Keyring     string                            `json:"keyring"`
	KeyringErr  string                            `json:"keyring_error,omitempty"`
	Secrets     map[keystore.Kind]keystore.Secret `json:"secrets"`
	AppVerified *bool                             `json:"app_verified"`
	Token       keystore.TokenState               `json:"token_state"`
	TokenAgeSec int64                             `json:"token_age_seconds,omitempty"`
	TokenValid  *bool                             `json:"token_valid"`
	Report      client.Report                     `json:"report"`
}

func (a *App) authStatus(ctx context.Context, asJSON bool) error {
	var res keystore.Resolved
	var cfg client.Config
	if a.useSandbox {
		c, err := a.sandboxPlanner()
		if err != nil {
			return err
		}
		cfg = c
		res = keystore.Resolved{Profile: keystore.Profile{Name: "sandbox", TokenSavedAt: time.Now()}, Secrets: sandboxSecrets(cfg)}
	} else {
		var err error
		res, err = a.resolveProfile()
		if err != nil {
			return err
		}
		cfg = configFrom(res)
	}
	p, err := client.NewPlanner(cfg)
	if err != nil {
		return err
	}
	cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	rep := p.CheckAll(cctx)
	v := authStatusView{Profile: res.Profile.Name, Keyring: "ok", Secrets: res.Secrets, Report: rep}
	if a.useSandbox {
		v.Keyring = "not_used_sandbox" // nothing of the sandbox's is in a keyring: whether one exists is beside the point
	} else if res.KeyringErr != nil {
		v.Keyring, v.KeyringErr = "unavailable", res.KeyringErr.Error()
	} else if res.Profile.Name == "" {
		v.Keyring = "not_used"
	}
	if o := rep.Surfaces[client.SurfaceOpen]; len(o.Needs) == 0 {
		ok := o.OK
		v.AppVerified = &ok
	}
	st, age := res.Profile.TokenAge(time.Now())
	v.Token, v.TokenAgeSec = st, int64(age/time.Second)
	if res.Secrets[keystore.BkToken].Source == keystore.Missing {
		v.Token = keystore.TokenNone
	} else {
		for _, s := range []client.Surface{client.SurfaceHelpCenter, client.SurfaceDevCenter} {
			if pr := rep.Surfaces[s]; len(pr.Needs) == 0 {
				ok := pr.OK || client.StatusOf(pr.Err) != 401
				v.TokenValid = &ok
				break
			}
		}
	}
	if asJSON {
		return writeJSON(a.Stdout, v)
	}
	name := v.Profile
	if name == "" {
		name = a.T("profile.env_only")
	}
	fmt.Fprintf(a.Stdout, "%s: %s\n", a.T("auth.profile"), name)
	switch v.Keyring {
	case "ok":
		fmt.Fprintf(a.Stdout, "%s: %s\n", a.T("auth.keyring"), a.T("auth.keyring_ok"))
	case "unavailable":
		fmt.Fprintf(a.Stdout, "%s: %s\n", a.T("auth.keyring"), a.T("keyring.unavailable", v.KeyringErr))
	case "not_used_sandbox":
		fmt.Fprintf(a.Stdout, "%s: %s\n", a.T("auth.keyring"), a.T("auth.keyring_sandbox"))
	default:
		fmt.Fprintf(a.Stdout, "%s: %s\n", a.T("auth.keyring"), a.T("auth.keyring_not_used"))
	}
	for _, k := range keystore.Kinds {
		fmt.Fprintf(a.Stdout, "  %-14s %s\n", k, a.sourceText(v.Secrets[k]))
	}
	switch {
	case v.AppVerified == nil:
		fmt.Fprintf(a.Stdout, "%s: %s\n", a.T("auth.app"), a.T("auth.not_configured", a.needList(rep.Surfaces[client.SurfaceOpen].Needs)))
	case *v.AppVerified:
		fmt.Fprintf(a.Stdout, "%s: %s\n", a.T("auth.app"), a.T("auth.app_ok", cfg.AppCode))
	default:
		fmt.Fprintf(a.Stdout, "%s: %s\n", a.T("auth.app"), a.T("auth.refused", a.describeShort(rep.Surfaces[client.SurfaceOpen].Err)))
	}
	tokenLine := a.T("token." + string(v.Token))
	if v.Token != keystore.TokenNone && v.Token != keystore.TokenUnknown {
		tokenLine += " " + a.T("token.age", age.Round(time.Minute).String())
	}
	if v.TokenValid != nil && !*v.TokenValid {
		tokenLine += " — " + a.T("token.rejected")
	}
	fmt.Fprintf(a.Stdout, "%s: %s\n", a.T("auth.token"), tokenLine)
	fmt.Fprintln(a.Stdout, a.T("auth.surfaces"))
	a.printSurfaceChecks(rep)
	fmt.Fprintln(a.Stdout, a.T("auth.features"))
	for _, fr := range rep.Features {
		if fr.Surface != "" {
			fmt.Fprintf(a.Stdout, "  %-16s %s\n", a.T("feature."+string(fr.Feature)), a.T("auth.served_by", surfaceName(a, fr.Surface)))
		} else {
			fmt.Fprintf(a.Stdout, "  %-16s %s\n", a.T("feature."+string(fr.Feature)), a.T("auth.unlock", a.needList(fr.Needs)))
		}
	}
	return nil
}

var _ io.Reader = os.Stdin

// untrustedPath keeps a message about a local file on one line.
func untrustedPath(s string) string { return untrusted.Line(s) }

// profileRules checks a profile's settings against the contract's rules; the CLI's login and
// the console's form refuse the same things with the same words.
func profileRules(p keystore.Profile, secret string) *client.ErrUserInput {
	if p.AppCode != "" && !client.ValidAppCode(p.AppCode) {
		return &client.ErrUserInput{Key: "input.bad_app_code", Args: []any{p.AppCode}}
	}
	if p.Username != "" && !client.ValidUsername(p.Username) {
		return &client.ErrUserInput{Key: "login.bad_username", Args: []any{p.Username}}
	}
	for _, u := range []string{p.HelpCenterURL, p.DeveloperCenterURL} {
		if u != "" && !validURL(u) {
			return &client.ErrUserInput{Key: "login.bad_url", Args: []any{u}}
		}
	}
	if p.APIURLTmpl != "" && (!validURL(strings.ReplaceAll(p.APIURLTmpl, "{api_name}", "x")) || !strings.Contains(p.APIURLTmpl, "{api_name}") && !strings.Contains(p.APIURLTmpl, "{gateway_name}")) {
		return &client.ErrUserInput{Key: "login.bad_tmpl", Args: []any{p.APIURLTmpl}}
	}
	for _, s := range p.Stages {
		if !client.ValidStage(s) {
			return &client.ErrUserInput{Key: "input.bad_stage", Args: []any{s}}
		}
	}
	if len(secret) > 128 {
		return &client.ErrUserInput{Key: "login.secret_too_long"}
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

// sandboxSecrets says where the sandbox profile's secrets are: its demo credentials, in memory.
func sandboxSecrets(cfg client.Config) map[keystore.Kind]keystore.Secret {
	m := map[keystore.Kind]keystore.Secret{}
	for k, v := range map[keystore.Kind]string{keystore.AppSecret: cfg.AppSecret, keystore.BkToken: cfg.BkToken, keystore.AccessToken: cfg.AccessToken} {
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
		return writeJSON(a.Stdout, []profileView{v})
	}
	printTable(a.Stdout, []string{"", a.T("col.profile"), a.T("col.app_code"), a.T("col.secret"), a.T("col.token"), a.T("col.token_state"), "BK_API_URL_TMPL"},
		[][]string{{"*", v.Name, v.AppCode, a.sourceText(v.Secrets[keystore.AppSecret]), a.sourceText(v.Secrets[keystore.BkToken]),
			a.T("token." + string(v.Token)), v.APIURLTmpl}})
	a.notice("bkconsole: %s", a.T("profile.sandbox_only"))
	return nil
}
