package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/mcpoauth"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/keystore"
	"github.com/cli/browser"
	"github.com/spf13/cobra"
)

// MCP logins (gateway 1.24): bkconsole logs the user in to an MCP server as an OAuth public
// client and keeps the tokens in the keyring, one entry per profile and server; mcp tools and
// mcp call then use them, refreshed before they expire.

// loginsProfile names the keyring entries' profile: the environment alone has none.
func loginsProfile(name string) string {
	if name == "" {
		return "environment"
	}
	return name
}

// loginKind is the keyring entry of a login to a server.
func loginKind(server string) keystore.Kind { return keystore.Kind("mcp_login:" + server) }

// mcpLogins keeps logins in the keyring and refreshes them (client.MCPLogins).
type mcpLogins struct {
	store   keystore.Secrets
	profile string
	flow    func() mcpoauth.Flow
	// noBrowser: a login only shows its URL (mcp login --no-browser).
	noBrowser *bool
}

// MCPLogin logs in to a server and keeps the tokens; a login that cannot be kept is revoked
// at once (it would be lost, and still usable).
func (m mcpLogins) MCPLogin(ctx context.Context, s client.MCPServer, tell func(string)) (time.Time, error) {
	known, _ := m.load(s.Name)
	flow := m.flow()
	flow.Known, flow.Tell = known, tell
	if (m.noBrowser == nil || !*m.noBrowser) && canOpenBrowser() {
		flow.Open = openBrowser
	}
	l, err := flow.Login(ctx, s.Name, client.MCPUserURL(s.URL))
	if err != nil {
		return time.Time{}, err
	}
	if err := m.save(l); err != nil {
		_ = flow.Revoke(context.WithoutCancel(ctx), l)
		return time.Time{}, &loginNotKept{err}
	}
	return l.Expiry, nil
}

// loginNotKept: the login worked but the keyring would not keep it (so it was revoked).
type loginNotKept struct{ err error }

func (e *loginNotKept) Error() string {
	return "the tokens could not be kept (they were revoked): " + e.err.Error()
}

// MCPLogout revokes the login's tokens, then forgets them; a revocation that fails keeps them
// (forgetting a token that still works would leave it usable and unknown).
func (m mcpLogins) MCPLogout(ctx context.Context, server string) (bool, error) {
	l, err := m.load(server)
	if err != nil || l == nil {
		return false, err
	}
	if err := m.flow().Revoke(ctx, l); err != nil {
		return true, err
	}
	return true, m.store.Delete(m.profile, loginKind(server))
}

