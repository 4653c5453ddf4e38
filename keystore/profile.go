// Package keystore keeps bkconsole's profiles and credentials: settings in one config file
// (mode 0600, written atomically, never a secret), secrets only in the OS keyring.
package keystore

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/adrg/xdg"

	"github.com/google/renameio/v2/maybe"

	"github.com/bkconsole/bkconsole/keystore/filelock"
)

// Profile is one BlueKing installation and app account. It holds no secret.
type Profile struct {
	Name               string    `json:"name"`
	HelpCenterURL      string    `json:"help_center_url,omitempty"`
	DeveloperCenterURL string    `json:"developer_center_url,omitempty"`
	APIURLTmpl         string    `json:"bk_api_url_tmpl,omitempty"`
	ComponentAPIURL    string    `json:"bk_component_api_url,omitempty"` // ESB, for calling components
	Stages             []string  `json:"stages,omitempty"`               // offered when the Help Center is not reachable
	AppCode            string    `json:"bk_app_code,omitempty"`
	Username           string    `json:"username,omitempty"`
	TenantID           string    `json:"tenant_id,omitempty"`
	Lang               string    `json:"lang,omitempty"`
	CABundle           string    `json:"ca_bundle,omitempty"`
	Insecure           bool      `json:"insecure,omitempty"` // skip TLS verification: shown in red
	TokenName          string    `json:"token_name,omitempty"`
	Timeout            Duration  `json:"timeout,omitempty"`
	TokenSavedAt       time.Time `json:"token_saved_at,omitzero"` // when the bk_token was stored
	// PersonalTokenExpires is when the personal token expires, as its page said (zero: not known).
	PersonalTokenExpires time.Time `json:"personal_token_expires,omitzero"`
	// Vars are the values of {{name}} in requests (bkconsole vars): never a secret.
	Vars map[string]string `json:"vars,omitempty"`
}

// StageList is the profile's stages, defaulting to prod.
func (p Profile) StageList() []string {
	if len(p.Stages) == 0 {
		return []string{"prod"}
	}
	return p.Stages
}

// Duration is a time.Duration written as "15s" in the config file.
type Duration time.Duration

func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &BadTimeoutError{Value: string(b)}
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return &BadTimeoutError{Value: s}
	}
	*d = Duration(v)
	return nil
}

// BadTimeoutError is a profile's timeout that is not a duration of zero or more ("15s"): the
// commands say it in the reader's language.
type BadTimeoutError struct{ Value string }

func (e *BadTimeoutError) Error() string {
	return fmt.Sprintf("timeout %q is not a duration such as \"15s\"", e.Value)
}

// TokenLifetime is how long a BlueKing login state lasts at most.
const TokenLifetime = 24 * time.Hour

// TokenState describes how old the stored bk_token is.
type TokenState string

const (
	TokenNone    TokenState = "none"
	TokenFresh   TokenState = "fresh"
	TokenAging   TokenState = "aging" // over 20 hours: likely to expire soon
	TokenStale   TokenState = "stale" // over 24 hours: expired unless renewed by a new login
	TokenUnknown TokenState = "unknown"
	// TokenEnvironment is a bk_token read from the environment: the profile's saved time is the
	// keyring token's and says nothing of it.
	TokenEnvironment TokenState = "environment"
)

// TokenAge says how stale the profile's token likely is.
func (p Profile) TokenAge(now time.Time) (TokenState, time.Duration) {
	if p.TokenSavedAt.IsZero() {
		return TokenUnknown, 0
	}
	age := now.Sub(p.TokenSavedAt)
	switch {
	case age >= TokenLifetime:
		return TokenStale, age
	case age >= 20*time.Hour:
		return TokenAging, age
	}
	return TokenFresh, age
}

var profileNameRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`) })

// ValidName checks a profile name: it becomes part of keyring entry names.
func ValidName(s string) bool { return profileNameRe().MatchString(s) }

// File is the config file's content.
type File struct {
	Active   string    `json:"active"`
	Profiles []Profile `json:"profiles"`
	// Keys rebinds the console's actions: action → keys, e.g. {"palette": ["ctrl+k"]}.
	Keys map[string][]string `json:"keys,omitempty"`
	// Theme chooses the console's colours.
	Theme ThemeSettings `json:"theme,omitzero"`
}

// ThemeSettings: mode "auto", "dark" or "light"; colours by role ("accent": "#ff8800", "red":
// "9", "subtle": "gray"); the JSON highlighter's chroma style.
type ThemeSettings struct {
	Mode      string            `json:"mode,omitempty"`
	Colors    map[string]string `json:"colors,omitempty"`
	Highlight string            `json:"highlight,omitempty"`
}

// LineOf is the line (1-based) of the first occurrence of needle in the file after the first
// occurrence of after; 0 when it is not there. Problems in the file are reported with it.
func LineOf(path, after, needle string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	s := string(b)
	start := strings.Index(s, after)
	if start < 0 {
		return 0
	}
	i := strings.Index(s[start:], needle)
	if i < 0 {
		return 0
	}
	return strings.Count(s[:start+i], "\n") + 1
}

// Get returns a profile by name.
func (f *File) Get(name string) (Profile, bool) {
	for _, p := range f.Profiles {
		if p.Name == name {
			return p, true
		}
	}
	return Profile{}, false
}

// Put adds or replaces a profile; the first profile becomes active.
func (f *File) Put(p Profile) {
	for i := range f.Profiles {
		if f.Profiles[i].Name == p.Name {
			f.Profiles[i] = p
			return
		}
	}
	f.Profiles = append(f.Profiles, p)
	sort.Slice(f.Profiles, func(i, j int) bool { return f.Profiles[i].Name < f.Profiles[j].Name })
	if f.Active == "" {
		f.Active = p.Name
	}
}

// Remove deletes a profile.
func (f *File) Remove(name string) bool {
	for i := range f.Profiles {
		if f.Profiles[i].Name == name {
			f.Profiles = append(f.Profiles[:i], f.Profiles[i+1:]...)
			if f.Active == name {
				f.Active = ""
				if len(f.Profiles) > 0 {
					f.Active = f.Profiles[0].Name
				}
			}
			return true
		}
	}
	return false
}

// ConfigDir is $XDG_CONFIG_HOME/bkconsole, or each system's own place (github.com/adrg/xdg).
func ConfigDir() (string, error) { return filepath.Join(xdg.ConfigHome, "bkconsole"), nil }

// ConfigPath is where profiles live.
func ConfigPath() (string, error) {
	d, err := ConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "config.json"), nil
}

// DamagedError is a config file that cannot be read: it names the file and the line, so the
// user can mend it, and login can move it aside.
type DamagedError struct {
	Path      string
	Line, Col int // 0 when unknown
	Err       error
}

func (e *DamagedError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("config %s is damaged at line %d, column %d: %v", e.Path, e.Line, e.Col, e.Err)
	}
	return fmt.Sprintf("config %s is damaged: %v", e.Path, e.Err)
}
func (e *DamagedError) Unwrap() error { return e.Err }

// Load reads the config file; a missing file is an empty config.
func Load(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return &File{}, nil
	}
	if err != nil {
		return nil, err
	}
	var f File
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, damaged(path, b, err)
	}
	return &f, nil
}

// damaged locates a decoding error in the file's text.
func damaged(path string, b []byte, err error) *DamagedError {
	off := int64(-1)
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = max(0, se.Offset-1) // the offset is past the character at fault: its column is wanted
	case errors.As(err, &te):
		off = te.Offset
	}
	d := &DamagedError{Path: path, Err: err}
	if off >= 0 && off <= int64(len(b)) {
		d.Line, d.Col = 1, 1
		for _, c := range b[:off] {
			switch {
			case c == '\n':
				d.Line, d.Col = d.Line+1, 1
			case c&0xC0 != 0x80: // a character's first byte: columns count characters, as editors do
				d.Col++
			}
		}
	}
	return d
}

// Update is the one way to change the config: under a lock shared with every other bkconsole
// run, it reads the file afresh, applies change and writes it back, so concurrent logins lose
// nothing.
func Update(path string, change func(f *File) error) error {
	return filelock.With(path, func() error {
		f, err := Load(path)
		if err != nil {
			return err
		}
		if err := change(f); err != nil {
			return err
		}
		return Save(path, f)
	})
}

// MoveAside renames a damaged file to PATH.damaged-TIME and returns the new name.
func MoveAside(path string) (string, error) {
	to := path + ".damaged-" + time.Now().Format("20060102-150405")
	return to, os.Rename(path, to)
}

// Save writes the config atomically (github.com/google/renameio: a temp file in the same folder,
// then rename), mode 0600.
func Save(path string, f *File) error {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return maybe.WriteFile(path, append(b, '\n'), 0o600)
}
