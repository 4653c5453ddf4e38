package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/sandbox"
	"github.com/bkconsole/bkconsole/keystore"
	"github.com/bkconsole/bkconsole/tui"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/keymap"
	"github.com/bkconsole/bkconsole/tui/styles"
)

// runTUI opens the full-screen console on the sandbox or the active profile.
func (a *App) runTUI(ctx context.Context) error {
	if !isTerminal(a.Stdout) {
		return usageErr("%s", a.T("cli.no_tui_tty"))
	}
	i18n.Prepare(i18n.Detect(a.lang)) // while the profile and its keyring are read
	// Nothing may print over the full screen: notices of this run (a keyring, a sandbox state)
	// wait until the terminal is restored; the console says those of the profile itself.
	stderr := a.Stderr
	held := &lockedBuffer{}
	a.Stderr = held
	defer func() {
		a.Stderr = stderr
		stderr.Write(held.Bytes()) // after the terminal is restored
	}()
	p, err := a.Planner()
	if err != nil {
		return err
	}
	info := a.profileInfo(p.Cfg)
	keys, notices := a.consoleSettings()
	c := common.NewContext(p, info, i18n.Detect(a.lang))
	c.SetUserKeys(keys)
	c.Notices = notices
	c.Theme = a.theme()
	if !a.useSandbox {
		// A login made in the console outlives a keyring that cannot take it, for this run.
		a.Secrets = keystore.NewSession(a.secrets())
		c.Profiles = &profileStore{a: a}
	} else {
		c.Profiles = &sandboxStore{profileStore: profileStore{a: a}, cfg: p.Cfg, info: info}
	}
	c.StateDir = stateDir()
	col := a.collectionStore()
	c.Collection = &col
	c.History = &history.Store{Path: filepath.Join(stateDir(), "history.json")} // the TUI reports failures itself
	if dc := newDiskCache("v2"); dc != nil {                                    // entries are keyed by profile (tui's diskKey)
		c.Disk = dc
	}
	err = tui.Run(c)
	var crash *tui.CrashError
	if errors.As(err, &crash) {
		path, werr := writeCrashReport(crash, p.Cfg)
		if werr != nil {
			return fmt.Errorf("%s (%v)", crash.Error(), werr)
		}
		return fmt.Errorf("%s", a.T("crash.report", path))
	}
	return err
}

// writeCrashReport saves what happened to the state directory, with every secret of the
// profile replaced, and returns where.
func writeCrashReport(c *tui.CrashError, cfg client.Config) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "bkconsole %s crash report\ntime: %s\ngo: %s %s/%s\nscreens: %s\npanic: %v\n\n%s\n",
		client.Version, time.Now().Format(time.RFC3339), runtime.Version(), runtime.GOOS, runtime.GOARCH,
		strings.Join(c.Screens, " › "), c.Value, c.Stack)
	report := b.String()
	for _, secret := range cfg.Secrets() {
		if secret != "" {
			report = strings.ReplaceAll(report, secret, "[redacted]")
		}
	}
	path := filepath.Join(stateDir(), "crash-"+time.Now().Format("20060102-150405")+".txt")
	if err := os.MkdirAll(stateDir(), 0o700); err != nil {
		return "", err
	}
	return path, os.WriteFile(path, []byte(report), 0o600)
}

func (a *App) profileInfo(cfg client.Config) common.ProfileInfo {
	if a.useSandbox {
		return a.sandboxInfo(cfg)
	}
	res, notes, err := a.resolveNamed(a.profile)
	if err != nil {
		return infoOf(nil, cfg) // no profile: the environment's settings alone
	}
	info := infoOf(&res, cfg)
	for _, n := range notes { // a keyring out of reach: said in the console, where it is used
		info.Notes = append(info.Notes, common.Note{Key: n.Key, Args: n.Args})
	}
	return info
}

// sandboxInfo is the profile the embedded sandbox stands for.
func (a *App) sandboxInfo(cfg client.Config) common.ProfileInfo {
	info := common.ProfileInfo{Name: "sandbox", AppCode: cfg.AppCode, Username: cfg.Username, Stages: []string{"prod", "test"}, Sandbox: true,
		Secrets: map[string]common.SecretSource{}, APIURLTmpl: cfg.APIURLTmpl, PersonalExpires: cfg.PersonalTokenExpires}
	for _, k := range keystore.Kinds {
		info.Secrets[string(k)] = common.SecretSource{From: string(keystore.Missing)}
	}
	// What the sandbox's profile really holds (sandboxConfig): an app secret, a bk_token and a
	// personal token.
	for k, s := range sandboxSecrets(cfg) {
		info.Secrets[string(k)] = common.SecretSource{From: string(s.Source)}
	}
	info.Token = string(keystore.TokenFresh)
	return info
}

