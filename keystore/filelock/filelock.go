// Package filelock serialises read-modify-write of a local file between bkconsole processes
// (twenty concurrent runs must not lose each other's profile or history entry). It locks a
// sibling file, PATH.lock, so the data file itself can still be replaced atomically by rename.
package filelock

import (
	"errors"
	"os"
	"path/filepath"
	"time"
)

// Wait bounds how long a run waits for another to finish its write.
var Wait = 10 * time.Second

// ErrTimeout is returned when another run held the lock for longer than Wait.
var ErrTimeout = errors.New("another bkconsole run holds the lock")

// With runs fn while holding the exclusive lock of path.
func With(path string, fn func() error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	deadline := time.Now().Add(Wait)
	for delay := time.Millisecond; ; delay = min(delay*2, 50*time.Millisecond) {
		ok, err := tryLock(f)
		if err != nil {
			return err
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			return ErrTimeout
		}
		time.Sleep(delay)
	}
	defer unlock(f)
	return fn()
}
