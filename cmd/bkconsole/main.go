// Command bkconsole is a terminal developer console for the BlueKing API Gateway.
package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/spf13/cobra"

	// First of all: settle the terminal's background within 100 ms, before Bubble Tea's init
	// would ask and wait 5 s in a terminal that never answers.
	_ "github.com/bkconsole/bkconsole/tui/termbg"
)

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ error }

func (u usageError) Unwrap() error { return u.error } // a mistyped command's nearest names

func main() {
	os.Exit(run(os.Args[1:]))
}

// Exit codes, the same in every command and in both output modes (README, "Exit codes").
const (
	ExitOK       = 0
	ExitFailed   = 1 // the server refused or failed, or the outcome is unknown
	ExitUsage    = 2 // unknown command, bad flag or value, unknown gateway or API named on the command line
	ExitPending  = 3 // not decided yet: a wait ran out
	ExitRejected = 4 // records ID --wait: the application was rejected
	ExitPartial  = 5 // records ID --wait: partly approved
	// ExitInterrupted: ctrl+c (SIGINT) stopped the command, as a shell reports it (128 + 2).
	ExitInterrupted = 130
)

// exitCode ends a command with a code of its own and, when msg is set, one line.
type exitCode struct {
	code int
	msg  string
}

func (e exitCode) Error() string { return e.msg }

func run(args []string) int {
	return runApp(&App{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin}, args)
}

// runApp runs one command line with the app's streams and secret store: in-process tests give
// it buffers and go-keyring's mock.
func runApp(app *App, args []string) int {
	out := &outputWriter{w: app.Stdout}
	app.Stdout = out
	root := app.rootCommand()
	root.SetArgs(args)
	app.argv = args
	interrupted.Store(false)
	cmd, err := root.ExecuteC()
	defer app.Close()
	app.rememberSeen()
	if we := new(writeError); out.err != nil && !errors.As(err, &we) {
		err = &writeError{out.err} // the output was lost: not a success, whatever else happened
	}
	if err == nil {
		return ExitOK
	}
	if interrupted.Load() { // ctrl+c ended the command's context (commandContext)
		err = app.reportInterrupted(err)
		if isTerminal(app.Stderr) {
			fmt.Fprintln(app.Stderr) // off the line the terminal's ^C (or a prompt) is on
		}
	}
	code, line := app.classify(err)
	if line != "" {
		line += app.suggestion(err) // a name that does not exist: the ones most like it
		line += app.usageTail(cmd, err)
	}
	if code == ExitOK || line == "" && code != ExitUsage {
		return code
	}
	if cmd != nil && jsonWanted(cmd) {
		app.writeErrorJSON(err, code, line)
		return code
	}
	if line != "" {
		fmt.Fprintln(app.Stderr, line)
	}
	return code
}

// classify gives an error its exit code and its one line.
func (a *App) classify(err error) (int, string) {
	var ec exitCode
	if errors.As(err, &ec) {
		if ec.msg == "" {
			return ec.code, ""
		}
		return ec.code, "bkconsole: " + ec.msg
	}
	var ue usageError
	if errors.As(err, &ue) || isCobraUsage(err) || strings.HasPrefix(err.Error(), "unknown command") ||
		strings.HasPrefix(err.Error(), "unknown flag") || strings.HasPrefix(err.Error(), "unknown shorthand flag") {
		return ExitUsage, "bkconsole: " + untrusted.Line(a.usageInLanguage(err.Error()))
	}
	if errors.As(err, new(silentExit)) {
		return ExitFailed, ""
	}
	var in *client.ErrUserInput
	if errors.As(err, &in) {
		// Refused before sending: the user's input breaks a rule of the contract; where a flag
		// gives what is missing, the line names it (the console has a field for it instead).
		if fix := a.commandLineFix(err); fix != "" {
			return ExitUsage, a.describeError(err) + " — " + fix
		}
		return ExitUsage, a.describeError(err)
	}
	var nf *client.ErrNotFound
	if errors.As(err, &nf) {
		return ExitUsage, a.describeError(err)
	}
	if line, ok := a.collectionError(err); ok {
		return ExitUsage, line
	}
	if fix := a.commandLineFix(err); fix != "" {
		return ExitFailed, a.describeError(err) + " — " + fix
	}
	var ce *client.ConfigError
	if errors.As(err, &ce) {
		// A setting that cannot work: a configuration error naming it, nothing was sent.
		return ExitUsage, "bkconsole: " + a.T("config.bad", ce.Var, untrusted.Line(ce.Value), a.T(ce.Reason))
	}
	return ExitFailed, a.describeError(err)
}

// inputFlags name, per refused input, the flag that gives what is missing.
var inputFlags = map[string]string{"input.missing_path_param": "cli.give_path_param", "input.empty_reason": "cli.give_reason"}

// commandLineFix is the fix the command line gives where the error's own is the console's or
// none: the flag that gives a missing input, the login of a first run ("add what is missing to
// the profile" named none), what a word given to a command that takes none was meant as. The
// line ends with it and --json's hint is it.
func (a *App) commandLineFix(err error) string {
	var in *client.ErrUserInput
	if errors.As(err, &in) {
		if flag, ok := inputFlags[in.Key]; ok {
			return a.T(flag)
		}
	}
	var un *client.ErrUnavailable
	if errors.As(err, &un) && a.withoutProfile {
		return a.T("fix.first_login")
	}
	return a.extraWordHint(err)
}

// jsonWanted tells whether the command was asked for JSON: then an error is JSON too.
func jsonWanted(cmd *cobra.Command) bool {
	f := cmd.Flags().Lookup("json")
	return f != nil && f.Changed
}

// writeErrorJSON is the error contract of --json: one object on stderr.
func (a *App) writeErrorJSON(err error, code int, line string) {
	p := a.present(err)
	hint := cmp.Or(a.commandLineFix(err), p.Hint)
	e := map[string]any{
		"code":       p.Code,
		"message":    strings.TrimPrefix(line, "bkconsole: "),
		"hint":       hint,
		"request_id": p.RequestID,
		"surface":    string(p.Surface),
		"exit_code":  code,
	}
	var un *client.ErrUnavailable
	if errors.As(err, &un) {
		e["ways"] = un.Unlock() // what unlocks it: each way needed whole, any one will do
	}
	switch {
	case p.Code != "":
	case code == ExitUsage:
		e["code"] = "usage" // the command line itself: an argument or flag
	case code == ExitInterrupted:
		e["code"] = "interrupted"
	default:
		e["code"] = fmt.Sprintf("exit_%d", code)
	}
	b, _ := json.Marshal(map[string]any{"error": e})
	fmt.Fprintln(a.Stderr, string(b))
}

// isCobraUsage recognises cobra's own argument and flag errors.
func isCobraUsage(err error) bool {
	var fe *flagError
	return errors.As(err, &fe)
}

type flagError struct{ err error }

func (f *flagError) Error() string { return f.err.Error() }
func (f *flagError) Unwrap() error { return f.err } // an unknown flag's nearest names

func usageErr(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }
