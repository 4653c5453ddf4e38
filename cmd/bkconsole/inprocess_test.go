package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/sandbox"
	"github.com/bkconsole/bkconsole/keystore"
)

// inProcess runs one command line in this process with buffers and the given secret store.
func inProcess(t *testing.T, store keystore.Secrets, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	app := &App{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(stdin), Secrets: store}
	code = runApp(app, args)
	return code, out.String(), errb.String()
}

// Commands take their streams and secret store from the App, so a login, the keyring's
// contents and a command that reads them run in-process on go-keyring's mock, no D-Bus session.
func TestLoginInProcessWithMockKeyring(t *testing.T) {
	store, urls := isolate(t)
	dir := os.Getenv("HOME")
	code, _, stderr := inProcess(t, store, sandbox.DemoAppSecret+"\n", "login", "--profile", "demo", "--app-code", sandbox.DemoAppCode,
		"--api-url-tmpl", urls.APIURLTmpl, "--secret-stdin")
	if code != 0 {
		t.Fatalf("login: %d %s", code, stderr)
	}
	if v, err := store.Get("demo", keystore.AppSecret); err != nil || v != sandbox.DemoAppSecret {
		t.Fatalf("the secret is in the (mock) keyring: %q %v", v, err)
	}
	cfg, _ := os.ReadFile(filepath.Join(dir, "config", "bkconsole", "config.json"))
	if strings.Contains(string(cfg), sandbox.DemoAppSecret) {
		t.Fatal("the secret reached the config file")
	}
	code, stdout, stderr := inProcess(t, store, "", "profiles", "--json")
	var views []struct {
		Name    string `json:"name"`
		Secrets map[string]struct {
			Source string `json:"source"`
		} `json:"secrets"`
	}
	if err := json.Unmarshal([]byte(stdout), &views); code != 0 || err != nil || len(views) != 1 || views[0].Secrets["bk_app_secret"].Source != "keyring" {
		t.Fatalf("profiles: %d %v %s %s", code, err, stdout, stderr)
	}
	// A command that needs the secret gets it from the store.
	code, stdout, stderr = inProcess(t, store, "", "call", "demo-echo", "/echo/", "-X", "GET")
	if code != 0 || !strings.Contains(stdout, `"app_code":"bkc-demo"`) {
		t.Fatalf("call with the keyring's secret: %d %s %s", code, stdout, stderr)
	}
}

// A command's options struct runs on its own, as cli/cli's do: the flags set as fields, the
// app's streams and the planner injected, no command line parsed (the cobra command only fills
// the struct).
func TestOptionsRunOnTheirOwn(t *testing.T) {
	dir := t.TempDir()
	for k, v := range map[string]string{"HOME": dir, "XDG_CONFIG_HOME": filepath.Join(dir, "config"),
		"XDG_STATE_HOME": filepath.Join(dir, "state"), "XDG_CACHE_HOME": filepath.Join(dir, "cache")} {
		t.Setenv(k, v)
	}
	var out, errb bytes.Buffer
	app := &App{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""), useSandbox: true}
	defer app.Close()
	o := &apisOptions{cmdBase: cmdBase{app: app, args: []string{"demo-echo"}}, asJSON: true}
	p, err := app.Planner()
	if err != nil {
		t.Fatal(err)
	}
	if err := o.runWith(context.Background(), p); err != nil {
		t.Fatalf("apis: %v %s", err, errb.String())
	}
	var apis []struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(out.Bytes(), &apis); err != nil || len(apis) < 5 || apis[0].Name == "" {
		t.Fatalf("apis --json through its options: %v %.200s", err, out.String())
	}
	bad := &apisOptions{cmdBase: cmdBase{app: app, args: []string{"demo-echo"}}, stage: "no such/stage"}
	if err := bad.validate(); err == nil || !strings.Contains(err.Error(), "no such/stage") {
		t.Fatalf("a bad stage is refused before anything is sent: %v", err)
	}
}
