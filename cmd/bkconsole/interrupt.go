package main

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/bkconsole/bkconsole/client"
)

// errInterrupted is the cause of a command context that ctrl+c ended.
var errInterrupted = errors.New("interrupted (ctrl+c)")

// interrupted says ctrl+c ended the command that ran last (runApp clears it before each).
var interrupted atomic.Bool

// reportInterrupted is what a command stopped by ctrl+c reports: that it was stopped, not the
// connection error the cancelled request became ("cannot reach the server … try again later").
// A write or a call whose outcome is unknown keeps its own report (it was sent: the backend may
// have acted on it), as does a wait, which names the record it left.
func (a *App) reportInterrupted(err error) error {
	var ec exitCode
	var unknown *client.OutcomeUnknownError
	if errors.As(err, &unknown) || errors.As(err, &ec) && ec.code == ExitInterrupted {
		return err
	}
	return exitCode{ExitInterrupted, a.T("cli.interrupted")}
}

// untilDone runs a read that cannot be cancelled (a terminal's stdin) until it is done or ctx
// ends (ctrl+c, --timeout): the read, left blocked, ends with the process.
func untilDone[T any](ctx context.Context, read func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := read()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, context.Cause(ctx)
	}
}
