package snippet

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/google/renameio/v2/maybe"
)

// MergeError: the client's existing file cannot take the server (not plain JSON, not an
// object, or the client is configured by a command); nothing was written. Err is a
// client.ErrUserInput, said in the reader's language.
type MergeError struct {
	Path string
	Err  error
}

func (e *MergeError) Error() string { return fmt.Sprintf("%s: %v", e.Path, e.Err) }
func (e *MergeError) Unwrap() error { return e.Err }

// WriteMCPConfig merges the server into a client's config file: other servers and settings are
// kept, the old file is copied aside first (its name returned), and the new one replaces it
// atomically (github.com/google/renameio; a plain write where the system has no atomic rename).
// The CLI and the TUI both write through here.
func WriteMCPConfig(path string, c MCPClient, t MCPTarget, now time.Time) (backup string, err error) {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return "", err
	}
	merged, err := MergeMCPConfig(old, c, t)
	if err != nil {
		return "", &MergeError{path, err}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", err
	}
	if len(old) > 0 {
		backup = path + ".bak-" + now.Format("20060102-150405")
		if err := os.WriteFile(backup, old, 0o600); err != nil {
			return "", err
		}
	}
	return backup, maybe.WriteFile(path, merged, 0o600)
}
