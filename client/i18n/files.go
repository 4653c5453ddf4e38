package i18n

import (
	"errors"
	"io/fs"
	"os"
	"syscall"

	"github.com/bkconsole/bkconsole/client/untrusted"
)

// FileProblem says why a file could not be read or written, in the reader's language where it
// is a common reason (the system's own words otherwise).
func FileProblem(l Lang, err error) string { return FileReason(err).in(l) }

// FileReason is FileProblem before the language is known: an argument of a message.
func FileReason(err error) Phrase {
	for _, r := range fileReasons {
		if errors.Is(err, r.err) {
			return Phrase{Key: r.key}
		}
	}
	return Phrase{Text: untrusted.Line(err.Error())}
}

var fileReasons = []struct {
	err error
	key string
}{
	{fs.ErrNotExist, "file.not_found"}, {fs.ErrPermission, "file.no_permission"}, {syscall.EISDIR, "file.is_dir"},
	{syscall.ENOTDIR, "file.not_dir"}, {syscall.EROFS, "file.read_only"}, {syscall.ENOSPC, "file.no_space"},
}

// FileWriteProblem says which file could not be written and why (a folder the user chose, as
// --collection or --write name it): the system's "mkdir /proc/x: no such file or directory"
// had been English in every language.
func FileWriteProblem(l Lang, err error) string {
	var pe *fs.PathError
	var le *os.LinkError // a rename's: the file renamed is the one named
	switch {
	case errors.As(err, &pe):
		return T(l, "file.unwritable", untrusted.Line(pe.Path), FileProblem(l, pe.Err))
	case errors.As(err, &le):
		return T(l, "file.unwritable", untrusted.Line(le.Old), FileProblem(l, le.Err))
	}
	return untrusted.Line(err.Error())
}
