// Package history keeps the requests a user sent, without secrets, in the state directory:
// bounded, newest first, written atomically.
package history

import (
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/keystore/filelock"
)

// Limit is how many requests are kept.
const Limit = 200

// MaxBody is the largest body an entry keeps: a larger one is left out and its size kept
// (BodyOmitted), so the file, read and written whole on every send, stays small (200 bodies of
// 7 MB had made it over a gigabyte).
const MaxBody = 64 << 10

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
	// BodyBytes is a body that is not UTF-8 (a file's bytes), kept as base64: as a JSON string
	// its bytes became U+FFFD, and reopened it sent other bytes than were sent. Body is then "".
	BodyBytes []byte `json:"body_base64,omitempty"`
	// BodyOmitted is the size of a body larger than MaxBody, which the entry does not keep.
	BodyOmitted int    `json:"body_omitted,omitempty"`
	WithUser    bool   `json:"with_user,omitempty"`
	Bearer      bool   `json:"bearer,omitempty"` // sent with the personal token (never the token itself)
	Status      int    `json:"status,omitempty"`
	RequestID   string `json:"request_id,omitempty"`
	DurationMS  int64  `json:"duration_ms,omitempty"`
	// Component: the call was of an ESB component; Gateway is then its system and Resource
	// the component.
	Component bool `json:"component,omitempty"`
	// Refused is the code of a component's answer whose result was false: ESB answers a
	// refusal (no permission, bad arguments) with HTTP 200, which alone reads as success.
	Refused string `json:"refused,omitempty"`
	// MCPTool: the call was of an MCP server's tool; Gateway is then the server, Resource the
	// tool, Body its arguments, ServerID the server's id (to reopen it), Status 200 or 500
	// when the tool said it failed.
	MCPTool  bool `json:"mcp_tool,omitempty"`
	ServerID int  `json:"mcp_server_id,omitempty"`
}

// FromToolCall is the one way an MCP tool call becomes a history entry (CLI and TUI alike).
// err is the call's failure (nothing came back); isError the tool's own.
func FromToolCall(server string, serverID int, tool string, args []byte, isError bool, err error, d time.Duration, at time.Time) Entry {
	e := Entry{Time: at, Gateway: server, ServerID: serverID, Resource: tool, Method: "MCP", MCPTool: true,
		Body: string(args), DurationMS: d.Milliseconds()}
	switch {
	case err != nil:
	case isError:
		e.Status = 500
	default:
		e.Status = 200
	}
	return e
}

// Placeholder replaces a value that looks like a credential.
const Placeholder = "<redacted>"

// sensitiveHeaders are dropped whole before anything is written.
var sensitiveHeaders = []string{"x-bkapi-authorization", "authorization", "proxy-authorization", "cookie", "x-csrftoken"}

// secretWords mark a header, query or JSON key whose value is a credential.
var secretWords = []string{"secret", "token", "password", "passwd", "authorization", "ticket", "credential", "signature", "api_key", "apikey"}

// IsSecretKey tells whether a header, query or body key names a credential.
func IsSecretKey(k string) bool {
	k = strings.ReplaceAll(strings.ToLower(k), "-", "_") // X-Api-Key is api_key
	for _, w := range secretWords {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// Clean drops headers that carry credentials and masks the values of secret-named ones.
func Clean(hs []client.KV) []client.KV {
	var out []client.KV
	for _, h := range hs {
		drop := false
		for _, s := range sensitiveHeaders {
			drop = drop || strings.EqualFold(h.Key, s)
		}
		if drop {
			continue
		}
		if IsSecretKey(h.Key) {
			h.Value = Placeholder
		}
		out = append(out, h)
	}
	return out
}

// cleanQuery masks the values of secret-named query parameters.
func cleanQuery(q []client.KV) []client.KV {
	out := make([]client.KV, 0, len(q))
	for _, kv := range q {
		if IsSecretKey(kv.Key) {
			kv.Value = Placeholder
		}
		out = append(out, kv)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// CleanBody masks secret-named keys anywhere in a JSON body, keeping the rest exactly (numbers
// keep their digits). A body that is not JSON is kept unless it looks like a form with a
// secret-named field, which is masked too.
func CleanBody(body string) string {
	trimmed := strings.TrimSpace(body)
	if trimmed == "" {
		return body
	}
	if json.Valid([]byte(trimmed)) {
		dec := json.NewDecoder(strings.NewReader(trimmed))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) != nil {
			return body
		}
		if !maskJSON(v, 0) {
			return body
		}
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // "<redacted>" reads as itself
		if enc.Encode(v) != nil {
			return Placeholder
		}
		return strings.TrimSuffix(b.String(), "\n")
	}
	if vals, err := url.ParseQuery(trimmed); err == nil && strings.Contains(trimmed, "=") {
		changed := false
		for k := range vals {
			if IsSecretKey(k) {
				vals[k] = []string{Placeholder}
				changed = true
			}
		}
		if changed {
			return vals.Encode()
		}
	}
	return body
}

// maskJSON replaces secret-named values in place; it reports whether it changed anything.
func maskJSON(v any, depth int) bool {
	if depth > 64 {
		return false
	}
	changed := false
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if IsSecretKey(k) {
				t[k] = Placeholder
				changed = true
				continue
			}
			changed = maskJSON(x, depth+1) || changed
		}
	case []any:
		for _, x := range t {
			changed = maskJSON(x, depth+1) || changed
		}
	}
	return changed
}

// Redact is what is written of an entry: no credential in headers, query, path or body.
func Redact(e Entry) Entry {
	e.Headers = Clean(e.Headers)
	e.Query = cleanQuery(e.Query)
	e = e.bounded()
	e.Body = CleanBody(e.Body)
	if len(e.PathParams) > 0 {
		pp := make(map[string]string, len(e.PathParams))
		for k, v := range e.PathParams {
			if IsSecretKey(k) {
				v = Placeholder
			}
			pp[k] = v
		}
		e.PathParams = pp
	}
	return e
}

// Store is the history file. Concurrent runs share it under a file lock.
type Store struct {
	Path string
	// Notice is told, once per store, what the user should know: a damaged file set aside, a
	// write that failed. May be nil.
	Notice func(key string, args ...any)

	mu       sync.Mutex
	writeErr bool
}

// List reads the history, newest first; a missing file is an empty history.
func (s *Store) List() ([]Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var es []Entry
	err := filelock.With(s.Path, func() error {
		var err error
		es, err = s.read()
		return err
	})
	return es, err
}

// read loads the file; a damaged one is renamed aside (never overwritten) and reported.
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
		to := s.Path + ".damaged-" + time.Now().Format("20060102-150405.000")
		if rerr := os.Rename(s.Path, to); rerr != nil {
			return nil, rerr
		}
		s.tell("history.damaged", s.Path, to)
		return nil, nil
	}
	return es, nil
}

