// Package jqfilter runs jq expressions (github.com/itchyny/gojq) over JSON, for --jq on the
// command line and the console's filter on a response: one way to parse, point at a mistake
// and print results, as `gh api --jq` does (a string prints raw, anything else as indented JSON).
package jqfilter

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/itchyny/gojq"
)

// Filter is a compiled expression.
type Filter struct{ code *gojq.Code }

// SyntaxError is a mistake in an expression and where it is (Position counts runes from 1).
type SyntaxError struct {
	Expr     string
	Position int
	Before   string // the expression up to the mistake
	Err      error
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%v at position %d: %s⟨here⟩%s", e.Err, e.Position, e.Before, e.Expr[len(e.Before):])
}

func (e *SyntaxError) Unwrap() error { return e.Err }

// EvalError is the filter failing on the document it was given (".a" of an array, say), as
// gojq words it.
type EvalError struct{ Err error }

func (e *EvalError) Error() string { return e.Err.Error() }
func (e *EvalError) Unwrap() error { return e.Err }

// Message says what went wrong with an expression in lang: where a syntax mistake is, or that
// the filter failed on the document; gojq's own words follow, as it said them.
func Message(err error, lang i18n.Lang) string {
	var se *SyntaxError
	var ee *EvalError
	switch {
	case errors.As(err, &se):
		return i18n.T(lang, "jq.syntax", se.Position, se.Before+"⟨"+i18n.T(lang, "jq.here")+"⟩"+se.Expr[len(se.Before):], se.Err.Error())
	case errors.As(err, &ee):
		return i18n.T(lang, "jq.failed", ee.Err.Error())
	}
	return err.Error()
}

// Parse compiles an expression.
func Parse(expr string) (*Filter, error) {
	q, err := gojq.Parse(expr)
	if err != nil {
		var pe *gojq.ParseError
		if errors.As(err, &pe) {
			at := min(max(pe.Offset-len(pe.Token), 0), len(expr))
			return nil, &SyntaxError{Expr: expr, Position: len([]rune(expr[:at])) + 1, Before: expr[:at], Err: err}
		}
		return nil, err
	}
	code, err := gojq.Compile(q)
	if err != nil {
		return nil, err
	}
	return &Filter{code}, nil
}

// Decode reads one JSON document; numbers keep every digit (large ids).
func Decode(doc []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// ErrTooLong: the results passed the limit given to Run; what fit was written.
var ErrTooLong = errors.New("the results are longer than can be shown")

// Run writes the results of the filter on v, each on its own lines, until ctx ends or limit
// bytes (0: no limit) are written.
func (f *Filter) Run(ctx context.Context, w io.Writer, v any, limit int) error {
	iter := f.code.RunWithContext(ctx, v)
	n := 0
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
			return &EvalError{err}
		}
		var out []byte
		if s, isStr := x.(string); isStr {
			out = []byte(s + "\n")
		} else {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			if err := enc.Encode(x); err != nil {
				return err
			}
			out = buf.Bytes()
		}
		if limit > 0 && n+len(out) > limit {
			w.Write(out[:limit-n])
			return ErrTooLong
		}
		if _, err := w.Write(out); err != nil {
			return err
		}
		n += len(out)
	}
}
