package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/adrg/xdg"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/sandbox"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/client/wiretap"
	"github.com/bkconsole/bkconsole/keystore"
	"github.com/spf13/cobra"
)

// App holds what every command shares: streams, global flags and the resolved client.
type App struct {
	Stdout, Stderr io.Writer
	Stdin          io.Reader
	// Secrets is where secrets live; nil means the OS keyring (keystore.Keyring).
	Secrets keystore.Secrets

	useSandbox bool
	profile    string
	// argv is the command line as given, for a flag put before its command (misplacedFlag).
	argv []string
	// loginsOf is the profile whose MCP logins (mcp login) the run uses.
	loginsOf string
	// withoutProfile is a run on no profile (none saved, none named): what it lacks starts with
	// a login, not with a profile's fields.
	withoutProfile bool
	// mcpCred is --credential of the mcp commands: how MCP servers are called.
	mcpCred string
	// noBrowser is mcp login --no-browser.
	noBrowser bool
	// sandboxLogins keeps the sandbox's MCP logins for the run.
	sandboxLogins memSecrets
	lang          string
	timeout       time.Duration
	verbose       bool
	jqExpr        string
	collection    string    // --collection: the saved requests' folder
	jq            *jqFilter // --jq, compiled

	planner *client.Planner
	// tap sits under every request of the run: -v logs through it, --dry-run stops there.
	tap *wiretap.Tap
	// seenNow: names this run saw, for shell completion (completion.go).
	seenNow *seenNames
	// toldToken: the refused bk_token was reported once this run.
	toldToken bool
	// tokenEnv, secretEnv, personalEnv: the environment variables the bk_token, the app secret
	// and the personal token came from ("" for the keyring's): a refused one is replaced
	// there, not by a login.
	tokenEnv, secretEnv, personalEnv string
	// ephemeral: the sandbox lives only as long as this command.
	ephemeral bool
	// serverMu guards the in-process sandbox: the console may start one from a command.
	serverMu sync.Mutex
	servers  []*http.Server
}

// L is the language of messages.
func (a *App) L() i18n.Lang { return i18n.Detect(a.lang) }

// langAfterMistake reads a --lang that pflag did not reach: it stops at an unknown flag or a
// bad value, and the line saying so would be in the environment's language, not the one asked.
func (a *App) langAfterMistake() {
	for i := 0; a.lang == "" && i < len(a.argv) && a.argv[i] != "--"; i++ {
		if v, ok := strings.CutPrefix(a.argv[i], "--lang="); ok {
			a.lang = v
		} else if a.argv[i] == "--lang" && i+1 < len(a.argv) {
			a.lang = a.argv[i+1]
		}
	}
	if a.lang != "en" && a.lang != "zh" {
		a.lang = ""
	}
}

// T translates a catalog key.
func (a *App) T(key string, args ...any) string { return i18n.T(a.L(), key, args...) }

// label is a catalog label before its value, punctuated in the reader's language.
func (a *App) label(key string) string { return i18n.Label(a.L(), a.T(key)) }

