package main

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/adrg/xdg"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/sandbox"
	"github.com/bkconsole/bkconsole/tui/common"
)

// With --sandbox the login form can be tried: it starts from the sandbox's addresses, checks
// them for real, and saves nothing (no config file, no keyring), saying so.
func TestSandboxLoginFormIsATry(t *testing.T) {
	dir := t.TempDir()
	t.Cleanup(xdg.Reload)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	xdg.Reload()
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	defer srv.Close()
	app := &App{useSandbox: true}
	s := &sandboxStore{profileStore: profileStore{a: app}, cfg: sandboxConfig(srv.URL), info: common.ProfileInfo{Name: "sandbox", Sandbox: true}}
	d := s.Draft("")
	if d.APIURLTmpl != sandbox.URLsFor(srv.URL).APIURLTmpl || d.AppCode != sandbox.DemoAppCode || d.BkToken == "" {
		t.Fatalf("draft: %+v", d)
	}
	rep, err := s.Check(context.Background(), d)
	if err != nil || !rep.Surfaces[client.SurfaceDevCenter].OK || !rep.Surfaces[client.SurfaceOpen].OK {
		t.Fatalf("check: %v %+v", err, rep)
	}
	var ue *client.ErrUserInput
	for _, err := range []error{s.Save(d), s.Logout("sandbox"), s.Login("x", "a", "b", "c")} {
		if !errors.As(err, &ue) || ue.Key != "tui.sandbox_try_only" {
			t.Errorf("a write with --sandbox: %v", err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "config")); !os.IsNotExist(err) {
		t.Fatalf("a try wrote the config: %v", err)
	}
}
