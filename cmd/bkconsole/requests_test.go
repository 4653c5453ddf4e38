package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bkconsole/bkconsole/client/collection"
	"github.com/bkconsole/bkconsole/client/sandbox"
)

// Saved requests, variables and --jq, in-process with a secret store of the test's own: a call saved with
// {{who}} replays with --var, the profile's variable or the environment's; its file holds no
// credential; without a value nothing is sent and the exit is 2 naming the variable.
func TestSavedRequestsWithVariables(t *testing.T) {
	dir := t.TempDir()
	for k, v := range map[string]string{"HOME": dir, "XDG_CONFIG_HOME": filepath.Join(dir, "config"), "XDG_STATE_HOME": filepath.Join(dir, "state"),
		"XDG_CACHE_HOME": filepath.Join(dir, "cache"), "BKCONSOLE_COLLECTION": filepath.Join(dir, "team", "requests")} {
		t.Setenv(k, v)
	}
	for _, k := range []string{"BK_APP_CODE", "BK_APP_SECRET", "BK_TOKEN", "BK_API_URL_TMPL", "BKCONSOLE_HELP_CENTER_URL", "BKCONSOLE_DEVELOPER_CENTER_URL", "BKCONSOLE_VAR_who"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/demo-echo/") { // calls, not the open APIs
			calls.Add(1)
		}
		sb.ServeHTTP(w, r)
	}))
	defer srv.Close()
	urls := sandbox.URLsFor(srv.URL)
	store := &memSecrets{} // not go-keyring's MockInit: it would replace the keyring of every later in-process run
	run := func(want int, args ...string) string {
		t.Helper()
		code, stdout, stderr := inProcess(t, store, sandbox.DemoAppSecret+"\n", args...)
		if code != want {
			t.Fatalf("%v: exit %d, want %d\n%s%s", args, code, want, stdout, stderr)
		}
		return stdout + stderr
	}
	run(0, "login", "--profile", "demo", "--app-code", sandbox.DemoAppCode, "--api-url-tmpl", urls.APIURLTmpl, "--secret-stdin")
	profileVariablesNeverASecret(t, run)
	savedAndReplayedWithVariables(t, run, filepath.Join(dir, "team", "requests", "demo-echo"), &calls)
	handEditedRequestFiles(t, run, filepath.Join(dir, "team", "requests", "demo-echo"))
}

// runFunc runs a command line in-process, wants its exit code and returns what it printed.
type runFunc func(want int, args ...string) string

// profileVariablesNeverASecret: a profile's variables are listed with their source; a secret's
// name or value is refused.
func profileVariablesNeverASecret(t *testing.T, run runFunc) {
	t.Helper()
	run(0, "vars", "set", "who=alice") // written as --var and the environment write it
	if out := run(2, "vars", "set", "who"); !strings.Contains(out, "no value for who") {
		t.Errorf("set without a value: %s", out)
	}
	if out := run(2, "vars", "set", "bk_token=abc"); !strings.Contains(out, "secret") {
		t.Errorf("a secret's name as NAME=VALUE: %s", out)
	}
	if out := run(2, "vars", "set", "bk_token", "abc"); !strings.Contains(out, "secret") {
		t.Errorf("a secret's name: %s", out)
	}
	run(2, "vars", "set", "other", "x-"+sandbox.DemoAppSecret)
	if out := run(0, "vars", "list"); !strings.Contains(out, "alice") || !strings.Contains(out, "profile") || strings.Contains(out, sandbox.DemoAppSecret) {
		t.Errorf("vars list: %s", out)
	}
}

