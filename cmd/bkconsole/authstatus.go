package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/keystore"
	"github.com/spf13/cobra"
)

func (a *App) printSurfaceChecks(rep client.Report) {
	var rows [][]string
	for _, s := range []client.Surface{client.SurfaceOpen, client.SurfaceInner, client.SurfaceHelpCenter, client.SurfaceDevCenter} {
		pr := rep.Surfaces[s]
		state := a.T("auth.ok")
		switch {
		case len(pr.Needs) > 0:
			state = a.T("auth.not_configured", a.needList(pr.Needs))
		case !pr.OK:
			state = a.T("auth.refused", a.describeShort(pr.Err))
		}
		rows = append(rows, []string{"  " + surfaceName(a, s), state})
	}
	printIndented(a.Stdout, rows)
}

// printIndented writes the two-column lines under a heading of auth status, aligned in cells
// (a Chinese name is two cells a character: %-22s had put each state at another column).
func printIndented(w io.Writer, rows [][]string) { printTable(w, []string{"", ""}, rows) }

// needList names what one surface needs, all of it together ("the Help Center URL and a login").
func (a *App) needList(needs []string) string { return a.unlockText([][]string{needs}) }

// unlockText names the ways to unlock a feature, any one of which will do.
func (a *App) unlockText(ways [][]string) string { return i18n.Ways(a.L(), ways) }

// describeShort is the meaning of an error, or the error itself.
func (a *App) describeShort(err error) string {
	h := client.HintOf(err)
	if h.Meaning != "" {
		s := a.T(h.Meaning)
		if rid := client.RequestIDOf(err); rid != "" {
			s += i18n.Aside(a.L(), a.T("cli.request_id", untrusted.Line(rid)))
		}
		if addr := client.AddressOf(err); addr != "" {
			s += i18n.Aside(a.L(), untrusted.Line(addr)) // which address answered nothing
		}
		return s
	}
	return untrusted.Line(err.Error())
}

// authStatusOptions is what `bkconsole auth status` was given, with the app it runs in.
type authStatusOptions struct {
	app    *App
	asJSON bool
}

func (a *App) authCommand() *cobra.Command {
	parent := &cobra.Command{Use: "auth", Short: "Credentials and what they unlock", Args: cobra.NoArgs}
	o := &authStatusOptions{app: a}
	status := &cobra.Command{
		Use:   "status",
		Short: "Check the credentials against the servers and say which surface serves each feature",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, cancel := commandContext(cmd)
			defer cancel()
			return o.app.authStatus(ctx, o.asJSON)
		},
	}
	jsonFlag(status, &o.asJSON)
	parent.AddCommand(status)
	return parent
}

type authStatusView struct {
	Profile      string                            `json:"profile"`
	Keyring      string                            `json:"keyring"`
	KeyringErr   string                            `json:"keyring_error,omitempty"`
	keyringCause string                            // KeyringErr's cause alone, for the sentence in the user's language
	Secrets      map[keystore.Kind]keystore.Secret `json:"secrets"`
	AppVerified  *bool                             `json:"app_verified"`
	Token        keystore.TokenState               `json:"token_state"`
	TokenAgeSec  int64                             `json:"token_age_seconds,omitempty"`
	TokenValid   *bool                             `json:"token_valid"`
	// User is who the bk_token belongs to, as the Developer Center says.
	User *client.UserInfo `json:"user,omitempty"`
	// PersonalToken is the profile's personal token, when it holds one (gateway 1.24).
	PersonalToken *personalTokenView `json:"personal_token,omitempty"`
	Report        client.Report      `json:"report"`
}

// personalTokenView is what is known of a personal token without sending it anywhere: its
// expiry as its page said, and the MCP servers that accept such tokens. Which APIs accept it
// is in each gateway's list (bkconsole apis GATEWAY, ALSO ACCEPTS).
type personalTokenView struct {
	Expires    *time.Time `json:"expires,omitempty"`
	Expired    bool       `json:"expired"`
	MCPServers []string   `json:"mcp_servers_accepting,omitempty"`
}

