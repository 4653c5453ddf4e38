//go:build !unix

package filelock

import "os"

// Elsewhere an exclusive create of a marker file stands in for flock.
func tryLock(f *os.File) (bool, error) {
	m, err := os.OpenFile(f.Name()+".held", os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if os.IsExist(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, m.Close()
}

func unlock(f *os.File) { _ = os.Remove(f.Name() + ".held") }