// savedAndReplayedWithVariables: saved from call, sent with the profile's variable, then --var's,
// then the environment's, filtered by --jq; without a value nothing is sent. Never a credential
// in a file; an existing name is kept unless --overwrite.
func savedAndReplayedWithVariables(t *testing.T, run runFunc, gwDir string, calls *atomic.Int32) {
	t.Helper()
	if out := run(0, "call", "demo-echo", "echo_post", "-d", `{"who": "{{who}}"}`, "--save", "greet", "--jq", ".data.json.who"); !strings.HasPrefix(out, "alice\n") {
		t.Fatalf("call --save --jq: %q", out)
	}
	b, err := os.ReadFile(filepath.Join(gwDir, "greet.yaml"))
	if err != nil || !strings.Contains(string(b), "{{who}}") || strings.Contains(string(b), sandbox.DemoAppSecret) || strings.Contains(string(b), "alice") {
		t.Fatalf("the saved file: %v\n%s", err, b)
	}
	if out := run(0, "requests", "run", "greet", "--var", "who=bob", "--jq", ".data.json.who"); !strings.HasPrefix(out, "bob\n") {
		t.Fatalf("--var comes first: %q", out)
	}
	t.Setenv("BKCONSOLE_VAR_who", "carol")
	run(0, "vars", "unset", "who")
	if out := run(0, "vars", "unset", "whoo"); !strings.Contains(out, "has no variable whoo: nothing removed") { // a misspelt name is said
		t.Errorf("unset of a missing variable: %q", out)
	}
	if out := run(0, "requests", "run", "greet", "--jq", ".data.json.who"); !strings.HasPrefix(out, "carol\n") {
		t.Fatalf("the environment's: %q", out)
	}
	os.Unsetenv("BKCONSOLE_VAR_who")
	before := calls.Load()
	if out := run(2, "requests", "run", "greet"); !strings.Contains(out, "no value for who") || !strings.Contains(out, "nothing was sent") {
		t.Errorf("unresolved: %s", out)
	}
	if out := run(2, "call", "demo-echo", "echo_item", "--path-param", "item_id={{id}}", "--save", "item"); !strings.Contains(out, "no value for id") || !strings.Contains(out, "saved") {
		t.Errorf("call --save with a variable to give later: %s", out)
	}
	if out := run(0, "requests", "show", "item"); !strings.Contains(out, "item_id: '{{id}}'") {
		t.Errorf("the request typed with --save was lost: %s", out)
	}
	if calls.Load() != before {
		t.Fatal("a request with an unresolved variable was sent")
	}
	// A body too large to keep is refused before anything is written or sent: it had been saved
	// to a file the collection then skipped, and sent.
	big := filepath.Join(t.TempDir(), "big.json")
	os.WriteFile(big, []byte(`{"x": "`+strings.Repeat("a", collection.MaxFile)+`"}`), 0o600)
	if out := run(2, "call", "demo-echo", "echo_post", "-d", "@"+big, "--save", "big"); !strings.Contains(out, "not saved, and nothing was sent: this request would be a file of") || !strings.Contains(out, "-d @FILE") {
		t.Errorf("call --save of a body too large: %s", out)
	}
	if _, err := os.Stat(filepath.Join(gwDir, "big.yaml")); err == nil || calls.Load() != before {
		t.Errorf("a request too large to keep was saved (%v) or sent (%d)", err, calls.Load()-before)
	}
	run(0, "requests", "rm", "item")
	if out := run(2, "call", "demo-echo", "echo_post", "-H", "X-Bkapi-Authorization: {}", "--save", "leak"); !strings.Contains(out, "credential in header X-Bkapi-Authorization") {
		t.Errorf("%s", out)
	}
	run(2, "call", "demo-echo", "echo_get", "--save", "greet")
	run(0, "call", "demo-echo", "echo_get", "--save", "greet", "--overwrite")
	if calls.Load() != before+1 {
		t.Fatalf("a refused save sent the request anyway: %d calls", calls.Load()-before)
	}
}

// handEditedRequestFiles: a hand-edited file with a mistake is reported with its line while the
// others still list, show and go.
func handEditedRequestFiles(t *testing.T, run runFunc, gwDir string) {
	t.Helper()
	os.WriteFile(filepath.Join(gwDir, "broken.yaml"), []byte("method: GET\npath: /echo/\nheaders:\n  - nmae: X\n"), 0o644)
	out := run(0, "requests", "list")
	if !strings.Contains(out, "greet") || !strings.Contains(out, "broken.yaml:4") {
		t.Errorf("list: %s", out)
	}
	if out := run(0, "requests", "list", "--jq", ".[].name"); strings.TrimSpace(strings.Split(out, "\n")[0]) != "greet" {
		t.Errorf("list --jq: %q", out)
	}
	if out := run(2, "requests", "list", "--jq", ".[] | {a: "); !strings.Contains(out, "--jq") || !strings.Contains(out, "position") {
		t.Errorf("a bad expression: %s", out)
	}
	if out := run(0, "requests", "show", "greet"); !strings.Contains(out, "path: /echo/") {
		t.Errorf("show: %s", out)
	}
	run(0, "requests", "rm", "greet")
	run(2, "requests", "show", "greet")
	// Left with the broken file alone, the list does not say "no saved request yet".
	if out := run(0, "requests", "list"); strings.Contains(out, "yet") || !strings.Contains(out, "could be read: fix or remove the files above") {
		t.Errorf("list of unreadable files only: %s", out)
	}
	// Named, it is said with its file and line (the file had been left out); rm removes it
	// (rm had refused it for what it held).
	if out := run(2, "requests", "show", "broken"); !strings.Contains(out, "broken.yaml:4: ") || !strings.Contains(out, "nmae") {
		t.Errorf("show of a broken file: %s", out)
	}
	run(0, "requests", "rm", "broken")
	if _, err := os.Stat(filepath.Join(gwDir, "broken.yaml")); !os.IsNotExist(err) {
		t.Errorf("rm left the broken file: %v", err)
	}
	// A credential header typed into a file is refused naming the file and what to do there (it
	// said to leave the header out and import a curl command, with no word of the file).
	leak := filepath.Join(gwDir, "leak.yaml")
	os.WriteFile(leak, []byte("method: GET\npath: /echo/\nheaders:\n  - name: x-bkapi-authorization\n    value: '{}'\n"), 0o600)
	if out := run(2, "requests", "run", "leak"); !strings.Contains(out, leak+": its x-bkapi-authorization header carries a credential") ||
		!strings.Contains(out, "take the header out of the file") {
		t.Errorf("run of a file with a credential: %s", out)
	}
	// Said before any profile is read: the file is what needs mending, whatever the profile.
	if out := run(2, "requests", "run", "leak", "--profile", "nosuch"); !strings.Contains(out, "take the header out of the file") {
		t.Errorf("run of a file with a credential, no such profile: %s", out)
	}
	run(0, "requests", "rm", "leak")
}