// personalToken describes the config's personal token; nil when it has none.
func personalToken(ctx context.Context, p *client.Planner) *personalTokenView {
	if p.Cfg.PersonalToken == "" {
		return nil
	}
	v := &personalTokenView{}
	if !p.Cfg.PersonalTokenExpires.IsZero() {
		e := p.Cfg.PersonalTokenExpires
		v.Expires, v.Expired = &e, !time.Now().Before(e)
	}
	if xs, _, err := p.MCPServers(ctx, ""); err == nil {
		for _, x := range xs {
			if x.MCPServer.OAuth2PersonalClientEnabled {
				v.MCPServers = append(v.MCPServers, untrusted.Line(x.MCPServer.Name))
			}
		}
	}
	return v
}

func (a *App) authStatus(ctx context.Context, asJSON bool) error {
	res, cfg, err := a.statusProfile()
	if err != nil {
		return err
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
		v.Keyring, v.KeyringErr, v.keyringCause = "unavailable", res.KeyringErr.Error(), keystore.Cause(res.KeyringErr)
	} else if res.Profile.Name == "" {
		v.Keyring = "not_used"
	}
	if o := rep.Surfaces[client.SurfaceOpen]; len(o.Needs) == 0 {
		ok := o.OK
		v.AppVerified = &ok
	}
	st, age := res.TokenAge(time.Now())
	v.Token, v.TokenAgeSec = st, int64(age/time.Second)
	if st != keystore.TokenNone {
		v.TokenValid = rep.TokenAccepted()
	}
	if u, err := p.WhoAmI(cctx); err == nil {
		untrusted.Strings(&u)
		v.User = &u
	}
	v.PersonalToken = personalToken(cctx, p)
	if asJSON {
		return a.writeJSON(v)
	}
	a.printAuthStatus(v, rep, cfg.AppCode)
	return nil
}

// statusProfile is what auth status reports on: the sandbox's, or the profile as resolved.
func (a *App) statusProfile() (keystore.Resolved, client.Config, error) {
	if a.useSandbox {
		cfg, err := a.sandboxPlanner()
		if err != nil {
			return keystore.Resolved{}, cfg, err
		}
		res := keystore.Resolved{Profile: keystore.Profile{Name: "sandbox", TokenSavedAt: time.Now()}, Secrets: sandboxSecrets(cfg)}
		return res, cfg, nil
	}
	res, err := a.resolveProfile()
	if err != nil {
		return res, client.Config{}, err
	}
	return res, configFrom(res), nil
}

