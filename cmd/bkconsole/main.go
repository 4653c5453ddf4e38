// Command bkconsole is a terminal developer console for the BlueKing API Gateway.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/bkconsole/bkconsole/client"
	"github.com/spf13/cobra"
)

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ error }

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	app := &App{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin}
	root := app.rootCommand()
	root.SetArgs(args)
	err := root.Execute()
	defer app.Close()
	if err == nil {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		fmt.Fprintln(app.Stderr, "bkconsole:", err)
		return 2
	}
	if errors.As(err, new(silentExit)) {
		return 1
	}
	var in *client.ErrUserInput
	if errors.As(err, &in) {
		// Refused before sending: the user's input breaks a rule of the contract.
		fmt.Fprintln(app.Stderr, app.describeError(err))
		return 2
	}
	fmt.Fprintln(app.Stderr, app.describeError(err))
	return 1
}

// isCobraUsage recognises cobra's own argument and flag errors.
func isCobraUsage(err error) bool {
	var fe *flagError
	return errors.As(err, &fe)
}

type flagError struct{ err error }

func (f *flagError) Error() string { return f.err.Error() }

func usageErr(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

var _ = cobra.Command{}
