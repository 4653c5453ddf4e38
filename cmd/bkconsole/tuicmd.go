package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/keystore"
	"github.com/bkconsole/bkconsole/tui"
	"github.com/bkconsole/bkconsole/tui/i18n"
)

// runTUI opens the full-screen console on the sandbox or the active profile.
func (a *App) runTUI(ctx context.Context) error {
	if !isTerminal(a.Stdout) {
		return usageErr("%s", a.T("cli.no_tui_tty"))
	}
	p, err := a.Planner()
	if err != nil {
		return err
	}
	// A tighter GC target: a 50,000-API gateway's decoding garbage does not double the
	// resident size while the console waits for keys.
	debug.SetGCPercent(50)
	info := a.profileInfo(p.Cfg)
	c := tui.NewContext(p, info, i18n.Detect(a.lang))
	if !a.useSandbox {
		c.Profiles = &profileStore{a: a}
	}
	c.History = &history.Store{Path: filepath.Join(stateDir(), "history.json")} // the TUI reports failures itself
	scope := info.Name + "|" + p.Cfg.HelpCenterURL + "|" + p.Cfg.APIURLTmpl + "|" + p.Cfg.Lang
	if a.useSandbox {
		scope = "sandbox|" + p.Cfg.Lang // its port changes every run; its data does not
	}
	if dc := newDiskCache(scope); dc != nil {
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
	for _, secret := range []string{cfg.AppSecret, cfg.BkToken, cfg.AccessToken} {
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

func (a *App) profileInfo(cfg client.Config) tui.ProfileInfo {
	info := tui.ProfileInfo{AppCode: cfg.AppCode, Stages: cfg.StageList(), Insecure: cfg.Insecure, Sandbox: a.useSandbox,
		Secrets: map[string]string{}, APIURLTmpl: cfg.APIURLTmpl}
	if a.useSandbox {
		info.Name = "sandbox"
		info.Stages = []string{"prod", "test"}
		for _, k := range keystore.Kinds {
			info.Secrets[string(k)] = a.T("source.environment", "sandbox")
		}
		info.Token = a.T("token.fresh")
		return info
	}
	res, err := a.resolveProfile()
	if err == nil {
		info.Name = res.Profile.Name
		for k, s := range res.Secrets {
			info.Secrets[string(k)] = a.sourceText(s)
		}
		st, _ := res.Profile.TokenAge(time.Now())
		if res.Secrets[keystore.BkToken].Source == keystore.Missing {
			st = keystore.TokenNone
		}
		info.Token = a.T("token." + string(st))
		if st == keystore.TokenStale || st == keystore.TokenAging {
			info.TokenNote = a.T("token.stale_warning")
		}
	}
	return info
}

// profileStore is the TUI's view of the keystore.
type profileStore struct{ a *App }

func (s *profileStore) List() ([]tui.ProfileInfo, string, error) {
	f, _, err := s.a.loadConfig()
	if err != nil {
		return nil, "", err
	}
	var out []tui.ProfileInfo
	var store keystore.Secrets = s.a.secrets()
	for _, p := range f.Profiles {
		res := keystore.Resolve(p, store, keystore.OSEnv)
		if res.KeyringErr != nil {
			store = nil // a dead keyring is asked once
		}
		info := tui.ProfileInfo{Name: p.Name, AppCode: res.Profile.AppCode, Secrets: map[string]string{}, Insecure: p.Insecure}
		for k, sec := range res.Secrets {
			info.Secrets[string(k)] = s.a.sourceText(sec)
		}
		st, _ := p.TokenAge(time.Now())
		if res.Secrets[keystore.BkToken].Source == keystore.Missing {
			st = keystore.TokenNone
		}
		info.Token = s.a.T("token." + string(st))
		out = append(out, info)
	}
	return out, f.Active, nil
}

func (s *profileStore) Use(name string) (tui.Backend, tui.ProfileInfo, error) {
	path, err := configPath()
	if err != nil {
		return nil, tui.ProfileInfo{}, err
	}
	if err := keystore.Update(path, func(f *keystore.File) error {
		if _, ok := f.Get(name); !ok {
			return fmt.Errorf("%s", s.a.T("profile.unknown", name))
		}
		f.Active = name
		return nil
	}); err != nil {
		return nil, tui.ProfileInfo{}, err
	}
	s.a.profile, s.a.planner = name, nil
	p, err := s.a.Planner()
	if err != nil {
		return nil, tui.ProfileInfo{}, err
	}
	return p, s.a.profileInfo(p.Cfg), nil
}

func (s *profileStore) Login(name, appCode, secret, token string) error {
	if !keystore.ValidName(name) {
		return fmt.Errorf("%s", s.a.T("profile.bad_name", name))
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

func (s *profileStore) Logout(name string) error {
	store := s.a.secrets()
	for _, k := range keystore.Kinds {
		if err := store.Delete(name, k); err != nil {
			return err
		}
	}
	path, err := configPath()
	if err != nil {
		return err
	}
	return keystore.Update(path, func(f *keystore.File) error {
		if p, ok := f.Get(name); ok {
			p.TokenSavedAt = time.Time{}
			f.Put(p)
		}
		return nil
	})
}

var _ = os.Stdout
