// Package filelock serialises read-modify-write of a local file between bkconsole processes
// (twenty concurrent runs must not lose each other's profile or history entry). It locks a
// sibling file, PATH.lock, so the data file itself can still be replaced atomically by rename.
//
// The lock is the operating system's (github.com/gofrs/flock: flock on unix, LockFileEx on
// Windows): it ends with the process that held it, so a crash never leaves a lock behind.
package filelock

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// Wait bounds how long a run waits for another to finish its write.
const Wait = 10 * time.Second

// retry is how often a waiting run tries the lock again.
const retry = 5 * time.Millisecond

// ErrTimeout is returned when another run held the lock for longer than Wait.
var ErrTimeout = errors.New("another bkconsole run holds the lock")

// With runs fn while holding the exclusive lock of path.
func With(path string, fn func() error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	l := flock.New(path+".lock", flock.SetPermissions(0o600))
	defer l.Close()
	ctx, cancel := context.WithTimeout(context.Background(), Wait)
	defer cancel()
	ok, err := l.TryLockContext(ctx, retry)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return ErrTimeout
	case err != nil:
		return err
	case !ok:
		return ErrTimeout
	}
	defer l.Unlock()
	return fn()
}
