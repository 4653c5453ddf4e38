// Package history keeps the requests a user sent, without secrets, in the state directory:
// bounded, newest first, written atomically.
package history

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/bkconsole/bkconsole/client"
)

// Limit is how many requests are kept.
const Limit = 200

// Entry is one sent request. It never holds X-Bkapi-Authorization or a secret: the auth is
// kept as "app" or "app+user" and filled from the profile when reopened.
type Entry struct {
	Time       time.Time         `json:"time"`
	Gateway    string            `json:"gateway"`
	Stage      string            `json:"stage"`
	Resource   string            `json:"resource,omitempty"`
	Method     string            `json:"method"`
	Path       string            `json:"path"`
	PathParams map[string]string `json:"path_params,omitempty"`
	Query      []client.KV       `json:"query,omitempty"`
	Headers    []client.KV       `json:"headers,omitempty"`
	Body       string            `json:"body,omitempty"`
	WithUser   bool              `json:"with_user,omitempty"`
	Status     int               `json:"status,omitempty"`
	RequestID  string            `json:"request_id,omitempty"`
	DurationMS int64             `json:"duration_ms,omitempty"`
}

// sensitiveHeaders are dropped before anything is written.
var sensitiveHeaders = []string{"x-bkapi-authorization", "authorization", "cookie", "x-csrftoken"}

// Clean drops headers that may carry secrets.
func Clean(hs []client.KV) []client.KV {
	var out []client.KV
	for _, h := range hs {
		drop := false
		for _, s := range sensitiveHeaders {
			drop = drop || strings.EqualFold(h.Key, s)
		}
		if !drop {
			out = append(out, h)
		}
	}
	return out
}

// Store is the history file.
type Store struct {
	Path string
	mu   sync.Mutex
}

// List reads the history, newest first; a missing file is an empty history.
func (s *Store) List() ([]Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.read()
}

func (s *Store) read() ([]Entry, error) {
	b, err := os.ReadFile(s.Path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var es []Entry
	if err := json.Unmarshal(b, &es); err != nil {
		return nil, nil // a damaged history is started over rather than blocking requests
	}
	return es, nil
}

// Add puts an entry first and keeps at most Limit.
func (s *Store) Add(e Entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e.Headers = Clean(e.Headers)
	es, _ := s.read()
	es = append([]Entry{e}, es...)
	if len(es) > Limit {
		es = es[:Limit]
	}
	b, err := json.MarshalIndent(es, "", " ")
	if err != nil {
		return err
	}
	return writeAtomic(s.Path, b)
}

func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".history-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// Request rebuilds the call request of an entry.
func (e Entry) Request() client.CallRequest {
	return client.CallRequest{Gateway: e.Gateway, Stage: e.Stage, Method: e.Method, Path: e.Path, PathParams: e.PathParams,
		Query: e.Query, Headers: e.Headers, Body: []byte(e.Body), WithUser: e.WithUser}
}