func (a *App) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "bkconsole",
		Short:         "A terminal developer console for the BlueKing API Gateway",
		Long:          "bkconsole: find gateway APIs, read their docs, check and apply for permissions,\nfire test requests and copy curl or Python snippets, from the terminal.\n\nWith no subcommand it opens the full-screen console.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          unknownWord,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runTUI(cmd.Context())
		},
	}
	// Help, --version and shell completion write to the app's streams, not the process's.
	root.SetOut(a.Stdout)
	root.SetErr(a.Stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		a.langAfterMistake()
		if fix := misplacedFlag(root, c, a.argv, err); fix != "" {
			return &flagError{usageErr("%s", a.T("cli.flag_after_command", fix))}
		}
		if typed, ok := strings.CutPrefix(err.Error(), "unknown flag: "); ok && kindFlags[c.CommandPath()+" "+typed] != "" {
			return &flagError{usageErr("%s", a.T(kindFlags[c.CommandPath()+" "+typed]))}
		}
		return &flagError{withNearFlags(c, err)}
	})
	// The global flags are checked before any command runs: a bad value is a usage error.
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		a.completingInChinese(cmd)
		if a.lang != "" && a.lang != "en" && a.lang != "zh" {
			return a.badLang(cmd)
		}
		if cmd.Flags().Changed("timeout") && a.timeout <= 0 {
			return usageErr("%s", a.T("cli.bad_timeout", a.timeout))
		}
		if err := a.checkPositiveFlags(cmd); err != nil {
			return err
		}
		if err := a.checkValueFlags(cmd); err != nil {
			return err
		}
		return a.applyJQFlag(cmd)
	}
	root.Version = versionString()
	root.SetVersionTemplate("{{.Version}}\n")
	pf := root.PersistentFlags()
	pf.BoolVar(&a.useSandbox, "sandbox", false, "run against an embedded sandbox with demo credentials (no login, no keyring)")
	pf.StringVar(&a.profile, "profile", "", "profile to use (default: the active one)")
	pf.StringVar(&a.lang, "lang", "", "UI language: en or zh (default: profile, then LANG)")
	pf.DurationVar(&a.timeout, "timeout", 0, "request timeout (default 15s)")
	pf.StringVar(&a.collection, "collection", "", "the saved requests' folder (default: $BKCONSOLE_COLLECTION, else the XDG data directory)")
	pf.StringVar(&a.jqExpr, "jq", "", "filter the JSON output (or a call's JSON body) with a jq expression, as gh api --jq")
	pf.BoolVarP(&a.verbose, "verbose", "v", false, "print each request (secrets masked) and its answer's status and headers to stderr")
	root.AddCommand(a.gatewaysCommand(), a.gatewayCommand(), a.apisCommand(), a.docCommand(), a.sdksCommand(),
		a.sandboxCommand(), a.loginCommand(), a.logoutCommand(), a.profilesCommand(), a.authCommand(),
		a.permsCommand(), a.applyCommand(), a.renewCommand(), a.recordsCommand(),
		a.callCommand(), a.snippetCommand(), a.traceCommand(), a.mcpCommand(), a.componentsCommand(),
		a.requestsCommand(), a.varsCommand())
	a.addCompletions(root)
	a.localizeHelp(root)
	strictHelp(root)
	// cobra's completion command prints its help and exits 0 for a shell it does not know.
	root.InitDefaultCompletionCmd()
	if comp, _, err := root.Find([]string{"completion"}); err == nil && comp != root {
		comp.Args = cobra.NoArgs
		comp.RunE = func(cmd *cobra.Command, args []string) error {
			return usageErr("%s", a.T("cli.completion_shells"))
		}
	}
	// cobra's argument validators return plain errors: mark them as usage errors.
	for _, c := range root.Commands() {
		wrapArgs(c)
	}
	return root
}

// wrapArgs marks cobra's argument errors as usage errors, in c and every command below it. A
// group of commands (mcp, components, …) shows its help when called alone and refuses a word
// it does not know (cobra would show the help and exit 0 for a mistyped subcommand).
func wrapArgs(c *cobra.Command) {
	if c.HasSubCommands() && c.Run == nil && c.RunE == nil {
		c.Args = unknownWord
		c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	}
	if c.Args != nil {
		orig := c.Args
		c.Args = func(cmd *cobra.Command, args []string) error {
			err := orig(cmd, args)
			switch {
			case err == nil:
				return nil
			case !cmd.HasSubCommands() && strings.HasPrefix(err.Error(), "unknown command"):
				// cobra.NoArgs on a command that has no commands: a word it takes none of.
				return usageError{extraWord{cmd.CommandPath(), args}}
			}
			return usageError{err}
		}
	}
	for _, sub := range c.Commands() {
		wrapArgs(sub)
	}
}

// extraWord is a word given to a command that takes none: said as cobra counts arguments
// (the line then ends with the usage), never "unknown command" of a command that has none.
type extraWord struct {
	path string
	args []string
}

func (e extraWord) Error() string { return fmt.Sprintf("accepts 0 arg(s), received %d", len(e.args)) }

// extraWordHints say, per command, what a word given to it was likely meant as: a profile's
// name for login and logout, a gateway's for gateways.
var extraWordHints = map[string]string{"login": "cli.profile_by_flag", "logout": "cli.profile_by_flag", "gateways": "cli.one_gateway"}

// unknownWord refuses a word that the root or a group of commands does not know, offering the
// commands most like it ("did you mean gateways?"): cobra.NoArgs said only that it is unknown.
func unknownWord(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return nearNames{fmt.Errorf("unknown command %q for %q", args[0], cmd.CommandPath()), nearest(args[0], names)}
}

// positiveFlags must be above zero when given, with the sentence that says so: --wait-max 0
// (every kind's records and apply) ended the wait before the first look with Go's "context
// deadline exceeded", and --expiring-within 0 read as no filter at all.
var positiveFlags = map[string]string{"wait-max": "cli.bad_wait_max", "expiring-within": "perm.bad_within"}

func (a *App) checkPositiveFlags(cmd *cobra.Command) error {
	for name, key := range positiveFlags {
		f := cmd.Flags().Lookup(name)
		if f == nil || !f.Changed {
			continue
		}
		v := f.Value.String()
		d, derr := time.ParseDuration(v)
		n, nerr := strconv.Atoi(v)
		if derr == nil && d <= 0 || nerr == nil && n <= 0 {
			return usageErr("%s", a.T(key, v))
		}
	}
	return nil
}

// kindFlags are flags of one kind's command that another kind's does not take, with why: an MCP
// server's permission never expires, so mcp apply --days is said as such, not as a typo.
var kindFlags = map[string]string{"bkconsole mcp apply --days": "mcp.no_days"}

// valueFlags name something to act on, so an empty value (a script's unset variable) is refused:
// it did something else without a word — --save "" sent the request and saved nothing,
// --message "" sent the model an empty body, --write "" printed the config instead of writing
// it, --from-curl "" sent an empty request, --collection "" used the default folder, --stage ""
// called prod, --profile "" used the active profile, --jq "" printed a table in place of JSON.
var valueFlags = []string{"save", "message", "from-curl", "write", "collection", "stage", "profile", "jq"}

func (a *App) checkValueFlags(cmd *cobra.Command) error {
	for _, name := range valueFlags {
		if f := cmd.Flags().Lookup(name); f != nil && f.Changed && strings.TrimSpace(f.Value.String()) == "" {
			return usageErr("%s", a.T("cli.empty_value", name))
		}
	}
	return nil
}

// Close stops an in-process sandbox.
func (a *App) Close() {
	a.serverMu.Lock()
	servers := a.servers
	a.servers = nil
	a.serverMu.Unlock()
	for _, srv := range servers {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = srv.Shutdown(ctx)
		cancel()
	}
}

// stateDir is where bkconsole keeps state (history, crash reports, the running sandbox's
// address): $XDG_STATE_HOME/bkconsole, or each system's own place (github.com/adrg/xdg).
func stateDir() string { return filepath.Join(xdg.StateHome, "bkconsole") }