// profileStore is the TUI's view of the keystore.
type profileStore struct{ a *App }

func (s *profileStore) List() ([]common.ProfileInfo, string, error) {
	f, _, err := s.a.loadConfig()
	if err != nil {
		return nil, "", err
	}
	var out []common.ProfileInfo
	var store keystore.Secrets = s.a.secrets()
	for _, p := range f.Profiles {
		res := keystore.Resolve(p, store, keystore.OSEnv)
		if res.KeyringErr != nil {
			store = keystore.Unreachable(res.KeyringErr) // a dead keyring is asked once
		}
		info := common.ProfileInfo{Name: p.Name, AppCode: res.Profile.AppCode, Secrets: map[string]common.SecretSource{}, Insecure: p.Insecure}
		for k, sec := range res.Secrets {
			info.Secrets[string(k)] = secretSource(sec)
		}
		st, age := res.TokenAge(time.Now())
		info.Token, info.TokenAge = string(st), age
		out = append(out, info)
	}
	return out, f.Active, nil
}

// Use makes a profile active and returns its backend and what the console shows of it. It runs
// in a command: it writes the config file and nothing of the App's, prints nothing, and says
// what is worth saying as catalog keys the console translates in its own language.
func (s *profileStore) Use(name string) (common.Backend, common.ProfileInfo, error) {
	path, err := configPath()
	if err != nil {
		return nil, common.ProfileInfo{}, err
	}
	if err := keystore.Update(path, func(f *keystore.File) error {
		if _, ok := f.Get(name); !ok {
			return &client.ErrUserInput{Key: "profile.unknown", Args: []any{name}}
		}
		f.Active = name
		return nil
	}); err != nil {
		return nil, common.ProfileInfo{}, err
	}
	res, notes, err := s.a.resolveNamed(name)
	if err != nil {
		return nil, common.ProfileInfo{}, err
	}
	cfg := configFrom(res)
	if s.a.timeout > 0 {
		cfg.Timeout = s.a.timeout
	}
	p, err := s.a.newPlanner(cfg, loginsProfile(res.Profile.Name))
	if err != nil {
		return nil, common.ProfileInfo{}, err
	}
	info := infoOf(&res, cfg)
	for _, n := range notes {
		info.Notes = append(info.Notes, common.Note{Key: n.Key, Args: n.Args})
	}
	return p, info, nil
}

// infoOf is what the console shows of a resolved profile (nil: none, the settings alone).
func infoOf(res *keystore.Resolved, cfg client.Config) common.ProfileInfo {
	info := common.ProfileInfo{AppCode: cfg.AppCode, Username: cfg.Username, Stages: cfg.StageList(), Insecure: cfg.Insecure,
		Secrets: map[string]common.SecretSource{}, APIURLTmpl: cfg.APIURLTmpl, PersonalExpires: cfg.PersonalTokenExpires}
	if res == nil {
		return info
	}
	info.Name, info.Lang, info.Vars = res.Profile.Name, res.Profile.Lang, res.Profile.Vars
	for k, sec := range res.Secrets {
		info.Secrets[string(k)] = secretSource(sec)
	}
	st, age := res.TokenAge(time.Now())
	info.Token, info.TokenAge = string(st), age
	return info
}

func (s *profileStore) Login(name, appCode, secret, token string) error {
	if !keystore.ValidName(name) {
		return &client.ErrUserInput{Key: "profile.bad_name", Args: []any{name}}
	}
	path, err := configPath()
	if err != nil {
		return err
	}
	store := s.a.secrets()
	if secret != "" {
		if err := store.Set(name, keystore.AppSecret, secret); err != nil {
			return err
		}
	}
	if token != "" {
		if err := store.Set(name, keystore.BkToken, token); err != nil {
			return err
		}
	}
	return keystore.Update(path, func(f *keystore.File) error {
		p, _ := f.Get(name)
		p.Name = name
		if appCode != "" {
			p.AppCode = appCode
		}
		if token != "" {
			p.TokenSavedAt = time.Now().UTC()
		}
		f.Put(p)
		return nil
	})
}

// Forget is `logout --forget`: a keyring that cannot be asked does not keep the profile, and
// what it may still hold is said.
func (s *profileStore) Forget(name string) error {
	kept, err := s.a.logout(name, true)
	if err != nil {
		return err
	}
	if kept != nil {
		return &client.ErrUserInput{Key: "keyring.forgot_unreachable", Args: []any{keystore.Cause(kept), keystore.Service, name}}
	}
	return nil
}

func (s *profileStore) Logout(name string) error {
	kept, err := s.a.logout(name, false)
	if err != nil {
		return err
	}
	return kept
}

