package keystore

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/zalando/go-keyring"
)

// Service is the keyring service every bkconsole entry is stored under.
const Service = "bkconsole"

// Kind is a kind of secret.
type Kind string

const (
	AppSecret   Kind = "bk_app_secret"
	BkToken     Kind = "bk_token"
	AccessToken Kind = "access_token"
	// PersonalToken is an OAuth2 personal token (gateway 1.24), made on bkauth's page.
	PersonalToken Kind = "personal_token"
)

// Kinds lists every kind of secret a profile may hold.
var Kinds = []Kind{AppSecret, BkToken, AccessToken, PersonalToken}

// Secrets stores secrets per profile and kind. The keyring implements it; tests of the TUI
// swap in go-keyring's mock.
type Secrets interface {
	Get(profile string, kind Kind) (string, error)
	Set(profile string, kind Kind, value string) error
	Delete(profile string, kind Kind) error
}

// Unreachable is a keyring known to be out of reach: every call fails at once with err. A
// listing of profiles asks a dead keyring once, and still says of every profile that its
// secrets are unknown, not missing.
func Unreachable(err error) Secrets { return unreachable{err} }

type unreachable struct{ err error }

func (u unreachable) Get(string, Kind) (string, error) { return "", u.err }
func (u unreachable) Set(string, Kind, string) error   { return u.err }
func (u unreachable) Delete(string, Kind) error        { return u.err }

// ErrNotFound means the keyring has no such entry.
var ErrNotFound = errors.New("secret not found")

// UnavailableError means no keyring could be reached: no Secret Service, a locked collection,
// or no answer in time.
type UnavailableError struct{ Err error }

func (e *UnavailableError) Error() string {
	return "the OS keyring is not reachable (" + e.Err.Error() + "): start or unlock a Secret Service such as gnome-keyring, or give secrets in the environment (BK_APP_SECRET, BK_TOKEN)"
}

func (e *UnavailableError) Unwrap() error { return e.Err }

// Cause is why the keyring could not be reached (no D-Bus session, no answer in 1.5s…), for a
// sentence of the caller's own that says what to do, in the user's language.
func Cause(err error) string {
	if ue, ok := errors.AsType[*UnavailableError](err); ok {
		return ue.Err.Error()
	}
	return err.Error()
}

// Keyring is Secrets over go-keyring, with a timeout on every call so a hung D-Bus cannot
// hang bkconsole.
type Keyring struct {
	Timeout time.Duration
	// AnyBackend skips the D-Bus check: go-keyring's mock (in-process tests) and keyrings
	// that need no session bus.
	AnyBackend bool
}

// DefaultTimeout bounds one keyring call.
const DefaultTimeout = 1500 * time.Millisecond

func (k Keyring) timeout() time.Duration {
	if k.Timeout > 0 {
		return k.Timeout
	}
	return DefaultTimeout
}

// entryName is the keyring user of an entry: one per profile and kind.
func entryName(profile string, kind Kind) string { return profile + "/" + string(kind) }

// errNoBus is the answer without a D-Bus session: asking go-keyring then would make godbus
// autolaunch a dbus-daemon that outlives bkconsole (one more on every run).
var errNoBus = errors.New("no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)")

// noBus tells whether there is no session bus to reach a Secret Service on (Linux and other
// Unix desktops; macOS and Windows keyrings need none).
func noBus() bool {
	return (runtime.GOOS == "linux" || runtime.GOOS == "freebsd" || runtime.GOOS == "openbsd" || runtime.GOOS == "netbsd") &&
		os.Getenv("DBUS_SESSION_BUS_ADDRESS") == ""
}

// withTimeout runs a keyring call in a goroutine and gives up waiting after the timeout.
func (k Keyring) withTimeout(fn func() (string, error)) (string, error) {
	if !k.AnyBackend && noBus() {
		return "", &UnavailableError{Err: errNoBus}
	}
	type result struct {
		v   string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := fn()
		ch <- result{v, err}
	}()
	select {
	case r := <-ch:
		if errors.Is(r.err, keyring.ErrNotFound) {
			return "", ErrNotFound
		}
		if r.err != nil {
			return "", &UnavailableError{Err: r.err}
		}
		return r.v, nil
	case <-time.After(k.timeout()):
		return "", &UnavailableError{Err: fmt.Errorf("no answer in %s", k.timeout())}
	}
}

func (k Keyring) Get(profile string, kind Kind) (string, error) {
	return k.withTimeout(func() (string, error) { return keyring.Get(Service, entryName(profile, kind)) })
}

func (k Keyring) Set(profile string, kind Kind, value string) error {
	_, err := k.withTimeout(func() (string, error) { return "", keyring.Set(Service, entryName(profile, kind), value) })
	return err
}

