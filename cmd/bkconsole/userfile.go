package main

import (
	"context"
	"io"
	"os"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"golang.org/x/term"
)

// readUserFile reads what the user named as input, a file or stdin ("-"): a body, a curl
// command. It is bounded as an answer is (client.MaxBody), and one that cannot be read is a
// usage error in the user's language: nothing was sent.
func (a *App) readUserFile(ctx context.Context, path string) ([]byte, error) {
	name, r := path, io.Reader(a.Stdin)
	if path == "-" {
		name = a.T("file.stdin")
		if f, ok := a.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			a.notice("%s", a.T("file.stdin_terminal")) // not piped: the user types it, and may not know how to end it
		}
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, usageErr("%s", a.T("file.unreadable", name, a.fileProblem(err)))
		}
		defer f.Close()
		r = f
	}
	// A terminal's stdin is read until ctrl-d; ctrl+c ends the wait (the command's context
	// catches the signal, so it would not end the process).
	b, err := untilDone(ctx, func() ([]byte, error) { return io.ReadAll(io.LimitReader(r, client.MaxBody+1)) })
	if cerr := context.Cause(ctx); cerr != nil {
		return nil, cerr
	}
	if err != nil {
		return nil, usageErr("%s", a.T("file.unreadable", name, a.fileProblem(err)))
	}
	if int64(len(b)) > client.MaxBody {
		return nil, usageErr("%s", a.T("file.too_large", name, client.MaxBody>>20))
	}
	return b, nil
}

// fileProblem says why a file could not be read, in the user's language where it is a
// common reason.
func (a *App) fileProblem(err error) string { return i18n.FileProblem(a.L(), err) }

// fileWriteProblem says which file could not be written, and why.
func (a *App) fileWriteProblem(err error) string { return i18n.FileWriteProblem(a.L(), err) }
