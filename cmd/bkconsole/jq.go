package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/jqfilter"
	"github.com/bkconsole/bkconsole/client/untrusted"

	"github.com/spf13/cobra"
)

// jqFilter is --jq's expression, compiled once: what a command prints as JSON goes through it,
// as `gh api --jq` does.
type jqFilter struct {
	f    *jqfilter.Filter
	lang i18n.Lang // what its failures are said in
}

// jqOnBody marks a command whose --jq reads the answer's body, not its --json envelope.
const jqOnBody = "jq-on-body"

// parseJQ compiles an expression; a mistake is a usage error that points at where it is.
func (a *App) parseJQ(expr string) (*jqFilter, error) {
	f, err := jqfilter.Parse(expr)
	if err != nil {
		return nil, usageErr("--jq: %s", jqfilter.Message(err, a.L()))
	}
	return &jqFilter{f, a.L()}, nil
}

// applyJQFlag checks --jq before the command runs. A command that prints --json then prints it
// through the filter (as if --json were given); one whose body is the output (call, requests
// run) filters the body; any other has nothing to filter.
func (a *App) applyJQFlag(cmd *cobra.Command) error {
	if a.jqExpr == "" {
		return nil
	}
	f, err := a.parseJQ(a.jqExpr)
	if err != nil {
		return err
	}
	a.jq = f
	if cmd.Annotations[jqOnBody] != "" {
		return nil
	}
	js := cmd.Flags().Lookup("json")
	if js == nil {
		return usageErr("%s", a.T("cli.jq_no_json", cmd.CommandPath()))
	}
	return js.Value.Set("true")
}

// writeJSON prints v as JSON, through --jq when given.
func (a *App) writeJSON(v any) error {
	if a.jq == nil {
		return writeJSON(a.Stdout, v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return a.jq.run(a.Stdout, b)
}

// run filters one JSON document and prints the results.
func (f *jqFilter) run(w io.Writer, doc []byte) error {
	if len(bytes.TrimSpace(doc)) == 0 { // a HEAD's, a 204's: not broken JSON, none at all
		return fmt.Errorf("--jq: %s", i18n.T(f.lang, "cli.jq_no_body"))
	}
	v, err := jqfilter.Decode(doc)
	if err != nil { // a call's body: where it stops being JSON, in the reader's language
		return fmt.Errorf("--jq: %s", i18n.T(f.lang, "cli.jq_not_json", client.Present(client.CheckJSON(doc), f.lang).Line(f.lang)))
	}
	out := w
	var shown *bytes.Buffer
	if isTerminal(w) { // a raw string result is server text: cleaned for the screen, as a body is
		shown = &bytes.Buffer{}
		out = shown
	}
	if err := f.f.Run(context.Background(), out, v, 0); err != nil {
		var ee *jqfilter.EvalError
		if errors.As(err, &ee) {
			return fmt.Errorf("--jq: %s", jqfilter.Message(err, f.lang))
		}
		return fmt.Errorf("--jq: %w", err) // writing the output failed
	}
	if shown != nil {
		if _, err := io.WriteString(w, untrusted.Text(shown.String())); err != nil {
			return fmt.Errorf("--jq: %w", err)
		}
	}
	return nil
}