func (m mcpLogins) load(server string) (*mcpoauth.Login, error) {
	v, err := m.store.Get(m.profile, loginKind(server))
	if errors.Is(err, keystore.ErrNotFound) || err == nil && v == "" {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var l mcpoauth.Login
	if err := json.Unmarshal([]byte(v), &l); err != nil {
		return nil, &mcpLoginError{key: "mcp.login_damaged", server: server}
	}
	return &l, nil
}

// mcpLoginError is a saved MCP login that cannot be used or kept, said in the reader's language
// (it was English in every language).
type mcpLoginError struct {
	key, server string
	err         error
}

func (e *mcpLoginError) Error() string { return e.Explain(i18n.English) }
func (e *mcpLoginError) Unwrap() error { return e.err }
func (e *mcpLoginError) Explain(l i18n.Lang) string {
	if e.err != nil {
		return i18n.T(l, e.key, e.server, keystore.Cause(e.err))
	}
	return i18n.T(l, e.key, e.server)
}

func (m mcpLogins) save(l *mcpoauth.Login) error {
	b, _ := json.Marshal(l)
	return m.store.Set(m.profile, loginKind(l.Server), string(b))
}

// MCPToken is the access token of the login to server, refreshed (and the new tokens kept)
// when it is about to expire. A keyring out of reach is no login: the app's credentials go on.
func (m mcpLogins) MCPToken(ctx context.Context, server string) (string, bool, error) {
	l, err := m.load(server)
	var un *keystore.UnavailableError
	switch {
	case errors.As(err, &un):
		return "", false, nil
	case err != nil: // a damaged login is said, not passed over for the app's credentials
		return "", false, err
	case l == nil:
		return "", false, nil
	}
	fresh, changed, err := m.flow().Fresh(ctx, l)
	if err != nil {
		return "", false, err
	}
	if changed {
		if err := m.save(fresh); err != nil {
			return "", false, &mcpLoginError{key: "mcp.login_not_kept", server: server, err: err}
		}
	}
	return fresh.AccessToken, true, nil
}

// newPlanner is a planner with the profile's MCP logins and the run's --credential.
func (a *App) newPlanner(cfg client.Config, loginsOf string) (*client.Planner, error) {
	p, err := client.NewPlanner(cfg)
	if err != nil {
		return nil, err
	}
	p.MCPLogins = a.mcpLogins(p, loginsOf)
	if a.mcpCred != "auto" {
		p.MCPCredential = a.mcpCred
	}
	return p, nil
}

// credentialFlag is --credential of the commands that connect to an MCP server.
func credentialFlag(c *cobra.Command, a *App) {
	enumFlag(c, &a.mcpCred, "credential", "auto", "what the server is called with: auto (a login when there is one, else the app), app, login (mcp login), personal (the profile's personal token)",
		"auto", client.MCPCredApp, client.MCPCredLogin, client.MCPCredPersonal)
}

func (a *App) mcpLogins(p *client.Planner, profile string) mcpLogins {
	store := a.secrets()
	if profile == "sandbox" {
		// The sandbox's logins live as long as its run, as its demo credentials do: no keyring
		// is needed to try them.
		store = &a.sandboxLogins
	}
	return mcpLogins{store: store, profile: loginsProfile(profile), noBrowser: &a.noBrowser, flow: func() mcpoauth.Flow {
		return mcpoauth.Flow{HTTP: p.HTTPClient(), ClientName: "bkconsole"}
	}}
}

// canOpenBrowser: a desktop to open one on (or $BROWSER). A text browser must not take over
// the terminal: on Linux without a display, the URL is only shown.
func canOpenBrowser() bool {
	if os.Getenv("BROWSER") != "" {
		return true
	}
	switch runtime.GOOS {
	case "darwin", "windows":
		return true
	}
	return os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != ""
}

// openBrowser opens a URL without writing to the terminal.
func openBrowser(u string) error {
	browser.Stdout, browser.Stderr = io.Discard, io.Discard
	return browser.OpenURL(u)
}

type mcpLoginOptions struct {
	cmdBase
	wait      time.Duration
	noBrowser bool
}

func (a *App) mcpLoginCommand() *cobra.Command {
	o := &mcpLoginOptions{}
	c := a.newCommand(o, &cobra.Command{
		Use:   "login NAME",
		Short: "Log in to an MCP server that accepts public-client logins (OAuth 2.1 with PKCE); the tokens go to the keyring",
		Long: "Log in to an MCP server as an OAuth public client (gateway 1.24): bkconsole finds the server's\n" +
			"authorization server, registers itself, and opens the login page in a browser (the URL is shown\n" +
			"too); the answer comes back to a loopback address. The tokens are kept in the keyring and\n" +
			"refreshed before they expire; mcp tools and mcp call use them (--credential says otherwise).",
		Args: cobra.ExactArgs(1),
	})
	c.Flags().DurationVar(&o.wait, "wait", 5*time.Minute, "how long to wait for the login in the browser")
	c.Flags().BoolVar(&o.noBrowser, "no-browser", false, "only show the login URL (to open on another machine)")
	return c
}

// validate refuses a wait that ends before the browser can answer (it failed with Go's
// "context deadline exceeded").
func (o *mcpLoginOptions) validate() error {
	if o.wait <= 0 {
		return usageErr("%s", o.app.T("cli.bad_login_wait", o.wait))
	}
	return nil
}

func (o *mcpLoginOptions) runWith(ctx context.Context, p *client.Planner) error {
	a := o.app
	x, _, err := p.FindMCPServer(ctx, o.args[0])
	if err != nil {
		return a.mcpFailure(o.args[0], err)
	}
	lctx, lcancel := context.WithTimeout(ctx, o.wait) // ctrl+c ends the wait too
	defer lcancel()
	a.noBrowser = o.noBrowser
	expiry, err := p.MCPLogin(lctx, x.MCPServer, func(u string) { a.notice("%s", a.T("mcp.login_open", untrusted.Line(u))) })
	var in *client.ErrUserInput
	switch {
	case errors.As(err, &in):
		return fmt.Errorf("%s", a.T(in.Key, in.Args...))
	case err != nil:
		return fmt.Errorf("%s", a.T("mcp.login_failed", x.MCPServer.Name, a.errText(err)))
	}
	fmt.Fprintln(a.Stdout, a.T("mcp.logged_in", x.MCPServer.Name, expiry.Local().Format("2006-01-02 15:04")))
	return nil
}

type mcpLogoutOptions struct{ cmdBase }

func (a *App) mcpLogoutCommand() *cobra.Command {
	return a.newCommand(&mcpLogoutOptions{}, &cobra.Command{Use: "logout NAME", Short: "Revoke the tokens of an MCP server's login and forget them", Args: cobra.ExactArgs(1)})
}

func (o *mcpLogoutOptions) runWith(ctx context.Context, p *client.Planner) error {
	a := o.app
	was, err := p.MCPLogout(ctx, o.args[0])
	switch {
	case err != nil && was:
		return fmt.Errorf("%s", a.T("mcp.revoke_failed", o.args[0], a.errText(err)))
	case err != nil:
		return err
	case !was:
		fmt.Fprintln(a.Stdout, a.T("mcp.not_logged_in_plain", o.args[0]))
		return nil
	}
	fmt.Fprintln(a.Stdout, a.T("mcp.logged_out", o.args[0]))
	return nil
}

// memSecrets keeps secrets in memory, for one run (the sandbox's MCP logins).
type memSecrets struct {
	mu sync.Mutex
	m  map[string]string
}

func (m *memSecrets) Get(profile string, kind keystore.Kind) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.m[profile+"/"+string(kind)]
	if !ok {
		return "", keystore.ErrNotFound
	}
	return v, nil
}

func (m *memSecrets) Set(profile string, kind keystore.Kind, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[string]string{}
	}
	m.m[profile+"/"+string(kind)] = value
	return nil
}

func (m *memSecrets) Delete(profile string, kind keystore.Kind) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.m, profile+"/"+string(kind))
	return nil
}

// errText is an error's words in the UI language when it words itself (client.Explained),
// cleaned for the terminal.
func (a *App) errText(err error) string {
	var ex client.Explained
	if errors.As(err, &ex) {
		return untrusted.Line(ex.Explain(a.L()))
	}
	return untrusted.Line(err.Error())
}