func (k Keyring) Delete(profile string, kind Kind) error {
	_, err := k.withTimeout(func() (string, error) { return "", keyring.Delete(Service, entryName(profile, kind)) })
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// Source says where a secret came from.
type Source string

const (
	FromKeyring     Source = "keyring"
	FromEnvironment Source = "environment"
	Missing         Source = "missing"
	// FromSandbox: the embedded sandbox's demo credentials, held in memory for the run only.
	FromSandbox Source = "sandbox"
	// FromSession: held in memory for this run of the console, the keyring being unreachable
	// when it was given (keystore.Session).
	FromSession Source = "session"
	// KeyringUnreachable: the keyring could not be asked, so whether it holds the secret is not
	// known ("missing" said it was not there).
	KeyringUnreachable Source = "keyring_unreachable"
)

// Secret is a resolved secret and where it came from.
type Secret struct {
	Value  string `json:"-"`
	Source Source `json:"source"`
	EnvVar string `json:"env_var,omitempty"`
}

// Absent tells whether there is no value to use: missing, or in a keyring that did not answer.
func (s Secret) Absent() bool { return s.Source == Missing || s.Source == KeyringUnreachable }

// Env is the environment bkconsole reads (os.Getenv in the program; a map in tests).
type Env func(string) string

// OSEnv reads the process environment.
func OSEnv(k string) string { return os.Getenv(k) }

func firstEnv(env Env, names ...string) (string, string) {
	for _, n := range names {
		if v := env(n); v != "" {
			return v, n
		}
	}
	return "", ""
}

// secretEnvNames are the variables each secret is read from, BlueKing PaaS names included.
var secretEnvNames = map[Kind][]string{
	AppSecret:     {"BK_APP_SECRET", "BKPAAS_APP_SECRET"},
	BkToken:       {"BK_TOKEN"},
	AccessToken:   {"BK_ACCESS_TOKEN"},
	PersonalToken: {"BK_PERSONAL_TOKEN"},
}

// EnvNames lists the variables a secret kind is read from.
func EnvNames(k Kind) []string { return secretEnvNames[k] }

// Override is a profile setting taken from the environment for this run.
type Override struct {
	Field  string `json:"field"`
	EnvVar string `json:"env_var"`
}

// ApplyEnv overrides the profile with environment settings, and says which.
func ApplyEnv(p Profile, env Env) (Profile, []Override) {
	var ov []Override
	set := func(dst *string, field string, names ...string) {
		if v, n := firstEnv(env, names...); v != "" {
			*dst = v
			ov = append(ov, Override{field, n})
		}
	}
	set(&p.AppCode, "bk_app_code", "BK_APP_CODE", "BKPAAS_APP_ID")
	set(&p.APIURLTmpl, "bk_api_url_tmpl", "BK_API_URL_TMPL")
	set(&p.ComponentAPIURL, "bk_component_api_url", "BK_COMPONENT_API_URL")
	set(&p.HelpCenterURL, "help_center_url", "BKCONSOLE_HELP_CENTER_URL")
	set(&p.DeveloperCenterURL, "developer_center_url", "BKCONSOLE_DEVELOPER_CENTER_URL")
	set(&p.Username, "username", "BK_USERNAME")
	set(&p.TenantID, "tenant_id", "BK_TENANT_ID")
	return p, ov
}

// Resolved is a profile with its secrets found, ready for use.
type Resolved struct {
	Profile    Profile
	Secrets    map[Kind]Secret
	Overrides  []Override
	KeyringErr error // set when the keyring could not be reached; secrets then come from the environment only
}

// TokenAge says how stale the bk_token in use likely is: none when there is none, and nothing
// of its age when it comes from the environment.
func (r Resolved) TokenAge(now time.Time) (TokenState, time.Duration) {
	switch tok := r.Secrets[BkToken]; {
	case tok.Source == KeyringUnreachable && !r.Profile.TokenSavedAt.IsZero():
		return r.Profile.TokenAge(now) // saved then, and likely still in the keyring out of reach
	case tok.Absent():
		return TokenNone, 0
	case tok.Source == FromEnvironment:
		return TokenEnvironment, 0
	}
	return r.Profile.TokenAge(now)
}

// Resolve finds each secret: the environment first (it overrides for one run), then the keyring.
// The keyring is asked once per kind, and given up after its first failure so a missing
// Secret Service costs one timeout at most.
func Resolve(p Profile, store Secrets, env Env) Resolved {
	p, ov := ApplyEnv(p, env)
	r := Resolved{Profile: p, Secrets: map[Kind]Secret{}, Overrides: ov}
	for _, k := range Kinds {
		if v, n := firstEnv(env, secretEnvNames[k]...); v != "" {
			r.Secrets[k] = Secret{Value: v, Source: FromEnvironment, EnvVar: n}
			continue
		}
		if store == nil || p.Name == "" {
			r.Secrets[k] = Secret{Source: Missing}
			continue
		}
		if s, ok := store.(*Session); ok {
			if v, held := s.Held(p.Name, k); held {
				r.Secrets[k] = Secret{Value: v, Source: FromSession}
				continue
			}
		}
		if r.KeyringErr != nil {
			r.Secrets[k] = Secret{Source: KeyringUnreachable}
			continue
		}
		v, err := store.Get(p.Name, k)
		switch {
		case err == nil && v != "":
			r.Secrets[k] = Secret{Value: v, Source: FromKeyring}
		case err == nil || errors.Is(err, ErrNotFound):
			r.Secrets[k] = Secret{Source: Missing}
		default:
			r.KeyringErr = err
			r.Secrets[k] = Secret{Source: KeyringUnreachable}
		}
	}
	return r
}
