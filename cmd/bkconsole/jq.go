package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/itchyny/gojq"
	"github.com/spf13/cobra"
)

// jqFilter is --jq's expression, compiled once: what a command prints as JSON goes through it,
// as `gh api --jq` does (a string result prints raw, anything else as indented JSON).
type jqFilter struct {
	code *gojq.Code
}

// jqOnBody marks a command whose --jq reads the answer's body, not its --json envelope.
const jqOnBody = "jq-on-body"

// parseJQ compiles an expression; a mistake is a usage error that points at where it is.
func parseJQ(expr string) (*jqFilter, error) {
	q, err := gojq.Parse(expr)
	if err != nil {
		var pe *gojq.ParseError
		if errors.As(err, &pe) {
			at := min(max(pe.Offset-len(pe.Token), 0), len(expr))
			return nil, usageErr("--jq: %v at position %d: %s⟨here⟩%s", err, len([]rune(expr[:at]))+1, expr[:at], expr[at:])
		}
		return nil, usageErr("--jq: %v", err)
	}
	code, err := gojq.Compile(q)
	if err != nil {
		return nil, usageErr("--jq: %v", err)
	}
	return &jqFilter{code}, nil
}

// applyJQFlag checks --jq before the command runs. A command that prints --json then prints it
// through the filter (as if --json were given); one whose body is the output (call, requests
// run) filters the body; any other has nothing to filter.
func (a *App) applyJQFlag(cmd *cobra.Command) error {
	if a.jqExpr == "" {
		return nil
	}
	f, err := parseJQ(a.jqExpr)
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
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber() // large ids keep every digit
	var v any
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("--jq: the output is not JSON: %w", err)
	}
	iter := f.code.Run(v)
	for {
		x, ok := iter.Next()
		if !ok {
			return nil
		}
		if err, isErr := x.(error); isErr {
			var he *gojq.HaltError
			if errors.As(err, &he) && he.Value() == nil {
				return nil
			}
			return fmt.Errorf("--jq: %w", err)
		}
		if s, isStr := x.(string); isStr {
			if _, err := fmt.Fprintln(w, s); err != nil {
				return err
			}
			continue
		}
		if err := writeJSON(w, x); err != nil {
			return err
		}
	}
}