// startSandbox serves an in-process sandbox on a loopback port.
func (a *App) startSandbox(opts sandbox.Options, addr string) (string, error) {
	opts.Notice = func(key string, args ...any) { a.notice("bkconsole: %s", a.T(key, args...)) }
	sb, err := sandbox.New(opts)
	if err != nil {
		return "", err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	srv := &http.Server{Handler: sb, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	a.serverMu.Lock()
	a.servers = append(a.servers, srv)
	a.serverMu.Unlock()
	return "http://" + ln.Addr().String(), nil
}

// sandboxConfig is the demo app's profile for a sandbox at base.
func sandboxConfig(base string) client.Config {
	u := sandbox.URLsFor(base)
	return client.Config{HelpCenterURL: u.HelpCenterURL, DeveloperCenterURL: u.DeveloperCenterURL, APIURLTmpl: u.APIURLTmpl, ComponentAPIURL: u.ComponentAPIURL,
		AppCode: sandbox.DemoAppCode, AppSecret: sandbox.DemoAppSecret, BkToken: sandbox.DemoBkToken,
		PersonalToken: sandbox.PersonalTokens["valid"], PersonalTokenExpires: time.Now().Add(sandbox.PersonalTokenLifetime).UTC(),
		Username: sandbox.DemoUsername, Stages: []string{"prod", "test"}}
}

// Planner resolves the configuration once per run: sandbox, profile, environment.
func (a *App) Planner() (*client.Planner, error) {
	if a.planner != nil {
		return a.planner, nil
	}
	cfg, err := a.resolveConfig()
	if err != nil {
		return nil, err
	}
	if a.timeout > 0 {
		cfg.Timeout = a.timeout
	}
	if cfg.Lang == "" {
		cfg.Lang = string(a.L())
	}
	a.tap = &wiretap.Tap{}
	if a.verbose {
		a.tap.Log = a.Stderr
	}
	cfg.Wrap = a.tap.Wrap
	p, err := a.newPlanner(cfg, a.loginsOf)
	if err != nil {
		return nil, err
	}
	a.planner = p
	return p, nil
}

// sandboxPlanner is the sandbox of this run: a running `bkconsole sandbox serve` when there is
// one (so runs chain: a snippet or a request id of one run works in the next), else one in
// this process, sharing its state file with the other runs.
func (a *App) sandboxPlanner() (client.Config, error) {
	if base := findRunningSandbox(); base != "" {
		return sandboxConfig(base), nil
	}
	base, err := a.startSandbox(sandbox.Options{StateFile: filepath.Join(stateDir(), "sandbox-state.json")}, "127.0.0.1:0")
	if err != nil {
		return client.Config{}, err
	}
	a.ephemeral = true
	return sandboxConfig(base), nil
}

// describeError is the one line a failed command prints: what happened, the meaning and fix
// from the spec's tables, and the request id.
func (a *App) describeError(err error) string { return "bkconsole: " + a.describeCause(err) }

// describeCause is describeError without the program's name. Server text in it is stripped of
// terminal controls.
func (a *App) describeCause(err error) string {
	var dmg *keystore.DamagedError
	if errors.As(err, &dmg) {
		return a.damaged(dmg)
	}
	return a.present(err).Line(a.L())
}

// present is client.Present with what the command line adds: a timeout chosen with --timeout is
// the user's to lengthen, not the server's to wait out ("try again later" said the opposite).
func (a *App) present(err error) client.Presentation {
	p := client.Present(err, a.L())
	var fc fixCommand
	switch {
	case errors.As(err, &fc):
		p.Hint = a.T(fc.key, fc.command)
	case a.timeout > 0 && p.Code == "net.timeout":
		p.Hint = a.T("fix.timeout_flag", a.timeout)
	case p.Fix == client.FixSecret && a.secretEnv != "":
		p.Hint = a.T("fix.secret_env", a.secretEnv)
	case p.Fix == client.FixToken && a.tokenEnv != "":
		p.Hint = a.T("fix.token_env", a.tokenEnv)
	case p.Fix == client.FixRenewPersonalToken && a.personalEnv != "":
		p.Hint = a.T("fix.renew_personal_token_env", a.personalEnv)
	}
	return p
}

// fixCommand is an error whose fix is one exact command line, its names filled in (the apply
// command for the API, server or component refused): the error's line says it in place of the
// fix's general words, and --json's hint carries it (it was a line of its own before the error).
type fixCommand struct {
	error
	key, command string // the sentence ("to apply: %s") and the command
}

func (f fixCommand) Unwrap() error { return f.error }

// damaged words a config file that cannot be read in the UI language: the file, where, why.
func (a *App) damaged(d *keystore.DamagedError) string {
	cause := untrusted.Line(d.Err.Error())
	if bt := (*keystore.BadTimeoutError)(nil); errors.As(d.Err, &bt) {
		cause = a.T("config.bad_timeout", untrusted.Line(bt.Value))
	}
	var se *json.SyntaxError
	if d.Line > 0 && errors.As(d.Err, &se) { // the parser's words, in the reader's language
		p := client.JSONProblemAt(se.Error(), d.Line, d.Col)
		return a.T("config.damaged", untrustedPath(d.Path), untrusted.Line(a.T(p.Key, p.Args...)))
	}
	if d.Line > 0 {
		return a.T("config.damaged_at", untrustedPath(d.Path), d.Line, d.Col, cause)
	}
	return a.T("config.damaged", untrustedPath(d.Path), cause)
}

// cmdBase is what every command's options hold besides their flags: the app the command runs
// in (its streams, configuration and secret store) and its arguments.
type cmdBase struct {
	app  *App
	args []string
}

func (b *cmdBase) setArgs(args []string) { b.args = args }

func (b *cmdBase) base() *cmdBase { return b }

// newCommand makes c run the options o (a runner, or a plannerRunner that gets the context and
// the planner ready): o learns the app now and its arguments when the command runs. The caller
// binds the flags to o's fields.
func (a *App) newCommand(o interface{ base() *cmdBase }, c *cobra.Command) *cobra.Command {
	o.base().app = a
	switch r := o.(type) {
	case plannerRunner:
		c.RunE = runPlanned(r)
	case runner:
		c.RunE = runE(r)
	default:
		panic(fmt.Sprintf("%T runs nothing", o)) // a programming error, met by every test that builds the commands
	}
	return c
}

// runner is a command's options that run by themselves.
type runner interface {
	setArgs([]string)
	run(*cobra.Command) error
}

// runE is a command's RunE: it fills the options with the arguments and runs them (the flags
// were bound to the options' fields when the command was made).
func runE(o runner) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		o.setArgs(args)
		return o.run(cmd)
	}
}