// Draft is the login form's start: the profile's settings, else (a new profile) the
// environment BlueKing injects into apps (BKPAAS_APP_ID, BKPAAS_APP_SECRET, BK_API_URL_TMPL...).
func (s *profileStore) Draft(name string) common.ProfileDraft {
	var p keystore.Profile
	if f, _, err := s.a.loadConfig(); err == nil {
		if name == "" {
			name = f.Active
		}
		p, _ = f.Get(name)
	}
	d := common.ProfileDraft{Name: name, Saved: p.Name != ""}
	if p.Name == "" {
		p, _ = keystore.ApplyEnv(keystore.Profile{Name: name}, keystore.OSEnv)
		for _, n := range keystore.EnvNames(keystore.AppSecret) {
			if v := os.Getenv(n); v != "" {
				d.AppSecret = v
				break
			}
		}
		for _, n := range keystore.EnvNames(keystore.BkToken) {
			if v := os.Getenv(n); v != "" {
				d.BkToken = v
				break
			}
		}
	}
	d.APIURLTmpl, d.HelpCenterURL, d.DeveloperCenterURL, d.ComponentAPIURL = p.APIURLTmpl, p.HelpCenterURL, p.DeveloperCenterURL, p.ComponentAPIURL
	d.AppCode, d.Username, d.TenantID, d.CABundle = p.AppCode, p.Username, p.TenantID, p.CABundle
	d.Stages = strings.Join(p.Stages, ",")
	d.Lang, d.TokenName = p.Lang, p.TokenName
	if !p.PersonalTokenExpires.IsZero() {
		d.PersonalTokenExpires = p.PersonalTokenExpires.Local().Format(time.DateOnly)
	}
	if p.Insecure {
		d.Insecure = "yes"
	}
	return d
}

// fromDraft is the profile a draft describes, over the saved one of that name, with the
// secrets to use: the typed ones, else those already saved.
func (s *profileStore) fromDraft(d common.ProfileDraft) (keystore.Profile, map[keystore.Kind]string, error) {
	if !keystore.ValidName(d.Name) {
		return keystore.Profile{}, nil, &client.ErrUserInput{Key: "profile.bad_name", Args: []any{d.Name}}
	}
	var p keystore.Profile
	if f, _, err := s.a.loadConfig(); err == nil {
		p, _ = f.Get(d.Name)
	}
	p.Name, p.APIURLTmpl, p.HelpCenterURL, p.DeveloperCenterURL = d.Name, d.APIURLTmpl, d.HelpCenterURL, d.DeveloperCenterURL
	p.ComponentAPIURL = d.ComponentAPIURL
	p.AppCode, p.Username, p.TenantID, p.CABundle = d.AppCode, d.Username, d.TenantID, d.CABundle
	if d.Insecure != "" && d.Insecure != "yes" && d.Insecure != "no" {
		return p, nil, &client.ErrUserInput{Key: "login.bad_yes_no", Args: []any{d.Insecure}}
	}
	p.Lang, p.TokenName, p.Insecure = d.Lang, d.TokenName, d.Insecure == "yes"
	p.Stages = nil
	for _, st := range strings.Split(d.Stages, ",") {
		if st = strings.TrimSpace(st); st != "" {
			p.Stages = append(p.Stages, st)
		}
	}
	secrets := map[keystore.Kind]string{keystore.AppSecret: d.AppSecret, keystore.BkToken: d.BkToken, keystore.PersonalToken: d.PersonalToken}
	if d.PersonalTokenExpires != "" {
		t, err := client.ParseExpiry(d.PersonalTokenExpires, time.Local)
		if err != nil {
			return p, nil, &client.ErrUserInput{Key: "login.bad_expiry_field", Args: []any{d.PersonalTokenExpires}}
		}
		p.PersonalTokenExpires = t
	} else if d.PersonalToken != "" {
		p.PersonalTokenExpires = time.Time{} // a new token whose expiry the user did not give
	}
	if bad := refusal(p, d.AppSecret, true); bad != nil {
		return p, nil, bad
	}
	return p, secrets, nil
}

// Check asks the servers what the draft unlocks; nothing is saved. A secret left empty in the
// draft is the one the keyring holds for that profile.
func (s *profileStore) Check(ctx context.Context, d common.ProfileDraft) (client.Report, error) {
	return s.checkDraft(ctx, d, true)
}

