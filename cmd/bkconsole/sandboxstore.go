package main

import (
	"context"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/common"
)

// sandboxStore is the profile screen's store with --sandbox: the login form can be tried
// against the sandbox's own addresses (it checks what the draft unlocks, for real), but nothing
// is saved, switched to or logged out of: the run's only profile is the sandbox's.
type sandboxStore struct {
	profileStore
	cfg  client.Config
	info common.ProfileInfo
}

func (s *sandboxStore) List() ([]common.ProfileInfo, string, error) {
	return []common.ProfileInfo{s.info}, s.info.Name, nil
}

func (s *sandboxStore) refuse() error { return &client.ErrUserInput{Key: "tui.sandbox_try_only"} }

func (s *sandboxStore) Use(string) (common.Backend, common.ProfileInfo, error) {
	return nil, common.ProfileInfo{}, s.refuse()
}
func (s *sandboxStore) Login(string, string, string, string) error { return s.refuse() }
func (s *sandboxStore) Logout(string) error                        { return s.refuse() }
func (s *sandboxStore) Forget(string) error                        { return s.refuse() }
func (s *sandboxStore) Save(common.ProfileDraft) error             { return s.refuse() }

// Draft starts the form with the sandbox's addresses and demo credentials (not secrets: the
// sandbox exists so anyone can try bkconsole).
func (s *sandboxStore) Draft(string) common.ProfileDraft {
	c := s.cfg
	return common.ProfileDraft{Name: "try", APIURLTmpl: c.APIURLTmpl, HelpCenterURL: c.HelpCenterURL, DeveloperCenterURL: c.DeveloperCenterURL, ComponentAPIURL: c.ComponentAPIURL,
		AppCode: c.AppCode, AppSecret: c.AppSecret, BkToken: c.BkToken, Username: c.Username}
}

// Check asks the sandbox what the draft unlocks, without any keyring: nothing of a try is stored.
func (s *sandboxStore) Check(ctx context.Context, d common.ProfileDraft) (client.Report, error) {
	return s.checkDraft(ctx, d, false)
}