// begin is what a command that talks to the gateway starts with: a context that ends on
// ctrl+c, and the run's planner.
func (a *App) begin(cmd *cobra.Command) (context.Context, context.CancelFunc, *client.Planner, error) {
	ctx, cancel := commandContext(cmd)
	p, err := a.Planner()
	return ctx, cancel, p, err
}

// commandContext gives a command a context that ends on ctrl+c (its cause errInterrupted, and
// interrupted set first, so runApp reports the stop rather than the error it became) and, when
// --timeout is given, when the whole command has run that long (retries, pages and checks
// included). A command that waits on purpose (--wait, --wait-max) gets its wait on top. ctrl+c
// no longer ends the process while this context lives: a read of the terminal goes through
// untilDone, so that it ends too.
func commandContext(cmd *cobra.Command) (context.Context, context.CancelFunc) {
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithCancelCause(ctx)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	go func(done <-chan struct{}) { // ctx itself is reassigned below
		select {
		case <-sig:
			interrupted.Store(true)
			cancel(errInterrupted)
		case <-done:
		}
	}(ctx.Done())
	stop := func() { signal.Stop(sig); cancel(nil) }
	f := cmd.Flags().Lookup("timeout")
	if f == nil || !f.Changed {
		return ctx, stop
	}
	d, err := time.ParseDuration(f.Value.String())
	if err != nil || d <= 0 {
		return ctx, stop
	}
	waitOf := func(name string) time.Duration {
		w := cmd.Flags().Lookup(name)
		if w == nil || w.Value.Type() != "duration" {
			return 0
		}
		v, _ := time.ParseDuration(w.Value.String())
		return v
	}
	d += waitOf("wait") // trace --wait D
	if cmd.Flags().Changed("wait") {
		d += waitOf("wait-max") // records ID --wait [--wait-max D]
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, d)
	return ctx, func() { cancelTimeout(); stop() }
}

// dryRunFlag adds --dry-run to a command that writes.
func dryRunFlag(c *cobra.Command, v *bool) {
	c.Flags().BoolVar(v, "dry-run", false, "print the exact request (secrets masked) and send nothing")
}

// printDryRun shows the request a dry run stopped: on stdout, as JSON with --json.
func (a *App) printDryRun(err error, via client.Surface, asJSON bool) error {
	var d *wiretap.DryRun
	if !errors.As(err, &d) {
		return err
	}
	if asJSON {
		return a.writeJSON(map[string]any{"dry_run": true, "surface": via, "request": d})
	}
	d.Write(a.Stdout)
	switch via {
	case client.SurfaceCall:
		a.notice("bkconsole: %s", a.T("cli.dry_run_call", "bkconsole snippet --secrets inline"))
	case "": // a component's call, which no surface of the gateway's contract names
		a.notice("bkconsole: %s", a.T("cli.dry_run_call", "bkconsole components snippet --secrets inline"))
	default:
		a.notice("bkconsole: %s", a.T("cli.dry_run", surfaceName(a, via)))
	}
	return nil
}

func (a *App) notice(format string, args ...any) {
	fmt.Fprintf(a.Stderr, format+"\n", args...)
}

// versionString is the version, commit and build date, from the build info Go records.
func versionString() string {
	v, commit, date, dirty := client.Version, "", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = strings.TrimSuffix(strings.TrimPrefix(bi.Main.Version, "v"), "+dirty")
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.time":
				date = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	out := "bkconsole " + v
	if commit != "" {
		if len(commit) > 12 {
			commit = commit[:12]
		}
		if dirty {
			commit += "-dirty"
		}
		out += " (commit " + commit
		if date != "" {
			out += ", built from " + date
		}
		out += ")"
	}
	return out + " " + runtime.Version()
}

// plannerRunner is a command that talks to the installation: it runs with the command's
// context (ended by ctrl+c and --timeout) and the planner ready.
type plannerRunner interface {
	setArgs([]string)
	appOf() *App
	runWith(context.Context, *client.Planner) error
}

func (b *cmdBase) appOf() *App { return b.app }

// validator is a command's options that check their arguments and flags before anything is
// read or sent: a usage error (exit 2) comes before a missing login.
type validator interface{ validate() error }

// runPlanned is the RunE of a plannerRunner.
func runPlanned(o plannerRunner) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		o.setArgs(args)
		if v, ok := o.(validator); ok {
			if err := v.validate(); err != nil {
				return err
			}
		}
		ctx, cancel, p, err := o.appOf().begin(cmd)
		defer cancel()
		if err != nil {
			return err
		}
		return o.runWith(ctx, p)
	}
}