func (s *Store) tell(key string, args ...any) {
	if s.Notice != nil {
		s.Notice(key, args...)
	}
}

// Add puts an entry first and keeps at most Limit. A write that fails is reported once to
// Notice (a read-only or full disk must not go unnoticed, nor repeat on every request).
func (s *Store) Add(e Entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e = Redact(e)
	err := filelock.With(s.Path, func() error {
		es, err := s.read()
		if err != nil {
			return err
		}
		es = append([]Entry{e}, es...)
		if len(es) > Limit {
			es = es[:Limit]
		}
		for i := range es {
			es[i] = es[i].bounded() // a file written before the bound shrinks on its next write
		}
		b, err := json.MarshalIndent(es, "", " ")
		if err != nil {
			return err
		}
		return writeAtomic(s.Path, b)
	})
	if err != nil && !s.writeErr {
		s.writeErr = true
		s.tell("history.write_failed", err.Error())
	}
	return err
}

// bounded is the entry without a body larger than MaxBody (its size kept instead).
func (e Entry) bounded() Entry {
	if len(e.Body) > MaxBody || len(e.BodyBytes) > MaxBody {
		e.BodyOmitted = max(len(e.Body), len(e.BodyBytes))
		e.Body, e.BodyBytes = "", nil
	}
	return e
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
		Query: e.Query, Headers: e.Headers, Body: e.body(), WithUser: e.WithUser, Bearer: e.Bearer}
}

// body is the entry's body as it was sent.
func (e Entry) body() []byte {
	if e.BodyBytes != nil {
		return e.BodyBytes
	}
	return []byte(e.Body)
}

// FromCall is the one way a sent call becomes a history entry, in the CLI and the TUI alike:
// the request as the user built it (path template and parameters, so it can be reopened and
// edited), the method that was sent, and what came back. stage is the request's stage, or the
// profile's default when the request named none. Secrets are dropped when the entry is added.
func FromCall(r client.CallRequest, resource, defaultStage string, resp *client.CallResponse, at time.Time) Entry {
	stage := r.Stage
	if stage == "" {
		stage = defaultStage
	}
	e := Entry{Time: at, Gateway: r.Gateway, Stage: stage, Resource: resource, Method: strings.ToUpper(r.Method),
		Path: r.Path, PathParams: r.PathParams, Query: r.Query, Headers: r.Headers, Body: string(r.Body), WithUser: r.WithUser, Bearer: r.Bearer}
	if !utf8.Valid(r.Body) {
		e.Body, e.BodyBytes = "", r.Body
	}
	if len(e.PathParams) == 0 {
		e.PathParams = nil
	}
	if r.Component != nil {
		e.Gateway, e.Resource, e.Component, e.Stage = r.Component.System, r.Component.Name, true, ""
	}
	if resp != nil {
		if resp.SentMethod != "" {
			e.Method = resp.SentMethod
		}
		e.Status, e.RequestID, e.DurationMS = resp.Status, resp.RequestID, resp.Duration.Milliseconds()
		var refused *client.ESBError
		if _, err := client.ESBEnvelope(resp.Body); e.Component && errors.As(err, &refused) {
			e.Refused = refused.Code
		}
	}
	return e
}