// printAuthStatus is auth status as text.
func (a *App) printAuthStatus(v authStatusView, rep client.Report, appCode string) {
	age := time.Duration(v.TokenAgeSec) * time.Second
	name := v.Profile
	if name == "" {
		name = a.T("profile.env_only")
	}
	fmt.Fprintln(a.Stdout, a.label("auth.profile")+name)
	switch v.Keyring {
	case "ok":
		fmt.Fprintln(a.Stdout, a.label("auth.keyring")+a.T("auth.keyring_ok"))
	case "unavailable":
		fmt.Fprintln(a.Stdout, a.label("auth.keyring")+a.T("keyring.unavailable", v.keyringCause))
	case "not_used_sandbox":
		fmt.Fprintln(a.Stdout, a.label("auth.keyring")+a.T("auth.keyring_sandbox"))
	default:
		fmt.Fprintln(a.Stdout, a.label("auth.keyring")+a.T("auth.keyring_not_used"))
	}
	var secrets [][]string
	for _, k := range keystore.Kinds {
		secrets = append(secrets, []string{"  " + string(k), a.sourceText(v.Secrets[k])})
	}
	printIndented(a.Stdout, secrets)
	switch {
	case v.AppVerified == nil:
		fmt.Fprintln(a.Stdout, a.label("auth.app")+a.T("auth.not_configured", a.needList(rep.Surfaces[client.SurfaceOpen].Needs)))
	case *v.AppVerified:
		fmt.Fprintln(a.Stdout, a.label("auth.app")+a.T("auth.app_ok", appCode))
	default:
		fmt.Fprintln(a.Stdout, a.label("auth.app")+a.T("auth.refused", a.describeShort(rep.Surfaces[client.SurfaceOpen].Err)))
	}
	fmt.Fprintln(a.Stdout, a.label("auth.token")+a.tokenText(v.Token, v.TokenValid, age, v.Secrets[keystore.BkToken]))
	if v.User != nil {
		fmt.Fprintln(a.Stdout, a.label("auth.user")+a.userText(*v.User))
	}
	if pt := v.PersonalToken; pt != nil {
		fmt.Fprintln(a.Stdout, a.label("auth.personal_token")+a.personalTokenText(pt))
	}
	fmt.Fprintln(a.Stdout, a.T("auth.surfaces"))
	a.printSurfaceChecks(rep)
	fmt.Fprintln(a.Stdout, a.T("auth.features"))
	var features [][]string
	for _, fr := range rep.Features {
		state := a.T("auth.unlock", a.unlockText(fr.Unlock()))
		if fr.Surface != "" {
			state = a.T("auth.served_by", surfaceName(a, fr.Surface))
		}
		features = append(features, []string{"  " + a.T("feature."+string(fr.Feature)), state})
	}
	printIndented(a.Stdout, features)
}

// tokenText words the bk_token: what the server said of it when that was checked, what its
// age suggests, and its age. (It had read "saved under 20 hours ago (not checked) (saved 5m0s
// ago)" when the server had just accepted it.)
func (a *App) tokenText(st keystore.TokenState, valid *bool, age time.Duration, sec keystore.Secret) string {
	if st == keystore.TokenNone {
		return a.T("token.none")
	}
	if sec.Source == keystore.KeyringUnreachable { // saved then; whether it is there now is unknown
		return a.T("token.age", a.T("source.keyring_unreachable"), i18n.Age(a.L(), age))
	}
	s := a.T("token.not_checked")
	if valid != nil && *valid {
		s = a.T("token.accepted")
	} else if valid != nil {
		if sec.Source == keystore.FromEnvironment {
			return a.T("token.rejected_env", sec.EnvVar)
		}
		return a.T("token.age", a.T("token.rejected"), i18n.Age(a.L(), age))
	}
	if sec.Source == keystore.FromEnvironment { // no saved time: it is read from the environment
		return s + i18n.Aside(a.L(), a.T("token.from_env", sec.EnvVar))
	}
	return i18n.TokenAge(a.L(), s, string(st), age)
}

// personalTokenText is the personal token's line: its expiry and who accepts it.
func (a *App) personalTokenText(pt *personalTokenView) string {
	var s string
	switch {
	case pt.Expires == nil:
		s = a.T("personal.expiry_unknown")
	case pt.Expired:
		s = a.T("personal.expired", pt.Expires.Local().Format(time.DateOnly))
	default:
		s = i18n.N(a.L(), "personal.expires", int(time.Until(*pt.Expires).Hours()/24), pt.Expires.Local().Format(time.DateOnly))
	}
	s = i18n.Clauses(a.L(), s, a.T("personal.accepted_apis"))
	if len(pt.MCPServers) > 0 {
		s = i18n.Clauses(a.L(), s, a.T("personal.accepted_mcp", strings.Join(pt.MCPServers, ", ")))
	}
	return s
}

// userText names the logged-in user, with the tenant on a multi-tenant installation.
func (a *App) userText(u client.UserInfo) string {
	s := u.Name(a.L())
	if u.TenantID != "" && u.TenantID != "default" {
		s += " · " + a.T("auth.tenant", u.TenantID)
	}
	return s
}