func (s *profileStore) checkDraft(ctx context.Context, d common.ProfileDraft, keyring bool) (client.Report, error) {
	p, secrets, err := s.fromDraft(d)
	if err != nil {
		return client.Report{}, err
	}
	res := keystore.Resolved{Profile: p}
	if keyring {
		res = keystore.Resolve(p, s.a.secrets(), func(string) string { return "" })
	}
	cfg := configFrom(res)
	if v := secrets[keystore.AppSecret]; v != "" {
		cfg.AppSecret = v
	}
	if v := secrets[keystore.BkToken]; v != "" {
		cfg.BkToken = v
	}
	if v := secrets[keystore.PersonalToken]; v != "" {
		cfg.PersonalToken = v
	}
	if s.a.timeout > 0 {
		cfg.Timeout = s.a.timeout
	}
	pl, err := client.NewPlanner(cfg)
	if err != nil {
		return client.Report{}, err
	}
	return pl.CheckAll(ctx), nil
}

// Save stores the draft and makes it the active profile.
func (s *profileStore) Save(d common.ProfileDraft) error {
	p, secrets, err := s.fromDraft(d)
	if err != nil {
		return err
	}
	path, err := configPath()
	if err != nil {
		return err
	}
	keyErr, err := s.a.saveProfile(path, p, secrets, true)
	if err != nil {
		return err
	}
	if session, ok := s.a.secrets().(*keystore.Session); ok && keyErr != nil {
		// The settings are saved; the secrets stay in this run's memory, and the profile page
		// and the switch to it say so (keyring.unavailable_session).
		for k, v := range secrets {
			if v != "" {
				session.Hold(p.Name, k, v)
			}
		}
		if secrets[keystore.BkToken] == "" {
			return nil
		}
		// Its age is this token's, not that of one an earlier login kept in a keyring.
		return keystore.Update(path, func(f *keystore.File) error {
			if saved, ok := f.Get(p.Name); ok {
				saved.TokenSavedAt = time.Now().UTC()
				f.Put(saved)
			}
			return nil
		})
	}
	if keyErr != nil {
		return &client.ErrUserInput{Key: "login.saved_no_keyring", Args: []any{d.Name, keyErr.Error()}}
	}
	return nil
}

// Sandbox starts the embedded sandbox in this process and returns its backend.
func (s *profileStore) Sandbox() (common.Backend, common.ProfileInfo, error) {
	base, err := s.a.startSandbox(sandbox.Options{StateFile: filepath.Join(stateDir(), "sandbox-state.json")}, "127.0.0.1:0")
	if err != nil {
		return nil, common.ProfileInfo{}, err
	}
	cfg := sandboxConfig(base)
	cfg.Lang = string(i18n.Detect(s.a.lang))
	pl, err := s.a.newPlanner(cfg, "sandbox")
	if err != nil {
		return nil, common.ProfileInfo{}, err
	}
	return pl, s.a.sandboxInfo(cfg), nil
}

// secretSource is where a secret was found, as the TUI words it.
func secretSource(s keystore.Secret) common.SecretSource {
	// The console's words are the keystore's sources: a keyring that did not answer is
	// "unknown", not "missing", and a secret held for this run says so.
	return common.SecretSource{From: string(s.Source), Var: s.EnvVar}
}

// consoleSettings are the config file's key rebindings that can be used, and what in them and
// in the theme is wrong, each with the file and line: the console shows these when it starts.
func (a *App) consoleSettings() (keys map[string][]string, notices []string) {
	f, path, err := a.loadConfig()
	if err != nil {
		// The defaults stay usable; say why the user's keys and theme are not in effect (with
		// the sandbox, nothing else reads the file, so this is the only place it is said).
		return nil, []string{a.T("config.settings_unread", a.describeCause(err))}
	}
	problems := keymap.Check(a.L(), f.Keys)
	good := map[string][]string{}
	for action, keys := range f.Keys {
		if _, bad := problems[action]; !bad {
			good[action] = keys
		}
	}
	// A conflicting or unknown rebinding is left out: the defaults stay usable.
	var out []string
	for action, why := range problems {
		out = append(out, fmt.Sprintf("%s:%d: %s", path, keystore.LineOf(path, `"keys"`, `"`+action+`"`), why))
	}
	for _, p := range styles.Check(styles.Options(f.Theme)) {
		out = append(out, fmt.Sprintf("%s:%d: %s", path, keystore.LineOf(path, `"theme"`, `"theme"`), a.T(p.Key, p.Args...)))
	}
	sort.Strings(out)
	return good, out
}

// lockedBuffer holds what would have gone to stderr while the console owns the terminal; the
// console's commands may write from their goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]byte(nil), b.buf.Bytes()...)
}

// theme is the user's theme from the config file (the default when there is none).
func (a *App) theme() *styles.Theme {
	if f, _, err := a.loadConfig(); err == nil {
		return styles.New(styles.Options(f.Theme))
	}
	return styles.Default()
}
